/**
 * Tables 二, 三 and 四 of a ReportDocument as grids of cells with merged cells (rowspan / colspan), in
 * the national format of 2021, with the labels of libs/domain/report-document.ts. Every export (HTML,
 * Word, spreadsheet) lays out the same grids, so the three cannot differ.
 */
import {
  REPORT_SECTIONS,
  TABLE2_LAYOUT,
  TABLE3_COLUMN_LABELS,
  TABLE3_LAYOUT,
  TABLE4_LAYOUT,
  type NarrativeSection,
  type ReportDocument,
} from '../../libs/domain/report-document';

export interface GridCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
  /** A heading cell (bold, centred). */
  header?: boolean;
  align?: 'left' | 'center';
  /** A figure of the table (numbers: right-aligned in the spreadsheet as numbers). */
  value?: number;
}

/** Rows hold only the cells that start in them (as in HTML). */
export interface Grid {
  /** Relative column widths. */
  widths: number[];
  /** How many of the first rows are the table's heading. */
  headerRows: number;
  rows: GridCell[][];
  /** A note printed above the table. */
  note?: string;
}

const num = (value: number): GridCell => ({ text: String(value), value, align: 'center' });
const head = (text: string, extra: Partial<GridCell> = {}): GridCell => ({
  text,
  header: true,
  align: 'center',
  ...extra,
});

/** Table 二: the three blocks of the national format in one 4-column table. */
export function table2Grid(doc: ReportDocument): Grid {
  const L = TABLE2_LAYOUT;
  const t = doc.table2;
  const rows: GridCell[][] = [
    [head(L.documentsHeading, { colSpan: 4 })],
    L.documentColumns.map((c) => head(c)),
    ...L.documents.map((d) => [
      { text: d.label, align: 'center' as const },
      num(t[d.key].issued),
      num(t[d.key].repealed),
      num(t[d.key].in_force),
    ]),
  ];
  let lastHeading = '';
  for (const d of L.decisions) {
    if (d.heading !== lastHeading) {
      rows.push([head(d.heading, { colSpan: 4 })]);
      rows.push([head(L.decisionsColumns[0]), head(L.decisionsColumns[1], { colSpan: 3 })]);
      lastHeading = d.heading;
    }
    rows.push([
      { text: d.label, align: 'center' },
      { ...num(t[d.key]), colSpan: 3 },
    ]);
  }
  rows.push([head(L.fees.heading, { colSpan: 4 })]);
  rows.push([head(L.feesColumns[0]), head(L.feesColumns[1], { colSpan: 3 })]);
  rows.push([
    { text: L.fees.label, align: 'center' },
    { ...num(t[L.fees.key]), colSpan: 3 },
  ]);
  return { widths: [28, 24, 24, 24], headerRows: 0, rows };
}

/** The note the national form prints over table 三's label column. */
export const TABLE3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

/**
 * Table 三: three label columns (the part 三、本年度办理结果 and the groups （三）…（六） span their rows),
 * then 自然人, the five kinds of 法人或其他组织 and 总计 under 申请人情况.
 */
export function table3Grid(doc: ReportDocument): Grid {
  const C = TABLE3_COLUMN_LABELS;
  const rows: GridCell[][] = [
    [head(TABLE3_NOTE, { rowSpan: 3, colSpan: 3 }), head(C.group, { colSpan: 2 + C.kinds.length })],
    [
      head(C.naturalPerson, { rowSpan: 2 }),
      head(C.organisations, { colSpan: C.kinds.length }),
      head(C.total, { rowSpan: 2 }),
    ],
    C.kinds.map((k) => head(k)),
  ];
  const figures = (key: NonNullable<(typeof TABLE3_LAYOUT)[number]['key']>) =>
    (doc.table3[key] ?? []).map(num);
  // How many figure rows follow a heading row of `indent`, up to the next row of that indent or less.
  const spanOf = (i: number): number => {
    const indent = TABLE3_LAYOUT[i].indent;
    let n = 0;
    for (let j = i + 1; j < TABLE3_LAYOUT.length && TABLE3_LAYOUT[j].indent > indent; j++) {
      if (TABLE3_LAYOUT[j].key) n++;
    }
    return n;
  };
  let pending: GridCell[] = [];
  for (const [i, row] of TABLE3_LAYOUT.entries()) {
    if (!row.key) {
      // A heading without figures: it spans the rows under it, in its own label column.
      pending.push({ text: row.label, rowSpan: spanOf(i), align: 'center' });
      continue;
    }
    const label: GridCell = { text: row.label, colSpan: 3 - row.indent, align: 'left' };
    rows.push([...pending, label, ...figures(row.key)]);
    pending = [];
  }
  return { widths: [7, 8, 30, 8, 7, 7, 7, 7, 7, 8], headerRows: 3, rows, note: undefined };
}

/** Table 四: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), each 结果维持 … 总计; one row of figures. */
export function table4Grid(doc: ReportDocument): Grid {
  const [reconsideration, ...litigation] = TABLE4_LAYOUT.groups;
  const results = TABLE4_LAYOUT.resultLabels;
  const part = (label: string) => label.split(' · ');
  const n = results.length;
  const rows: GridCell[][] = [
    [head(reconsideration.label, { colSpan: n }), head(part(litigation[0].label)[0], { colSpan: 2 * n })],
    [
      ...results.map((r) => head(r, { rowSpan: 2 })),
      ...litigation.map((g) => head(part(g.label)[1] ?? g.label, { colSpan: n })),
    ],
    [...litigation.flatMap(() => results.map((r) => head(r)))],
    TABLE4_LAYOUT.groups.flatMap((g) => (doc.table4[g.key] ?? results.map(() => 0)).map(num)),
  ];
  return { widths: Array.from({ length: 3 * n }, () => 1), headerRows: 3, rows };
}

/** A block of the document, in order: the six sections with their text or table. */
export type DocumentBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraphs'; section: NarrativeSection; paragraphs: string[] }
  | { kind: 'table'; name: string; grid: Grid };

/** Plain text into paragraphs: one per non-empty line. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export const TABLE_NAMES = { table2: '表二', table3: '表三', table4: '表四' } as const;

/** The document's six sections as blocks to lay out. */
export function documentBlocks(doc: ReportDocument): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  for (const s of REPORT_SECTIONS) {
    blocks.push({ kind: 'heading', text: s.heading });
    if (s.content === 'table2')
      blocks.push({ kind: 'table', name: TABLE_NAMES.table2, grid: table2Grid(doc) });
    else if (s.content === 'table3')
      blocks.push({ kind: 'table', name: TABLE_NAMES.table3, grid: table3Grid(doc) });
    else if (s.content === 'table4')
      blocks.push({ kind: 'table', name: TABLE_NAMES.table4, grid: table4Grid(doc) });
    else
      blocks.push({
        kind: 'paragraphs',
        section: s.content,
        paragraphs: paragraphsOf(doc.sections[s.content] ?? ''),
      });
  }
  return blocks;
}

/** What a section not yet written shows. */
export const EMPTY_SECTION = '（本部分尚未填写。）';

/** 草稿 / 已发布（第 n 版）. */
export function statusLabel(doc: ReportDocument): string {
  if (doc.status === 'draft' || doc.version === null) return '草稿';
  return `已发布（第 ${doc.version} 版${doc.status === 'restated' ? '，更正' : ''}）`;
}

/** The date the document stands for: its publication, or today (China time) for a draft. */
export function documentDate(doc: ReportDocument, now: Date = new Date()): string {
  const iso = doc.publishedAt ? new Date(doc.publishedAt) : now;
  const [y, m, d] = iso.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The footer line: status and date. */
export function footerLine(doc: ReportDocument, now?: Date): string {
  return `${statusLabel(doc)} · ${documentDate(doc, now)}`;
}

/**
 * The grid's cells at their positions (row, column), for formats that place cells by coordinates (the
 * spreadsheet) or need the covered positions (Word's vertical merges).
 */
export function placeCells(grid: Grid): Array<{ row: number; col: number; cell: GridCell }> {
  const taken: boolean[][] = [];
  const out: Array<{ row: number; col: number; cell: GridCell }> = [];
  for (const [r, cells] of grid.rows.entries()) {
    taken[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (taken[r][c]) c++;
      out.push({ row: r, col: c, cell });
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++) {
        taken[r + dr] ??= [];
        for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) taken[r + dr][c + dc] = true;
      }
      c += cell.colSpan ?? 1;
    }
  }
  return out;
}
