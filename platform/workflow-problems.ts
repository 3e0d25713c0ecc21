/**
 * The `workflow_problems` table: workflows that cannot make progress, one row per workflow and kind
 * ('activity': an activity failing attempt after attempt; 'workflow_task': every workflow task failing).
 * The worker writes it (activity interceptor, periodic scan); the API reads it (admin list, health).
 */
import { redact } from './redact';

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

/** Anything that runs SQL: a DataSource, an EntityManager. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Error texts are kept short and storable (a NUL cannot be stored in text). */
export function storableError(message: string): string {
  // Issue 10: redacted (no ID number, password hash or connection string in the stored error).
  const clean = redact(message.split('\u0000').join('\\u0000')).trim() || '（无错误信息）';
  return clean.length > 4000 ? `${clean.slice(0, 3999)}…` : clean;
}

/** Records the problem, or refreshes the row already there (first_seen_at stays). */
export async function reportProblem(db: Sql, p: ProblemReport): Promise<void> {
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
  db: Sql,
  workflowId: string,
  kind?: ProblemKind,
  activityType?: string,
): Promise<number> {
  const rows = (await db.query(
    `WITH d AS (DELETE FROM workflow_problems
                 WHERE workflow_id = $1 AND ($2::text IS NULL OR kind = $2)
                   AND ($3::text IS NULL OR activity_type = $3) RETURNING id)
     SELECT id FROM d`,
    [workflowId, kind ?? null, activityType ?? null],
  )) as unknown[];
  return rows.length;
}
