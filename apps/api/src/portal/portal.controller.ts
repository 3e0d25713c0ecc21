import { Body, Controller, Get, Headers, HttpCode, Module, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UuidParam } from '../common/pipes';
import { ApiFileResponse } from '../common/file-response';
import {
  NOTICE_MEDIA,
  NoticesModule,
  noticeContentDisposition,
  parseNoticeFile,
} from '../notices/notices.controller';
import { CalendarModule } from '../calendar/calendar.controller';
import { Public } from '../auth/auth.types';
import { ApplicationsModule } from '../applications/applications.module';
import {
  ApplicantSessionDto,
  CodeSentDto,
  OpenSessionDto,
  PortalApplicationDetailDto,
  PortalApplicationDto,
  PortalFeePaymentBodyDto,
  PortalFormDto,
  PortalSupplementBodyDto,
  PortalWithdrawBodyDto,
  PortalApplicationListDto,
  PortalSubmissionDto,
  RequestCodeDto,
} from './portal.dto';
import { PortalService } from './portal.service';
import { referenceLists } from '../../../../libs/domain/reference';

/**
 * The applicants' side (网上申请, issue 14): no staff account. An applicant proves an e-mail address with a
 * one-time code and holds a portal session (`Authorization: Bearer`), which opens their own applications.
 */
@ApiTags('portal 网上申请')
@Controller('portal')
export class PortalController {
  constructor(private readonly portal: PortalService) {}

  @Public()
  @Get('form')
  @ApiOperation({ summary: '申请表选项 What the application form offers: the applicant types' })
  @ApiOkResponse({ type: PortalFormDto })
  form(): PortalFormDto {
    return { applicantTypes: referenceLists().applicantTypes };
  }

  @Public()
  @Post('agencies/:agencyCode/codes')
  @HttpCode(202)
  @ApiOperation({ summary: '获取验证码 Send a one-time code to the applicant’s e-mail address' })
  @ApiAcceptedResponse({ type: CodeSentDto })
  @ApiBadRequestResponse({ description: 'not an e-mail address' })
  @ApiNotFoundResponse({ description: 'no such agency' })
  @ApiTooManyRequestsResponse({ description: 'too many codes for this address or from this client' })
  @ApiServiceUnavailableResponse({ description: 'e-mail is not set up, or the mail server refused' })
  requestCode(
    @Param('agencyCode') agencyCode: string,
    @Body() dto: RequestCodeDto,
    @Req() request: FastifyRequest,
  ): Promise<CodeSentDto> {
    return this.portal.requestCode(agencyCode, dto, request.ip);
  }

  @Public()
  @Post('agencies/:agencyCode/sessions')
  @HttpCode(200)
  @ApiOperation({ summary: '验证码登录 Open an applicant session with the code' })
  @ApiOkResponse({ type: ApplicantSessionDto })
  @ApiUnauthorizedResponse({ description: 'CODE_INVALID: wrong, used or expired code (5 tries at most)' })
  openSession(
    @Param('agencyCode') agencyCode: string,
    @Body() dto: OpenSessionDto,
  ): Promise<ApplicantSessionDto> {
    return this.portal.openSession(agencyCode, dto);
  }

  @Public()
  @Post('applications')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      '提交申请 File an application online; received on the date the platform confirms it (RULES.md §1)',
  })
  @ApiCreatedResponse({ type: PortalSubmissionDto })
  @ApiUnauthorizedResponse({ description: 'no applicant session' })
  @ApiTooManyRequestsResponse({ description: 'too many applications from this address today' })
  async submit(
    @Headers('authorization') authorization: string | undefined,
    @Body() dto: PortalApplicationDto,
    @Req() request: FastifyRequest,
  ): Promise<PortalSubmissionDto> {
    return this.portal.submit(await this.portal.applicant(authorization), dto, request.ip);
  }

  @Public()
  @Get('applications/:id')
  @ApiBearerAuth()
  @ApiOperation({
    summary: '申请详情 Where the application stands, its deadline, the notices sent, the steps open',
  })
  @ApiOkResponse({ type: PortalApplicationDetailDto })
  @ApiNotFoundResponse({ description: 'not an application of this applicant' })
  async detail(
    @Headers('authorization') authorization: string | undefined,
    @Param('id', new UuidParam()) id: string,
  ): Promise<PortalApplicationDetailDto> {
    return this.portal.detail(await this.portal.applicant(authorization), id);
  }

  @Public()
  @Get('applications/:id/notices/:file')
  @ApiBearerAuth()
  @ApiOperation({ summary: '下载文书 A notice sent to the applicant, as {noticeId}.pdf or {noticeId}.docx' })
  @ApiFileResponse('the file: .docx or .pdf as its name says', NOTICE_MEDIA.docx, NOTICE_MEDIA.pdf)
  @ApiNotFoundResponse({ description: 'not a notice of this applicant’s application' })
  async notice(
    @Headers('authorization') authorization: string | undefined,
    @Param('id', new UuidParam()) id: string,
    @Param('file') file: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const applicant = await this.portal.applicant(authorization);
    const { noticeId, ext } = parseNoticeFile(file);
    const { doc, file: body } = await this.portal.noticeFile(applicant, id, noticeId, ext);
    await reply
      .header('content-type', NOTICE_MEDIA[ext])
      .header('content-disposition', noticeContentDisposition(doc, ext))
      .header('cache-control', 'no-store')
      .send(body);
  }

  @Public()
  @Post('applications/:id/supplement')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: '在线补正 Supply the supplement; received today, the reply period restarts from it',
  })
  @ApiOkResponse({ type: PortalApplicationDetailDto })
  @ApiConflictResponse({ description: 'no supplement is asked for, or its period has ended' })
  async supplement(
    @Headers('authorization') authorization: string | undefined,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: PortalSupplementBodyDto,
  ): Promise<PortalApplicationDetailDto> {
    return this.portal.step(await this.portal.applicant(authorization), id, 'supplement', { text: dto.text });
  }

  @Public()
  @Post('applications/:id/fee-payment')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      '确认缴费 Confirm the fee is paid, with its reference (today unless dated); the reply period resumes',
  })
  @ApiOkResponse({ type: PortalApplicationDetailDto })
  @ApiConflictResponse({ description: 'no fee is due, or its period has ended' })
  async feePayment(
    @Headers('authorization') authorization: string | undefined,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: PortalFeePaymentBodyDto,
  ): Promise<PortalApplicationDetailDto> {
    return this.portal.step(await this.portal.applicant(authorization), id, 'feePayment', {
      paymentReference: dto.paymentReference,
      paidOn: dto.paidOn,
    });
  }

  @Public()
  @Post('applications/:id/withdraw')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: '撤回申请 Withdraw the application (today)' })
  @ApiOkResponse({ type: PortalApplicationDetailDto })
  @ApiConflictResponse({ description: 'the application is concluded' })
  async withdraw(
    @Headers('authorization') authorization: string | undefined,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: PortalWithdrawBodyDto,
  ): Promise<PortalApplicationDetailDto> {
    return this.portal.step(await this.portal.applicant(authorization), id, 'withdraw', {
      reason: dto.reason,
    });
  }

  @Public()
  @Get('applications')
  @ApiBearerAuth()
  @ApiOperation({ summary: '我的申请 The applicant’s applications at the agency, latest first' })
  @ApiOkResponse({ type: PortalApplicationListDto })
  @ApiUnauthorizedResponse({ description: 'no applicant session' })
  async list(@Headers('authorization') authorization: string | undefined): Promise<PortalApplicationListDto> {
    return this.portal.list(await this.portal.applicant(authorization));
  }
}

@Module({
  imports: [ApplicationsModule, NoticesModule, CalendarModule],
  controllers: [PortalController],
  providers: [PortalService],
})
export class PortalModule {}
