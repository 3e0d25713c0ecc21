import { Body, Controller, Get, HttpCode, Module, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/pipes';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles, roleNotAllowed } from '../auth/roles.guard';
import { WORK_MANAGER_ROLES } from '../../../../libs/domain/roles';
import { ApplicationsModule } from '../applications/applications.module';
import { CalendarModule } from '../calendar/calendar.controller';
import { TasksService } from './tasks.service';
import { AcceptsIdempotencyKey } from '../common/idempotency';
import { AssignTaskDto, ListTasksQuery } from './tasks.dto';
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
  list(@CurrentUser() user: StaffUser, @Query() q: ListTasksQuery) {
    return this.tasks.list(user, q);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Counts per view, for the console’s badges' })
  counts(@CurrentUser() user: StaffUser) {
    return this.tasks.counts(user);
  }

  @Post('next')
  @HttpCode(200)
  @ApiOperation({ summary: '领取最紧急的待办 Claim the most urgent unclaimed task offered to my roles' })
  next(@CurrentUser() user: StaffUser) {
    return this.tasks.next(user);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim a task (409 if someone else has it)' })
  @ApiConflictResponse({ description: 'taken by someone else' })
  claim(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string) {
    return this.tasks.claim(user, id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a claimed task back to the role' })
  release(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string) {
    return this.tasks.release(user, id);
  }

  @Post(':id/assign')
  @RequireRoles(WORK_MANAGER_ROLES, roleNotAllowed(WORK_MANAGER_ROLES, '分派待办'))
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign a task to a colleague holding its role (reviewers, admins)' })
  assign(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: AssignTaskDto,
  ) {
    return this.tasks.assign(user, id, dto.userId);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a task by performing its action',
    description:
      'The body is that of the action (e.g. draft-decision’s for a draft_decision task). Of two people completing the same task at once, one wins and the other gets 409.',
  })
  @ApiBody({ schema: { type: 'object' } })
  @ApiConflictResponse({ description: 'someone else is completing it, or the workflow refuses the action' })
  @AcceptsIdempotencyKey()
  complete(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.tasks.complete(user, id, body);
  }
}

@Module({
  imports: [ApplicationsModule, CalendarModule, ReviewCasesModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
