/**
 * The annual report's tables as a spreadsheet (.xlsx, exceljs): a sheet 说明 (title, agency, year,
 * status, version, date) and one sheet per table (表二, 表三, 表四) with the national labels, merged heading
 * cells and the figures as numbers.
 */
import { type Borders, Workbook, type Worksheet } from 'exceljs';
import type { ReportDocument } from '../../libs/domain/report-document';
import { REPORT_SECTIONS } from '../../libs/domain/report-document';
import {
  type Grid,
  TABLE_NAMES,
  documentDate,
  placeCells,
  statusLabel,
  table2Grid,
  table3Grid,
  table4Grid,
} from './layout';

const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = 'SimSun';

function writeGrid(sheet: Worksheet, title: string, grid: Grid, widthScale: number): void {
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { name: 'SimHei', bold: true, size: 12 };
  const top = 2; // the grid starts on row 2
  const columns = grid.widths.length;
  sheet.mergeCells(1, 1, 1, columns);
  grid.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.max(6, w * widthScale)));
  for (const { row, col, cell } of placeCells(grid)) {
    const r = top + row;
    const c = 1 + col;
    const rowSpan = cell.rowSpan ?? 1;
    const colSpan = cell.colSpan ?? 1;
    // Borders on every covered cell, so merged cells are framed in every spreadsheet program.
    for (let dr = 0; dr < rowSpan; dr++)
      for (let dc = 0; dc < colSpan; dc++) sheet.getCell(r + dr, c + dc).border = BORDER;
    if (rowSpan > 1 || colSpan > 1) sheet.mergeCells(r, c, r + rowSpan - 1, c + colSpan - 1);
    const target = sheet.getCell(r, c);
    target.value = cell.value ?? cell.text;
    target.font = { name: cell.header ? 'SimHei' : FONT, bold: !!cell.header, size: 10 };
    target.alignment = {
      horizontal: cell.align === 'left' && !cell.header ? 'left' : 'center',
      vertical: 'middle',
      wrapText: true,
    };
  }
  sheet.views = [{ state: 'frozen', ySplit: top - 1 + grid.headerRows }];
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
}

/** The .xlsx file. `now` dates a draft (default: today). */
export async function renderReportXlsx(doc: ReportDocument, options: { now?: Date } = {}): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'OGI Flow';
  workbook.title = doc.title;
  const about = workbook.addWorksheet('说明');
  about.columns = [{ width: 14 }, { width: 70 }];
  const heading = (key: 'table2' | 'table3' | 'table4') =>
    REPORT_SECTIONS.find((s) => s.content === key)!.heading;
  const rows: Array<[string, string | number]> = [
    ['标题', doc.title],
    ['机关', doc.agency.name],
    ['年度', doc.year],
    ['状态', statusLabel(doc)],
    ['版本', doc.version ?? '—'],
    ['日期', documentDate(doc, options.now)],
    ['表二', heading('table2')],
    ['表三', heading('table3')],
    ['表四', heading('table4')],
  ];
  for (const [label, value] of rows) {
    const row = about.addRow([label, value]);
    row.getCell(1).font = { name: 'SimHei', bold: true };
    row.getCell(2).font = { name: FONT };
  }
  writeGrid(workbook.addWorksheet(TABLE_NAMES.table2), heading('table2'), table2Grid(doc), 0.8);
  writeGrid(workbook.addWorksheet(TABLE_NAMES.table3), heading('table3'), table3Grid(doc), 1.3);
  writeGrid(workbook.addWorksheet(TABLE_NAMES.table4), heading('table4'), table4Grid(doc), 10);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
