import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ApplicationWorkflowInput, StaffActionName } from '../../../../workflows/definitions';
import {
  type ApplicationStatus,
  type Registration,
  APPLICATION_STATUS_LABELS,
  CONCLUDED_STATUSES,
  EVENT_TYPE_LABELS,
  type ApplicationEventType,
} from '../../../../libs/domain/application';
import { OUTCOME_LABELS, type OutcomeCode } from '../../../../libs/domain/outcome';
import { dateInShanghai, yearOf } from '../../../../libs/domain/dates';
import { ApplicationEntity, ApplicationEventEntity } from '../../../../platform/database/entities';
import { applicationWorkflowId } from '../../../../platform/temporal';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { TemporalService } from '../infrastructure/temporal.service';
import { AgenciesService } from '../agencies/agencies.service';
import { CalendarService } from '../calendar/calendar.service';
import {
  type ApplicationState,
  replyClockRuns,
  isPaused,
  replyDeadline,
  CONSULTATION_KIND_LABELS,
  missingPastYear,
} from '../../../../libs/domain/application';
import { type NoticeRow, noticesJsonOf } from '../../../../platform/notice-export/store';
import { preparedQuery } from '../../../../platform/database/prepared';
import {
  insertRegistration,
  nextCaseSerial,
  ordinalInMonth,
  listApplications,
  applicantApplicationsInMonth,
} from '../../../../platform/database/repositories/applications.repository';
import { RegistrationRecordedService } from './registration-recorded.service';
import { noticeSummary } from '../notices/notices.service';
import { supplementNoticeDeadline } from '../../../../libs/domain/clock';
import { todayInChina } from '../common/validation';
import { type StaffUser, actorOf } from '../auth/auth.types';
import {
  type ActionBody,
  type OpenAction,
  commandOf,
  openActions,
} from '../../../../libs/domain/staff-actions';
import { ConflictError, ForbiddenError, ServiceUnavailableError } from '../common/http-exception.filter';
import {
  departmentIdsOf,
  isMember,
  listDepartments,
} from '../../../../platform/database/repositories/departments.repository';
import { badRequest } from '../common/validation';
import { currentIdempotencyKey } from '../common/idempotency';
import {
  type ActionOutcome,
  type StaffActionRequest,
  WorkflowOutboxService,
} from './workflow-outbox.service';
import {
  applicationBriefs,
  applicationByCaseNumber,
} from '../../../../platform/database/repositories/related.repository';
import { earlierApplicationProblem, isApplicationId } from '../../../../libs/domain/related';
import type {
  DraftDecisionDto,
  IssueFeeNoticeDto,
  ApplicationDetailDto,
  ApplicationPageDto,
  ApplicationSummaryDto,
  DeadlinesDto,
  ListApplicationsQuery,
  RegisterApplicationDto,
} from './application.dto';

/** The columns of an application the API answers with, as ApplicationEntity names them (not `state`). */
const APPLICATION_COLUMNS = `id, agency_id AS "agencyId", case_number AS "caseNumber", workflow_id AS "workflowId",
  receipt_year AS "receiptYear", applicant_name AS "applicantName", applicant_type AS "applicantType",
  applicant_id_number AS "applicantIdNumber", applicant_contact AS "applicantContact", channel,
  received_on AS "receivedOn", submitted_at AS "submittedAt", receipt_evidence AS "receiptEvidence",
  information_sought AS "informationSought", delivery_preference AS "deliveryPreference", status, outcome,
  concluded_on AS "concludedOn", clock_started_on AS "clockStartedOn", supplement_due_on AS "supplementDueOn",
  reply_due_on AS "replyDueOn", reply_due_provisional AS "replyDueProvisional", paused,
  calendar_version AS "calendarVersion", version, source`;

/** How many answers of the open-actions dry run an API process keeps (a few MiB at most). */
const OPEN_ACTIONS_CACHE_SIZE = 5000;

/** An application's event as the detail answer reads it. */
type EventRow = Pick<
  ApplicationEventEntity,
  'seq' | 'type' | 'businessDate' | 'actor' | 'payload' | 'occurredAt'
>;

/**
 * The detail answer's rows in one statement: the application's columns, its events by seq and its notices
 * in the order of `listNotices` (platform/notice-export/store), each as a JSON array.
 */
const APPLICATION_DETAIL = `SELECT ${APPLICATION_COLUMNS}, state,
  (SELECT coalesce(json_agg(json_build_object('seq', e.seq, 'type', e.type, 'businessDate', e.business_date,
            'actor', e.actor, 'payload', e.payload, 'occurredAt', e.occurred_at) ORDER BY e.seq), '[]')
     FROM application_events e WHERE e.application_id = applications.id) AS events,
  ${noticesJsonOf('applications.id')} AS notices
  FROM applications WHERE id = $1`;

/** An application as `find` reads it: `state` only when asked for. */
type ApplicationRecord = Omit<ApplicationEntity, 'state' | 'createdAt' | 'updatedAt'> & {
  state?: ApplicationEntity['state'];
};

function summary(a: ApplicationRecord): ApplicationSummaryDto {
  return {
    id: a.id,
    agencyId: a.agencyId,
    caseNumber: a.caseNumber,
    workflowId: a.workflowId,
    applicantName: a.applicantName,
    applicantType: a.applicantType,
    channel: a.channel,
    receivedOn: a.receivedOn,
    status: a.status,
    statusLabel: APPLICATION_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status,
    outcome: a.outcome,
    outcomeLabel: a.outcome ? (OUTCOME_LABELS[a.outcome as OutcomeCode] ?? a.outcome) : null,
    concludedOn: a.concludedOn,
    clockStartedOn: a.clockStartedOn,
    supplementDueOn: a.supplementDueOn,
    replyDueOn: a.replyDueOn,
    replyDueProvisional: a.replyDueProvisional,
    paused: a.paused,
    version: a.version,
    source: a.source,
  };
}

@Injectable()
export class ApplicationsService {
  private readonly logger = new Logger(ApplicationsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: TemporalService,
    private readonly agencies: AgenciesService,
    private readonly calendars: CalendarService,
    private readonly outbox: WorkflowOutboxService,
    private readonly registrations: RegistrationRecordedService,
  ) {
    this.rows = preparedQuery(db);
  }

  /** Rows of a statement prepared once per connection (platform/database/prepared). */
  private readonly rows: ReturnType<typeof preparedQuery>;

  /**
   * Registers an application: gives it the next case number of its agency and receipt year and stores
   * it with its workflow's input in one transaction, then starts its workflow (see WorkflowOutboxService).
   */
  async register(user: StaffUser, dto: RegisterApplicationDto): Promise<ApplicationDetailDto> {
    const agency = await this.agencies.find(user.agencyId);
    if (!agency)
      throw badRequest([
        { field: 'agency', reasons: [`the signed-in user's agency ${user.agencyId} no longer exists`] },
      ]);
    return this.get(user, await this.registerIn(agency, actorOf(user), dto));
  }

  /**
   * Registers an application at the agency for `actor` (staff, or an applicant on the portal) and starts
   * its workflow; `alongside` writes what else belongs to the registration in its transaction. Answers the
   * application's id.
   */
  async registerIn(
    agency: { id: string; code: string },
    actor: string,
    dto: RegisterApplicationDto,
    alongside?: (m: EntityManager, applicationId: string) => Promise<void>,
  ): Promise<string> {
    if (dto.submittedAt) {
      const submittedOn = dateInShanghai(new Date(dto.submittedAt));
      if (submittedOn > dto.receivedOn) {
        throw badRequest([
          {
            field: 'submittedAt',
            reasons: [
              `submittedAt falls on ${submittedOn} (China Standard Time), after the receipt date ${dto.receivedOn}; an application cannot be received before it is submitted`,
            ],
          },
        ]);
      }
    }
    // Fail early, before a case number is taken, when Temporal cannot be reached at all.
    await this.connectedClient();
    const { calendar, workingDays } = await this.calendars.current();
    const missingYear = missingPastYear(dto.receivedOn, todayInChina(), workingDays);
    if (missingYear)
      throw badRequest([{ field: 'receivedOn', reasons: [`${dto.receivedOn}: ${missingYear}`] }]);
    const id = randomUUID();
    const year = yearOf(dto.receivedOn);

    // First commit the case number and the application with its workflow's full input (the outbox),
    // then start the workflow, then mark it started. If this process dies in between, the outbox
    // sweeper starts it; the case number is never used twice nor left behind by a failed commit.
    const { workflowId, input } = await this.db.transaction(async (m) => {
      const n = await nextCaseSerial(m, agency.id, year);
      const caseNumber = `${year}-${String(n).padStart(4, '0')}`;
      const workflowId = applicationWorkflowId(agency.code, caseNumber);
      const registration: Registration = {
        applicationId: id,
        agencyId: agency.id,
        caseNumber,
        applicantName: dto.applicantName.trim(),
        applicantType: dto.applicantType,
        applicantIdNumber: dto.applicantIdNumber?.trim() || null,
        applicantContact: dto.applicantContact?.trim() || null,
        channel: dto.channel,
        receivedOn: dto.receivedOn,
        submittedAt: dto.submittedAt ? new Date(dto.submittedAt).toISOString() : null,
        receiptEvidence: dto.receiptEvidence?.trim() || null,
        informationSought: dto.informationSought.trim(),
        deliveryPreference: dto.deliveryPreference?.trim() || null,
      };
      const input: ApplicationWorkflowInput = {
        registration,
        actor,
        timing: {
          workingDayMs: this.config.workingDayMs,
          continueAsNewAfterEvents: this.config.continueAsNewAfterEvents,
        },
        calendar: { version: calendar.version, arrangements: calendar.arrangements },
      };
      await insertRegistration(m, { registration, workflowId, receiptYear: year, startInput: input });
      if (alongside) await alongside(m, id);
      return { workflowId, input };
    });
    if (this.config.failpoint === 'register-after-commit') {
      // Tests only: die between the commit and the start, as a crash would.
      this.logger.warn(`failpoint register-after-commit: killing the API after committing ${workflowId}`);
      process.kill(process.pid, 'SIGKILL');
    }
    // Waiting for the workflow to record the `registered` event (seq 1) before it starts, so that its
    // notification cannot come first; the answer then already shows it. If the worker is slow, answer
    // anyway: the application is registered.
    const recorded = this.registrations.expect(id);
    try {
      // Not started: registered all the same; the sweeper starts the workflow once Temporal answers again.
      if ((await this.outbox.startWorkflow(id, workflowId, input)) && !(await recorded.wait()))
        this.logger.warn(`application ${id}: registration not yet recorded by the workflow after 5000 ms`);
    } finally {
      recorded.cancel();
    }
    return id;
  }

  async list(user: StaffUser, q: ListApplicationsQuery): Promise<ApplicationPageDto> {
    const agencyId = q.agencyId ?? user.agencyId;
    if (!(await this.agencies.inScope(user, agencyId))) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no agency with id ${agencyId}`,
      });
    }
    const { rows, total } = await listApplications(this.db, {
      agencyId,
      status: q.status,
      receiptYear: q.year,
      applicantType: q.applicantType,
      page: q.page,
      pageSize: q.pageSize,
    });
    return { items: rows.map(summary), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * The application if it belongs to the user's agency (or one under it); 404 alike for others. One
   * statement of the columns the answers use (`state` only when asked: it is the workflow's whole state).
   */
  private async find(user: StaffUser, id: string, o: { state?: boolean } = {}): Promise<ApplicationRecord> {
    const [app] = await this.rows<ApplicationRecord>(
      `SELECT ${APPLICATION_COLUMNS}${o.state ? ', state' : ''} FROM applications WHERE id = $1`,
      [id],
    );
    return this.inScopeOr404(user, id, app);
  }

  private async inScopeOr404(
    user: StaffUser,
    id: string,
    app: ApplicationRecord | undefined,
  ): Promise<ApplicationRecord> {
    if (!app || !(await this.agencies.inScope(user, app.agencyId)))
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no application with id ${id}`,
      });
    return app;
  }

  async get(user: StaffUser, id: string): Promise<ApplicationDetailDto> {
    // The application with its events and its notices in one prepared statement (issue 12): one round
    // trip, the events and notices as JSON arrays built by PostgreSQL in their order. Timestamps come as
    // JSON text and are read back into instants; dates stay 'YYYY-MM-DD' as everywhere.
    const [row] = await this.rows<
      ApplicationRecord & {
        events: Array<Omit<EventRow, 'occurredAt'> & { occurredAt: string }>;
        notices: Array<Omit<NoticeRow, 'created_at'> & { created_at: string }>;
      }
    >(APPLICATION_DETAIL, [id]);
    const { events: eventRows = [], notices: noticeRows = [], ...rest } = row ?? {};
    const found = row ? (rest as ApplicationRecord) : undefined;
    const events: EventRow[] = eventRows.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) }));
    const notices: NoticeRow[] = noticeRows.map((n) => ({ ...n, created_at: new Date(n.created_at) }));
    const a = await this.inScopeOr404(user, id, found);
    const actions = await this.openActions(user, a, a.state as unknown as ApplicationState | null);
    return {
      ...summary(a),
      applicantIdNumber: a.applicantIdNumber,
      applicantContact: a.applicantContact,
      submittedAt: a.submittedAt ? a.submittedAt.toISOString() : null,
      receiptEvidence: a.receiptEvidence,
      informationSought: a.informationSought,
      deliveryPreference: a.deliveryPreference,
      events: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        typeLabel:
          a.source === 'import' && (e.type === 'registered' || e.payload?.imported === true)
            ? `导入：${EVENT_TYPE_LABELS[e.type as ApplicationEventType] ?? e.type}（历史数据）`
            : (EVENT_TYPE_LABELS[e.type as ApplicationEventType] ?? e.type),
        businessDate: e.businessDate,
        actor: e.actor,
        payload: e.payload,
        occurredAt: e.occurredAt.toISOString(),
      })),
      notices: notices.map(noticeSummary),
      actions,
    };
  }

  /** The actions the user may take now (libs/domain/staff-actions): none before the workflow records. */
  private async openActions(
    user: StaffUser,
    a: Pick<ApplicationRecord, 'id' | 'version' | 'agencyId'>,
    state: ApplicationState | null,
  ): Promise<OpenAction[]> {
    if (!state) return [];
    const { calendar, workingDays } = await this.calendars.current();
    const today = todayInChina();
    const actor = actorOf(user);
    // Issue 16: the agency's active departments (the routing form's choices) and the user's own.
    const [departmentRows, departmentIds] = await Promise.all([
      listDepartments(this.db, a.agencyId, false),
      departmentIdsOf(this.db, user.id),
    ]);
    const departments = departmentRows.map((d) => ({ code: d.id, label: d.name }));
    // The dry run is pure: the same recorded state, user, day, calendar and departments give the same
    // answer, so repeated reads of an application (a page reloaded, a list polled) reuse it.
    const key = [
      a.id,
      a.version,
      calendar.version,
      today,
      user.roles.join(','),
      actor,
      departments.map((d) => `${d.code}:${d.label}`).join(','),
      departmentIds.join(','),
    ].join('|');
    const known = this.openActionsCache.get(key);
    if (known) return known;
    const open = openActions(state, {
      roles: user.roles,
      actor,
      today,
      calendar: workingDays,
      departments,
      departmentIds,
    });
    if (this.openActionsCache.size >= OPEN_ACTIONS_CACHE_SIZE) {
      const oldest = this.openActionsCache.keys().next().value;
      if (oldest !== undefined) this.openActionsCache.delete(oldest);
    }
    this.openActionsCache.set(key, open);
    return open;
  }

  /** The open actions last computed, by application, version, calendar, day and user (oldest first). */
  private readonly openActionsCache = new Map<string, OpenAction[]>();

  /**
   * Performs a staff action as an Update of the application's workflow; answers once it is recorded.
   * The Update id is the request's Idempotency-Key scoped to the user (or a fresh one without a key),
   * so a retried request performs the action at most once and answers as the first did. The action is
   * stored before it is sent; if the workflow service does not perform it within OGI_ACTION_TIMEOUT_MS
   * the answer is 503 and the outbox sweeper keeps sending it until the workflow has performed or
   * refused it.
   */
  async act(
    user: StaffUser,
    id: string,
    action: StaffActionName,
    body: ActionBody,
    extra: { feeOrdinalInMonth?: number; departmentNames?: Record<string, string> } = {},
  ): Promise<ApplicationDetailDto> {
    // Who may perform it: the endpoint's @RequireAction, or the task's role (TASK_KIND_INFO: always one
    // of the action's roles) when a task is completed.
    const app = await this.find(user, id);
    const departments = await this.departmentCheck(user, app, action, body);
    // A repeated application's earlier application is checked against the records (from any route: the
    // endpoint, a task completed, a linked draft).
    const checked =
      action === 'draftDecision'
        ? await this.withEarlierApplication(user, id, body as DraftDecisionDto)
        : body;
    return this.answer(
      user,
      id,
      await this.perform(app, { key: user.id, actor: actorOf(user) }, action, checked, {
        ...extra,
        ...departments,
      }),
    );
  }

  /**
   * Issue 16: what the workflow cannot know about departments. Routing names active departments of the
   * application's agency (400 naming the field otherwise), whose names the command carries; a
   * department's step (签收, 退回, 协办意见) is taken by a member of that department (403 otherwise).
   * Whether the department is one routed, and the step fits, is the workflow's rule (`decide`).
   */
  private async departmentCheck(
    user: StaffUser,
    app: Pick<ApplicationRecord, 'agencyId'>,
    action: StaffActionName,
    body: ActionBody,
  ): Promise<{ departmentNames?: Record<string, string> }> {
    if (action === 'routeToDepartments') {
      const b = body as { leadDepartmentId?: string; contributingDepartmentIds?: string[] | null };
      const active = new Map(
        (await listDepartments(this.db, app.agencyId, false)).map((d) => [d.id, d.name] as const),
      );
      if (!b.leadDepartmentId || !active.has(b.leadDepartmentId)) {
        throw badRequest([
          { field: 'leadDepartmentId', reasons: ['not an active department of the application’s agency'] },
        ]);
      }
      const contributors = b.contributingDepartmentIds ?? [];
      const unknown = contributors.filter((d) => !active.has(d));
      if (unknown.length) {
        throw badRequest([
          {
            field: 'contributingDepartmentIds',
            reasons: [`not active departments of the application’s agency: ${unknown.join(', ')}`],
          },
        ]);
      }
      const chosen = [b.leadDepartmentId, ...contributors];
      return { departmentNames: Object.fromEntries(chosen.map((d) => [d, active.get(d)!])) };
    }
    if (action === 'signForRouting' || action === 'returnRouting' || action === 'recordContribution') {
      const departmentId = (body as { departmentId?: string }).departmentId;
      if (!departmentId || !(await isMember(this.db, user.id, departmentId))) {
        throw new ForbiddenError(
          'DEPARTMENT_MEMBER_REQUIRED',
          '只有该科室（departmentId）的成员才能以科室名义签收、退回或提供意见',
        );
      }
    }
    return {};
  }

  /**
   * Performs an action on the application for `who` (a staff user, or an applicant on the portal: `key`
   * scopes the request's Idempotency-Key, `actor` is what the workflow records) and answers its outcome.
   */
  async perform(
    app: Pick<ApplicationRecord, 'id' | 'workflowId' | 'status' | 'concludedOn'>,
    who: { key: string; actor: string },
    action: StaffActionName,
    body: ActionBody,
    extra: { feeOrdinalInMonth?: number; departmentNames?: Record<string, string> } = {},
  ): Promise<ActionOutcome> {
    const key = currentIdempotencyKey();
    const req: StaffActionRequest = {
      applicationId: app.id,
      workflowId: app.workflowId,
      updateId: key ? `${who.key}:${key}` : randomUUID(),
      action,
      command: { ...commandOf(action, body, extra), actor: who.actor },
    };
    if (key) {
      const before = await this.outbox.settled(app.id, req.updateId);
      if (before) return before;
    }
    if (CONCLUDED_STATUSES.includes(app.status as ApplicationStatus)) {
      // A retried request whose action concluded the application (a deliver) answers as the first did.
      const recovered = key ? await this.recoverClosed(req) : null;
      if (recovered) return recovered;
      throw new ConflictError(
        'APPLICATION_CONCLUDED',
        `申请已办结（${APPLICATION_STATUS_LABELS[app.status as ApplicationStatus]}${app.concludedOn ? `，${app.concludedOn}` : ''}），不能再办理`,
      );
    }
    await this.outbox.store(req);
    return this.outbox.perform(req);
  }

  /**
   * For a request retried with its Idempotency-Key whose action has already been performed or refused:
   * the same answer (the application, or the same 409). Null when there is nothing to repeat.
   */
  async repeatedAnswer(user: StaffUser, id: string): Promise<ApplicationDetailDto | null> {
    const key = currentIdempotencyKey();
    if (!key) return null;
    const before = await this.outbox.settled(id, `${user.id}:${key}`);
    return before ? this.answer(user, id, before) : null;
  }

  /** For a retried request, the outcome Temporal kept for its Update of the closed workflow, if any. */
  private async recoverClosed(req: StaffActionRequest): Promise<ActionOutcome | null> {
    try {
      return await this.outbox.recoverClosed(req);
    } catch (err) {
      this.logger.warn(`could not look up update ${req.updateId} of ${req.workflowId}: ${String(err)}`);
      return null;
    }
  }

  private async answer(user: StaffUser, id: string, outcome: ActionOutcome): Promise<ApplicationDetailDto> {
    this.performedOrThrow(id, outcome);
    return this.get(user, id);
  }

  /** Nothing when the action was performed; its refusal (409) or 503 while it is handed over. */
  performedOrThrow(id: string, outcome: ActionOutcome): void {
    if (outcome.kind === 'refused') throw outcome.error;
    if (outcome.kind === 'pending') {
      this.logger.warn(`application ${id}: action handed over, not performed yet: ${String(outcome.cause)}`);
      throw new ServiceUnavailableError(
        `the workflow service did not perform the action within ${this.config.actionTimeoutMs} ms (it is unavailable or busy). The action has been handed over and will be performed once the service is back; retry with the same Idempotency-Key to get its result.`,
        'ACTION_PENDING',
      );
    }
  }

  /**
   * 拟定答复. A repeated application (Art. 36(6)) names the earlier application: it must be an application
   * of the same agency and applicant, concluded with a reply (checked here against the records, 400 on
   * `earlierApplication` otherwise); the workflow records it by its case number.
   */
  async draftDecision(user: StaffUser, id: string, dto: DraftDecisionDto): Promise<ApplicationDetailDto> {
    return this.act(user, id, 'draftDecision', dto);
  }

  /** The draft with its earlier application checked and named by case number (other outcomes: as is). */
  async withEarlierApplication(
    user: StaffUser,
    id: string,
    dto: DraftDecisionDto,
  ): Promise<DraftDecisionDto> {
    if (dto.outcome !== 'not_processed.repeated_application' || !dto.earlierApplication?.trim()) return dto;
    const [current] = await applicationBriefs(this.db, [id]);
    await this.inScopeOr404(user, id, current as unknown as ApplicationRecord | undefined);
    const ref = dto.earlierApplication.trim();
    const earlier = isApplicationId(ref)
      ? ((await applicationBriefs(this.db, [ref]))[0] ?? null)
      : await applicationByCaseNumber(this.db, current.agencyId, ref);
    if (!earlier)
      throw badRequest([
        { field: 'earlierApplication', reasons: [`本机关没有受理编号或申请编号为“${ref}”的申请`] },
      ]);
    const problem = earlierApplicationProblem(current, earlier);
    if (problem)
      throw badRequest([{ field: 'earlierApplication', reasons: [`${earlier.caseNumber}：${problem}`] }]);
    return { ...dto, earlierApplication: earlier.caseNumber };
  }

  /**
   * A fee notice. Per application, the fee depends on this application's place among the same
   * applicant's applications received in that calendar month, which the system counts.
   */
  async issueFeeNotice(user: StaffUser, id: string, dto: IssueFeeNoticeDto): Promise<ApplicationDetailDto> {
    if (dto.method === 'per_page') return this.act(user, id, 'issueFeeNotice', dto);
    const app = await this.find(user, id);
    const ordinal = await ordinalInMonth(this.db, app);
    return this.act(user, id, 'issueFeeNotice', dto, { feeOrdinalInMonth: ordinal });
  }

  /** Every deadline of the application, computed from its recorded state and the current calendar. */
  async deadlines(user: StaffUser, id: string): Promise<DeadlinesDto> {
    const app = await this.find(user, id, { state: true });
    const { calendar, workingDays } = await this.calendars.current();
    const today = todayInChina();
    const state = (app.state ?? null) as unknown as ApplicationState | null;
    if (!state) {
      return { applicationId: id, calendarVersion: calendar.version, today, pending: true, reply: null };
    }
    const reply = replyDeadline(state, workingDays);
    const runs = replyClockRuns(state);
    const left = workingDays.workingDaysUntil(today, reply.due);
    const status = !runs
      ? state.conclusion
        ? 'concluded'
        : 'waiting_for_supplement'
      : isPaused(state)
        ? 'paused'
        : 'running';
    const statusText: Record<string, string> = {
      concluded: `申请已于 ${state.conclusion?.concludedOn} 办结`,
      waiting_for_supplement: '等待申请人补正：补正后答复期限自收到补正之日起重新计算',
      paused: '答复期限暂停计算中（征求意见或缴费期间不计入答复期限）',
      running: left >= 0 ? `距答复期限还有 ${left} 个工作日` : `已逾期 ${-left} 个工作日`,
    };
    const notice = supplementNoticeDeadline(state.receivedOn, workingDays);
    const month = app.receivedOn.slice(0, 7);
    const count = await applicantApplicationsInMonth(this.db, app);
    const applicantVolume = {
      month,
      count,
      explanation: `该申请人（${app.applicantIdNumber ? '按证件号码' : '按姓名或名称'}）${month.replace('-', '年')}月在本机关共提出 ${count} 件政府信息公开申请；数量、频次明显超过合理范围的，可以要求其说明理由（第三十五条）`,
    };
    return {
      applicationId: id,
      caseNumber: app.caseNumber,
      applicantVolume,
      calendarVersion: calendar.version,
      today,
      reply: {
        ...reply,
        status,
        statusText: statusText[status],
        workingDaysLeft: runs ? left : null,
        explanation: reply.steps.map((s) => s.text).join('\n'),
      },
      supplementNotice: {
        due: notice.due,
        open: !state.supplement && (state.status === 'registered' || state.status === 'under_review'),
        explanation: `自收到申请之日（${state.receivedOn}）起 7 个工作日内可一次性告知补正，截止 ${notice.due}${notice.provisional ? '（暂定）' : ''}`,
      },
      supplement: state.supplement
        ? {
            ...state.supplement,
            explanation: state.supplement.supplementedOn
              ? `${state.supplement.supplementedOn} 收到补正，答复期限自该日起重新计算`
              : `${state.supplement.requestedOn} 告知补正，补正期限 ${state.supplement.periodWorkingDays} 个工作日，至 ${state.supplement.dueOn}；逾期未补正视为放弃申请`,
          }
        : null,
      consultations: state.consultations.map((c) => ({
        ...c,
        explanation: `${CONSULTATION_KIND_LABELS[c.kind]}：${c.sentOn} 发出，答复期限 15 个工作日至 ${c.windowEnd}${
          c.reply
            ? `；${c.reply.on} ${c.reply.answer === 'no_answer' ? '期限届满未答复' : '收到意见'}`
            : '；尚未答复'
        }`,
      })),
      fee: state.fee
        ? {
            ...state.fee,
            explanation: `${state.fee.noticeOn} 发出收费通知（${state.fee.computation.amountYuan} 元），缴费期限 20 个工作日至 ${state.fee.windowEnd}${
              state.fee.paidOn ? `；${state.fee.paidOn} 已缴费` : '；逾期未缴费视为放弃申请'
            }`,
          }
        : null,
    };
  }

  private async connectedClient() {
    try {
      return await this.temporal.client();
    } catch (err) {
      this.logger.error(`Temporal unreachable: ${String(err)}`);
      throw new ServiceUnavailableError(
        'the workflow service (Temporal) is unreachable; nothing was changed, try again',
      );
    }
  }
}
