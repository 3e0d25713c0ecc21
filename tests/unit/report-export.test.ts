/**
 * The report's exports without a server: the grids of tables 二, 三 and 四 (every position covered once,
 * the figures beside their labels), the print page's escaping, the status line, and Word / spreadsheet
 * files that open. (The PDF, printed by Chromium, is tested in tests/integration/report-export.test.ts.)
 */
import JSZip from 'jszip';
import { Workbook } from 'exceljs';
import seed from '../fixtures/seed-2024-tables.json';
import {
  type Grid,
  paragraphsOf,
  placeCells,
  renderReportDocx,
  renderReportHtml,
  renderReportXlsx,
  statusLabel,
  table2Grid,
  table3Grid,
  table4Grid,
} from '../../platform/report-export';
import { type ReportDocument, TABLE3_LAYOUT, reportTitle } from '../../libs/domain/report-document';

const doc = (over: Partial<ReportDocument> = {}): ReportDocument => ({
  agency: { id: '00000000-0000-0000-0000-000000000001', name: '新乡县人民政府办公室' },
  year: 2024,
  title: reportTitle('新乡县人民政府办公室', 2024),
  sections: { overview: '第一段。\n\n第二段。', problems: '', other_matters: '无。' },
  columns: seed.columns,
  table3: seed.table3 as ReportDocument['table3'],
  table4_columns: seed.table4_columns,
  table4: seed.table4 as ReportDocument['table4'],
  table2: seed.table2 as ReportDocument['table2'],
  status: 'draft',
  version: null,
  publishedAt: null,
  ...over,
});

/** Each position of the grid's rectangle covered by exactly one cell. */
function coverage(grid: Grid): number[][] {
  const width = grid.widths.length;
  const cover = grid.rows.map(() => Array.from({ length: width }, () => 0));
  for (const { row, col, cell } of placeCells(grid))
    for (let r = row; r < row + (cell.rowSpan ?? 1); r++)
      for (let c = col; c < col + (cell.colSpan ?? 1); c++) cover[r][c] += 1;
  return cover;
}

describe('the tables as grids', () => {
  it.each([
    ['二', table2Grid],
    ['三', table3Grid],
    ['四', table4Grid],
  ])('table %s covers its rectangle, every position once', (_name, grid) => {
    const g = grid(doc());
    for (const row of coverage(g)) expect(row).toEqual(row.map(() => 1));
  });

  it('puts table 三’s figures beside their national labels, under 申请人情况', () => {
    const g = table3Grid(doc());
    expect(g.headerRows).toBe(3);
    const keyed = TABLE3_LAYOUT.filter((r) => r.key);
    const body = g.rows.slice(g.headerRows);
    expect(body).toHaveLength(keyed.length);
    for (const [i, row] of body.entries()) {
      const figures = row.filter((c) => c.value !== undefined).map((c) => c.value);
      expect(figures).toEqual((seed.table3 as Record<string, number[]>)[keyed[i].key!]);
      expect(row.find((c) => c.text === keyed[i].label)).toBeDefined();
    }
    expect(g.rows[0][1]).toMatchObject({ text: '申请人情况', colSpan: 7 });
    // 三、本年度办理结果 spans every result row, （三）不予公开 its eight.
    const part = body.flat().find((c) => c.text === '三、本年度办理结果')!;
    expect(part.rowSpan).toBe(keyed.filter((r) => r.indent > 0).length);
    expect(body.flat().find((c) => c.text === '（三）不予公开')!.rowSpan).toBe(8);
  });

  it('lays table 四 out as 行政复议 and 行政诉讼 (two groups), with one row of 15 figures', () => {
    const g = table4Grid(doc());
    expect(g.rows[0].map((c) => [c.text, c.colSpan])).toEqual([
      ['行政复议', 5],
      ['行政诉讼', 10],
    ]);
    expect(g.rows[1].slice(5).map((c) => c.text)).toEqual(['未经复议直接起诉', '复议后起诉']);
    expect(g.rows[3].map((c) => c.value)).toEqual([
      ...seed.table4.reconsideration,
      ...seed.table4.litigation_direct,
      ...seed.table4.litigation_after_reconsideration,
    ]);
  });
});

describe('the print page', () => {
  it('escapes every text and carries no script', () => {
    const html = renderReportHtml(
      doc({
        agency: { id: 'x', name: '某局<script>alert(1)</script>' },
        title: '标题<img src=x onerror=alert(1)>',
        sections: { overview: '"引号" & <b>粗体</b>', problems: '', other_matters: '' },
      }),
    );
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;引号&quot; &amp; &lt;b&gt;粗体&lt;/b&gt;');
    expect(html).toContain('某局&lt;script&gt;');
  });

  it('shows the paragraphs, a note for an empty section and the status', () => {
    const html = renderReportHtml(doc(), { now: new Date('2025-01-20T02:00:00Z') });
    expect(html).toContain('<p data-section="overview">第一段。</p>');
    expect(html).toContain('<p data-section="overview">第二段。</p>');
    expect(html).toContain('<p class="empty" data-section="problems">（本部分尚未填写。）</p>');
    expect(html).toContain('<footer>草稿 · 2025年1月20日</footer>');
    expect(renderReportHtml(doc(), { footer: false })).not.toContain('<footer>');
  });

  it('names the status: 草稿, 已发布（第 n 版）', () => {
    expect(statusLabel(doc())).toBe('草稿');
    expect(statusLabel(doc({ status: 'published', version: 1, publishedAt: '2025-01-20T02:00:00Z' }))).toBe(
      '已发布（第 1 版）',
    );
    expect(statusLabel(doc({ status: 'restated', version: 2, publishedAt: '2025-06-01T02:00:00Z' }))).toBe(
      '已发布（第 2 版，更正）',
    );
    expect(paragraphsOf(' a \r\n\r\n b\n')).toEqual(['a', 'b']);
  });
});

describe('the files', () => {
  it('writes a .docx whose document holds the title and the tables with merged cells', async () => {
    const zip = await JSZip.loadAsync(await renderReportDocx(doc()));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(doc().title);
    expect(xml.match(/<w:tbl>/g)).toHaveLength(3);
    expect(xml).toContain('<w:gridSpan w:val="10"/>');
    // Every row of every table fills its grid (merged cells counted by their span, continued rows too).
    for (const table of xml.split('<w:tbl>').slice(1)) {
      const columns = (table.match(/<w:gridCol /g) ?? []).length;
      for (const row of table.split('</w:tr>').slice(0, -1)) {
        const spans = row
          .split('<w:tc>')
          .slice(1)
          .map((cell) => Number(cell.match(/<w:gridSpan w:val="(\d+)"/)?.[1] ?? 1));
        expect(spans.reduce((a, b) => a + b, 0)).toBe(columns);
      }
    }
  });

  it('writes an .xlsx with 说明, 表二, 表三 and 表四', async () => {
    const book = new Workbook();
    await book.xlsx.load((await renderReportXlsx(doc())) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '表二', '表三', '表四']);
    expect(book.getWorksheet('表二')!.getCell('A2').value).toBe('第二十条第（一）项');
  });
});
