/**
 * The task inbox (`tasks`): the recording activity keeps an application's tasks in step with its state,
 * a review case opens and closes its own, and staff claim, release, assign and complete them. Every
 * change of a task's hands is one conditional `UPDATE` (true when it applied), so of two people at once
 * exactly one proceeds. The inbox's pages and counts (task-inbox.ts) run as statements prepared once per
 * connection (platform/database/prepared.ts): they are a measured hot path.
 */
import type { ApplicationStatus } from '../../../libs/domain/application';
import type { ReviewCaseKind } from '../../../libs/domain/review-cases';
import type { Role } from '../../../libs/domain/roles';
import {
  type DepartmentTask,
  type InboxDueBounds,
  TASK_KIND_INFO,
  type TaskKind,
} from '../../../libs/domain/tasks';
import type { PreparedRows } from '../prepared';
import { type Queryable, rowsOf } from './queryable';
import {
  type InboxFilters,
  type InboxScope,
  SELECT_TASKS,
  claimNextStatement,
  inboxCountsStatement,
  inboxPageStatement,
  inboxTotalStatement,
} from './task-inbox';

/** A task as the inbox shows it: the task, its application, its assignee and its review case. */
export interface TaskRow {
  id: string;
  application_id: string;
  agency_id: string;
  kind: TaskKind;
  role: Role;
  state: 'open' | 'claimed' | 'done';
  assignee_id: string | null;
  assignee_name: string | null;
  completing: boolean;
  created_at: Date;
  claimed_at: Date | null;
  case_number: string;
  applicant_name: string;
  status: ApplicationStatus;
  reply_due_on: string | null;
  reply_due_provisional: boolean;
  paused: boolean;
  review_case_id: string | null;
  review_case_kind: ReviewCaseKind | null;
  review_case_filed_on: string | null;
  review_case_body: string | null;
  /** Issue 16: the department a department's task is offered to. */
  department_id: string | null;
  department_name: string | null;
}

/** The badge counts of the console's views. */
export interface TaskCounts {
  mine: number;
  role: number;
  agency: number;
  overdue: number;
  dueSoon: number;
  paused: number;
  /** Issue 16: active tasks of the user's departments. */
  department: number;
}

// ---- The inbox (prepared statements) ----

/** A page of the inbox in its order, and how many tasks the view and its filters hold (run side by side). */
export async function inboxPage(
  rows: PreparedRows,
  scope: InboxScope,
  filters: InboxFilters,
  bounds: InboxDueBounds,
  page: number,
  pageSize: number,
): Promise<{ rows: TaskRow[]; total: number }> {
  const pageStatement = inboxPageStatement(scope, filters, bounds, page, pageSize);
  const totalStatement = inboxTotalStatement(scope, filters, bounds);
  const [items, [count]] = await Promise.all([
    rows<TaskRow>(pageStatement.sql, pageStatement.parameters),
    rows<{ total: number }>(totalStatement.sql, totalStatement.parameters),
  ]);
  return { rows: items, total: count.total };
}

/** The badge counts over the agency's active tasks, in one aggregate. */
export async function inboxCounts(
  rows: PreparedRows,
  scope: InboxScope,
  bounds: InboxDueBounds,
): Promise<TaskCounts> {
  const statement = inboxCountsStatement(scope, bounds);
  const [counts] = await rows<TaskCounts>(statement.sql, statement.parameters);
  return counts;
}

// ---- One task ----

/** A task of the agency as the inbox shows it (undefined: none such). */
export async function findTask(db: Queryable, id: string, agencyId: string): Promise<TaskRow | undefined> {
  const [row] = await rowsOf<TaskRow>(db, `${SELECT_TASKS} WHERE t.id = $1 AND t.agency_id = $2`, [
    id,
    agencyId,
  ]);
  return row;
}

/** Claims an open task not being completed for `userId`; false when it is not open (any more). */
export async function claimTask(db: Queryable, id: string, userId: string): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `WITH c AS (UPDATE tasks SET state = 'claimed', assignee_id = $2, claimed_at = now()
                   WHERE id = $1 AND state = 'open' AND NOT completing RETURNING id) SELECT id FROM c`,
    [id, userId],
  );
  return rows.length > 0;
}

/**
 * Releases a claimed task not being completed, when `userId` holds it or `anyAssignee` (a work manager);
 * false otherwise.
 */
export async function releaseTask(
  db: Queryable,
  id: string,
  userId: string,
  anyAssignee: boolean,
): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `WITH r AS (UPDATE tasks SET state = 'open', assignee_id = NULL, claimed_at = NULL
                   WHERE id = $1 AND state = 'claimed' AND NOT completing AND (assignee_id = $2 OR $3) RETURNING id)
       SELECT id FROM r`,
    [id, userId, anyAssignee],
  );
  return rows.length > 0;
}

/** Gives an active task not being completed to `assigneeId`; false when it is done or being completed. */
export async function assignTask(db: Queryable, id: string, assigneeId: string): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `WITH a AS (UPDATE tasks SET state = 'claimed', assignee_id = $2, claimed_at = now()
                   WHERE id = $1 AND state <> 'done' AND NOT completing RETURNING id) SELECT id FROM a`,
    [id, assigneeId],
  );
  return rows.length > 0;
}

/**
 * Claims the most urgent unclaimed task with a running clock offered to one of the roles of the scope's
 * user, in one statement (a task someone else is taking at that moment is passed over): its id, or
 * undefined when there is none.
 */
export async function claimNextTask(db: Queryable, scope: InboxScope): Promise<string | undefined> {
  const statement = claimNextStatement(scope);
  const [claimed] = await rowsOf<{ id: string }>(db, statement.sql, statement.parameters);
  return claimed?.id;
}

/**
 * Takes the task's `completing` flag for `userId` (claiming it if open); false when someone else holds
 * it or is completing it.
 */
export async function takeForCompletion(db: Queryable, id: string, userId: string): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `WITH c AS (UPDATE tasks SET completing = true, state = 'claimed', assignee_id = $2, claimed_at = coalesce(claimed_at, now())
                   WHERE id = $1 AND NOT completing AND (state = 'open' OR (state = 'claimed' AND assignee_id = $2))
                   RETURNING id) SELECT id FROM c`,
    [id, userId],
  );
  return rows.length > 0;
}

/** Gives the `completing` flag back after the action was refused (the task stays `userId`'s). */
export async function clearCompleting(db: Queryable, id: string, userId: string): Promise<void> {
  await db.query(
    `UPDATE tasks SET completing = false WHERE id = $1 AND state <> 'done' AND assignee_id = $2`,
    [id, userId],
  );
}

// ---- Following the application ----

/** A recorded transition's effect on its application's tasks. */
export interface TaskStep {
  applicationId: string;
  agencyId: string;
  /** The transition's seq. */
  seq: number;
  /** The kinds of task the application waits on after it (`tasksFor`). */
  kinds: readonly TaskKind[];
  /** Of those, the kinds the transition's action completed (their tasks are opened again). */
  reopened: readonly TaskKind[];
  /** Issue 16: the routed departments' tasks after it (`departmentTasksFor`). */
  departmentTasks?: readonly DepartmentTask[];
}

/**
 * Keeps an application's tasks in step with its newest state: closes what it no longer waits on, opens
 * what it does (one active task per kind), and reopens a task whose kind survives the action that
 * completed it (two consultations open, one answered), unassigned and no longer being completed. A
 * review case's task is the review case's own and is left alone.
 */
export async function followApplicationState(db: Queryable, s: TaskStep): Promise<void> {
  const kinds = [...s.kinds];
  await db.query(
    `UPDATE tasks SET state = 'done', completing = false, closed_seq = $2, closed_at = now()
              WHERE application_id = $1 AND state <> 'done' AND kind <> ALL($3::text[])
                AND review_case_id IS NULL AND department_id IS NULL`,
    [s.applicationId, s.seq, kinds],
  );
  await db.query(
    `INSERT INTO tasks (application_id, agency_id, kind, role, opened_seq)
             SELECT $1, $2, k.kind, k.role, $3 FROM unnest($4::text[], $5::text[]) AS k(kind, role)
             ON CONFLICT (application_id, kind)
               WHERE state <> 'done' AND review_case_id IS NULL AND department_id IS NULL DO NOTHING`,
    [s.applicationId, s.agencyId, s.seq, kinds, kinds.map((k) => TASK_KIND_INFO[k].role)],
  );
  // Issue 16: the routed departments' tasks, one per application, kind and department.
  const deptKinds = (s.departmentTasks ?? []).map((t) => t.kind);
  const deptIds = (s.departmentTasks ?? []).map((t) => t.departmentId);
  await db.query(
    `UPDATE tasks SET state = 'done', completing = false, closed_seq = $2, closed_at = now()
              WHERE application_id = $1 AND state <> 'done' AND department_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::uuid[]) AS k(kind, department_id)
                                 WHERE k.kind = tasks.kind AND k.department_id = tasks.department_id)`,
    [s.applicationId, s.seq, deptKinds, deptIds],
  );
  if (deptKinds.length) {
    await db.query(
      `INSERT INTO tasks (application_id, agency_id, kind, role, opened_seq, department_id)
               SELECT $1, $2, k.kind, k.role, $3, k.department_id
                 FROM unnest($4::text[], $5::text[], $6::uuid[]) AS k(kind, role, department_id)
               ON CONFLICT (application_id, kind, department_id)
                 WHERE state <> 'done' AND department_id IS NOT NULL DO NOTHING`,
      [s.applicationId, s.agencyId, s.seq, deptKinds, deptKinds.map((k) => TASK_KIND_INFO[k].role), deptIds],
    );
  }
  if (s.reopened.length) {
    await db.query(
      `UPDATE tasks SET completing = false, state = 'open', assignee_id = NULL, claimed_at = NULL
                WHERE application_id = $1 AND state <> 'done' AND completing AND kind = ANY($2::text[])
                  AND review_case_id IS NULL AND department_id IS NULL`,
      [s.applicationId, [...s.reopened]],
    );
  }
}

// ---- A review case's task ----

/** Opens the reviewers' task of a review case (at the application's version `seq`). */
export async function openReviewCaseTask(
  db: Queryable,
  t: { applicationId: string; agencyId: string; seq: number; reviewCaseId: string },
): Promise<void> {
  await db.query(
    `INSERT INTO tasks (application_id, agency_id, kind, role, opened_seq, review_case_id)
         VALUES ($1, $2, 'review_case', 'reviewer', $3, $4)`,
    [t.applicationId, t.agencyId, t.seq, t.reviewCaseId],
  );
}

/** Closes a review case's task once its result is recorded (at the application's version `seq`). */
export async function closeReviewCaseTask(db: Queryable, reviewCaseId: string, seq: number): Promise<void> {
  await db.query(
    `UPDATE tasks SET state = 'done', completing = false, closed_seq = $2, closed_at = now()
          WHERE review_case_id = $1 AND state <> 'done'`,
    [reviewCaseId, seq],
  );
}
