/**
 * The annual report as a Word document (.docx, with the `docx` package): A4, the title, the six section
 * headings, the narrative paragraphs and tables 二, 三 and 四 with merged heading cells, East Asian fonts
 * set on every run (宋体 for the body, 黑体 for headings and table headings), a footer with the status,
 * date and page number.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { ReportDocument } from '../../libs/domain/report-document';
import { EMPTY_SECTION, type Grid, documentBlocks, documentDate, footerLine } from './layout';

/** A Word run font: Times New Roman for Latin text, `eastAsia` (what Word uses for the Chinese text). */
export function wordFont(eastAsia: string) {
  return { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia, cs: 'Times New Roman' };
}

/** A4 in twips. */
export const A4 = { width: 11906, height: 16838 };

/** Fonts by role. */
const BODY_FONT = wordFont('宋体');
const HEADING_FONT = wordFont('黑体');
const TITLE_FONT = wordFont('宋体');

/** Margins of 25/22 mm. */
const PAGE = A4;
const MARGIN = { top: 1417, bottom: 1247, left: 1247, right: 1247 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Sizes in half-points: 二号 22pt title, 三号-ish 14pt headings, 小四 12pt body, 五号 10.5pt tables. */
const SIZE = { title: 44, heading: 28, body: 24, table: 20, footer: 18 };

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: border, bottom: border, left: border, right: border };

function tableDocx(grid: Grid): Table {
  const total = grid.widths.reduce((a, b) => a + b, 0);
  const columnWidths = grid.widths.map((w) => Math.floor((w / total) * CONTENT_WIDTH));
  const rows = grid.rows.map(
    (cells, r) =>
      new TableRow({
        tableHeader: r < grid.headerRows,
        cantSplit: true,
        children: cells.map(
          (c) =>
            new TableCell({
              rowSpan: c.rowSpan,
              columnSpan: c.colSpan,
              verticalAlign: VerticalAlignTable.CENTER,
              borders: BORDERS,
              margins: { top: 40, bottom: 40, left: 80, right: 80 },
              children: [
                new Paragraph({
                  alignment: c.align === 'left' && !c.header ? AlignmentType.LEFT : AlignmentType.CENTER,
                  children: [
                    new TextRun({
                      text: c.text,
                      bold: !!c.header && !c.text.startsWith('（本列'),
                      size: c.text.startsWith('（本列') ? 16 : SIZE.table,
                      font: c.header ? HEADING_FONT : BODY_FONT,
                    }),
                  ],
                }),
              ],
            }),
        ),
      }),
  );
  return new Table({
    rows,
    columnWidths,
    layout: TableLayoutType.FIXED,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
  });
}

const bodyParagraph = (text: string, extra: { color?: string } = {}) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 480 },
    spacing: { line: 420 },
    children: [new TextRun({ text, size: SIZE.body, font: BODY_FONT, ...extra })],
  });

/** The .docx file. `now` dates a draft (default: today). */
export async function renderReportDocx(doc: ReportDocument, options: { now?: Date } = {}): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 360, line: 560 },
      children: [new TextRun({ text: doc.title, bold: true, size: SIZE.title, font: TITLE_FONT })],
    }),
  ];
  for (const b of documentBlocks(doc)) {
    if (b.kind === 'heading') {
      children.push(
        new Paragraph({
          keepNext: true,
          indent: { firstLine: 560 },
          spacing: { before: 240, after: 120 },
          children: [new TextRun({ text: b.text, size: SIZE.heading, font: HEADING_FONT })],
        }),
      );
    } else if (b.kind === 'table') {
      children.push(tableDocx(b.grid), new Paragraph({ children: [] }));
    } else if (b.paragraphs.length === 0) {
      children.push(bodyParagraph(EMPTY_SECTION, { color: '666666' }));
    } else {
      children.push(...b.paragraphs.map((p) => bodyParagraph(p)));
    }
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { before: 480 },
      children: [new TextRun({ text: doc.agency.name, size: SIZE.body, font: BODY_FONT })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [new TextRun({ text: documentDate(doc, options.now), size: SIZE.body, font: BODY_FONT })],
    }),
  );
  const document = new Document({
    creator: 'OGI Flow',
    title: doc.title,
    description: footerLine(doc, options.now),
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    text: `${footerLine(doc, options.now)} · 第 `,
                    size: SIZE.footer,
                    font: BODY_FONT,
                  }),
                  new TextRun({ children: [PageNumber.CURRENT], size: SIZE.footer, font: BODY_FONT }),
                  new TextRun({ text: ' 页', size: SIZE.footer, font: BODY_FONT }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
