/** Request bodies and queries of publishing the annual report. */
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { NoQuery, WithAgency } from '../common/page-query';
import { AnnualReportDto, CrossCheckDto, Table2Dto, Table3Dto, Table4Dto } from '../reports/reports.dto';
import { TABLE3_COLUMNS, type Table3 } from '../../../../libs/domain/report';
import { TABLE4_COLUMNS, type Table4 } from '../../../../libs/domain/review-cases';
import type { Table2 } from '../../../../libs/domain/proactive-disclosure';
import { NARRATIVE_SECTIONS, type NarrativeSection } from '../../../../libs/domain/report-document';

/** agencyId (default: the user's own). */
export class AnnualReportQuery extends WithAgency(NoQuery) {}

export class PublishedQuery extends WithAgency(NoQuery) {
  @ApiPropertyOptional({
    description: 'The version (1 = first publication, 2… = restatements); default: the latest',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be 1 or more' })
  @Max(1000, { message: 'version must be at most 1000' })
  version?: number;
}

/** The narrative sections; placeholders like {{本年新收申请数}} are filled from the figures. */
export class SectionsDto {
  @ApiPropertyOptional({
    description: '一、总体情况',
    example: '本年共收到政府信息公开申请{{本年新收申请数}}件。',
  })
  @IsOptional()
  @IsString({ message: 'sections.overview must be text' })
  overview?: string;

  @ApiPropertyOptional({ description: '五、存在的主要问题及改进情况' })
  @IsOptional()
  @IsString({ message: 'sections.problems must be text' })
  problems?: string;

  @ApiPropertyOptional({ description: '六、其他需要报告的事项' })
  @IsOptional()
  @IsString({ message: 'sections.other_matters must be text' })
  other_matters?: string;
}

export class PutSectionsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The agency (default: the user’s own)' })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;

  @ApiProperty({ type: SectionsDto })
  @IsObject({ message: 'sections must be an object' })
  @ValidateNested()
  @Type(() => SectionsDto)
  sections!: SectionsDto;
}

export class PublishDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The agency (default: the user’s own)' })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;
}

export class RestateDto extends PublishDto {
  @ApiProperty({ description: '更正原因 (required)', example: '2024年第3号申请经行政复议纠正后重新办理' })
  @IsString({ message: 'reason must be text' })
  reason!: string;
}

/** An agency as a report names it. */
export class ReportAgencyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

/** The three narrative sections (as written, or rendered with the figures filled in). */
export class NarrativeSectionsDto {
  @ApiProperty({ description: '一、总体情况' }) overview!: string;
  @ApiProperty({ description: '五、存在的主要问题及改进情况' }) problems!: string;
  @ApiProperty({ description: '六、其他需要报告的事项' }) other_matters!: string;
}

export const REPORT_DOCUMENT_STATUSES = ['draft', 'published', 'restated'] as const;

/** The annual report as a document: its sections rendered and its tables (ReportDocument). */
export class ReportDocumentDto {
  @ApiProperty({ type: ReportAgencyDto }) agency!: ReportAgencyDto;
  @ApiProperty() year!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: NarrativeSectionsDto, description: 'Plain text, the placeholders filled in' })
  sections!: NarrativeSectionsDto;
  @ApiProperty({ enum: TABLE3_COLUMNS, isArray: true }) columns!: readonly string[];
  @ApiProperty({ type: Table3Dto }) table3!: Table3;
  @ApiProperty({ enum: TABLE4_COLUMNS, isArray: true }) table4_columns!: readonly string[];
  @ApiProperty({ type: Table4Dto }) table4!: Table4;
  @ApiProperty({ type: Table2Dto }) table2!: Table2;
  @ApiProperty({
    enum: REPORT_DOCUMENT_STATUSES,
    description: 'draft: the figures as they stand; published / restated: a stored snapshot',
  })
  status!: (typeof REPORT_DOCUMENT_STATUSES)[number];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '1 = first publication, 2… = restatements; null for a draft or a roll-up',
  })
  version!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
}

/** A check of the publication; a failing blocking check keeps the report from being published. */
export class PublicationCheckDto extends CrossCheckDto {
  @ApiProperty() blocking!: boolean;
}

export class PlaceholderDto {
  @ApiProperty({ description: 'Used as {{name}}', example: '本年新收申请数' }) name!: string;
  @ApiProperty() description!: string;
}

/** A number typed by hand into a section where a placeholder would keep it in step. */
export class LiteralNumberWarningDto {
  @ApiProperty({ enum: NARRATIVE_SECTIONS }) section!: NarrativeSection;
  @ApiProperty({ description: 'The text found' }) text!: string;
  @ApiProperty() warning!: string;
}

export const PUBLICATION_KINDS = ['original', 'restatement'] as const;

/** A published version (发布 or 更正). */
export class PublishedVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: PUBLICATION_KINDS }) kind!: (typeof PUBLICATION_KINDS)[number];
  @ApiProperty({ type: String, nullable: true, description: '更正原因 (null for the original)' })
  reason!: string | null;
  @ApiProperty() publishedBy!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
}

/** The latest published snapshot: the document and the checks as published. */
export class PublishedSnapshotDto extends PublishedVersionDto {
  @ApiProperty({ type: ReportDocumentDto }) document!: ReportDocumentDto;
  @ApiProperty({ type: [PublicationCheckDto] }) checks!: PublicationCheckDto[];
}

export class FigureDifferenceDto {
  @ApiProperty({ enum: ['table2', 'table3', 'table4'] }) table!: 'table2' | 'table3' | 'table4';
  @ApiProperty() row!: string;
  @ApiProperty() column!: string;
  @ApiProperty() published!: number;
  @ApiProperty() current!: number;
  @ApiProperty({ description: 'current − published' }) difference!: number;
}

/** Everything the 年度报告 page shows for a year. */
export class AnnualReportOverviewDto {
  @ApiProperty({ type: ReportAgencyDto }) agency!: ReportAgencyDto;
  @ApiProperty() year!: number;
  @ApiProperty({ type: NarrativeSectionsDto, description: 'The sections as written, with placeholders' })
  templates!: NarrativeSectionsDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) templatesUpdatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) templatesUpdatedBy!: string | null;
  @ApiProperty({ type: [PlaceholderDto] }) placeholders!: PlaceholderDto[];
  @ApiProperty({ type: [LiteralNumberWarningDto], description: 'Figures typed by hand' })
  warnings!: LiteralNumberWarningDto[];
  @ApiProperty({ type: ReportDocumentDto, description: 'Rendered from the current figures (status draft)' })
  document!: ReportDocumentDto;
  @ApiProperty({ type: AnnualReportDto, description: 'The current figures (GET /api/reports/{year})' })
  report!: AnnualReportDto;
  @ApiProperty({ type: [PublicationCheckDto] }) checks!: PublicationCheckDto[];
  @ApiProperty({ type: [String], description: 'Keys of the failing blocking checks' })
  blockingFailures!: string[];
  @ApiProperty() canPublish!: boolean;
  @ApiProperty({ type: PublishedSnapshotDto, nullable: true, description: 'The latest snapshot' })
  published!: PublishedSnapshotDto | null;
  @ApiProperty({ type: [PublishedVersionDto], description: 'Newest first' }) versions!: PublishedVersionDto[];
  @ApiProperty() changedSincePublication!: boolean;
  @ApiProperty({ type: [FigureDifferenceDto], description: 'Published vs current figures' })
  differences!: FigureDifferenceDto[];
}

export class RolledUpReportDto {
  @ApiProperty({ type: ReportAgencyDto }) agency!: ReportAgencyDto;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
}

/** A government's roll-up (汇总): the published reports of the agencies under it, summed. */
export class RollUpDto extends ReportDocumentDto {
  @ApiProperty({ type: Boolean, description: 'always true' }) rollUp!: true;
  @ApiProperty({ type: [RolledUpReportDto], description: 'The reports summed (the latest version of each)' })
  included!: RolledUpReportDto[];
  @ApiProperty({ type: [ReportAgencyDto], description: 'Agencies under it without a published report' })
  notPublished!: ReportAgencyDto[];
}
