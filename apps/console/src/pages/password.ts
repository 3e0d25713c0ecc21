import { text } from '../form-values';
import { ApiError, field, form, h, input } from '../dom';
import { layout, signOut } from '../layout';
import { route } from '../router';
import { app, call, landingPage, session } from '../session';

/** Everyone: change one's own password; after a reset, the only page until it is done. */
export async function passwordPage(): Promise<void> {
  const forced = !!session.me?.mustChangePassword;
  const done = h('div');
  const f = form(
    [
      field(
        forced ? '临时密码' : '当前密码',
        input('currentPassword', { type: 'password', autocomplete: 'current-password' }),
      ),
      field(
        '新密码',
        input('newPassword', { type: 'password', autocomplete: 'new-password' }),
        '至少 10 个字符',
      ),
      field('再次输入新密码', input('confirmPassword', { type: 'password', autocomplete: 'new-password' })),
    ],
    '修改密码',
    async (data) => {
      if (text(data, 'newPassword') !== text(data, 'confirmPassword'))
        throw new ApiError(400, { message: '两次输入的新密码不一致' });
      await call('POST /api/auth/password', {
        body: { currentPassword: text(data, 'currentPassword'), newPassword: text(data, 'newPassword') },
      });
      session.me = await call('GET /api/auth/me');
      if (forced) {
        const landing = `#/${landingPage()}`;
        const already = location.hash === landing;
        location.hash = landing;
        if (already) await route();
        return;
      }
      done.replaceChildren(
        h('div', { className: 'ok', role: 'status' }, '密码已修改，其他设备上的登录已退出。'),
      );
    },
  );
  const body = h(
    'div',
    {},
    h('h1', {}, '修改密码'),
    forced
      ? h('div', { className: 'error', role: 'alert' }, '管理员已重置您的密码，请先设置新密码后再继续使用。')
      : h('p', { className: 'muted' }, '修改后，您在其他设备上的登录将退出，本次登录保持有效。'),
    f,
    done,
  );
  if (forced) {
    app.replaceChildren(
      h('div', { className: 'login card' }, body, h('button', { onclick: signOut }, '退出')),
    );
    return;
  }
  await layout('password', h('div', { className: 'card' }, body));
}
