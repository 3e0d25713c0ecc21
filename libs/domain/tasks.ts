/**
 * The task inbox (待办): each state in which an application waits for staff offers a task to a role.
 * The tasks an application should have are a pure function of its state; the recording activity keeps
 * the task table in step with it after every transition.
 */
import { type ApplicationState, ROUTABLE_STATUSES, isConcluded, isPaused } from './application';
import type { WorkingDayCalendar } from './calendar';
import type { IsoDate } from './dates';
import type { Role } from './roles';
import type { ApplicationEventType, StaffCommand } from './application';

export const TASK_KINDS = [
  'accept',
  'draft_decision',
  'approve_decision',
  'deliver',
  'record_supplement',
  'handle_consultation_reply',
  'record_payment',
  // Issue 8: a reconsideration or litigation case awaiting its result, one task per case (review-cases.ts).
  'review_case',
  // Issue 16: departments. The router's task when the lead department sent the routing back (重新交办),
  // and a routed department's tasks (one per department): sign for it (签收), then contribute (协办意见).
  'reroute',
  'department_sign',
  'department_contribute',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface TaskKindInfo {
  label: string;
  role: Role;
  /**
   * The staff action that completes it (`recordReviewResult`: recording a review case's result, which
   * the review-cases service does itself, not the application's workflow).
   */
  action: StaffCommand['type'] | 'recordReviewResult';
  /**
   * The event that action records. When the application still waits on a task of the same kind after it
   * (two consultations open, one answered), the recording activity reopens the task instead of leaving it
   * marked as being completed.
   */
  event: ApplicationEventType | null;
  /** Issue 16: offered to a department's members (tasks.department_id), not to a role's holders. */
  department?: boolean;
}

export const TASK_KIND_INFO: Record<TaskKind, TaskKindInfo> = {
  accept: { label: '受理审查', role: 'handler', action: 'accept', event: 'accepted' },
  draft_decision: { label: '拟定答复', role: 'handler', action: 'draftDecision', event: 'decision_drafted' },
  approve_decision: {
    label: '审核答复',
    role: 'reviewer',
    action: 'approveDecision',
    event: 'decision_approved',
  },
  deliver: { label: '送达答复', role: 'registrar', action: 'deliver', event: 'decision_delivered' },
  record_supplement: {
    label: '登记补正',
    role: 'registrar',
    action: 'recordSupplement',
    event: 'supplement_received',
  },
  handle_consultation_reply: {
    label: '登记征求意见结果',
    role: 'handler',
    action: 'recordConsultationReply',
    event: 'consultation_answered',
  },
  record_payment: { label: '登记缴费', role: 'registrar', action: 'recordFeePayment', event: 'fee_paid' },
  review_case: {
    label: '登记复议或诉讼结果',
    role: 'reviewer',
    action: 'recordReviewResult',
    event: null,
  },
  reroute: {
    label: '重新交办（主办科室退回）',
    role: 'handler',
    action: 'routeToDepartments',
    event: 'routed_to_departments',
  },
  department_sign: {
    label: '签收交办',
    role: 'handler',
    action: 'signForRouting',
    event: 'routing_signed',
    department: true,
  },
  department_contribute: {
    label: '提供意见或材料',
    role: 'handler',
    action: 'recordContribution',
    event: 'department_contribution',
    department: true,
  },
};

export function isTaskKind(value: unknown): value is TaskKind {
  return typeof value === 'string' && (TASK_KINDS as readonly string[]).includes(value);
}

/** The tasks the application waits on now. */
export function tasksFor(state: ApplicationState): TaskKind[] {
  if (isConcluded(state)) return [];
  const kinds: TaskKind[] = [];
  switch (state.status) {
    case 'registered':
      kinds.push('accept');
      break;
    case 'under_review':
      if (!isPaused(state)) kinds.push('draft_decision');
      break;
    case 'supplement_requested':
      kinds.push('record_supplement');
      break;
    case 'decision_drafted':
      kinds.push('approve_decision');
      break;
    case 'decision_approved':
      kinds.push('deliver');
      break;
  }
  if (state.consultations.some((c) => !c.reply)) kinds.push('handle_consultation_reply');
  if (state.fee && !state.fee.paidOn) kinds.push('record_payment');
  const lead = state.routing?.departments.find((d) => d.role === 'lead');
  if (lead?.status === 'returned' && ROUTABLE_STATUSES.includes(state.status)) kinds.push('reroute');
  return kinds;
}

/** Issue 16: a task offered to a routed department's members. */
export interface DepartmentTask {
  kind: 'department_sign' | 'department_contribute';
  departmentId: string;
}

/**
 * The tasks the routed departments have now: signing for it (待签收), then their input (已签收, until a
 * first contribution). A department that sent it back or contributed has none; a concluded application
 * none at all.
 */
export function departmentTasksFor(state: ApplicationState): DepartmentTask[] {
  if (isConcluded(state) || !state.routing) return [];
  const tasks: DepartmentTask[] = [];
  for (const d of state.routing.departments) {
    if (d.status === 'routed') tasks.push({ kind: 'department_sign', departmentId: d.departmentId });
    else if (d.status === 'signed')
      tasks.push({ kind: 'department_contribute', departmentId: d.departmentId });
  }
  return tasks;
}

/** The task kinds whose completing action records an event of this type. */
export function taskKindsCompletedBy(eventType: string): TaskKind[] {
  return TASK_KINDS.filter((k) => TASK_KIND_INFO[k].event === eventType);
}

/** "Due soon" in the inbox's counts: a running clock with 0 to this many working days left. */
export const DUE_SOON_WORKING_DAYS = 3;

/**
 * The inbox's working-day filters as ranges of reply deadlines (`reply_due_on < bound`), counted on the
 * effective calendar from `today`: a task's working days left is `calendar.workingDaysUntil(today, due)`,
 * which is monotone in `due`, so each threshold on it is one date (see
 * `WorkingDayCalendar.firstDayWithWorkingDaysLeft`). A database answers these with an index range, and
 * orders by the deadline date in the order of working days left.
 */
export interface InboxDueBounds {
  /** Overdue (fewer than 0 working days left): a deadline before this day. */
  overdueBefore: IsoDate;
  /** Due soon (0 to DUE_SOON_WORKING_DAYS left): a deadline from `overdueBefore` up to before this day. */
  dueSoonBefore: IsoDate;
  /** `dueWithin` N (at most N working days left, overdue included): a deadline before this day. */
  dueWithinBefore: IsoDate | null;
}

export function inboxDueBounds(
  calendar: WorkingDayCalendar,
  today: IsoDate,
  dueWithin: number | null = null,
): InboxDueBounds {
  return {
    overdueBefore: calendar.firstDayWithWorkingDaysLeft(today, 0),
    dueSoonBefore: calendar.firstDayWithWorkingDaysLeft(today, DUE_SOON_WORKING_DAYS + 1),
    dueWithinBefore: dueWithin === null ? null : calendar.firstDayWithWorkingDaysLeft(today, dueWithin + 1),
  };
}
