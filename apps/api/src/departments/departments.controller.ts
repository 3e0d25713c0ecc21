import { Body, Controller, Get, Module, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { WORK_MANAGER_ROLES } from '../../../../libs/domain/roles';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles, roleNotAllowed } from '../auth/roles.guard';
import { CalendarModule } from '../calendar/calendar.controller';
import { UuidParam } from '../common/pipes';
import {
  CreateDepartmentDto,
  DepartmentDto,
  DepartmentListDto,
  ListDepartmentsQuery,
  SetMembersDto,
  SupervisionDto,
  SupervisionQuery,
  UpdateDepartmentDto,
} from './departments.dto';
import { DepartmentsService } from './departments.service';

/** Issue 16: the agency's departments (内设机构/承办科室); the admin manages them and their members. */
@ApiTags('departments 内设机构')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: '科室列表 The departments of the signed-in user’s agency, with their members' })
  @ApiOkResponse({ type: DepartmentListDto })
  list(@CurrentUser() user: StaffUser, @Query() q: ListDepartmentsQuery): Promise<DepartmentListDto> {
    return this.departments.list(user, q.includeInactive !== 'false');
  }

  @Post()
  @RequireRoles(['admin'], '管理科室')
  @ApiOperation({ summary: '新建科室 Create a department (name unique in the agency)' })
  @ApiCreatedResponse({ type: DepartmentDto })
  @ApiBadRequestResponse({
    description: 'a field is malformed, or the name or code is taken (naming the field)',
  })
  create(@CurrentUser() user: StaffUser, @Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.departments.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department with its members' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<DepartmentDto> {
    return this.departments.get(user, id);
  }

  @Patch(':id')
  @RequireRoles(['admin'], '管理科室')
  @ApiOperation({ summary: '修改科室 Rename, recode, deactivate (停用) or reactivate a department' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiBadRequestResponse({
    description: 'a field is malformed, or the name or code is taken (naming the field)',
  })
  @ApiNotFoundResponse()
  update(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: UpdateDepartmentDto,
  ): Promise<DepartmentDto> {
    return this.departments.update(user, id, dto);
  }

  @Put(':id/members')
  @RequireRoles(['admin'], '管理科室')
  @ApiOperation({ summary: '设置科室成员 Set the department’s members (accounts of the agency)' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiBadRequestResponse({ description: 'userIds names an account of another agency (or none)' })
  @ApiNotFoundResponse()
  setMembers(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: SetMembersDto,
  ): Promise<DepartmentDto> {
    return this.departments.setMembers(user, id, dto);
  }
}

/** Issue 16: 督办, what lapses soon and what is overdue, by department. */
@ApiTags('departments 内设机构')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @RequireRoles(WORK_MANAGER_ROLES, roleNotAllowed(WORK_MANAGER_ROLES, '督办'))
  @ApiOperation({
    summary: '督办 Open applications lapsing within N working days, and overdue ones, by department',
    description:
      'The agency’s open applications whose reply deadline falls within `withinWorkingDays` working days from today (on the effective calendar, as the inbox counts) or has passed, grouped by the departments they are routed to (lead or contributor, unless it sent the application back), then 未交办; with counts. Reviewers and admins.',
  })
  @ApiOkResponse({ type: SupervisionDto })
  supervision(@CurrentUser() user: StaffUser, @Query() q: SupervisionQuery): Promise<SupervisionDto> {
    return this.departments.supervision(user, q.withinWorkingDays);
  }
}

@Module({
  imports: [CalendarModule],
  controllers: [DepartmentsController, SupervisionController],
  providers: [DepartmentsService],
})
export class DepartmentsModule {}
