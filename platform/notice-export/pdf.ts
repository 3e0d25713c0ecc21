/** A notice's PDF: its print page printed by headless Chromium (kept apart so the worker never loads it). */
import type { NoticeDocument } from '../../libs/domain/notices';
import { PdfPrinter } from '../report-export/pdf';
import { renderNoticeHtml } from './render';

/** The PDF of a notice, printed by the shared printer (or a browser launched for this one). */
export async function renderNoticePdf(doc: NoticeDocument, printer?: PdfPrinter): Promise<Buffer> {
  const html = renderNoticeHtml(doc);
  if (printer) return printer.print(html);
  const own = new PdfPrinter();
  try {
    return await own.print(html);
  } finally {
    await own.close();
  }
}
