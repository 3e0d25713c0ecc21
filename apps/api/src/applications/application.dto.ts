/** Request and response shapes of the applications API, validated at the edge. */
import { NoticeSummaryDto } from '../notices/notices.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { APPLICANT_TYPES, type ApplicantType } from '../../../../libs/domain/applicant';
import { RECEIPT_CHANNELS, type ReceiptChannel } from '../../../../libs/domain/channel';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  type DeliveryMethod,
  CONSULTATION_ANSWERS,
  CONSULTATION_KINDS,
  type ConsultationAnswer,
  type ConsultationKind,
} from '../../../../libs/domain/application';
import { OUTCOME_CODES, type OutcomeCode } from '../../../../libs/domain/outcome';
import { ActionProperty } from './action-property';
import { IsBusinessDate } from '../common/validation';
import {
  type ActionField,
  type StaffActionType,
  STAFF_ACTION_TYPES,
} from '../../../../libs/domain/staff-actions';

const oneOf = (field: string, values: readonly string[]) => ({
  message: `${field} must be one of: ${values.join(', ')}`,
});

/** Registering an application (登记收到申请). */
export class RegisterApplicationDto {
  @ApiProperty({ description: '申请人姓名或名称', example: '张三' })
  @IsString()
  @Length(1, 200)
  applicantName!: string;

  @ApiProperty({ enum: APPLICANT_TYPES, description: '申请人类型 (table 三 column)' })
  @IsIn(APPLICANT_TYPES, oneOf('applicantType', APPLICANT_TYPES))
  applicantType!: ApplicantType;

  @ApiPropertyOptional({ description: '身份证件号码或统一社会信用代码' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  applicantIdNumber?: string;

  @ApiPropertyOptional({ description: '联系方式 (phone, address, e-mail)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  applicantContact?: string;

  @ApiProperty({
    enum: RECEIPT_CHANNELS,
    description: '申请渠道; decides what the receipt date is (GET /api/reference)',
  })
  @IsIn(RECEIPT_CHANNELS, oneOf('channel', RECEIPT_CHANNELS))
  channel!: ReceiptChannel;

  @ApiProperty({
    description:
      '收到申请之日 (YYYY-MM-DD, China Standard Time): by the channel rule; may lie in the past, never in the future',
    example: '2024-03-01',
  })
  @IsBusinessDate()
  receivedOn!: string;

  @ApiPropertyOptional({
    description:
      'Submission instant on an online platform, e-mail or fax (ISO 8601), kept apart from the receipt date',
    example: '2024-02-29T22:15:00+08:00',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'submittedAt must be an ISO 8601 instant, e.g. 2024-02-29T22:15:00+08:00' },
  )
  submittedAt?: string;

  @ApiPropertyOptional({
    description: 'Evidence of the receipt date: signature slip, tracking number, confirmation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  receiptEvidence?: string;

  @ApiProperty({ description: '所需政府信息的名称、文号或者便于查询的其他特征性描述' })
  @IsString()
  @Length(1, 5000)
  informationSought!: string;

  @ApiPropertyOptional({ description: '获取信息的方式与载体形式 (as the applicant asked)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  deliveryPreference?: string;
}

export class ListApplicationsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES, oneOf('status', APPLICATION_STATUSES))
  status?: ApplicationStatus;

  @ApiPropertyOptional({ description: 'Receipt year', example: 2024 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2008)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: APPLICANT_TYPES })
  @IsOptional()
  @IsIn(APPLICANT_TYPES, oneOf('applicantType', APPLICANT_TYPES))
  applicantType?: ApplicantType;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

/**
 * The staff actions' bodies: each property as the domain's catalogue defines it (ActionProperty). The
 * actor of every action is the signed-in user; bodies carry only the action's own fields.
 */
export class AcceptDto {}

export class RequestSupplementDto {
  @ActionProperty('requestSupplement', 'requestedOn', { example: '2024-03-04' })
  requestedOn!: string;

  @ActionProperty('requestSupplement', 'periodWorkingDays')
  periodWorkingDays?: number;

  @ActionProperty('requestSupplement', 'whatIsNeeded')
  whatIsNeeded!: string;
}

export class RecordSupplementDto {
  @ActionProperty('recordSupplement', 'supplementedOn', { example: '2024-03-10' })
  supplementedOn!: string;

  @ActionProperty('recordSupplement', 'note')
  note?: string;
}

export class DraftDecisionDto {
  @ActionProperty('draftDecision', 'outcome')
  outcome!: OutcomeCode;

  @ActionProperty('draftDecision', 'legalGround', {
    example: '《中华人民共和国政府信息公开条例》第三十六条第（二）项',
  })
  legalGround!: string;

  @ActionProperty('draftDecision', 'notes')
  notes?: string;

  @ActionProperty('draftDecision', 'publicInterestGround')
  publicInterestGround?: string;

  @ActionProperty('draftDecision', 'earlierApplication', {
    description:
      'Art. 36(6), required with outcome not_processed.repeated_application: the earlier application (case number or id) of the same applicant at this agency, concluded with a reply',
    example: '2026-0001',
  })
  earlierApplication?: string;

  @ActionProperty('draftDecision', 'earlierReply', {
    description:
      'Art. 36(6), required with outcome not_processed.repeated_application: the earlier reply, its reference and date',
    example: '某政依公开〔2026〕1号，2026-03-10',
  })
  earlierReply?: string;

  @ActionProperty('draftDecision', 'factsUnchanged', {
    description:
      'Art. 36(6), required with outcome not_processed.repeated_application: why the facts and reasons are unchanged (事实和理由未发生变化的说明)',
  })
  factsUnchanged?: string;
}

export class ReturnDecisionDto {
  @ActionProperty('returnDecision', 'reason')
  reason!: string;
}

export class ApproveDecisionDto {
  @ActionProperty('approveDecision', 'note')
  note?: string;
}

export class DeliverDto {
  @ActionProperty('deliver', 'deliveredOn', { example: '2024-03-20' })
  deliveredOn!: string;

  @ActionProperty('deliver', 'deliveryMethod')
  deliveryMethod!: DeliveryMethod;

  @ActionProperty('deliver', 'thirdPartyNotifiedOn', { example: '2024-03-19' })
  thirdPartyNotifiedOn?: string;
}

export class WithdrawDto {
  @ActionProperty('withdraw', 'withdrawnOn', { example: '2024-03-15' })
  withdrawnOn!: string;

  @ActionProperty('withdraw', 'reason')
  reason?: string;
}

export class ApplicationEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty({ description: '事件名称' }) typeLabel!: string;
  @ApiProperty({ type: String, nullable: true }) businessDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) actor!: string | null;
  @ApiProperty({ type: Object }) payload!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: string;
}

export class ApplicationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ example: '2024-0001' }) caseNumber!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty({ enum: APPLICANT_TYPES }) applicantType!: string;
  @ApiProperty({ enum: RECEIPT_CHANNELS }) channel!: string;
  @ApiProperty() receivedOn!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: string;
  @ApiProperty({ description: '状态' }) statusLabel!: string;
  @ApiProperty({ enum: OUTCOME_CODES, nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcomeLabel!: string | null;
  @ApiProperty({ type: String, nullable: true }) concludedOn!: string | null;
  @ApiProperty({ description: 'The day the reply clock last started (receipt or supplement)' })
  clockStartedOn!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Last day for the requested supplement' })
  supplementDueOn!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '答复期限: the reply deadline (null while waiting for a supplement or once concluded)',
  })
  replyDueOn!: string | null;
  @ApiProperty({
    description: 'The deadline reaches into a year whose holiday arrangement is not yet entered (暂定)',
  })
  replyDueProvisional!: boolean;
  @ApiProperty({ description: 'The reply clock is paused (consultation, fee notice)' }) paused!: boolean;
  @ApiProperty({ description: 'Sequence number of the last recorded event' }) version!: number;
  @ApiProperty({
    enum: ['registered', 'import'],
    description: 'registered: through the API; import: from the legacy import (历史数据导入, shown as 导入)',
  })
  source!: string;
}

export class ChoiceOptionDto {
  @ApiProperty() code!: string;
  @ApiProperty({ description: '名称' }) label!: string;
}

export class FieldConditionDto {
  @ApiProperty({ description: 'Another field of the same form' }) field!: string;
  @ApiProperty({ description: 'The value it must have' }) equals!: string;
}

/** One field of an action's form (libs/domain/staff-actions.ts ActionField). */
export class ActionFieldDto {
  @ApiProperty({ description: 'The request body property' }) name!: string;
  @ApiProperty({ description: '字段名称' }) label!: string;
  @ApiProperty({
    enum: ['date', 'text', 'integer', 'choice', 'fixed', 'department'],
    description:
      'date: YYYY-MM-DD; fixed: sent as `value`, not shown; department: a department id chosen among `options` (a list of them with `multiple`)',
  })
  kind!: ActionField['kind'];
  @ApiPropertyOptional({ description: 'department: several may be chosen (a list)' }) multiple?: boolean;
  @ApiProperty() required!: boolean;
  @ApiPropertyOptional({ description: '说明' }) hint?: string;
  @ApiPropertyOptional({ description: 'text: a multi-line box' }) multiline?: boolean;
  @ApiPropertyOptional() maxLength?: number;
  @ApiPropertyOptional() minimum?: number;
  @ApiPropertyOptional() maximum?: number;
  @ApiPropertyOptional({ description: 'date: the earliest accepted now' }) earliest?: string;
  @ApiPropertyOptional({ description: 'date: the latest accepted now' }) latest?: string;
  @ApiPropertyOptional({ description: 'The value the form starts with' }) defaultValue?: string;
  @ApiPropertyOptional({ type: [ChoiceOptionDto] }) options?: ChoiceOptionDto[];
  @ApiPropertyOptional({ description: 'fixed: the value to send' }) value?: string;
  @ApiPropertyOptional({ type: FieldConditionDto, description: 'Shown and sent only while …' })
  shownWhen?: FieldConditionDto;
  @ApiPropertyOptional({ type: FieldConditionDto, description: 'Required while …' })
  requiredWhen?: FieldConditionDto;
}

/** A staff action the signed-in user may take now, with its form. */
export class OpenActionDto {
  @ApiProperty({ enum: STAFF_ACTION_TYPES, description: 'The staff action (the workflow update)' })
  action!: StaffActionType;
  @ApiProperty({ description: 'Tells apart two forms of one action (one per open consultation)' })
  key!: string;
  @ApiProperty({ description: 'POST /api/applications/{id}/{path}' }) path!: string;
  @ApiProperty({ description: '办理事项' }) label!: string;
  @ApiProperty({ type: [ActionFieldDto] }) fields!: ActionFieldDto[];
}

export class ApplicationDetailDto extends ApplicationSummaryDto {
  @ApiProperty({ type: String, nullable: true }) applicantIdNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) applicantContact!: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) receiptEvidence!: string | null;
  @ApiProperty() informationSought!: string;
  @ApiProperty({ type: String, nullable: true }) deliveryPreference!: string | null;
  @ApiProperty({ type: [ApplicationEventDto] }) events!: ApplicationEventDto[];
  @ApiProperty({
    type: [NoticeSummaryDto],
    description: '正式文书: the formal notices of its steps (each with the seq of its event)',
  })
  notices!: NoticeSummaryDto[];
  @ApiProperty({
    type: [OpenActionDto],
    description:
      '可办理事项: the staff actions the signed-in user may take now (their roles allow it and the workflow would accept it in this state), each with its form',
  })
  actions!: OpenActionDto[];
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationSummaryDto] }) items!: ApplicationSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class StartConsultationDto {
  @ActionProperty('startConsultation', 'kind')
  kind!: ConsultationKind;

  @ActionProperty('startConsultation', 'party')
  party!: string;

  @ActionProperty('startConsultation', 'sentOn', { example: '2024-10-08' })
  sentOn!: string;

  @ActionProperty('startConsultation', 'receivedOn', { example: '2024-10-09' })
  receivedOn?: string;
}

export class RecordConsultationReplyDto {
  @ActionProperty('recordConsultationReply', 'ref', { example: 'c1' })
  ref!: string;

  @ActionProperty('recordConsultationReply', 'repliedOn', { example: '2024-10-21' })
  repliedOn!: string;

  @ActionProperty('recordConsultationReply', 'answer')
  answer!: (typeof CONSULTATION_ANSWERS)[number];

  @ActionProperty('recordConsultationReply', 'reasons')
  reasons?: string;
}

export class ApproveExtensionDto {
  @ActionProperty('approveExtension', 'approvedOn', { example: '2024-10-25' })
  approvedOn!: string;

  @ActionProperty('approveExtension', 'workingDays')
  workingDays!: number;

  @ActionProperty('approveExtension', 'reason')
  reason!: string;
}

export class IssueFeeNoticeDto {
  @ActionProperty('issueFeeNotice', 'noticeOn', { example: '2024-06-10' })
  noticeOn!: string;

  @ActionProperty('issueFeeNotice', 'method')
  method!: 'per_application' | 'per_page';

  @ActionProperty('issueFeeNotice', 'pages')
  pages?: number;
}

export class RecordFeePaymentDto {
  @ActionProperty('recordFeePayment', 'paidOn', { example: '2024-06-20' })
  paidOn!: string;

  @ActionProperty('recordFeePayment', 'note', { example: '非税收入缴款书 3301202406200012' })
  note?: string;
}

export class RequestReasonsDto {
  @ActionProperty('requestReasons', 'requestedOn')
  requestedOn!: string;

  @ActionProperty('requestReasons', 'note')
  note?: string;
}

export class SetLaterDeadlineDto {
  @ActionProperty('setLaterDeadline', 'setOn')
  setOn!: string;

  @ActionProperty('setLaterDeadline', 'due', { example: '2024-12-31' })
  due!: string;

  @ActionProperty('setLaterDeadline', 'reason')
  reason!: string;
}

/** Issue 16: 交办承办科室. */
export class RouteToDepartmentsDto {
  @ActionProperty('routeToDepartments', 'leadDepartmentId', {
    description: '主办科室 (an active department of the application’s agency)',
  })
  leadDepartmentId!: string;

  @ActionProperty('routeToDepartments', 'contributingDepartmentIds', { description: '协办科室 (optional)' })
  contributingDepartmentIds?: string[];

  @ActionProperty('routeToDepartments', 'inputDueOn', { example: '2026-12-10' })
  inputDueOn?: string;

  @ActionProperty('routeToDepartments', 'note')
  note?: string;
}

/** Issue 16: 签收 (by a member of the department). */
export class SignForRoutingDto {
  @ActionProperty('signForRouting', 'departmentId', {
    description: 'The routed department the member signs for',
  })
  departmentId!: string;

  @ActionProperty('signForRouting', 'note')
  note?: string;
}

/** Issue 16: 退回 (by a member of the department, with the reason). */
export class ReturnRoutingDto {
  @ActionProperty('returnRouting', 'departmentId', { description: 'The routed department sending it back' })
  departmentId!: string;

  @ActionProperty('returnRouting', 'reason', { example: '所需信息不属于本科室职责' })
  reason!: string;
}

/** Issue 16: 协办意见/提供材料 (by a member of a routed department that signed). */
export class RecordContributionDto {
  @ActionProperty('recordContribution', 'departmentId', { description: 'The routed department contributing' })
  departmentId!: string;

  @ActionProperty('recordContribution', 'text', { example: '经查，该文件已于2024年3月主动公开，附链接。' })
  text!: string;
}

const PAUSE_GROUNDS = ['third_party_consultation', 'other_agency_consultation', 'fee_notice'] as const;

/** One step of a deadline's derivation. */
export class DerivationStepDto {
  @ApiProperty() kind!: string;
  @ApiProperty({ type: String, nullable: true }) date!: string | null;
  @ApiProperty({ type: Number, nullable: true }) workingDays!: number | null;
  @ApiProperty({ description: 'Chinese, readable by a registrar' }) text!: string;
}

export class OpenPauseDto {
  @ApiProperty({ enum: PAUSE_GROUNDS }) ground!: (typeof PAUSE_GROUNDS)[number];
  @ApiProperty({ description: 'The consultation (c1, …) or fee notice it belongs to' }) ref!: string;
  @ApiProperty() since!: string;
  @ApiProperty({ description: 'The deadline is projected as if the pause lasts to this day' })
  windowEnd!: string;
}

export class ReplyPauseDto {
  @ApiProperty({ enum: PAUSE_GROUNDS }) ground!: (typeof PAUSE_GROUNDS)[number];
  @ApiProperty() ref!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() workingDays!: number;
  @ApiProperty() open!: boolean;
}

export class LaterDeadlineDto {
  @ApiProperty() due!: string;
  @ApiProperty() reason!: string;
}

export const REPLY_CLOCK_STATUSES = ['concluded', 'waiting_for_supplement', 'paused', 'running'] as const;

/** The reply deadline (答复期限) with its derivation. */
export class ReplyDeadlineDto {
  @ApiProperty({ description: 'Last day to reply' }) due!: string;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: OpenPauseDto, nullable: true }) openPause!: OpenPauseDto | null;
  @ApiProperty({ description: 'The day the clock (last) started' }) clockStartedOn!: string;
  @ApiProperty({ description: '20 + extension (or up to an Art. 35 base + extension)' }) workingDays!: number;
  @ApiProperty() extensionWorkingDays!: number;
  @ApiProperty() pausedWorkingDays!: number;
  @ApiProperty({ type: [ReplyPauseDto] }) pauses!: ReplyPauseDto[];
  @ApiProperty({ type: LaterDeadlineDto, nullable: true }) laterDeadline!: LaterDeadlineDto | null;
  @ApiProperty({ description: 'The calendar of a year it crosses is not yet published' })
  provisional!: boolean;
  @ApiProperty({ type: [Number] }) provisionalYears!: number[];
  @ApiProperty({ type: [String] }) daysOffCrossed!: string[];
  @ApiProperty({ type: [String] }) makeUpDaysCrossed!: string[];
  @ApiProperty({ type: [DerivationStepDto] }) steps!: DerivationStepDto[];
  @ApiProperty({ enum: REPLY_CLOCK_STATUSES }) status!: (typeof REPLY_CLOCK_STATUSES)[number];
  @ApiProperty({ description: 'The status in Chinese' }) statusText!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null unless the clock runs' })
  workingDaysLeft!: number | null;
  @ApiProperty({ description: 'The steps’ text, one a line' }) explanation!: string;
}

export class SupplementNoticeDeadlineDto {
  @ApiProperty({ description: 'Last day to ask for a supplement (7 working days from receipt)' })
  due!: string;
  @ApiProperty({ description: 'A supplement may still be asked for' }) open!: boolean;
  @ApiProperty() explanation!: string;
}

export class SupplementDeadlineDto {
  @ApiProperty() requestedOn!: string;
  @ApiProperty() periodWorkingDays!: number;
  @ApiProperty({ description: 'The last day on which the supplement may arrive' }) dueOn!: string;
  @ApiProperty() whatIsNeeded!: string;
  @ApiProperty({ type: String, nullable: true }) supplementedOn!: string | null;
  @ApiProperty() explanation!: string;
}

export class ConsultationReplyDto {
  @ApiProperty() on!: string;
  @ApiProperty({ enum: [...CONSULTATION_ANSWERS, 'no_answer'] }) answer!: ConsultationAnswer;
  @ApiProperty({ type: String, nullable: true }) reasons!: string | null;
}

export class ConsultationDeadlineDto {
  @ApiProperty({ example: 'c1' }) ref!: string;
  @ApiProperty({ enum: CONSULTATION_KINDS }) kind!: ConsultationKind;
  @ApiProperty() party!: string;
  @ApiProperty() sentOn!: string;
  @ApiPropertyOptional({ description: 'The day the consulted party received the request' })
  receivedOn?: string;
  @ApiProperty({ description: 'The last day of the 15-working-day window' }) windowEnd!: string;
  @ApiProperty({ type: ConsultationReplyDto, nullable: true }) reply!: ConsultationReplyDto | null;
  @ApiProperty() explanation!: string;
}

export class FeeLineDto {
  @ApiProperty({ example: '第31–100页' }) band!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() unitYuan!: number;
  @ApiProperty() subtotalYuan!: number;
}

export class FeeComputationDto {
  @ApiProperty({ enum: ['per_application', 'per_page'] }) method!: 'per_application' | 'per_page';
  @ApiProperty() amountYuan!: number;
  @ApiProperty({ type: [FeeLineDto] }) lines!: FeeLineDto[];
  @ApiProperty({ description: 'The computation in Chinese' }) explanation!: string;
}

export class FeeDeadlineDto {
  @ApiProperty() noticeOn!: string;
  @ApiProperty({ type: FeeComputationDto }) computation!: FeeComputationDto;
  @ApiProperty({ description: 'The last day of the 20-working-day payment window' }) windowEnd!: string;
  @ApiProperty({ type: String, nullable: true }) paidOn!: string | null;
  @ApiProperty() explanation!: string;
}

/**
 * An application's deadlines. Before the workflow has recorded its state, only `applicationId`,
 * `calendarVersion`, `today`, `pending: true` and `reply: null`.
 */
/** 申请数量: how many applications the applicant filed this month (数量、频次, Art. 35). */
export class ApplicantVolumeDto {
  @ApiProperty({ description: 'The month (YYYY-MM) of this application’s receipt' }) month!: string;
  @ApiProperty({
    description: 'Applications of the same applicant received in that month, this one included',
  })
  count!: number;
  @ApiProperty({ description: '说明' }) explanation!: string;
}

export class DeadlinesDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiPropertyOptional({ description: 'Absent while pending' }) caseNumber?: string;
  @ApiProperty({ description: 'The effective calendar’s version the deadlines are counted on' })
  calendarVersion!: number;
  @ApiProperty({ description: 'Today in China Standard Time' }) today!: string;
  @ApiPropertyOptional({ description: 'Present (true) only while the workflow has not recorded a state' })
  pending?: boolean;
  @ApiProperty({ type: ReplyDeadlineDto, nullable: true, description: 'null while pending' })
  reply!: ReplyDeadlineDto | null;
  @ApiPropertyOptional({ type: SupplementNoticeDeadlineDto, description: 'Absent while pending' })
  supplementNotice?: SupplementNoticeDeadlineDto;
  @ApiPropertyOptional({ type: SupplementDeadlineDto, nullable: true, description: 'Absent while pending' })
  supplement?: SupplementDeadlineDto | null;
  @ApiPropertyOptional({ type: [ConsultationDeadlineDto], description: 'Absent while pending' })
  consultations?: ConsultationDeadlineDto[];
  @ApiPropertyOptional({ type: FeeDeadlineDto, nullable: true, description: 'Absent while pending' })
  fee?: FeeDeadlineDto | null;
  @ApiPropertyOptional({
    type: ApplicantVolumeDto,
    description: 'Absent while pending: the applicant’s applications this month, for an Art. 35 assessment',
  })
  applicantVolume?: ApplicantVolumeDto;
}
