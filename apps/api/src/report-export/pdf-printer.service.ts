import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PdfPrinter } from '../../../../platform/report-export';

/** The API's one headless Chromium for PDF exports, launched on first use and closed at shutdown. */
@Injectable()
export class PdfPrinterService extends PdfPrinter implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
