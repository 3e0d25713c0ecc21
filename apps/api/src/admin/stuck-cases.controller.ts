import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgenciesModule } from '../agencies/agencies.module';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { PageQuery } from '../common/page-query';
import { StuckCasesService } from './stuck-cases.service';
import { StuckCasePageDto } from './admin.dto';

@ApiTags('admin 管理')
@ApiBearerAuth()
@Controller('admin')
export class StuckCasesController {
  constructor(private readonly stuckCases: StuckCasesService) {}

  @Get('stuck-cases')
  @RequireRoles(['admin'], '查看卡住的申请')
  @ApiOperation({
    summary: '卡住的申请 Cases whose workflow cannot make progress (admin)',
    description:
      'An activity failing attempt after attempt, or every workflow task failing, as the worker last saw it; longest stuck first. Scoped to the admin’s agency and those under it.',
  })
  @ApiOkResponse({
    type: StuckCasePageDto,
    description:
      'items: applicationId, caseNumber, workflowId, kind (activity | workflow_task), activityType (or "workflow task"), attempts, error, since; total, page, pageSize',
  })
  @ApiForbiddenResponse({ description: 'not an admin' })
  list(@CurrentUser() user: StaffUser, @Query() q: PageQuery): Promise<StuckCasePageDto> {
    return this.stuckCases.list(user, q);
  }
}

@Module({
  imports: [AgenciesModule],
  controllers: [StuckCasesController],
  providers: [StuckCasesService],
  exports: [StuckCasesService],
})
export class StuckCasesModule {}
