/** Search (检索) and the export of lists (导出), issue 16: query and answer shapes. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../../../libs/domain/application';
import { OUTCOME_CODES, type OutcomeCode } from '../../../../libs/domain/outcome';
import { IsCalendarDate } from '../common/validation';
import { EXPORT_FORMATS, type ExportFormat } from '../exports/list-export';
import { ApplicationSummaryDto } from './application.dto';

const oneOf = (field: string, values: readonly string[]) => ({
  message: `${field} must be one of: ${values.join(', ')}`,
});

/** The filters of a search (and of its export). */
export class SearchFiltersQuery {
  @ApiPropertyOptional({
    description:
      '检索词: words of the information sought or of the reply (答复: the decision’s legal ground, notes and public-interest ground), Chinese without spaces; several words separated by spaces must all occur',
    example: '经费预算',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ description: '案号 (exact)', example: '2024-0001' })
  @IsOptional()
  @IsString()
  @MaxLength(32, { message: 'caseNumber must be at most 32 characters' })
  caseNumber?: string;

  @ApiPropertyOptional({
    description: '申请人: the applicant’s name or certificate number (exact, spaces and letter case aside)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'applicant must be at most 200 characters' })
  applicant?: string;

  @ApiPropertyOptional({ description: '收到日期 from (YYYY-MM-DD, inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  receivedFrom?: string;

  @ApiPropertyOptional({ description: '收到日期 to (YYYY-MM-DD, inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  receivedTo?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES, oneOf('status', APPLICATION_STATUSES))
  status?: ApplicationStatus;

  @ApiPropertyOptional({ enum: OUTCOME_CODES, description: '办理结果' })
  @IsOptional()
  @IsIn(OUTCOME_CODES, oneOf('outcome', OUTCOME_CODES))
  outcome?: OutcomeCode;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      '承办科室: only applications routed to this department (lead or contributing, not sent back)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'departmentId must be a UUID' })
  departmentId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this agency (one the user may see); by default every agency the user may see',
  })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;
}

export class SearchApplicationsQuery extends SearchFiltersQuery {
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

export class ExportSearchQuery extends SearchFiltersQuery {
  @ApiProperty({ enum: EXPORT_FORMATS, description: 'xlsx (Excel) or csv (UTF-8 with BOM)' })
  @IsIn(EXPORT_FORMATS, oneOf('format', EXPORT_FORMATS))
  format!: ExportFormat;
}

export class ApplicationSearchItemDto extends ApplicationSummaryDto {
  @ApiProperty({ description: '申请内容' }) informationSought!: string;
}

export class ApplicationSearchPageDto {
  @ApiProperty({ type: [ApplicationSearchItemDto] }) items!: ApplicationSearchItemDto[];
  @ApiProperty({
    description: 'How many match; when totalExact is false, more than this many (only these are paged)',
  })
  total!: number;
  @ApiProperty({ description: 'false: more than `total` match (narrow the search to see them all)' })
  totalExact!: boolean;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
