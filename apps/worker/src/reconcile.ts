/**
 * Reconciles the event log (PostgreSQL `application_events`) with the workflow histories Temporal still
 * retains (`npm run reconcile`, apps/worker/src/reconcile-command.ts).
 *
 * For each application (keyset pages of the `applications` table), it lists every retained execution of
 * the application's workflow id (continue-as-new runs, a reopened run), reads each run's history and
 * takes the `recordTransition` activities it scheduled (their input, decoded with the SDK's default
 * payload converter, is the numbered transition), then reads the application's events and compares both
 * with the pure `compareTransitions` (libs/domain/reconcile). The history is read before the log, and
 * while a run is open the log is judged only up to the last seq the history held, so a transition
 * recorded in between is not a difference. Temporal calls run with bounded concurrency.
 */
import { type Client, isGrpcServiceError } from '@temporalio/client';
import { WorkflowNotFoundError, defaultPayloadConverter } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import {
  type Comparison,
  type HistoryTransition,
  type TransitionFacts,
  compareTransitions,
} from '../../../libs/domain/reconcile';
import { recordedEvents } from '../../../platform/database/repositories/events.repository';

const GRPC_NOT_FOUND = 5;
const RECORD_TRANSITION = 'recordTransition';

export interface ReconcileOptions {
  /** Only the applications of the agency with this code. */
  agencyCode?: string | null;
  /** Only applications whose record changed on or after this date (YYYY-MM-DD, `applications.updated_at`). */
  since?: string | null;
  /** Temporal calls in parallel (default 8). */
  concurrency?: number;
  /** Applications per keyset page (default 500). */
  pageSize?: number;
  /** Called after each application with how many are done and how many there are. */
  onProgress?: (done: number, total: number) => void;
}

export type ApplicationStatus = 'agree' | 'differ' | 'not_retained' | 'not_started';

export interface ApplicationReconciliation extends Comparison {
  applicationId: string;
  caseNumber: string;
  agencyCode: string;
  workflowId: string;
  status: ApplicationStatus;
  runs: number;
}

export interface ReconcileResult {
  total: number;
  agree: number;
  differ: number;
  notRetained: number;
  notStarted: number;
  partlyRetained: number;
  inFlight: number;
  /** The applications whose recorded events differ from their workflow's history. */
  differing: ApplicationReconciliation[];
}

interface ApplicationRow {
  id: string;
  case_number: string;
  workflow_id: string;
  workflow_started_at: Date | null;
  agency_code: string;
}

type HistoryEvent = {
  eventId?: unknown;
  activityTaskScheduledEventAttributes?: {
    activityType?: { name?: string | null } | null;
    input?: { payloads?: unknown[] | null } | null;
  } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: unknown } | null;
  activityTaskFailedEventAttributes?: { scheduledEventId?: unknown } | null;
  activityTaskTimedOutEventAttributes?: { scheduledEventId?: unknown } | null;
  activityTaskCanceledEventAttributes?: { scheduledEventId?: unknown } | null;
};

interface RecordedTransitionInput {
  seq: number;
  event: { type: string; businessDate: string | null; actor: string | null; payload: unknown };
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof WorkflowNotFoundError ||
    (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) ||
    (err instanceof Error && err.name === 'WorkflowNotFoundError')
  );
}

const idOf = (v: unknown): string => String(v ?? '');

/** The recordTransition activities a run's history scheduled, in history order (failed ones left out). */
export function transitionsInHistory(events: readonly HistoryEvent[], runId: string): HistoryTransition[] {
  const closed = new Map<string, 'completed' | 'failed'>();
  for (const e of events) {
    if (e.activityTaskCompletedEventAttributes)
      closed.set(idOf(e.activityTaskCompletedEventAttributes.scheduledEventId), 'completed');
    for (const failed of [
      e.activityTaskFailedEventAttributes,
      e.activityTaskTimedOutEventAttributes,
      e.activityTaskCanceledEventAttributes,
    ]) {
      if (failed) closed.set(idOf(failed.scheduledEventId), 'failed');
    }
  }
  const out: HistoryTransition[] = [];
  for (const e of events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== RECORD_TRANSITION) continue;
    const outcome = closed.get(idOf(e.eventId));
    // A recording that ended in failure wrote nothing (the database refused it): its seq is numbered again.
    if (outcome === 'failed') continue;
    const payload = scheduled.input?.payloads?.[0];
    if (!payload) continue;
    const t = defaultPayloadConverter.fromPayload<RecordedTransitionInput>(
      payload as Parameters<typeof defaultPayloadConverter.fromPayload>[0],
    );
    out.push({
      seq: t.seq,
      type: t.event.type,
      businessDate: t.event.businessDate ?? null,
      actor: t.event.actor ?? null,
      payload: t.event.payload,
      runId,
      pending: outcome !== 'completed',
    });
  }
  return out;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(runners);
}

export class Reconciler {
  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
  ) {}

  /** The retained runs of a workflow id, oldest first, with their transitions; [] when none is retained. */
  async retainedRuns(
    workflowId: string,
  ): Promise<Array<{ runId: string; running: boolean; transitions: HistoryTransition[] }>> {
    const runs: Array<{ runId: string; running: boolean; startTime: number }> = [];
    const quoted = workflowId.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    for await (const info of this.client.workflow.list({ query: `WorkflowId = '${quoted}'` })) {
      if (info.workflowId !== workflowId) continue;
      runs.push({
        runId: info.runId,
        running: info.status.name === 'RUNNING',
        startTime: info.startTime.getTime(),
      });
    }
    if (!runs.length) {
      // Visibility is eventually consistent: a run started a moment ago may not be listed yet.
      try {
        const d = await this.client.workflow.getHandle(workflowId).describe();
        runs.push({ runId: d.runId, running: d.status.name === 'RUNNING', startTime: d.startTime.getTime() });
      } catch (err) {
        if (isNotFound(err)) return [];
        throw err;
      }
    }
    runs.sort((a, b) => a.startTime - b.startTime || a.runId.localeCompare(b.runId));
    const out: Array<{ runId: string; running: boolean; transitions: HistoryTransition[] }> = [];
    for (const run of runs) {
      try {
        const history = await this.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
        out.push({
          runId: run.runId,
          running: run.running,
          transitions: transitionsInHistory((history.events ?? []) as HistoryEvent[], run.runId),
        });
      } catch (err) {
        // Deleted by retention between the listing and the read: no longer retained.
        if (!isNotFound(err)) throw err;
      }
    }
    return out;
  }

  async reconcileApplication(app: ApplicationRow): Promise<ApplicationReconciliation> {
    const base = {
      applicationId: app.id,
      caseNumber: app.case_number,
      agencyCode: app.agency_code,
      workflowId: app.workflow_id,
    };
    // The history first, then the log (see the file's comment).
    const runs = await this.retainedRuns(app.workflow_id);
    if (!runs.length) {
      return {
        ...base,
        status: app.workflow_started_at ? 'not_retained' : 'not_started',
        runs: 0,
        differences: [],
        historyPartlyRetained: true,
        firstRetainedSeq: null,
        compared: 0,
        inFlight: 0,
      };
    }
    const transitions = runs.flatMap((r) => r.transitions);
    const rows = await recordedEvents(this.db, app.id);
    const recorded: TransitionFacts[] = rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      businessDate: r.business_date,
      actor: r.actor,
      payload: r.payload,
    }));
    const open = runs.some((r) => r.running);
    const upToSeq = open ? Math.max(0, ...transitions.map((t) => t.seq)) : null;
    const comparison = compareTransitions(recorded, transitions, { upToSeq });
    return {
      ...base,
      status: comparison.differences.length ? 'differ' : 'agree',
      runs: runs.length,
      ...comparison,
    };
  }

  async run(options: ReconcileOptions = {}): Promise<ReconcileResult> {
    const filters = [options.agencyCode ?? null, options.since ?? null];
    // Concluded rows of the legacy import (issue 11) had no workflow: there is no history to compare.
    const where = `($1::text IS NULL OR ag.code = $1) AND ($2::date IS NULL OR a.updated_at >= $2::date)
      AND NOT (a.source = 'import' AND a.start_input IS NULL)`;
    const [{ n }] = (await this.db.query(
      `SELECT count(*)::int AS n FROM applications a JOIN agencies ag ON ag.id = a.agency_id WHERE ${where}`,
      filters,
    )) as Array<{ n: number }>;
    const result: ReconcileResult = {
      total: 0,
      agree: 0,
      differ: 0,
      notRetained: 0,
      notStarted: 0,
      partlyRetained: 0,
      inFlight: 0,
      differing: [],
    };
    const pageSize = options.pageSize ?? 500;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = (await this.db.query(
        `SELECT a.id, a.case_number, a.workflow_id, a.workflow_started_at, ag.code AS agency_code
           FROM applications a JOIN agencies ag ON ag.id = a.agency_id
          WHERE ${where} AND a.id > $3::uuid
          ORDER BY a.id LIMIT $4`,
        [...filters, after, pageSize],
      )) as ApplicationRow[];
      if (!page.length) break;
      after = page[page.length - 1].id;
      const done: ApplicationReconciliation[] = [];
      await pool(page, options.concurrency ?? 8, async (app) => {
        done.push(await this.reconcileApplication(app));
        result.total += 1;
        options.onProgress?.(result.total, Math.max(n, result.total));
      });
      for (const r of done.sort((a, b) => a.applicationId.localeCompare(b.applicationId))) {
        if (r.status === 'agree') result.agree += 1;
        else if (r.status === 'differ') {
          result.differ += 1;
          result.differing.push(r);
        } else if (r.status === 'not_retained') result.notRetained += 1;
        else result.notStarted += 1;
        if (r.status !== 'not_retained' && r.status !== 'not_started' && r.historyPartlyRetained) {
          result.partlyRetained += 1;
        }
        result.inFlight += r.inFlight;
      }
      if (page.length < pageSize) break;
    }
    result.differing.sort(
      (a, b) => a.caseNumber.localeCompare(b.caseNumber) || a.applicationId.localeCompare(b.applicationId),
    );
    return result;
  }
}
