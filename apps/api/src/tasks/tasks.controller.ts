import { Body, Controller, Get, HttpCode, Module, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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
} from './tasks.dto';
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
