import { Body, Controller, Get, HttpCode, Module, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { UuidParam } from '../common/pipes';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles, roleNotAllowed } from '../auth/roles.guard';
import { WORK_MANAGER_ROLES } from '../../../../libs/domain/roles';
import { ApplicationsModule } from '../applications/applications.module';
import { CalendarModule } from '../calendar/calendar.controller';
import { TasksService } from './tasks.service';
import { AcceptsIdempotencyKey } from '../common/idempotency';
import {
  AssignTaskDto,
  AssigneeListDto,
  ListTasksQuery,
  TaskCountsDto,
  TaskDto,
  TaskPageDto,
  ExportTasksQuery,
} from './tasks.dto';
import { ApiFileResponse } from '../common/file-response';
import { EXPORT_MAX_ROWS, EXPORT_MEDIA, listDisposition } from '../exports/list-export';
import { ApplicationDetailDto } from '../applications/application.dto';
import { ReviewCaseDto } from '../review-cases/review-case.dto';
import { ReviewCasesModule } from '../review-cases/review-cases.controller';

@ApiTags('tasks 待办')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({
    summary:
      'The inbox: my tasks, my roles’ unclaimed tasks, or all of the agency; most urgent first, paused last',
  })
  @ApiOkResponse({ type: TaskPageDto })
  list(@CurrentUser() user: StaffUser, @Query() q: ListTasksQuery): Promise<TaskPageDto> {
    return this.tasks.list(user, q);
  }

  @Get('export')
  @ApiOperation({
    summary: '导出 The inbox (a view with its filters; overdue=true: the overdue) as .xlsx or .csv',
    description: `The same view and filters as GET /api/tasks, every task of it in the inbox's order, with Chinese column headings; CSV in UTF-8 with a byte-order mark. Content-Length is sent (the console shows the progress) and X-Export-Rows says how many rows. At most ${EXPORT_MAX_ROWS} rows (422 EXPORT_TOO_LARGE beyond).`,
  })
  @ApiFileResponse('the list', EXPORT_MEDIA.xlsx, 'text/csv')
  @ApiResponse({ status: 422, description: `more than ${EXPORT_MAX_ROWS} rows: narrow the filters` })
  async export(
    @CurrentUser() user: StaffUser,
    @Query() q: ExportTasksQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // page and pageSize are not used: every page is exported.
    const { format, ...filters } = q;
    const { file, rows } = await this.tasks.export(user, filters, format);
    const name = filters.overdue === 'true' ? '超期待办清单' : '待办清单';
    await reply
      .header('content-type', EXPORT_MEDIA[format])
      .header('content-disposition', listDisposition('tasks', name, format))
      .header('content-length', file.length)
      .header('x-export-rows', rows)
      .send(file);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Counts per view, for the console’s badges' })
  @ApiOkResponse({ type: TaskCountsDto })
  counts(@CurrentUser() user: StaffUser): Promise<TaskCountsDto> {
    return this.tasks.counts(user);
  }

  @Post('next')
  @HttpCode(200)
  @ApiOperation({ summary: '领取最紧急的待办 Claim the most urgent unclaimed task offered to my roles' })
  @ApiOkResponse({ type: TaskDto, description: 'the task, now claimed by me' })
  @ApiNotFoundResponse({ description: 'no unclaimed task is waiting for my roles' })
  next(@CurrentUser() user: StaffUser): Promise<TaskDto> {
    return this.tasks.next(user);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim a task (409 if someone else has it)' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'taken by someone else' })
  claim(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<TaskDto> {
    return this.tasks.claim(user, id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a claimed task back to the role' })
  @ApiOkResponse({ type: TaskDto })
  release(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<TaskDto> {
    return this.tasks.release(user, id);
  }

  @Get(':id/assignees')
  @RequireRoles(WORK_MANAGER_ROLES, roleNotAllowed(WORK_MANAGER_ROLES, '分派待办'))
  @ApiOperation({
    summary:
      '可分派的人员 The colleagues a task may be assigned to: active, of its agency, holding its role (reviewers, admins)',
  })
  @ApiOkResponse({ type: AssigneeListDto })
  assignees(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
  ): Promise<AssigneeListDto> {
    return this.tasks.assignees(user, id);
  }

  @Post(':id/assign')
  @RequireRoles(WORK_MANAGER_ROLES, roleNotAllowed(WORK_MANAGER_ROLES, '分派待办'))
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign a task to a colleague holding its role (reviewers, admins)' })
  @ApiOkResponse({ type: TaskDto })
  assign(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: AssignTaskDto,
  ): Promise<TaskDto> {
    return this.tasks.assign(user, id, dto.userId);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a task by performing its action',
    description:
      'The body is that of the action (e.g. draft-decision’s for a draft_decision task). Of two people completing the same task at once, one wins and the other gets 409.',
  })
  @ApiExtraModels(ApplicationDetailDto, ReviewCaseDto)
  @ApiOkResponse({
    description:
      'the application as it now stands; for a `review_case` task, the case with its result recorded',
    schema: {
      oneOf: [{ $ref: getSchemaPath(ApplicationDetailDto) }, { $ref: getSchemaPath(ReviewCaseDto) }],
    },
  })
  @ApiBody({ schema: { type: 'object' } })
  @ApiConflictResponse({ description: 'someone else is completing it, or the workflow refuses the action' })
  @AcceptsIdempotencyKey()
  complete(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<ApplicationDetailDto | ReviewCaseDto> {
    return this.tasks.complete(user, id, body);
  }
}

@Module({
  imports: [ApplicationsModule, CalendarModule, ReviewCasesModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
