import { PageQuery } from '../common/page-query';
import { EXPORT_FORMATS, type ExportFormat } from '../exports/list-export';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { TASK_KINDS, type TaskKind } from '../../../../libs/domain/tasks';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../../../libs/domain/application';
import { ROLES, type Role } from '../../../../libs/domain/roles';
import { REVIEW_CASE_KINDS, type ReviewCaseKind } from '../../../../libs/domain/review-cases';

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['mine', 'role', 'agency', 'department'],
    default: 'role',
    description:
      'mine: claimed by me; role: unclaimed, offered to my roles; agency: all (reviewers, admins); department: 本科室待办, the tasks of the departments I belong to (签收, 协办意见)',
  })
  @IsOptional()
  @IsIn(['mine', 'role', 'agency', 'department'], {
    message: 'view must be one of: mine, role, agency, department',
  })
  view: 'mine' | 'role' | 'agency' | 'department' = 'role';

  @ApiPropertyOptional({ enum: TASK_KINDS })
  @IsOptional()
  @IsIn(TASK_KINDS, { message: `kind must be one of: ${TASK_KINDS.join(', ')}` })
  kind?: TaskKind;

  @ApiPropertyOptional({ enum: ['open', 'claimed'] })
  @IsOptional()
  @IsIn(['open', 'claimed'], { message: 'state must be open or claimed' })
  state?: 'open' | 'claimed';

  @ApiPropertyOptional({
    description:
      'Only tasks whose reply deadline is at most this many working days away (overdue ones included; none without a deadline)',
    minimum: 0,
    maximum: 400,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'dueWithin must be a whole number of working days' })
  @Min(0)
  @Max(400)
  dueWithin?: number;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only overdue (true): the reply deadline has passed (fewer than 0 working days left)',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only paused (true) or only running (false) clocks',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'paused must be true or false' })
  paused?: string;
}

/** The inbox's view and filters, and the file format of its export (导出). */
export class ExportTasksQuery extends ListTasksQuery {
  @ApiProperty({ enum: EXPORT_FORMATS, description: 'xlsx (Excel) or csv (UTF-8 with BOM)' })
  @IsIn(EXPORT_FORMATS, { message: `format must be one of: ${EXPORT_FORMATS.join(', ')}` })
  format!: ExportFormat;
}

export class AssignTaskDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId!: string;
}

export class TaskAssigneeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
}

/** The reconsideration or litigation case a `review_case` task waits on. */
export class TaskReviewCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REVIEW_CASE_KINDS, nullable: true, type: String }) kind!: ReviewCaseKind | null;
  @ApiProperty({ type: String, nullable: true }) kindLabel!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '申请复议或起诉之日' }) filedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '复议机关或人民法院' }) body!: string | null;
}

/** The application a task belongs to, with its reply deadline as of today. */
export class TaskApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ description: '中文状态' }) statusLabel!: string;
  @ApiProperty({ type: String, nullable: true, description: '答复期限 (YYYY-MM-DD)' }) replyDueOn!:
    string | null;
  @ApiProperty() replyDueProvisional!: boolean;
  @ApiProperty({ description: 'The reply clock is paused' }) paused!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working days left until the deadline, from today (negative: overdue)',
  })
  workingDaysLeft!: number | null;
  @ApiProperty() overdue!: boolean;
}

/** Issue 16: the department a task is offered to. */
export class TaskDepartmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

/** A task of the inbox (待办). */
export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TASK_KINDS }) kind!: TaskKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ enum: ROLES, description: 'The role it is offered to' }) role!: Role;
  @ApiProperty() roleLabel!: string;
  @ApiProperty({ enum: ['open', 'claimed', 'done'] }) state!: 'open' | 'claimed' | 'done';
  @ApiProperty({ type: TaskAssigneeDto, nullable: true }) assignee!: TaskAssigneeDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: TaskReviewCaseDto, nullable: true, description: 'Only on a `review_case` task' })
  reviewCase!: TaskReviewCaseDto | null;
  @ApiProperty({ type: TaskApplicationDto }) application!: TaskApplicationDto;
  @ApiProperty({
    type: TaskDepartmentDto,
    nullable: true,
    description: 'A department’s task (签收, 协办意见): the department whose members it is offered to',
  })
  department!: TaskDepartmentDto | null;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** The console's badges. */
export class TaskCountsDto {
  @ApiProperty({ description: 'Claimed by me' }) mine!: number;
  @ApiProperty({ description: 'Unclaimed, offered to my roles' }) role!: number;
  @ApiProperty({ description: 'All active tasks of the agency' }) agency!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ description: '0–3 working days left, clock running' }) dueSoon!: number;
  @ApiProperty() paused!: number;
  @ApiProperty({ description: '本科室待办: active tasks of the departments I belong to' })
  department!: number;
}

export class AssigneeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ description: '姓名' }) displayName!: string;
}

export class AssigneeListDto {
  @ApiProperty({ type: [AssigneeDto] }) items!: AssigneeDto[];
}
