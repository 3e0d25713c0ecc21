/**
 * Makes cases whose workflow cannot make progress visible (`workflow_problems`, listed by
 * `GET /api/admin/stuck-cases` and counted by `GET /api/health`).
 *
 * - Failing activities: an activity inbound interceptor records every failing attempt from
 *   `OGI_STUCK_ACTIVITY_ATTEMPTS` on (3 by default) and clears the row when that activity succeeds.
 * - Failing workflow tasks (a bug, a non-deterministic change: the workflow stays Running and never
 *   advances, no activity runs): Temporal Server 1.30+ flags such workflows with the
 *   `TemporalReportedProblems` search attribute, but the server of the pinned CLI (v1.5.1, Server 1.29)
 *   does not have it. So a periodic scan describes a bounded number of candidate workflows
 *   (`OGI_STUCK_SCAN_BATCH`, 25 by default, every `OGI_STUCK_SCAN_INTERVAL_MS`, 30 s by default):
 *   1. the workflows already listed, least recently confirmed first (to refresh or clear them; at most
 *      half the batch),
 *   2. open applications with a task being completed whose read-model row has not advanced for
 *      `OGI_STUCK_STALE_AFTER_MS` (a staff action that should have been recorded by now),
 *   3. then, with what is left of the batch, the other open applications whose row has not advanced for
 *      that long, round-robin by id.
 *   A scan therefore costs at most `batch` DescribeWorkflowExecution calls (plus one short reverse
 *   history read per workflow found failing), however many cases are open: at 100,000 open cases and
 *   the defaults, one full round of step 3 takes about 33 hours, while steps 1–2 catch a stuck staff
 *   action within a scan or two.
 * Everything here is best effort: when the database or Temporal is down it logs and carries on.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { StuckCasesConfig } from '../../../platform/config';
import {
  clearConcluded,
  clearProblem,
  listedWorkflows,
  reportProblem,
  staleApplications,
  stalledCompletions,
} from '../../../platform/database/repositories/workflow-problems.repository';
import { redact } from '../../../platform/redact';

type Log = (message: string) => void;

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const type = (err as { type?: unknown }).type;
    return redact(typeof type === 'string' && type ? `${type}: ${err.message}` : err.message);
  }
  return redact(String(err));
}

/** The worker's activity interceptors: record failing attempts, clear on success. */
export function problemRecordingInterceptors(
  db: DataSource,
  config: StuckCasesConfig,
  log: Log,
): ActivityInterceptorsFactory {
  const bestEffort = (what: string, work: Promise<void>) =>
    work.catch((err: unknown) => log(`[worker] could not ${what}: ${messageOf(err)}`));
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { attempt, activityType, workflowExecution } = ctx.info;
        try {
          const result = await next(input);
          // A first attempt that succeeds had no failing attempt before it: nothing to clear.
          if (workflowExecution && attempt > 1) {
            void bestEffort(
              'clear a workflow problem',
              clearProblem(db, workflowExecution.workflowId, 'activity', activityType).then(() => undefined),
            );
          }
          return result;
        } catch (err) {
          if (workflowExecution && attempt >= config.activityAttempts) {
            void bestEffort(
              'record a workflow problem',
              reportProblem(db, {
                workflowId: workflowExecution.workflowId,
                runId: workflowExecution.runId,
                kind: 'activity',
                activityType,
                attempt,
                error: messageOf(err),
              }),
            );
          }
          throw err;
        }
      },
    },
  });
}

/** WorkflowTaskFailedCause names of the causes a worker reports (temporal.api.enums.v1). */
const WORKFLOW_TASK_FAILED_CAUSES: Record<number, string> = {
  1: 'UNHANDLED_COMMAND',
  14: 'WORKFLOW_WORKER_UNHANDLED_FAILURE',
  24: 'NON_DETERMINISTIC_ERROR',
  31: 'UNHANDLED_UPDATE',
};

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export interface ScanResult {
  described: number;
  flagged: number;
  cleared: number;
}

export class StuckCaseScanner {
  /** Where the round-robin walk over open applications goes on (an application id). */
  private cursor = FIRST_ID;

  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
    private readonly config: StuckCasesConfig,
    private readonly log: Log = (m) => console.warn(m),
  ) {}

  /** The workflows to describe in this scan, at most `scanBatch`. */
  async candidates(): Promise<string[]> {
    const batch = this.config.scanBatch;
    const stale = `${this.config.staleAfterMs} milliseconds`;
    const out = new Set<string>();
    // Half the batch at most for the rows already listed (least recently confirmed first), so that
    // many stuck workflows never keep the scan from finding new ones.
    for (const id of await listedWorkflows(this.db, Math.ceil(batch / 2))) out.add(id);
    if (out.size < batch) {
      for (const id of await stalledCompletions(this.db, stale, batch)) if (out.size < batch) out.add(id);
    }
    const want = batch - out.size;
    if (want > 0) {
      const walk = (after: string, limit: number) => staleApplications(this.db, stale, after, limit);
      let rows = await walk(this.cursor, want);
      if (rows.length < want) rows = rows.concat(await walk(FIRST_ID, want - rows.length)); // wrap around
      for (const r of rows) if (out.size < batch) out.add(r.workflow_id);
      this.cursor = rows.length ? rows[rows.length - 1].id : FIRST_ID;
    }
    return [...out].slice(0, batch);
  }

  /** One scan: clears what concluded, describes the candidates, records or clears what it finds. */
  async scanOnce(): Promise<ScanResult> {
    const result: ScanResult = { described: 0, flagged: 0, cleared: 0 };
    result.cleared += await clearConcluded(this.db);
    for (const workflowId of await this.candidates()) {
      try {
        const found = await this.inspect(workflowId);
        result.described++;
        result.flagged += found.flagged;
        result.cleared += found.cleared;
      } catch (err) {
        this.log(`[worker] stuck-case scan: could not inspect ${workflowId}: ${messageOf(err)}`);
      }
    }
    return result;
  }

  private async inspect(workflowId: string): Promise<{ flagged: number; cleared: number }> {
    let description;
    try {
      description = await this.client.workflow.getHandle(workflowId).describe();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      return { flagged: 0, cleared: await clearProblem(this.db, workflowId) };
    }
    if (description.status.name !== 'RUNNING') {
      return { flagged: 0, cleared: await clearProblem(this.db, workflowId) };
    }
    const raw = description.raw;
    const runId = description.runId;
    let flagged = 0;
    let cleared = 0;
    const wft = raw.pendingWorkflowTask;
    const wftAttempt = wft?.attempt ?? 0;
    if (wftAttempt > 1) {
      await reportProblem(this.db, {
        workflowId,
        runId,
        kind: 'workflow_task',
        activityType: null,
        attempt: wftAttempt,
        error: await this.lastWorkflowTaskFailure(workflowId, runId),
      });
      flagged++;
    } else {
      cleared += await clearProblem(this.db, workflowId, 'workflow_task');
    }
    const failing = (raw.pendingActivities ?? [])
      .filter((a) => (a.attempt ?? 0) >= this.config.activityAttempts)
      .sort((a, b) => (b.attempt ?? 0) - (a.attempt ?? 0))[0];
    if (failing) {
      await reportProblem(this.db, {
        workflowId,
        runId,
        kind: 'activity',
        activityType: failing.activityType?.name ?? null,
        attempt: failing.attempt ?? 0,
        error: failing.lastFailure?.message ?? '活动反复失败或超时',
      });
      flagged++;
    } else if (!(raw.pendingActivities ?? []).length) {
      // Nothing pending: whatever activity failed has succeeded or given up since.
      cleared += await clearProblem(this.db, workflowId, 'activity');
    }
    return { flagged, cleared };
  }

  /** The cause and message of the last WorkflowTaskFailed event (later attempts are not in the history). */
  private async lastWorkflowTaskFailure(workflowId: string, runId: string): Promise<string> {
    const { history } = await this.client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: this.client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: 20,
    });
    for (const event of history?.events ?? []) {
      const failed = event.workflowTaskFailedEventAttributes;
      if (!failed) continue;
      const cause = failed.cause
        ? (WORKFLOW_TASK_FAILED_CAUSES[failed.cause] ?? `cause ${failed.cause}`)
        : null;
      const message = failed.failure?.message ?? '';
      return [cause, message].filter(Boolean).join(': ') || '工作流任务反复失败';
    }
    return '工作流任务反复失败（失败详情不在最近的历史事件中）';
  }
}

/** Runs `scan` every `intervalMs` (never two at once); returns a function that stops it. */
export function scheduleScans(scanner: StuckCaseScanner, intervalMs: number, log: Log): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    scanner
      .scanOnce()
      .catch((err: unknown) => log(`[worker] stuck-case scan failed: ${messageOf(err)}`))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
