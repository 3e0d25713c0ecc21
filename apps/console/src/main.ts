/**
 * The staff console (依申请公开办理平台): a small single-page app in Chinese on top of the API.
 * Hash routes: #/inbox, #/register, #/applications, #/applications/{id}, #/notifications, #/report,
 * #/calendar, #/stuck, #/disclosure, #/carry-over, #/users, #/password. The session token stays in sessionStorage (closing the browser signs out).
 */

import { actionForms } from './action-forms';
import { ApiError, dataTable, errorText, field, form, h, input, select, today } from './dom';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Me {
  id: string;
  username: string;
  displayName: string;
  agencyId: string;
  roles: string[];
  mustChangePassword?: boolean;
  /** 平台管理员: enters the national working-day calendar (not an agency role). */
  platformAdmin?: boolean;
}

let token = sessionStorage.getItem('ogi.token');
let me: Me | null = null;
let reference: Json = null;
const app = document.getElementById('app')!;

// ---------- helpers ----------

/** The label of a code in one of the server's code lists (GET /api/reference). */
function labelIn(list: Array<{ code: string; label: string }> | undefined, code: string): string {
  return list?.find((x) => x.code === code)?.label ?? code;
}

async function api(method: string, path: string, body?: unknown): Promise<Json> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (res.status === 401 && path !== '/auth/sign-in') {
    token = null;
    sessionStorage.removeItem('ogi.token');
    location.hash = '#/login';
  }
  if (res.status === 403 && data?.code === 'PASSWORD_CHANGE_REQUIRED') {
    if (me) me.mustChangePassword = true;
    location.hash = '#/password';
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function dueBadge(a: {
  replyDueOn: string | null;
  paused?: boolean;
  workingDaysLeft?: number | null;
  replyDueProvisional?: boolean;
}): HTMLElement {
  if (!a.replyDueOn) return h('span', { className: 'muted' }, '—');
  const left = a.workingDaysLeft;
  const provisional = a.replyDueProvisional ? '（暂定）' : '';
  if (a.paused) return h('span', { className: 'due-paused' }, `${a.replyDueOn} 暂停计算中${provisional}`);
  if (left === null || left === undefined) return h('span', {}, a.replyDueOn + provisional);
  if (left < 0) return h('span', { className: 'due-overdue' }, `${a.replyDueOn} 已逾期 ${-left} 个工作日`);
  const cls = left <= 3 ? 'due-soon' : 'due-ok';
  return h('span', { className: cls }, `${a.replyDueOn}（剩 ${left} 个工作日）${provisional}`);
}

// ---------- layout ----------

async function layout(active: string, content: HTMLElement): Promise<void> {
  const counts = await api('GET', '/tasks/counts').catch(() => null);
  const nav: Array<[string, string, number | null]> = [
    ['inbox', '待办', counts ? counts.mine + counts.role : null],
    ['register', '登记申请', null],
    ['applications', '申请列表', null],
    ['notifications', '提醒', null],
    ['report', '年度报告', null],
    ['disclosure', '主动公开', null], // issue 8: table 二
    ['carry-over', '年度结转', null],
  ];
  if (me?.platformAdmin && !me.roles.includes('admin')) nav.push(['calendar', '工作日历', null]);
  if (me?.roles.includes('admin')) {
    nav.push(['users', '用户管理', null]); // issue 10
    nav.push(['imports', '历史数据导入', null]); // issue 11
    nav.push(['notice-template', '文书模板', null]); // issue 11
    nav.push(['calendar', '工作日历', null]);
    const stuck = await api('GET', '/admin/stuck-cases?pageSize=1').catch(() => null);
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
        `${me?.displayName ?? ''}（${[
          ...(me?.platformAdmin ? ['平台管理员'] : []),
          ...(me?.roles ?? []).map((r) => labelIn(reference?.roles, r)),
        ].join('、')}）`,
        h('a', { href: '#/password', className: active === 'password' ? 'active' : '' }, '修改密码'),
        h('button', { onclick: signOut }, '退出'),
      ),
    ),
    h('main', {}, content),
  );
}

async function signOut(): Promise<void> {
  await api('POST', '/auth/sign-out').catch(() => undefined);
  token = null;
  sessionStorage.removeItem('ogi.token');
  location.hash = '#/login';
}

// ---------- pages ----------

function loginPage(): void {
  const f = form(
    [
      field('用户名', input('username', { autocomplete: 'username' })),
      field('密码', input('password', { type: 'password', autocomplete: 'current-password' })),
    ],
    '登录',
    async (data) => {
      const res = await api('POST', '/auth/sign-in', data);
      token = res.token;
      sessionStorage.setItem('ogi.token', res.token);
      me = res.user;
      location.hash = res.user.mustChangePassword ? '#/password' : '#/inbox';
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
  void api('GET', '/auth/sign-in-options')
    .then((o: Json) => {
      if (!o?.demo || !Array.isArray(o.demoAccounts) || !o.demoAccounts.length) return;
      demoNotice.replaceChildren(
        h(
          'div',
          { className: 'demo-notice', 'data-testid': 'demo-notice' },
          h('p', {}, '演示模式：以下演示账户仅供体验，生产环境不会创建'),
          dataTable(
            {},
            ['用户名', '密码', '身份'],
            o.demoAccounts.map((a: Json) =>
              h('tr', {}, h('td', {}, a.username), h('td', {}, a.password), h('td', {}, a.displayName)),
            ),
          ),
        ),
      );
    })
    .catch(() => undefined);
}

let inboxView = 'role';
/** The inbox's page (200 tasks a page, most urgent first); back to 1 when the view or a filter changes. */
let inboxPageNo = 1;
const INBOX_PAGE_SIZE = 200;
const inboxFilters: { kind: string; dueWithin: string; overdue: boolean; paused: string } = {
  kind: '',
  dueWithin: '',
  overdue: false,
  paused: '',
};

/** 分派: a reviewer or admin gives the task to a colleague holding its role (listed by the server). */
function assignControl(taskId: string, act: (fn: () => Promise<unknown>) => Promise<void>): HTMLElement {
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

async function inboxPage(): Promise<void> {
  const isManager = me!.roles.includes('reviewer') || me!.roles.includes('admin');
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
  const kindFilter = select('kind', [{ code: '', label: '全部待办类型' }, ...reference.taskKinds], {
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
            t.state === 'open' && me!.roles.includes(t.role)
              ? h('button', { onclick: () => act(() => api('POST', `/tasks/${t.id}/claim`)) }, '领取')
              : null,
            t.state === 'claimed' && t.assignee?.id === me!.id
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

async function registerPage(): Promise<void> {
  const channelRule = h('p', { className: 'hint', id: 'channel-rule' }, reference.channels[0].receiptRule);
  const channel = select('channel', reference.channels);
  channel.addEventListener('change', () => {
    channelRule.textContent = reference.channels.find((c: Json) => c.code === channel.value).receiptRule;
  });
  const f = form(
    [
      field('申请人姓名或名称', input('applicantName')),
      field('申请人类型', select('applicantType', reference.applicantTypes)),
      field('证件号码', input('applicantIdNumber')),
      field('联系方式', input('applicantContact')),
      field('申请渠道', channel),
      h(
        'div',
        {},
        h('label', {}, '收到申请日期'),
        input('receivedOn', { type: 'date', value: today(), max: today() }),
        channelRule,
      ),
      field('收到凭证（签收单、快递单号、平台确认等）', input('receiptEvidence')),
      field('所需信息的内容描述', h('textarea', { name: 'informationSought', id: 'f-informationSought' })),
      field('获取信息的方式', input('deliveryPreference'), '如：纸质、电子邮件、邮寄'),
    ],
    '登记',
    async (data) => {
      const created = await api('POST', '/applications', data);
      location.hash = `#/applications/${created.id}`;
    },
  );
  await layout('register', h('div', { className: 'card' }, h('h1', {}, '登记收到申请'), f));
}

async function applicationsPage(): Promise<void> {
  const list = await api('GET', '/applications?pageSize=100');
  await layout(
    'applications',
    h(
      'div',
      {},
      h('h1', {}, `申请列表（共 ${list.total} 件）`),
      dataTable(
        {},
        ['案号', '申请人', '收到日期', '状态', '答复期限', '办理结果'],
        list.items.map((a: Json) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/applications/${a.id}` }, a.caseNumber)),
            h('td', {}, a.applicantName),
            h('td', {}, a.receivedOn),
            h('td', {}, a.statusLabel),
            h('td', {}, dueBadge(a)),
            h('td', {}, a.outcomeLabel ?? ''),
          ),
        ),
      ),
    ),
  );
}

// ---------- reconsideration and litigation (行政复议与行政诉讼, issue 8) ----------

const REOPEN_STATE_LABELS: Record<string, string> = {
  requested: '已提交，等待重新办理',
  started: '正在重新办理',
  reopened: '已重新办理',
};

/** The form recording (or correcting) a case's result; 纠正 shows the reopening fields. */
function reviewResultForm(a: Json, c: Json, reload: () => Promise<void>, correcting: boolean): HTMLElement {
  const concluded = ['delivered', 'abandoned', 'withdrawn'].includes(a.status);
  const result = select('result', reference.reviewResults);
  const reopenFields = h(
    'div',
    { className: 'reopen-fields', hidden: true },
    h(
      'p',
      { className: 'hint' },
      concluded
        ? '结果纠正的，可重新办理原申请：自收到纠正决定之日起重新计算答复期限（20个工作日，或复议机关、法院确定的期限）'
        : '原申请尚未办结，登记结果后继续在原流程中办理',
    ),
    concluded
      ? field('收到纠正决定之日（重新办理）', input('reopenedOn', { type: 'date', max: today() }))
      : null,
    concluded
      ? field(
          '复议机关或法院确定的答复期限（可选）',
          input('replyDueOn', { type: 'date' }),
          '不填则为20个工作日',
        )
      : null,
  );
  result.addEventListener('change', () => (reopenFields.hidden = result.value !== 'corrected'));
  const fields = [
    field('结果', result),
    field('审结日期', input('resultOn', { type: 'date', value: today(), max: today() })),
    field('备注', input('note')),
    correcting ? field('更正理由', input('reason')) : null,
    reopenFields,
  ].filter((x): x is HTMLElement => x !== null);
  return h(
    'details',
    { 'data-review-result': c.id },
    h('summary', {}, correcting ? '更正结果' : '登记结果'),
    form(fields, correcting ? '更正结果' : '登记结果', async (data) => {
      const { reopenedOn, replyDueOn, ...body } = data;
      if (body.result === 'corrected' && reopenedOn) {
        body.reopen = { reopenedOn, ...(replyDueOn ? { replyDueOn } : {}) };
      }
      await api('POST', `/review-cases/${c.id}/result`, body);
      await reload();
    }),
  );
}

/** The application page's section 正式文书: each notice with its number, downloads and delivery (issue 11). */
function noticesSection(a: Json, reload: () => Promise<void>): HTMLElement {
  const notices: Json[] = a.notices ?? [];
  const mayDeliver = me!.roles.includes('registrar') || me!.roles.includes('handler');
  const message = h('span', { className: 'hint' });
  const run = (work: () => Promise<void>) => () => {
    message.textContent = '';
    work().catch((err) => (message.textContent = errorText(err)));
  };
  const fileName = (n: Json, ext: string) => `${n.title}（${n.number}）.${ext}`;
  const rows = notices.map((n: Json) =>
    h(
      'tr',
      { 'data-notice': n.id },
      h('td', {}, n.kindLabel),
      h('td', {}, n.number),
      h('td', {}, n.issuedOn),
      h('td', {}, n.addressee),
      h(
        'td',
        {},
        n.deliveredOn
          ? `${n.deliveryMethodLabel} ${n.deliveredOn}`
          : mayDeliver
            ? form(
                [
                  // Ids of their own: the 送达 action form has a deliveredOn field too.
                  select('method', reference.deliveryMethods, { id: `notice-${n.id}-method` }),
                  input('deliveredOn', {
                    id: `notice-${n.id}-deliveredOn`,
                    type: 'date',
                    value: today(),
                    max: today(),
                    min: n.issuedOn,
                  }),
                ],
                '登记送达',
                async (data) => {
                  await api('POST', `/applications/${a.id}/notices/${n.id}/delivery`, data);
                  await reload();
                },
              )
            : '未送达',
      ),
      h(
        'td',
        {},
        h(
          'button',
          {
            onclick: run(() =>
              downloadFile(`/applications/${a.id}/notices/${n.id}.docx`, fileName(n, 'docx')),
            ),
          },
          'Word',
        ),
        ' ',
        h(
          'button',
          {
            onclick: run(() => downloadFile(`/applications/${a.id}/notices/${n.id}.pdf`, fileName(n, 'pdf'))),
          },
          'PDF',
        ),
      ),
    ),
  );
  return h(
    'div',
    { className: 'card', id: 'notices' },
    h('h2', {}, '正式文书'),
    notices.length
      ? dataTable({}, ['文书', '文号', '日期', '主送', '送达', '下载'], rows)
      : h('p', { className: 'muted' }, '本申请尚无正式文书'),
    message,
  );
}

/** The application page's section 行政复议与行政诉讼: its cases, recording one, recording results. */
function reviewCasesSection(a: Json, cases: Json[], reload: () => Promise<void>): HTMLElement {
  const manager = me!.roles.includes('reviewer') || me!.roles.includes('admin');
  const rows = cases.map((c: Json) =>
    h(
      'tr',
      { 'data-review-case': c.id },
      h('td', {}, c.kindLabel),
      h('td', {}, c.filedOn),
      h('td', {}, c.body, c.reference ? h('div', { className: 'hint' }, c.reference) : null),
      h(
        'td',
        {},
        c.resultLabel,
        c.corrections.length ? h('div', { className: 'hint' }, `已更正 ${c.corrections.length} 次`) : null,
      ),
      h('td', {}, c.resultOn ?? '—'),
      h(
        'td',
        {},
        c.reopen
          ? `${REOPEN_STATE_LABELS[c.reopen.state] ?? c.reopen.state}（${c.reopen.reopenedOn}${c.reopen.replyDueOn ? `，期限 ${c.reopen.replyDueOn}` : ''}）`
          : '—',
      ),
      h(
        'td',
        {},
        c.pending
          ? reviewResultForm(a, c, reload, false)
          : manager && !c.reopen
            ? reviewResultForm(a, c, reload, true)
            : null,
      ),
    ),
  );
  const create = form(
    [
      field('类型', select('kind', reference.reviewCaseKinds)),
      field('申请复议或起诉之日', input('filedOn', { type: 'date', value: today(), max: today() })),
      field('复议机关或人民法院', input('body')),
      field('案号或文号（可选）', input('reference')),
      field('备注（可选）', input('note')),
    ],
    '登记',
    async (data) => {
      await api('POST', `/applications/${a.id}/review-cases`, data);
      await reload();
    },
  );
  return h(
    'div',
    { className: 'card', id: 'review-cases' },
    h('h2', {}, '行政复议与行政诉讼'),
    cases.length
      ? dataTable(
          {},
          ['类型', '申请/起诉日期', '复议机关/法院', '结果', '审结日期', '重新办理', '操作'],
          rows,
        )
      : h('p', { className: 'muted' }, '本申请没有行政复议或行政诉讼案件'),
    h('details', { 'data-action': 'review-case' }, h('summary', {}, '登记行政复议或行政诉讼'), create),
  );
}

async function applicationPage(id: string): Promise<void> {
  const [a, d, reviewCases] = await Promise.all([
    api('GET', `/applications/${id}`),
    api('GET', `/applications/${id}/deadlines`),
    api('GET', `/applications/${id}/review-cases`).catch(() => ({ items: [] })),
  ]);
  const reload = () => applicationPage(id);
  const forms = actionForms(a.actions, async (path, body) => {
    await api('POST', `/applications/${a.id}/${path}`, body);
    await reload();
  });
  await layout(
    'applications',
    h(
      'div',
      {},
      h('h1', {}, `申请 ${a.caseNumber} · `, h('span', { id: 'status' }, a.statusLabel)),
      h(
        'div',
        { className: 'grid' },
        h(
          'div',
          { className: 'card' },
          h('h2', {}, '申请信息'),
          h(
            'p',
            {},
            `申请人：${a.applicantName}（${reference.applicantTypes.find((t: Json) => t.code === a.applicantType)?.label ?? a.applicantType}）`,
          ),
          h(
            'p',
            {},
            `渠道：${reference.channels.find((c: Json) => c.code === a.channel)?.label ?? a.channel}；收到日期：${a.receivedOn}`,
          ),
          h('p', {}, `所需信息：${a.informationSought}`),
          a.outcomeLabel
            ? h('p', {}, `办理结果：${a.outcomeLabel}${a.concludedOn ? `（${a.concludedOn} 办结）` : ''}`)
            : null,
          h('h2', {}, '答复期限'),
          d?.reply
            ? h(
                'p',
                { id: 'reply-status' },
                dueBadge({ ...a, workingDaysLeft: d.reply.workingDaysLeft }),
                ' ',
                d.reply.statusText,
              )
            : null,
          d?.reply
            ? h(
                'ol',
                { className: 'steps', id: 'derivation' },
                ...d.reply.steps.map((s: Json) => h('li', {}, s.text)),
              )
            : null,
          d?.supplementNotice ? h('p', { className: 'hint' }, d.supplementNotice.explanation) : null,
          d?.supplement ? h('p', { className: 'hint' }, d.supplement.explanation) : null,
          ...(d?.consultations ?? []).map((c: Json) => h('p', { className: 'hint' }, c.explanation)),
          d?.fee ? h('p', { className: 'hint' }, d.fee.explanation) : null,
        ),
        h(
          'div',
          {},
          h(
            'div',
            { className: 'card actions' },
            h('h2', {}, '办理'),
            ...(forms.length ? forms : [h('p', { className: 'muted' }, '当前没有您可以办理的事项')]),
          ),
          h(
            'div',
            { className: 'card' },
            h('h2', {}, '办理记录'),
            h(
              'ol',
              { className: 'timeline', id: 'timeline' },
              ...a.events.map((e: Json) =>
                h(
                  'li',
                  {},
                  h('strong', {}, e.typeLabel),
                  ` ${e.businessDate ?? ''} `,
                  ...(a.notices ?? [])
                    .filter((n: Json) => n.seq === e.seq)
                    .map((n: Json) => h('span', { className: 'badge' }, `${n.kindLabel} ${n.number}`)),
                  ' ',
                  h(
                    'span',
                    { className: 'muted' },
                    `${e.actor ?? '系统'} · ${new Date(e.occurredAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
      noticesSection(a, reload),
      reviewCasesSection(a, reviewCases.items, reload),
    ),
  );
}

async function notificationsPage(): Promise<void> {
  const list = await api('GET', '/notifications?pageSize=100');
  await layout(
    'notifications',
    h(
      'div',
      {},
      h('h1', {}, '提醒'),
      list.items.length
        ? h(
            'table',
            {},
            h(
              'tbody',
              {},
              ...list.items.map((n: Json) =>
                h(
                  'tr',
                  {},
                  h('td', {}, n.readAt ? '' : '●'),
                  h('td', {}, h('strong', {}, n.title), h('div', { className: 'muted' }, n.body)),
                  h('td', {}, new Date(n.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })),
                ),
              ),
            ),
          )
        : h('p', { className: 'muted' }, '暂无提醒'),
    ),
  );
}

let reportYear = new Date().getFullYear();

/** Table 二's register rows (规章, 行政规范性文件): issued, repealed and in force in the year. */
function table2DocumentRows(t: Json): HTMLElement[] {
  return (
    [
      ['rules', '规章'],
      ['normative_documents', '行政规范性文件'],
    ] as const
  ).map(([key, label]) =>
    h(
      'tr',
      { 'data-row': key },
      h('td', {}, label),
      ...[t[key].issued, t[key].repealed, t[key].in_force].map((n: number) =>
        h('td', { className: 'num' }, n),
      ),
    ),
  );
}

/** Table 二 of the report: the register's documents, then the figures entered with their sources. */
function table2View(r: Json): HTMLElement {
  const t = r.table2;
  const sources = r.table2_sources ?? {};
  const sourceOf = (key: string) => sources[key]?.source ?? '未录入';
  return dataTable(
    { id: 'table2' },
    ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
    [
      ...table2DocumentRows(t),
      ...(
        [
          ['licensing_decisions', '行政许可（本年处理决定数量）'],
          ['penalty_decisions', '行政处罚（本年处理决定数量）'],
          ['enforcement_decisions', '行政强制（本年处理决定数量）'],
          ['administrative_fees_wan_yuan', '行政事业性收费（本年收费金额，万元）'],
        ] as const
      ).map(([key, label]) =>
        h(
          'tr',
          { 'data-row': key },
          h('td', {}, label),
          h('td', { className: 'num' }, t[key]),
          h('td', { colSpan: 2, className: 'muted' }, `来源：${sourceOf(key)}`),
        ),
      ),
    ],
  );
}

/** Table 四 of the report: reconsideration, then litigation directly and after reconsideration. */
function table4View(r: Json): HTMLElement {
  const results = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const groups: Array<[string, string]> = [
    ['reconsideration', '行政复议'],
    ['litigation_direct', '行政诉讼 · 未经复议直接起诉'],
    ['litigation_after_reconsideration', '行政诉讼 · 复议后起诉'],
  ];
  return dataTable(
    { id: 'table4' },
    ['', ...results],
    groups.map(([key, label]) =>
      h(
        'tr',
        { 'data-row': key },
        h('td', {}, label),
        ...r.table4[key].map((n: number) => h('td', { className: 'num' }, n)),
      ),
    ),
  );
}

// ---------- issue 9: writing, checking and publishing the annual report (发布、更正) ----------

const SECTION_FIELDS: Array<[string, string]> = [
  ['overview', '一、总体情况'],
  ['problems', '五、存在的主要问题及改进情况'],
  ['other_matters', '六、其他需要报告的事项'],
];
const DIFF_TABLE_LABELS: Record<string, string> = { table2: '表二', table3: '表三', table4: '表四' };

/** Sections 一, 五, 六 with their placeholders, the server's preview, the checks, publishing and restating. */
async function publicationSection(year: number): Promise<HTMLElement> {
  const p = await api('GET', `/annual-reports/${year}`);
  const roles = me?.roles ?? [];
  const mayPublish = roles.includes('reviewer') || roles.includes('admin');
  const message = h('p', { className: 'hint', id: 'publication-message' });
  const fail = (err: unknown) => (message.textContent = errorText(err));
  const areas: Record<string, HTMLTextAreaElement> = {};
  let focused: HTMLTextAreaElement | null = null;
  for (const [key] of SECTION_FIELDS) {
    const area = h('textarea', {
      name: key,
      id: `f-${key}`,
      rows: 6,
      style: 'width:100%',
    }) as HTMLTextAreaElement;
    area.value = p.templates[key] ?? '';
    area.addEventListener('focus', () => (focused = area));
    areas[key] = area;
  }
  const insert = (name: string) => {
    const area = focused ?? areas.overview;
    const at = area.selectionStart ?? area.value.length;
    area.value = `${area.value.slice(0, at)}{{${name}}}${area.value.slice(area.selectionEnd ?? at)}`;
    area.focus();
  };
  const save = async () => {
    try {
      await api('PUT', `/annual-reports/${year}/sections`, {
        sections: Object.fromEntries(SECTION_FIELDS.map(([k]) => [k, areas[k].value])),
      });
      await reportPage();
    } catch (err) {
      fail(err);
    }
  };
  const publish = async () => {
    try {
      await api('POST', `/annual-reports/${year}/publish`, {});
      await reportPage();
    } catch (err) {
      fail(err);
    }
  };
  const reason = input('restate-reason', { placeholder: '更正原因（必填）', style: 'width:60%' });
  const restate = async () => {
    try {
      await api('POST', `/annual-reports/${year}/restate`, { reason: reason.value });
      await reportPage();
    } catch (err) {
      fail(err);
    }
  };
  const published = p.published;
  return h(
    'section',
    { id: 'publication' },
    published
      ? h(
          'p',
          { className: 'published', id: 'published-status' },
          `已发布（第 ${published.version} 版，${new Date(published.publishedAt).toLocaleString('zh-CN')}，${published.publishedBy}）`,
          published.reason ? `；更正原因：${published.reason}` : '',
        )
      : h('p', { className: 'muted', id: 'published-status' }, '尚未发布'),
    p.changedSincePublication
      ? h(
          'div',
          { className: 'banner warning', id: 'publication-differences' },
          h('strong', {}, '当前数据与已发布的报告不一致：'),
          dataTable(
            {},
            ['表', '行', '列', '已发布', '当前', '差额'],
            p.differences.map((d: Json) =>
              h(
                'tr',
                {},
                h('td', {}, DIFF_TABLE_LABELS[d.table] ?? d.table),
                h('td', {}, labelIn(reference.table3Rows, d.row)),
                h('td', {}, d.column),
                h('td', { className: 'num' }, d.published),
                h('td', { className: 'num' }, d.current),
                h('td', { className: 'num' }, d.difference > 0 ? `+${d.difference}` : d.difference),
              ),
            ),
          ),
          roles.includes('admin')
            ? h('div', {}, reason, h('button', { className: 'primary', onclick: restate }, '发布更正'))
            : h('p', { className: 'hint' }, '更正须由管理员发布。'),
        )
      : null,
    h('h2', {}, '正文（可插入占位符，数字随数据自动填写）'),
    h(
      'p',
      { className: 'placeholders' },
      ...p.placeholders.map((ph: Json) =>
        h(
          'button',
          { type: 'button', title: ph.description, onclick: () => insert(ph.name) },
          `{{${ph.name}}}`,
        ),
      ),
    ),
    ...SECTION_FIELDS.map(([key, label]) => field(label, areas[key])),
    mayPublish ? h('button', { onclick: save }, '保存正文') : null,
    p.warnings.length
      ? h('ul', { className: 'warnings' }, ...p.warnings.map((w: Json) => h('li', {}, `⚠ ${w.warning}`)))
      : null,
    h('h2', {}, '预览'),
    h('h3', {}, p.document.title),
    ...SECTION_FIELDS.map(([key, label]) =>
      h(
        'div',
        { className: 'preview', 'data-section': key },
        h('h4', {}, label),
        h('p', { style: 'white-space:pre-wrap' }, p.document.sections[key] || '（未填写）'),
      ),
    ),
    h('h2', {}, '发布前检查'),
    h(
      'ul',
      { id: 'publication-checks' },
      ...p.checks.map((c: Json) =>
        h('li', {}, c.ok ? '✓ ' : '✗ ', c.description, c.ok ? '' : `：${c.failures.join('；')}`),
      ),
    ),
    mayPublish && !published
      ? h('button', { className: 'primary', onclick: publish, disabled: !p.canPublish }, '发布')
      : null,
    message,
  );
}

/** The report's exports: 打印版 opens the print page, the others download the file. */
function reportExports(agencyName: string, year: number): HTMLElement {
  const message = h('span', { className: 'hint', id: 'report-export-message' });
  const path = (ext: string) => `/reports/${year}/document.${ext}`;
  const name = (ext: string) => `${agencyName}${year}年政府信息公开工作年度报告（草稿）.${ext}`;
  const act = (run: () => Promise<void>) => () => {
    message.textContent = '';
    run().catch((err) => (message.textContent = errorText(err)));
  };
  return h(
    'div',
    { className: 'tabs', id: 'report-exports' },
    h('button', { onclick: act(() => openFile(path('html'))) }, '打印版'),
    h('button', { onclick: act(() => downloadFile(path('docx'), name('docx'))) }, '下载 Word'),
    h('button', { onclick: act(() => downloadFile(path('pdf'), name('pdf'))) }, '下载 PDF'),
    h('button', { onclick: act(() => downloadFile(path('xlsx'), name('xlsx'))) }, '下载 Excel'),
    message,
  );
}

async function reportPage(): Promise<void> {
  const r = await api('GET', `/reports/${reportYear}`);
  const publication = await publicationSection(reportYear); // issue 9
  const yearInput = input('year', {
    type: 'number',
    value: reportYear,
    min: 2008,
    max: 2100,
    style: 'width:100px',
  });
  await layout(
    'report',
    h(
      'div',
      {},
      h('h1', {}, `${r.agency.name} ${r.year} 年政府信息公开工作年度报告`),
      h(
        'div',
        { className: 'tabs' },
        yearInput,
        h('button', { onclick: () => ((reportYear = Number(yearInput.value)), reportPage()) }, '查看'),
      ),
      // Issue 9: the report as a print page, Word, PDF and spreadsheet (the current figures, a draft).
      reportExports(r.agency.name, r.year),
      publication,
      h('h2', {}, '二、主动公开政府信息情况'),
      table2View(r),
      h('h2', {}, '三、收到和处理政府信息公开申请情况'),
      dataTable(
        { id: 'table3' },
        [
          '收到和处理政府信息公开申请情况',
          '自然人',
          '商业企业',
          '科研机构',
          '社会公益组织',
          '法律服务机构',
          '其他',
          '总计',
        ],
        (reference.table3Rows as Array<{ code: string; label: string }>).map(({ code: key, label }) =>
          h(
            'tr',
            { 'data-row': key },
            h('td', {}, label),
            ...r.table3[key].map((n: number) => h('td', { className: 'num' }, n)),
          ),
        ),
      ),
      h('h2', {}, '四、政府信息公开行政复议、行政诉讼情况'),
      table4View(r),
      h('h2', {}, '勾稽关系'),
      h(
        'ul',
        {},
        ...r.checks.map((c: Json) =>
          h('li', {}, c.ok ? '✓ ' : '✗ ', c.description, c.ok ? '' : `：${c.failures.join('；')}`),
        ),
      ),
      h(
        'p',
        {},
        `按时办结 ${r.timeliness.onTime} 件，逾期办结 ${r.timeliness.late} 件，办理用时中位数 ${r.timeliness.medianWorkingDays ?? '—'} 个工作日。`,
      ),
    ),
  );
}

const PROPAGATION_STATUS: Record<string, string> = {
  pending: '等待推送',
  running: '推送中',
  done: '已完成',
  failed: '失败',
};

/** 推送进度: how far an entered calendar version has reached the open applications. */
function propagationProgress(p: Json): string {
  const reached = p.signalled + p.skipped;
  return `推送进度 已通知 ${p.signalled} / ${Math.max(p.total, reached)}`;
}

async function calendarPage(): Promise<void> {
  const c = await api('GET', '/calendar');
  const propagations = await api('GET', '/calendar/propagations').catch(() => ({ items: [] }));
  const f = me?.platformAdmin
    ? form(
        [
          field(
            '年份',
            input('year', { type: 'number', value: c.missingNextYear ?? new Date().getFullYear() + 1 }),
          ),
          field('放假日期（逗号分隔）', h('textarea', { name: 'offDays' }), '如：2027-01-01, 2027-02-16'),
          field('调休上班日期（逗号分隔）', h('textarea', { name: 'workDays' })),
          field('依据的通知', input('notice'), '国务院办公厅关于……年部分节假日安排的通知（文号）'),
        ],
        '录入',
        async (data) => {
          const split = (v: unknown) =>
            String(v ?? '')
              .split(/[,，\s]+/)
              .filter(Boolean);
          await api('PUT', `/calendar/${data.year}`, {
            offDays: split(data.offDays),
            workDays: split(data.workDays),
            notice: data.notice ?? '',
          });
          await calendarPage();
        },
      )
    : h('p', {}, '全国节假日安排由平台管理员统一录入；录入后自动推送到各机关所有在办申请。');
  const time = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
  await layout(
    'calendar',
    h(
      'div',
      {},
      h('h1', {}, '工作日历'),
      c.missingNextYear
        ? h(
            'div',
            { className: 'error' },
            `${c.missingNextYear} 年节假日安排尚未录入：跨入该年的期限暂按周末计算，标为“暂定”。`,
          )
        : null,
      dataTable(
        {},
        ['年份', '来源', '放假天数', '调休上班', '录入人'],
        c.years.map((y: Json) =>
          h(
            'tr',
            {},
            h('td', {}, y.year),
            h('td', {}, y.notice),
            h('td', { className: 'num' }, y.offDays.length),
            h('td', {}, y.workDays.join('、')),
            h('td', {}, y.enteredBy ?? '内置'),
          ),
        ),
      ),
      h(
        'div',
        { className: 'card', id: 'calendar-propagations' },
        h('h2', {}, '推送进度'),
        propagations.items.length === 0
          ? h('p', {}, '尚无推送。')
          : dataTable(
              {},
              ['年份', '日历版本', '状态', '进度', '已结束的申请', '失败', '录入人', '开始', '完成'],
              propagations.items.map((p: Json) =>
                h(
                  'tr',
                  { className: 'propagation' },
                  h('td', {}, p.year),
                  h('td', { className: 'num' }, p.calendarVersion),
                  h('td', {}, PROPAGATION_STATUS[p.status] ?? p.status),
                  h('td', {}, propagationProgress(p)),
                  h('td', { className: 'num' }, p.skipped),
                  h('td', { className: 'num' }, p.failed),
                  h('td', {}, p.enteredBy),
                  h('td', {}, time(p.startedAt ?? p.createdAt)),
                  h('td', {}, time(p.finishedAt)),
                ),
              ),
            ),
      ),
      h('div', { className: 'card' }, h('h2', {}, '录入或更正节假日安排'), f),
    ),
  );
}

/** Admins: applications whose workflow cannot make progress, and (issue 10) failed notification deliveries. */
async function stuckCasesPage(): Promise<void> {
  const [list, failed] = await Promise.all([
    api('GET', '/admin/stuck-cases?pageSize=200'),
    api('GET', '/admin/notification-deliveries?status=failed&pageSize=100').catch(() => null),
  ]);
  const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
  const message = h('div', {});
  const retry = async (id: number) => {
    try {
      const d = await api('POST', `/admin/notification-deliveries/${id}/retry`);
      if (d.status !== 'sent') throw new Error(`重试未成功：${d.lastError ?? d.statusLabel}`);
      await stuckCasesPage();
    } catch (err) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
    }
  };
  // 通知投递: each channel (Webhook, 电子邮件) of a reminder is delivered on its own; failed ones are retried here.
  const deliveries = failed
    ? h(
        'section',
        { className: 'deliveries' },
        h('h2', {}, `通知投递失败（共 ${failed.total} 条）`),
        h(
          'p',
          {},
          '提醒的每个投递渠道（Webhook、电子邮件）分别投递，互不影响。系统已自动重试仍失败的，排除故障后可在此重试该渠道。',
        ),
        message,
        failed.total === 0
          ? h('p', {}, '目前没有投递失败的通知。')
          : dataTable(
              {},
              ['提醒', '案号', '渠道', '尝试次数', '错误信息', '最近一次', ''],
              failed.items.map((d: Json) =>
                h(
                  'tr',
                  {},
                  h('td', {}, d.title),
                  h(
                    'td',
                    {},
                    d.applicationId
                      ? h('a', { href: `#/applications/${d.applicationId}` }, d.caseNumber)
                      : '—',
                  ),
                  h('td', {}, d.channelLabel),
                  h('td', { className: 'num' }, d.attempts),
                  h('td', {}, d.lastError ?? ''),
                  h('td', {}, time(d.updatedAt)),
                  h('td', {}, h('button', { onclick: () => void retry(d.id) }, '重试')),
                ),
              ),
            ),
      )
    : null;
  await layout(
    'stuck',
    h(
      'div',
      {},
      h('h1', {}, `卡住的申请（共 ${list.total} 件）`),
      h(
        'p',
        {},
        '流程无法继续推进的申请：某个活动反复失败（如数据库拒绝写入），或工作流任务反复失败（程序缺陷）。问题消除后，申请会自动继续办理并从本列表消失。',
      ),
      list.total === 0
        ? h('p', {}, '目前没有卡住的申请。')
        : dataTable(
            {},
            ['案号', '问题', '失败环节', '尝试次数', '错误信息', '开始于', '最近一次'],
            list.items.map((p: Json) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/applications/${p.applicationId}` }, p.caseNumber)),
                h('td', {}, p.kindLabel),
                h('td', {}, p.kind === 'activity' ? p.activityType : '工作流任务'),
                h('td', { className: 'num' }, p.attempts),
                h('td', {}, p.error),
                h('td', {}, time(p.since)),
                h('td', {}, time(p.lastSeenAt)),
              ),
            ),
          ),
      deliveries,
    ),
  );
}

// ---------- 主动公开 (proactive disclosure, table 二; issue 8) ----------

const DISCLOSURE_FIGURES: Array<[string, string, string]> = [
  ['licensing_decisions', '行政许可', '本年处理决定数量'],
  ['penalty_decisions', '行政处罚', '本年处理决定数量'],
  ['enforcement_decisions', '行政强制', '本年处理决定数量'],
  ['administrative_fees_wan_yuan', '行政事业性收费', '本年收费金额（万元）'],
];
let disclosureYear = new Date().getFullYear() - 1;
let disclosurePageNo = 1;

/** The register of rules and normative documents, the year's figures with sources, and table 二. */
async function disclosurePage(): Promise<void> {
  const year = disclosureYear;
  const mayWrite = !!me && (me.roles.includes('admin') || me.roles.includes('reviewer'));
  const [t2, figures, docs] = await Promise.all([
    api('GET', `/disclosure-figures/table2?year=${year}`),
    api('GET', `/disclosure-figures?year=${year}`),
    api('GET', `/disclosure-documents?pageSize=20&page=${disclosurePageNo}`),
  ]);
  const yearInput = input('disclosure-year', {
    type: 'number',
    value: year,
    min: 2008,
    max: 2100,
    style: 'width:100px',
  });
  const t = t2.table2;
  const table2 = dataTable(
    { id: 'table2' },
    ['第二十条第（一）项', '本年制发件数', '本年废止件数', '现行有效件数'],
    table2DocumentRows(t),
  );
  const figuresTable = dataTable(
    { id: 'table2-figures' },
    ['第二十条第（五）（六）（八）项', '', '数值', '来源'],
    DISCLOSURE_FIGURES.map(([key, label, what]) => {
      const src = t2.table2_sources[key];
      return h(
        'tr',
        { 'data-row': key },
        h('td', {}, label),
        h('td', {}, what),
        h('td', { className: 'num' }, t[key]),
        h(
          'td',
          {},
          src
            ? `${src.source}（${src.recordedBy} 录入）`
            : h('span', { className: 'due-soon' }, '未录入，按 0 计'),
        ),
      );
    }),
  );
  const figuresForm = mayWrite
    ? form(
        DISCLOSURE_FIGURES.flatMap(([key, label, what]) => {
          const f = figures.figures[key];
          return [
            field(
              `${label}：${what}`,
              input(`${key}.value`, {
                type: 'number',
                min: 0,
                step: key === 'administrative_fees_wan_yuan' ? '0.0001' : '1',
                value: f ? f.value : '',
              }),
            ),
            field(
              `${label} 来源`,
              input(`${key}.source`, { value: f ? f.source : '' }),
              '如：省政务服务平台导出 2025-01-05',
            ),
          ];
        }),
        `保存 ${year} 年数据`,
        async (data) => {
          const body: Record<string, { value: number; source: string }> = {};
          for (const [key] of DISCLOSURE_FIGURES) {
            const value = data[`${key}.value`];
            const source = data[`${key}.source`];
            if (value === undefined && source === undefined) continue;
            body[key] = { value: value as number, source: (source as string) ?? '' };
          }
          await api('PUT', `/disclosure-figures/${year}`, { figures: body });
          await disclosurePage();
        },
      )
    : null;
  const addForm = mayWrite
    ? form(
        [
          field('类别', select('kind', reference.documentKinds)),
          field('标题', input('title')),
          field('文号', input('documentNumber'), '可不填'),
          field('印发日期', input('issuedOn', { type: 'date', max: today() })),
        ],
        '登记文件',
        async (data) => {
          await api('POST', '/disclosure-documents', data);
          disclosurePageNo = 1;
          await disclosurePage();
        },
      )
    : null;
  const repealCell = (d: Json): HTMLElement => {
    if (d.repealedOn) return h('td', {}, `${d.repealedOn} 废止${d.repealNote ? `（${d.repealNote}）` : ''}`);
    if (!mayWrite) return h('td', {}, '现行有效');
    const message = h('span');
    const on = input(`repeal-${d.id}`, { type: 'date', max: today() });
    const note = input(`repeal-note-${d.id}`, { placeholder: '废止说明' });
    return h(
      'td',
      {},
      '现行有效 ',
      on,
      note,
      h(
        'button',
        {
          onclick: async () => {
            try {
              await api('POST', `/disclosure-documents/${d.id}/repeal`, {
                repealedOn: on.value,
                ...(note.value ? { note: note.value } : {}),
              });
              await disclosurePage();
            } catch (err) {
              message.replaceChildren(h('span', { className: 'error', role: 'alert' }, errorText(err)));
            }
          },
        },
        '废止',
      ),
      message,
    );
  };
  const pages = Math.max(1, Math.ceil(docs.total / docs.pageSize));
  await layout(
    'disclosure',
    h(
      'div',
      {},
      h('h1', {}, `主动公开政府信息情况 · ${year} 年（表二）`),
      h(
        'div',
        { className: 'tabs' },
        yearInput,
        h(
          'button',
          { onclick: () => ((disclosureYear = Number(yearInput.value)), disclosurePage()) },
          '查看',
        ),
      ),
      table2,
      figuresTable,
      h('h2', {}, '勾稽关系'),
      h(
        'ul',
        {},
        ...t2.checks.map((c: Json) =>
          h('li', {}, c.ok ? '✓ ' : '✗ ', c.description, c.ok ? '' : `：${c.failures.join('；')}`),
        ),
      ),
      figuresForm
        ? h('div', { className: 'card' }, h('h2', {}, `录入 ${year} 年数据（注明来源）`), figuresForm)
        : null,
      h('h2', {}, `规章和行政规范性文件登记（共 ${docs.total} 件）`),
      dataTable(
        { id: 'disclosure-documents' },
        ['类别', '标题', '文号', '印发日期', '状态'],
        docs.items.map((d: Json) =>
          h(
            'tr',
            {},
            h('td', {}, d.kindLabel),
            h('td', {}, d.title),
            h('td', {}, d.documentNumber ?? '—'),
            h('td', {}, d.issuedOn),
            repealCell(d),
          ),
        ),
      ),
      pages > 1
        ? h(
            'div',
            { className: 'tabs' },
            h(
              'button',
              { disabled: disclosurePageNo <= 1, onclick: () => (disclosurePageNo--, disclosurePage()) },
              '上一页',
            ),
            ` 第 ${disclosurePageNo} / ${pages} 页 `,
            h(
              'button',
              { disabled: disclosurePageNo >= pages, onclick: () => (disclosurePageNo++, disclosurePage()) },
              '下一页',
            ),
          )
        : null,
      addForm ? h('div', { className: 'card' }, h('h2', {}, '登记规章或行政规范性文件'), addForm) : null,
    ),
  );
}

// ---------- year end (年度结转, issue 8) ----------

let carryOverYear = Number(today().slice(0, 4)) - 1;

/** Downloads the carry-over spreadsheet (the request needs the session token, so not a plain link). */
/** A file of the API, fetched with the bearer token (a plain link cannot carry it). */
async function fetchFile(path: string): Promise<Blob> {
  const res = await fetch(`/api${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  return res.blob();
}

/** Saves a file of the API as `filename`. */
async function downloadFile(path: string, filename: string): Promise<void> {
  const url = URL.createObjectURL(await fetchFile(path));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Opens a page of the API (the report's print page) in a new window: the window is opened at the click
 * (so no pop-up blocker stops it), the page fetched with the token and shown in it.
 */
async function openFile(path: string): Promise<void> {
  const w = window.open('', '_blank');
  try {
    const url = URL.createObjectURL(await fetchFile(path));
    if (w) w.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    w?.close();
    throw err;
  }
}

function downloadCarryOver(year: number): Promise<void> {
  return downloadFile(`/reports/${year}/carry-over.xlsx`, `${year}年度结转情况.xlsx`);
}

async function carryOverPage(): Promise<void> {
  const year = carryOverYear;
  const r = await api('GET', `/reports/${year}/carry-over?pageSize=200`);
  const yearInput = input('year', {
    type: 'number',
    value: year,
    min: 2008,
    max: 2100,
    style: 'width:100px',
  });
  const message = h('p', { className: 'hint' });
  const time = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
  const run = r.run;
  const runText =
    run.status === 'not_run'
      ? `${year}年度尚未结转（每年1月1日 00:30 由计划任务自动结转）。`
      : `${run.statusLabel}：开始于 ${time(run.startedAt)}，完成于 ${time(run.finishedAt)}，共结转 ${run.applications} 件（全部机关）。`;
  const start = async () => {
    try {
      await api('POST', `/admin/year-end/${year}/run`);
      message.textContent = '已开始年度结转，稍后刷新查看。';
      setTimeout(() => void carryOverPage(), 1500);
    } catch (err) {
      message.textContent = errorText(err);
    }
  };
  await layout(
    'carry-over',
    h(
      'div',
      {},
      h('h1', {}, `${year} 年度结转情况（截至 ${year}-12-31 未办结的申请，共 ${r.total} 件）`),
      h(
        'div',
        { className: 'tabs' },
        yearInput,
        h('button', { onclick: () => ((carryOverYear = Number(yearInput.value)), carryOverPage()) }, '查看'),
        h(
          'button',
          {
            id: 'download-carry-over',
            onclick: () => downloadCarryOver(year).catch((err) => (message.textContent = errorText(err))),
          },
          '下载电子表格',
        ),
        me?.roles.includes('admin') ? h('button', { id: 'run-year-end', onclick: start }, '开始结转') : null,
      ),
      h('p', { id: 'year-end-run' }, runText),
      message,
      r.total === 0
        ? h('p', {}, '没有结转的申请。')
        : dataTable(
            { id: 'carry-over' },
            ['案号', '申请人', '收到日期', '办理状态', '答复期限', '剩余工作日', '期限暂停', '承办人'],
            r.items.map((i: Json) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/applications/${i.applicationId}` }, i.caseNumber)),
                h('td', {}, i.applicantName),
                h('td', {}, i.receivedOn),
                h('td', {}, i.statusLabel, i.concludedOn ? `（${i.concludedOn} 办结）` : ''),
                h('td', {}, i.replyDueOn ?? '—'),
                h('td', { className: 'num' }, i.workingDaysLeft ?? '—'),
                h('td', {}, i.paused ? '是' : '否'),
                h('td', {}, i.handlerLabel),
              ),
            ),
          ),
      r.total > r.items.length ? h('p', {}, `仅显示前 ${r.items.length} 件，完整清单请下载电子表格。`) : null,
    ),
  );
}

// ---------- 用户管理 and 修改密码 (accounts agencies manage, issue 10) ----------

let usersPageNo = 1;
/** The user whose panel (修改 / 记录 / the temporary password) is open on the 用户管理 page. */
let usersPanel: { userId: string; kind: 'edit' | 'events' | 'password'; temporaryPassword?: string } | null =
  null;

function timeInChina(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
}

function roleNames(roles: string[]): string {
  return roles.map((r) => labelIn(reference?.roles, r)).join('、');
}

/** A row of role checkboxes; `values()` answers the ticked ones. */
function roleChecks(prefix: string, selected: string[]): { el: HTMLElement; values: () => string[] } {
  const boxes = (reference.roles as Array<{ code: string }>).map(({ code: r }) => {
    const box = h('input', { type: 'checkbox', 'data-role': `${prefix}-${r}`, value: r }) as HTMLInputElement;
    box.checked = selected.includes(r);
    return { r, box };
  });
  return {
    el: h(
      'div',
      { className: 'roles' },
      ...boxes.map(({ r, box }) => h('label', {}, box, labelIn(reference.roles, r))),
    ),
    values: () => boxes.filter((b) => b.box.checked).map((b) => b.r),
  };
}

function accountEventDetail(e: Json): string {
  const d = e.detail ?? {};
  if (e.kind === 'created') return `${d.displayName}（${roleNames(d.roles ?? [])}）`;
  if (e.kind === 'password_reset') return d.generated ? '系统生成临时密码' : '管理员指定临时密码';
  const parts: string[] = [];
  if (e.kind === 'updated' && d.roles)
    parts.push(`角色：${roleNames(d.roles.from)} → ${roleNames(d.roles.to)}`);
  if (e.kind === 'updated' && d.displayName) parts.push(`姓名：${d.displayName.from} → ${d.displayName.to}`);
  return parts.join('；');
}

async function usersPanelView(u: Json): Promise<HTMLElement | null> {
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
    const events = await api('GET', `/users/${u.id}/events?pageSize=50`);
    return h(
      'div',
      { className: 'card', id: 'user-panel' },
      h('h2', {}, `${u.displayName}（${u.username}）的账号记录`),
      dataTable(
        { id: 'account-events' },
        ['时间', '操作', '操作人', '内容'],
        events.items.map((e: Json) =>
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
      await api('PATCH', `/users/${u.id}`, { displayName: data.displayName ?? '', roles: checks.values() });
      usersPanel = null;
      await usersPage();
    },
  );
  return h('div', { className: 'card', id: 'user-panel' }, h('h2', {}, `修改 ${u.username}`), f, close);
}

/** Admins: the accounts of their agency and the agencies under it. */
async function usersPage(): Promise<void> {
  const [list, agencies] = await Promise.all([
    api('GET', `/users?includeSubAgencies=true&pageSize=20&page=${usersPageNo}`),
    api('GET', '/agencies'),
  ]);
  const message = h('div');
  const act =
    (path: string, then: (res: Json) => void = () => undefined) =>
    async () => {
      try {
        usersPanel = null;
        then(await api('POST', path));
        await usersPage();
      } catch (err) {
        message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
      }
    };
  const rows: HTMLElement[] = [];
  let panel: HTMLElement | null = null;
  for (const u of list.items as Json[]) {
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
          u.id === me?.id
            ? null
            : u.active
              ? h('button', { onclick: act(`/users/${u.id}/deactivate`) }, '停用')
              : h('button', { onclick: act(`/users/${u.id}/reactivate`) }, '启用'),
          u.id === me?.id
            ? null
            : h(
                'button',
                {
                  onclick: act(`/users/${u.id}/reset-password`, (res) => {
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
  const agencyOptions = (agencies as Json[]).map((a) => ({
    code: a.id,
    label: a.id === me?.agencyId ? `${a.name}（本机关）` : a.name,
  }));
  agencyOptions.sort((a, b) => (a.code === me?.agencyId ? -1 : b.code === me?.agencyId ? 1 : 0));
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
      await api('POST', '/users', { ...data, roles: createChecks.values() });
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
      await api('POST', '/agencies', data);
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

/** Everyone: change one's own password; after a reset, the only page until it is done. */
async function passwordPage(): Promise<void> {
  const forced = !!me?.mustChangePassword;
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
      if ((data.newPassword ?? '') !== (data.confirmPassword ?? ''))
        throw new ApiError(400, { message: '两次输入的新密码不一致' });
      await api('POST', '/auth/password', {
        currentPassword: data.currentPassword ?? '',
        newPassword: data.newPassword ?? '',
      });
      me = await api('GET', '/auth/me');
      if (forced) {
        const already = location.hash === '#/inbox';
        location.hash = '#/inbox';
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

// ---------- 正式文书模板 (issue 11) ----------

/** Admins: the agency's notice template — its name, seal text, number scheme, closing paragraph. */
async function noticeTemplatePage(): Promise<void> {
  const t = await api('GET', '/notice-templates');
  const kinds = Object.keys(t.examples ?? {});
  const codes: Record<string, string> = t.kindCodes ?? {};
  const done = h('div');
  const examples = h(
    'table',
    {},
    h('tr', {}, h('th', {}, '文书'), h('th', {}, '文种代字'), h('th', {}, '文号示例')),
    ...kinds.map((k) =>
      h(
        'tr',
        {},
        h('td', {}, labelIn(reference.noticeKinds, k)),
        h('td', {}, input(`code-${k}`, { value: codes[k] ?? '', maxlength: 4, size: 4 })),
        h('td', {}, t.examples[k]),
      ),
    ),
  );
  const closing = h('textarea', {
    name: 'closingParagraph',
    id: 'f-closingParagraph',
  }) as HTMLTextAreaElement;
  closing.value = t.closingParagraph ?? '';
  const f = form(
    [
      field('落款机关名称', input('agencyDisplayName', { value: t.agencyDisplayName })),
      field('印章文字', input('sealText', { value: t.sealText })),
      field('文号前缀', input('numberPrefix', { value: t.numberPrefix }), '文种代字之前的部分，如 X政信'),
      field(
        '序号格式',
        select(
          'serialStyle',
          [
            { code: 'plain', label: '〔2026〕3号' },
            { code: 'ordinal', label: '〔2026〕第3号' },
          ],
          {},
        ),
      ),
      field('文种代字与文号示例', examples, '文号按机关、文书种类和年度连续编号，不留空号'),
      field('结尾段落（联系方式等，可空）', closing),
    ],
    '保存模板',
    async (data) => {
      const kindCodes: Record<string, string> = {};
      for (const k of kinds) {
        const v = data[`code-${k}`];
        if (typeof v === 'string' && v.trim()) kindCodes[k] = v.trim();
      }
      await api('PUT', '/notice-templates', {
        agencyDisplayName: data.agencyDisplayName ?? '',
        sealText: data.sealText ?? '',
        numberPrefix: data.numberPrefix ?? '',
        serialStyle: data.serialStyle ?? 'plain',
        kindCodes,
        closingParagraph: typeof data.closingParagraph === 'string' ? data.closingParagraph : null,
      });
      done.replaceChildren(
        h('div', { className: 'ok', role: 'status' }, '模板已保存，此后生成的文书使用新模板。'),
      );
    },
  );
  (f.querySelector('[name="serialStyle"]') as HTMLSelectElement).value = t.serialStyle ?? 'plain';
  await layout(
    'notice-template',
    h(
      'div',
      { className: 'card' },
      h('h1', {}, '正式文书模板'),
      t.saved ? null : h('p', { className: 'muted' }, '尚未保存：以下为按机关名称生成的默认模板。'),
      f,
      done,
    ),
  );
}

// ---------- 历史数据导入 (issue 11) ----------

const IMPORT_COLUMNS: Array<[string, string, string]> = [
  ['案件编号', '必填', '本机关的案件编号，同一机关内唯一'],
  ['申请人类型', '必填', '自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他'],
  ['申请渠道', '必填', '当面提交、邮寄、平常信函、互联网渠道、电子邮件、传真'],
  ['收到申请日期', '必填', '如 2025-03-18、2025/3/18、2025年3月18日'],
  ['办理结果', '已办结的必填', '年度报告表三的办理结果，如 予以公开、不予公开 · 属于国家秘密（或结果代码）'],
  ['办结日期', '已办结的必填', '不得早于收到申请日期'],
  [
    '办理状态',
    '可选',
    '已办结；未办结的：已登记、办理中、待补正、征求意见中、已延期（按实际收到日期和下列办理步骤日期接续计算期限）',
  ],
  ['申请人、申请内容', '可选', '可留空'],
  [
    '告知补正日期、补正期限（工作日）、补正事项、收到补正日期',
    '未办结的可选',
    '待补正的必填告知补正日期；补正期限留空按15个工作日',
  ],
  [
    '征求意见类型、征求意见对象、征求意见日期、收到意见日期、意见',
    '未办结的可选',
    '征求意见中的必填征求意见日期；类型为 第三方 或 其他机关，意见为 同意 或 不同意',
  ],
  ['延期日期、延期理由', '未办结的可选', '已延期的必填延期日期（延长20个工作日）'],
];

/** Admins: upload a spreadsheet of past applications; the problems by row, the progress of the import. */
async function importsPage(): Promise<void> {
  const jobs = await api('GET', '/imports');
  const message = h('div', {});
  const progress = h('div', {});
  const file = h('input', {
    type: 'file',
    accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'aria-label': '选择文件',
  }) as HTMLInputElement;
  const showJob = (job: Json) => {
    const pct = job.total ? Math.round((job.done / job.total) * 100) : 100;
    progress.replaceChildren(
      h(
        'p',
        {},
        `${job.filename}：${job.statusLabel}，已处理 ${job.done} / ${job.total} 行（新导入 ${job.imported} 件）`,
      ),
      h('progress', { max: 100, value: pct, 'aria-label': '导入进度' }),
    );
  };
  const poll = async (id: string) => {
    for (;;) {
      const job = await api('GET', `/imports/${id}`);
      showJob(job);
      if (job.status !== 'running') return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const upload = async (ev: Event) => {
    ev.preventDefault();
    message.replaceChildren();
    progress.replaceChildren();
    const f = file.files?.[0];
    if (!f) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, '请先选择 .xlsx 或 .csv 文件'));
      return;
    }
    const isXlsx = /\.xlsx$/i.test(f.name);
    const res = await fetch(`/api/imports?filename=${encodeURIComponent(f.name)}`, {
      method: 'POST',
      headers: {
        'content-type': isXlsx
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv',
        authorization: `Bearer ${token}`,
      },
      body: f,
    });
    const data = await res.json().catch(() => null);
    if (res.status === 422) {
      message.replaceChildren(
        h('div', { className: 'error', role: 'alert' }, data.message),
        dataTable(
          { className: 'import-problems' },
          ['行号', '列', '问题'],
          data.problems.map((p: Json) =>
            h('tr', {}, h('td', {}, p.row), h('td', {}, p.column), h('td', {}, p.message)),
          ),
        ),
      );
      return;
    }
    if (!res.ok) {
      message.replaceChildren(
        h('div', { className: 'error', role: 'alert' }, errorText(new ApiError(res.status, data))),
      );
      return;
    }
    if (data.duplicate) message.replaceChildren(h('p', {}, '该文件已导入过，本次未重复导入。'));
    await poll(data.id);
  };
  await layout(
    'imports',
    h(
      'section',
      {},
      h('h1', {}, '历史数据导入'),
      h(
        'p',
        {},
        '上传以往办理的依申请公开申请（.xlsx 的第一个工作表，或 UTF-8 / GB18030 编码的 .csv），第1行为表头。全部行校验通过后才会导入；有问题时逐行列出，不导入任何数据。同一文件只导入一次。',
      ),
      dataTable(
        {},
        ['列（表头）', '是否必填', '说明'],
        IMPORT_COLUMNS.map(([c, r, d]) => h('tr', {}, h('td', {}, c), h('td', {}, r), h('td', {}, d))),
      ),
      h(
        'form',
        { onsubmit: (ev: Event) => void upload(ev) },
        file,
        h('button', { type: 'submit' }, '上传并导入'),
      ),
      message,
      progress,
      h('h2', {}, '导入记录'),
      jobs.length === 0
        ? h('p', {}, '尚无导入记录。')
        : dataTable(
            {},
            ['文件', '状态', '行数', '新导入', '上传人', '时间'],
            jobs.map((j: Json) =>
              h(
                'tr',
                {},
                h('td', {}, j.filename),
                h('td', {}, j.statusLabel),
                h('td', {}, j.total),
                h('td', {}, j.imported),
                h('td', {}, j.createdBy ?? ''),
                h('td', {}, new Date(j.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })),
              ),
            ),
          ),
    ),
  );
  const running = jobs.find((j: Json) => j.status === 'running');
  if (running) await poll(running.id);
}

// ---------- router ----------

async function route(): Promise<void> {
  const hash = location.hash || '#/inbox';
  if (!token) {
    loginPage();
    return;
  }
  try {
    me ??= await api('GET', '/auth/me');
    const [, page, id] = hash.split('/');
    if (page === 'login') return loginPage();
    if (me?.mustChangePassword || page === 'password') return await passwordPage(); // issue 10
    reference ??= await api('GET', '/reference');
    if (page === 'users') return await usersPage(); // issue 10
    if (page === 'register') return await registerPage();
    if (page === 'applications' && id) return await applicationPage(id);
    if (page === 'applications') return await applicationsPage();
    if (page === 'notifications') return await notificationsPage();
    if (page === 'report') return await reportPage();
    if (page === 'calendar') return await calendarPage();
    if (page === 'stuck') return await stuckCasesPage();
    if (page === 'disclosure') return await disclosurePage(); // issue 8: table 二
    if (page === 'carry-over') return await carryOverPage();
    if (page === 'imports') return await importsPage(); // issue 11
    if (page === 'notice-template') return await noticeTemplatePage(); // issue 11
    return await inboxPage();
  } catch (err) {
    if (!token) return loginPage();
    app.replaceChildren(h('div', { className: 'error' }, errorText(err)));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
