/** Request and response shapes of related and repeated applications (关联申请、重复申请, issue 16). */
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { APPLICATION_STATUSES } from '../../../../libs/domain/application';
import { OUTCOME_CODES } from '../../../../libs/domain/outcome';
import { DraftDecisionDto } from '../applications/application.dto';

/** Who applies and what for, as the registration form has it so far. */
export class SuggestionQueryDto {
  @ApiPropertyOptional({ description: '申请人姓名或名称 (needed without a certificate number)' })
  @IsOptional()
  @IsString({ message: 'applicantName must be text' })
  @MaxLength(200)
  applicantName?: string;

  @ApiPropertyOptional({ description: '证件号码: the applicant is matched by it when given' })
  @IsOptional()
  @IsString({ message: 'applicantIdNumber must be text' })
  @MaxLength(64)
  applicantIdNumber?: string;

  @ApiPropertyOptional({
    description: '联系方式: without a certificate number, the applicant is matched by name and contact',
  })
  @IsOptional()
  @IsString({ message: 'applicantContact must be text' })
  @MaxLength(500)
  applicantContact?: string;

  @ApiProperty({ description: '所需政府信息的内容描述 (compared by character bigrams)' })
  @IsString({ message: 'informationSought must be text' })
  @Length(1, 5000, { message: 'informationSought must be 1 to 5000 characters' })
  informationSought!: string;
}

/** The reply an application received (or its drafted decision before delivery). */
export class ReplyDto {
  @ApiProperty({ enum: OUTCOME_CODES }) outcome!: string;
  @ApiProperty({ description: '办理结果' }) outcomeLabel!: string;
  @ApiProperty({ description: '法律依据' }) legalGround!: string;
  @ApiProperty({ type: String, nullable: true, description: '说明' }) notes!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '答复书文号 (the formal notice issued)' })
  number!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '答复书日期 (YYYY-MM-DD)' })
  issuedOn!: string | null;
  @ApiProperty({ description: 'Whether the reviewer approved it' }) approved!: boolean;
  @ApiProperty({
    description: 'The reply as a repeated-application decision cites it (earlierReply): number and date',
  })
  citation!: string;
}

/** Another application as a suggestion or a link shows it. */
export class RelatedApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-0001' }) caseNumber!: string;
  @ApiProperty({ format: 'date' }) receivedOn!: string;
  @ApiProperty() informationSought!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: String, nullable: true, enum: OUTCOME_CODES }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcomeLabel!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) concludedOn!: string | null;
  @ApiProperty({ type: ReplyDto, nullable: true, description: 'The decision (答复) and its formal notice' })
  reply!: ReplyDto | null;
  @ApiProperty({
    description:
      'Whether it can be named as the earlier application of a repeated application (concluded with a reply)',
  })
  citable!: boolean;
}

/** An earlier application of the same applicant with similar information sought. */
export class SuggestionDto extends RelatedApplicationDto {
  @ApiProperty({ description: 'How alike the information sought is (Dice over character bigrams, 0…1)' })
  similarity!: number;
  @ApiProperty({ description: 'Whether it is already linked to the application (false on registration)' })
  linked!: boolean;
}

export class SuggestionListDto {
  @ApiProperty({ type: [SuggestionDto], description: 'Most alike first' }) items!: SuggestionDto[];
  @ApiProperty({ description: 'How many of the applicant’s applications were compared (capped)' })
  compared!: number;
  @ApiProperty({
    description: 'How the applicant was matched: id_number, name_and_contact, or none (not enough given)',
  })
  matchedBy!: string;
}

/** Linking two applications (关联申请). */
export class CreateLinkDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The other application’s id (or give its caseNumber)' })
  // Required without a caseNumber; checked whenever given.
  @ValidateIf((o: CreateLinkDto) => o.caseNumber === undefined || o.applicationId !== undefined)
  @IsUUID('all', { message: 'applicationId must be a UUID (or give caseNumber)' })
  applicationId?: string;

  @ApiPropertyOptional({ description: 'The other application’s case number at the same agency' })
  @IsOptional()
  @IsString({ message: 'caseNumber must be text' })
  @Length(1, 200)
  caseNumber?: string;

  @ApiPropertyOptional({ description: '关联理由' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MaxLength(2000)
  reason?: string;
}

export class RemoveLinkQuery {
  @ApiPropertyOptional({ description: '取消关联的理由' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MaxLength(2000)
  reason?: string;
}

export class LinkedApplicationDto extends RelatedApplicationDto {
  @ApiProperty({ type: String, nullable: true }) linkReason!: string | null;
  @ApiProperty() linkedBy!: string;
  @ApiProperty({ format: 'date-time' }) linkedAt!: string;
}

/** A step of the links' history, shown in the application's timeline (not a workflow event). */
export class LinkEventDto {
  @ApiProperty({ enum: ['linked', 'unlinked'] }) type!: 'linked' | 'unlinked';
  @ApiProperty({ description: '关联申请 / 取消关联申请' }) typeLabel!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class LinksDto {
  @ApiProperty({ type: [LinkedApplicationDto], description: 'The applications linked now' })
  items!: LinkedApplicationDto[];
  @ApiProperty({ type: [LinkEventDto], description: 'Every link and unlink, oldest first' })
  history!: LinkEventDto[];
}

export class LinkedDraftTargets {
  @ApiPropertyOptional({
    type: [String],
    description:
      'The linked applications to answer as well (default: every linked application open for drafting)',
  })
  @IsOptional()
  @IsArray({ message: 'applicationIds must be a list' })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'applicationIds must be UUIDs' })
  @Type(() => String)
  applicationIds?: string[];
}

/** 一并答复: the same draft for the application and its linked applications. */
export class DraftLinkedDecisionDto extends IntersectionType(DraftDecisionDto, LinkedDraftTargets) {}

export class DraftResultDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty({ description: 'Whether the draft was recorded for it' }) ok!: boolean;
  @ApiProperty({ type: String, nullable: true }) status!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The HTTP status its refusal would have had' })
  errorStatus!: number | null;
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class DraftLinkedResultDto {
  @ApiProperty({ type: [DraftResultDto], description: 'One result per application, the application first' })
  results!: DraftResultDto[];
}
