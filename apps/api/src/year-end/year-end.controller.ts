import { Controller, Get, HttpCode, Module, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgenciesModule } from '../agencies/agencies.module';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { AgencyScopeQuery, PageQuery, WithAgency, WithSubAgencies } from '../common/page-query';
import { YearParam } from '../common/pipes';
import { YearEndService } from './year-end.service';
import { CarryOverReportDto, YearEndRunDto, YearEndStartDto } from './year-end.dto';
import { ApiFileResponse } from '../common/file-response';

/** The carry-over list: agencyId, includeSubAgencies, page and pageSize. */
export class CarryOverQuery extends WithSubAgencies(WithAgency(PageQuery)) {}

/** The carry-over spreadsheet: agencyId and includeSubAgencies. */
export class CarryOverFileQuery extends AgencyScopeQuery {}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('reports 年度报告')
@ApiBearerAuth()
@Controller('reports')
export class CarryOverReportController {
  constructor(private readonly yearEnd: YearEndService) {}

  @Get(':year/carry-over')
  @ApiOperation({
    summary: '结转情况 The applications carried over from a year (open on its 31 December)',
    description:
      'As the year-end run recorded them: case number, applicant, received on, state (with its Chinese label), reply deadline, working days left as of 31 December (negative: overdue), paused, handler (null: 未分派), and the day it was concluded since, if it was. `run` says whether the year-end run has finished.',
  })
  @ApiOkResponse({ type: CarryOverReportDto, description: 'year, asOf, run, total, page, pageSize, items' })
  report(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: CarryOverQuery,
  ): Promise<CarryOverReportDto> {
    return this.yearEnd.report(user, year, {
      agencyId: q.agencyId,
      includeSubAgencies: q.includeSubAgencies === 'true',
      page: q.page,
      pageSize: q.pageSize,
    });
  }

  @Get(':year/carry-over.xlsx')
  @ApiOperation({ summary: '结转情况（电子表格） The carry-over report as an .xlsx spreadsheet' })
  @ApiFileResponse('the spreadsheet, one row per application, Chinese headers', XLSX)
  async spreadsheet(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: CarryOverFileQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.yearEnd.spreadsheet(user, year, q.agencyId, q.includeSubAgencies === 'true');
    await reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="carry-over-${year}.xlsx"`)
      .send(file);
  }
}

@ApiTags('admin 管理')
@ApiBearerAuth()
@Controller('admin/year-end')
export class YearEndAdminController {
  constructor(private readonly yearEnd: YearEndService) {}

  @Get(':year')
  @RequireRoles(['admin'], '查看年度结转')
  @ApiOperation({ summary: '年度结转 The state of a year’s year-end run (admin)' })
  @ApiOkResponse({
    type: YearEndRunDto,
    description: 'status (not_run | running | done), workflowId, startedAt, finishedAt, applications',
  })
  @ApiForbiddenResponse({ description: 'not an admin' })
  status(@Param('year', new YearParam()) year: number): Promise<YearEndRunDto> {
    return this.yearEnd.run(year);
  }

  @Post(':year/run')
  @RequireRoles(['admin'], '进行年度结转')
  @HttpCode(202)
  @ApiOperation({
    summary: '年度结转 Start the year-end run of a past year (admin)',
    description:
      'Starts the year-end workflow for the year (the `year-end` schedule runs it by itself on 1 January). A run already under way is reused; running a year again changes nothing.',
  })
  @ApiAcceptedResponse({ type: YearEndStartDto, description: 'year, workflowId, runId' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  @ApiConflictResponse({ description: 'YEAR_NOT_ENDED: the year has not ended yet' })
  run(@Param('year', new YearParam()) year: number): Promise<YearEndStartDto> {
    return this.yearEnd.start(year);
  }
}

@Module({
  imports: [AgenciesModule],
  controllers: [CarryOverReportController, YearEndAdminController],
  providers: [YearEndService],
})
export class YearEndModule {}
