import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParam } from '../common/pipes';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { ApplicationsService } from './applications.service';
import {
  AcceptDto,
  ApplicationDetailDto,
  ApplicationPageDto,
  DeadlinesDto,
  ApproveDecisionDto,
  DeliverDto,
  DraftDecisionDto,
  ListApplicationsQuery,
  RecordSupplementDto,
  RegisterApplicationDto,
  RequestSupplementDto,
  ReturnDecisionDto,
  WithdrawDto,
  StartConsultationDto,
  RecordConsultationReplyDto,
  ApproveExtensionDto,
  IssueFeeNoticeDto,
  RecordFeePaymentDto,
  RequestReasonsDto,
  SetLaterDeadlineDto,
} from './application.dto';
import { DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS } from '../../../../libs/domain/application';

const actionResponses = [
  ApiOkResponse({
    type: ApplicationDetailDto,
    description: 'the action is recorded; the application as it now stands',
  }),
  ApiBadRequestResponse({
    description: 'a field is missing or malformed (each field named with its reason)',
  }),
  ApiNotFoundResponse({ description: 'no such application' }),
  ApiConflictResponse({
    description:
      'the workflow refuses the action in this state; `code` names the rule, `message` explains it in Chinese',
  }),
  ApiForbiddenResponse({ description: 'the signed-in user’s roles do not allow this action' }),
];
function Action(summary: string): MethodDecorator {
  return (target, key, descriptor) => {
    ApiOperation({ summary })(target, key, descriptor);
    HttpCode(200)(target, key, descriptor);
    for (const d of actionResponses) d(target, key, descriptor);
  };
}

@ApiTags('applications 依申请公开')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @ApiOperation({ summary: '登记收到申请 Register an application and start its workflow' })
  @ApiCreatedResponse({ type: ApplicationDetailDto })
  @ApiBadRequestResponse({
    description: 'a field is missing or malformed (each field named with its reason)',
  })
  register(
    @CurrentUser() user: StaffUser,
    @Body() dto: RegisterApplicationDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.register(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'List applications (filter by agency, status, receipt year, applicant type; paginated)',
  })
  @ApiOkResponse({ type: ApplicationPageDto })
  list(@CurrentUser() user: StaffUser, @Query() query: ListApplicationsQuery): Promise<ApplicationPageDto> {
    return this.applications.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One application with its state and every recorded event' })
  @ApiOkResponse({ type: ApplicationDetailDto })
  @ApiNotFoundResponse()
  get(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
  ): Promise<ApplicationDetailDto> {
    return this.applications.get(user, id);
  }

  @Post(':id/accept')
  @Action('开始办理 Accept the application for handling')
  accept(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() _dto: AcceptDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'accept', {});
  }

  @Post(':id/request-supplement')
  @Action('告知补正 Ask the applicant, once, to supplement the application')
  requestSupplement(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RequestSupplementDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'requestSupplement', {
      requestedOn: dto.requestedOn,
      periodWorkingDays: dto.periodWorkingDays ?? DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS,
      whatIsNeeded: dto.whatIsNeeded,
    });
  }

  @Post(':id/record-supplement')
  @Action('登记补正 Record the supplemented application (the reply clock restarts)')
  recordSupplement(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordSupplementDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'recordSupplement', {
      supplementedOn: dto.supplementedOn,
      note: dto.note ?? null,
    });
  }

  @Post(':id/draft-decision')
  @Action('拟定答复 Draft the decision with its outcome code and legal ground')
  draftDecision(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: DraftDecisionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'draftDecision', {
      outcome: dto.outcome,
      legalGround: dto.legalGround,
      notes: dto.notes ?? null,
      publicInterestGround: dto.publicInterestGround ?? null,
    });
  }

  @Post(':id/return-decision')
  @Action('退回答复 Return the draft to the handler')
  returnDecision(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ReturnDecisionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'returnDecision', { reason: dto.reason });
  }

  @Post(':id/approve-decision')
  @Action('审核通过答复 Approve the drafted decision')
  approveDecision(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ApproveDecisionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'approveDecision', { note: dto.note ?? null });
  }

  @Post(':id/deliver')
  @Action('送达答复 Record delivery of the approved decision (concludes the application)')
  deliver(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: DeliverDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'deliver', {
      deliveredOn: dto.deliveredOn,
      deliveryMethod: dto.deliveryMethod,
      thirdPartyNotifiedOn: dto.thirdPartyNotifiedOn ?? null,
    });
  }

  @Post(':id/withdraw')
  @Action('登记撤回 Record that the applicant withdrew (concluded as other.other)')
  withdraw(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: WithdrawDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'withdraw', {
      withdrawnOn: dto.withdrawnOn,
      reason: dto.reason ?? null,
    });
  }

  @Get(':id/deadlines')
  @ApiOperation({
    summary: '期限 The application’s deadlines, each with its derivation in Chinese',
    description:
      'The reply deadline (答复期限) from the clock ledger and the working-day calendar: start, working days counted, each pause, the extension, holidays skipped and make-up days counted; also the supplement-notice deadline, the supplement period, consultation windows and the fee payment window.',
  })
  @ApiOkResponse({ type: DeadlinesDto, description: 'the deadlines' })
  @ApiNotFoundResponse()
  deadlines(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<DeadlinesDto> {
    return this.applications.deadlines(user, id);
  }

  @Post(':id/start-consultation')
  @Action('征求意见 Ask a third party (Art. 32) or another agency (Art. 34); the reply clock pauses')
  startConsultation(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: StartConsultationDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'startConsultation', {
      kind: dto.kind,
      party: dto.party,
      sentOn: dto.sentOn,
      receivedOn: dto.receivedOn ?? null,
    });
  }

  @Post(':id/record-consultation-reply')
  @Action('登记意见 Record the consulted party’s answer; the reply clock resumes')
  recordConsultationReply(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordConsultationReplyDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'recordConsultationReply', {
      ref: dto.ref,
      repliedOn: dto.repliedOn,
      answer: dto.answer,
      reasons: dto.reasons ?? null,
    });
  }

  @Post(':id/approve-extension')
  @Action('批准延长答复期限 Extend the reply deadline once, by at most 20 working days, before it passes')
  approveExtension(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ApproveExtensionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'approveExtension', {
      approvedOn: dto.approvedOn,
      workingDays: dto.workingDays,
      reason: dto.reason,
    });
  }

  @Post(':id/issue-fee-notice')
  @Action('收费通知 Notify a processing fee (2020 bands); the clock pauses for at most 20 working days')
  issueFeeNotice(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: IssueFeeNoticeDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.issueFeeNotice(user, id, dto);
  }

  @Post(':id/record-fee-payment')
  @Action('登记缴费 Record payment of the fee; the clock resumes')
  recordFeePayment(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordFeePaymentDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'recordFeePayment', { paidOn: dto.paidOn });
  }

  @Post(':id/request-reasons')
  @Action(
    '要求说明理由 Ask an applicant whose applications clearly exceed a reasonable range for reasons (Art. 35)',
  )
  requestReasons(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RequestReasonsDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'requestReasons', {
      requestedOn: dto.requestedOn,
      note: dto.note ?? null,
    });
  }

  @Post(':id/set-later-deadline')
  @Action('确定延后答复期限 Set a reasonable later deadline after asking for reasons (Art. 35)')
  setLaterDeadline(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: SetLaterDeadlineDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'setLaterDeadline', {
      setOn: dto.setOn,
      due: dto.due,
      reason: dto.reason,
    });
  }
}
