import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { YearParam } from '../common/pipes';
import { ReportsService } from './reports.service';

export class ReportQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An agency under the user’s (default: the user’s own)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;

  @ApiPropertyOptional({ description: 'Roll up the agency and every agency grouped under it (true/false)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeSubAgencies must be true or false' })
  includeSubAgencies?: string;
}

@ApiTags('reports 年度报告')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':year')
  @ApiOperation({
    summary:
      '政府信息公开工作年度报告 The annual report (table 三 and its cross-checks) of an agency for a year',
    description:
      'JSON in the shape of the national format: `columns`, `table3` (row key → 7 numbers in column order) and `checks` (勾稽关系), derived from the recorded event log by the counting rules of REPORT.md.',
  })
  @ApiOkResponse({ description: 'the report' })
  get(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() query: ReportQuery,
  ) {
    return this.reports.annualReport(
      user,
      query.agencyId ?? user.agencyId,
      year,
      query.includeSubAgencies === 'true',
    );
  }
}
