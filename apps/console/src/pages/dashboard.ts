/**
 * 一览 (issue 15): the year at a glance for heads of office and governments — the landing page of
 * reviewers and admins. Every figure comes from GET /api/dashboard/{year}, which takes the year's figures
 * from the report's own counts; each chart has its figures as a table (数据表) and as CSV.
 */
import type { AgencyFiguresDto, DashboardDto } from '../api-types';
import { barChart, lineChart, pieChart } from '../charts';
import { dataTable, errorText, h, input } from '../dom';
import { layout } from '../layout';
import { call, session } from '../session';

/** What the page shows: the year, the agency and whether the agencies under it are included. */
const view: { year: number; agencyId: string | null; includeSubAgencies: boolean | null } = {
  year: new Date().getFullYear(),
  agencyId: null,
  includeSubAgencies: null,
};

const pct = (rate: number | null) => (rate === null ? '—' : `${rate}%`);

/** A headline figure (指标卡). */
function kpi(key: string, label: string, value: string | number, hint?: string): HTMLElement {
  return h(
    'div',
    { className: 'kpi', 'data-kpi': key },
    h('span', { className: 'kpi-label' }, label),
    h('strong', { className: 'kpi-value' }, value),
    hint ? h('span', { className: 'kpi-hint' }, hint) : null,
  );
}

type SortKey = keyof Omit<AgencyFiguresDto, 'agency'> | 'name';
let agencySort: { key: SortKey; descending: boolean } = { key: 'overdue', descending: true };

/** The agencies side by side, sortable by any column, the lagging ones marked. */
function agencyComparison(rows: AgencyFiguresDto[], redraw: () => void): HTMLElement {
  const columns: Array<[SortKey, string]> = [
    ['name', '机关'],
    ['received', '本年新收'],
    ['concluded', '本年办结'],
    ['carriedOver', '结转下年度'],
    ['onTimeRate', '按时办结率'],
    ['medianWorkingDays', '办理用时中位数（工作日）'],
    ['open', '当前在办'],
    ['overdue', '当前逾期'],
    ['reviews', '复议诉讼'],
    ['corrected', '被纠错'],
  ];
  const value = (r: AgencyFiguresDto, key: SortKey): number | string =>
    key === 'name' ? r.agency.name : (r[key] ?? -1);
  const sorted = [...rows].sort((a, b) => {
    const x = value(a, agencySort.key);
    const y = value(b, agencySort.key);
    const order = typeof x === 'string' ? x.localeCompare(String(y), 'zh-CN') : x - Number(y);
    return agencySort.descending ? -order : order;
  });
  const header = columns.map(([key, label]) =>
    h(
      'button',
      {
        type: 'button',
        className: 'sort',
        'data-sort': key,
        onclick: () => {
          agencySort = { key, descending: agencySort.key === key ? !agencySort.descending : key !== 'name' };
          redraw();
        },
      },
      label,
      agencySort.key === key ? (agencySort.descending ? ' ▼' : ' ▲') : '',
    ),
  );
  const table = dataTable(
    { id: 'by-agency' },
    [],
    sorted.map((r) =>
      h(
        'tr',
        {
          'data-agency': r.agency.id,
          className: r.overdue > 0 || (r.onTimeRate !== null && r.onTimeRate < 90) ? 'lagging' : '',
        },
        h('td', {}, r.agency.name),
        ...columns
          .slice(1)
          .map(([key]) =>
            h(
              'td',
              { className: 'num', 'data-figure': key },
              key === 'onTimeRate'
                ? pct(r.onTimeRate)
                : ((r[key as keyof AgencyFiguresDto] as number | null) ?? '—'),
            ),
          ),
      ),
    ),
  );
  table.querySelector('thead')?.replaceChildren(h('tr', {}, ...header.map((b) => h('th', {}, b))));
  return table;
}

function dashboardView(d: DashboardDto, agencies: Array<{ id: string; name: string }>): HTMLElement {
  const f = d.figures;
  const yearInput = input('year', {
    type: 'number',
    value: d.year,
    min: 2008,
    max: 2100,
    style: 'width:90px',
  });
  const agencySelect = h(
    'select',
    { name: 'agencyId' },
    ...agencies.map((a) => h('option', { value: a.id, selected: a.id === d.agency.id }, a.name)),
  ) as HTMLSelectElement;
  const withSubs = h('input', {
    type: 'checkbox',
    name: 'includeSubAgencies',
    checked: view.includeSubAgencies ?? false,
  }) as HTMLInputElement;
  const show = () => {
    view.year = Number(yearInput.value);
    view.agencyId = agencySelect.value;
    view.includeSubAgencies = withSubs.checked;
    void dashboardPage();
  };
  const months = f.monthly.map((m) => `${Number(m.month.slice(5))}月`);
  const comparison = h('div', { id: 'agency-comparison' });
  const drawComparison = () => comparison.replaceChildren(agencyComparison(d.byAgency, drawComparison));
  if (d.byAgency.length) drawComparison();
  const overdueBand = d.open.byBand.find((b) => b.band === 'overdue');
  return h(
    'div',
    { className: 'dashboard' },
    h(
      'h1',
      {},
      `${d.agency.name}${d.agencies > 1 ? `（含下级机关，共 ${d.agencies} 个）` : ''} ${d.year} 年一览`,
    ),
    h(
      'div',
      { className: 'tabs no-print' },
      h('label', {}, '年度 ', yearInput),
      agencies.length > 1 ? h('label', {}, '机关 ', agencySelect) : null,
      agencies.length > 1 ? h('label', {}, withSubs, ' 含下级机关') : null,
      h('button', { onclick: show }, '查看'),
      h('button', { onclick: () => window.print() }, '打印'),
    ),
    h(
      'p',
      { className: 'hint' },
      `本年数据与 ${d.year} 年度报告同源（表三、表四）；在办与逾期为截至 ${d.asOf} 的情况。`,
    ),
    h(
      'section',
      { className: 'kpis', id: 'kpis' },
      kpi('received', '本年新收', f.applications.received, `上年结转 ${f.applications.carriedFromLastYear}`),
      kpi('concluded', '本年办结', f.applications.concluded, `结转下年度 ${f.applications.carriedOver}`),
      kpi(
        'onTimeRate',
        '按时办结率',
        pct(f.timeliness.onTimeRate),
        `按时 ${f.timeliness.onTime}，逾期 ${f.timeliness.late}`,
      ),
      kpi(
        'medianWorkingDays',
        '办理用时中位数',
        f.timeliness.medianWorkingDays === null ? '—' : `${f.timeliness.medianWorkingDays} 个工作日`,
      ),
      kpi('open', '当前在办', d.open.total, `截至 ${d.asOf}`),
      kpi('overdue', '当前逾期', overdueBand?.count ?? 0),
    ),
    h(
      'section',
      { className: 'charts' },
      lineChart({
        id: 'monthly',
        title: '每月收到和办结的申请',
        categories: months,
        categoryLabel: '月份',
        unit: '件',
        series: [
          { name: '收到', values: f.monthly.map((m) => m.received) },
          { name: '办结', values: f.monthly.map((m) => m.concluded) },
        ],
      }),
      pieChart({
        id: 'outcomes',
        title: '本年办理结果',
        categoryLabel: '办理结果',
        unit: '件',
        slices: f.outcomes.map((o) => ({ name: o.label, value: o.count })),
      }),
      barChart({
        id: 'working-days',
        title: '办理用时分布（本年答复）',
        categoryLabel: '办理用时',
        unit: '件',
        categories: f.workingDaysTaken.map((b) => b.label),
        series: [
          { name: '按时', values: f.workingDaysTaken.map((b) => b.onTime), stack: 'decided' },
          { name: '逾期', values: f.workingDaysTaken.map((b) => b.late), stack: 'decided' },
        ],
      }),
      barChart({
        id: 'open',
        title: `在办申请的剩余期限（截至 ${d.asOf}）`,
        categoryLabel: '剩余期限',
        unit: '件',
        horizontal: true,
        categories: d.open.byBand.map((b) => b.label),
        series: [{ name: '在办', values: d.open.byBand.map((b) => b.count) }],
        onClick: (category) => {
          if (category === overdueBand?.label) document.getElementById('overdue')?.scrollIntoView();
        },
      }),
      barChart({
        id: 'reviews',
        title: '行政复议和行政诉讼结果',
        categoryLabel: '类别',
        unit: '件',
        horizontal: true,
        categories: f.reviews.map((r) => r.label),
        series: [
          { name: '结果维持', values: f.reviews.map((r) => r.upheld), stack: 'result' },
          { name: '结果纠正', values: f.reviews.map((r) => r.corrected), stack: 'result' },
          { name: '其他结果', values: f.reviews.map((r) => r.other), stack: 'result' },
          { name: '尚未审结', values: f.reviews.map((r) => r.pending), stack: 'result' },
        ],
      }),
      d.byAgency.length
        ? barChart({
            id: 'agencies',
            title: '各机关按时办结率',
            categoryLabel: '机关',
            unit: '%',
            total: false,
            horizontal: true,
            categories: d.byAgency.map((r) => r.agency.name),
            series: [{ name: '按时办结率', values: d.byAgency.map((r) => r.onTimeRate ?? 0) }],
          })
        : null,
    ),
    d.byAgency.length ? h('h2', {}, '各机关对比（点击表头排序；逾期或按时办结率低于90%的标红）') : null,
    d.byAgency.length ? comparison : null,
    h(
      'h2',
      { id: 'overdue' },
      `已逾期的申请（${d.overdue.total} 件${d.overdue.total > d.overdue.items.length ? `，列出最久的 ${d.overdue.items.length} 件` : ''}）`,
    ),
    d.overdue.items.length
      ? dataTable(
          { id: 'overdue-list' },
          ['案件编号', '机关', '申请人', '收到申请之日', '答复期限', '已逾期（工作日）', '状态'],
          d.overdue.items.map((o) =>
            h(
              'tr',
              { 'data-application': o.id },
              h('td', {}, h('a', { href: `#/applications/${o.id}` }, o.caseNumber)),
              h('td', {}, o.agencyName),
              h('td', {}, o.applicantName),
              h('td', {}, o.receivedOn),
              h('td', {}, o.replyDueOn),
              h('td', { className: 'num' }, o.workingDaysOverdue),
              h('td', {}, o.statusLabel),
            ),
          ),
        )
      : h('p', { className: 'muted' }, '没有逾期的申请。'),
  );
}

export async function dashboardPage(): Promise<void> {
  const me = session.me!;
  try {
    const agencies = await call('GET /api/agencies');
    view.agencyId ??= me.agencyId;
    // A government sees the agencies under it by default.
    view.includeSubAgencies ??= agencies.some((a) => a.parentId === view.agencyId);
    const d = await call('GET /api/dashboard/{year}', {
      params: { year: String(view.year) },
      query: { agencyId: view.agencyId, includeSubAgencies: view.includeSubAgencies ? 'true' : 'false' },
    });
    await layout('dashboard', dashboardView(d, agencies));
  } catch (err) {
    await layout('dashboard', h('div', { className: 'error' }, errorText(err)));
  }
}
