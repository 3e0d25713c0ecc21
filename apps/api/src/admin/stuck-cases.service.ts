import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { StaffUser } from '../auth/auth.types';
import type { PageQuery } from '../common/page-query';
import type { StuckCasePageDto } from './admin.dto';
import { rowsOf } from '../../../../platform/database/repositories/queryable';

interface StuckRow {
  application_id: string;
  case_number: string;
  agency_id: string;
  workflow_id: string;
  run_id: string | null;
  kind: 'activity' | 'workflow_task';
  activity_type: string | null;
  attempt: number;
  error: string;
  first_seen_at: Date;
  last_seen_at: Date;
  total: number;
}

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
    const rows = await rowsOf<StuckRow>(
      this.db,
      `SELECT p.application_id, a.case_number, a.agency_id, p.workflow_id, p.run_id, p.kind, p.activity_type,
              p.attempt, p.error, p.first_seen_at, p.last_seen_at, count(*) OVER ()::int AS total
         FROM workflow_problems p JOIN applications a ON a.id = p.application_id
        WHERE a.agency_id = ANY($1::uuid[])
        ORDER BY p.first_seen_at, p.workflow_id, p.kind
        LIMIT $2 OFFSET $3`,
      [scope, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const total = rows.length
      ? rows[0].total
      : (
          await rowsOf<{ n: number }>(
            this.db,
            `SELECT count(*)::int AS n FROM workflow_problems p JOIN applications a ON a.id = p.application_id
              WHERE a.agency_id = ANY($1::uuid[])`,
            [scope],
          )
        )[0].n;
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
    const [{ n }] = await rowsOf<{
      n: number;
    }>(this.db, `SELECT count(*)::int AS n FROM workflow_problems`);
    return n;
  }
}
