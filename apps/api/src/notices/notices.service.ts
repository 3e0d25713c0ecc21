/**
 * The formal notices of an application (issue 11): listing, the files (rendered on first download and
 * kept), the record of their delivery, and the agency's notice template. The statements are the notices
 * store's (platform/notice-export/store.ts).
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DELIVERY_METHOD_LABELS } from '../../../../libs/domain/application';
import {
  DEFAULT_KIND_CODES,
  NOTICE_KINDS,
  NOTICE_KIND_LABELS,
  type NoticeDocument,
  type NoticeKind,
  type NoticeTemplate,
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
import { applicationAgency } from '../../../../platform/database/repositories/applications.repository';
import { AgenciesService } from '../agencies/agencies.service';
import { type StaffUser, actorOf } from '../auth/auth.types';
import { ServiceUnavailableError } from '../common/http-exception.filter';
import { badRequest, todayInChina } from '../common/validation';
import { PdfPrinterService } from '../report-export/pdf-printer.service';
import type {
  NoticeSummaryDto,
  NoticeTemplateDto,
  NoticeTemplateViewDto,
  RecordNoticeDeliveryDto,
} from './notices.dto';

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
    return this.listOf(applicationId);
  }

  /** The application's notices, for a caller that has checked who may see them (the portal). */
  async listOf(applicationId: string): Promise<NoticeSummaryDto[]> {
    return (await listNotices(this.sql, applicationId)).map(noticeSummary);
  }

  private async one(applicationId: string, noticeId: string) {
    const notice = await findNoticeFiles(this.sql, applicationId, noticeId);
    if (!notice) throw this.notFound(`no notice ${noticeId} of application ${applicationId}`);
    return notice;
  }

  /**
   * A notice's .docx or PDF: rendered on first download from the document fixed when the notice was
   * issued, then kept with the notice (a download at the same moment renders it too and keeps the first).
   */
  async file(user: StaffUser, applicationId: string, noticeId: string, ext: 'docx' | 'pdf') {
    await this.application(user, applicationId);
    return this.fileOf(applicationId, noticeId, ext);
  }

  /** A notice's file, for a caller that has checked who may see it (the portal). */
  async fileOf(applicationId: string, noticeId: string, ext: 'docx' | 'pdf') {
    const n = await this.one(applicationId, noticeId);
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
    await this.application(user, applicationId);
    const n = await this.one(applicationId, noticeId);
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
