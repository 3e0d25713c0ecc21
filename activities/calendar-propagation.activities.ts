/**
 * Calendar propagation activities (issue 10): an entered calendar version reaches every open
 * application's workflow, a page at a time, each page recorded in `calendar_propagations`.
 *
 * `propagateCalendarPage` takes the open applications after a cursor (keyset on the application id),
 * signals each workflow with the calendar as of the propagation's version (a workflow ignores a version
 * not newer than its own, so a second signal changes nothing), and adds the page's counts to the row
 * only if the row's cursor is still where the page began — a retried page is recorded once.
 * A closed or missing workflow is skipped, not failed; Temporal unreachable fails the activity (retried).
 */
import type { DataSource } from 'typeorm';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import {
  finishPropagation,
  loadEffectiveCalendar,
  openApplicationsAfter,
  recordPropagationPage,
  startPropagationRun,
} from '../platform/database/repositories/calendar.repository';
import { calendarChangedSignal } from '../workflows/definitions';
import { withDatabaseErrors } from './db-errors';

export interface CalendarPageInput {
  propagationId: string;
  version: number;
  /** The last application id of the previous page, or null for the first page. */
  after: string | null;
  limit: number;
}

export interface CalendarPageResult {
  found: number;
  signalled: number;
  skipped: number;
  failed: number;
  /** The keyset for the next page; null when this was the last page. */
  next: string | null;
}

/** At most this many signals in flight at once. */
const SIGNAL_CONCURRENCY = 16;
/** gRPC codes that mean "Temporal is away / overloaded": the page is retried, not counted failed. */
const TRANSIENT_GRPC = new Set([1, 4, 8, 14]);

function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).code;
  const causeCode = (err as { cause?: { code?: unknown } }).cause?.code;
  return (
    (typeof code === 'number' && TRANSIENT_GRPC.has(code)) ||
    (typeof causeCode === 'number' && TRANSIENT_GRPC.has(causeCode)) ||
    /Failed to connect|No connection established|ECONNREFUSED|UNAVAILABLE|DEADLINE_EXCEEDED/.test(
      String((err as { message?: unknown }).message ?? err),
    )
  );
}

export function createCalendarPropagationActivities(db: DataSource, client: () => Client) {
  return {
    /** Marks the propagation running and counts the applications open now (once: a retry keeps them). */
    async startCalendarPropagation(input: { propagationId: string }): Promise<number> {
      return withDatabaseErrors(() => startPropagationRun(db, input.propagationId));
    },

    async propagateCalendarPage(input: CalendarPageInput): Promise<CalendarPageResult> {
      const { propagationId, version, after, limit } = input;
      const rows = await withDatabaseErrors(() => openApplicationsAfter(db, after, limit));
      const next = rows.length < limit ? null : rows[rows.length - 1].id;
      let signalled = 0;
      let skipped = 0;
      let failed = 0;
      if (rows.length) {
        const calendar = await withDatabaseErrors(() => loadEffectiveCalendar(db, version));
        const snapshot = { version: calendar.version, arrangements: calendar.arrangements };
        for (let i = 0; i < rows.length; i += SIGNAL_CONCURRENCY) {
          Context.current().heartbeat({ after, done: i });
          await Promise.all(
            rows.slice(i, i + SIGNAL_CONCURRENCY).map(async (r) => {
              try {
                await client().workflow.getHandle(r.workflow_id).signal(calendarChangedSignal, snapshot);
                signalled += 1;
              } catch (err) {
                if (err instanceof WorkflowNotFoundError) skipped += 1;
                else if (isTransient(err)) throw err;
                else {
                  failed += 1;
                  Context.current().log.warn(`calendar signal to ${r.workflow_id} failed: ${String(err)}`);
                }
              }
            }),
          );
        }
      }
      // Recorded once per page: only while the row's cursor is still where this page began.
      await withDatabaseErrors(() =>
        recordPropagationPage(db, {
          id: propagationId,
          after,
          signalled,
          skipped,
          failed,
          last: rows.length ? rows[rows.length - 1].id : null,
        }),
      );
      return { found: rows.length, signalled, skipped, failed, next };
    },

    /** Marks the propagation done. */
    async finishCalendarPropagation(input: { propagationId: string }): Promise<void> {
      await withDatabaseErrors(() => finishPropagation(db, input.propagationId));
    },
  };
}

export type CalendarPropagationActivities = ReturnType<typeof createCalendarPropagationActivities>;
