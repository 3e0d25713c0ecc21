/** Request and response shapes of the review cases API (行政复议、行政诉讼), validated at the edge. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import {
  MAX_REVIEW_TEXT,
  REOPEN_STATES,
  REVIEW_CASE_KINDS,
  REVIEW_RESULTS,
  TABLE4_COLUMNS,
  type ReviewCaseKind,
  type ReviewResult,
  type Table4,
  type Table4Column,
} from '../../../../libs/domain/review-cases';
import { CrossCheckDto, Table4Dto } from '../reports/reports.dto';
import { PageQuery, ReportYearScopeQuery, WithAgency, WithYearFilter } from '../common/page-query';
import { IsBusinessDate, IsCalendarDate } from '../common/validation';

const oneOf = (field: string, values: readonly string[]) => ({
  message: `${field} must be one of: ${values.join(', ')}`,
});

/** Recording a case (登记行政复议或行政诉讼). */
export class CreateReviewCaseDto {
  @ApiProperty({
    enum: REVIEW_CASE_KINDS,
    description:
      'reconsideration 行政复议, litigation_direct 行政诉讼·未经复议直接起诉, litigation_after_reconsideration 行政诉讼·复议后起诉',
  })
  @IsIn(REVIEW_CASE_KINDS, oneOf('kind', REVIEW_CASE_KINDS))
  kind!: ReviewCaseKind;

  @ApiProperty({
    description:
      '申请复议或起诉之日 (YYYY-MM-DD): not before the application was received, never in the future',
    example: '2024-05-10',
  })
  @IsBusinessDate()
  filedOn!: string;

  @ApiProperty({ description: '复议机关或人民法院', example: '某县人民政府' })
  @IsString({ message: 'body must be text' })
  @Length(1, MAX_REVIEW_TEXT.body, { message: `body must be 1 to ${MAX_REVIEW_TEXT.body} characters` })
  body!: string;

  @ApiPropertyOptional({ description: '案号或文号', example: '某复〔2024〕12号' })
  @IsOptional()
  @IsString({ message: 'reference must be text' })
  @MaxLength(MAX_REVIEW_TEXT.reference)
  reference?: string;

  @ApiPropertyOptional({ description: '备注' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(MAX_REVIEW_TEXT.note)
  note?: string;
}

/** Reopening the concluded application for a new decision, with a corrected result. */
export class ReopenDto {
  @ApiProperty({
    description:
      '收到纠正决定之日: the day the agency received the reviewing body’s decision; the new reply clock starts from it',
    example: '2024-08-05',
  })
  @IsBusinessDate()
  reopenedOn!: string;

  @ApiPropertyOptional({
    description:
      '复议机关或法院确定的答复期限, if it set one; otherwise a fresh 20-working-day period from reopenedOn (Art. 33)',
    example: '2024-08-30',
  })
  @IsOptional()
  @IsCalendarDate()
  replyDueOn?: string;
}

/** Recording the result of a case (登记复议或诉讼结果), or correcting one already recorded. */
export class RecordReviewResultDto {
  @ApiProperty({ enum: REVIEW_RESULTS, description: 'upheld 维持, corrected 纠正, other 其他' })
  @IsIn(REVIEW_RESULTS, oneOf('result', REVIEW_RESULTS))
  result!: ReviewResult;

  @ApiProperty({ description: '审结日期 (YYYY-MM-DD): not before the filing, never in the future' })
  @IsBusinessDate()
  resultOn!: string;

  @ApiPropertyOptional({ description: '备注 (e.g. what the decision said)' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(MAX_REVIEW_TEXT.note)
  note?: string;

  @ApiPropertyOptional({
    description:
      'Required when correcting a result already recorded (reviewers and admins only): why the recorded one was wrong',
  })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @Length(1, MAX_REVIEW_TEXT.note, { message: `reason must be 1 to ${MAX_REVIEW_TEXT.note} characters` })
  reason?: string;

  @ApiPropertyOptional({
    type: ReopenDto,
    description:
      'Only with result corrected: reopen the concluded application for a new decision (ignored while the application is still open)',
  })
  @IsOptional()
  @IsObject({ message: 'reopen must be an object' })
  @ValidateNested()
  @Type(() => ReopenDto)
  reopen?: ReopenDto;
}

export class ListReviewCasesQuery extends WithYearFilter(
  WithAgency(PageQuery),
  'Only cases filed in this year',
) {
  @ApiPropertyOptional({ enum: REVIEW_CASE_KINDS })
  @IsOptional()
  @IsIn(REVIEW_CASE_KINDS, oneOf('kind', REVIEW_CASE_KINDS))
  kind?: ReviewCaseKind;

  @ApiPropertyOptional({ description: 'Only pending cases (true) or only decided ones (false)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'open must be true or false' })
  open?: string;
}

/** Table 四: agencyId, the report year and includeSubAgencies. */
export class Table4Query extends ReportYearScopeQuery {}

/** The application a case is about, as a case shows it. */
export class ReviewCaseApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty({ description: 'The application’s status code' }) status!: string;
  @ApiProperty({ description: '中文状态' }) statusLabel!: string;
}

/** A recorded result as it stood before a correction (更正记录). */
export class ReviewResultCorrectionDto {
  @ApiProperty({ enum: REVIEW_RESULTS, nullable: true, type: String, description: 'The corrected result' })
  result!: ReviewResult | null;
  @ApiProperty({ type: String, nullable: true }) resultOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) resultNote!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who recorded it: 姓名（用户名）' })
  recordedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) recordedAt!: string | null;
  @ApiProperty({ description: 'Who corrected it: 姓名（用户名）' }) correctedBy!: string;
  @ApiProperty({ format: 'date-time' }) correctedAt!: string;
  @ApiProperty({ description: 'Why the recorded result was wrong' }) reason!: string;
}

/** A corrected result's reopening of the application. */
export class ReviewCaseReopenDto {
  @ApiProperty({ description: '收到纠正决定之日' }) reopenedOn!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The reply deadline the reviewing body set' })
  replyDueOn!: string | null;
  @ApiProperty({
    enum: REOPEN_STATES,
    description: 'requested: committed, the new run not started yet; started: running; reopened: recorded',
  })
  state!: (typeof REOPEN_STATES)[number];
  @ApiProperty({ type: Number, nullable: true, description: 'seq of the `reopened` event, once recorded' })
  reopenedSeq!: number | null;
}

/** A reconsideration or litigation case (行政复议、行政诉讼). */
export class ReviewCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ type: ReviewCaseApplicationDto }) application!: ReviewCaseApplicationDto;
  @ApiProperty({ enum: REVIEW_CASE_KINDS }) kind!: ReviewCaseKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ description: '申请复议或起诉之日' }) filedOn!: string;
  @ApiProperty({ description: '复议机关或人民法院' }) body!: string;
  @ApiProperty({ type: String, nullable: true, description: '案号或文号' }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ enum: REVIEW_RESULTS, nullable: true, type: String, description: 'null while pending' })
  result!: ReviewResult | null;
  @ApiProperty({ description: '结果维持 / 结果纠正 / 其他结果 / 尚未审结' }) resultLabel!: string;
  @ApiProperty({ type: String, nullable: true, description: '审结日期' }) resultOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) resultNote!: string | null;
  @ApiProperty({ type: String, nullable: true }) resultRecordedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resultRecordedAt!: string | null;
  @ApiProperty({ description: '尚未审结: no result yet' }) pending!: boolean;
  @ApiProperty({
    type: [ReviewResultCorrectionDto],
    description: 'Earlier results, corrected (oldest first)',
  })
  corrections!: ReviewResultCorrectionDto[];
  @ApiProperty({ type: ReviewCaseReopenDto, nullable: true }) reopen!: ReviewCaseReopenDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who recorded the case' }) createdBy!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ReviewCaseListDto {
  @ApiProperty({ type: [ReviewCaseDto] }) items!: ReviewCaseDto[];
  @ApiProperty() total!: number;
}

export class ReviewCasePageDto extends ReviewCaseListDto {
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** Table 四 with its cross-check. */
export class Table4PartDto {
  @ApiProperty({ enum: TABLE4_COLUMNS, isArray: true }) table4_columns!: readonly Table4Column[];
  @ApiProperty({ type: Table4Dto }) table4!: Table4;
  @ApiProperty({ type: [CrossCheckDto] }) checks!: CrossCheckDto[];
}

/** Table 四 of an agency (and those under it) for a year. */
export class Table4ReportDto extends Table4PartDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ description: 'How many agencies the figures cover' }) agencies!: number;
  @ApiProperty() year!: number;
}
