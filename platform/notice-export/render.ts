/**
 * A formal notice (NoticeDocument) as a Word document (.docx, the `docx` package) and as a print page
 * (HTML, A4) that Chromium prints to PDF (platform/report-export/pdf.ts, CJK fonts embedded). Both lay
 * out the same structured document: title, number, addressee, paragraphs, legal basis, rights of appeal,
 * closing paragraph, signature (agency, seal text, date). The PDF (pdf.ts) is this page printed.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { NoticeDocument } from '../../libs/domain/notices';
import { A4, wordFont } from '../report-export/docx';
import { SANS_FONTS, SERIF_FONTS, escapeHtml } from '../report-export/html';

const BODY_FONT = wordFont('仿宋');
const TITLE_FONT = wordFont('宋体');
const PAGE = A4;
const MARGIN = { top: 1417, bottom: 1247, left: 1531, right: 1417 };
/** Half-points: 二号 22pt title, 三号 16pt body. */
const SIZE = { title: 44, body: 32, small: 24 };

/** Every text of the notice in reading order (what a reader of the .docx or PDF finds). */
export function noticeLines(doc: NoticeDocument): string[] {
  return [
    doc.title,
    doc.number,
    `${doc.addressee}：`,
    ...doc.paragraphs,
    doc.legalBasis,
    ...(doc.rightsOfAppeal ? [doc.rightsOfAppeal] : []),
    ...(doc.closing ? [doc.closing] : []),
    doc.agencyName,
    `（${doc.sealText}）`,
    doc.dateText,
  ];
}

export async function renderNoticeDocx(doc: NoticeDocument): Promise<Buffer> {
  const run = (text: string, size = SIZE.body, bold = false) =>
    new TextRun({ text, size, bold, font: BODY_FONT });
  const body = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: 640 },
      spacing: { line: 560 },
      children: [run(text)],
    });
  const right = (text: string, before = 0) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before, line: 560 }, children: [run(text)] });
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240, line: 640 },
      children: [new TextRun({ text: doc.title, bold: true, size: SIZE.title, font: TITLE_FONT })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [run(doc.number)] }),
    new Paragraph({ spacing: { line: 560 }, children: [run(`${doc.addressee}：`)] }),
    ...doc.paragraphs.map(body),
    body(doc.legalBasis),
    ...(doc.rightsOfAppeal ? [body(doc.rightsOfAppeal)] : []),
    ...(doc.closing ? [body(doc.closing)] : []),
    right(doc.agencyName, 720),
    right(`（${doc.sealText}）`),
    right(doc.dateText),
  ];
  const document = new Document({
    creator: 'OGI Flow',
    title: `${doc.title} ${doc.number}`,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body } } } },
    sections: [{ properties: { page: { size: PAGE, margin: MARGIN } }, children }],
  });
  return Packer.toBuffer(document);
}

const STYLE = `
@page { size: A4; margin: 30mm 25mm 25mm 27mm; }
body { margin: 0 auto; max-width: 158mm; font-family: ${SERIF_FONTS}; font-size: 15pt; line-height: 1.9; color: #000; background: #fff; }
h1 { font-family: ${SERIF_FONTS}; font-size: 21pt; font-weight: 700; text-align: center; margin: 0 0 0.4em; }
.number { text-align: center; margin: 0 0 1.2em; font-family: ${SANS_FONTS}; font-size: 13pt; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.addressee { text-indent: 0; }
p.basis { font-weight: 700; }
.signature { margin-top: 2.5em; text-align: right; }
.signature p { text-indent: 0; text-align: right; }
.seal { display: inline-block; border: 2px solid #c00; color: #c00; border-radius: 50%; padding: 0.6em 1em; font-size: 11pt; line-height: 1.3; margin: 0.3em 0; }
`;

/** The print page of a notice: self-contained, no scripts, every text escaped. */
export function renderNoticeHtml(doc: NoticeDocument): string {
  const p = (text: string, cls = '') => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(`${doc.title} ${doc.number}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<div class="number">${escapeHtml(doc.number)}</div>
${p(`${doc.addressee}：`, 'addressee')}
${doc.paragraphs.map((t) => p(t)).join('\n')}
${p(doc.legalBasis, 'basis')}
${doc.rightsOfAppeal ? p(doc.rightsOfAppeal) : ''}
${doc.closing ? p(doc.closing) : ''}
<div class="signature">
${p(doc.agencyName)}
<p><span class="seal">（${escapeHtml(doc.sealText)}）</span></p>
${p(doc.dateText)}
</div>
</body></html>`;
}
