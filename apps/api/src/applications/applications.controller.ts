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
import { RequireAction } from '../auth/roles.guard';
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
  RouteToDepartmentsDto,
  SignForRoutingDto,
  ReturnRoutingDto,
  RecordContributionDto,
} from './application.dto';
import { STAFF_ACTIONS, type StaffActionType } from '../../../../libs/domain/staff-actions';

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
/**
 * A staff action's endpoint, from the domain's catalogue (libs/domain/staff-actions.ts): POST
 * /api/applications/{id}/{path}, open to the action's roles (ACTION_ROLES), answering the application.
 */
function Action(action: StaffActionType, summary: string): MethodDecorator {
  return (target, key, descriptor) => {
    Post(`:id/${STAFF_ACTIONS[action].path}`)(target, key, descriptor);
    RequireAction(action)(target, key, descriptor);
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
  @RequireAction('register')
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

  @Action('accept', '开始办理 Accept the application for handling')
  accept(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() _dto: AcceptDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'accept', {});
  }

  @Action('requestSupplement', '告知补正 Ask the applicant, once, to supplement the application')
  requestSupplement(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RequestSupplementDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'requestSupplement', dto);
  }

  @Action('recordSupplement', '登记补正 Record the supplemented application (the reply clock restarts)')
  recordSupplement(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordSupplementDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'recordSupplement', dto);
  }

  @Action('draftDecision', '拟定答复 Draft the decision with its outcome code and legal ground')
  draftDecision(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: DraftDecisionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.draftDecision(user, id, dto);
  }

  @Action('returnDecision', '退回答复 Return the draft to the handler')
  returnDecision(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ReturnDecisionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'returnDecision', dto);
  }

  @Action('approveDecision', '审核通过答复 Approve the drafted decision')
  approveDecision(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ApproveDecisionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'approveDecision', dto);
  }

  @Action('deliver', '送达答复 Record delivery of the approved decision (concludes the application)')
  deliver(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: DeliverDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'deliver', dto);
  }

  @Action('withdraw', '登记撤回 Record that the applicant withdrew (concluded as other.other)')
  withdraw(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: WithdrawDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'withdraw', dto);
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

  @Action(
    'startConsultation',
    '征求意见 Ask a third party (Art. 32) or another agency (Art. 34); the reply clock pauses',
  )
  startConsultation(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: StartConsultationDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'startConsultation', dto);
  }

  @Action('recordConsultationReply', '登记意见 Record the consulted party’s answer; the reply clock resumes')
  recordConsultationReply(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordConsultationReplyDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'recordConsultationReply', dto);
  }

  @Action(
    'approveExtension',
    '批准延长答复期限 Extend the reply deadline once, by at most 20 working days, before it passes',
  )
  approveExtension(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ApproveExtensionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'approveExtension', dto);
  }

  @Action(
    'issueFeeNotice',
    '收费通知 Notify a processing fee (2020 bands); the clock pauses for at most 20 working days',
  )
  issueFeeNotice(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: IssueFeeNoticeDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.issueFeeNotice(user, id, dto);
  }

  @Action('recordFeePayment', '登记缴费 Record payment of the fee; the clock resumes')
  recordFeePayment(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordFeePaymentDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'recordFeePayment', dto);
  }

  @Action(
    'requestReasons',
    '要求说明理由 Ask an applicant whose applications clearly exceed a reasonable range for reasons (Art. 35)',
  )
  requestReasons(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RequestReasonsDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'requestReasons', dto);
  }

  @Action(
    'setLaterDeadline',
    '确定延后答复期限 Set a reasonable later deadline after asking for reasons (Art. 35)',
  )
  setLaterDeadline(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: SetLaterDeadlineDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'setLaterDeadline', dto);
  }

  @Action(
    'routeToDepartments',
    '交办承办科室 Route to a lead department (主办) and optional contributing ones (协办); the reply deadline stays unchanged',
  )
  routeToDepartments(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RouteToDepartmentsDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'routeToDepartments', dto);
  }

  @Action('signForRouting', '签收 Sign for the routing, as a member of a routed department')
  signForRouting(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: SignForRoutingDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'signForRouting', dto);
  }

  @Action(
    'returnRouting',
    '退回 Send the routing back with a reason, as a member of a routed department (the lead’s return goes back to the router)',
  )
  returnRouting(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ReturnRoutingDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'returnRouting', dto);
  }

  @Action(
    'recordContribution',
    '提供意见或材料 Record a routed department’s contribution (协办意见), as a member of it, after signing',
  )
  recordContribution(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordContributionDto,
  ): Promise<ApplicationDetailDto> {
    return this.applications.act(user, id, 'recordContribution', dto);
  }
}
