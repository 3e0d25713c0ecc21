/** Request bodies and queries of the proactive-disclosure register and figures (table 二). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  PageQuery,
  ReportYearQuery,
  ReportYearScopeQuery,
  WithAgency,
  WithYearFilter,
} from '../common/page-query';
import { IsBusinessDate } from '../common/validation';
import { Table2PartDto, declareKeys } from '../reports/reports.dto';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  FIGURE_KEYS,
  type FigureKey,
  MAX_DOCUMENT_NUMBER_LENGTH,
  MAX_FIGURE_VALUE,
  MAX_NOTE_LENGTH,
  MAX_SOURCE_LENGTH,
  MAX_TITLE_LENGTH,
} from '../../../../libs/domain/proactive-disclosure';

export class ListDocumentsQuery extends WithYearFilter(
  WithAgency(PageQuery),
  'Only documents in force at some time in this year (issued by its end, not repealed before it began)',
) {
  @ApiPropertyOptional({ enum: DOCUMENT_KINDS, description: 'rule 规章 | normative_document 行政规范性文件' })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS, { message: `kind must be one of: ${DOCUMENT_KINDS.join(', ')}` })
  kind?: DocumentKind;

  @ApiPropertyOptional({
    description:
      'true: only documents in force (at the end of `year` if given, else today); false: only those no longer in force',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'inForce must be true or false' })
  inForce?: string;
}

export class CreateDocumentDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The agency whose document it is (default: the user’s own)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;

  @ApiProperty({ enum: DOCUMENT_KINDS, description: 'rule 规章 | normative_document 行政规范性文件' })
  @IsIn(DOCUMENT_KINDS, { message: `kind must be one of: ${DOCUMENT_KINDS.join(', ')}` })
  kind!: DocumentKind;

  @ApiProperty({ description: '标题', example: '某县人民政府办公室关于印发某某管理办法的通知' })
  @IsString({ message: 'title must be text' })
  @Length(1, MAX_TITLE_LENGTH, { message: `title must be 1 to ${MAX_TITLE_LENGTH} characters` })
  title!: string;

  @ApiPropertyOptional({ description: '文号', example: '某政办规〔2024〕1号' })
  @IsOptional()
  @IsString({ message: 'documentNumber must be text' })
  @Length(1, MAX_DOCUMENT_NUMBER_LENGTH, {
    message: `documentNumber must be 1 to ${MAX_DOCUMENT_NUMBER_LENGTH} characters`,
  })
  documentNumber?: string;

  @ApiProperty({ description: '印发日期 YYYY-MM-DD', example: '2024-02-01' })
  @IsBusinessDate()
  issuedOn!: string;

  @ApiPropertyOptional({ description: '废止日期 YYYY-MM-DD (a document registered already repealed)' })
  @IsOptional()
  @IsBusinessDate()
  repealedOn?: string;

  @ApiPropertyOptional({ description: '废止说明' })
  @IsOptional()
  @IsString({ message: 'repealNote must be text' })
  @Length(1, MAX_NOTE_LENGTH, { message: `repealNote must be 1 to ${MAX_NOTE_LENGTH} characters` })
  repealNote?: string;
}

export class UpdateDocumentDto {
  @ApiPropertyOptional({ description: '标题' })
  @IsOptional()
  @IsString({ message: 'title must be text' })
  @Length(1, MAX_TITLE_LENGTH, { message: `title must be 1 to ${MAX_TITLE_LENGTH} characters` })
  title?: string;

  @ApiPropertyOptional({ description: '文号 (null clears it)', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'documentNumber must be text or null' })
  @Length(1, MAX_DOCUMENT_NUMBER_LENGTH, {
    message: `documentNumber must be 1 to ${MAX_DOCUMENT_NUMBER_LENGTH} characters`,
  })
  documentNumber?: string | null;

  @ApiPropertyOptional({ description: '印发日期 YYYY-MM-DD' })
  @IsOptional()
  @IsBusinessDate()
  issuedOn?: string;

  @ApiPropertyOptional({
    description: '废止日期 YYYY-MM-DD, to correct it (null: the repeal was recorded in error)',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsBusinessDate()
  repealedOn?: string | null;
}

export class RepealDocumentDto {
  @ApiProperty({ description: '废止日期 YYYY-MM-DD', example: '2024-07-01' })
  @IsBusinessDate()
  repealedOn!: string;

  @ApiPropertyOptional({ description: '废止说明 (e.g. the repealing decision)' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @Length(1, MAX_NOTE_LENGTH, { message: `note must be 1 to ${MAX_NOTE_LENGTH} characters` })
  note?: string;
}

/** The recorded figures: agencyId and the report year. */
export class FiguresQuery extends ReportYearQuery {}

/** Table 二: agencyId, the report year and includeSubAgencies. */
export class Table2Query extends ReportYearScopeQuery {}

export class FigureEntryDto {
  @ApiProperty({
    description: 'The figure: a whole number of decisions, or the fees in 万元 (at most 4 decimal places)',
    example: 0,
  })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 },
    { message: 'value must be a number with at most 4 decimal places' },
  )
  @Min(0, { message: 'value must not be negative' })
  @Max(MAX_FIGURE_VALUE, { message: `value must be at most ${MAX_FIGURE_VALUE}` })
  value!: number;

  @ApiProperty({ description: '来源: where the figure comes from', example: '省政务服务平台导出 2025-01-05' })
  @IsString({ message: 'source must be text' })
  @Length(1, MAX_SOURCE_LENGTH, { message: `source must be 1 to ${MAX_SOURCE_LENGTH} characters` })
  source!: string;
}

export class FiguresDto {
  @ApiPropertyOptional({ type: FigureEntryDto, description: '行政许可 decisions this year' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FigureEntryDto)
  licensing_decisions?: FigureEntryDto;

  @ApiPropertyOptional({ type: FigureEntryDto, description: '行政处罚 decisions this year' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FigureEntryDto)
  penalty_decisions?: FigureEntryDto;

  @ApiPropertyOptional({ type: FigureEntryDto, description: '行政强制 decisions this year' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FigureEntryDto)
  enforcement_decisions?: FigureEntryDto;

  @ApiPropertyOptional({
    type: FigureEntryDto,
    description: '行政事业性收费 amount collected this year, 万元',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => FigureEntryDto)
  administrative_fees_wan_yuan?: FigureEntryDto;
}

export class PutFiguresDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The agency (default: the user’s own)' })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;

  @ApiProperty({
    type: FiguresDto,
    description: 'The figures to record (each replaces what was recorded for that key and year)',
  })
  @IsObject({ message: 'figures must be an object: key → { value, source }' })
  @ValidateNested()
  @Type(() => FiguresDto)
  figures!: FiguresDto;
}

/** A document of the register (规章 or 行政规范性文件). */
export class DisclosureDocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: DocumentKind;
  @ApiProperty({ description: '规章 / 行政规范性文件' }) kindLabel!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true, description: '文号' }) documentNumber!: string | null;
  @ApiProperty({ description: '制发日期' }) issuedOn!: string;
  @ApiProperty({ type: String, nullable: true, description: '废止日期' }) repealedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) repealNote!: string | null;
  @ApiProperty({ description: 'In force today' }) inForce!: boolean;
  @ApiProperty({ description: 'Who registered it: 姓名（用户名）' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DisclosureDocumentPageDto {
  @ApiProperty({ type: [DisclosureDocumentDto] }) items!: DisclosureDocumentDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** A figure recorded for the year, with its source. */
export class RecordedFigureDto {
  @ApiProperty() value!: number;
  @ApiProperty({ description: '来源' }) source!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ description: 'What the figure is, in Chinese' }) label!: string;
}

/** Figure key → the recorded figure, or null when never entered for the year. */
export class RecordedFiguresDto {}
declareKeys(RecordedFiguresDto, FIGURE_KEYS, { type: RecordedFigureDto, nullable: true });

export class YearFiguresDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: RecordedFiguresDto }) figures!: Record<FigureKey, RecordedFigureDto | null>;
  @ApiProperty({ enum: FIGURE_KEYS, isArray: true, description: 'The figures not entered yet' })
  missing!: FigureKey[];
}

/** Table 二 of an agency (and those under it) for a year, with its sources and checks. */
export class Table2ReportDto extends Table2PartDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ description: 'How many agencies the figures cover' }) agencies!: number;
  @ApiProperty() year!: number;
}
