/** Request bodies and queries of publishing the annual report. */
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { NoQuery, WithAgency } from '../common/page-query';

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
