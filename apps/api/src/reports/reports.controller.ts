import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { AgencyScopeQuery } from '../common/page-query';
import { YearParam } from '../common/pipes';
import { ReportsService } from './reports.service';
import { AnnualReportDto } from './reports.dto';

/** agencyId and includeSubAgencies of the annual report. */
export class ReportQuery extends AgencyScopeQuery {}

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
  @ApiOkResponse({ type: AnnualReportDto, description: 'the report' })
  get(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() query: ReportQuery,
  ): Promise<AnnualReportDto> {
    return this.reports.annualReport(
      user,
      query.agencyId ?? user.agencyId,
      year,
      query.includeSubAgencies === 'true',
    );
  }
}
