import { Body, Controller, Get, HttpCode, Module, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AgenciesModule } from '../agencies/agencies.module';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { PUBLISHER_ROLES } from './publication.service';
import { YearParam } from '../common/pipes';
import { ReportsModule } from '../reports/reports.module';
import {
  AnnualReportOverviewDto,
  AnnualReportQuery,
  PublishDto,
  PublishedQuery,
  PutSectionsDto,
  ReportDocumentDto,
  RestateDto,
  RollUpDto,
} from './publication.dto';
import { PublicationService } from './publication.service';

@ApiTags('annual reports 年度报告发布')
@ApiBearerAuth()
@Controller('annual-reports')
export class PublicationController {
  constructor(private readonly publication: PublicationService) {}

  @Get(':year')
  @ApiOperation({
    summary:
      '年度报告（草稿与发布） The year’s report: sections, rendered document, checks, published snapshot',
    description:
      'templates (the sections as written, with placeholders), placeholders (the names staff may use), warnings (figures typed by hand), document (the ReportDocument rendered from the current figures, status draft), checks (each with `blocking`), canPublish, published (the latest snapshot or null), versions, changedSincePublication and differences (published vs current figures, per table, row and column).',
  })
  @ApiOkResponse({ type: AnnualReportOverviewDto, description: 'the report page' })
  get(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: AnnualReportQuery,
  ): Promise<AnnualReportOverviewDto> {
    return this.publication.overview(user, q.agencyId, year);
  }

  @Put(':year/sections')
  @RequireRoles(PUBLISHER_ROLES, {
    code: 'NOT_REVIEWER',
    message: 'only a reviewer or an admin may write the annual report',
  })
  @ApiOperation({
    summary: '撰写正文 Write sections 一, 五 and 六 (reviewer, admin)',
    description:
      'Placeholders `{{名称}}` are filled from the figures; an unknown one is refused naming sections.<name>.',
  })
  @ApiOkResponse({ type: AnnualReportOverviewDto, description: 'the report page, as GET' })
  @ApiBadRequestResponse({
    description: 'a section is wrong or uses an unknown placeholder (named as sections.<name>)',
  })
  @ApiForbiddenResponse({ description: 'neither reviewer nor admin' })
  putSections(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Body() dto: PutSectionsDto,
  ): Promise<AnnualReportOverviewDto> {
    return this.publication.putSections(user, year, {
      agencyId: dto.agencyId,
      sections: dto.sections as unknown as Record<string, unknown>,
    });
  }

  @Post(':year/publish')
  @RequireRoles(PUBLISHER_ROLES, {
    code: 'NOT_REVIEWER',
    message: 'only a reviewer or an admin may publish the annual report',
  })
  @HttpCode(200)
  @ApiOperation({
    summary: '发布 Publish the year’s report as it stands (reviewer, admin)',
    description: 'Stores version 1, a snapshot that later changes to the data never rewrite.',
  })
  @ApiOkResponse({ type: AnnualReportOverviewDto, description: 'the report page, as GET, with `published`' })
  @ApiConflictResponse({
    description:
      'CROSS_CHECK_FAILED (with `checks`: the failing checks and their failures) or ALREADY_PUBLISHED',
  })
  @ApiForbiddenResponse({ description: 'neither reviewer nor admin' })
  publish(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Body() dto: PublishDto,
  ): Promise<AnnualReportOverviewDto> {
    return this.publication.publish(user, year, dto.agencyId);
  }

  @Post(':year/restate')
  @RequireRoles(['admin'], {
    code: 'NOT_ADMIN',
    message: 'only an admin may publish a restatement of the annual report',
  })
  @HttpCode(200)
  @ApiOperation({
    summary: '发布更正 Publish a restatement with the current figures (admin)',
    description: 'Stores version n+1 with its reason; the same checks must hold.',
  })
  @ApiOkResponse({ type: AnnualReportOverviewDto, description: 'the report page, as GET' })
  @ApiBadRequestResponse({ description: 'reason missing or empty' })
  @ApiConflictResponse({ description: 'NOT_PUBLISHED, CROSS_CHECK_FAILED or CONCURRENT_RESTATEMENT' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  restate(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Body() dto: RestateDto,
  ): Promise<AnnualReportOverviewDto> {
    return this.publication.restate(user, year, dto.agencyId, dto.reason);
  }

  @Get(':year/published')
  @ApiOperation({ summary: '已发布的年度报告 A published snapshot (latest version unless `version`)' })
  @ApiOkResponse({
    type: ReportDocumentDto,
    description: 'the ReportDocument as published (status published | restated, version, publishedAt)',
  })
  @ApiNotFoundResponse({ description: 'NOT_PUBLISHED' })
  published(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: PublishedQuery,
  ): Promise<ReportDocumentDto> {
    return this.publication.published(user, q.agencyId, year, q.version);
  }

  @Get(':year/roll-up')
  @ApiOperation({
    summary: '汇总 A government’s roll-up: the sum of the published reports of the agencies under it',
    description:
      'The latest version of each; `included` lists them, `notPublished` those without a published report.',
  })
  @ApiOkResponse({
    type: RollUpDto,
    description: 'a ReportDocument-like object with the tables summed, included, notPublished',
  })
  @ApiBadRequestResponse({ description: 'the agency has no agencies under it' })
  rollUp(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() q: AnnualReportQuery,
  ): Promise<RollUpDto> {
    return this.publication.rollUp(user, q.agencyId, year);
  }
}

@Module({
  imports: [AgenciesModule, ReportsModule],
  controllers: [PublicationController],
  providers: [PublicationService],
  exports: [PublicationService],
})
export class PublicationModule {}
