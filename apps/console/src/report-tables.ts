import type { AnnualReportDto, Table2Dto, Table2SourcesDto, Table4Dto } from './api-types';
import { dataTable, h } from './dom';

/** Table 二's register rows (规章, 行政规范性文件): issued, repealed and in force in the year. */
export function table2DocumentRows(t: Table2Dto): HTMLElement[] {
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
      ...[t[key].issued, t[key].repealed, t[key].in_force].map((n) => h('td', { className: 'num' }, n)),
    ),
  );
}

/** Table 二 of the report: the register's documents, then the figures entered with their sources. */
export function table2View(r: AnnualReportDto): HTMLElement {
  const t = r.table2;
  const sources = r.table2_sources;
  const sourceOf = (key: keyof Table2SourcesDto) => sources[key]?.source ?? '未录入';
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
export function table4View(r: AnnualReportDto): HTMLElement {
  const results = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const groups: Array<[keyof Table4Dto, string]> = [
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
        ...r.table4[key].map((n) => h('td', { className: 'num' }, n)),
      ),
    ),
  );
}
