import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { APPLICATION_STATUS_LABELS } from '../../../../libs/domain/application';
import { TASK_KIND_INFO, type TaskKind, inboxDueBounds } from '../../../../libs/domain/tasks';
import type { WorkingDayCalendar } from '../../../../libs/domain/calendar';
import { ROLE_LABELS, WORK_MANAGER_ROLES, holdsAnyRole, managesWork } from '../../../../libs/domain/roles';
import type { StaffActionName } from '../../../../workflows/definitions';
import { ApplicationsService } from '../applications/applications.service';
import {
  AcceptDto,
  type ApplicationDetailDto,
  ApproveDecisionDto,
  DeliverDto,
  DraftDecisionDto,
  RecordConsultationReplyDto,
  RecordFeePaymentDto,
  RecordSupplementDto,
  RouteToDepartmentsDto,
  SignForRoutingDto,
  RecordContributionDto,
} from '../applications/application.dto';
import {
  departmentIdsOf,
  isMember,
  membersOf,
} from '../../../../platform/database/repositories/departments.repository';
import { CalendarService } from '../calendar/calendar.service';
import { ConflictError, ForbiddenError } from '../common/http-exception.filter';
import { badRequest, todayInChina } from '../common/validation';
import type { StaffUser } from '../auth/auth.types';
import type { AssigneeListDto, ListTasksQuery, TaskCountsDto, TaskDto, TaskPageDto } from './tasks.dto';
import { forbidden, roleNotAllowed } from '../auth/roles.guard';
import {
  INBOX_ORDER,
  SELECT_TASKS,
  type InboxScope,
  inboxConditions,
} from '../../../../platform/database/repositories/task-inbox';
import { rowsOf } from '../../../../platform/database/repositories/queryable';
import {
  EXPORT_MAX_ROWS,
  type ExportColumn,
  type ExportFormat,
  cursorRows,
  exportTooLarge,
  writeList,
} from '../exports/list-export';
import {
  type TaskRow,
  assignTask,
  claimNextTask,
  claimTask,
  clearCompleting,
  findTask,
  inboxCounts,
  inboxPage,
  releaseTask,
  takeForCompletion,
} from '../../../../platform/database/repositories/tasks.repository';
import {
  activeUserOfAgency,
  usersHoldingRole,
} from '../../../../platform/database/repositories/accounts.repository';
import { type PreparedRows, preparedQuery } from '../../../../platform/database/prepared';
import { RecordReviewResultDto, type ReviewCaseDto } from '../review-cases/review-case.dto';
import { ReviewCasesService } from '../review-cases/review-cases.service';
import { REVIEW_CASE_KIND_LABELS } from '../../../../libs/domain/review-cases';

/** The body each task kind's completion takes: the DTO of the action it performs. */
const COMPLETION_DTOS: Record<TaskKind, new () => object> = {
  accept: AcceptDto,
  draft_decision: DraftDecisionDto,
  approve_decision: ApproveDecisionDto,
  deliver: DeliverDto,
  record_supplement: RecordSupplementDto,
  handle_consultation_reply: RecordConsultationReplyDto,
  record_payment: RecordFeePaymentDto,
  // Completing a review case's task records its result (POST review-cases/{id}/result's body).
  review_case: RecordReviewResultDto,
  // Issue 16: departments.
  reroute: RouteToDepartmentsDto,
  department_sign: SignForRoutingDto,
  department_contribute: RecordContributionDto,
};

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly applications: ApplicationsService,
    private readonly calendars: CalendarService,
    private readonly reviewCases: ReviewCasesService,
  ) {
    this.rows = preparedQuery(db);
  }

  /** Rows of a statement prepared once per connection (platform/database/prepared). */
  private readonly rows: PreparedRows;

  /** The tasks as the API answers them, working days left counted from `today` on the calendar. */
  private static presentRows(rows: TaskRow[], workingDays: WorkingDayCalendar, today: string): TaskDto[] {
    return rows.map((r) => {
      const left = r.reply_due_on === null ? null : workingDays.workingDaysUntil(today, r.reply_due_on);
      return {
        id: r.id,
        kind: r.kind,
        kindLabel: TASK_KIND_INFO[r.kind].label,
        role: r.role,
        roleLabel: ROLE_LABELS[r.role],
        state: r.state,
        assignee: r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name } : null,
        createdAt: r.created_at.toISOString(),
        /** The reconsideration or litigation case a `review_case` task waits on. */
        reviewCase: r.review_case_id
          ? {
              id: r.review_case_id,
              kind: r.review_case_kind,
              kindLabel: r.review_case_kind ? REVIEW_CASE_KIND_LABELS[r.review_case_kind] : null,
              filedOn: r.review_case_filed_on,
              body: r.review_case_body,
            }
          : null,
        department: r.department_id ? { id: r.department_id, name: r.department_name } : null,
        application: {
          id: r.application_id,
          caseNumber: r.case_number,
          applicantName: r.applicant_name,
          status: r.status,
          statusLabel: APPLICATION_STATUS_LABELS[r.status],
          replyDueOn: r.reply_due_on,
          replyDueProvisional: r.reply_due_provisional,
          paused: r.paused,
          workingDaysLeft: left,
          overdue: left !== null && left < 0,
        },
      };
    });
  }

  private async present(rows: TaskRow[]): Promise<TaskDto[]> {
    const { workingDays } = await this.calendars.current();
    return TasksService.presentRows(rows, workingDays, todayInChina());
  }

  /** Who asks, with the departments they belong to (issue 16: the department view and its count). */
  private async scope(user: StaffUser): Promise<InboxScope> {
    return {
      agencyId: user.agencyId,
      userId: user.id,
      roles: user.roles,
      departmentIds: await departmentIdsOf(this.db, user.id),
    };
  }

  /**
   * A page of the inbox, most urgent first (running clocks by working days left — no deadline last —,
   * then paused ones; oldest task first among equals). PostgreSQL filters, orders, pages and counts; the
   * working-day filters are deadline ranges the domain computes from today on the effective calendar.
   */
  /** The inbox's view and filters of a query, with the deadline bounds of today. */
  private async inboxQuery(user: StaffUser, q: Omit<ListTasksQuery, 'page' | 'pageSize'>) {
    if (q.view === 'agency' && !managesWork(user.roles)) {
      throw forbidden(roleNotAllowed(WORK_MANAGER_ROLES, '查看全机关待办'));
    }
    const { workingDays } = await this.calendars.current();
    const today = todayInChina();
    const bounds = inboxDueBounds(workingDays, today, q.dueWithin ?? null);
    const filters = {
      view: q.view,
      kind: q.kind,
      state: q.state,
      paused: q.paused === undefined ? undefined : q.paused === 'true',
      overdue: q.overdue === 'true',
      dueWithin: q.dueWithin !== undefined,
    };
    return { workingDays, today, bounds, filters };
  }

  async list(user: StaffUser, q: ListTasksQuery): Promise<TaskPageDto> {
    const { workingDays, today, bounds, filters } = await this.inboxQuery(user, q);
    const { rows, total } = await inboxPage(
      this.rows,
      await this.scope(user),
      filters,
      bounds,
      q.page,
      q.pageSize,
    );
    return {
      items: TasksService.presentRows(rows, workingDays, today),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * The inbox's view with its filters (the overdue ones: `overdue=true`) as a spreadsheet or CSV, in the
   * inbox's order, Chinese headings (issue 16); at most EXPORT_MAX_ROWS rows.
   */
  async export(
    user: StaffUser,
    q: Omit<ListTasksQuery, 'page' | 'pageSize'>,
    format: ExportFormat,
  ): Promise<{ file: Buffer; rows: number }> {
    const { workingDays, today, bounds, filters } = await this.inboxQuery(user, q);
    const c = inboxConditions(await this.scope(user), filters, bounds);
    const [{ n }] = await rowsOf<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tasks t WHERE ${c.sql} LIMIT ${EXPORT_MAX_ROWS + 1}) m`,
      c.parameters,
    );
    if (n > EXPORT_MAX_ROWS) throw exportTooLarge();
    const columns: ExportColumn<TaskDto>[] = [
      { header: '案号', width: 18, value: (t) => t.application.caseNumber },
      { header: '申请人', width: 16, value: (t) => t.application.applicantName },
      { header: '待办事项', width: 16, value: (t) => t.kindLabel },
      { header: '办理角色', width: 10, value: (t) => t.roleLabel },
      { header: '待办状态', width: 10, value: (t) => (t.state === 'claimed' ? '已领取' : '待领取') },
      { header: '领取人', width: 12, value: (t) => t.assignee?.displayName ?? null },
      { header: '申请状态', width: 16, value: (t) => t.application.statusLabel },
      { header: '答复期限', width: 12, value: (t) => t.application.replyDueOn },
      { header: '剩余工作日', width: 10, value: (t) => t.application.workingDaysLeft },
      {
        header: '期限情况',
        width: 10,
        value: (t) => (t.application.paused ? '已暂停' : t.application.overdue ? '已超期' : ''),
      },
      { header: '待办生成时间', width: 20, value: (t) => t.createdAt.slice(0, 19).replace('T', ' ') },
    ];
    const rows = cursorRows<TaskRow>(
      this.db,
      `${SELECT_TASKS} WHERE ${c.sql} ORDER BY ${INBOX_ORDER}`,
      c.parameters,
    );
    async function* present(): AsyncGenerator<TaskDto[]> {
      for await (const batch of rows) yield TasksService.presentRows(batch, workingDays, today);
    }
    return writeList(format, '待办清单', columns, present());
  }

  /** Badge counts of the console's views, by one aggregate over the agency's active tasks. */
  async counts(user: StaffUser): Promise<TaskCountsDto> {
    const { workingDays } = await this.calendars.current();
    return inboxCounts(this.rows, await this.scope(user), inboxDueBounds(workingDays, todayInChina()));
  }

  private async task(user: StaffUser, id: string): Promise<TaskRow> {
    const row = await findTask(this.db, id, user.agencyId);
    if (!row)
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no task with id ${id}` });
    return row;
  }

  /**
   * A task is claimed and completed by someone holding its role (which is always one of its action's); a
   * department's task (issue 16) by a member of the department.
   */
  private async requireTaskRole(user: StaffUser, task: TaskRow): Promise<void> {
    if (task.department_id) {
      if (!(await isMember(this.db, user.id, task.department_id))) {
        throw new ForbiddenError(
          'DEPARTMENT_MEMBER_REQUIRED',
          `此待办由${task.department_name ?? '该科室'}的成员办理`,
        );
      }
      return;
    }
    if (!holdsAnyRole(user.roles, [task.role])) {
      throw new ForbiddenError('ROLE_NOT_ALLOWED', `此待办由${ROLE_LABELS[task.role]}办理`);
    }
  }

  async claim(user: StaffUser, id: string): Promise<TaskDto> {
    const task = await this.task(user, id);
    await this.requireTaskRole(user, task);
    if (!(await claimTask(this.db, id, user.id))) throw this.taken(task);
    return (await this.present([await this.task(user, id)]))[0];
  }

  async release(user: StaffUser, id: string): Promise<TaskDto> {
    const task = await this.task(user, id);
    const manager = managesWork(user.roles);
    if (!(await releaseTask(this.db, id, user.id, manager)))
      throw new ConflictError(
        'TASK_NOT_RELEASABLE',
        task.state === 'claimed' ? '只有领取人或审核人可以退回此待办' : '此待办未被领取',
      );
    return (await this.present([await this.task(user, id)]))[0];
  }

  /** Who the task may be assigned to: the agency's active users holding its role, by name. */
  async assignees(user: StaffUser, id: string): Promise<AssigneeListDto> {
    const task = await this.task(user, id);
    if (task.department_id) {
      // A department's task: the department's active members (issue 16).
      const members = await membersOf(this.db, [task.department_id]);
      return {
        items: members
          .filter((m) => m.active)
          .map((m) => ({ id: m.user_id, username: m.username, displayName: m.display_name })),
      };
    }
    const items = await usersHoldingRole(this.db, user.agencyId, task.role);
    return { items };
  }

  async assign(user: StaffUser, id: string, assigneeId: string): Promise<TaskDto> {
    const task = await this.task(user, id);
    const assignee = await activeUserOfAgency(this.db, assigneeId, user.agencyId);
    if (!assignee)
      throw badRequest([{ field: 'userId', reasons: ['no active user of your agency with this id'] }]);
    if (task.department_id) {
      if (!(await isMember(this.db, assigneeId, task.department_id)))
        throw badRequest([
          {
            field: 'userId',
            reasons: ['the user is not a member of the department this task is offered to'],
          },
        ]);
    } else if (!holdsAnyRole(assignee.roles, [task.role])) {
      throw badRequest([
        { field: 'userId', reasons: [`the user does not hold the role ${task.role} this task needs`] },
      ]);
    }
    if (!(await assignTask(this.db, id, assigneeId))) throw this.taken(task);
    return (await this.present([await this.task(user, id)]))[0];
  }

  /**
   * Claims the most urgent unclaimed task with a running clock offered to one of the user's roles (one
   * statement; a task someone else is taking at that moment is passed over).
   */
  async next(user: StaffUser): Promise<TaskDto> {
    const claimed = await claimNextTask(this.db, await this.scope(user));
    if (claimed) return (await this.present([await this.task(user, claimed)]))[0];
    throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: '没有待领取的待办' });
  }

  /**
   * Completes the task by performing its action. Exactly one of two people completing the same task at
   * once wins (the `completing` flag is taken atomically); the other gets 409. The task closes when the
   * workflow moves on (the recording activity closes it); when the application still waits on a task of
   * this kind afterwards (another consultation still unanswered), the recording activity opens it again
   * for anyone of its role.
   */
  async complete(
    user: StaffUser,
    id: string,
    body: Record<string, unknown>,
  ): Promise<ApplicationDetailDto | ReviewCaseDto> {
    const task = await this.task(user, id);
    await this.requireTaskRole(user, task);
    // A department's task (issue 16) acts for its department: the body may leave the department out.
    if (task.department_id && body && typeof body === 'object' && !Array.isArray(body)) {
      if (body.departmentId === undefined) body = { ...body, departmentId: task.department_id };
      else if (body.departmentId !== task.department_id)
        throw badRequest([
          {
            field: 'departmentId',
            reasons: ['must be the department this task is offered to (or left out)'],
          },
        ]);
    }
    const dto = plainToInstance(COMPLETION_DTOS[task.kind], body ?? {});
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: false,
    });
    if (errors.length) {
      throw badRequest(
        errors.map((e) => ({ field: e.property, reasons: Object.values(e.constraints ?? {}) })),
      );
    }
    // Retried with the same Idempotency-Key after its action was performed (the task is done by now).
    const repeated = await this.applications.repeatedAnswer(user, task.application_id);
    if (repeated) return repeated;
    if (!(await takeForCompletion(this.db, id, user.id))) throw this.taken(task);
    try {
      if (task.review_case_id) {
        // A review case's task: recording the result closes it (in the same transaction).
        return await this.reviewCases.recordResult(user, task.review_case_id, dto as RecordReviewResultDto);
      }
      const action = TASK_KIND_INFO[task.kind].action as StaffActionName;
      // The update answers once its transition is recorded; the recording activity has then closed the
      // task, or reopened it when the application still waits on its kind (two consultations, one answered).
      return await this.applications.act(user, task.application_id, action, dto as object);
    } catch (err) {
      await clearCompleting(this.db, id, user.id);
      throw err;
    }
  }

  private taken(task: TaskRow): ConflictError {
    if (task.state === 'done') return new ConflictError('TASK_DONE', '此待办已办结');
    return new ConflictError(
      'TASK_TAKEN',
      task.assignee_name ? `此待办已由${task.assignee_name}领取或正在办理` : '此待办正由他人办理',
    );
  }
}
