import type { Operations } from '../api-types';
import { dataTable, errorText, h, input, select } from '../dom';
import { exportButtons } from '../files';
import { layout } from '../layout';
import { call, dueBadge, reference } from '../session';

type SearchQuery = NonNullable<Operations['GET /api/applications/search']['query']>;
const PAGE_SIZE = 50;

/** The search form's values (检索), kept while the user moves between pages of the console. */
const filters: Record<
  'q' | 'caseNumber' | 'applicant' | 'receivedFrom' | 'receivedTo' | 'status' | 'outcome' | 'departmentId',
  string
> = {
  q: '',
  caseNumber: '',
  applicant: '',
  receivedFrom: '',
  receivedTo: '',
  status: '',
  outcome: '',
  departmentId: '',
};
let pageNo = 1;

/** The filters as the search and its export take them. */
function filterQuery(): Omit<SearchQuery, 'page' | 'pageSize'> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (v.trim()) q[k] = v.trim();
  return q as Omit<SearchQuery, 'page' | 'pageSize'>;
}

/** 申请列表 / 检索: every application the user may see, searched and filtered, newest first (issue 16). */
export async function applicationsPage(): Promise<void> {
  const message = h('div');
  let list: Awaited<ReturnType<typeof call<'GET /api/applications/search'>>> | null = null;
  try {
    list = await call('GET /api/applications/search', {
      query: { ...filterQuery(), page: pageNo, pageSize: PAGE_SIZE },
    });
  } catch (err) {
    message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
  }
  const text = (name: keyof typeof filters, placeholder: string, attrs: Record<string, unknown> = {}) => {
    const el = input(name, { placeholder, value: filters[name], style: 'width:auto', ...attrs });
    el.addEventListener('change', () => (filters[name] = el.value));
    return el;
  };
  const choice = (
    name: 'status' | 'outcome' | 'departmentId',
    all: string,
    options: Array<{ code: string; label: string }>,
  ) => {
    const el = select(name, [{ code: '', label: all }, ...options], { style: 'width:auto' });
    el.value = filters[name];
    el.addEventListener('change', () => (filters[name] = el.value));
    return el;
  };
  const outcomes = reference().outcomes.map((o) => ({ code: o.code, label: o.label }));
  // 承办科室: the agency's departments (none: no filter).
  const departments = await call('GET /api/departments', { query: {} })
    .then((d) => d.items.map((x) => ({ code: x.id, label: x.name })))
    .catch(() => []);
  const run = () => ((pageNo = 1), void applicationsPage());
  const searchForm = h(
    'form',
    {
      id: 'search',
      className: 'tabs',
      onsubmit: (e: Event) => {
        e.preventDefault();
        run();
      },
    },
    text('q', '申请内容或答复中的词语', { style: 'width:220px' }),
    text('caseNumber', '案号'),
    text('applicant', '申请人姓名或证件号码'),
    h(
      'span',
      {},
      '收到日期 ',
      text('receivedFrom', '', { type: 'date' }),
      ' 至 ',
      text('receivedTo', '', { type: 'date' }),
    ),
    choice('status', '全部状态', reference().statuses),
    choice('outcome', '全部办理结果', outcomes),
    departments.length ? choice('departmentId', '全部承办科室', departments) : null,
    h('button', { className: 'primary', type: 'submit' }, '检索'),
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          for (const k of Object.keys(filters) as Array<keyof typeof filters>) filters[k] = '';
          run();
        },
      },
      '清除',
    ),
  );
  const pages = list ? Math.max(1, Math.ceil(list.total / PAGE_SIZE)) : 1;
  const totalText = list
    ? list.totalExact
      ? `共 ${list.total} 件`
      : `超过 ${list.total} 件，仅显示前 ${list.total} 件，请缩小检索范围`
    : '';
  await layout(
    'applications',
    h(
      'div',
      {},
      h(
        'h1',
        {},
        '申请列表',
        h(
          'span',
          { className: 'muted', id: 'search-total', style: 'margin-left:12px;font-size:14px' },
          totalText,
        ),
      ),
      searchForm,
      h('div', { className: 'tabs' }, exportButtons('/applications/search/export', filterQuery, '申请列表')),
      message,
      list
        ? dataTable(
            { id: 'search-results' },
            ['案号', '申请人', '收到日期', '申请内容', '状态', '答复期限', '办理结果'],
            list.items.map((a) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/applications/${a.id}` }, a.caseNumber)),
                h('td', {}, a.applicantName),
                h('td', {}, a.receivedOn),
                h('td', { style: 'max-width:360px' }, a.informationSought),
                h('td', {}, a.statusLabel),
                h('td', {}, dueBadge(a)),
                h('td', {}, a.outcomeLabel ?? ''),
              ),
            ),
          )
        : null,
      pages > 1
        ? h(
            'div',
            { className: 'tabs' },
            h('button', { disabled: pageNo <= 1, onclick: () => (pageNo--, applicationsPage()) }, '上一页'),
            ` 第 ${pageNo} / ${pages} 页 `,
            h(
              'button',
              { disabled: pageNo >= pages, onclick: () => (pageNo++, applicationsPage()) },
              '下一页',
            ),
          )
        : null,
    ),
  );
}
