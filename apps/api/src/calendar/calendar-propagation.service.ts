/**
 * Calendar propagations (issue 10): an entered holiday arrangement reaches every open application through
 * the calendar propagation workflow, never inside the HTTP request. The entry and its
 * `calendar_propagations` row are committed together; the workflow is then started under an id derived
 * from the propagation id (a second start is a no-op). If Temporal cannot be reached, the entry stands
 * (status `pending`) and this service's sweeper — the outbox pattern of registrations — starts the
 * workflow of every propagation left unstarted once Temporal is back.
 */
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import {
  CALENDAR_PROPAGATION_WORKFLOW_TYPE,
  type CalendarPropagationInput,
} from '../../../../workflows/calendar-propagation.definitions';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { PeriodicSweeper } from '../infrastructure/periodic-sweeper';
import { TemporalService } from '../infrastructure/temporal.service';
import type { CalendarPropagationDto, CalendarPropagationListDto } from './calendar.dto';
import { isDatabaseUnavailable, isTemporalUnavailable } from '../common/http-exception.filter';
import {
  type PropagationRow,
  findPropagation,
  listPropagations,
  markPropagationStarted,
  unstartedPropagations,
} from '../../../../platform/database/repositories/calendar.repository';

/** A propagation left this long without its workflow is started by the sweeper. */
const START_GRACE_MS = 2000;
const SWEEP_BATCH = 20;
/** The most the entry request waits on Temporal before leaving the start to the sweeper. */
const START_TIMEOUT_MS = 5000;

/** A propagation as the API answers it. */
function present(r: PropagationRow): CalendarPropagationDto {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class CalendarPropagationService extends PeriodicSweeper {
  private readonly logger = new Logger(CalendarPropagationService.name);
  private readonly inFlight = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: TemporalService,
  ) {
    super(config.outboxSweepMs);
  }

  /**
   * Starts the workflow of a committed propagation (already started counts as started) and marks it
   * started. True when started; false when it could not be (Temporal unreachable, say): the sweeper will.
   */
  async start(p: { id: string; workflowId: string; version: number }): Promise<boolean> {
    this.inFlight.add(p.id);
    const timeoutMs = Math.min(this.config.actionTimeoutMs, START_TIMEOUT_MS);
    try {
      try {
        const input: CalendarPropagationInput = { propagationId: p.id, version: p.version };
        await this.temporal.startWithin(CALENDAR_PROPAGATION_WORKFLOW_TYPE, {
          workflowId: p.workflowId,
          args: [input],
          reusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          signal: this.stopping.signal,
          timeoutMs,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      await markPropagationStarted(this.db, p.id);
      return true;
    } catch (err) {
      // The entry is committed whatever happens here: the sweeper tries again.
      const expected =
        isTemporalUnavailable(err) || isDatabaseUnavailable(err) || this.stopping.signal.aborted;
      this.logger[expected ? 'warn' : 'error'](
        `calendar propagation ${p.id} not started yet (the sweeper will): ${String(err)}`,
      );
      return false;
    } finally {
      this.inFlight.delete(p.id);
    }
  }

  async list(limit = 50): Promise<CalendarPropagationListDto> {
    const items = (await listPropagations(this.db, limit)).map(present);
    return { items };
  }

  async get(id: string): Promise<CalendarPropagationDto> {
    const row = await findPropagation(this.db, id);
    if (!row) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `没有编号为 ${id} 的日历推送`,
      });
    }
    return present(row);
  }

  /** One pass: start the workflow of every propagation left unstarted. */
  override async sweep(): Promise<void> {
    try {
      const rows = await unstartedPropagations(this.db, START_GRACE_MS, SWEEP_BATCH);
      for (const row of rows) {
        if (this.stopping.signal.aborted) return;
        if (this.inFlight.has(row.id)) continue;
        this.logger.warn(`starting calendar propagation ${row.id} left unstarted`);
        if (!(await this.start({ id: row.id, workflowId: row.workflow_id, version: row.calendar_version })))
          return;
      }
    } catch (err) {
      if (this.stopping.signal.aborted) return;
      const log = isDatabaseUnavailable(err) || isTemporalUnavailable(err) ? 'warn' : 'error';
      this.logger[log](`calendar propagation sweep failed, will retry: ${String(err)}`);
    }
  }
}
