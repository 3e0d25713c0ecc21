/**
 * The application state machine (依申请公开办理流程), as a pure function: given the current state and a
 * command, either the event it produces and the next state, or the rule it breaks.
 *
 * The Temporal workflow calls `decide` twice per staff action: in the update's validator (a rejection
 * writes nothing to history) and in the handler (which applies the event). Dates are business dates
 * supplied by staff (RULES.md §1–3, §7).
 */
import { type IsoDate, addDays, isIsoDate } from './dates';
import { type ApplicantType } from './applicant';
import { type ReceiptChannel } from './channel';
import { type OutcomeCode, DRAFTABLE_OUTCOMES, OUTCOME_LABELS, isOutcomeCode } from './outcome';
import { type WorkingDayCalendar } from './calendar';

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
  abandoned: '逾期未补正（办结）',
  withdrawn: '申请人撤回（办结）',
};

export const CONCLUDED_STATUSES: readonly ApplicationStatus[] = ['delivered', 'abandoned', 'withdrawn'];

/** The law's default numbers (RULES.md §3); staff may set another supplement period. */
export const SUPPLEMENT_NOTICE_WORKING_DAYS = 7;
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
}

export interface Conclusion {
  outcome: OutcomeCode;
  concludedOn: IsoDate;
}

export interface ApplicationState {
  status: ApplicationStatus;
  receivedOn: IsoDate;
  /** The day the reply clock (last) started: receipt, or the supplemented application's arrival. */
  clockStartedOn: IsoDate;
  /** The latest business date recorded so far: later events may not predate it. */
  lastBusinessDate: IsoDate;
  supplement: SupplementRequest | null;
  decision: DecisionDraft | null;
  conclusion: Conclusion | null;
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
      actor?: string | null;
    }
  | { type: 'returnDecision'; reason: string; actor?: string | null }
  | { type: 'approveDecision'; note?: string | null; actor?: string | null }
  | { type: 'deliver'; deliveredOn: IsoDate; deliveryMethod: DeliveryMethod; actor?: string | null }
  | { type: 'withdraw'; withdrawnOn: IsoDate; reason?: string | null; actor?: string | null };

/** Commands the workflow issues itself when a legal period lapses. */
export type SystemCommand = { type: 'lapseSupplement' };

export type Command = StaffCommand | SystemCommand;
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

export function initialState(registration: Pick<Registration, 'receivedOn'>): ApplicationState {
  return {
    status: 'registered',
    receivedOn: registration.receivedOn,
    clockStartedOn: registration.receivedOn,
    lastBusinessDate: registration.receivedOn,
    supplement: null,
    decision: null,
    conclusion: null,
  };
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
  return { ok: false, violation: { code, message } };
}

function accept(state: ApplicationState, event: ApplicationEvent, next: Partial<ApplicationState>): Decision {
  const merged: ApplicationState = { ...state, ...next };
  if (event.businessDate && event.businessDate > merged.lastBusinessDate) {
    merged.lastBusinessDate = event.businessDate;
  }
  return { ok: true, event, next: merged };
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
};

function wrongState(command: Command, state: ApplicationState, expected: ApplicationStatus[]): Decision {
  const now = APPLICATION_STATUS_LABELS[state.status];
  const wanted = expected.map((s) => APPLICATION_STATUS_LABELS[s]).join('、');
  return refuse(
    'INVALID_TRANSITION',
    `当前状态为“${now}”，不能${ACTION_LABELS[command.type]}（只能在“${wanted}”状态下进行）`,
  );
}

/** Decide a command against the state: the event and next state, or the rule it breaks. Pure. */
export function decide(state: ApplicationState, command: Command, ctx: DecisionContext): Decision {
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
      const noticeDeadline = ctx.calendar.addWorkingDays(
        state.receivedOn,
        SUPPLEMENT_NOTICE_WORKING_DAYS,
      ).due;
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
          },
        },
        { status: 'under_review', supplement, clockStartedOn: command.supplementedOn },
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
      if (!isOutcomeCode(command.outcome)) {
        return refuse(
          'INVALID_OUTCOME',
          `办理结果（outcome）“${String(command.outcome)}”不是规定的办理结果代码`,
        );
      }
      if (!DRAFTABLE_OUTCOMES.includes(command.outcome)) {
        return refuse(
          'OUTCOME_RESERVED',
          `办理结果“${OUTCOME_LABELS[command.outcome]}”由系统在期限届满时自动认定，不能手工拟定`,
        );
      }
      if (command.outcome === 'unavailable.unclear_after_supplement' && !state.supplement?.supplementedOn) {
        return refuse(
          'OUTCOME_REQUIRES_SUPPLEMENT',
          '只有经补正后申请内容仍不明确的，才能答复“补正后申请内容仍不明确”',
        );
      }
      if (!command.legalGround?.trim())
        return refuse('MISSING_FIELD', '应当写明答复的法律依据（legalGround）');
      const decision: DecisionDraft = {
        outcome: command.outcome,
        legalGround: command.legalGround.trim(),
        notes: command.notes?.trim() || null,
        approved: false,
      };
      return accept(
        state,
        {
          type: 'decision_drafted',
          businessDate: null,
          actor,
          payload: { outcome: decision.outcome, legalGround: decision.legalGround, notes: decision.notes },
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
      const conclusion: Conclusion = { outcome: state.decision.outcome, concludedOn: command.deliveredOn };
      return accept(
        state,
        {
          type: 'decision_delivered',
          businessDate: command.deliveredOn,
          actor,
          payload: { deliveredOn: command.deliveredOn, deliveryMethod: command.deliveryMethod, conclusion },
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
  }
}
