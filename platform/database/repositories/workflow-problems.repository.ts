/**
 * The `workflow_problems` table: workflows that cannot make progress, one row per workflow and kind
 * ('activity': an activity failing attempt after attempt; 'workflow_task': every workflow task failing).
 * The worker writes it (activity interceptor, periodic scan) and picks the workflows its scan describes;
 * the API reads it (admin list, health). Each function takes the data source or an entity manager.
 */
import { CONCLUDED_STATUSES } from '../../../libs/domain/application';
import { redact } from '../../redact';
import { type Queryable, rowsOf } from './queryable';

export type ProblemKind = 'activity' | 'workflow_task';

export interface ProblemReport {
  workflowId: string;
  runId: string | null;
  kind: ProblemKind;
  /** The failing activity's type; null for a workflow task. */
  activityType: string | null;
  attempt: number;
  error: string;
}

/** Error texts are kept short and storable (a NUL cannot be stored in text). */
export function storableError(message: string): string {
  // Issue 10: redacted (no ID number, password hash or connection string in the stored error).
  const clean = redact(message.split('\u0000').join('\\u0000')).trim() || '（无错误信息）';
  return clean.length > 4000 ? `${clean.slice(0, 3999)}…` : clean;
}

/** Records the problem, or refreshes the row already there (first_seen_at stays). */
export async function reportProblem(db: Queryable, p: ProblemReport): Promise<void> {
  await db.query(
    `INSERT INTO workflow_problems (workflow_id, run_id, application_id, kind, activity_type, attempt, error)
     VALUES ($1, $2, (SELECT id FROM applications WHERE workflow_id = $1), $3, $4, $5, $6)
     ON CONFLICT (workflow_id, kind) DO UPDATE SET
       run_id = EXCLUDED.run_id,
       application_id = coalesce(EXCLUDED.application_id, workflow_problems.application_id),
       activity_type = EXCLUDED.activity_type, attempt = EXCLUDED.attempt, error = EXCLUDED.error,
       last_seen_at = now()`,
    [p.workflowId, p.runId, p.kind, p.activityType, p.attempt, storableError(p.error)],
  );
}

/**
 * Clears the workflow's problem of this kind (every kind when none is given). For an activity, only
 * the row of that activity type, so another activity of the workflow that keeps failing stays listed.
 * Returns how many rows it removed.
 */
export async function clearProblem(
  db: Queryable,
  workflowId: string,
  kind?: ProblemKind,
  activityType?: string,
): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `WITH d AS (DELETE FROM workflow_problems
                 WHERE workflow_id = $1 AND ($2::text IS NULL OR kind = $2)
                   AND ($3::text IS NULL OR activity_type = $3) RETURNING id)
     SELECT id FROM d`,
    [workflowId, kind ?? null, activityType ?? null],
  );
  return rows.length;
}

/** Clears the problems of the applications that have concluded since; how many rows it removed. */
export async function clearConcluded(db: Queryable): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `WITH d AS (DELETE FROM workflow_problems p USING applications a
                   WHERE a.id = p.application_id AND a.status = ANY($1::text[]) RETURNING p.id)
       SELECT id FROM d`,
    [CONCLUDED_STATUSES],
  );
  return rows.length;
}

/** The workflows already listed, least recently confirmed first. */
export async function listedWorkflows(db: Queryable, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ workflow_id: string }>(
    db,
    `SELECT workflow_id FROM workflow_problems GROUP BY workflow_id ORDER BY min(last_seen_at) LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.workflow_id);
}

/**
 * Open applications with a task being completed whose read-model row has not advanced for `stale`
 * (an interval, e.g. '60000 milliseconds'): a staff action that should have been recorded by now.
 */
export async function stalledCompletions(db: Queryable, stale: string, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ workflow_id: string }>(
    db,
    `SELECT a.workflow_id FROM applications a
          WHERE a.status <> ALL($1::text[]) AND a.updated_at < now() - $2::interval
            AND EXISTS (SELECT 1 FROM tasks t WHERE t.application_id = a.id AND t.completing AND t.state <> 'done' AND t.review_case_id IS NULL)
          ORDER BY a.updated_at LIMIT $3`,
    [CONCLUDED_STATUSES, stale, limit],
  );
  return rows.map((r) => r.workflow_id);
}

/** Open applications whose row has not advanced for `stale`, after the id `after`, by id. */
export async function staleApplications(
  db: Queryable,
  stale: string,
  after: string,
  limit: number,
): Promise<Array<{ id: string; workflow_id: string }>> {
  return rowsOf<{ id: string; workflow_id: string }>(
    db,
    `SELECT id, workflow_id FROM applications
            WHERE status <> ALL($1::text[]) AND updated_at < now() - $2::interval AND id > $3
            ORDER BY id LIMIT $4`,
    [CONCLUDED_STATUSES, stale, after, limit],
  );
}

/** A stuck case as the admin list shows it. */
export interface StuckCaseRow {
  application_id: string;
  case_number: string;
  agency_id: string;
  workflow_id: string;
  run_id: string | null;
  kind: ProblemKind;
  activity_type: string | null;
  attempt: number;
  error: string;
  first_seen_at: Date;
  last_seen_at: Date;
  /** How many problems the agencies have in all. */
  total: number;
}

/** A page of the agencies' problems, longest stuck first. */
export async function stuckCasePage(
  db: Queryable,
  agencyIds: string[],
  limit: number,
  offset: number,
): Promise<StuckCaseRow[]> {
  return rowsOf<StuckCaseRow>(
    db,
    `SELECT p.application_id, a.case_number, a.agency_id, p.workflow_id, p.run_id, p.kind, p.activity_type,
              p.attempt, p.error, p.first_seen_at, p.last_seen_at, count(*) OVER ()::int AS total
         FROM workflow_problems p JOIN applications a ON a.id = p.application_id
        WHERE a.agency_id = ANY($1::uuid[])
        ORDER BY p.first_seen_at, p.workflow_id, p.kind
        LIMIT $2 OFFSET $3`,
    [agencyIds, limit, offset],
  );
}

/** How many problems the agencies' applications have. */
export async function countStuckCases(db: Queryable, agencyIds: string[]): Promise<number> {
  const [{ n }] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM workflow_problems p JOIN applications a ON a.id = p.application_id
              WHERE a.agency_id = ANY($1::uuid[])`,
    [agencyIds],
  );
  return n;
}

/** How many workflows are stuck, over all agencies (one count of a small table). */
export async function countProblems(db: Queryable): Promise<number> {
  const [{ n }] = await rowsOf<{ n: number }>(db, `SELECT count(*)::int AS n FROM workflow_problems`);
  return n;
}
