import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { StaffUser } from '../auth/auth.types';
import type { PageQuery } from '../common/page-query';
import type { StuckCasePageDto } from './admin.dto';
import {
  countProblems,
  countStuckCases,
  stuckCasePage,
} from '../../../../platform/database/repositories/workflow-problems.repository';

/** Cases whose workflow cannot make progress (`workflow_problems`, written by the worker). */
@Injectable()
export class StuckCasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  /** The stuck cases of the user's agency and those under it, longest stuck first. */
  async list(user: StaffUser, q: PageQuery): Promise<StuckCasePageDto> {
    const scope = await this.agencies.scope(user);
    const rows = await stuckCasePage(this.db, scope, q.pageSize, (q.page - 1) * q.pageSize);
    const total = rows.length ? rows[0].total : await countStuckCases(this.db, scope);
    return {
      items: rows.map((r) => ({
        applicationId: r.application_id,
        caseNumber: r.case_number,
        agencyId: r.agency_id,
        workflowId: r.workflow_id,
        runId: r.run_id,
        kind: r.kind,
        kindLabel: r.kind === 'activity' ? '活动反复失败' : '工作流任务反复失败',
        activityType: r.kind === 'activity' ? r.activity_type : 'workflow task',
        attempts: r.attempt,
        error: r.error,
        since: r.first_seen_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** How many workflows are stuck, over all agencies (for /api/health: one count of a small table). */
  async count(): Promise<number> {
    return countProblems(this.db);
  }
}
