/**
 * Recording activities: thin, idempotent adapters from the workflow to PostgreSQL.
 *
 * `recordTransition` appends the event (unique per application and seq: a retry inserts nothing) and
 * moves the read model forward only if this event is newer than what it shows, in one transaction; a newly
 * recorded event also moves the report's facts (application_facts) by the domain's fold.
 * A database error that retrying cannot fix (bad data, a violated constraint) fails the activity for good
 * (`InvalidRecord`, see db-errors.ts); every other error is retried.
 */
import type { DataSource } from 'typeorm';
import type { ApplicationEvent, ApplicationState, Registration } from '../libs/domain/application';
import { factChangeOf } from '../libs/domain/report';
import { applyFactChange } from '../platform/database/application-facts';
import { recordApplicationState } from '../platform/database/repositories/applications.repository';
import { recordEvent } from '../platform/database/repositories/events.repository';
import { followApplicationState } from '../platform/database/repositories/tasks.repository';
import { departmentTasksFor, taskKindsCompletedBy, tasksFor } from '../libs/domain/tasks';
import { NoticeCompositionError, noticesOfTransition } from '../platform/notice-export/store';
import { Context } from '@temporalio/activity';
import { isUnfixableByRetry, sqlStateOf, withDatabaseErrors } from './db-errors';

export interface TransitionRecord {
  applicationId: string;
  agencyId: string;
  workflowId: string;
  seq: number;
  event: ApplicationEvent;
  /** ISO instant: the workflow's clock at the transition. */
  occurredAt: string;
  registration: Registration;
  /** The application's state after the transition. */
  state: ApplicationState;
  /** The reply deadline after the transition (null while the clock does not run). */
  deadline: { replyDueOn: string | null; provisional: boolean; paused: boolean; calendarVersion: number };
}

export function createRecordingActivities(db: DataSource) {
  return {
    async recordTransition(t: TransitionRecord): Promise<void> {
      const s = t.state;
      await withDatabaseErrors(() =>
        db.transaction(async (m) => {
          const advanced = await recordApplicationState(m, t);
          if (advanced) {
            // The task inbox follows the newest state: close what it no longer waits on, open what it does.
            // (A review case's task is the review case's own: it closes when its result is recorded.)
            const kinds = tasksFor(s);
            await followApplicationState(m, {
              applicationId: t.applicationId,
              agencyId: t.agencyId,
              seq: t.seq,
              kinds,
              // A task whose kind survives the action that completed it (two consultations open, one
              // answered) is open again for the next piece of work, no longer marked as being completed.
              reopened: taskKindsCompletedBy(t.event.type).filter((k) => kinds.includes(k)),
              // Issue 16: the routed departments' tasks (签收, 协办意见), one per department.
              departmentTasks: departmentTasksFor(s),
            });
          }
          const inserted = await recordEvent(m, {
            applicationId: t.applicationId,
            seq: t.seq,
            type: t.event.type,
            businessDate: t.event.businessDate,
            actor: t.event.actor,
            payload: t.event.payload,
            occurredAt: t.occurredAt,
          });
          // The report's facts follow the event log in the same transaction, by the domain's fold; a retry
          // (the event already recorded) changes nothing.
          if (inserted) {
            await applyFactChange(
              (sql, parameters) => m.query(sql, parameters),
              { applicationId: t.applicationId, agencyId: t.agencyId, seq: t.seq },
              factChangeOf(t.event),
            );
          }
        }),
      );
      // Issue 11: the step's formal notice (正式文书), numbered and stored once the transition is recorded
      // (idempotent per step: a retry finds it). A notice that cannot be composed, or that PostgreSQL
      // refuses for good, is logged and skipped so that the case never stops on it; anything else (the
      // database away) is retried with the activity.
      try {
        await noticesOfTransition(db, t);
      } catch (err) {
        if (!(err instanceof NoticeCompositionError) && !isUnfixableByRetry(sqlStateOf(err))) throw err;
        const message = `formal notice of ${t.applicationId} step ${t.seq} (${t.event.type}) not generated: ${err instanceof Error ? err.message : String(err)}`;
        try {
          Context.current().log.error(message);
        } catch {
          console.error(message);
        }
      }
    },
  };
}

export type RecordingActivities = ReturnType<typeof createRecordingActivities>;
