import { Body, Controller, Get, Module, Put, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { YearParam } from '../common/pipes';
import { CalendarService } from './calendar.service';
import { EnterCalendarYearDto } from './calendar.dto';
import { CurrentUser, type StaffUser, actorOf } from '../auth/auth.types';
import { requireRole } from '../auth/users.controller';

@ApiTags('calendar 工作日历')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({
    summary: 'The working-day calendar: each year’s holiday arrangement, where it comes from, its version',
  })
  @ApiOkResponse({ description: 'years, version, and the next year if it is missing (from 1 November)' })
  get() {
    return this.calendar.describe();
  }

  @Put(':year')
  @ApiOperation({
    summary: '录入节假日安排 Enter or correct a year’s arrangement (admin), citing the notice',
    description: 'Creates a new calendar version; every open application recounts its deadlines with it.',
  })
  enter(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Body() dto: EnterCalendarYearDto,
  ) {
    requireRole(user, 'admin', '录入节假日安排');
    return this.calendar.enterYear(year, dto, actorOf(user));
  }
}

@Module({ controllers: [CalendarController], providers: [CalendarService], exports: [CalendarService] })
export class CalendarModule {}
