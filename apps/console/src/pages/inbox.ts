import { isCode } from '../form-values';
import type { Operations, TaskDto } from '../api-types';
import { dataTable, errorText, h, input, select } from '../dom';
import { exportButtons } from '../files';
import { layout } from '../layout';
import { call, dueBadge, reference, session } from '../session';

type TaskQuery = Operations['GET /api/tasks']['query'];
type InboxView = NonNullable<TaskQuery['view']>;

/** The task kinds the inbox filters by (the select lists the server's, GET /api/reference). */
const TASK_KINDS: Record<TaskDto['kind'], true> = {
  accept: true,
  draft_decision: true,
  approve_decision: true,
  deliver: true,
  record_supplement: true,
  handle_consultation_reply: true,
  record_payment: true,
  review_case: true,
  reroute: true,
  department_sign: true,
  department_contribute: true,
};
const PAUSED: Record<NonNullable<TaskQuery['paused']>, true> = { true: true, false: true };

export let inboxView: InboxView = 'role';
/** The inbox's page (200 tasks a page, most urgent first); back to 1 when the view or a filter changes. */
export let inboxPageNo = 1;
export const INBOX_PAGE_SIZE = 200;
export const inboxFilters: {
  kind: TaskDto['kind'] | '';
  dueWithin: string;
  overdue: boolean;
  paused: NonNullable<TaskQuery['paused']> | '';
} = {
  kind: '',
  dueWithin: '',
  overdue: false,
  paused: '',
};

/** 分派: a reviewer or admin gives the task to a colleague holding its role (listed by the server). */
export function assignControl(
  taskId: string,
  act: (fn: () => Promise<unknown>) => Promise<void>,
): HTMLElement {
  const box = h('span', { className: 'assign', 'data-assign': taskId });
  const start = h('button', {}, '分派');
  start.addEventListener('click', async () => {
    try {
      const { items } = await call('GET /api/tasks/{id}/assignees', { params: { id: taskId } });
      const choose = select(
        'assignee',
        items.map((u) => ({
          code: u.id,
          label: `${u.displayName}（${u.username}）`,
        })),
        { id: `assign-${taskId}`, style: 'width:auto' },
      );
      const confirm = h('button', { className: 'primary' }, '确定分派');
      confirm.addEventListener('click', () => {
        void act(() =>
          call('POST /api/tasks/{id}/assign', { params: { id: taskId }, body: { userId: choose.value } }),
        );
      });
      box.replaceChildren(choose, ' ', confirm);
    } catch (err) {
      box.replaceChildren(h('span', { className: 'error', role: 'alert' }, errorText(err)));
    }
  });
  box.append(start);
  return box;
}

export async function inboxPage(): Promise<void> {
  const isManager = session.me!.roles.includes('reviewer') || session.me!.roles.includes('admin');
  const counts = await call('GET /api/tasks/counts');
  const query: TaskQuery = { view: inboxView, page: inboxPageNo, pageSize: INBOX_PAGE_SIZE };
  if (inboxFilters.kind) query.kind = inboxFilters.kind;
  if (inboxFilters.dueWithin) query.dueWithin = inboxFilters.dueWithin;
  if (inboxFilters.overdue) query.overdue = 'true';
  if (inboxFilters.paused) query.paused = inboxFilters.paused;
  const list = await call('GET /api/tasks', { query });
  const pages = Math.max(1, Math.ceil(list.total / INBOX_PAGE_SIZE));
  // A page emptied by work done elsewhere: show the last one there is.
  if (inboxPageNo > pages) {
    inboxPageNo = pages;
    return inboxPage();
  }
  const kindFilter = select('kind', [{ code: '', label: '全部待办类型' }, ...reference().taskKinds], {
    style: 'width:auto',
  });
  kindFilter.value = inboxFilters.kind;
  const refilter = (change: () => void) => () => {
    change();
    inboxPageNo = 1;
    void inboxPage();
  };
  kindFilter.addEventListener(
    'change',
    refilter(() => (inboxFilters.kind = isCode(kindFilter.value, TASK_KINDS) ? kindFilter.value : '')),
  );
  const dueFilter = input('dueWithin', {
    type: 'number',
    min: 0,
    placeholder: 'N',
    value: inboxFilters.dueWithin,
    style: 'width:70px',
  });
  dueFilter.addEventListener(
    'change',
    refilter(() => (inboxFilters.dueWithin = dueFilter.value)),
  );
  const overdueFilter = input('overdue', { type: 'checkbox', style: 'width:auto' });
  overdueFilter.checked = inboxFilters.overdue;
  overdueFilter.addEventListener(
    'change',
    refilter(() => (inboxFilters.overdue = overdueFilter.checked)),
  );
  const pausedFilter = select(
    'paused',
    [
      { code: '', label: '含暂停' },
      { code: 'false', label: '仅计时中' },
      { code: 'true', label: '仅暂停' },
    ],
    { style: 'width:auto' },
  );
  pausedFilter.value = inboxFilters.paused;
  pausedFilter.addEventListener(
    'change',
    refilter(() => (inboxFilters.paused = isCode(pausedFilter.value, PAUSED) ? pausedFilter.value : '')),
  );
  const filters = h(
    'div',
    { className: 'tabs', id: 'filters' },
    kindFilter,
    h('span', {}, '答复期限', dueFilter, '个工作日内'),
    h('label', { style: 'display:inline;font-weight:normal' }, overdueFilter, ' 仅逾期'),
    pausedFilter,
    // 导出: the view with its filters, every page of it (issue 16).
    exportButtons(
      '/tasks/export',
      () => ({
        view: query.view,
        kind: query.kind,
        dueWithin: query.dueWithin,
        overdue: query.overdue,
        paused: query.paused,
      }),
      inboxFilters.overdue ? '超期待办清单' : '待办清单',
    ),
  );
  const message = h('div');
  const running = list.items.filter((t) => !t.application.paused);
  const paused = list.items.filter((t) => t.application.paused);
  const rows = (items: TaskDto[]) =>
    dataTable(
      {},
      ['案号', '申请人', '待办', '办理人', '答复期限', '操作'],
      items.map((t) =>
        h(
          'tr',
          { 'data-task': t.id },
          h('td', {}, h('a', { href: `#/applications/${t.application.id}` }, t.application.caseNumber)),
          h('td', {}, t.application.applicantName),
          h(
            'td',
            {},
            `${t.kindLabel}（${t.department ? (t.department.name ?? '科室') : t.roleLabel}）`,
            t.reviewCase
              ? h(
                  'div',
                  { className: 'hint' },
                  `${t.reviewCase.kindLabel}：${t.reviewCase.body}，${t.reviewCase.filedOn} 申请/起诉`,
                )
              : null,
          ),
          h('td', {}, t.assignee ? t.assignee.displayName : h('span', { className: 'muted' }, '未领取')),
          h('td', {}, dueBadge(t.application)),
          h(
            'td',
            {},
            t.state === 'open' &&
              (t.department ? inboxView === 'department' : session.me!.roles.includes(t.role))
              ? h(
                  'button',
                  { onclick: () => act(() => call('POST /api/tasks/{id}/claim', { params: { id: t.id } })) },
                  '领取',
                )
              : null,
            t.state === 'claimed' && t.assignee?.id === session.me!.id
              ? h(
                  'button',
                  {
                    onclick: () => act(() => call('POST /api/tasks/{id}/release', { params: { id: t.id } })),
                  },
                  '退回',
                )
              : null,
            isManager ? assignControl(t.id, act) : null,
            ' ',
            h('a', { href: `#/applications/${t.application.id}` }, '办理'),
          ),
        ),
      ),
    );
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await inboxPage();
    } catch (err) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
    }
  };
  const tab = (view: InboxView, label: string, n: number) =>
    h(
      'button',
      {
        className: view === inboxView ? 'on' : '',
        onclick: () => ((inboxView = view), (inboxPageNo = 1), inboxPage()),
      },
      label,
      h('span', { className: 'badge' }, n),
    );
  await layout(
    'inbox',
    h(
      'div',
      {},
      h('h1', {}, '待办'),
      h(
        'div',
        { className: 'tabs' },
        tab('mine', '我的待办', counts.mine),
        tab('role', '待领取', counts.role),
        // Issue 16: the tasks of the departments the user belongs to (签收, 协办意见).
        tab('department', '本科室待办', counts.department),
        isManager ? tab('agency', '全机关', counts.agency) : null,
        h(
          'span',
          { className: 'muted', style: 'margin-left:12px' },
          `逾期 ${counts.overdue} · 三个工作日内到期 ${counts.dueSoon} · 暂停 ${counts.paused}`,
        ),
        h(
          'button',
          {
            className: 'primary',
            style: 'margin-left:auto',
            onclick: async () => {
              try {
                const t = await call('POST /api/tasks/next');
                location.hash = `#/applications/${t.application.id}`;
              } catch (err) {
                message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
              }
            },
          },
          '领取最紧急的待办',
        ),
      ),
      filters,
      message,
      running.length ? rows(running) : h('p', { className: 'muted' }, '没有待办'),
      paused.length ? h('div', {}, h('h2', {}, '暂停计算中（征求意见、缴费）'), rows(paused)) : null,
      pages > 1
        ? h(
            'div',
            { className: 'tabs', id: 'inbox-pages' },
            h(
              'button',
              { disabled: inboxPageNo <= 1, onclick: () => (inboxPageNo--, inboxPage()) },
              '上一页',
            ),
            ` 第 ${inboxPageNo} / ${pages} 页（共 ${list.total} 条） `,
            h(
              'button',
              { disabled: inboxPageNo >= pages, onclick: () => (inboxPageNo++, inboxPage()) },
              '下一页',
            ),
          )
        : null,
    ),
  );
}
