/**
 * Year-end activities (年度结转): thin and idempotent, so a retried activity or a second run of the
 * year-end workflow for the same year changes nothing.
 *
 * `carryOverPage` finds, a page at a time (keyset on the application id), the applications open on
 * 31 December of the year — received on or before it and not concluded on or before it — writes one
 * `carry_overs` row for each (ON CONFLICT DO NOTHING), and signals the running workflow of each one whose
 * `carried_over` event for the year is not yet recorded, so that it records the carry-over in its own
 * history. An application concluded since 31 December has a closed workflow: it keeps its row only.
 */
import type { DataSource } from 'typeorm';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { type ApplicationState, isPaused, replyDeadline } from '../libs/domain/application';
import { WorkingDayCalendar } from '../libs/domain/calendar';
import { loadEffectiveCalendar } from '../platform/database/repositories/calendar.repository';
import { carryOverSignal } from '../workflows/definitions';
import { withDatabaseErrors } from './db-errors';

export interface CarryOverPageInput {
  year: number;
  /** The last application id of the previous page (keyset), or null for the first page. */
  after: string | null;
  limit: number;
}

export interface CarryOverPageResult {
  /** Applications open on 31 December found on this page. */
  found: number;
  /** `carry_overs` rows this page inserted (0 when the year was already carried over). */
  recorded: number;
  /** Running workflows signalled to record the carry-over. */
  signalled: number;
  /** The keyset for the next page; null when this was the last page. */
  next: string | null;
}

interface OpenRow {
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
  carried: boolean;
}

/** What a carry-over row says about an application, as of 31 December of the year. */
export function carryOverFacts(
  row: Pick<OpenRow, 'status' | 'state' | 'reply_due_on' | 'paused'>,
  year: number,
  calendar: WorkingDayCalendar,
): { replyDueOn: string | null; workingDaysLeft: number | null; paused: boolean } {
  const yearEnd = `${year}-12-31`;
  let replyDueOn = row.reply_due_on;
  let paused = row.paused;
  if (row.state) {
    // The deadline from the clock's ledger: also for a case concluded since, whose read model shows none.
    const s = row.state;
    replyDueOn = s.status === 'supplement_requested' ? null : replyDeadline(s, calendar).due;
    paused = isPaused(s);
  }
  return {
    replyDueOn,
    workingDaysLeft: replyDueOn ? calendar.workingDaysUntil(yearEnd, replyDueOn) : null,
    paused,
  };
}

/** At most this many signals in flight at once. */
const SIGNAL_CONCURRENCY = 16;

export function createYearEndActivities(db: DataSource, client: () => Client) {
  return {
    /** Marks the year's run as started (once; a later run keeps the first start). */
    async startYearEndRun(input: { year: number; workflowId: string }): Promise<void> {
      await withDatabaseErrors(() =>
        db.query(
          `INSERT INTO year_end_runs (year, status, workflow_id) VALUES ($1, 'running', $2)
           ON CONFLICT (year) DO UPDATE SET workflow_id = EXCLUDED.workflow_id
             WHERE year_end_runs.status = 'running'`,
          [input.year, input.workflowId],
        ),
      );
    },

    async carryOverPage(input: CarryOverPageInput): Promise<CarryOverPageResult> {
      const { year, after, limit } = input;
      const yearEnd = `${year}-12-31`;
      const rows = (await withDatabaseErrors(() =>
        db.query(
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
          [year, yearEnd, after, limit],
        ),
      )) as OpenRow[];
      if (!rows.length) return { found: 0, recorded: 0, signalled: 0, next: null };

      const calendar = new WorkingDayCalendar((await loadEffectiveCalendar(db)).arrangements);
      const facts = rows.map((r) => carryOverFacts(r, year, calendar));
      const inserted = (await withDatabaseErrors(() =>
        db.query(
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
            rows.map((r) => r.id),
            rows.map((r) => r.agency_id),
            rows.map((r) => r.case_number),
            rows.map((r) => r.status),
            facts.map((f) => f.replyDueOn),
            facts.map((f) => f.workingDaysLeft),
            facts.map((f) => f.paused),
            rows.map((r) => r.handler),
            rows.map((r) => r.concluded_on),
          ],
        ),
      )) as unknown[];

      // Only running cases without the year's carried_over event: a second run signals nothing.
      const toSignal = rows.filter((r) => r.concluded_on === null && !r.carried);
      let signalled = 0;
      for (let i = 0; i < toSignal.length; i += SIGNAL_CONCURRENCY) {
        Context.current().heartbeat({ after, signalled });
        await Promise.all(
          toSignal.slice(i, i + SIGNAL_CONCURRENCY).map(async (r) => {
            try {
              await client().workflow.getHandle(r.workflow_id).signal(carryOverSignal, { year });
              signalled += 1;
            } catch (err) {
              // Closed since (concluded, or never started): its carry_overs row is all it gets.
              if (!(err instanceof WorkflowNotFoundError)) throw err;
            }
          }),
        );
      }
      return {
        found: rows.length,
        recorded: inserted.length,
        signalled,
        next: rows.length < limit ? null : rows[rows.length - 1].id,
      };
    },

    /** Marks the year's run as done, with how many applications it carried over. */
    async finishYearEndRun(input: { year: number; signalled: number }): Promise<number> {
      // An UPDATE … RETURNING answers [rows, row count].
      const [rows] = (await withDatabaseErrors(() =>
        db.query(
          `UPDATE year_end_runs SET status = 'done', finished_at = now(), signalled = signalled + $2,
                  applications = (SELECT count(*)::int FROM carry_overs WHERE year = $1)
            WHERE year = $1 RETURNING applications`,
          [input.year, input.signalled],
        ),
      )) as [Array<{ applications: number }>, number];
      return rows[0]?.applications ?? 0;
    },
  };
}

export type YearEndActivities = ReturnType<typeof createYearEndActivities>;
