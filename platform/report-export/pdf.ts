/**
 * The annual report as a PDF: the print page (html.ts) printed by headless Chromium (Debian's package,
 * driven by playwright-core), A4. Chromium embeds the CJK fonts it uses (fonts-noto-cjk) as subsets.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import type { ReportDocument } from '../../libs/domain/report-document';
import { SERIF_FONTS, escapeHtml, renderReportHtml } from './html';
import { footerLine } from './layout';

/** Chromium is not installed (or does not start): the export cannot be made on this server. */
export class ChromiumUnavailableError extends Error {
  constructor(detail: string) {
    super(`PDF export unavailable: Chromium could not be started (${detail})`);
    this.name = 'ChromiumUnavailableError';
  }
}

/** OGI_CHROMIUM, or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.OGI_CHROMIUM || '/usr/bin/chromium';
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * One headless Chromium shared by the PDF exports, launched on first use, relaunched when it has gone
 * away (crashed or killed), closed by `close()`. Each PDF is printed in its own browser context.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  private launch(): Promise<Browser> {
    const path = chromiumPath();
    if (!existsSync(path)) return Promise.reject(new ChromiumUnavailableError(`${path} not found`));
    return chromium.launch({ executablePath: path, headless: true, args: ARGS }).catch((err: unknown) => {
      throw new ChromiumUnavailableError(err instanceof Error ? err.message.split('\n')[0] : String(err));
    });
  }

  private async connected(): Promise<Browser> {
    if (this.browser) {
      const current = await this.browser.catch(() => null);
      if (current?.isConnected()) return current;
    }
    const launching = this.launch();
    this.browser = launching;
    launching.then(
      (b) => b.on('disconnected', () => this.browser === launching && (this.browser = null)),
      () => this.browser === launching && (this.browser = null),
    );
    return launching;
  }

  /** The page printed to PDF (A4, backgrounds printed, the page's own @page margins). */
  async print(html: string, footer = ''): Promise<Buffer> {
    const browser = await this.connected();
    // No network for the page: it is self-contained, and nothing in it may fetch anything.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
      await page.evaluate('document.fonts.ready.then(() => true)').catch(() => undefined);
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: footer !== '',
        headerTemplate: '<span></span>',
        footerTemplate: footer,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
  }
}

/** Every page's footer: the status and date, and the page number (Chromium fills the spans). */
function pdfFooter(doc: ReportDocument, now?: Date): string {
  const style = `width:100%;margin:0 22mm;padding-top:2mm;border-top:0.5pt solid #999;font-size:8pt;color:#444;text-align:center;font-family:${SERIF_FONTS.replace(/"/g, "'")}`;
  return `<div style="${style}">${escapeHtml(footerLine(doc, now))} · 第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>`;
}

/**
 * The PDF of the report. With a printer, its shared browser prints it; without, a browser is launched
 * for this one document and closed.
 */
export async function renderReportPdf(
  doc: ReportDocument,
  options: { printer?: PdfPrinter; now?: Date } = {},
): Promise<Buffer> {
  const html = renderReportHtml(doc, { now: options.now, footer: false });
  const footer = pdfFooter(doc, options.now);
  if (options.printer) return options.printer.print(html, footer);
  const printer = new PdfPrinter();
  try {
    return await printer.print(html, footer);
  } finally {
    await printer.close();
  }
}
