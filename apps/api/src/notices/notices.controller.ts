import { Body, Controller, Get, HttpCode, Module, Param, Post, Put, Res } from '@nestjs/common';
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
import type { FastifyReply } from 'fastify';
import { type NoticeDocument, noticeFileName } from '../../../../libs/domain/notices';
import { AgenciesModule } from '../agencies/agencies.module';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { UuidParam } from '../common/pipes';
import { badRequest } from '../common/validation';
import { ReportExportModule } from '../report-export/report-export.controller';
import { ApiFileResponse } from '../common/file-response';
import {
  NoticeSummaryDto,
  NoticeTemplateDto,
  NoticeTemplateViewDto,
  RecordNoticeDeliveryDto,
} from './notices.dto';
import { NoticesService } from './notices.service';

export const NOTICE_MEDIA = {
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

/** The file part of `…/notices/{noticeId}.docx|.pdf`. */
export function parseNoticeFile(file: string): { noticeId: string; ext: 'docx' | 'pdf' } {
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
  @ApiFileResponse('the file: .docx or .pdf as its name says', NOTICE_MEDIA.docx, NOTICE_MEDIA.pdf)
  @ApiBadRequestResponse({ description: 'not {noticeId}.docx or {noticeId}.pdf' })
  @ApiNotFoundResponse({ description: 'no such application or notice' })
  @ApiServiceUnavailableResponse({ description: 'Chromium is not installed (PDF only)' })
  async download(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Param('file') file: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { noticeId, ext } = parseNoticeFile(file);
    const { doc, file: body } = await this.notices.file(user, id, noticeId, ext);
    await reply
      .header('content-type', NOTICE_MEDIA[ext])
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
  exports: [NoticesService],
})
export class NoticesModule {}
