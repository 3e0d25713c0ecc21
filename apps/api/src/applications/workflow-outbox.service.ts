/**
 * The API's outbox towards Temporal. What the API hands to a workflow is first committed to PostgreSQL,
 * then sent, then marked done; a sweeper re-sends whatever a dead process or an absent worker left
 * undone, so no registration is left without its workflow and no accepted staff action is lost:
 *
 *  - registrations: `applications.start_input` is the workflow's full input; the workflow is started
 *    with the application's workflow id (a second start is a no-op), then `workflow_started_at` is set;
 *  - staff actions: `staff_action_requests` holds each action with its Update id; the Update is sent
 *    with that id (Temporal performs an Update id once per workflow) and the row settled with the outcome.
 */
import { type HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import {
  type ApplicationWorkflowInput,
  type StaffActionName,
  staffActionUpdates,
} from '../../../../workflows/definitions';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { PeriodicSweeper } from '../infrastructure/periodic-sweeper';
import { TemporalService } from '../infrastructure/temporal.service';
import { startApplicationRun } from './application-runs';
import {
  ConflictError,
  isDatabaseUnavailable,
  isTemporalUnavailable,
  staffActionError,
} from '../common/http-exception.filter';
import {
  markWorkflowStarted,
  unstartedRegistrations,
} from '../../../../platform/database/repositories/applications.repository';
import {
  type ActionOutcomeKind,
  findSettled,
  settleRequest,
  storeRequest,
  unsettledRequests,
} from '../../../../platform/database/repositories/staff-action-requests.repository';

/** A registration left this long without its workflow is started by the sweeper. */
const REGISTRATION_GRACE_MS = 3000;
const SWEEP_BATCH = 50;

export interface StaffActionRequest {
  applicationId: string;
  workflowId: string;
  updateId: string;
  action: StaffActionName;
  command: object;
}

/** How a staff action ended, as far as the API could tell within its time bound. */
export type ActionOutcome =
  | { kind: 'completed' }
  | { kind: 'refused'; error: HttpException }
  /** Handed to Temporal (or stored for the sweeper) but not performed yet: the worker is away. */
  | { kind: 'pending'; cause: unknown };

const CONCLUDED = () => new ConflictError('APPLICATION_CONCLUDED', '申请已办结，流程已结束，不能再办理');

@Injectable()
export class WorkflowOutboxService extends PeriodicSweeper {
  private readonly logger = new Logger(WorkflowOutboxService.name);
  /** Application ids and Update ids this process is sending right now (the sweeper leaves them alone). */
  private readonly inFlight = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: TemporalService,
  ) {
    super(config.outboxSweepMs);
  }

  // ---- registrations ------------------------------------------------------------------------------

  /**
   * Starts the workflow of a committed registration (a second start of the same workflow id is taken
   * as done) and marks the application started. True when started; false when Temporal could not be
   * reached in time (the sweeper will start it).
   */
  async startWorkflow(
    applicationId: string,
    workflowId: string,
    input: ApplicationWorkflowInput,
  ): Promise<boolean> {
    this.inFlight.add(applicationId);
    try {
      try {
        await startApplicationRun(this.temporal, {
          workflowId,
          input,
          reusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          signal: this.stopping.signal,
          timeoutMs: this.config.actionTimeoutMs,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      await markWorkflowStarted(this.db, applicationId);
      return true;
    } catch (err) {
      if (isTemporalUnavailable(err) || isDatabaseUnavailable(err)) {
        this.logger.warn(`workflow ${workflowId} not started yet (the sweeper will): ${String(err)}`);
        return false;
      }
      throw err;
    } finally {
      this.inFlight.delete(applicationId);
    }
  }

  // ---- staff actions ------------------------------------------------------------------------------

  /** Stores the action before it is sent; a retry with the same Update id keeps the first row. */
  async store(req: StaffActionRequest): Promise<void> {
    await storeRequest(this.db, req);
  }

  /** The outcome already recorded for this Update id, or null if none (never sent, or still pending). */
  async settled(applicationId: string, updateId: string): Promise<ActionOutcome | null> {
    const row = await findSettled(this.db, applicationId, updateId);
    if (!row) return null;
    if (row.outcome === 'completed') return { kind: 'completed' };
    if (row.outcome === 'gone') return { kind: 'refused', error: CONCLUDED() };
    return {
      kind: 'refused',
      error: new ConflictError(row.outcome_code ?? 'RULE_VIOLATION', row.outcome_message ?? ''),
    };
  }

  /**
   * Sends the action as an Update with its id and waits at most `timeoutMs` for it to be performed.
   * Final outcomes (performed, refused by the workflow, workflow gone) are recorded; anything else is
   * left for the sweeper, which sends the same Update id again.
   */
  async perform(req: StaffActionRequest, timeoutMs = this.config.actionTimeoutMs): Promise<ActionOutcome> {
    const flightKey = `${req.applicationId}/${req.updateId}`;
    this.inFlight.add(flightKey);
    try {
      const deadline = Date.now() + timeoutMs;
      const client = await this.temporal.clientWithin(timeoutMs);
      const handle = client.workflow.getHandle(req.workflowId);
      try {
        await client.withAbortSignal(this.stopping.signal, () =>
          client.withDeadline(deadline, () =>
            handle.executeUpdate(staffActionUpdates[req.action] as never, {
              args: [req.command] as never,
              updateId: req.updateId,
            }),
          ),
        );
        return await this.settle(req, { kind: 'completed' });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) {
          // The workflow has ended: either this very Update concluded it (a retried deliver), or the
          // application was concluded before it could be performed.
          const outcome = await this.outcomeOfClosed(client, req, deadline);
          return await this.settle(req, outcome);
        }
        const refused = staffActionError(err);
        if (refused) return await this.settle(req, { kind: 'refused', error: refused });
        throw err;
      }
    } catch (err) {
      if (isTemporalUnavailable(err) || isDatabaseUnavailable(err)) return { kind: 'pending', cause: err };
      throw err;
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  /**
   * The outcome of an Update of a workflow that has closed: the one Temporal kept for this Update id,
   * or refused (the application had concluded) if there is none.
   */
  async outcomeOfClosed(client: Client, req: StaffActionRequest, deadline: number): Promise<ActionOutcome> {
    try {
      await client.withAbortSignal(this.stopping.signal, () =>
        client.withDeadline(Math.min(deadline, Date.now() + 5000), () =>
          client.workflow.getHandle(req.workflowId).getUpdateHandle(req.updateId).result(),
        ),
      );
      return { kind: 'completed' };
    } catch (err) {
      const refused = staffActionError(err);
      if (refused && !(err instanceof WorkflowNotFoundError)) return { kind: 'refused', error: refused };
      if (err instanceof WorkflowNotFoundError) return { kind: 'refused', error: CONCLUDED() };
      throw err;
    }
  }

  /** The outcome Temporal kept for an Update of a closed workflow, recorded; null when it kept none. */
  async recoverClosed(req: StaffActionRequest): Promise<ActionOutcome | null> {
    const client = await this.temporal.clientWithin(this.config.actionTimeoutMs);
    const outcome = await this.outcomeOfClosed(client, req, Date.now() + this.config.actionTimeoutMs);
    if (outcome.kind === 'completed') {
      await this.store(req);
      return this.settle(req, outcome);
    }
    return null;
  }

  private async settle(req: StaffActionRequest, outcome: ActionOutcome): Promise<ActionOutcome> {
    let kind: ActionOutcomeKind = 'completed';
    let code: string | null = null;
    let message: string | null = null;
    if (outcome.kind === 'refused') {
      const body = outcome.error.getResponse() as { code?: string; message?: string };
      kind = body.code === 'APPLICATION_CONCLUDED' ? 'gone' : 'rejected';
      code = body.code ?? null;
      message = body.message ?? null;
    }
    try {
      await settleRequest(this.db, req.applicationId, req.updateId, { kind, code, message });
    } catch (err) {
      // The outcome stands; the sweeper records it later (the same Update id answers the same).
      this.logger.warn(`could not record the outcome of update ${req.updateId}: ${String(err)}`);
    }
    return outcome;
  }

  // ---- the sweeper --------------------------------------------------------------------------------

  /** One pass: start the workflows of registrations left unstarted, re-send actions left unsettled. */
  override async sweep(): Promise<void> {
    try {
      await this.sweepRegistrations();
      await this.sweepActions();
    } catch (err) {
      if (this.stopping.signal.aborted) return;
      const log = isDatabaseUnavailable(err) || isTemporalUnavailable(err) ? 'warn' : 'error';
      this.logger[log](
        `outbox sweep failed, will retry: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }

  private async sweepRegistrations(): Promise<void> {
    const rows = await unstartedRegistrations<ApplicationWorkflowInput>(
      this.db,
      REGISTRATION_GRACE_MS,
      SWEEP_BATCH,
    );
    for (const row of rows) {
      if (this.stopping.signal.aborted) return;
      if (this.inFlight.has(row.id)) continue;
      this.logger.warn(`starting the workflow ${row.workflow_id} of a registration left unstarted`);
      if (!(await this.startWorkflow(row.id, row.workflow_id, row.start_input))) return;
    }
  }

  private async sweepActions(): Promise<void> {
    const rows = await unsettledRequests<StaffActionName>(
      this.db,
      this.config.actionTimeoutMs + 1000,
      SWEEP_BATCH,
    );
    for (const row of rows) {
      if (this.stopping.signal.aborted) return;
      if (this.inFlight.has(`${row.application_id}/${row.update_id}`)) continue;
      const outcome = await this.perform(
        {
          applicationId: row.application_id,
          workflowId: row.workflow_id,
          updateId: row.update_id,
          action: row.action,
          command: row.command,
        },
        Math.min(this.config.actionTimeoutMs, 5000),
      );
      // The worker (or Temporal) is still away: the rest would wait the same; next pass.
      if (outcome.kind === 'pending') return;
    }
  }
}
