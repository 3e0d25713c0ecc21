import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { AgencyScopeQuery } from '../common/page-query';
import { YearParam } from '../common/pipes';
import { AgenciesModule } from '../agencies/agencies.module';
import { CalendarModule } from '../calendar/calendar.controller';
import { ReviewCasesModule } from '../review-cases/review-cases.controller';
import { DashboardService } from './dashboard.service';
import { DashboardDto } from './dashboard.dto';

/** agencyId and includeSubAgencies of the dashboard. */
export class DashboardQuery extends AgencyScopeQuery {}

@ApiTags('dashboard 一览')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get(':year')
  @ApiOperation({
    summary: '一览 The dashboard of an agency (or a government’s roll-up) for a year',
    description:
      'Received and concluded per month, outcomes by national category, timeliness and working days taken, reconsideration and litigation — from the same counts as GET /api/reports/{year}, so every figure equals the report’s — and the open applications today by working days left, the overdue ones listed. With `includeSubAgencies=true`, `byAgency` compares the agencies covered.',
  })
  @ApiOkResponse({ type: DashboardDto })
  get(
    @CurrentUser() user: StaffUser,
    @Param('year', new YearParam()) year: number,
    @Query() query: DashboardQuery,
  ): Promise<DashboardDto> {
    return this.dashboard.dashboard(
      user,
      query.agencyId ?? user.agencyId,
      year,
      query.includeSubAgencies === 'true',
    );
  }
}

@Module({
  imports: [AgenciesModule, CalendarModule, ReviewCasesModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
