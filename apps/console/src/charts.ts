/**
 * Charts for the console (issue 15): bar, line and pie charts drawn by ECharts (SVG, so print is crisp),
 * each a `<figure data-chart="<id>">` with its title, the chart, and a 数据表 holding exactly the figures
 * drawn (with 合计 where the figures add up) that can be saved as CSV.
 *
 * Only the pages that import this module load ECharts (it ends up in their lazily loaded chunk).
 *
 * Lifecycle: the chart lives in an `<ogi-chart>` element (a custom element). It is drawn when the element
 * is attached to the document (connectedCallback), follows its size (ResizeObserver), is redrawn at A4
 * width for printing (beforeprint/afterprint), and is disposed when the element is removed
 * (disconnectedCallback) — pages just build the figure and put it in the page, nothing to mount or free.
 */
import {
  BarChart,
  type BarSeriesOption,
  LineChart,
  type LineSeriesOption,
  PieChart,
  type PieSeriesOption,
} from 'echarts/charts';
import {
  AriaComponent,
  type AriaComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECElementEvent, type ECharts, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { type Child, h } from './dom';

use([
  BarChart,
  LineChart,
  PieChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

// ---------- the API ----------

/** One series of a bar or line chart: a value for each category, in the categories' order. */
export interface ChartSeries {
  name: string;
  values: number[];
  /** Series with the same stack are drawn on top of each other (parts of one whole). */
  stack?: string;
}

/** A bar or line chart: categories (months, types, offices…) along one axis, the series' values along the other. */
export interface CartesianChartSpec {
  /** Names the figure (`data-chart`) and the CSV file (`<id>.csv`). */
  id: string;
  title: string;
  categories: string[];
  series: ChartSeries[];
  /** The unit of the values (件, 天, %…), shown on the value axis, in the tooltip and the table's headings. */
  unit?: string;
  /** The table's heading of the categories' column (default 类别), e.g. 月份. */
  categoryLabel?: string;
  /**
   * Whether the figures add up (counts, amounts): the table gets a 合计 row, and a 合计 column when all
   * series are stacked together. Default true; false for rates, averages or balances.
   */
  total?: boolean;
  /**
   * Each value written at its bar or point. Default: on for bars that are not stacked when there are at
   * most 24 of them, off otherwise.
   */
  valueLabels?: boolean;
  /**
   * Called with the category (and the series) when a bar or point, or a category's axis label, is clicked;
   * the table's category names become buttons that call it too, so it works from the keyboard.
   * E.g. to open the list of applications the bar counts.
   */
  onClick?: (category: string, series?: string) => void;
}

export interface BarChartSpec extends CartesianChartSpec {
  /** Bars drawn left to right, categories down the side (for long category names). */
  horizontal?: boolean;
}

export type LineChartSpec = CartesianChartSpec;

/** A pie chart: the parts of one whole. */
export interface PieChartSpec {
  id: string;
  title: string;
  slices: Array<{ name: string; value: number }>;
  unit?: string;
  /** The table's heading of the slices' column (default 类别). */
  categoryLabel?: string;
  /** The table's heading of the values' column (default 数量). */
  valueLabel?: string;
  /** Called with the slice's name when a slice is clicked (the table's names become buttons too). */
  onClick?: (category: string) => void;
}

/** A bar chart with its 数据表. */
export function barChart(spec: BarChartSpec): HTMLElement {
  return cartesianFigure('bar', spec, spec.horizontal ?? false);
}

/** A line chart (a trend over the categories, e.g. months) with its 数据表. */
export function lineChart(spec: LineChartSpec): HTMLElement {
  return cartesianFigure('line', spec, false);
}

/** A pie chart with its 数据表 (each slice's value and share, and the 合计). */
export function pieChart(spec: PieChartSpec): HTMLElement {
  for (const s of spec.slices)
    if (!Number.isFinite(s.value) || s.value < 0)
      throw new Error(`chart ${spec.id}: slice ${s.name} has the value ${s.value}`);
  const total = sum(spec.slices.map((s) => s.value));
  const shares = percentages(spec.slices.map((s) => s.value));
  const valueLabel = spec.valueLabel ?? '数量';
  const unit = spec.unit ?? '';
  const option: ChartOption = {
    ...baseOption(describePie(spec, shares, total)),
    tooltip: {
      trigger: 'item',
      confine: true,
      textStyle: { fontFamily: FONT },
      valueFormatter: (v) => `${String(v)}${unit}`,
    },
    series: [
      {
        type: 'pie',
        name: valueLabel,
        radius: ['0%', '62%'],
        center: ['50%', '52%'],
        data: spec.slices.map((s) => ({ name: s.name, value: s.value })),
        label: {
          // The share as the table shows it (rounded so that the shares add up to 100).
          formatter: (p) => `${p.name}\n${String(p.value)}${unit}（${shares[p.dataIndex] ?? ''}%）`,
          lineHeight: 16,
        },
        labelLine: { length: 10, length2: 8 },
        // No labels piled up on empty or hairline slices (the 数据表 lists them).
        minShowLabelAngle: 1,
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
    ],
  };
  const table = figureTable(
    spec,
    [spec.categoryLabel ?? '类别', withUnit(valueLabel, unit), '占比（%）'],
    [
      ...spec.slices.map((s, i) =>
        h(
          'tr',
          { 'data-category': s.name },
          categoryCell(s.name, spec.onClick),
          figureCell(valueLabel, s.value),
          figureCell('占比', shares[i] ?? ''),
        ),
      ),
      h(
        'tr',
        { 'data-total': true },
        h('th', { scope: 'row' }, '合计'),
        figureCell(valueLabel, total, true),
        figureCell('占比', total > 0 ? '100.0' : '', true),
      ),
    ],
  );
  const onClick = spec.onClick;
  return figure(spec, spec.slices.length > 0 && total > 0 ? option : null, table, (e) => {
    if (onClick && e.componentType === 'series') onClick(e.name);
  });
}

// ---------- bar and line charts ----------

function cartesianFigure(kind: 'bar' | 'line', spec: CartesianChartSpec, horizontal: boolean): HTMLElement {
  const { categories, series } = spec;
  for (const s of series) {
    if (s.values.length !== categories.length)
      throw new Error(
        `chart ${spec.id}: series ${s.name} has ${s.values.length} values for ${categories.length} categories`,
      );
    if (!s.values.every(Number.isFinite))
      throw new Error(`chart ${spec.id}: series ${s.name} has a non-number`);
  }
  const unit = spec.unit ?? '';
  const adds = spec.total ?? true;
  const stack = series[0]?.stack;
  const stackedTogether = series.length > 1 && stack !== undefined && series.every((s) => s.stack === stack);
  const stacked = series.some((s) => s.stack !== undefined);
  const labels = spec.valueLabels ?? (kind === 'bar' && !stacked && categories.length * series.length <= 24);
  const integers = series.every((s) => s.values.every(Number.isInteger));

  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    // Clicks on a category's label call onClick too (long names are easier to hit than thin bars).
    triggerEvent: spec.onClick !== undefined,
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: AXIS } },
    axisLabel: horizontal
      ? { color: LABEL, width: 150, overflow: 'truncate' as const }
      : { color: LABEL, hideOverlap: true },
    // Horizontal bars list the categories from the top down, in the order given.
    inverse: horizontal,
  };
  const valueAxis = {
    type: 'value' as const,
    name: unit ? `单位：${unit}` : undefined,
    // Above the value axis of columns, centred below that of horizontal bars.
    nameLocation: horizontal ? ('middle' as const) : ('end' as const),
    nameGap: horizontal ? 26 : 12,
    nameTextStyle: { color: LABEL, align: horizontal ? ('center' as const) : ('left' as const) },
    minInterval: integers ? 1 : undefined,
    axisLabel: { color: LABEL },
    splitLine: { lineStyle: { color: GRID_LINE } },
  };
  const legend = series.length > 1;
  const option: ChartOption = {
    ...baseOption(describeCartesian(kind === 'line' ? '折线图' : horizontal ? '条形图' : '柱状图', spec)),
    legend: legend
      ? { type: 'scroll', top: 0, left: 'center', icon: 'roundRect', itemHeight: 10 }
      : undefined,
    tooltip: {
      trigger: 'axis',
      confine: true,
      textStyle: { fontFamily: FONT },
      axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' },
      valueFormatter: (v) => `${String(v)}${unit}`,
    },
    grid: {
      left: 8,
      right: horizontal && labels ? 40 : 24,
      top: legend ? 40 : unit && !horizontal ? 30 : 16,
      bottom: 8,
      // Axis labels and the unit are kept inside the chart (ECharts 6's successor of containLabel).
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: series.map((s): BarSeriesOption | LineSeriesOption => {
      const label = {
        show: labels,
        position: horizontal ? ('right' as const) : ('top' as const),
        color: LABEL,
      };
      return kind === 'bar'
        ? {
            type: 'bar',
            name: s.name,
            stack: s.stack,
            data: s.values,
            label,
            barMaxWidth: 36,
            emphasis: { focus: 'series' },
          }
        : {
            type: 'line',
            name: s.name,
            stack: s.stack,
            data: s.values,
            label,
            areaStyle: s.stack !== undefined ? { opacity: 0.35 } : undefined,
            symbolSize: 6,
            lineStyle: { width: 2 },
            emphasis: { focus: 'series' },
          };
    }),
  };

  const seriesTotals = series.map((s) => sum(s.values));
  const table = figureTable(
    spec,
    [
      spec.categoryLabel ?? '类别',
      ...series.map((s) => withUnit(s.name, unit)),
      ...(adds && stackedTogether ? [withUnit('合计', unit)] : []),
    ],
    [
      ...categories.map((category, i) =>
        h(
          'tr',
          { 'data-category': category },
          categoryCell(category, spec.onClick),
          ...series.map((s) => figureCell(s.name, s.values[i] ?? 0)),
          adds && stackedTogether ? figureCell('合计', sum(series.map((s) => s.values[i] ?? 0)), true) : null,
        ),
      ),
      adds
        ? h(
            'tr',
            { 'data-total': true },
            h('th', { scope: 'row' }, '合计'),
            ...series.map((s, j) => figureCell(s.name, seriesTotals[j] ?? 0, true)),
            stackedTogether ? figureCell('合计', sum(seriesTotals), true) : null,
          )
        : null,
    ],
  );
  const onClick = spec.onClick;
  return figure(spec, categories.length > 0 && series.length > 0 ? option : null, table, (e) => {
    if (!onClick) return;
    if (e.componentType === 'series') onClick(e.name, e.seriesName);
    // A category axis label: its value is the category.
    else if (e.componentType === 'xAxis' || e.componentType === 'yAxis') onClick(String(e.value));
  });
}

// ---------- look ----------

/** The console's font (styles.css), so that Chinese is drawn with a CJK font on screen and in print. */
const FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
const TEXT = '#1f2937';
const LABEL = '#4b5563';
const AXIS = '#9ca3af';
const GRID_LINE = '#e5e7eb';
/**
 * Restrained colours after the console's red header (#9f1d20), alternating dark and light so that
 * neighbouring series stay apart when printed in black and white.
 */
export const CHART_COLORS = [
  '#9f1d20', // the header's red
  '#d9a441', // ochre
  '#3d5a80', // slate blue
  '#9cb8a4', // sage
  '#6b4c3b', // umber
  '#e0a3a0', // rose
  '#5f6b7a', // grey
  '#2f7a6b', // teal
];

/**
 * What every chart shares: font, colours, and ECharts' aria, which makes the chart's element an image
 * (role="img") labelled with `description` for screen readers.
 */
function baseOption(description: string): ChartOption {
  return {
    color: CHART_COLORS,
    textStyle: { fontFamily: FONT, fontSize: 12, color: TEXT },
    aria: { enabled: true, label: { description } },
    animation: !matchMedia('(prefers-reduced-motion: reduce)').matches,
    animationDuration: 400,
  };
}

/** At most this many figures of a series are read out; the 数据表 has them all. */
const DESCRIBED = 24;

/**
 * The chart in words, e.g. 柱状图“各月收到的申请”，12 个月份，系列：收到、办结。收到：1月 12件，2月 18件……
 * (ECharts' own description reads out its internal dimensions, such as each category's index.)
 */
function describeCartesian(kind: string, spec: CartesianChartSpec): string {
  const unit = spec.unit ?? '';
  const head = `${kind}“${spec.title}”，${spec.categories.length} 个${spec.categoryLabel ?? '类别'}，系列：${spec.series.map((s) => s.name).join('、')}。`;
  const series = spec.series.map((s) => {
    const figures = spec.categories.slice(0, DESCRIBED).map((c, i) => `${c} ${s.values[i] ?? ''}${unit}`);
    const more = spec.categories.length > DESCRIBED ? `……共 ${spec.categories.length} 项，见数据表` : '';
    return `${s.name}：${figures.join('，')}${more}`;
  });
  return `${head}${series.join('；')}。`;
}

function describePie(spec: PieChartSpec, shares: string[], total: number): string {
  const unit = spec.unit ?? '';
  const figures = spec.slices.map((s, i) => `${s.name} ${s.value}${unit}（${shares[i] ?? ''}%）`);
  return `饼图“${spec.title}”：${figures.join('，')}；合计 ${total}${unit}。`;
}

// ---------- the figure and its table ----------

/** `<figure data-chart>`: caption, the chart (none without figures), and the 数据表 with 导出 CSV. */
function figure(
  spec: { id: string; title: string },
  option: ChartOption | null,
  table: HTMLTableElement,
  onClick: (e: ECElementEvent) => void,
): HTMLElement {
  const exportButton = h(
    'button',
    {
      type: 'button',
      className: 'chart-export',
      onclick: () => saveCsv(table, `${spec.id.replace(/[\\/:*?"<>|\s]+/g, '_')}.csv`),
    },
    '导出 CSV',
  );
  return h(
    'figure',
    { className: 'chart-figure', 'data-chart': spec.id },
    h('figcaption', {}, spec.title),
    option ? new ChartHost(option, onClick) : h('p', { className: 'chart-empty muted' }, '暂无数据'),
    h('details', { className: 'chart-data' }, h('summary', {}, '数据表'), table, h('p', {}, exportButton)),
  );
}

function figureTable(spec: { title: string }, headers: string[], rows: Child[]): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, spec.title),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows),
  );
}

/** The row's heading: the category, a button when the chart links categories somewhere. */
function categoryCell(category: string, onClick: ((category: string) => void) | undefined): HTMLElement {
  return h(
    'th',
    { scope: 'row' },
    onClick
      ? h('button', { type: 'button', className: 'link', onclick: () => onClick(category) }, category)
      : category,
  );
}

/** A figure of the table: `data-figure` names its column (the series, 合计 or 占比), its row is the `tr`'s. */
function figureCell(column: string, value: number | string, total = false): HTMLElement {
  return h('td', { className: 'num', 'data-figure': column, 'data-total': total }, value);
}

const withUnit = (heading: string, unit: string) => (unit ? `${heading}（${unit}）` : heading);

/** A sum without floating-point dust (0.1 + 0.2 is 0.3): rounded to the most decimals among the values. */
function sum(values: number[]): number {
  const decimals = Math.max(0, ...values.map((v) => (String(v).split('.')[1] ?? '').length));
  return Number(values.reduce((a, b) => a + b, 0).toFixed(Math.min(decimals, 10)));
}

/** Each value's share with one decimal, rounded (largest remainder) so that the shares add up to 100.0. */
function percentages(values: number[]): string[] {
  const total = values.reduce((a, b) => a + b, 0);
  if (total <= 0) return values.map(() => '');
  const exact = values.map((v) => (v / total) * 1000);
  const tenths = exact.map(Math.floor);
  let left = 1000 - tenths.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    tenths[i] = (tenths[i] ?? 0) + 1;
    left--;
  }
  return tenths.map((t) => (t / 10).toFixed(1));
}

// ---------- CSV ----------

/** The table as CSV (its caption left out): UTF-8 with a BOM so that Excel reads the Chinese, CRLF lines. */
export function tableCsv(table: HTMLTableElement): string {
  const lines = [...table.rows].map((row) =>
    [...row.cells].map((cell) => csvField(cell.textContent ?? '')).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvField(text: string): string {
  // A text starting with = + - @ would be taken for a formula by a spreadsheet; numbers stay numbers.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function saveCsv(table: HTMLTableElement, filename: string): void {
  const url = URL.createObjectURL(new Blob([tableCsv(table)], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------- the chart element ----------

/** Width of a chart on paper: A4 (210 mm) less 15 mm margins each side, in CSS pixels. */
const PRINT_WIDTH = 680;
/** The charts in the document, redrawn for printing. */
const live = new Set<ChartHost>();

/** `<ogi-chart>`: draws its chart while it is in the document. */
class ChartHost extends HTMLElement {
  private chart: ECharts | null = null;
  private resizer: ResizeObserver | null = null;
  private frame = 0;

  constructor(
    private readonly option: ChartOption,
    private readonly onClick: (e: ECElementEvent) => void,
  ) {
    super();
    this.className = 'chart';
  }

  connectedCallback(): void {
    if (this.chart) return; // moved within the document: still drawn
    const chart = init(this, null, { renderer: 'svg', locale: 'ZH' });
    chart.setOption(this.option);
    chart.on('click', (e) => this.onClick(e));
    this.chart = chart;
    this.resizer = new ResizeObserver(() => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.chart?.resize());
    });
    this.resizer.observe(this);
    live.add(this);
  }

  disconnectedCallback(): void {
    // A move (removed and attached again by the same script, e.g. append elsewhere) keeps the chart;
    // a removal disposes of it.
    queueMicrotask(() => {
      if (this.isConnected || !this.chart) return;
      cancelAnimationFrame(this.frame);
      this.resizer?.disconnect();
      this.chart.dispose();
      this.chart = null;
      this.resizer = null;
      live.delete(this);
    });
  }

  /** Redraws the chart at `width` (for paper) or at its element's size (null), at once. */
  redraw(width: number | null): void {
    if (!this.chart) return;
    this.chart.resize(width === null ? undefined : { width: Math.min(this.clientWidth, width) });
    this.chart.getZr().flush();
  }
}

if (!customElements.get('ogi-chart')) customElements.define('ogi-chart', ChartHost);
// Printing lays the page out at paper width without a resize: the charts are redrawn to fit A4 first.
window.addEventListener('beforeprint', () => live.forEach((c) => c.redraw(PRINT_WIDTH)));
window.addEventListener('afterprint', () => live.forEach((c) => c.redraw(null)));
