/**
 * The inbox's SQL (issue 12): filters, order, pages and counts done by PostgreSQL on the tasks table
 * alone (each active task carries its application's reply deadline and paused flag, kept in step by
 * triggers; migration 1764900000000), with the working-day thresholds turned into deadline dates by the
 * domain (`inboxDueBounds`). Framework-free: the tasks repository and the inbox bench share it.
 *
 * The order — most urgent first — is: running clocks before paused ones, then by reply deadline (the
 * order of working days left; no deadline last), then the oldest task, then the id; it is the order of
 * the partial indexes ix_tasks_inbox (per agency), ix_tasks_inbox_role (per role, unclaimed) and
 * ix_tasks_inbox_assignee (claimed, per assignee), so a page is an index scan and stops at its last row.
 */
import type { InboxDueBounds } from '../../../libs/domain/tasks';

export type InboxView = 'mine' | 'role' | 'agency' | 'department';

/** Who asks: the inbox is the user's agency's. */
export interface InboxScope {
  agencyId: string;
  userId: string;
  roles: readonly string[];
  /** Issue 16: the departments the user belongs to (their tasks are the department view). */
  departmentIds?: readonly string[];
}

export interface InboxFilters {
  view: InboxView;
  kind?: string;
  state?: 'open' | 'claimed';
  /** Only paused (true) or only running (false) clocks. */
  paused?: boolean;
  /** Only overdue tasks. */
  overdue?: boolean;
  /** Only tasks with at most this many working days left (bounds.dueWithinBefore). */
  dueWithin?: boolean;
}

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/** A task's row as the inbox shows it: the task, its application, its assignee and its review case. */
const TASK_COLUMNS = `t.id, t.application_id, t.agency_id, t.kind, t.role, t.state, t.assignee_id, t.completing,
       t.created_at, t.claimed_at, t.review_case_id, u.display_name AS assignee_name, a.case_number,
       a.applicant_name, a.status, a.reply_due_on::text AS reply_due_on, a.reply_due_provisional, a.paused,
       rc.kind AS review_case_kind, rc.filed_on::text AS review_case_filed_on, rc.body AS review_case_body,
       t.department_id, d.name AS department_name`;
const TASK_JOINS = `JOIN applications a ON a.id = t.application_id
  LEFT JOIN users u ON u.id = t.assignee_id
  LEFT JOIN review_cases rc ON rc.id = t.review_case_id
  LEFT JOIN departments d ON d.id = t.department_id`;

/** Tasks `t` as the inbox shows them; add a WHERE clause. */
export const SELECT_TASKS = `SELECT ${TASK_COLUMNS} FROM tasks t ${TASK_JOINS}`;

/** The inbox order over tasks `t` (see above). */
export const INBOX_ORDER = 't.paused, t.reply_due_on, t.created_at, t.id';

/** The WHERE clause of a view and its filters over tasks `t`, with its parameters. */
export function inboxConditions(scope: InboxScope, f: InboxFilters, bounds: InboxDueBounds): Statement {
  const parameters: unknown[] = [scope.agencyId];
  const p = (value: unknown) => `$${parameters.push(value)}`;
  const where = [`t.agency_id = $1`, `t.state <> 'done'`];
  if (f.view === 'mine') where.push(`t.state = 'claimed'`, `t.assignee_id = ${p(scope.userId)}`);
  // A department's task is its members', not the role's (issue 16).
  else if (f.view === 'role')
    where.push(`t.state = 'open'`, `t.role = ANY(${p([...scope.roles])}::text[])`, `t.department_id IS NULL`);
  else if (f.view === 'department')
    where.push(`t.department_id = ANY(${p([...(scope.departmentIds ?? [])])}::uuid[])`);
  if (f.kind) where.push(`t.kind = ${p(f.kind)}`);
  if (f.state) where.push(`t.state = ${p(f.state)}`);
  if (f.paused !== undefined) where.push(f.paused ? 't.paused' : 'NOT t.paused');
  // A task without a deadline is neither overdue nor due within N (a comparison with NULL is not true).
  if (f.overdue) where.push(`t.reply_due_on < ${p(bounds.overdueBefore)}::date`);
  if (f.dueWithin) {
    if (!bounds.dueWithinBefore) throw new Error('dueWithin needs bounds.dueWithinBefore');
    where.push(`t.reply_due_on < ${p(bounds.dueWithinBefore)}::date`);
  }
  return { sql: where.join(' AND '), parameters };
}

/**
 * One page in the inbox order, as SELECT_TASKS shows it. The page is chosen on indexed columns alone (a
 * deep page skips over index entries without visiting the table); only its rows are joined.
 */
export function inboxPageStatement(
  scope: InboxScope,
  f: InboxFilters,
  bounds: InboxDueBounds,
  page: number,
  pageSize: number,
): Statement {
  const c = inboxConditions(scope, f, bounds);
  const limit = c.parameters.push(pageSize);
  const offset = c.parameters.push((page - 1) * pageSize);
  return {
    sql: `SELECT ${TASK_COLUMNS}
            FROM (SELECT t.id, t.paused, t.reply_due_on, t.created_at FROM tasks t WHERE ${c.sql}
                   ORDER BY ${INBOX_ORDER} LIMIT $${limit} OFFSET $${offset}) p
            JOIN tasks t ON t.id = p.id
            ${TASK_JOINS}
           ORDER BY p.paused, p.reply_due_on, p.created_at, p.id`,
    parameters: c.parameters,
  };
}

/** How many tasks the view and its filters hold. */
export function inboxTotalStatement(scope: InboxScope, f: InboxFilters, bounds: InboxDueBounds): Statement {
  const c = inboxConditions(scope, f, bounds);
  return { sql: `SELECT count(*)::int AS total FROM tasks t WHERE ${c.sql}`, parameters: c.parameters };
}

/**
 * The console's badge counts in one pass over the agency's active tasks: mine (claimed by the user),
 * role (unclaimed, offered to the user's roles), agency (all), overdue, dueSoon (running, 0 to 3 working
 * days left) and paused.
 */
export function inboxCountsStatement(scope: InboxScope, bounds: InboxDueBounds): Statement {
  return {
    sql: `SELECT count(*) FILTER (WHERE t.state = 'claimed' AND t.assignee_id = $2)::int AS mine,
                 count(*) FILTER (WHERE t.state = 'open' AND t.role = ANY($3::text[])
                                    AND t.department_id IS NULL)::int AS role,
                 count(*)::int AS agency,
                 count(*) FILTER (WHERE t.reply_due_on < $4::date)::int AS overdue,
                 count(*) FILTER (WHERE NOT t.paused AND t.reply_due_on >= $4::date
                                    AND t.reply_due_on < $5::date)::int AS "dueSoon",
                 count(*) FILTER (WHERE t.paused)::int AS paused,
                 count(*) FILTER (WHERE t.department_id = ANY($6::uuid[]))::int AS department
            FROM tasks t WHERE t.agency_id = $1 AND t.state <> 'done'`,
    parameters: [
      scope.agencyId,
      scope.userId,
      [...scope.roles],
      bounds.overdueBefore,
      bounds.dueSoonBefore,
      [...(scope.departmentIds ?? [])],
    ],
  };
}

/**
 * Claims the most urgent unclaimed task with a running clock offered to one of the user's roles, in one
 * statement; a task someone else is taking at that moment is skipped. Answers the claimed task's id, or
 * no row.
 */
export function claimNextStatement(scope: InboxScope): Statement {
  return {
    sql: `WITH claimed AS (
            UPDATE tasks SET state = 'claimed', assignee_id = $2, claimed_at = now()
             WHERE id = (SELECT t.id FROM tasks t
                          WHERE t.agency_id = $1 AND t.state = 'open' AND t.role = ANY($3::text[])
                            AND t.department_id IS NULL AND NOT t.paused AND NOT t.completing
                          ORDER BY ${INBOX_ORDER} LIMIT 1 FOR UPDATE SKIP LOCKED)
               AND state = 'open' AND NOT completing
            RETURNING id)
          SELECT id FROM claimed`,
    parameters: [scope.agencyId, scope.userId, [...scope.roles]],
  };
}
