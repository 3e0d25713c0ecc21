/**
 * Reconsideration and litigation cases (`review_cases`, issue 9): the cases with their application, the
 * results and their corrections, table 四's facts, and the reopening outbox (`reopen_input`, started
 * then marked `reopen_started_at`; a case's reopening is recorded once its `reopened` event names it).
 * Each function takes the data source or the transaction's entity manager.
 */
import type { ApplicationState } from '../../../libs/domain/application';
import type { ReviewCaseFacts, ReviewCaseKind, ReviewResult } from '../../../libs/domain/review-cases';
import { type Queryable, rowsOf } from './queryable';

/** A recorded result as it stood before a correction (kept in `review_cases.corrections`). */
export interface StoredCorrection {
  result: ReviewResult | null;
  resultOn: string | null;
  resultNote: string | null;
  recordedBy: string | null;
  /** An ISO instant. */
  recordedAt: string | null;
  correctedBy: string;
  correctedAt: string;
  reason: string;
}

/** A case with its application, as it is shown. */
export interface ReviewCaseRow {
  id: string;
  application_id: string;
  agency_id: string;
  kind: ReviewCaseKind;
  filed_on: string;
  body: string;
  reference: string | null;
  result: ReviewResult | null;
  result_on: string | null;
  note: string | null;
  result_note: string | null;
  result_recorded_by: string | null;
  result_recorded_at: Date | null;
  /** jsonb: the results corrected, as recorded (recordedAt an ISO instant). */
  corrections: StoredCorrection[];
  reopen_on: string | null;
  reopen_reply_due_on: string | null;
  reopen_started_at: Date | null;
  reopened_seq: number | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  case_number: string;
  applicant_name: string;
  application_status: string;
}

const SELECT_CASES = `
  SELECT rc.id, rc.application_id, rc.agency_id, rc.kind, rc.filed_on::text, rc.body, rc.reference, rc.result,
         rc.result_on::text, rc.note, rc.result_note, rc.result_recorded_by, rc.result_recorded_at, rc.corrections,
         rc.reopen_on::text, rc.reopen_reply_due_on::text, rc.reopen_started_at, rc.created_by, rc.created_at,
         rc.updated_at, a.case_number, a.applicant_name, a.status AS application_status,
         (SELECT e.seq FROM application_events e
           WHERE e.application_id = rc.application_id AND e.type = 'reopened'
             AND e.payload->>'reviewCaseId' = rc.id::text ORDER BY e.seq LIMIT 1) AS reopened_seq
    FROM review_cases rc
    JOIN applications a ON a.id = rc.application_id`;

/** What a case needs of its application. */
export interface CaseApplicationRow {
  id: string;
  agency_id: string;
  received_on: string;
  status: string;
  version: number;
  state: ApplicationState | null;
  workflow_id: string;
}

export async function findCaseApplication(
  db: Queryable,
  id: string,
): Promise<CaseApplicationRow | undefined> {
  const [app] = await rowsOf<CaseApplicationRow>(
    db,
    `SELECT id, agency_id, received_on::text, status, version, state, workflow_id FROM applications WHERE id = $1`,
    [id],
  );
  return app;
}

/** Locks the application: reopenings of one application are decided one at a time. */
export async function lockApplication(db: Queryable, id: string): Promise<void> {
  await db.query(`SELECT id FROM applications WHERE id = $1 FOR UPDATE`, [id]);
}

export async function findReviewCase(db: Queryable, id: string): Promise<ReviewCaseRow | undefined> {
  const [row] = await rowsOf<ReviewCaseRow>(db, `${SELECT_CASES} WHERE rc.id = $1`, [id]);
  return row;
}

export interface NewReviewCase {
  id: string;
  applicationId: string;
  agencyId: string;
  kind: ReviewCaseKind;
  filedOn: string;
  body: string;
  reference: string | null;
  note: string | null;
  createdBy: string;
}

export async function insertReviewCase(db: Queryable, c: NewReviewCase): Promise<void> {
  await db.query(
    `INSERT INTO review_cases (id, application_id, agency_id, kind, filed_on, body, reference, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [c.id, c.applicationId, c.agencyId, c.kind, c.filedOn, c.body, c.reference, c.note, c.createdBy],
  );
}

export async function reviewCasesOfApplication(
  db: Queryable,
  applicationId: string,
): Promise<ReviewCaseRow[]> {
  return rowsOf<ReviewCaseRow>(
    db,
    `${SELECT_CASES} WHERE rc.application_id = $1 ORDER BY rc.filed_on, rc.created_at`,
    [applicationId],
  );
}

export interface ReviewCaseFilters {
  agencyId: string;
  year?: number;
  kind?: ReviewCaseKind;
  /** 'true': pending cases only; 'false': decided ones only. */
  open?: string;
}

/** One page of an agency's cases, latest filed first, and how many there are in all. */
export async function reviewCasePage(
  db: Queryable,
  f: ReviewCaseFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: ReviewCaseRow[]; total: number }> {
  const where = ['rc.agency_id = $1'];
  const params: unknown[] = [f.agencyId];
  if (f.year !== undefined) {
    params.push(`${f.year}-01-01`, `${f.year}-12-31`);
    where.push(`rc.filed_on BETWEEN $${params.length - 1} AND $${params.length}`);
  }
  if (f.kind) {
    params.push(f.kind);
    where.push(`rc.kind = $${params.length}`);
  }
  if (f.open) where.push(f.open === 'true' ? 'rc.result IS NULL' : 'rc.result IS NOT NULL');
  const [{ total }] = await rowsOf<{ total: number }>(
    db,
    `SELECT count(*)::int AS total FROM review_cases rc WHERE ${where.join(' AND ')}`,
    params,
  );
  params.push(page.limit, page.offset);
  const rows = await rowsOf<ReviewCaseRow>(
    db,
    `${SELECT_CASES} WHERE ${where.join(' AND ')}
        ORDER BY rc.filed_on DESC, rc.created_at DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { rows, total };
}

/** The facts table 四 counts: the agencies' cases filed in `year`. */
export async function table4Facts(
  db: Queryable,
  agencyIds: readonly string[],
  year: number,
): Promise<Array<ReviewCaseFacts & { agencyId: string }>> {
  return rowsOf<ReviewCaseFacts & { agencyId: string }>(
    db,
    `SELECT kind, filed_on::text AS "filedOn", result, result_on::text AS "resultOn", agency_id::text AS "agencyId"
       FROM review_cases
        WHERE agency_id = ANY($1) AND filed_on BETWEEN $2 AND $3`,
    [agencyIds, `${year}-01-01`, `${year}-12-31`],
  );
}

/** A case as its result is recorded, locked (FOR UPDATE) until the transaction ends. */
export interface LockedReviewCase {
  id: string;
  application_id: string;
  agency_id: string;
  kind: ReviewCaseKind;
  filed_on_text: string;
  result: ReviewResult | null;
  result_on: string | null;
  result_note: string | null;
  result_recorded_by: string | null;
  result_recorded_at: Date | null;
  reopen_input: unknown;
  reopen_on: string | null;
}

export async function lockReviewCase(db: Queryable, id: string): Promise<LockedReviewCase | undefined> {
  const [rc] = await rowsOf<LockedReviewCase>(
    db,
    `SELECT id, application_id, agency_id, kind, filed_on::text AS filed_on_text, result,
                result_on::text AS result_on, result_note, result_recorded_by, result_recorded_at, reopen_input,
                reopen_on::text AS reopen_on
           FROM review_cases WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rc;
}

/** Whether another case of the application has a reopening committed and not yet recorded. */
export async function otherReopeningUnderWay(
  db: Queryable,
  applicationId: string,
  reviewCaseId: string,
): Promise<boolean> {
  const other = await rowsOf<{ id: string }>(
    db,
    `SELECT rc.id FROM review_cases rc
            WHERE rc.application_id = $1 AND rc.id <> $2 AND rc.reopen_input IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = rc.application_id
                               AND e.type = 'reopened' AND e.payload->>'reviewCaseId' = rc.id::text)`,
    [applicationId, reviewCaseId],
  );
  return other.length > 0;
}

export interface RecordedResult {
  id: string;
  result: ReviewResult;
  resultOn: string;
  note: string | null;
  recordedBy: string;
  /** The corrections to append (JSON of StoredCorrection[]). */
  correctionsJson: string;
  reopenOn: string | null;
  reopenReplyDueOn: string | null;
  reopenRequestId: string | null;
  /** The new run's full input (JSON), or null when the result reopens nothing. */
  reopenInputJson: string | null;
}

export async function recordReviewResult(db: Queryable, r: RecordedResult): Promise<void> {
  await db.query(
    `UPDATE review_cases SET result = $2, result_on = $3, result_note = $4, result_recorded_by = $5,
                result_recorded_at = now(), corrections = corrections || $6::jsonb,
                reopen_on = $7, reopen_reply_due_on = $8, reopen_request_id = $9, reopen_input = $10,
                updated_at = now()
          WHERE id = $1`,
    [
      r.id,
      r.result,
      r.resultOn,
      r.note,
      r.recordedBy,
      r.correctionsJson,
      r.reopenOn,
      r.reopenReplyDueOn,
      r.reopenRequestId,
      r.reopenInputJson,
    ],
  );
}

/** A case's committed reopening: the new run's input, whether it started, whether it is recorded. */
export async function findReopening<I>(
  db: Queryable,
  id: string,
): Promise<
  | { reopen_input: I | null; reopen_started_at: Date | null; workflow_id: string; recorded: boolean }
  | undefined
> {
  const [row] = await rowsOf<{
    reopen_input: I | null;
    reopen_started_at: Date | null;
    workflow_id: string;
    recorded: boolean;
  }>(
    db,
    `SELECT rc.reopen_input, rc.reopen_started_at, a.workflow_id,
                EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = rc.application_id
                         AND e.type = 'reopened' AND e.payload->>'reviewCaseId' = rc.id::text) AS recorded
           FROM review_cases rc JOIN applications a ON a.id = rc.application_id WHERE rc.id = $1`,
    [id],
  );
  return row;
}

export async function markReopenStarted(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE review_cases SET reopen_started_at = now() WHERE id = $1 AND reopen_started_at IS NULL`,
    [id],
  );
}

/** The application's read-model version (undefined when there is no such application). */
export async function applicationVersion(db: Queryable, applicationId: string): Promise<number | undefined> {
  const [row] = await rowsOf<{ version: number }>(db, 'SELECT version FROM applications WHERE id = $1', [
    applicationId,
  ]);
  return row?.version;
}

/** The reopenings committed but left unstarted for longer than `graceMs`, oldest first. */
export async function unstartedReopenings(db: Queryable, graceMs: number, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `SELECT id FROM review_cases
          WHERE reopen_input IS NOT NULL AND reopen_started_at IS NULL
            AND updated_at < now() - make_interval(secs => $1::double precision / 1000)
          ORDER BY updated_at LIMIT ${limit}`,
    [graceMs],
  );
  return rows.map((r) => r.id);
}
