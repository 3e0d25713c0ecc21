import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { YearParam } from '../common/pipes';
import { ReportsService } from './reports.service';

export class ReportQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId!: string;
}

@ApiTags('reports 年度报告')
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
  @ApiQuery({ name: 'agencyId', required: true })
  @ApiOkResponse({ description: 'the report' })
  get(@Param('year', new YearParam()) year: number, @Query() query: ReportQuery) {
    return this.reports.annualReport(query.agencyId, year);
  }
}
