/** Issue 16: departments (内设机构/承办科室), their members, and the supervision view (督办). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  ROUTED_DEPARTMENT_STATUSES,
  ROUTING_ROLES,
  type RoutedDepartmentStatus,
  type RoutingRole,
} from '../../../../libs/domain/application';

/** A department name: 1 to 100 characters, not blank. */
function NameRule(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsString({ message: 'name must be text' })(target, key);
    Matches(/\S/, { message: 'name must not be blank' })(target, key);
    MaxLength(100, { message: 'name may be at most 100 characters' })(target, key);
  };
}

function CodeRule(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsString({ message: 'code must be text' })(target, key);
    Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'code must be 1–32 letters, digits, _ or -' })(target, key);
  };
}

export class CreateDepartmentDto {
  @ApiProperty({ example: '政策法规科', description: '科室名称 (unique in the agency)' })
  @NameRule()
  name!: string;

  @ApiPropertyOptional({ example: 'zcfg', description: '科室代码 (unique in the agency)' })
  @IsOptional()
  @CodeRule()
  code?: string;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: '政策法规科', description: 'Rename (unique in the agency)' })
  @IsOptional()
  @NameRule()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A new code, or null to clear it' })
  @ValidateIf((o: UpdateDepartmentDto) => o.code !== null && o.code !== undefined)
  @CodeRule()
  code?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates (停用) the department; true reactivates it' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class SetMembersDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The accounts (of the department’s agency) that make up the department; replaces the members',
  })
  @IsArray({ message: 'userIds must be an array of user ids' })
  @ArrayMaxSize(500, { message: 'userIds may name at most 500 accounts' })
  @ArrayUnique({ message: 'userIds must not repeat an account' })
  @IsUUID('all', { each: true, message: 'userIds must be user ids (UUIDs)' })
  userIds!: string[];
}

export class ListDepartmentsQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Include deactivated departments (default true)',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeInactive must be true or false' })
  includeInactive?: 'true' | 'false';
}

export class DepartmentMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() active!: boolean;
}

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ description: '科室名称' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: [DepartmentMemberDto] }) members!: DepartmentMemberDto[];
  @ApiProperty({ description: 'The signed-in user belongs to it' }) memberOf!: boolean;
}

export class DepartmentListDto {
  @ApiProperty({ type: [DepartmentDto] }) items!: DepartmentDto[];
}

export class SupervisionQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 60,
    default: 5,
    description: 'Lapsing within this many working days (overdue ones are always listed)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'withinWorkingDays must be a whole number' })
  @Min(0, { message: 'withinWorkingDays must be at least 0' })
  @Max(60, { message: 'withinWorkingDays may be at most 60' })
  withinWorkingDays?: number;
}

export class SupervisedDepartmentDto {
  @ApiProperty({ format: 'uuid' }) departmentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROUTING_ROLES }) role!: RoutingRole;
  @ApiProperty({ description: '主办 or 协办' }) roleLabel!: string;
  @ApiProperty({ enum: ROUTED_DEPARTMENT_STATUSES }) status!: RoutedDepartmentStatus;
  @ApiProperty({ description: '待签收, 已签收, 已退回, 已提供意见' }) statusLabel!: string;
}

export class SupervisedApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ format: 'date', description: '答复期限' }) replyDueOn!: string;
  @ApiProperty({ description: 'Working days left (negative: overdue by that many)' })
  workingDaysLeft!: number;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: 'The reply clock is paused (consultation, fee)' }) paused!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: '科室办理期限' })
  inputDueOn!: string | null;
  @ApiProperty({ type: [SupervisedDepartmentDto] }) departments!: SupervisedDepartmentDto[];
}

export class SupervisionGroupDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The department; null: not routed to any department (or sent back by all)',
  })
  departmentId!: string | null;
  @ApiProperty({ description: '科室名称, or 未交办 for the unrouted' }) name!: string;
  @ApiProperty({ description: 'Lapsing within N working days, not yet overdue' }) dueSoon!: number;
  @ApiProperty({ description: 'Of its applications, those it leads (主办)' }) leading!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: [SupervisedApplicationDto], description: 'Most urgent first' })
  items!: SupervisedApplicationDto[];
}

export class SupervisionDto {
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty() withinWorkingDays!: number;
  @ApiProperty() calendarVersion!: number;
  @ApiProperty() dueSoon!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({
    type: [SupervisionGroupDto],
    description:
      'Per department (by name): the applications routed to it that it has not sent back, as lead or contributor; then 未交办 (routed to no department, or sent back by all)',
  })
  groups!: SupervisionGroupDto[];
}
