/**
 * The staff actions' outbox (`staff_action_requests`, issue 5): each action is stored under its Update id
 * before it is sent to the workflow, and its final outcome (performed, refused, workflow gone) recorded
 * once known; a sweeper re-sends the ones left unsettled with the same Update id. Each function takes the
 * data source or the transaction's entity manager.
 */
import { type Queryable, rowsOf } from './queryable';

export type ActionOutcomeKind = 'completed' | 'rejected' | 'gone';

export interface SettledRow {
  outcome: ActionOutcomeKind;
  outcome_code: string | null;
  outcome_message: string | null;
}

/** Stores the action before it is sent; a retry with the same Update id keeps the first row. */
export async function storeRequest(
  db: Queryable,
  r: { applicationId: string; updateId: string; workflowId: string; action: string; command: object },
): Promise<void> {
  await db.query(
    `INSERT INTO staff_action_requests (application_id, update_id, workflow_id, action, command)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id, update_id) DO NOTHING`,
    [r.applicationId, r.updateId, r.workflowId, r.action, JSON.stringify(r.command)],
  );
}

/** The outcome recorded for this Update id (undefined: never stored, or not settled yet). */
export async function findSettled(
  db: Queryable,
  applicationId: string,
  updateId: string,
): Promise<SettledRow | undefined> {
  const [row] = await rowsOf<SettledRow>(
    db,
    `SELECT outcome, outcome_code, outcome_message FROM staff_action_requests
        WHERE application_id = $1 AND update_id = $2 AND settled_at IS NOT NULL`,
    [applicationId, updateId],
  );
  return row;
}

/** Records the final outcome (the first one recorded stays). */
export async function settleRequest(
  db: Queryable,
  applicationId: string,
  updateId: string,
  outcome: { kind: ActionOutcomeKind; code: string | null; message: string | null },
): Promise<void> {
  await db.query(
    `UPDATE staff_action_requests SET outcome = $3, outcome_code = $4, outcome_message = $5, settled_at = now()
          WHERE application_id = $1 AND update_id = $2 AND settled_at IS NULL`,
    [applicationId, updateId, outcome.kind, outcome.code, outcome.message],
  );
}

/** A stored action not settled yet; `A` names the actions the caller stores. */
export interface UnsettledRequest<A extends string> {
  application_id: string;
  update_id: string;
  workflow_id: string;
  action: A;
  command: object;
}

/** The actions left unsettled for longer than `graceMs`, oldest first. */
export async function unsettledRequests<A extends string>(
  db: Queryable,
  graceMs: number,
  limit: number,
): Promise<Array<UnsettledRequest<A>>> {
  return rowsOf<UnsettledRequest<A>>(
    db,
    `SELECT application_id, update_id, workflow_id, action, command FROM staff_action_requests
        WHERE settled_at IS NULL
          AND created_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY created_at LIMIT ${limit}`,
    [graceMs],
  );
}
