/** The public portal's request and answer shapes (issue 14), validated at the edge. */
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { RegisterApplicationDto } from '../applications/application.dto';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import {
  APPLICANT_CODE_DIGITS,
  MAX_EMAIL_LENGTH,
  PORTAL_PAYMENT_REFERENCE_LENGTH,
} from '../../../../libs/domain/portal';
import { IsBusinessDate } from '../common/validation';

export class RequestCodeDto {
  @ApiProperty({ description: '电子邮箱: the one-time code is sent there', example: 'zhangsan@example.cn' })
  @IsString()
  @Length(3, MAX_EMAIL_LENGTH)
  email!: string;
}

export class CodeSentDto {
  @ApiProperty({ description: 'The address the code went to' }) email!: string;
  @ApiProperty({ description: 'Minutes the code stays valid' }) validMinutes!: number;
}

export class OpenSessionDto {
  @ApiProperty({ example: 'zhangsan@example.cn' })
  @IsString()
  @Length(3, MAX_EMAIL_LENGTH)
  email!: string;

  @ApiProperty({ description: '验证码', example: '123456' })
  @IsString()
  @Matches(new RegExp(`^\\d{${APPLICANT_CODE_DIGITS}}$`), {
    message: `code must be the ${APPLICANT_CODE_DIGITS} digits sent by e-mail`,
  })
  code!: string;
}

export class ApplicantSessionDto {
  @ApiProperty({ description: 'For `Authorization: Bearer <token>` on the portal’s applicant endpoints' })
  token!: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: string;
  @ApiProperty() email!: string;
}

/**
 * An application as the applicant files it on the portal (RULES.md §1): the registration's applicant and
 * information fields with their validation; the channel, receipt date and evidence are the platform's.
 */
export class PortalApplicationDto extends PickType(RegisterApplicationDto, [
  'applicantName',
  'applicantType',
  'applicantIdNumber',
  'applicantContact',
  'informationSought',
  'deliveryPreference',
] as const) {}

/** One of the applicant's applications, in words an applicant understands. */
export class PortalApplicationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '案件编号' }) caseNumber!: string;
  @ApiProperty({ description: '收到申请之日' }) receivedOn!: string;
  @ApiProperty({ description: '办理状态' }) status!: string;
  @ApiProperty({ description: '办理状态（中文）' }) statusLabel!: string;
  @ApiProperty({ type: String, nullable: true, description: '办理结果（中文），办结后' }) outcomeLabel!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) concludedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '答复期限' }) replyDueOn!: string | null;
  @ApiProperty({ description: '答复期限暂停计算中（征求意见、缴费）' }) paused!: boolean;
  @ApiProperty({ description: '所需信息' }) informationSought!: string;
}

export class PortalApplicationListDto {
  @ApiProperty({ type: [PortalApplicationSummaryDto] }) items!: PortalApplicationSummaryDto[];
}

/** The confirmation of a submission: its case number and receipt date (收到申请之日). */
export class PortalSubmissionDto extends PortalApplicationSummaryDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: '提交时间 (kept apart from the receipt date)',
  })
  submittedAt!: string;
  @ApiProperty({ description: 'What happens next and the deadlines that apply' }) nextSteps!: string;
}

export class PortalNoticeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '文书名称' }) title!: string;
  @ApiProperty({ description: '文书种类' }) kindLabel!: string;
  @ApiProperty({ description: '文号' }) number!: string;
  @ApiProperty({ description: '文书日期' }) issuedOn!: string;
  @ApiProperty({ description: 'GET path of the PDF under /api' }) pdf!: string;
  @ApiProperty({ description: 'GET path of the Word file under /api' }) docx!: string;
}

export class PortalSupplementDto {
  @ApiProperty({ description: '需要补正的事项' }) whatIsNeeded!: string;
  @ApiProperty({ description: '补正期限（最后一日）' }) dueOn!: string;
}

export class PortalFeeDto {
  @ApiProperty({ description: '应缴金额（元）' }) amountYuan!: number;
  @ApiProperty({ description: '缴费期限（最后一日）' }) windowEnd!: string;
  @ApiProperty({ description: '计费说明' }) explanation!: string;
}

/** The online steps the law gives the applicant, open now or not. */
export class PortalStepsDto {
  @ApiProperty({ description: '在线补正' }) supplement!: boolean;
  @ApiProperty({ description: '确认已缴费' }) feePayment!: boolean;
  @ApiProperty({ description: '撤回申请' }) withdraw!: boolean;
}

/** Where an application stands, in words an applicant understands. */
export class PortalApplicationDetailDto extends PortalApplicationSummaryDto {
  @ApiProperty({ description: '办理进展' }) stage!: string;
  @ApiProperty({ type: [String], description: '答复期限的计算（起算、暂停、延长）' }) deadline!: string[];
  @ApiProperty({ type: PortalSupplementDto, nullable: true }) supplement!: PortalSupplementDto | null;
  @ApiProperty({ type: PortalFeeDto, nullable: true }) fee!: PortalFeeDto | null;
  @ApiProperty({ type: [PortalNoticeDto], description: '发给您的正式文书' }) notices!: PortalNoticeDto[];
  @ApiProperty({ type: PortalStepsDto }) steps!: PortalStepsDto;
}

export class PortalSupplementBodyDto {
  @ApiProperty({ description: '补正内容：所需信息的名称、文号或者其他特征性描述' })
  @IsString()
  @Length(1, 2000)
  text!: string;
}

export class PortalWithdrawBodyDto {
  @ApiPropertyOptional({ description: '撤回理由' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class PortalFeePaymentBodyDto {
  @ApiProperty({
    description: '缴费凭证号或交易流水号（本机关据此核对缴费）',
    maxLength: PORTAL_PAYMENT_REFERENCE_LENGTH,
    example: '3301202406200012',
  })
  @IsString()
  @Length(1, PORTAL_PAYMENT_REFERENCE_LENGTH)
  paymentReference!: string;

  @ApiPropertyOptional({
    description: '缴费日期（默认今天）：不早于收费通知之日，不晚于今天；答复期限自缴费次日起恢复计算',
    format: 'date',
    example: '2024-06-20',
  })
  @IsOptional()
  @IsBusinessDate()
  paidOn?: string;
}

export class PortalCodeLabelDto {
  @ApiProperty() code!: string;
  @ApiProperty() label!: string;
}

/** What the application form offers (the public part of the code lists). */
export class PortalFormDto {
  @ApiProperty({ type: [PortalCodeLabelDto], description: '申请人类型' })
  applicantTypes!: PortalCodeLabelDto[];
}
