import { Body, Controller, Get, HttpCode, Module, Put, Param } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParam, YearParam } from '../common/pipes';
import { CalendarService } from './calendar.service';
import { CalendarPropagationService } from './calendar-propagation.service';
import {
  CalendarDto,
  CalendarEntryDto,
  CalendarPropagationDto,
  CalendarPropagationListDto,
  EnterCalendarYearDto,
} from './calendar.dto';
import { CurrentUser, type StaffUser, actorOf } from '../auth/auth.types';
import { RequirePlatformAdmin, RequireRoles } from '../auth/roles.guard';

/** Platform admins, and agency admins (who may follow what the platform entered). */
const RequirePropagationReader = () =>
  RequireRoles(
    ['admin'],
    { code: 'ROLE_REQUIRED', message: '查看日历推送进度需要“平台管理员”或“管理员”角色' },
    { platformAdmin: true },
  );

@ApiTags('calendar 工作日历')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly propagations: CalendarPropagationService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The working-day calendar: each year’s holiday arrangement, where it comes from, its version',
  })
  @ApiOkResponse({
    type: CalendarDto,
    description: 'years, version, and the next year if it is missing (from 1 November)',
  })
  get(): Promise<CalendarDto> {
    return this.calendar.describe();
  }

  @Get('propagations')
  @RequirePropagationReader()
  @ApiOperation({
    summary: '推送进度 The latest calendar propagations, newest first (platform admins, agency admins)',
  })
  @ApiOkResponse({
    type: CalendarPropagationListDto,
    description: '{ items }: status, total, signalled, skipped, failed, times',
  })
  listPropagations(): Promise<CalendarPropagationListDto> {
    return this.propagations.list();
  }

  @Get('propagations/:id')
  @RequirePropagationReader()
  @ApiOperation({ summary: '推送进度 One calendar propagation (platform admins, agency admins)' })
  @ApiOkResponse({ type: CalendarPropagationDto })
  @ApiNotFoundResponse({ description: 'no such propagation' })
  getPropagation(@Param('id', new UuidParam()) id: string): Promise<CalendarPropagationDto> {
    return this.propagations.get(id);
  }

  @Put(':year')
  @RequirePlatformAdmin('录入节假日安排')
  @HttpCode(202)
  @ApiOperation({
    summary: '录入节假日安排 Enter or correct a year’s arrangement (platform admin), citing the notice',
    description:
      'Creates a new calendar version and its propagation in one transaction, then starts the propagation ' +
      'workflow, which brings it to every open application (they recount their deadlines). Answers 202 ' +
      'with the propagation id; follow it at GET /calendar/propagations/{id}. If Temporal is unavailable ' +
      'the propagation stays pending and is started once it is back.',
  })
  @ApiAcceptedResponse({
    type: CalendarEntryDto,
    description: '{ year, version, propagationId, workflowStarted, propagation }',
  })
  @ApiForbiddenResponse({ description: 'PLATFORM_ADMIN_REQUIRED: only a platform admin (平台管理员) may' })
  enter(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Body() dto: EnterCalendarYearDto,
  ): Promise<CalendarEntryDto> {
    return this.calendar.enterYear(year, dto, actorOf(user));
  }
}

@Module({
  controllers: [CalendarController],
  providers: [CalendarService, CalendarPropagationService],
  exports: [CalendarService],
})
export class CalendarModule {}
