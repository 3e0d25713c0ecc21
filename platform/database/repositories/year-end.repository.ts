/**
 * The year-end run (年度结转): the run of each year (`year_end_runs`), the applications open on
 * 31 December found a page at a time, and their carry-over rows (`carry_overs`, written once per year
 * and application). The activities write; the API reads the run and the carry-over report. Each function
 * takes the data source or the transaction's entity manager.
 */
import type { ApplicationState } from '../../../libs/domain/application';
import { type Queryable, rowsOf, updatedRows } from './queryable';

export interface YearEndRunRow {
  year: number;
  status: 'running' | 'done';
  workflow_id: string | null;
  started_at: Date;
  finished_at: Date | null;
  applications: number;
  signalled: number;
}

/** Marks the year's run as started (once; a later run keeps the first start). */
export async function startRun(db: Queryable, year: number, workflowId: string): Promise<void> {
  await db.query(
    `INSERT INTO year_end_runs (year, status, workflow_id) VALUES ($1, 'running', $2)
           ON CONFLICT (year) DO UPDATE SET workflow_id = EXCLUDED.workflow_id
             WHERE year_end_runs.status = 'running'`,
    [year, workflowId],
  );
}

/** Marks the year's run as done; how many applications it carried over (0: no run of that year). */
export async function finishRun(db: Queryable, year: number, signalled: number): Promise<number> {
  const rows = await updatedRows<{ applications: number }>(
    db,
    `UPDATE year_end_runs SET status = 'done', finished_at = now(), signalled = signalled + $2,
                  applications = (SELECT count(*)::int FROM carry_overs WHERE year = $1)
            WHERE year = $1 RETURNING applications`,
    [year, signalled],
  );
  return rows[0]?.applications ?? 0;
}

export async function findRun(db: Queryable, year: number): Promise<YearEndRunRow | undefined> {
  const [row] = await rowsOf<YearEndRunRow>(
    db,
    `SELECT year, status, workflow_id, started_at, finished_at, applications, signalled
         FROM year_end_runs WHERE year = $1`,
    [year],
  );
  return row;
}

/** An application open on 31 December, with what its carry-over row needs. */
export interface OpenAtYearEndRow {
  id: string;
  agency_id: string;
  case_number: string;
  workflow_id: string;
  status: string;
  state: ApplicationState | null;
  reply_due_on: string | null;
  paused: boolean;
  concluded_on: string | null;
  handler: string | null;
  /** Whether its `carried_over` event for the year is recorded. */
  carried: boolean;
}

/**
 * A page (keyset on the application id) of the applications open on 31 December of `year`: received
 * on or before it and not concluded on or before it.
 */
export async function openAtYearEnd(
  db: Queryable,
  year: number,
  after: string | null,
  limit: number,
): Promise<OpenAtYearEndRow[]> {
  return rowsOf<OpenAtYearEndRow>(
    db,
    `SELECT a.id, a.agency_id, a.case_number, a.workflow_id, a.status, a.state, a.reply_due_on::text,
                  a.paused, a.concluded_on::text,
                  COALESCE(
                    (SELECT u.display_name || '（' || u.username || '）' FROM tasks t JOIN users u ON u.id = t.assignee_id
                      WHERE t.application_id = a.id AND t.state <> 'done' ORDER BY t.created_at DESC LIMIT 1),
                    (SELECT e.actor FROM application_events e
                      WHERE e.application_id = a.id AND e.actor IS NOT NULL AND e.type <> 'registered'
                      ORDER BY e.seq DESC LIMIT 1)
                  ) AS handler,
                  EXISTS (SELECT 1 FROM application_events c
                           WHERE c.application_id = a.id AND c.type = 'carried_over'
                             AND c.payload->>'year' = $1::text) AS carried
             FROM applications a
            WHERE a.received_on <= $2::date AND (a.concluded_on IS NULL OR a.concluded_on > $2::date)
              AND ($3::uuid IS NULL OR a.id > $3::uuid)
            ORDER BY a.id
            LIMIT $4`,
    [year, `${year}-12-31`, after, limit],
  );
}

/** A carry-over row to write: the application as of 31 December. */
export interface CarryOver {
  applicationId: string;
  agencyId: string;
  caseNumber: string;
  status: string;
  replyDueOn: string | null;
  workingDaysLeft: number | null;
  paused: boolean;
  handler: string | null;
  concludedOn: string | null;
}

/** Writes the year's carry-over rows (a row already written stays); how many it inserted. */
export async function insertCarryOvers(
  db: Queryable,
  year: number,
  rows: readonly CarryOver[],
): Promise<number> {
  const inserted = await rowsOf<{ application_id: string }>(
    db,
    `INSERT INTO carry_overs (year, application_id, agency_id, case_number, status, reply_due_on,
                                    working_days_left, paused, handler, concluded_on)
           SELECT $1, r.id, r.agency_id, r.case_number, r.status, r.due, r.left_days, r.paused, r.handler, r.concluded
             FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::date[], $7::int[], $8::bool[],
                         $9::text[], $10::date[])
                  AS r(id, agency_id, case_number, status, due, left_days, paused, handler, concluded)
           ON CONFLICT (year, application_id) DO NOTHING
           RETURNING application_id`,
    [
      year,
      rows.map((r) => r.applicationId),
      rows.map((r) => r.agencyId),
      rows.map((r) => r.caseNumber),
      rows.map((r) => r.status),
      rows.map((r) => r.replyDueOn),
      rows.map((r) => r.workingDaysLeft),
      rows.map((r) => r.paused),
      rows.map((r) => r.handler),
      rows.map((r) => r.concludedOn),
    ],
  );
  return inserted.length;
}

export interface CarryOverRow {
  application_id: string;
  agency_id: string;
  case_number: string;
  applicant_name: string;
  received_on: string;
  status: string;
  reply_due_on: string | null;
  working_days_left: number | null;
  paused: boolean;
  handler: string | null;
  concluded_on: string | null;
  /** How many rows the whole report has. */
  total: number;
}

/** A page of the agencies' carry-overs from `year`, by agency and case number (limit null: all). */
export async function carryOverPage(
  db: Queryable,
  agencyIds: string[],
  year: number,
  limit: number | null,
  offset: number,
): Promise<CarryOverRow[]> {
  return rowsOf<CarryOverRow>(
    db,
    `SELECT c.application_id, c.agency_id, c.case_number, a.applicant_name, a.received_on, c.status,
              c.reply_due_on, c.working_days_left, c.paused, c.handler, c.concluded_on,
              count(*) OVER ()::int AS total
         FROM carry_overs c JOIN applications a ON a.id = c.application_id
        WHERE c.year = $1 AND c.agency_id = ANY($2::uuid[])
        ORDER BY c.agency_id, c.case_number
        LIMIT $3 OFFSET $4`,
    [year, agencyIds, limit, offset],
  );
}

export async function countCarryOvers(db: Queryable, agencyIds: string[], year: number): Promise<number> {
  const [{ n }] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM carry_overs WHERE year = $1 AND agency_id = ANY($2::uuid[])`,
    [year, agencyIds],
  );
  return n;
}
