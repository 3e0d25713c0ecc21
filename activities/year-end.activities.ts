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
import { isPaused, replyDeadline } from '../libs/domain/application';
import { WorkingDayCalendar } from '../libs/domain/calendar';
import { loadEffectiveCalendar } from '../platform/database/repositories/calendar.repository';
import {
  type OpenAtYearEndRow,
  finishRun,
  insertCarryOvers,
  openAtYearEnd,
  startRun,
} from '../platform/database/repositories/year-end.repository';
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

/** What a carry-over row says about an application, as of 31 December of the year. */
export function carryOverFacts(
  row: Pick<OpenAtYearEndRow, 'status' | 'state' | 'reply_due_on' | 'paused'>,
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
      await withDatabaseErrors(() => startRun(db, input.year, input.workflowId));
    },

    async carryOverPage(input: CarryOverPageInput): Promise<CarryOverPageResult> {
      const { year, after, limit } = input;
      const rows = await withDatabaseErrors(() => openAtYearEnd(db, year, after, limit));
      if (!rows.length) return { found: 0, recorded: 0, signalled: 0, next: null };

      const calendar = new WorkingDayCalendar((await loadEffectiveCalendar(db)).arrangements);
      const facts = rows.map((r) => carryOverFacts(r, year, calendar));
      const inserted = await withDatabaseErrors(() =>
        insertCarryOvers(
          db,
          year,
          rows.map((r, i) => ({
            applicationId: r.id,
            agencyId: r.agency_id,
            caseNumber: r.case_number,
            status: r.status,
            replyDueOn: facts[i].replyDueOn,
            workingDaysLeft: facts[i].workingDaysLeft,
            paused: facts[i].paused,
            handler: r.handler,
            concludedOn: r.concluded_on,
          })),
        ),
      );

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
        recorded: inserted,
        signalled,
        next: rows.length < limit ? null : rows[rows.length - 1].id,
      };
    },

    /** Marks the year's run as done, with how many applications it carried over. */
    async finishYearEndRun(input: { year: number; signalled: number }): Promise<number> {
      return withDatabaseErrors(() => finishRun(db, input.year, input.signalled));
    },
  };
}

export type YearEndActivities = ReturnType<typeof createYearEndActivities>;
