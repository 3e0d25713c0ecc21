import { h } from './dom';
import { app, call, labelIn, session } from './session';

// ---------- layout ----------

export async function layout(active: string, content: HTMLElement): Promise<void> {
  const counts = await call('GET /api/tasks/counts').catch(() => null);
  const nav: Array<[string, string, number | null]> = [
    ['dashboard', '一览', null], // issue 15
    ['inbox', '待办', counts ? counts.mine + counts.role + counts.department : null],
    ['register', '登记申请', null],
    ['applications', '申请列表', null],
    ['notifications', '提醒', null],
    ['report', '年度报告', null],
    ['disclosure', '主动公开', null], // issue 8: table 二
    ['carry-over', '年度结转', null],
  ];
  // Issue 16: 督办 for reviewers and admins.
  if (session.me?.roles.includes('reviewer') || session.me?.roles.includes('admin'))
    nav.splice(2, 0, ['supervision', '督办', null]);
  if (session.me?.platformAdmin && !session.me.roles.includes('admin'))
    nav.push(['calendar', '工作日历', null]);
  if (session.me?.roles.includes('admin')) {
    nav.push(['users', '用户管理', null]); // issue 10
    nav.push(['departments', '科室管理', null]); // issue 16
    nav.push(['imports', '历史数据导入', null]); // issue 11
    nav.push(['notice-template', '文书模板', null]); // issue 11
    nav.push(['calendar', '工作日历', null]);
    const stuck = await call('GET /api/admin/stuck-cases', { query: { pageSize: 1 } }).catch(() => null);
    nav.push(['stuck', '卡住的申请', stuck ? stuck.total : null]);
  }
  app.replaceChildren(
    h(
      'header',
      {},
      h('span', { className: 'brand' }, '依申请公开办理平台'),
      h(
        'nav',
        {},
        ...nav.map(([k, label, n]) =>
          h(
            'a',
            { href: `#/${k}`, className: k === active ? 'active' : '' },
            label,
            n ? h('span', { className: 'badge' }, n) : null,
          ),
        ),
      ),
      h(
        'span',
        { className: 'who' },
        `${session.me?.displayName ?? ''}（${[
          ...(session.me?.platformAdmin ? ['平台管理员'] : []),
          ...(session.me?.roles ?? []).map((r) => labelIn(session.reference?.roles, r)),
        ].join('、')}）`,
        h('a', { href: '#/password', className: active === 'password' ? 'active' : '' }, '修改密码'),
        h('button', { onclick: signOut }, '退出'),
      ),
    ),
    h('main', {}, content),
  );
}

export async function signOut(): Promise<void> {
  await call('POST /api/auth/sign-out').catch(() => undefined);
  session.token = null;
  sessionStorage.removeItem('ogi.token');
  location.hash = '#/login';
}
