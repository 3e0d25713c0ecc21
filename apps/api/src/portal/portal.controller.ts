import { Body, Controller, Get, Headers, HttpCode, Module, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.types';
import { ApplicationsModule } from '../applications/applications.module';
import {
  ApplicantSessionDto,
  CodeSentDto,
  OpenSessionDto,
  PortalApplicationDto,
  PortalApplicationListDto,
  PortalSubmissionDto,
  RequestCodeDto,
} from './portal.dto';
import { PortalService } from './portal.service';

/**
 * The applicants' side (网上申请, issue 14): no staff account. An applicant proves an e-mail address with a
 * one-time code and holds a portal session (`Authorization: Bearer`), which opens their own applications.
 */
@ApiTags('portal 网上申请')
@Controller('portal')
export class PortalController {
  constructor(private readonly portal: PortalService) {}

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
  @Get('applications')
  @ApiBearerAuth()
  @ApiOperation({ summary: '我的申请 The applicant’s applications at the agency, latest first' })
  @ApiOkResponse({ type: PortalApplicationListDto })
  @ApiUnauthorizedResponse({ description: 'no applicant session' })
  async list(@Headers('authorization') authorization: string | undefined): Promise<PortalApplicationListDto> {
    return this.portal.list(await this.portal.applicant(authorization));
  }
}

@Module({ imports: [ApplicationsModule], controllers: [PortalController], providers: [PortalService] })
export class PortalModule {}
