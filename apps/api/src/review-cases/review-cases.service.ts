/**
 * Reconsideration and litigation cases (行政复议、行政诉讼) linked to applications, their results, the
 * reviewers' `review_case` tasks, table 四, and the reopening of a concluded application whose decision
 * a reviewing body corrected.
 *
 * Reopening is an outbox towards Temporal like registration: the result and the new run's full input
 * (`review_cases.reopen_input`: the read model's state and version as the continuation, plus the
 * reopening) are committed first, then the run is started under the application's workflow id (the
 * previous run has closed), then `reopen_started_at` is set. A sweeper starts the reopenings left
 * unstarted. A reopening is applied at most once: the `reopened` event names its case, and a case whose
 * event is recorded is never started again; while another case's reopening of the same application is
 * under way, a second one is refused.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import {
  APPLICATION_STATUS_LABELS,
  type ApplicationStatus,
  decide,
  isConcluded,
} from '../../../../libs/domain/application';
import {
  type FieldProblem,
  REVIEW_CASE_KIND_LABELS,
  REVIEW_RESULT_CORRECTION_ROLES,
  REVIEW_RESULT_LABELS,
  TABLE4_COLUMNS,
  computeTable4,
  crossCheckTable4,
  reopenProblems,
  reviewCaseProblems,
  reviewResultProblems,
} from '../../../../libs/domain/review-cases';
import { holdsAnyRole } from '../../../../libs/domain/roles';
import type { ApplicationWorkflowInput } from '../../../../workflows/definitions';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { PeriodicSweeper } from '../infrastructure/periodic-sweeper';
import { TemporalService } from '../infrastructure/temporal.service';
import { startApplicationRun } from '../applications/application-runs';
import { recordedRegistration } from '../../../../platform/database/repositories/events.repository';
import {
  closeReviewCaseTask,
  openReviewCaseTask,
} from '../../../../platform/database/repositories/tasks.repository';
import { AgenciesService } from '../agencies/agencies.service';
import { CalendarService } from '../calendar/calendar.service';
import { ConflictError, isDatabaseUnavailable, isTemporalUnavailable } from '../common/http-exception.filter';
import { badRequest, todayInChina } from '../common/validation';
import { type StaffUser, actorOf } from '../auth/auth.types';
import type {
  CreateReviewCaseDto,
  ListReviewCasesQuery,
  RecordReviewResultDto,
  ReviewCaseDto,
  ReviewCaseListDto,
  ReviewCasePageDto,
  Table4ReportDto,
  Table4PartDto,
} from './review-case.dto';
import { forbidden, roleNotAllowed } from '../auth/roles.guard';
import {
  type ReviewCaseRow,
  applicationVersion,
  findCaseApplication,
  findReopening,
  findReviewCase,
  insertReviewCase,
  lockApplication,
  lockReviewCase,
  markReopenStarted,
  otherReopeningUnderWay,
  recordReviewResult,
  reviewCasePage,
  reviewCasesOfApplication,
  table4Facts,
  unstartedReopenings,
} from '../../../../platform/database/repositories/review-cases.repository';

/** A reopening left this long unstarted is started by the sweeper. */
const REOPEN_GRACE_MS = 2000;
const SWEEP_BATCH = 20;

function present(r: ReviewCaseRow): ReviewCaseDto {
  return {
    id: r.id,
    applicationId: r.application_id,
    agencyId: r.agency_id,
    application: {
      id: r.application_id,
      caseNumber: r.case_number,
      applicantName: r.applicant_name,
      status: r.application_status,
      statusLabel:
        APPLICATION_STATUS_LABELS[r.application_status as ApplicationStatus] ?? r.application_status,
    },
    kind: r.kind,
    kindLabel: REVIEW_CASE_KIND_LABELS[r.kind],
    filedOn: r.filed_on,
    body: r.body,
    reference: r.reference,
    note: r.note,
    result: r.result,
    resultLabel: REVIEW_RESULT_LABELS[r.result ?? 'pending'],
    resultOn: r.result_on,
    resultNote: r.result_note,
    resultRecordedBy: r.result_recorded_by,
    resultRecordedAt: r.result_recorded_at ? r.result_recorded_at.toISOString() : null,
    pending: r.result === null,
    corrections: r.corrections ?? [],
    reopen: r.reopen_on
      ? {
          reopenedOn: r.reopen_on,
          replyDueOn: r.reopen_reply_due_on,
          /** requested: committed, the new run not started yet; started: running; reopened: recorded. */
          state: r.reopened_seq !== null ? 'reopened' : r.reopen_started_at ? 'started' : 'requested',
          reopenedSeq: r.reopened_seq,
        }
      : null,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function fieldErrors(problems: FieldProblem[]) {
  return badRequest(problems.map((p) => ({ field: p.field, reasons: [p.reason] })));
}

const notFound = (what: string, id: string) =>
  new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no ${what} with id ${id}` });

@Injectable()
export class ReviewCasesService extends PeriodicSweeper {
  private readonly logger = new Logger(ReviewCasesService.name);
  private readonly inFlight = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: TemporalService,
    private readonly agencies: AgenciesService,
    private readonly calendars: CalendarService,
  ) {
    super(config.outboxSweepMs);
  }

  /** The application, if the user may see it (their agency or one under it); 404 alike otherwise. */
  private async application(user: StaffUser, id: string, m: EntityManager = this.db.manager) {
    const app = await findCaseApplication(m, id);
    if (!app || !(await this.agencies.scope(user)).includes(app.agency_id)) throw notFound('application', id);
    return app;
  }

  private async findCase(user: StaffUser, id: string): Promise<ReviewCaseRow> {
    const row = await findReviewCase(this.db, id);
    if (!row || !(await this.agencies.scope(user)).includes(row.agency_id)) throw notFound('review case', id);
    return row;
  }

  async get(user: StaffUser, id: string): Promise<ReviewCaseDto> {
    return present(await this.findCase(user, id));
  }

  /** Records a case about an application; it is pending (尚未审结) and in the reviewers' inbox. */
  async create(user: StaffUser, applicationId: string, dto: CreateReviewCaseDto): Promise<ReviewCaseDto> {
    const app = await this.application(user, applicationId);
    const problems = reviewCaseProblems(dto, { receivedOn: app.received_on }, todayInChina());
    if (problems.length) throw fieldErrors(problems);
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      await insertReviewCase(m, {
        id,
        applicationId: app.id,
        agencyId: app.agency_id,
        kind: dto.kind,
        filedOn: dto.filedOn,
        body: dto.body.trim(),
        reference: dto.reference?.trim() || null,
        note: dto.note?.trim() || null,
        createdBy: actorOf(user),
      });
      await openReviewCaseTask(m, {
        applicationId: app.id,
        agencyId: app.agency_id,
        seq: app.version,
        reviewCaseId: id,
      });
    });
    return this.get(user, id);
  }

  async listForApplication(user: StaffUser, applicationId: string): Promise<ReviewCaseListDto> {
    await this.application(user, applicationId);
    const rows = await reviewCasesOfApplication(this.db, applicationId);
    return { items: rows.map(present), total: rows.length };
  }

  async list(user: StaffUser, q: ListReviewCasesQuery): Promise<ReviewCasePageDto> {
    const agencyId = q.agencyId ?? user.agencyId;
    if (!(await this.agencies.scope(user)).includes(agencyId)) throw notFound('agency', agencyId);
    const { rows, total } = await reviewCasePage(
      this.db,
      { agencyId, year: q.year, kind: q.kind, open: q.open },
      { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Table 四 of the agencies for `year`, from the cases filed that year (REPORT.md): what the reports
   * service adds to the annual report.
   */
  async table4(agencyIds: string[], year: number): Promise<Table4PartDto> {
    const rows = await table4Facts(this.db, agencyIds, year);
    const table4 = computeTable4(rows, year);
    return { table4_columns: TABLE4_COLUMNS, table4, checks: crossCheckTable4(table4) };
  }

  /** Table 四 for an agency the user may see (optionally with those under it). */
  async table4For(
    user: StaffUser,
    agencyId: string,
    year: number,
    includeSubAgencies: boolean,
  ): Promise<Table4ReportDto> {
    const agency = await this.agencies.findInScope(user, agencyId);
    if (!agency) throw notFound('agency', agencyId);
    const ids = includeSubAgencies
      ? await this.agencies.scope({ ...user, agencyId: agency.id })
      : [agency.id];
    return { agencyId: agency.id, agencies: ids.length, year, ...(await this.table4(ids, year)) };
  }

  /**
   * Records the result of a case (a pending case is decided once), or corrects a recorded one (reviewers
   * and admins, with a reason; not once it reopened the application). A corrected result with `reopen`
   * reopens the application if it has concluded (if it is still open, the result is only recorded). The
   * case's task closes in the same transaction.
   */
  async recordResult(user: StaffUser, id: string, dto: RecordReviewResultDto): Promise<ReviewCaseDto> {
    const today = todayInChina();
    const { calendar, workingDays } = await this.calendars.current();
    const reopening = await this.db.transaction(async (m) => {
      const rc = await lockReviewCase(m, id);
      if (!rc || !(await this.agencies.scope(user)).includes(rc.agency_id)) throw notFound('review case', id);
      // Lock the application too: reopenings of one application are decided one at a time.
      await lockApplication(m, rc.application_id);
      const app = await this.application(user, rc.application_id, m);

      const problems = reviewResultProblems(dto, rc.filed_on_text, today);
      if (dto.reopen) {
        if (dto.result !== 'corrected') {
          problems.push({ field: 'reopen', reason: 'reopen goes only with result corrected (结果纠正)' });
        } else {
          problems.push(...reopenProblems(dto.reopen, dto.resultOn, today));
        }
      }
      // The same result sent again (a retried request, a retried task completion) changes nothing.
      const repeated =
        rc.result === dto.result &&
        rc.result_on === dto.resultOn &&
        rc.result_note === (dto.note?.trim() || null) &&
        !dto.reason &&
        (dto.reopen?.reopenedOn ?? null) === rc.reopen_on;
      if (repeated) return null;
      const correcting = rc.result !== null;
      if (correcting) {
        // Depends on the case (a result already recorded), so checked here, not by the endpoint.
        if (!holdsAnyRole(user.roles, REVIEW_RESULT_CORRECTION_ROLES))
          throw forbidden(roleNotAllowed(REVIEW_RESULT_CORRECTION_ROLES, '更正已登记的复议或诉讼结果'));
        if (!dto.reason?.trim()) {
          problems.push({
            field: 'reason',
            reason: 'reason is required to correct a result already recorded (更正已登记的结果应当说明理由)',
          });
        }
      }
      if (problems.length) throw fieldErrors(problems);
      if (correcting && rc.reopen_input !== null) {
        throw new ConflictError(
          'REVIEW_CASE_REOPENED',
          '该案件的纠正结果已据以重新办理原申请，不能再更正其结果',
        );
      }

      const state = app.state;
      let reopen: { input: ApplicationWorkflowInput; requestId: string } | null = null;
      if (dto.reopen && state && isConcluded(state)) {
        const other = await otherReopeningUnderWay(m, rc.application_id, rc.id);
        if (other) {
          throw new ConflictError('REOPEN_IN_PROGRESS', '该申请正依另一案件的纠正结果重新办理，请稍后再登记');
        }
        if (dto.reopen.reopenedOn < state.lastBusinessDate) {
          throw badRequest([
            {
              field: 'reopen.reopenedOn',
              reasons: [
                `reopen.reopenedOn ${dto.reopen.reopenedOn} is before the application's last recorded step (${state.lastBusinessDate}) (收到纠正决定之日不能早于原申请办结之日)`,
              ],
            },
          ]);
        }
        const command = {
          type: 'reopen' as const,
          reviewCaseId: rc.id,
          reviewCaseKind: rc.kind,
          reopenedOn: dto.reopen.reopenedOn,
          replyDueOn: dto.reopen.replyDueOn ?? null,
          actor: actorOf(user),
        };
        // The rule the new run applies, checked here first so the run is started only to succeed.
        const decision = decide(state, command, { today, calendar: workingDays });
        if (!decision.ok) throw new ConflictError(decision.violation.code, decision.violation.message);
        const registered = await recordedRegistration(m, rc.application_id);
        if (!registered)
          throw new ConflictError('APPLICATION_NOT_RECORDED', '申请的登记尚未记录，不能重新办理');
        reopen = {
          requestId: randomUUID(),
          input: {
            registration: registered,
            actor: actorOf(user),
            timing: {
              workingDayMs: this.config.workingDayMs,
              continueAsNewAfterEvents: this.config.continueAsNewAfterEvents,
            },
            calendar: { version: calendar.version, arrangements: calendar.arrangements },
            continuation: {
              state,
              seq: app.version,
              lastReminder: null,
              lateEntryNotices: [],
              anchor: { day: today, ms: Date.now() },
              run: 0,
            },
            reopen: {
              reviewCaseId: rc.id,
              reviewCaseKind: rc.kind,
              reopenedOn: command.reopenedOn,
              replyDueOn: command.replyDueOn,
              actor: command.actor,
            },
          },
        };
      }

      const correction = correcting
        ? [
            {
              result: rc.result,
              resultOn: rc.result_on,
              resultNote: rc.result_note,
              recordedBy: rc.result_recorded_by,
              recordedAt: rc.result_recorded_at,
              correctedBy: actorOf(user),
              correctedAt: new Date().toISOString(),
              reason: dto.reason!.trim(),
            },
          ]
        : [];
      await recordReviewResult(m, {
        id: rc.id,
        result: dto.result,
        resultOn: dto.resultOn,
        note: dto.note?.trim() || null,
        recordedBy: actorOf(user),
        correctionsJson: JSON.stringify(correction),
        reopenOn: reopen ? dto.reopen!.reopenedOn : null,
        reopenReplyDueOn: reopen ? (dto.reopen!.replyDueOn ?? null) : null,
        reopenRequestId: reopen ? reopen.requestId : null,
        reopenInputJson: reopen ? JSON.stringify(reopen.input) : null,
      });
      await closeReviewCaseTask(m, rc.id, app.version);
      return reopen ? { applicationId: rc.application_id, seq: app.version } : null;
    });
    if (reopening) {
      if (this.config.failpoint === 'reopen-after-commit') {
        // Tests only: die between the commit and the start, as a crash would.
        this.logger.warn(`failpoint reopen-after-commit: killing the API after committing reopening ${id}`);
        process.kill(process.pid, 'SIGKILL');
      }
      if (await this.startReopen(id)) await this.awaitReopened(reopening.applicationId, reopening.seq);
    }
    return this.get(user, id);
  }

  /**
   * Starts the new run of a committed reopening, at most once: not if its `reopened` event is recorded,
   * and a second start while the run is open is refused by Temporal. True once started (or recorded);
   * false when it must be tried again (Temporal away, or the previous run still finishing).
   */
  async startReopen(id: string): Promise<boolean> {
    if (this.inFlight.has(id)) return false;
    this.inFlight.add(id);
    try {
      const row = await findReopening<ApplicationWorkflowInput>(this.db, id);
      if (!row?.reopen_input) return false;
      if (row.reopen_started_at) return true;
      if (!row.recorded) {
        try {
          await startApplicationRun(this.temporal, {
            workflowId: row.workflow_id,
            input: row.reopen_input,
            // The application's previous run has closed; this is its next one.
            reusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
            signal: this.stopping.signal,
            timeoutMs: this.config.actionTimeoutMs,
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            // A run is open: the previous one still finishing, or this reopening's own run not yet
            // recorded. Either way, look again later.
            this.logger.warn(`reopening ${id}: a run of ${row.workflow_id} is still open; will retry`);
            return false;
          }
          throw err;
        }
      }
      await markReopenStarted(this.db, id);
      return true;
    } catch (err) {
      if (isTemporalUnavailable(err) || isDatabaseUnavailable(err)) {
        this.logger.warn(`reopening ${id} not started yet (the sweeper will): ${String(err)}`);
        return false;
      }
      throw err;
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Waits briefly for the new run to record the reopening, so the answer already shows it. */
  private async awaitReopened(applicationId: string, seq: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const version = await applicationVersion(this.db, applicationId);
      if (version !== undefined && version > seq) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // ---- the sweeper --------------------------------------------------------------------------------

  /** Starts the reopenings committed but left unstarted (a crash, Temporal away, a run finishing). */
  override async sweep(): Promise<void> {
    try {
      const ids = await unstartedReopenings(this.db, REOPEN_GRACE_MS, SWEEP_BATCH);
      for (const id of ids) {
        if (this.stopping.signal.aborted) return;
        await this.startReopen(id);
      }
    } catch (err) {
      if (this.stopping.signal.aborted) return;
      const log = isDatabaseUnavailable(err) || isTemporalUnavailable(err) ? 'warn' : 'error';
      this.logger[log](`review case sweep failed, will retry: ${String(err)}`);
    }
  }
}
