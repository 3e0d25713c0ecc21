/**
 * The application state machine (依申请公开办理流程), as a pure function: given the current state and a
 * command, either the event it produces and the next state, or the rule it breaks.
 *
 * The Temporal workflow calls `decide` twice per staff action: in the update's validator (a rejection
 * writes nothing to history) and in the handler (which applies the event). Dates are business dates
 * supplied by staff (RULES.md §1–3, §7).
 */
import { type IsoDate, addDays, isIsoDate, yearOf } from './dates';
import { LATEST_DEADLINE, businessDateProblem, deadlineDateProblem, firstTextProblem } from './input';
import { type ApplicantType } from './applicant';
import { type ReceiptChannel } from './channel';
import { type OutcomeCode, DRAFTABLE_OUTCOMES, OUTCOME_LABELS, isOutcomeCode } from './outcome';
import { type WorkingDayCalendar } from './calendar';
import {
  type ClockEntry,
  type ReplyDeadline,
  MAX_EXTENSION_WORKING_DAYS,
  computeReplyDeadline,
  workingDaysTaken,
  consultationWindowEnd,
  feePaymentWindowEnd,
  supplementNoticeDeadline,
  SUPPLEMENT_NOTICE_WORKING_DAYS,
} from './clock';
import { type FeeComputation, computeFee } from './fees';
import { type EarlierReply, isApplicationReference } from './related';

export const APPLICATION_STATUSES = [
  'registered',
  'under_review',
  'supplement_requested',
  'decision_drafted',
  'decision_approved',
  'delivered',
  'abandoned',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  registered: '已登记',
  under_review: '办理中',
  supplement_requested: '待补正',
  decision_drafted: '答复待审核',
  decision_approved: '答复已批准，待送达',
  delivered: '已送达（办结）',
  abandoned: '视为放弃申请（办结）',
  withdrawn: '申请人撤回（办结）',
};

export const CONCLUDED_STATUSES: readonly ApplicationStatus[] = ['delivered', 'abandoned', 'withdrawn'];

/**
 * The rules a case follows, fixed when its workflow starts (a running case keeps the rules it began
 * with, so replaying its history never changes what it did):
 * 1. as first built;
 * 2. from 2026-11 (issue 7): every text and date checked in `decide`; a past year the calendar lacks is
 *    refused; an Art. 35 deadline is a new base; a consultation's window counts from the consulted
 *    party's receipt; a supplement's restart voids an earlier extension and Art. 35 deadline; the drafter
 *    of a decision cannot approve it; disclosing after a third party objected needs a public-interest
 *    ground and a written notice to the third party; an in-time answer entered after the window's lapse
 *    replaces the lapse; supplement and fee periods lapse after a grace for late entries; working days
 *    taken exclude every paused day;
 * 3. from 2026-11 (issue 16): not processing a repeated application (Art. 36(6)) names the earlier
 *    application, its reply, and why the facts and reasons are unchanged.
 */
export const CURRENT_RULES = 3;

/**
 * Working days after a supplement or fee period ends during which an in-time supplement or payment can
 * still be entered before the case is concluded as abandoned (rules 2). The conclusion keeps its legal
 * date, the day after the period.
 */
export const LATE_ENTRY_GRACE_WORKING_DAYS = 3;

/** The law's default numbers (RULES.md §3); staff may set another supplement period. */
export const DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS = 15;
export const MAX_SUPPLEMENT_PERIOD_WORKING_DAYS = 60;

export const DELIVERY_METHODS = ['collect_in_person', 'post', 'email', 'online_platform', 'fax'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  collect_in_person: '当面领取',
  post: '邮寄',
  email: '电子邮件',
  online_platform: '在线平台',
  fax: '传真',
};

/** What registration records: the applicant and the receipt (收到申请). */
export interface Registration {
  applicationId: string;
  agencyId: string;
  caseNumber: string;
  applicantName: string;
  applicantType: ApplicantType;
  applicantIdNumber: string | null;
  applicantContact: string | null;
  channel: ReceiptChannel;
  receivedOn: IsoDate;
  /** The submission instant (online platform, e-mail, fax), kept apart from the receipt date. */
  submittedAt: string | null;
  receiptEvidence: string | null;
  informationSought: string;
  deliveryPreference: string | null;
}

export interface SupplementRequest {
  requestedOn: IsoDate;
  periodWorkingDays: number;
  /** The last day on which the supplement may arrive. */
  dueOn: IsoDate;
  whatIsNeeded: string;
  supplementedOn: IsoDate | null;
}

export interface DecisionDraft {
  outcome: OutcomeCode;
  legalGround: string;
  notes: string | null;
  approved: boolean;
  /** Who drafted it (rules 2: that person cannot approve it). */
  draftedBy?: string | null;
  /** Art. 32: why withholding would seriously harm the public interest, when a third party objected. */
  publicInterestGround?: string | null;
  /** Art. 36(6) (rules 3): the earlier application and reply a repeated application repeats. */
  repeated?: EarlierReply | null;
}

export interface Conclusion {
  outcome: OutcomeCode;
  concludedOn: IsoDate;
  /** For a decision delivered: its deadline and whether it was met. */
  timeliness?: Timeliness | null;
}

export const CONSULTATION_KINDS = ['third_party', 'other_agency'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];
export const CONSULTATION_KIND_LABELS: Record<ConsultationKind, string> = {
  third_party: '征求第三方意见（第三十二条）',
  other_agency: '征求其他机关意见（第三十四条）',
};
export const CONSULTATION_ANSWERS = ['agree', 'object'] as const;
export type ConsultationAnswer = (typeof CONSULTATION_ANSWERS)[number] | 'no_answer';

/** A consultation (征求意见): the reply clock pauses from the day it is sent until the answer or the window's end. */
export interface Consultation {
  ref: string;
  kind: ConsultationKind;
  party: string;
  sentOn: IsoDate;
  /** The day the consulted party received the request; its 15 working days count from it (rules 2). */
  receivedOn?: IsoDate;
  /** The last day of the 15-working-day window. */
  windowEnd: IsoDate;
  reply: { on: IsoDate; answer: ConsultationAnswer; reasons: string | null } | null;
}

export type FeeInput =
  { method: 'per_application'; ordinalInMonth: number } | { method: 'per_page'; pages: number };

/** A fee notice (收费通知): the clock pauses until payment, for at most 20 working days. */
export interface FeeNotice {
  noticeOn: IsoDate;
  computation: FeeComputation;
  windowEnd: IsoDate;
  paidOn: IsoDate | null;
}

export interface Extension {
  approvedOn: IsoDate;
  workingDays: number;
  approvedBy: string;
  reason: string;
}

/** Art. 35: reasons asked of an applicant whose applications clearly exceed a reasonable range. */
export interface ExcessiveApplications {
  reasonsRequestedOn: IsoDate;
  laterDeadline: { due: IsoDate; reason: string } | null;
}

/** Whether a conclusion by a decision met its reply deadline. */
export interface Timeliness {
  dueOn: IsoDate;
  onTime: boolean;
  workingDaysTaken: number;
}

/** Fee charging under the 2020 measures started on this day. */
export const FEE_CHARGING_STARTED_ON = '2021-01-01';

export interface ApplicationState {
  /** The rules the case follows (see CURRENT_RULES); absent in cases begun before rules 2. */
  rules?: number;
  status: ApplicationStatus;
  receivedOn: IsoDate;
  /** The day the reply clock (last) started: receipt, or the supplemented application's arrival. */
  clockStartedOn: IsoDate;
  /** The latest business date recorded so far: later events may not predate it. */
  lastBusinessDate: IsoDate;
  supplement: SupplementRequest | null;
  decision: DecisionDraft | null;
  conclusion: Conclusion | null;
  /** The reply clock's ledger: start, restart, pauses, extension, later deadline (append-only). */
  ledger: ClockEntry[];
  consultations: Consultation[];
  extension: Extension | null;
  fee: FeeNotice | null;
  excessive: ExcessiveApplications | null;
  /** Years whose carry-over (年度结转) the case has recorded (absent: none yet). */
  carriedOver?: number[];
  /** The last reopening after a reviewing body corrected the decision (absent before the first). */
  reopened?: Reopening | null;
  /** Issue 16: the routing to the agency's departments (交办/分办); absent before the first. */
  routing?: Routing | null;
}

/** A department's part in a routing: the lead (主办) or a contributing department (协办). */
export const ROUTING_ROLES = ['lead', 'contributor'] as const;
export type RoutingRole = (typeof ROUTING_ROLES)[number];
export const ROUTING_ROLE_LABELS: Record<RoutingRole, string> = { lead: '主办', contributor: '协办' };

/** Where a routed department stands: routed (待签收), signed (已签收), returned (已退回), contributed. */
export const ROUTED_DEPARTMENT_STATUSES = ['routed', 'signed', 'returned', 'contributed'] as const;
export type RoutedDepartmentStatus = (typeof ROUTED_DEPARTMENT_STATUSES)[number];
export const ROUTED_DEPARTMENT_STATUS_LABELS: Record<RoutedDepartmentStatus, string> = {
  routed: '待签收',
  signed: '已签收',
  returned: '已退回',
  contributed: '已提供意见',
};

export interface RoutedDepartment {
  departmentId: string;
  /** The department's name when routed (for the timeline and the inbox). */
  name: string;
  role: RoutingRole;
  status: RoutedDepartmentStatus;
  signedBy: string | null;
  returnReason: string | null;
  /** How many contributions (意见/材料) it recorded. */
  contributions: number;
}

/**
 * Issue 16: the application routed to departments of the agency (交办): one lead (主办) and any
 * contributing ones (协办), with an optional due date for their input (never after the reply deadline,
 * which stays the application's one deadline). None of it touches the reply clock or the report.
 */
export interface Routing {
  /** 1 for the first routing, 2 after re-routing, … */
  round: number;
  routedBy: string | null;
  routedOn: IsoDate;
  note: string | null;
  inputDueOn: IsoDate | null;
  departments: RoutedDepartment[];
}

/** How many contributing departments one routing may name. */
export const MAX_CONTRIBUTING_DEPARTMENTS = 20;

/** The statuses in which an application may be routed (while it is being handled). */
export const ROUTABLE_STATUSES: readonly ApplicationStatus[] = ['registered', 'under_review'];

/** A concluded application reopened for a new decision (RULES.md §9): what reopened it and when. */
export interface Reopening {
  reviewCaseId: string;
  reopenedOn: IsoDate;
  /** The reply deadline the reviewing body set, or null for a fresh statutory period. */
  replyDueOn: IsoDate | null;
  /** The conclusion the reviewing body corrected. */
  previousConclusion: Conclusion | null;
}

export type StaffCommand =
  | { type: 'accept'; actor?: string | null }
  | {
      type: 'requestSupplement';
      requestedOn: IsoDate;
      periodWorkingDays: number;
      whatIsNeeded: string;
      actor?: string | null;
    }
  | { type: 'recordSupplement'; supplementedOn: IsoDate; note?: string | null; actor?: string | null }
  | {
      type: 'draftDecision';
      outcome: OutcomeCode;
      legalGround: string;
      notes?: string | null;
      publicInterestGround?: string | null;
      /** Art. 36(6): the earlier application (case number) a repeated application repeats. */
      earlierApplication?: string | null;
      /** Art. 36(6): the earlier reply (reference and date). */
      earlierReply?: string | null;
      /** Art. 36(6): 事实和理由未发生变化的说明. */
      factsUnchanged?: string | null;
      actor?: string | null;
    }
  | { type: 'returnDecision'; reason: string; actor?: string | null }
  | { type: 'approveDecision'; note?: string | null; actor?: string | null }
  | {
      type: 'deliver';
      deliveredOn: IsoDate;
      deliveryMethod: DeliveryMethod;
      /** Art. 32: the day the written notice of disclosure went to the objecting third party. */
      thirdPartyNotifiedOn?: IsoDate | null;
      actor?: string | null;
    }
  | { type: 'withdraw'; withdrawnOn: IsoDate; reason?: string | null; actor?: string | null }
  | {
      type: 'startConsultation';
      kind: ConsultationKind;
      party: string;
      sentOn: IsoDate;
      /** The consulted party's receipt of the request (default: the day sent). */
      receivedOn?: IsoDate | null;
      actor?: string | null;
    }
  | {
      type: 'recordConsultationReply';
      ref: string;
      repliedOn: IsoDate;
      answer: (typeof CONSULTATION_ANSWERS)[number];
      reasons?: string | null;
      actor?: string | null;
    }
  | {
      type: 'approveExtension';
      approvedOn: IsoDate;
      workingDays: number;
      reason: string;
      actor?: string | null;
    }
  | { type: 'issueFeeNotice'; noticeOn: IsoDate; fee: FeeInput; actor?: string | null }
  | { type: 'recordFeePayment'; paidOn: IsoDate; note?: string | null; actor?: string | null }
  | { type: 'requestReasons'; requestedOn: IsoDate; note?: string | null; actor?: string | null }
  | { type: 'setLaterDeadline'; setOn: IsoDate; due: IsoDate; reason: string; actor?: string | null }
  /** Issue 16: route to a lead department and optional contributing ones (交办/分办). */
  | {
      type: 'routeToDepartments';
      leadDepartmentId: string;
      contributingDepartmentIds?: string[] | null;
      note?: string | null;
      /** The due date of the departments' input: not after the reply deadline. */
      inputDueOn?: IsoDate | null;
      /** The departments' names, by id (the API adds them; the domain records them with the routing). */
      departmentNames?: Record<string, string> | null;
      actor?: string | null;
    }
  | { type: 'signForRouting'; departmentId: string; note?: string | null; actor?: string | null }
  | { type: 'returnRouting'; departmentId: string; reason: string; actor?: string | null }
  | { type: 'recordContribution'; departmentId: string; text: string; actor?: string | null };

/** Commands the workflow issues itself when a legal period lapses. */
export type SystemCommand =
  | { type: 'lapseSupplement' }
  | { type: 'lapseConsultation'; ref: string }
  | { type: 'lapseFeePayment' }
  /** Year end (年度结转): the case was open on 31 December of `year` and goes on into the next year. */
  | { type: 'carryOver'; year: number };

/**
 * A reviewing body (复议机关, 法院) corrected the decision: the concluded application is answered anew
 * (RULES.md §9). Issued by the workflow from its input when the API starts a new run for it.
 */
export interface ReopenCommand {
  type: 'reopen';
  reviewCaseId: string;
  /** The kind of case (review-cases.ts), for the record. */
  reviewCaseKind?: string | null;
  /** The day the agency received the reviewing body's decision: the new clock starts from it. */
  reopenedOn: IsoDate;
  /** A reply deadline the reviewing body set; without one a fresh 20-working-day period runs. */
  replyDueOn?: IsoDate | null;
  actor?: string | null;
}

export type Command = StaffCommand | SystemCommand | ReopenCommand;
/** The system commands a lapsing period issues. */
export type LapseCommand = Exclude<SystemCommand, { type: 'carryOver' }>;
export type CommandType = Command['type'];

export const EVENT_TYPES = [
  'registered',
  'accepted',
  'supplement_requested',
  'supplement_received',
  'supplement_lapsed',
  'decision_drafted',
  'decision_returned',
  'decision_approved',
  'decision_delivered',
  'withdrawn',
  'consultation_started',
  'consultation_answered',
  'consultation_lapsed',
  'extension_approved',
  'fee_notice_issued',
  'fee_paid',
  'fee_payment_lapsed',
  'reasons_requested',
  'later_deadline_set',
  'deadline_recomputed',
  'carried_over',
  'reopened',
  /** Issue 11: a past application's conclusion brought in by the legacy import (no workflow ran it). */
  'imported',
  /** Issue 16: routing to departments (交办), signing (签收), sending back (退回), contributions (协办意见). */
  'routed_to_departments',
  'routing_signed',
  'routing_returned',
  'department_contribution',
] as const;
export type ApplicationEventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<ApplicationEventType, string> = {
  registered: '登记收到申请',
  accepted: '开始办理',
  supplement_requested: '告知补正',
  supplement_received: '收到补正申请（重新计算答复期限）',
  supplement_lapsed: '补正期限届满未补正，视为放弃申请',
  decision_drafted: '拟定答复',
  decision_returned: '答复退回修改',
  decision_approved: '审核通过答复',
  decision_delivered: '送达答复（办结）',
  withdrawn: '申请人撤回申请（办结）',
  consultation_started: '征求意见（答复期限暂停计算）',
  consultation_answered: '收到意见（答复期限恢复计算）',
  consultation_lapsed: '征求意见期限届满未答复（答复期限恢复计算）',
  extension_approved: '批准延长答复期限',
  fee_notice_issued: '发出收费通知（答复期限暂停计算）',
  fee_paid: '申请人缴纳费用（答复期限恢复计算）',
  fee_payment_lapsed: '逾期未缴纳费用，视为放弃申请',
  reasons_requested: '要求申请人说明理由（第三十五条）',
  later_deadline_set: '确定延后答复期限（第三十五条）',
  deadline_recomputed: '节假日安排更新，重新计算期限',
  carried_over: '年度结转（上年度未办结，结转下年度办理）',
  reopened: '复议或诉讼决定纠正，重新办理（答复期限重新起算）',
  imported: '导入：历史数据（已办结）',
  routed_to_departments: '交办承办科室',
  routing_signed: '承办科室签收',
  routing_returned: '承办科室退回',
  department_contribution: '科室提供意见或材料',
};

/** A transition, before it gets its sequence number and is recorded. */
export interface ApplicationEvent {
  type: ApplicationEventType;
  /** The business date the event happened on (staff-supplied or derived), or null for internal steps. */
  businessDate: IsoDate | null;
  actor: string | null;
  payload: Record<string, unknown>;
}

/** Why a command is refused: a stable code for programs and a reason in Chinese for staff. */
export interface RuleViolation {
  code: string;
  message: string;
}

export type Decision =
  { ok: true; event: ApplicationEvent; next: ApplicationState } | { ok: false; violation: RuleViolation };

export interface DecisionContext {
  /** Today in China Standard Time: no business date may lie after it. */
  today: IsoDate;
  calendar: WorkingDayCalendar;
}

export function initialState(
  registration: Pick<Registration, 'receivedOn'>,
  rules: number = CURRENT_RULES,
): ApplicationState {
  return {
    ...(rules >= 2 ? { rules } : {}),
    status: 'registered',
    receivedOn: registration.receivedOn,
    clockStartedOn: registration.receivedOn,
    lastBusinessDate: registration.receivedOn,
    supplement: null,
    decision: null,
    conclusion: null,
    ledger: [{ kind: 'start', on: registration.receivedOn }],
    consultations: [],
    extension: null,
    fee: null,
    excessive: null,
  };
}

/** The reply deadline (答复期限) of the application as it stands, with its derivation. */
export function replyDeadline(state: ApplicationState, calendar: WorkingDayCalendar): ReplyDeadline {
  return computeReplyDeadline(state.ledger, calendar);
}

/** Whether the reply clock is paused (an open consultation or an unpaid fee notice). */
export function isPaused(state: ApplicationState): boolean {
  return state.consultations.some((c) => !c.reply) || (state.fee !== null && state.fee.paidOn === null);
}

/** Whether the reply clock runs towards a deadline staff must meet (not waiting for a supplement, not concluded). */
export function replyClockRuns(state: ApplicationState): boolean {
  return !isConcluded(state) && state.status !== 'supplement_requested';
}

/** Periods that end the application's waiting by themselves, with the last day of each. */
export function pendingLapses(state: ApplicationState): Array<{ lastDay: IsoDate; command: LapseCommand }> {
  if (isConcluded(state)) return [];
  const out: Array<{ lastDay: IsoDate; command: LapseCommand }> = [];
  if (state.status === 'supplement_requested' && state.supplement) {
    out.push({ lastDay: state.supplement.dueOn, command: { type: 'lapseSupplement' } });
  }
  for (const c of state.consultations) {
    if (!c.reply) out.push({ lastDay: c.windowEnd, command: { type: 'lapseConsultation', ref: c.ref } });
  }
  if (state.fee && !state.fee.paidOn)
    out.push({ lastDay: state.fee.windowEnd, command: { type: 'lapseFeePayment' } });
  return out.sort((a, b) => (a.lastDay < b.lastDay ? -1 : a.lastDay > b.lastDay ? 1 : 0));
}

/** Art. 32: a third party consulted has objected to disclosure. */
export function thirdPartyObjected(state: ApplicationState): boolean {
  return state.consultations.some((c) => c.kind === 'third_party' && c.reply?.answer === 'object');
}

/**
 * When each pending lapse concludes: at the end of its last day, or (rules 2) for a supplement or fee
 * period, at the end of the grace for late entries after it. `lastDay` stays the legal end.
 */
export function lapseSchedule(
  state: ApplicationState,
  calendar: WorkingDayCalendar,
): Array<{ lastDay: IsoDate; firesAfter: IsoDate; command: LapseCommand }> {
  const grace = rulesOf(state) >= 2 ? LATE_ENTRY_GRACE_WORKING_DAYS : 0;
  return pendingLapses(state)
    .map((l) => ({
      ...l,
      firesAfter:
        grace > 0 && l.command.type !== 'lapseConsultation'
          ? calendar.addWorkingDays(l.lastDay, grace).due
          : l.lastDay,
    }))
    .sort((a, b) => (a.firesAfter < b.firesAfter ? -1 : a.firesAfter > b.firesAfter ? 1 : 0));
}

/** A window or due date recounted on a new calendar. */
export interface RecountedWindow {
  what: 'supplement' | 'consultation' | 'fee';
  ref: string;
  previous: IsoDate;
  recounted: IsoDate;
}

/**
 * Recounts the windows still open (supplement period, consultation windows, fee window) on `calendar`,
 * e.g. after an admin entered a year's arrangement: a lapse never fires on a date counted with a
 * provisional calendar that has since been entered.
 */
export function recountWindows(
  state: ApplicationState,
  calendar: WorkingDayCalendar,
): { next: ApplicationState; changed: RecountedWindow[] } {
  if (isConcluded(state)) return { next: state, changed: [] };
  const changed: RecountedWindow[] = [];
  let next = state;
  if (state.status === 'supplement_requested' && state.supplement && !state.supplement.supplementedOn) {
    const dueOn = calendar.addWorkingDays(
      state.supplement.requestedOn,
      state.supplement.periodWorkingDays,
    ).due;
    if (dueOn !== state.supplement.dueOn) {
      changed.push({
        what: 'supplement',
        ref: 'supplement',
        previous: state.supplement.dueOn,
        recounted: dueOn,
      });
      next = { ...next, supplement: { ...state.supplement, dueOn } };
    }
  }
  const windows = new Map<string, IsoDate>();
  const consultations = next.consultations.map((c) => {
    if (c.reply) return c;
    const windowEnd = consultationWindowEnd(c.receivedOn ?? c.sentOn, calendar).due;
    if (windowEnd === c.windowEnd) return c;
    changed.push({ what: 'consultation', ref: c.ref, previous: c.windowEnd, recounted: windowEnd });
    windows.set(c.ref, windowEnd);
    return { ...c, windowEnd };
  });
  let fee = next.fee;
  if (fee && !fee.paidOn) {
    const windowEnd = feePaymentWindowEnd(fee.noticeOn, calendar).due;
    if (windowEnd !== fee.windowEnd) {
      changed.push({ what: 'fee', ref: 'fee', previous: fee.windowEnd, recounted: windowEnd });
      windows.set('fee', windowEnd);
      fee = { ...fee, windowEnd };
    }
  }
  if (windows.size) {
    // The open pauses' windows in the ledger follow (a pause_begin still open is the only one recounted).
    const closedRefs = new Set(next.ledger.filter((e) => e.kind === 'pause_end').map((e) => e.ref));
    const ledger = next.ledger.map((e) =>
      e.kind === 'pause_begin' && windows.has(e.ref) && !closedRefs.has(e.ref)
        ? { ...e, windowEnd: windows.get(e.ref)! }
        : e,
    );
    next = { ...next, consultations, fee, ledger };
  }
  return { next, changed };
}

export function registeredEvent(registration: Registration, actor: string | null = null): ApplicationEvent {
  return {
    type: 'registered',
    businessDate: registration.receivedOn,
    actor,
    payload: { ...registration },
  };
}

export function isConcluded(state: ApplicationState): boolean {
  return CONCLUDED_STATUSES.includes(state.status);
}

function refuse(code: string, message: string): Decision {
  return { ok: false, violation: violation(code, message) };
}

function violation(code: string, message: string): RuleViolation {
  return { code, message };
}

function accept(state: ApplicationState, event: ApplicationEvent, next: Partial<ApplicationState>): Decision {
  const merged: ApplicationState = { ...state, ...next };
  if (event.businessDate && event.businessDate > merged.lastBusinessDate) {
    merged.lastBusinessDate = event.businessDate;
  }
  return { ok: true, event, next: merged };
}

/** The rules a case follows (1 for cases begun before rules 2). */
export function rulesOf(state: Pick<ApplicationState, 'rules'>): number {
  return state.rules ?? 1;
}

/**
 * Why a past year cannot be counted: its holiday arrangement is missing (the built-in calendar reaches
 * back to 2008; an admin enters any other year). Future years are counted provisionally instead.
 */
export function missingPastYear(date: IsoDate, today: IsoDate, calendar: WorkingDayCalendar): string | null {
  const year = yearOf(date);
  if (year >= yearOf(today) || calendar.hasArrangement(year)) return null;
  return `${year}年的节假日安排尚未录入工作日历，无法按工作日计算期限；请管理员在“工作日历”中录入该年安排后再办理`;
}

/** A business date must be a real date, not after today and not before what is already recorded. */
function checkBusinessDate(
  field: string,
  label: string,
  value: unknown,
  state: ApplicationState,
  ctx: DecisionContext,
): RuleViolation | null {
  if (!isIsoDate(value))
    return { code: 'INVALID_DATE', message: `${label}（${field}）不是有效日期（YYYY-MM-DD）` };
  const range = businessDateProblem(value, '9999-12-31');
  if (range) return { code: 'DATE_OUT_OF_RANGE', message: `${label}（${field}）${range}` };
  if (rulesOf(state) >= 2) {
    const missing = missingPastYear(value, ctx.today, ctx.calendar);
    if (missing)
      return { code: 'CALENDAR_YEAR_MISSING', message: `${label}（${field}）${value}：${missing}` };
  }
  if (value > ctx.today) {
    return {
      code: 'DATE_IN_FUTURE',
      message: `${label}（${field}）${value} 晚于今天 ${ctx.today}，业务日期不能是将来的日期`,
    };
  }
  if (value < state.lastBusinessDate) {
    return {
      code: 'DATE_BEFORE_PREVIOUS_STEP',
      message: `${label}（${field}）${value} 早于本申请已登记的上一步日期 ${state.lastBusinessDate}`,
    };
  }
  return null;
}

const ACTION_LABELS: Record<CommandType, string> = {
  accept: '开始办理',
  requestSupplement: '告知补正',
  recordSupplement: '登记补正',
  draftDecision: '拟定答复',
  returnDecision: '退回答复',
  approveDecision: '审核通过答复',
  deliver: '送达答复',
  withdraw: '登记撤回',
  lapseSupplement: '补正期限届满',
  startConsultation: '征求意见',
  recordConsultationReply: '登记意见',
  lapseConsultation: '征求意见期限届满',
  approveExtension: '批准延长答复期限',
  issueFeeNotice: '发出收费通知',
  recordFeePayment: '登记缴费',
  lapseFeePayment: '缴费期限届满',
  requestReasons: '要求说明理由',
  setLaterDeadline: '确定延后答复期限',
  carryOver: '年度结转',
  reopen: '重新办理',
  routeToDepartments: '交办承办科室',
  signForRouting: '签收',
  returnRouting: '退回交办',
  recordContribution: '提供意见或材料',
};

/**
 * Why a decision with this outcome cannot be drafted in this state (null: it can, as far as the outcome
 * goes): a code outside the national list, one only the system concludes with, 补正后仍不明确 without a
 * supplement, 无正当理由大量反复申请 without first asking for reasons (Art. 35).
 */
export function outcomeRefusal(state: ApplicationState, outcome: unknown): RuleViolation | null {
  if (!isOutcomeCode(outcome)) {
    return violation('INVALID_OUTCOME', `办理结果（outcome）“${String(outcome)}”不是规定的办理结果代码`);
  }
  if (!DRAFTABLE_OUTCOMES.includes(outcome)) {
    return violation(
      'OUTCOME_RESERVED',
      `办理结果“${OUTCOME_LABELS[outcome]}”由系统在期限届满时自动认定，不能手工拟定`,
    );
  }
  if (outcome === 'unavailable.unclear_after_supplement' && !state.supplement?.supplementedOn) {
    return violation(
      'OUTCOME_REQUIRES_SUPPLEMENT',
      '只有经补正后申请内容仍不明确的，才能答复“补正后申请内容仍不明确”',
    );
  }
  if (outcome === 'not_processed.excessive_without_reason' && !state.excessive) {
    return violation(
      'OUTCOME_REQUIRES_REASONS_REQUEST',
      '以“无正当理由大量反复申请”不予处理前，应当先要求申请人说明理由（《条例》第三十五条）',
    );
  }
  return null;
}

/** The fields naming the earlier reply, each with its label (Art. 36(6)). */
export const REPEATED_APPLICATION_FIELDS = {
  earlierApplication: '前次申请（受理编号）',
  earlierReply: '前次答复（文号及日期）',
  factsUnchanged: '事实和理由未发生变化的说明',
} as const;

type DraftCommand = Extract<StaffCommand, { type: 'draftDecision' }>;

/** The earlier reply the draft names, when it names all of it (trimmed). */
function earlierReplyOf(command: DraftCommand): EarlierReply | null {
  const earlierApplication = command.earlierApplication?.trim();
  const earlierReply = command.earlierReply?.trim();
  const factsUnchanged = command.factsUnchanged?.trim();
  if (!earlierApplication || !earlierReply || !factsUnchanged) return null;
  return { earlierApplication, earlierReply, factsUnchanged };
}

/**
 * Rules 3: a repeated application (Art. 36(6)) is not processed only by pointing to the earlier reply: the
 * earlier application (its case number or id; that it is the same applicant's, at this agency, concluded
 * with a reply, the API checks against the records), the reply (reference and date), and why the facts and
 * reasons are unchanged.
 */
export function repeatedApplicationProblem(command: DraftCommand): RuleViolation | null {
  for (const field of Object.keys(REPEATED_APPLICATION_FIELDS) as Array<keyof EarlierReply>) {
    const value = command[field];
    if (typeof value !== 'string' || !value.trim()) {
      return violation(
        'EARLIER_REPLY_REQUIRED',
        `以“重复申请”不予处理的，应当写明${REPEATED_APPLICATION_FIELDS[field]}（${field}）（《条例》第三十六条第（六）项）`,
      );
    }
  }
  if (!isApplicationReference(command.earlierApplication!.trim())) {
    return violation(
      'INVALID_EARLIER_APPLICATION',
      `前次申请（earlierApplication）应当写明前次申请的受理编号（如 2026-0001）或申请编号，一行，不超过200字`,
    );
  }
  return null;
}

function wrongState(command: Command, state: ApplicationState, expected: ApplicationStatus[]): Decision {
  const now = APPLICATION_STATUS_LABELS[state.status];
  const wanted = expected.map((s) => APPLICATION_STATUS_LABELS[s]).join('、');
  return refuse(
    'INVALID_TRANSITION',
    `当前状态为“${now}”，不能${ACTION_LABELS[command.type]}（只能在“${wanted}”状态下进行）`,
  );
}

/**
 * Decide a command against the state: the event and next state, or the rule it breaks. Pure. Whatever
 * it accepts can be recorded and counted: its texts are clean (rules 2) and the next state's deadline can
 * be computed on the calendar.
 */
export function decide(state: ApplicationState, command: Command, ctx: DecisionContext): Decision {
  if (rulesOf(state) >= 2) {
    const bad = firstTextProblem({ ...command, type: '' });
    if (bad) return refuse('INVALID_TEXT', `${bad.field}：${bad.reason}`);
  }
  const decision = decideCommand(state, command, ctx);
  if (!decision.ok) return decision;
  let due: IsoDate;
  try {
    due = replyDeadline(decision.next, ctx.calendar).due;
  } catch (err) {
    return refuse('DEADLINE_OUT_OF_RANGE', `办理后的答复期限无法计算：${(err as Error).message}`);
  }
  if (due > LATEST_DEADLINE) {
    return refuse(
      'DEADLINE_OUT_OF_RANGE',
      `办理后的答复期限 ${due} 超出工作日历的范围（至 ${LATEST_DEADLINE}）`,
    );
  }
  return decision;
}

function decideCommand(state: ApplicationState, command: Command, ctx: DecisionContext): Decision {
  const v2 = rulesOf(state) >= 2;
  if (command.type === 'reopen') return decideReopen(state, command, ctx);
  if (isConcluded(state)) {
    const c = state.conclusion;
    return refuse(
      'APPLICATION_CONCLUDED',
      `申请已办结（${APPLICATION_STATUS_LABELS[state.status]}${c ? `，${c.concludedOn}` : ''}），不能再${ACTION_LABELS[command.type]}`,
    );
  }
  const actor = 'actor' in command ? (command.actor ?? null) : null;

  switch (command.type) {
    case 'accept': {
      if (state.status !== 'registered') return wrongState(command, state, ['registered']);
      return accept(
        state,
        { type: 'accepted', businessDate: null, actor, payload: {} },
        { status: 'under_review' },
      );
    }

    case 'requestSupplement': {
      if (state.supplement) {
        return refuse(
          'SUPPLEMENT_ALREADY_REQUESTED',
          `已于 ${state.supplement.requestedOn} 告知补正；补正只能一次性告知（《条例》第三十条）`,
        );
      }
      if (state.status !== 'registered' && state.status !== 'under_review') {
        return wrongState(command, state, ['registered', 'under_review']);
      }
      const bad = checkBusinessDate('requestedOn', '告知补正日期', command.requestedOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      const noticeDeadline = supplementNoticeDeadline(state.receivedOn, ctx.calendar).due;
      if (command.requestedOn > noticeDeadline) {
        return refuse(
          'SUPPLEMENT_NOTICE_LATE',
          `应当自收到申请之日起${SUPPLEMENT_NOTICE_WORKING_DAYS}个工作日内一次性告知补正（《条例》第三十条），本申请的告知期限为 ${noticeDeadline}，${command.requestedOn} 已超过`,
        );
      }
      const period = command.periodWorkingDays;
      if (!Number.isInteger(period) || period < 1 || period > MAX_SUPPLEMENT_PERIOD_WORKING_DAYS) {
        return refuse(
          'INVALID_SUPPLEMENT_PERIOD',
          `补正期限（periodWorkingDays）应为 1 至 ${MAX_SUPPLEMENT_PERIOD_WORKING_DAYS} 个工作日`,
        );
      }
      if (!command.whatIsNeeded?.trim()) {
        return refuse('MISSING_FIELD', '应当写明需要补正的事项（whatIsNeeded）');
      }
      const dueOn = ctx.calendar.addWorkingDays(command.requestedOn, period).due;
      const supplement: SupplementRequest = {
        requestedOn: command.requestedOn,
        periodWorkingDays: period,
        dueOn,
        whatIsNeeded: command.whatIsNeeded.trim(),
        supplementedOn: null,
      };
      return accept(
        state,
        {
          type: 'supplement_requested',
          businessDate: command.requestedOn,
          actor,
          payload: {
            requestedOn: command.requestedOn,
            periodWorkingDays: period,
            dueOn,
            whatIsNeeded: supplement.whatIsNeeded,
          },
        },
        { status: 'supplement_requested', supplement },
      );
    }

    case 'recordSupplement': {
      if (state.status !== 'supplement_requested' || !state.supplement) {
        return wrongState(command, state, ['supplement_requested']);
      }
      const bad = checkBusinessDate('supplementedOn', '收到补正日期', command.supplementedOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      if (command.supplementedOn > state.supplement.dueOn) {
        return refuse(
          'SUPPLEMENT_PERIOD_LAPSED',
          `补正期限已于 ${state.supplement.dueOn} 届满，${command.supplementedOn} 收到的补正已逾期`,
        );
      }
      const supplement = { ...state.supplement, supplementedOn: command.supplementedOn };
      // Rules 2: the restarted period is a new one (Art. 30); an extension or Art. 35 deadline of the
      // old period ends with it, and a new one may be approved for the new period.
      const voided = v2
        ? {
            extension: state.extension,
            laterDeadline: state.excessive?.laterDeadline ?? null,
          }
        : null;
      return accept(
        state,
        {
          type: 'supplement_received',
          businessDate: command.supplementedOn,
          actor,
          payload: {
            supplementedOn: command.supplementedOn,
            note: command.note ?? null,
            clockRestartsOn: command.supplementedOn,
            ...(voided && (voided.extension || voided.laterDeadline) ? { voided } : {}),
          },
        },
        {
          status: 'under_review',
          supplement,
          clockStartedOn: command.supplementedOn,
          ledger: [...state.ledger, { kind: 'restart', on: command.supplementedOn }],
          ...(v2
            ? {
                extension: null,
                excessive: state.excessive ? { ...state.excessive, laterDeadline: null } : null,
              }
            : {}),
        },
      );
    }

    case 'lapseSupplement': {
      if (state.status !== 'supplement_requested' || !state.supplement) {
        return wrongState(command, state, ['supplement_requested']);
      }
      // The period ends at the end of its last day; the application is deemed abandoned the day after.
      const concludedOn = addDays(state.supplement.dueOn, 1);
      const conclusion: Conclusion = { outcome: 'other.supplement_overdue', concludedOn };
      return accept(
        state,
        {
          type: 'supplement_lapsed',
          businessDate: concludedOn,
          actor: null,
          payload: { dueOn: state.supplement.dueOn, conclusion },
        },
        { status: 'abandoned', conclusion },
      );
    }

    case 'draftDecision': {
      if (state.status === 'decision_drafted') {
        return refuse(
          'DECISION_ALREADY_DRAFTED',
          '已有待审核的答复草稿，不能重复拟定；如需修改，请先由审核人退回',
        );
      }
      if (state.status === 'decision_approved') {
        return refuse('DECISION_ALREADY_APPROVED', '答复已审核通过，不能再次拟定');
      }
      if (state.status !== 'under_review') return wrongState(command, state, ['under_review']);
      const outcomeRefused = outcomeRefusal(state, command.outcome);
      if (outcomeRefused) return { ok: false, violation: outcomeRefused };
      if (isPaused(state)) {
        return refuse(
          'CLOCK_PAUSED',
          '征求意见或缴费期间答复期限暂停，请先登记意见或缴费（或待期限届满）再拟定答复',
        );
      }
      if (!command.legalGround?.trim())
        return refuse('MISSING_FIELD', '应当写明答复的法律依据（legalGround）');
      const publicInterestGround = command.publicInterestGround?.trim() || null;
      if (v2 && command.outcome === 'disclosed' && thirdPartyObjected(state) && !publicInterestGround) {
        return refuse(
          'PUBLIC_INTEREST_GROUND_REQUIRED',
          '第三方不同意公开；决定予以公开的，应当写明不公开可能对公共利益造成重大影响的理由（publicInterestGround），并书面告知第三方（《条例》第三十二条）',
        );
      }
      const repeated =
        command.outcome === 'not_processed.repeated_application' ? earlierReplyOf(command) : null;
      if (rulesOf(state) >= 3 && command.outcome === 'not_processed.repeated_application') {
        const missing = repeatedApplicationProblem(command);
        if (missing) return { ok: false, violation: missing };
      }
      const decision: DecisionDraft = {
        outcome: command.outcome,
        legalGround: command.legalGround.trim(),
        notes: command.notes?.trim() || null,
        approved: false,
        ...(v2 ? { draftedBy: actor, publicInterestGround } : {}),
        ...(repeated ? { repeated } : {}),
      };
      return accept(
        state,
        {
          type: 'decision_drafted',
          businessDate: null,
          actor,
          payload: {
            outcome: decision.outcome,
            legalGround: decision.legalGround,
            notes: decision.notes,
            ...(publicInterestGround && v2 ? { publicInterestGround } : {}),
            ...(repeated ? repeated : {}),
          },
        },
        { status: 'decision_drafted', decision },
      );
    }

    case 'returnDecision': {
      if (state.status !== 'decision_drafted' || !state.decision) {
        return refuse(
          'NO_DRAFT_TO_REVIEW',
          `当前状态为“${APPLICATION_STATUS_LABELS[state.status]}”，没有待审核的答复草稿可退回`,
        );
      }
      if (!command.reason?.trim()) return refuse('MISSING_FIELD', '应当写明退回理由（reason）');
      return accept(
        state,
        { type: 'decision_returned', businessDate: null, actor, payload: { reason: command.reason.trim() } },
        { status: 'under_review', decision: null },
      );
    }

    case 'approveDecision': {
      if (state.status === 'decision_approved')
        return refuse('DECISION_ALREADY_APPROVED', '答复已审核通过，不能重复审核');
      if (state.status !== 'decision_drafted' || !state.decision) {
        return refuse(
          'NO_DRAFT_TO_REVIEW',
          `当前状态为“${APPLICATION_STATUS_LABELS[state.status]}”，没有待审核的答复草稿可审核`,
        );
      }
      if (v2 && state.decision.draftedBy && actor && state.decision.draftedBy === actor) {
        return refuse('SELF_APPROVAL', `答复由${actor}拟定，不能由拟定人本人审核；请由其他审核人审核`);
      }
      const decision = { ...state.decision, approved: true };
      return accept(
        state,
        {
          type: 'decision_approved',
          businessDate: null,
          actor,
          payload: { outcome: decision.outcome, note: command.note ?? null },
        },
        { status: 'decision_approved', decision },
      );
    }

    case 'deliver': {
      if (state.status !== 'decision_approved' || !state.decision) {
        return wrongState(command, state, ['decision_approved']);
      }
      const bad = checkBusinessDate('deliveredOn', '送达日期', command.deliveredOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      let thirdPartyNotifiedOn: IsoDate | null = null;
      if (v2 && state.decision.publicInterestGround) {
        if (!command.thirdPartyNotifiedOn) {
          return refuse(
            'THIRD_PARTY_NOTICE_REQUIRED',
            '第三方不同意公开而决定予以公开的，应当书面告知第三方（《条例》第三十二条）；请填写书面告知第三方的日期（thirdPartyNotifiedOn）',
          );
        }
        const badNotice = checkBusinessDate(
          'thirdPartyNotifiedOn',
          '书面告知第三方日期',
          command.thirdPartyNotifiedOn,
          state,
          ctx,
        );
        if (badNotice) return { ok: false, violation: badNotice };
        thirdPartyNotifiedOn = command.thirdPartyNotifiedOn;
      }
      const deadline = replyDeadline(state, ctx.calendar);
      const conclusion: Conclusion = {
        outcome: state.decision.outcome,
        concludedOn: command.deliveredOn,
        timeliness: {
          dueOn: deadline.due,
          onTime: command.deliveredOn <= deadline.due,
          workingDaysTaken: v2
            ? workingDaysTaken(state.ledger, ctx.calendar, command.deliveredOn)
            : Math.max(
                0,
                ctx.calendar.workingDaysBetween(deadline.clockStartedOn, command.deliveredOn) -
                  deadline.pausedWorkingDays,
              ),
        },
      };
      return accept(
        state,
        {
          type: 'decision_delivered',
          businessDate: command.deliveredOn,
          actor,
          payload: {
            deliveredOn: command.deliveredOn,
            deliveryMethod: command.deliveryMethod,
            ...(thirdPartyNotifiedOn ? { thirdPartyNotifiedOn } : {}),
            conclusion,
          },
        },
        { status: 'delivered', conclusion },
      );
    }

    case 'withdraw': {
      const bad = checkBusinessDate('withdrawnOn', '撤回日期', command.withdrawnOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      const conclusion: Conclusion = { outcome: 'other.other', concludedOn: command.withdrawnOn };
      return accept(
        state,
        {
          type: 'withdrawn',
          businessDate: command.withdrawnOn,
          actor,
          payload: { withdrawnOn: command.withdrawnOn, reason: command.reason ?? null, conclusion },
        },
        { status: 'withdrawn', conclusion },
      );
    }

    case 'startConsultation': {
      if (state.status !== 'under_review') return wrongState(command, state, ['under_review']);
      const bad = checkBusinessDate('sentOn', '征求意见日期', command.sentOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      if (!command.party?.trim()) return refuse('MISSING_FIELD', '应当写明征求意见的对象（party）');
      let partyReceivedOn = command.sentOn;
      if (v2 && command.receivedOn) {
        const badReceipt = checkBusinessDate(
          'receivedOn',
          '对方收到征求意见之日',
          command.receivedOn,
          state,
          ctx,
        );
        if (badReceipt) return { ok: false, violation: badReceipt };
        if (command.receivedOn < command.sentOn) {
          return refuse(
            'RECEIPT_BEFORE_SENDING',
            `对方收到征求意见之日（receivedOn）${command.receivedOn} 早于发出之日 ${command.sentOn}`,
          );
        }
        partyReceivedOn = command.receivedOn;
      }
      const ref = `c${state.consultations.length + 1}`;
      // Art. 32, 34: 15 working days from the consulted party's receipt of the request.
      const windowEnd = consultationWindowEnd(partyReceivedOn, ctx.calendar).due;
      const consultation: Consultation = {
        ref,
        kind: command.kind,
        party: command.party.trim(),
        sentOn: command.sentOn,
        ...(v2 ? { receivedOn: partyReceivedOn } : {}),
        windowEnd,
        reply: null,
      };
      const ground =
        command.kind === 'third_party' ? 'third_party_consultation' : 'other_agency_consultation';
      return accept(
        state,
        {
          type: 'consultation_started',
          businessDate: command.sentOn,
          actor,
          payload: {
            ref,
            kind: command.kind,
            party: consultation.party,
            sentOn: command.sentOn,
            ...(v2 ? { receivedOn: partyReceivedOn } : {}),
            windowEnd,
          },
        },
        {
          consultations: [...state.consultations, consultation],
          ledger: [...state.ledger, { kind: 'pause_begin', on: command.sentOn, ground, ref, windowEnd }],
        },
      );
    }

    case 'recordConsultationReply':
    case 'lapseConsultation': {
      const consultation = state.consultations.find((c) => c.ref === command.ref);
      if (!consultation) return refuse('NO_SUCH_CONSULTATION', `没有编号为 ${command.ref} 的征求意见`);
      // Rules 2: an answer that arrived within the window but is entered after its lapse replaces it.
      const correctsLapse =
        v2 &&
        command.type === 'recordConsultationReply' &&
        consultation.reply?.answer === 'no_answer' &&
        isIsoDate(command.repliedOn) &&
        command.repliedOn <= consultation.windowEnd;
      if (correctsLapse) {
        const bad = businessDateProblem(command.repliedOn, ctx.today);
        if (bad) return refuse('INVALID_DATE', `收到意见日期（repliedOn）${bad}`);
        if (command.repliedOn < consultation.sentOn) {
          return refuse(
            'DATE_BEFORE_PREVIOUS_STEP',
            `收到意见日期（repliedOn）${command.repliedOn} 早于征求意见发出之日 ${consultation.sentOn}`,
          );
        }
        const reply = {
          on: command.repliedOn,
          answer: command.answer,
          reasons: command.reasons?.trim() || null,
        };
        return accept(
          state,
          {
            type: 'consultation_answered',
            businessDate: command.repliedOn,
            actor,
            payload: {
              ref: consultation.ref,
              kind: consultation.kind,
              answer: reply.answer,
              reasons: reply.reasons,
              deemedConsent: false,
              correctsLapse: true,
              lapsedOn: consultation.windowEnd,
            },
          },
          {
            consultations: state.consultations.map((c) => (c.ref === consultation.ref ? { ...c, reply } : c)),
            ledger: [
              ...state.ledger,
              { kind: 'pause_end', on: reply.on, ref: consultation.ref, reason: 'answered', corrects: true },
            ],
          },
        );
      }
      if (consultation.reply) {
        return refuse(
          'CONSULTATION_ALREADY_ANSWERED',
          `征求意见 ${command.ref} 已于 ${consultation.reply.on} 登记结果`,
        );
      }
      let reply: NonNullable<Consultation['reply']>;
      if (command.type === 'recordConsultationReply') {
        const bad = checkBusinessDate('repliedOn', '收到意见日期', command.repliedOn, state, ctx);
        if (bad) return { ok: false, violation: bad };
        if (command.repliedOn > consultation.windowEnd) {
          return refuse(
            'CONSULTATION_WINDOW_LAPSED',
            `征求意见期限已于 ${consultation.windowEnd} 届满，${command.repliedOn} 收到的意见按逾期未答复处理`,
          );
        }
        reply = { on: command.repliedOn, answer: command.answer, reasons: command.reasons?.trim() || null };
      } else {
        reply = { on: consultation.windowEnd, answer: 'no_answer', reasons: null };
      }
      const consultations = state.consultations.map((c) =>
        c.ref === consultation.ref ? { ...c, reply } : c,
      );
      const lapsed = command.type === 'lapseConsultation';
      return accept(
        state,
        {
          type: lapsed ? 'consultation_lapsed' : 'consultation_answered',
          businessDate: reply.on,
          actor: lapsed ? null : actor,
          payload: {
            ref: consultation.ref,
            kind: consultation.kind,
            answer: reply.answer,
            reasons: reply.reasons,
            // Art. 34: another agency that does not answer in time is deemed to consent.
            deemedConsent: lapsed && consultation.kind === 'other_agency',
          },
        },
        {
          consultations,
          ledger: [
            ...state.ledger,
            {
              kind: 'pause_end',
              on: reply.on,
              ref: consultation.ref,
              reason: lapsed ? 'window_lapsed' : 'answered',
            },
          ],
        },
      );
    }

    case 'approveExtension': {
      if (state.extension) {
        return refuse(
          'EXTENSION_ALREADY_GRANTED',
          `已于 ${state.extension.approvedOn} 批准延长答复期限；延长只能一次（《条例》第三十三条第二款）`,
        );
      }
      if (!['registered', 'under_review', 'decision_drafted'].includes(state.status)) {
        return wrongState(command, state, ['registered', 'under_review', 'decision_drafted']);
      }
      const bad = checkBusinessDate('approvedOn', '批准延期日期', command.approvedOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      const days = command.workingDays;
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_WORKING_DAYS) {
        return refuse(
          'EXTENSION_TOO_LONG',
          `延长的期限最长不得超过${MAX_EXTENSION_WORKING_DAYS}个工作日（《条例》第三十三条第二款），不能延长 ${days} 个工作日`,
        );
      }
      const current = replyDeadline(state, ctx.calendar).due;
      if (command.approvedOn > current) {
        return refuse(
          'EXTENSION_TOO_LATE',
          `答复期限已于 ${current} 届满；延长答复期限应当在期限届满前经批准并告知申请人（《条例》第三十三条第二款）`,
        );
      }
      const approvedBy = actor?.trim();
      if (!approvedBy) return refuse('MISSING_FIELD', '应当写明批准延期的负责人（actor）');
      if (!command.reason?.trim()) return refuse('MISSING_FIELD', '应当写明延期理由（reason）');
      const extension: Extension = {
        approvedOn: command.approvedOn,
        workingDays: days,
        approvedBy,
        reason: command.reason.trim(),
      };
      return accept(
        state,
        {
          type: 'extension_approved',
          businessDate: command.approvedOn,
          actor,
          payload: { ...extension, previousDue: current },
        },
        {
          extension,
          ledger: [
            ...state.ledger,
            { kind: 'extension', on: command.approvedOn, workingDays: days, approvedBy },
          ],
        },
      );
    }

    case 'issueFeeNotice': {
      if (state.fee)
        return refuse('FEE_ALREADY_NOTIFIED', `已于 ${state.fee.noticeOn} 发出收费通知，不能重复收费`);
      if (state.status !== 'under_review') return wrongState(command, state, ['under_review']);
      const bad = checkBusinessDate('noticeOn', '收费通知日期', command.noticeOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      if (command.noticeOn < FEE_CHARGING_STARTED_ON) {
        return refuse('FEE_NOT_YET_CHARGEABLE', `信息处理费自 ${FEE_CHARGING_STARTED_ON} 起收取`);
      }
      let computation: FeeComputation;
      try {
        computation = computeFee(command.fee);
      } catch (err) {
        return refuse('INVALID_FEE', `收费计算参数无效：${(err as Error).message}`);
      }
      if (computation.amountYuan <= 0) {
        return refuse('FEE_NOT_CHARGEABLE', `按所选计费方式本申请无需收费：${computation.explanation}`);
      }
      const windowEnd = feePaymentWindowEnd(command.noticeOn, ctx.calendar).due;
      const fee: FeeNotice = { noticeOn: command.noticeOn, computation, windowEnd, paidOn: null };
      return accept(
        state,
        {
          type: 'fee_notice_issued',
          businessDate: command.noticeOn,
          actor,
          payload: { noticeOn: command.noticeOn, amountYuan: computation.amountYuan, computation, windowEnd },
        },
        {
          fee,
          ledger: [
            ...state.ledger,
            { kind: 'pause_begin', on: command.noticeOn, ground: 'fee_notice', ref: 'fee', windowEnd },
          ],
        },
      );
    }

    case 'recordFeePayment': {
      if (!state.fee || state.fee.paidOn) {
        return refuse('NO_FEE_DUE', state.fee ? `费用已于 ${state.fee.paidOn} 缴纳` : '本申请没有待缴的费用');
      }
      const bad = checkBusinessDate('paidOn', '缴费日期', command.paidOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      if (command.paidOn > state.fee.windowEnd) {
        return refuse('FEE_PAYMENT_LAPSED', `缴费期限已于 ${state.fee.windowEnd} 届满`);
      }
      return accept(
        state,
        {
          type: 'fee_paid',
          businessDate: command.paidOn,
          actor,
          payload: {
            paidOn: command.paidOn,
            amountYuan: state.fee.computation.amountYuan,
            // The payment's reference (缴费凭证), when given; absent from payments recorded without one.
            ...(command.note ? { note: command.note } : {}),
          },
        },
        {
          fee: { ...state.fee, paidOn: command.paidOn },
          ledger: [...state.ledger, { kind: 'pause_end', on: command.paidOn, ref: 'fee', reason: 'paid' }],
        },
      );
    }

    case 'lapseFeePayment': {
      if (!state.fee || state.fee.paidOn) return refuse('NO_FEE_DUE', '本申请没有待缴的费用');
      const concludedOn = addDays(state.fee.windowEnd, 1);
      const conclusion: Conclusion = { outcome: 'other.fee_unpaid', concludedOn };
      return accept(
        state,
        {
          type: 'fee_payment_lapsed',
          businessDate: concludedOn,
          actor: null,
          payload: { windowEnd: state.fee.windowEnd, conclusion },
        },
        { status: 'abandoned', conclusion },
      );
    }

    case 'carryOver': {
      // Year end: a non-staff step; it changes no deadline and leaves the last business date alone, so
      // a step dated in December entered later is still accepted.
      const year = command.year;
      if (!Number.isInteger(year) || year < 2000 || year > 2100) {
        return refuse('INVALID_YEAR', `结转年度（year）应为 2000 至 2100 之间的年份`);
      }
      const yearEnd = `${year}-12-31`;
      if (ctx.today <= yearEnd) {
        return refuse('YEAR_NOT_ENDED', `${year}年尚未结束（今天 ${ctx.today}），不能结转`);
      }
      if (state.receivedOn > yearEnd) {
        return refuse('RECEIVED_AFTER_YEAR', `本申请收到于 ${state.receivedOn}，不属于${year}年度的结转`);
      }
      if ((state.carriedOver ?? []).includes(year)) {
        return refuse('ALREADY_CARRIED_OVER', `本申请已记录${year}年度结转`);
      }
      const clock = replyClockRuns(state);
      const replyDueOn = clock ? replyDeadline(state, ctx.calendar).due : null;
      return {
        ok: true,
        event: {
          type: 'carried_over',
          businessDate: yearEnd,
          actor: null,
          payload: {
            year,
            status: state.status,
            replyDueOn,
            workingDaysLeft: replyDueOn ? ctx.calendar.workingDaysUntil(yearEnd, replyDueOn) : null,
            paused: isPaused(state),
          },
        },
        next: { ...state, carriedOver: [...(state.carriedOver ?? []), year] },
      };
    }

    case 'requestReasons': {
      if (state.excessive) {
        return refuse(
          'REASONS_ALREADY_REQUESTED',
          `已于 ${state.excessive.reasonsRequestedOn} 要求申请人说明理由`,
        );
      }
      if (state.status !== 'registered' && state.status !== 'under_review') {
        return wrongState(command, state, ['registered', 'under_review']);
      }
      const bad = checkBusinessDate('requestedOn', '要求说明理由日期', command.requestedOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      return accept(
        state,
        {
          type: 'reasons_requested',
          businessDate: command.requestedOn,
          actor,
          payload: { requestedOn: command.requestedOn, note: command.note ?? null },
        },
        { excessive: { reasonsRequestedOn: command.requestedOn, laterDeadline: null } },
      );
    }

    case 'routeToDepartments':
    case 'signForRouting':
    case 'returnRouting':
    case 'recordContribution':
      return decideRouting(state, command, ctx);

    case 'setLaterDeadline': {
      if (!state.excessive) {
        return refuse(
          'REASONS_NOT_REQUESTED',
          '只有在要求申请人说明理由后，才能确定延后的答复期限（《条例》第三十五条）',
        );
      }
      if (state.excessive.laterDeadline) {
        return refuse(
          'LATER_DEADLINE_ALREADY_SET',
          `已确定延后答复期限为 ${state.excessive.laterDeadline.due}`,
        );
      }
      if (!replyClockRuns(state) || state.status === 'decision_approved') {
        return wrongState(command, state, ['registered', 'under_review', 'decision_drafted']);
      }
      const bad = checkBusinessDate('setOn', '确定日期', command.setOn, state, ctx);
      if (bad) return { ok: false, violation: bad };
      const outOfRange = deadlineDateProblem(command.due);
      if (outOfRange) return refuse('INVALID_DATE', `延后的答复期限（due）${outOfRange}`);
      const current = replyDeadline(state, ctx.calendar).due;
      if (command.due <= current) {
        return refuse('LATER_DEADLINE_NOT_LATER', `延后的答复期限（due）应当晚于现行答复期限 ${current}`);
      }
      if (v2) {
        if (isPaused(state)) {
          return refuse(
            'CLOCK_PAUSED',
            '征求意见或缴费期间答复期限暂停，请先登记意见或缴费（或待期限届满）再确定延后的答复期限',
          );
        }
        if (!ctx.calendar.isWorkingDay(command.due)) {
          return refuse(
            'LATER_DEADLINE_NOT_WORKING_DAY',
            `延后的答复期限（due）${command.due} 不是工作日；请选择工作日，例如 ${ctx.calendar.nextWorkingDay(command.due)}`,
          );
        }
      }
      if (!command.reason?.trim()) return refuse('MISSING_FIELD', '应当写明理由（reason）');
      const laterDeadline = { due: command.due, reason: command.reason.trim() };
      return accept(
        state,
        {
          type: 'later_deadline_set',
          businessDate: command.setOn,
          actor,
          payload: { ...laterDeadline, previousDue: current },
        },
        {
          excessive: { ...state.excessive, laterDeadline },
          ledger: [
            ...state.ledger,
            {
              kind: 'later_deadline',
              on: command.setOn,
              due: command.due,
              reason: laterDeadline.reason,
              ...(v2 ? { asBase: true } : {}),
            },
          ],
        },
      );
    }
  }
}

/**
 * A reviewing body corrected the decision (RULES.md §9): the concluded application goes back to the
 * handler for a new decision, with a new reply clock from the day the agency received the body's
 * decision (20 working days, or up to the deadline the body set). What was still open when it concluded
 * (an unanswered consultation, an unpaid fee notice) is closed; an extension or Art. 35 deadline of the
 * old period ends with it. The event carries `reopened: true`, so the report forgets the old conclusion.
 */
function decideReopen(state: ApplicationState, command: ReopenCommand, ctx: DecisionContext): Decision {
  if (!isConcluded(state)) {
    return refuse(
      'APPLICATION_NOT_CONCLUDED',
      `申请尚未办结（${APPLICATION_STATUS_LABELS[state.status]}），无需重新办理，请在原流程中继续办理`,
    );
  }
  if (typeof command.reviewCaseId !== 'string' || !command.reviewCaseId.trim()) {
    return refuse('MISSING_FIELD', '应当写明纠正原答复的复议或诉讼案件（reviewCaseId）');
  }
  const bad = checkBusinessDate('reopenedOn', '收到纠正决定之日', command.reopenedOn, state, ctx);
  if (bad) return { ok: false, violation: bad };
  const replyDueOn = command.replyDueOn ?? null;
  if (replyDueOn !== null) {
    const outOfRange = deadlineDateProblem(replyDueOn);
    if (outOfRange) return refuse('INVALID_DATE', `重新答复期限（replyDueOn）${outOfRange}`);
    if (replyDueOn <= command.reopenedOn) {
      return refuse(
        'REPLY_DUE_NOT_LATER',
        `重新答复期限（replyDueOn）${replyDueOn} 应当晚于收到纠正决定之日 ${command.reopenedOn}`,
      );
    }
  }
  const on = command.reopenedOn;
  const closedConsultations = state.consultations.filter((c) => !c.reply).map((c) => c.ref);
  const unpaidFee = state.fee && !state.fee.paidOn ? state.fee : null;
  const ledger: ClockEntry[] = [
    ...state.ledger,
    ...closedConsultations.map((ref): ClockEntry => ({ kind: 'pause_end', on, ref, reason: 'cancelled' })),
    ...(unpaidFee ? [{ kind: 'pause_end', on, ref: 'fee', reason: 'cancelled' } as ClockEntry] : []),
    { kind: 'reopen', on, ...(replyDueOn ? { due: replyDueOn } : {}) },
  ];
  const reopened: Reopening = {
    reviewCaseId: command.reviewCaseId,
    reopenedOn: on,
    replyDueOn,
    previousConclusion: state.conclusion,
  };
  const voided = {
    ...(state.extension ? { extension: state.extension } : {}),
    ...(state.excessive?.laterDeadline ? { laterDeadline: state.excessive.laterDeadline } : {}),
    ...(closedConsultations.length ? { consultations: closedConsultations } : {}),
    ...(unpaidFee ? { feeNotice: unpaidFee.noticeOn } : {}),
  };
  return accept(
    state,
    {
      type: 'reopened',
      businessDate: on,
      actor: command.actor ?? null,
      payload: {
        reopened: true,
        reviewCaseId: command.reviewCaseId,
        reviewCaseKind: command.reviewCaseKind ?? null,
        reopenedOn: on,
        replyDueOn,
        previousConclusion: state.conclusion,
        ...(Object.keys(voided).length ? { voided } : {}),
      },
    },
    {
      status: 'under_review',
      decision: null,
      conclusion: null,
      clockStartedOn: on,
      ledger,
      consultations: state.consultations.map((c) =>
        c.reply
          ? c
          : {
              ...c,
              reply: { on: on < c.windowEnd ? on : c.windowEnd, answer: 'no_answer', reasons: null },
            },
      ),
      fee: unpaidFee ? null : state.fee,
      extension: null,
      excessive: state.excessive ? { ...state.excessive, laterDeadline: null } : null,
      reopened,
    },
  );
}

type RoutingCommand = Extract<
  StaffCommand,
  { type: 'routeToDepartments' | 'signForRouting' | 'returnRouting' | 'recordContribution' }
>;

const isId = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= 64;

/**
 * Issue 16: routing to departments (交办/分办), signing for it (签收), sending it back (退回) and
 * contributions (协办意见). Whether the acting user belongs to the department is the API's check (it has
 * the memberships); here, that the department is one routed and that the step fits where it stands. No
 * business date is recorded (the steps are internal): the reply clock and the report are untouched.
 */
function decideRouting(state: ApplicationState, command: RoutingCommand, ctx: DecisionContext): Decision {
  const actor = command.actor ?? null;
  const routing = state.routing ?? null;
  if (command.type === 'routeToDepartments') {
    if (!ROUTABLE_STATUSES.includes(state.status)) return wrongState(command, state, [...ROUTABLE_STATUSES]);
    if (routing) {
      const lead = routing.departments.find((d) => d.role === 'lead');
      if (lead && lead.status !== 'returned' && lead.status !== 'contributed') {
        return refuse(
          'ROUTING_IN_PROGRESS',
          `本申请已交办${lead.name}主办（${ROUTED_DEPARTMENT_STATUS_LABELS[lead.status]}）；主办科室退回或提供意见后才能重新交办`,
        );
      }
    }
    if (!isId(command.leadDepartmentId)) {
      return refuse('MISSING_FIELD', '应当选择主办科室（leadDepartmentId）');
    }
    const contributors = command.contributingDepartmentIds ?? [];
    if (!Array.isArray(contributors) || !contributors.every(isId)) {
      return refuse('INVALID_DEPARTMENT', '协办科室（contributingDepartmentIds）应为科室编号的列表');
    }
    if (contributors.length > MAX_CONTRIBUTING_DEPARTMENTS) {
      return refuse(
        'TOO_MANY_DEPARTMENTS',
        `协办科室（contributingDepartmentIds）最多 ${MAX_CONTRIBUTING_DEPARTMENTS} 个`,
      );
    }
    if (new Set(contributors).size !== contributors.length) {
      return refuse('DUPLICATE_DEPARTMENT', '协办科室（contributingDepartmentIds）不能重复');
    }
    if (contributors.includes(command.leadDepartmentId)) {
      return refuse('LEAD_ALSO_CONTRIBUTOR', '主办科室不能同时作为协办科室（contributingDepartmentIds）');
    }
    const inputDueOn = command.inputDueOn ?? null;
    if (inputDueOn !== null) {
      const outOfRange = deadlineDateProblem(inputDueOn);
      if (outOfRange) return refuse('INVALID_DATE', `科室办理期限（inputDueOn）${outOfRange}`);
      if (inputDueOn < ctx.today) {
        return refuse('INPUT_DUE_IN_PAST', `科室办理期限（inputDueOn）${inputDueOn} 早于今天 ${ctx.today}`);
      }
      if (replyClockRuns(state)) {
        const due = replyDeadline(state, ctx.calendar).due;
        if (inputDueOn > due) {
          return refuse(
            'INPUT_DUE_AFTER_REPLY_DEADLINE',
            `科室办理期限（inputDueOn）${inputDueOn} 不能晚于本申请的答复期限 ${due}；答复期限只有一个，不因交办而改变`,
          );
        }
      }
    }
    const names = command.departmentNames ?? {};
    const nameOf = (id: string) => (typeof names[id] === 'string' && names[id].trim()) || id;
    const departments: RoutedDepartment[] = [command.leadDepartmentId, ...contributors].map((id, i) => ({
      departmentId: id,
      name: nameOf(id),
      role: i === 0 ? 'lead' : 'contributor',
      status: 'routed',
      signedBy: null,
      returnReason: null,
      contributions: 0,
    }));
    const next: Routing = {
      round: (routing?.round ?? 0) + 1,
      routedBy: actor,
      routedOn: ctx.today,
      note: command.note?.trim() || null,
      inputDueOn,
      departments,
    };
    return accept(
      state,
      {
        type: 'routed_to_departments',
        businessDate: null,
        actor,
        payload: {
          round: next.round,
          routedOn: next.routedOn,
          lead: { departmentId: departments[0].departmentId, name: departments[0].name },
          contributors: departments.slice(1).map((d) => ({ departmentId: d.departmentId, name: d.name })),
          note: next.note,
          inputDueOn,
          ...(routing ? { rerouted: true } : {}),
        },
      },
      { routing: next },
    );
  }

  if (!routing) return refuse('NOT_ROUTED', '本申请尚未交办承办科室');
  if (!isId(command.departmentId)) return refuse('MISSING_FIELD', '应当写明科室（departmentId）');
  const dept = routing.departments.find((d) => d.departmentId === command.departmentId);
  if (!dept) return refuse('DEPARTMENT_NOT_ROUTED', '本申请未交办该科室（departmentId）');
  const label = `${dept.name}（${ROUTING_ROLE_LABELS[dept.role]}）`;
  const update = (patch: Partial<RoutedDepartment>): Partial<ApplicationState> => ({
    routing: {
      ...routing,
      departments: routing.departments.map((d) =>
        d.departmentId === dept.departmentId ? { ...d, ...patch } : d,
      ),
    },
  });
  const who = { departmentId: dept.departmentId, name: dept.name, role: dept.role, round: routing.round };

  switch (command.type) {
    case 'signForRouting': {
      if (dept.status !== 'routed') {
        return refuse(
          'ROUTING_NOT_AWAITING_SIGNATURE',
          `${label}${ROUTED_DEPARTMENT_STATUS_LABELS[dept.status]}，不能再签收`,
        );
      }
      return accept(
        state,
        {
          type: 'routing_signed',
          businessDate: null,
          actor,
          payload: { ...who, signedOn: ctx.today, note: command.note?.trim() || null },
        },
        update({ status: 'signed', signedBy: actor }),
      );
    }
    case 'returnRouting': {
      if (dept.status !== 'routed' && dept.status !== 'signed') {
        return refuse(
          'ROUTING_NOT_RETURNABLE',
          `${label}${ROUTED_DEPARTMENT_STATUS_LABELS[dept.status]}，不能退回`,
        );
      }
      const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
      if (!reason) return refuse('MISSING_FIELD', '退回应当写明理由（reason）');
      return accept(
        state,
        {
          type: 'routing_returned',
          businessDate: null,
          actor,
          payload: { ...who, returnedOn: ctx.today, reason, backTo: routing.routedBy },
        },
        update({ status: 'returned', returnReason: reason }),
      );
    }
    case 'recordContribution': {
      if (dept.status !== 'signed' && dept.status !== 'contributed') {
        return refuse(
          'ROUTING_NOT_SIGNED',
          dept.status === 'routed'
            ? `${label}尚未签收，请先签收再提供意见或材料`
            : `${label}已退回，不能提供意见或材料`,
        );
      }
      const text = typeof command.text === 'string' ? command.text.trim() : '';
      if (!text) return refuse('MISSING_FIELD', '应当写明意见或材料说明（text）');
      return accept(
        state,
        {
          type: 'department_contribution',
          businessDate: null,
          actor,
          payload: { ...who, contributedOn: ctx.today, text },
        },
        update({ status: 'contributed', contributions: dept.contributions + 1 }),
      );
    }
  }
}
