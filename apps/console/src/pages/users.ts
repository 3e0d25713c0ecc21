import type { AccountEventDto, UserDto } from '../api-types';
import { dataTable, errorText, field, form, h, input, select } from '../dom';
import { optionalText, text } from '../form-values';
import { layout } from '../layout';
import { call, labelIn, reference, roleNames, session, timeInChina } from '../session';

// ---------- 用户管理 and 修改密码 (accounts agencies manage, issue 10) ----------

export let usersPageNo = 1;
/** The user whose panel (修改 / 记录 / the temporary password) is open on the 用户管理 page. */
export let usersPanel: {
  userId: string;
  kind: 'edit' | 'events' | 'password';
  temporaryPassword?: string;
} | null = null;

/** An agency role (角色), as the API names it. */
export type Role = UserDto['roles'][number];
const ROLES: readonly Role[] = ['registrar', 'handler', 'reviewer', 'admin'];

/** A row of role checkboxes (the reference's roles); `values()` answers the ticked ones. */
export function roleChecks(prefix: string, selected: string[]): { el: HTMLElement; values: () => Role[] } {
  const boxes = reference().roles.flatMap(({ code }) => {
    const r = ROLES.find((role) => role === code);
    if (!r) return [];
    const box = h('input', { type: 'checkbox', 'data-role': `${prefix}-${r}`, value: r }) as HTMLInputElement;
    box.checked = selected.includes(r);
    return [{ r, box }];
  });
  return {
    el: h(
      'div',
      { className: 'roles' },
      ...boxes.map(({ r, box }) => h('label', {}, box, labelIn(reference().roles, r))),
    ),
    values: () => boxes.filter((b) => b.box.checked).map((b) => b.r),
  };
}

/** A list of codes in an account event's detail (anything else: none). */
function codes(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A change in an account event's detail: { from, to }, or undefined. */
function change(v: unknown): { from: unknown; to: unknown } | undefined {
  return typeof v === 'object' && v !== null && 'from' in v && 'to' in v ? v : undefined;
}

export function accountEventDetail(e: AccountEventDto): string {
  const d = e.detail;
  if (e.kind === 'created') return `${d.displayName}（${roleNames(codes(d.roles))}）`;
  if (e.kind === 'password_reset') return d.generated ? '系统生成临时密码' : '管理员指定临时密码';
  const parts: string[] = [];
  const roles = change(d.roles);
  const displayName = change(d.displayName);
  if (e.kind === 'updated' && roles)
    parts.push(`角色：${roleNames(codes(roles.from))} → ${roleNames(codes(roles.to))}`);
  if (e.kind === 'updated' && displayName) parts.push(`姓名：${displayName.from} → ${displayName.to}`);
  return parts.join('；');
}

export async function usersPanelView(u: UserDto): Promise<HTMLElement | null> {
  if (!usersPanel || usersPanel.userId !== u.id) return null;
  const close = h('button', { onclick: () => ((usersPanel = null), usersPage()) }, '关闭');
  if (usersPanel.kind === 'password') {
    const temporary = usersPanel.temporaryPassword ?? '';
    usersPanel = null; // shown this once
    return h(
      'div',
      { className: 'card', id: 'user-panel' },
      h('h2', {}, `已重置 ${u.displayName}（${u.username}）的密码`),
      h('p', {}, '临时密码（仅显示这一次，请通过安全渠道告知本人；本人登录后须立即设置新密码）：'),
      h('p', { className: 'temporary-password', id: 'temporary-password' }, temporary),
      close,
    );
  }
  if (usersPanel.kind === 'events') {
    const events = await call('GET /api/users/{id}/events', {
      params: { id: u.id },
      query: { pageSize: 50 },
    });
    return h(
      'div',
      { className: 'card', id: 'user-panel' },
      h('h2', {}, `${u.displayName}（${u.username}）的账号记录`),
      dataTable(
        { id: 'account-events' },
        ['时间', '操作', '操作人', '内容'],
        events.items.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, timeInChina(e.at)),
            h('td', {}, e.kindLabel),
            h('td', {}, e.actor),
            h('td', {}, accountEventDetail(e)),
          ),
        ),
      ),
      close,
    );
  }
  const checks = roleChecks('edit', u.roles);
  const f = form(
    [field('姓名', input('displayName', { value: u.displayName })), field('角色', checks.el)],
    '保存',
    async (data) => {
      await call('PATCH /api/users/{id}', {
        params: { id: u.id },
        body: { displayName: text(data, 'displayName'), roles: checks.values() },
      });
      usersPanel = null;
      await usersPage();
    },
  );
  return h('div', { className: 'card', id: 'user-panel' }, h('h2', {}, `修改 ${u.username}`), f, close);
}

/** Admins: the accounts of their agency and the agencies under it. */
export async function usersPage(): Promise<void> {
  const [list, agencies] = await Promise.all([
    call('GET /api/users', { query: { includeSubAgencies: 'true', pageSize: 20, page: usersPageNo } }),
    call('GET /api/agencies'),
  ]);
  const message = h('div');
  /** Runs an account action (停用, 启用, 重置密码), then shows the page again. */
  const act = (run: () => Promise<unknown>) => async () => {
    try {
      usersPanel = null;
      await run();
      await usersPage();
    } catch (err) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
    }
  };
  const rows: HTMLElement[] = [];
  let panel: HTMLElement | null = null;
  for (const u of list.items) {
    rows.push(
      h(
        'tr',
        { 'data-user': u.username },
        h('td', {}, u.username),
        h('td', {}, u.displayName),
        h('td', {}, u.agencyName),
        h('td', {}, roleNames(u.roles)),
        h(
          'td',
          {},
          u.active ? '在用' : h('span', { className: 'due-overdue' }, '已停用'),
          u.mustChangePassword ? h('span', { className: 'due-soon' }, ' 待修改密码') : null,
        ),
        h('td', {}, timeInChina(u.lastSignInAt)),
        h(
          'td',
          {},
          h(
            'button',
            { onclick: () => ((usersPanel = { userId: u.id, kind: 'edit' }), usersPage()) },
            '修改',
          ),
          u.id === session.me?.id
            ? null
            : u.active
              ? h(
                  'button',
                  { onclick: act(() => call('POST /api/users/{id}/deactivate', { params: { id: u.id } })) },
                  '停用',
                )
              : h(
                  'button',
                  { onclick: act(() => call('POST /api/users/{id}/reactivate', { params: { id: u.id } })) },
                  '启用',
                ),
          u.id === session.me?.id
            ? null
            : h(
                'button',
                {
                  onclick: act(async () => {
                    const res = await call('POST /api/users/{id}/reset-password', {
                      params: { id: u.id },
                      body: {},
                    });
                    usersPanel = { userId: u.id, kind: 'password', temporaryPassword: res.temporaryPassword };
                  }),
                },
                '重置密码',
              ),
          h(
            'button',
            { onclick: () => ((usersPanel = { userId: u.id, kind: 'events' }), usersPage()) },
            '记录',
          ),
        ),
      ),
    );
    panel ??= await usersPanelView(u);
  }
  const agencyOptions = agencies.map((a) => ({
    code: a.id,
    label: a.id === session.me?.agencyId ? `${a.name}（本机关）` : a.name,
  }));
  agencyOptions.sort((a, b) =>
    a.code === session.me?.agencyId ? -1 : b.code === session.me?.agencyId ? 1 : 0,
  );
  const createChecks = roleChecks('create', []);
  const createForm = form(
    [
      field(
        '所属机关',
        select('agencyId', agencyOptions),
        '为下属机关开设首个账号时，选择该机关并勾选“管理员”',
      ),
      field('用户名', input('username', { autocomplete: 'off' }), '2–64 位小写字母、数字或 . _ -'),
      field('姓名', input('displayName')),
      field(
        '初始密码',
        input('password', { type: 'password', autocomplete: 'new-password' }),
        '至少 10 个字符',
      ),
      field('角色', createChecks.el),
    ],
    '新建用户',
    async (data) => {
      await call('POST /api/users', {
        body: {
          agencyId: optionalText(data, 'agencyId'),
          username: text(data, 'username'),
          displayName: text(data, 'displayName'),
          password: text(data, 'password'),
          roles: createChecks.values(),
        },
      });
      await usersPage();
    },
  );
  const agencyForm = form(
    [
      field('机关代码', input('code'), '2–64 位小写字母、数字或 -，如 xx-county-education'),
      field('机关名称', input('name')),
    ],
    '新增下属机关',
    async (data) => {
      await call('POST /api/agencies', {
        body: { code: text(data, 'code'), name: text(data, 'name') },
      });
      await usersPage();
    },
  );
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  await layout(
    'users',
    h(
      'div',
      {},
      h('h1', {}, `用户管理（共 ${list.total} 个账号）`),
      h(
        'p',
        { className: 'muted' },
        '本机关及下属机关的账号。停用后该账号立即退出登录；重置密码后本人须在下次登录时设置新密码。',
      ),
      message,
      dataTable({ id: 'users' }, ['用户名', '姓名', '机关', '角色', '状态', '最近登录', '操作'], rows),
      pages > 1
        ? h(
            'div',
            { className: 'tabs' },
            h(
              'button',
              { disabled: usersPageNo <= 1, onclick: () => (usersPageNo--, usersPage()) },
              '上一页',
            ),
            ` 第 ${usersPageNo} / ${pages} 页 `,
            h(
              'button',
              { disabled: usersPageNo >= pages, onclick: () => (usersPageNo++, usersPage()) },
              '下一页',
            ),
          )
        : null,
      panel,
      h('div', { className: 'card' }, h('h2', {}, '新建用户'), createForm),
      h('div', { className: 'card' }, h('h2', {}, '新增下属机关'), agencyForm),
    ),
  );
}
