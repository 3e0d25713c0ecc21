import { dataTable, errorText, h, input, select } from '../dom';
import { layout } from '../layout';
import { type Json, api, dueBadge, session } from '../session';

export let inboxView = 'role';
/** The inbox's page (200 tasks a page, most urgent first); back to 1 when the view or a filter changes. */
export let inboxPageNo = 1;
export const INBOX_PAGE_SIZE = 200;
export const inboxFilters: { kind: string; dueWithin: string; overdue: boolean; paused: string } = {
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
      const { items } = await api('GET', `/tasks/${taskId}/assignees`);
      const choose = select(
        'assignee',
        (items as Array<{ id: string; displayName: string; username: string }>).map((u) => ({
          code: u.id,
          label: `${u.displayName}（${u.username}）`,
        })),
        { id: `assign-${taskId}`, style: 'width:auto' },
      );
      const confirm = h('button', { className: 'primary' }, '确定分派');
      confirm.addEventListener('click', () => {
        void act(() => api('POST', `/tasks/${taskId}/assign`, { userId: choose.value }));
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
  const counts = await api('GET', '/tasks/counts');
  const query = new URLSearchParams({
    view: inboxView,
    page: String(inboxPageNo),
    pageSize: String(INBOX_PAGE_SIZE),
  });
  if (inboxFilters.kind) query.set('kind', inboxFilters.kind);
  if (inboxFilters.dueWithin) query.set('dueWithin', inboxFilters.dueWithin);
  if (inboxFilters.overdue) query.set('overdue', 'true');
  if (inboxFilters.paused) query.set('paused', inboxFilters.paused);
  const list = await api('GET', `/tasks?${query}`);
  const pages = Math.max(1, Math.ceil(list.total / INBOX_PAGE_SIZE));
  // A page emptied by work done elsewhere: show the last one there is.
  if (inboxPageNo > pages) {
    inboxPageNo = pages;
    return inboxPage();
  }
  const kindFilter = select('kind', [{ code: '', label: '全部待办类型' }, ...session.reference.taskKinds], {
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
    refilter(() => (inboxFilters.kind = kindFilter.value)),
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
    refilter(() => (inboxFilters.paused = pausedFilter.value)),
  );
  const filters = h(
    'div',
    { className: 'tabs', id: 'filters' },
    kindFilter,
    h('span', {}, '答复期限', dueFilter, '个工作日内'),
    h('label', { style: 'display:inline;font-weight:normal' }, overdueFilter, ' 仅逾期'),
    pausedFilter,
  );
  const message = h('div');
  const running = list.items.filter((t: Json) => !t.application.paused);
  const paused = list.items.filter((t: Json) => t.application.paused);
  const rows = (items: Json[]) =>
    dataTable(
      {},
      ['案号', '申请人', '待办', '办理人', '答复期限', '操作'],
      items.map((t: Json) =>
        h(
          'tr',
          { 'data-task': t.id },
          h('td', {}, h('a', { href: `#/applications/${t.application.id}` }, t.application.caseNumber)),
          h('td', {}, t.application.applicantName),
          h(
            'td',
            {},
            `${t.kindLabel}（${t.roleLabel}）`,
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
            t.state === 'open' && session.me!.roles.includes(t.role)
              ? h('button', { onclick: () => act(() => api('POST', `/tasks/${t.id}/claim`)) }, '领取')
              : null,
            t.state === 'claimed' && t.assignee?.id === session.me!.id
              ? h('button', { onclick: () => act(() => api('POST', `/tasks/${t.id}/release`)) }, '退回')
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
  const tab = (view: string, label: string, n: number) =>
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
                const t = await api('POST', '/tasks/next');
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
