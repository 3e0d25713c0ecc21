import { Controller, Get, Module, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOperation,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { ReportDocument } from '../../../../libs/domain/report-document';
import {
  ChromiumUnavailableError,
  renderReportDocx,
  renderReportHtml,
  renderReportPdf,
  renderReportXlsx,
} from '../../../../platform/report-export';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { AgencyScopeQuery } from '../common/page-query';
import { YearParam } from '../common/pipes';
import { ApiFileResponse } from '../common/file-response';
import { ServiceUnavailableError } from '../common/http-exception.filter';
import { PublicationModule } from '../publication/publication.controller';
import { ReportsModule } from '../reports/reports.module';
import { PdfPrinterService } from './pdf-printer.service';
import { ReportDocumentSource } from './report-document.source';

/** agencyId and includeSubAgencies of the exported report, or which published version of it. */
export class ReportExportQuery extends AgencyScopeQuery {
  @ApiPropertyOptional({
    description: 'Export a published snapshot: 1 = the first publication, 2… = restatements',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  version?: number;

  @ApiPropertyOptional({ description: 'true: export the latest published snapshot instead of the draft' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'published must be true or false' })
  published?: string;
}

export const MEDIA = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
type Format = keyof typeof MEDIA;

/**
 * Content-Disposition with the report's Chinese title: an ASCII fallback `filename` and the UTF-8
 * `filename*` of RFC 5987 / 6266 (percent-encoded, attr-chars only).
 */
export function contentDisposition(kind: 'inline' | 'attachment', doc: ReportDocument, ext: Format): string {
  const name = `${doc.title}${doc.status === 'draft' ? '（草稿）' : ''}.${ext}`;
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="ogi-report-${doc.year}.${ext}"; filename*=UTF-8''${encoded}`;
}

const DESCRIPTION =
  'The annual report laid out in the national format of 2021: the title, the six sections, the tables with the national row and column labels and merged heading cells. By default the draft: tables 二, 三 and 四 from the current data, sections 一, 五 and 六 as staff wrote them with their placeholders filled; version=N (or published=true for the latest) exports a published snapshot exactly as published. agencyId defaults to the user’s agency; includeSubAgencies=true rolls up the current figures of the agencies grouped under it.';

@ApiTags('reports 年度报告')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no or an invalid bearer token' })
@ApiBadRequestResponse({ description: 'a bad year, agencyId or includeSubAgencies (the field is named)' })
@Controller('reports')
export class ReportExportController {
  constructor(
    private readonly source: ReportDocumentSource,
    private readonly printer: PdfPrinterService,
  ) {}

  private document(user: StaffUser, year: number, q: ReportExportQuery): Promise<ReportDocument> {
    return this.source.document(user, q.agencyId ?? user.agencyId, year, {
      includeSubAgencies: q.includeSubAgencies === 'true',
      version: q.version,
      published: q.published === 'true',
    });
  }

  @Get(':year/document.html')
  @ApiOperation({
    summary: '年度报告（打印版） The annual report as a print-ready HTML page (A4)',
    description: DESCRIPTION,
  })
  @ApiFileResponse('a self-contained page without scripts, every text escaped', 'text/html')
  async html(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: ReportExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.document(user, year, q);
    await reply
      .header('content-type', MEDIA.html)
      .header('content-disposition', contentDisposition('inline', doc, 'html'))
      // Nothing but its own inline styles: no scripts, no requests.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .header('x-content-type-options', 'nosniff')
      .send(renderReportHtml(doc));
  }

  @Get(':year/document.docx')
  @ApiOperation({
    summary: '年度报告（Word） The annual report as a Word document (.docx)',
    description: DESCRIPTION,
  })
  @ApiFileResponse('the .docx file (宋体 / 黑体 as East Asian fonts)', MEDIA.docx)
  async docx(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: ReportExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.document(user, year, q);
    await this.sendFile(reply, doc, 'docx', await renderReportDocx(doc));
  }

  @Get(':year/document.pdf')
  @ApiOperation({
    summary: '年度报告（PDF） The annual report as a PDF (A4, CJK fonts embedded)',
    description: `${DESCRIPTION} Printed by headless Chromium on the server.`,
  })
  @ApiFileResponse('the PDF file', MEDIA.pdf)
  @ApiServiceUnavailableResponse({
    description: 'Chromium is not installed on the server (PDF export unavailable)',
  })
  async pdf(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: ReportExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.document(user, year, q);
    let file: Buffer;
    try {
      file = await renderReportPdf(doc, { printer: this.printer });
    } catch (err) {
      if (err instanceof ChromiumUnavailableError)
        throw new ServiceUnavailableError(
          `${err.message}. Install Chromium (Debian: apt-get install chromium fonts-noto-cjk) or set OGI_CHROMIUM; the Word, spreadsheet and print exports work without it.`,
          'pdf_unavailable',
        );
      throw err;
    }
    await this.sendFile(reply, doc, 'pdf', file);
  }

  @Get(':year/document.xlsx')
  @ApiOperation({
    summary: '年度报告（电子表格） Tables 二, 三 and 四 of the annual report as a spreadsheet (.xlsx)',
    description: `${DESCRIPTION} One sheet per table (表二, 表三, 表四) and a sheet 说明 (title, status, version).`,
  })
  @ApiFileResponse('the .xlsx file', MEDIA.xlsx)
  async xlsx(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: ReportExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const doc = await this.document(user, year, q);
    await this.sendFile(reply, doc, 'xlsx', await renderReportXlsx(doc));
  }

  private async sendFile(reply: FastifyReply, doc: ReportDocument, ext: Format, file: Buffer): Promise<void> {
    await reply
      .header('content-type', MEDIA[ext])
      .header('content-disposition', contentDisposition('attachment', doc, ext))
      .header('cache-control', 'no-store')
      .send(file);
  }
}

@Module({
  imports: [ReportsModule, PublicationModule],
  controllers: [ReportExportController],
  providers: [ReportDocumentSource, PdfPrinterService],
  exports: [ReportDocumentSource, PdfPrinterService],
})
export class ReportExportModule {}
