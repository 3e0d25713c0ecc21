/**
 * The annual report as a print-ready HTML page (A4): the title, the six sections, tables 二, 三 and 四
 * with the national labels and merged heading cells, CJK fonts, a footer with the status and date. No
 * scripts; every text is escaped. The PDF is this page printed by Chromium.
 */
import type { ReportDocument } from '../../libs/domain/report-document';
import { EMPTY_SECTION, type Grid, documentBlocks, documentDate, footerLine } from './layout';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The CJK font stacks: 宋体-like serif for the body and the title, 黑体-like sans for headings. */
export const SERIF_FONTS = `"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif`;
export const SANS_FONTS = `"Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Heiti SC", sans-serif`;

const STYLE = `
@page { size: A4; margin: 25mm 22mm 22mm 22mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 170mm; font-family: ${SERIF_FONTS}; font-size: 12pt; line-height: 1.75; color: #000; background: #fff; }
h1 { font-family: ${SERIF_FONTS}; font-weight: 700; font-size: 20pt; line-height: 1.45; text-align: center; margin: 0 0 1.2em; text-wrap: balance; }
h2 { font-family: ${SANS_FONTS}; font-weight: 700; font-size: 14pt; margin: 1.2em 0 0.5em; text-indent: 2em; page-break-after: avoid; break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.empty { color: #666; }
table { width: 100%; border-collapse: collapse; margin: 0.4em 0 0.8em; font-size: 10pt; line-height: 1.35; break-inside: avoid; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; }
th { font-family: ${SANS_FONTS}; font-weight: 700; text-align: center; }
td.c { text-align: center; }
td.l { text-align: left; }
td.n { text-align: center; font-variant-numeric: tabular-nums; }
th.note { font-weight: 400; font-family: ${SERIF_FONTS}; font-size: 9pt; }
.signature { margin-top: 2em; text-align: right; text-indent: 0; }
footer { margin-top: 2.5em; padding-top: 0.4em; border-top: 1px solid #999; font-size: 9pt; color: #444; text-align: center; text-indent: 0; }
@media screen { body { padding: 20mm 0; } }
`;

function gridHtml(grid: Grid, name: string): string {
  const width = grid.widths.reduce((a, b) => a + b, 0);
  const cols = grid.widths.map((w) => `<col style="width:${((w / width) * 100).toFixed(2)}%">`).join('');
  const rowHtml = (cells: Grid['rows'][number]) =>
    `<tr>${cells
      .map((c) => {
        const tag = c.header ? 'th' : 'td';
        const span =
          (c.rowSpan && c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '') +
          (c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '');
        const cls = c.header
          ? c.text.startsWith('（本列')
            ? ' class="note"'
            : ''
          : ` class="${c.value !== undefined ? 'n' : c.align === 'left' ? 'l' : 'c'}"`;
        return `<${tag}${span}${cls}>${escapeHtml(c.text)}</${tag}>`;
      })
      .join('')}</tr>`;
  const head = grid.rows.slice(0, grid.headerRows).map(rowHtml).join('\n');
  const body = grid.rows.slice(grid.headerRows).map(rowHtml).join('\n');
  return `<table data-table="${escapeHtml(name)}"><colgroup>${cols}</colgroup>${
    head ? `<thead>${head}</thead>` : ''
  }<tbody>${body}</tbody></table>`;
}

/**
 * The complete page. `now` dates a draft (default: today); `footer: false` leaves out the footer line
 * (the PDF prints it in every page's margin instead).
 */
export function renderReportHtml(
  doc: ReportDocument,
  options: { now?: Date; footer?: boolean } = {},
): string {
  const body = documentBlocks(doc)
    .map((b) => {
      if (b.kind === 'heading') return `<h2>${escapeHtml(b.text)}</h2>`;
      if (b.kind === 'table') return gridHtml(b.grid, b.name);
      if (b.paragraphs.length === 0)
        return `<p class="empty" data-section="${b.section}">${escapeHtml(EMPTY_SECTION)}</p>`;
      return b.paragraphs.map((p) => `<p data-section="${b.section}">${escapeHtml(p)}</p>`).join('\n');
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
${body}
<p class="signature">${escapeHtml(doc.agency.name)}<br>${escapeHtml(documentDate(doc, options.now))}</p>
${options.footer === false ? '' : `<footer>${escapeHtml(footerLine(doc, options.now))}</footer>`}
</body>
</html>
`;
}
