import { PageQuery } from '../common/page-query';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { TASK_KINDS, type TaskKind } from '../../../../libs/domain/tasks';

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['mine', 'role', 'agency'],
    default: 'role',
    description: 'mine: claimed by me; role: unclaimed, offered to my roles; agency: all (reviewers, admins)',
  })
  @IsOptional()
  @IsIn(['mine', 'role', 'agency'], { message: 'view must be one of: mine, role, agency' })
  view: 'mine' | 'role' | 'agency' = 'role';

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

export class AssignTaskDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId!: string;
}

export class AssigneeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ description: '姓名' }) displayName!: string;
}

export class AssigneeListDto {
  @ApiProperty({ type: [AssigneeDto] }) items!: AssigneeDto[];
}
