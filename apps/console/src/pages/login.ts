import { text } from '../form-values';
import { dataTable, field, form, h, input } from '../dom';
import { app, call, landingPage, session } from '../session';

// ---------- pages ----------

export function loginPage(): void {
  const f = form(
    [
      field('用户名', input('username', { autocomplete: 'username' })),
      field('密码', input('password', { type: 'password', autocomplete: 'current-password' })),
    ],
    '登录',
    async (data) => {
      const res = await call('POST /api/auth/sign-in', {
        body: { username: text(data, 'username'), password: text(data, 'password') },
      });
      session.token = res.token;
      sessionStorage.setItem('ogi.token', res.token);
      session.me = res.user;
      location.hash = res.user.mustChangePassword ? '#/password' : `#/${landingPage()}`;
    },
  );
  const demoNotice = h('div', {});
  app.replaceChildren(
    h(
      'div',
      { className: 'login card' },
      h('h1', {}, '依申请公开办理平台'),
      h('p', { className: 'muted' }, '请使用本机关分配的账号登录'),
      f,
      demoNotice,
    ),
  );
  // Issue 10: the demo accounts are shown only while the demo is on (never in production).
  void call('GET /api/auth/sign-in-options')
    .then((o) => {
      if (!o.demo || !o.demoAccounts.length) return;
      demoNotice.replaceChildren(
        h(
          'div',
          { className: 'demo-notice', 'data-testid': 'demo-notice' },
          h('p', {}, '演示模式：以下演示账户仅供体验，生产环境不会创建'),
          dataTable(
            {},
            ['用户名', '密码', '身份'],
            o.demoAccounts.map((a) =>
              h('tr', {}, h('td', {}, a.username), h('td', {}, a.password), h('td', {}, a.displayName)),
            ),
          ),
        ),
      );
    })
    .catch(() => undefined);
}
