import { Body, Controller, Get, HttpCode, Module, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AgenciesModule } from '../agencies/agencies.module';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { UuidParam, YearParam } from '../common/pipes';
import {
  CreateDocumentDto,
  DisclosureDocumentDto,
  DisclosureDocumentPageDto,
  FiguresQuery,
  ListDocumentsQuery,
  PutFiguresDto,
  RepealDocumentDto,
  Table2Query,
  Table2ReportDto,
  UpdateDocumentDto,
  YearFiguresDto,
} from './proactive-disclosure.dto';
import { DISCLOSURE_KEEPER_ROLES, ProactiveDisclosureService } from './proactive-disclosure.service';

@ApiTags('proactive disclosure 主动公开')
@ApiBearerAuth()
@Controller('disclosure-documents')
export class DisclosureDocumentsController {
  constructor(private readonly disclosure: ProactiveDisclosureService) {}

  @Get()
  @ApiOperation({
    summary: '主动公开文件登记 The register of rules (规章) and normative documents (行政规范性文件)',
    description:
      'Newest issue date first; filters: agencyId, kind, year (in force at some time in it), inForce.',
  })
  @ApiOkResponse({ type: DisclosureDocumentPageDto, description: 'items, total, page, pageSize' })
  list(@CurrentUser() user: StaffUser, @Query() q: ListDocumentsQuery): Promise<DisclosureDocumentPageDto> {
    return this.disclosure.listDocuments(user, q);
  }

  @Post()
  @RequireRoles(DISCLOSURE_KEEPER_ROLES, '登记主动公开文件')
  @ApiOperation({ summary: '登记文件 Register a document (admin, reviewer)' })
  @ApiCreatedResponse({ type: DisclosureDocumentDto, description: 'the document' })
  @ApiBadRequestResponse({ description: 'a field is missing or wrong (named in `errors`)' })
  @ApiForbiddenResponse({ description: 'neither admin nor reviewer' })
  create(@CurrentUser() user: StaffUser, @Body() dto: CreateDocumentDto): Promise<DisclosureDocumentDto> {
    return this.disclosure.createDocument(user, dto);
  }

  @Patch(':id')
  @RequireRoles(DISCLOSURE_KEEPER_ROLES, '更正主动公开文件')
  @ApiOperation({ summary: '更正文件信息 Correct a document’s title, number or dates (admin, reviewer)' })
  @ApiOkResponse({ type: DisclosureDocumentDto, description: 'the document' })
  @ApiNotFoundResponse({ description: 'no such document in the user’s agencies' })
  update(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: UpdateDocumentDto,
  ): Promise<DisclosureDocumentDto> {
    return this.disclosure.updateDocument(user, id, dto);
  }

  @Post(':id/repeal')
  @RequireRoles(DISCLOSURE_KEEPER_ROLES, '废止主动公开文件')
  @HttpCode(200)
  @ApiOperation({ summary: '废止 Record that a document was repealed (admin, reviewer)' })
  @ApiOkResponse({ type: DisclosureDocumentDto, description: 'the document' })
  @ApiConflictResponse({ description: 'ALREADY_REPEALED' })
  repeal(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RepealDocumentDto,
  ): Promise<DisclosureDocumentDto> {
    return this.disclosure.repealDocument(user, id, dto);
  }
}

@ApiTags('proactive disclosure 主动公开')
@ApiBearerAuth()
@Controller('disclosure-figures')
export class DisclosureFiguresController {
  constructor(private readonly disclosure: ProactiveDisclosureService) {}

  @Get()
  @ApiOperation({
    summary:
      '主动公开数据 The figures recorded for a year (licensing, penalty, enforcement, fees), with sources',
  })
  @ApiOkResponse({
    type: YearFiguresDto,
    description: 'agencyId, year, figures (key → {value, source, recordedAt, recordedBy} | null), missing',
  })
  get(@CurrentUser() user: StaffUser, @Query() q: FiguresQuery): Promise<YearFiguresDto> {
    return this.disclosure.getFigures(user, q.agencyId, q.year);
  }

  @Get('table2')
  @ApiOperation({
    summary:
      '表二 Table 二 of a year: from the register and the recorded figures, with sources and cross-checks',
  })
  @ApiOkResponse({
    type: Table2ReportDto,
    description: 'table2, table2_sources (key → source | null when never entered), checks',
  })
  table2(@CurrentUser() user: StaffUser, @Query() q: Table2Query): Promise<Table2ReportDto> {
    return this.disclosure.table2For(user, q.agencyId, q.year, q.includeSubAgencies === 'true');
  }

  @Put(':year')
  @RequireRoles(DISCLOSURE_KEEPER_ROLES, '录入主动公开数据')
  @ApiOperation({
    summary: '录入主动公开数据 Record a year’s figures with their sources (admin, reviewer)',
    description:
      'Each figure given replaces what was recorded for that key and year; who and when are recorded.',
  })
  @ApiOkResponse({ type: YearFiguresDto, description: 'the year’s figures' })
  @ApiBadRequestResponse({ description: 'a figure is wrong (named as figures.<key>.value|source)' })
  @ApiForbiddenResponse({ description: 'neither admin nor reviewer' })
  put(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Body() dto: PutFiguresDto,
  ): Promise<YearFiguresDto> {
    return this.disclosure.putFigures(user, year, dto);
  }
}

@Module({
  imports: [AgenciesModule],
  controllers: [DisclosureDocumentsController, DisclosureFiguresController],
  providers: [ProactiveDisclosureService],
  exports: [ProactiveDisclosureService],
})
export class ProactiveDisclosureModule {}
