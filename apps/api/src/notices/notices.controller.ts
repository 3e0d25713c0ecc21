import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { DELIVERY_METHOD_LABELS } from '../../../../libs/domain/application';
import {
  DEFAULT_KIND_CODES,
  NOTICE_KINDS,
  NOTICE_KIND_LABELS,
  type NoticeDocument,
  type NoticeKind,
  type NoticeTemplate,
  noticeFileName,
  noticeNumber,
  noticeTemplateProblems,
} from '../../../../libs/domain/notices';
import { businessDateProblem } from '../../../../libs/domain/input';
import {
  type NoticeRow,
  findNoticeFiles,
  keepNoticeFile,
  listNotices,
  loadNoticeTemplate,
  recordNoticeDelivery,
  renderNoticeDocx,
  renderNoticePdf,
  saveNoticeTemplate,
} from '../../../../platform/notice-export';
import { ChromiumUnavailableError } from '../../../../platform/report-export';
import { AgenciesModule } from '../agencies/agencies.module';
import { AgenciesService } from '../agencies/agencies.service';
import { CurrentUser, type StaffUser, actorOf } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { ServiceUnavailableError } from '../common/http-exception.filter';
import { UuidParam } from '../common/pipes';
import { badRequest, todayInChina } from '../common/validation';
import { PdfPrinterService } from '../report-export/pdf-printer.service';
import { ReportExportModule } from '../report-export/report-export.controller';
import { ApiFileResponse } from '../common/file-response';
import {
  NoticeSummaryDto,
  NoticeTemplateDto,
  NoticeTemplateViewDto,
  RecordNoticeDeliveryDto,
} from './notices.dto';
import { applicationAgency } from '../../../../platform/database/repositories/applications.repository';

const MEDIA = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

/** Content-Disposition with the notice's Chinese name (RFC 6266 filename*, ASCII fallback). */
export function noticeContentDisposition(doc: NoticeDocument, ext: 'docx' | 'pdf'): string {
  const encoded = encodeURIComponent(noticeFileName(doc, ext)).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="notice-${doc.kind}-${doc.year}-${doc.serial}.${ext}"; filename*=UTF-8''${encoded}`;
}

export function noticeSummary(r: NoticeRow): NoticeSummaryDto {
  const base = `/api/applications/${r.application_id}/notices/${r.id}`;
  return {
    id: r.id,
    applicationId: r.application_id,
    kind: r.kind,
    kindLabel: NOTICE_KIND_LABELS[r.kind] ?? r.kind,
    title: r.document.title,
    number: r.number,
    year: r.year,
    serial: r.serial,
    stepKey: r.step_key,
    seq: r.seq,
    issuedOn: r.issued_on,
    addressee: r.document.addressee,
    createdAt: r.created_at.toISOString(),
    deliveryMethod: r.delivery_method,
    deliveryMethodLabel: r.delivery_method ? DELIVERY_METHOD_LABELS[r.delivery_method] : null,
    deliveredOn: r.delivered_on,
    pdfReady: r.pdf_ready,
    docxUrl: `${base}.docx`,
    pdfUrl: `${base}.pdf`,
  };
}

@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
    private readonly printer: PdfPrinterService,
  ) {}

  /** The notices store's statements run on the data source. */
  private readonly sql = (text: string, parameters?: unknown[]): Promise<unknown> =>
    this.db.query(text, parameters);

  private notFound(what: string): NotFoundException {
    return new NotFoundException({ statusCode: 404, error: 'Not Found', message: what });
  }

  /** The application's agency if the user may see it; 404 alike otherwise. */
  private async application(user: StaffUser, id: string): Promise<string> {
    const agencyId = await applicationAgency(this.db, id);
    if (!agencyId || !(await this.agencies.scope(user)).includes(agencyId))
      throw this.notFound(`no application with id ${id}`);
    return agencyId;
  }

  async list(user: StaffUser, applicationId: string): Promise<NoticeSummaryDto[]> {
    await this.application(user, applicationId);
    return (await listNotices(this.sql, applicationId)).map(noticeSummary);
  }

  private async one(user: StaffUser, applicationId: string, noticeId: string) {
    await this.application(user, applicationId);
    const notice = await findNoticeFiles(this.sql, applicationId, noticeId);
    if (!notice) throw this.notFound(`no notice ${noticeId} of application ${applicationId}`);
    return notice;
  }

  /**
   * A notice's .docx or PDF: rendered on first download from the document fixed when the notice was
   * issued, then kept with the notice (a download at the same moment renders it too and keeps the first).
   */
  async file(user: StaffUser, applicationId: string, noticeId: string, ext: 'docx' | 'pdf') {
    const n = await this.one(user, applicationId, noticeId);
    const kept = n[ext];
    if (kept) return { doc: n.document, file: kept };
    const file = ext === 'docx' ? await renderNoticeDocx(n.document) : await this.printPdf(n.document);
    await keepNoticeFile(this.sql, n.id, ext, file);
    return { doc: n.document, file };
  }

  private async printPdf(doc: NoticeDocument): Promise<Buffer> {
    try {
      return await renderNoticePdf(doc, this.printer);
    } catch (err) {
      if (err instanceof ChromiumUnavailableError)
        throw new ServiceUnavailableError(
          `${err.message}. Install Chromium (Debian: apt-get install chromium fonts-noto-cjk) or set OGI_CHROMIUM; the Word file (.docx) works without it.`,
          'pdf_unavailable',
        );
      throw err;
    }
  }

  async recordDelivery(
    user: StaffUser,
    applicationId: string,
    noticeId: string,
    dto: RecordNoticeDeliveryDto,
  ): Promise<NoticeSummaryDto> {
    const n = await this.one(user, applicationId, noticeId);
    const problem = businessDateProblem(dto.deliveredOn, todayInChina());
    if (problem) throw badRequest([{ field: 'deliveredOn', reasons: [`送达日期${problem}`] }]);
    if (dto.deliveredOn < n.issued_on)
      throw badRequest([
        {
          field: 'deliveredOn',
          reasons: [
            `送达日期 ${dto.deliveredOn} 早于文书日期 ${n.issued_on}（deliveredOn is before the notice）`,
          ],
        },
      ]);
    await recordNoticeDelivery(this.sql, n.id, dto.method, dto.deliveredOn);
    const row = (await listNotices(this.sql, applicationId)).find((r) => r.id === n.id)!;
    return noticeSummary(row);
  }

  async template(user: StaffUser): Promise<NoticeTemplateViewDto> {
    const { template, saved } = await loadNoticeTemplate(this.sql, user.agencyId);
    const year = Number(todayInChina().slice(0, 4));
    const examples = Object.fromEntries(NOTICE_KINDS.map((k) => [k, noticeNumber(template, k, year, 1)]));
    return { agencyId: user.agencyId, saved, ...template, examples };
  }

  async saveTemplate(user: StaffUser, dto: NoticeTemplateDto): Promise<NoticeTemplateViewDto> {
    const unknownKinds = Object.keys(dto.kindCodes ?? {}).filter(
      (k) => !(NOTICE_KINDS as readonly string[]).includes(k),
    );
    if (unknownKinds.length)
      throw badRequest(
        unknownKinds.map((k) => ({
          field: `kindCodes.${k}`,
          reasons: [`未知的文书种类（kind must be one of: ${NOTICE_KINDS.join(', ')}）`],
        })),
      );
    const template: NoticeTemplate = {
      agencyDisplayName: dto.agencyDisplayName?.trim(),
      sealText: dto.sealText?.trim(),
      numberPrefix: dto.numberPrefix?.trim() ?? '',
      kindCodes: {
        ...DEFAULT_KIND_CODES,
        // A code left out or null keeps its default.
        ...(Object.fromEntries(
          Object.entries(dto.kindCodes ?? {}).filter(([, v]) => v !== null && v !== undefined),
        ) as Partial<Record<NoticeKind, string>>),
      },
      serialStyle: dto.serialStyle,
      closingParagraph: dto.closingParagraph?.trim() || null,
    };
    const problems = noticeTemplateProblems(template);
    if (problems.length) throw badRequest(problems.map((p) => ({ field: p.field, reasons: [p.reason] })));
    await saveNoticeTemplate(this.sql, user.agencyId, template, actorOf(user));
    return this.template(user);
  }
}

/** The file part of `…/notices/{noticeId}.docx|.pdf`. */
function parseFile(file: string): { noticeId: string; ext: 'docx' | 'pdf' } {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(docx|pdf)$/i.exec(file);
  if (!m)
    throw badRequest([
      { field: 'noticeId', reasons: ['应为文书编号加 .docx 或 .pdf（{noticeId}.docx or {noticeId}.pdf）'] },
    ]);
  return { noticeId: m[1].toLowerCase(), ext: m[2].toLowerCase() as 'docx' | 'pdf' };
}

@ApiTags('notices 正式文书')
@ApiBearerAuth()
@Controller('applications')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get(':id/notices')
  @ApiOperation({
    summary: '正式文书 The formal notices of an application (numbered, with delivery), oldest first',
  })
  @ApiOkResponse({ type: [NoticeSummaryDto] })
  @ApiNotFoundResponse({ description: 'no such application' })
  list(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
  ): Promise<NoticeSummaryDto[]> {
    return this.notices.list(user, id);
  }

  @Get(':id/notices/:file')
  @ApiOperation({
    summary: '下载正式文书 A notice as Word (…/{noticeId}.docx) or PDF (…/{noticeId}.pdf)',
    description:
      'The filename is the notice’s Chinese title and number (Content-Disposition filename*=UTF-8). The PDF is printed by headless Chromium on first download and kept.',
  })
  @ApiFileResponse('the file: .docx or .pdf as its name says', MEDIA.docx, MEDIA.pdf)
  @ApiBadRequestResponse({ description: 'not {noticeId}.docx or {noticeId}.pdf' })
  @ApiNotFoundResponse({ description: 'no such application or notice' })
  @ApiServiceUnavailableResponse({ description: 'Chromium is not installed (PDF only)' })
  async download(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Param('file') file: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { noticeId, ext } = parseFile(file);
    const { doc, file: body } = await this.notices.file(user, id, noticeId, ext);
    await reply
      .header('content-type', MEDIA[ext])
      .header('content-disposition', noticeContentDisposition(doc, ext))
      .header('cache-control', 'no-store')
      .send(body);
  }

  @Post(':id/notices/:noticeId/delivery')
  @RequireRoles(['registrar', 'handler'], '登记送达')
  @HttpCode(200)
  @ApiOperation({ summary: '登记文书送达 Record how and when a notice was delivered' })
  @ApiOkResponse({ type: NoticeSummaryDto })
  @ApiBadRequestResponse({ description: 'a bad method or date (named, with its reason)' })
  @ApiForbiddenResponse({ description: 'neither registrar nor handler' })
  @ApiNotFoundResponse({ description: 'no such application or notice' })
  recordDelivery(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Param('noticeId', new UuidParam('noticeId')) noticeId: string,
    @Body() dto: RecordNoticeDeliveryDto,
  ): Promise<NoticeSummaryDto> {
    return this.notices.recordDelivery(user, id, noticeId, dto);
  }
}

@ApiTags('notices 正式文书')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'not an admin' })
@Controller('notice-templates')
export class NoticeTemplatesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @RequireRoles(['admin'], '管理正式文书模板')
  @ApiOperation({ summary: '正式文书模板 The agency’s notice template (admin)' })
  @ApiOkResponse({ type: NoticeTemplateViewDto })
  get(@CurrentUser() user: StaffUser): Promise<NoticeTemplateViewDto> {
    return this.notices.template(user);
  }

  @Put()
  @RequireRoles(['admin'], '管理正式文书模板')
  @ApiOperation({
    summary: '修改正式文书模板 Set the agency’s notice template (admin); applies to notices made afterwards',
  })
  @ApiOkResponse({ type: NoticeTemplateViewDto })
  @ApiBadRequestResponse({ description: 'a field is missing, too long or malformed (named, Chinese reason)' })
  put(@CurrentUser() user: StaffUser, @Body() dto: NoticeTemplateDto): Promise<NoticeTemplateViewDto> {
    return this.notices.saveTemplate(user, dto);
  }
}

@Module({
  // The report's PDF printer (one headless Chromium for the API).
  imports: [AgenciesModule, ReportExportModule],
  controllers: [NoticesController, NoticeTemplatesController],
  providers: [NoticesService],
})
export class NoticesModule {}
