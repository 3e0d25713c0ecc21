/** The annual report's exports: print page, Word, PDF and spreadsheet, each from a ReportDocument. */
export { escapeHtml, renderReportHtml } from './html';
export { renderReportDocx } from './docx';
export { renderReportXlsx } from './xlsx';
export { ChromiumUnavailableError, PdfPrinter, chromiumPath, renderReportPdf } from './pdf';
export * from './layout';
