import { Body, Controller, Get, HttpCode, Module, Param, Post, Query } from '@nestjs/common';
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
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles, roleNotAllowed } from '../auth/roles.guard';
import { REVIEW_CASE_ROLES } from '../../../../libs/domain/review-cases';
import { AgenciesModule } from '../agencies/agencies.module';
import { CalendarModule } from '../calendar/calendar.controller';
import { UuidParam } from '../common/pipes';
import { ReviewCasesService } from './review-cases.service';
import {
  CreateReviewCaseDto,
  ListReviewCasesQuery,
  RecordReviewResultDto,
  ReviewCaseDto,
  ReviewCaseListDto,
  ReviewCasePageDto,
  Table4Query,
  Table4ReportDto,
} from './review-case.dto';

@ApiTags('review-cases 行政复议与行政诉讼')
@ApiBearerAuth()
@Controller()
export class ReviewCasesController {
  constructor(private readonly cases: ReviewCasesService) {}

  @Post('applications/:id/review-cases')
  @RequireRoles(REVIEW_CASE_ROLES, roleNotAllowed(REVIEW_CASE_ROLES, '登记行政复议或行政诉讼'))
  @ApiOperation({
    summary: '登记行政复议或行政诉讼 Record a reconsideration or litigation case about an application',
    description:
      'The case is pending (尚未审结) until its result is recorded, and shows in the reviewers’ inbox as a `review_case` task meanwhile.',
  })
  @ApiCreatedResponse({ type: ReviewCaseDto, description: 'the case' })
  @ApiBadRequestResponse({
    description: 'a field is missing or malformed (each field named with its reason)',
  })
  @ApiNotFoundResponse({ description: 'no such application (or not of the user’s agencies)' })
  @ApiForbiddenResponse({ description: 'the signed-in user holds no staff role' })
  create(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: CreateReviewCaseDto,
  ): Promise<ReviewCaseDto> {
    return this.cases.create(user, id, dto);
  }

  @Get('applications/:id/review-cases')
  @ApiOperation({ summary: 'The review cases of an application, in filing order' })
  @ApiOkResponse({ type: ReviewCaseListDto })
  @ApiNotFoundResponse({ description: 'no such application' })
  listForApplication(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
  ): Promise<ReviewCaseListDto> {
    return this.cases.listForApplication(user, id);
  }

  @Get('review-cases')
  @ApiOperation({
    summary:
      'Review cases of an agency (filter by filing year, kind, pending; paginated, latest filed first)',
  })
  @ApiOkResponse({ type: ReviewCasePageDto })
  list(@CurrentUser() user: StaffUser, @Query() q: ListReviewCasesQuery): Promise<ReviewCasePageDto> {
    return this.cases.list(user, q);
  }

  @Get('review-cases/table4')
  @ApiOperation({
    summary: '表四 Table 四 of an agency for a year, with its cross-check',
    description:
      '`table4_columns` (upheld, corrected, other, pending, total) and `table4` (group → 5 numbers): a case counts in the year it was filed, as pending if not decided by 31 December (REPORT.md).',
  })
  @ApiOkResponse({ type: Table4ReportDto, description: 'table 四' })
  table4(@CurrentUser() user: StaffUser, @Query() q: Table4Query): Promise<Table4ReportDto> {
    return this.cases.table4For(user, q.agencyId ?? user.agencyId, q.year, q.includeSubAgencies === 'true');
  }

  @Get('review-cases/:id')
  @ApiOperation({ summary: 'One review case' })
  @ApiOkResponse({ type: ReviewCaseDto })
  @ApiNotFoundResponse({ description: 'no such case' })
  get(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<ReviewCaseDto> {
    return this.cases.get(user, id);
  }

  @Post('review-cases/:id/result')
  @RequireRoles(REVIEW_CASE_ROLES, roleNotAllowed(REVIEW_CASE_ROLES, '登记复议或诉讼结果'))
  @HttpCode(200)
  @ApiOperation({
    summary: '登记复议或诉讼结果 Record the result of a case (or correct it, with a reason)',
    description:
      'A pending case is decided once (any staff role); a recorded result may be corrected by a reviewer or admin with `reason` (kept in `corrections`), but not once it reopened the application. With `result: corrected` and `reopen`, a concluded application is reopened for a new decision: a new run of its workflow records `reopened` and the handler drafts again, with the reply clock restarted from `reopen.reopenedOn` (20 working days, or up to `reopen.replyDueOn`). An application still open is not reopened; the result is only recorded. The case’s inbox task closes.',
  })
  @ApiOkResponse({
    type: ReviewCaseDto,
    description: 'the case, with `reopen.state` requested, started or reopened',
  })
  @ApiBadRequestResponse({
    description: 'a field is missing or malformed (each field named with its reason)',
  })
  @ApiNotFoundResponse({ description: 'no such case' })
  @ApiForbiddenResponse({ description: 'correcting a recorded result needs a reviewer or admin' })
  @ApiConflictResponse({
    description:
      'the reopening is refused (`code` names the rule), or the case already reopened the application',
  })
  recordResult(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: RecordReviewResultDto,
  ): Promise<ReviewCaseDto> {
    return this.cases.recordResult(user, id, dto);
  }
}

@Module({
  imports: [AgenciesModule, CalendarModule],
  controllers: [ReviewCasesController],
  providers: [ReviewCasesService],
  exports: [ReviewCasesService],
})
export class ReviewCasesModule {}
