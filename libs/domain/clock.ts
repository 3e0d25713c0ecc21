/**
 * The reply clock (答复期限) as a ledger of dated entries, and the deadline calculus over it (RULES.md §2–§6).
 *
 * The clock starts at receipt (or restarts at a supplemented application's receipt, Art. 30), runs for
 * 20 working days plus any approved extension (Art. 33), and stops while a consultation (Art. 32, 34) or
 * a fee notice is out. The deadline is the day on which the clock's N-th running working day ends.
 * Pure functions: no I/O, no framework.
 */
import type { WorkingDayCalendar, WorkingDayPeriod } from './calendar';
import { type IsoDate, isIsoDate, yearOf } from './dates';

/** Art. 33: the reply period. */
export const REPLY_WORKING_DAYS = 20;
/** Art. 33: one extension of at most 20 working days. */
export const MAX_EXTENSION_WORKING_DAYS = 20;
/** Art. 32, 34: the consulted party's window. */
export const CONSULTATION_WINDOW_WORKING_DAYS = 15;
/** 2020 fee measures: the applicant's window to pay. */
export const FEE_PAYMENT_WINDOW_WORKING_DAYS = 20;
/** Art. 30: the agency asks for supplementation within 7 working days of receipt. */
export const SUPPLEMENT_NOTICE_WORKING_DAYS = 7;

export type PauseGround = 'third_party_consultation' | 'other_agency_consultation' | 'fee_notice';

export const PAUSE_GROUND_LABELS: Record<PauseGround, string> = {
  third_party_consultation: '征求第三方意见（第三十二条）',
  other_agency_consultation: '征求其他机关意见（第三十四条）',
  fee_notice: '收费通知（缴费期间）',
};

export type ClockEntry =
  /** Receipt of the application (收到申请). */
  | { kind: 'start'; on: IsoDate }
  /** The supplemented application arrives (Art. 30): the clock restarts from zero. */
  | { kind: 'restart'; on: IsoDate }
  /** A request leaves the agency; `windowEnd` is the last day the pause can last. */
  | { kind: 'pause_begin'; on: IsoDate; ground: PauseGround; ref: string; windowEnd: IsoDate }
  | {
      kind: 'pause_end';
      on: IsoDate;
      ref: string;
      reason: 'answered' | 'window_lapsed' | 'paid' | 'cancelled';
    }
  | { kind: 'extension'; on: IsoDate; workingDays: number; approvedBy: string }
  /** Art. 35: the agency sets a reasonable later deadline. */
  | { kind: 'later_deadline'; on: IsoDate; due: IsoDate; reason: string };

export interface DerivationStep {
  kind: string;
  date: IsoDate | null;
  workingDays: number | null;
  /** Chinese, readable by a registrar. */
  text: string;
}

export interface ReplyPause {
  ground: PauseGround;
  ref: string;
  from: IsoDate;
  to: IsoDate;
  workingDays: number;
  open: boolean;
}

export interface ReplyDeadline {
  /** Last day to reply (the delivery date is compared with it). */
  due: IsoDate;
  /** A pause is open now (`due` is then projected as if the pause lasts to its windowEnd). */
  paused: boolean;
  openPause: { ground: PauseGround; ref: string; since: IsoDate; windowEnd: IsoDate } | null;
  clockStartedOn: IsoDate;
  /** 20 + extension. */
  workingDays: number;
  extensionWorkingDays: number;
  /** Paused working days that moved the deadline (closed pauses + open pause to its windowEnd). */
  pausedWorkingDays: number;
  pauses: ReplyPause[];
  laterDeadline: { due: IsoDate; reason: string } | null;
  provisional: boolean;
  provisionalYears: number[];
  /** Between clock start and due. */
  daysOffCrossed: IsoDate[];
  makeUpDaysCrossed: IsoDate[];
  /** The derivation, in order, in Chinese. */
  steps: DerivationStep[];
}

const END_REASON_LABELS: Record<'answered' | 'window_lapsed' | 'paid' | 'cancelled', string> = {
  answered: '已答复',
  window_lapsed: '期限届满',
  paid: '已缴费',
  cancelled: '已撤回',
};

function checkDate(date: IsoDate, what: string): void {
  if (!isIsoDate(date)) throw new RangeError(`${what}: not a date (YYYY-MM-DD): ${String(date)}`);
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

function joinDates(dates: readonly IsoDate[]): string {
  return dates.join('、');
}

interface PauseWork extends ReplyPause {
  /** The pause_end's reason, null while open. */
  endReason: 'answered' | 'window_lapsed' | 'paid' | 'cancelled' | null;
  windowEnd: IsoDate;
  /** Working days of this pause that moved the deadline (overlaps and pauses after the due: fewer). */
  counted: number;
}

/**
 * The reply deadline from the clock's ledger. Only entries after the last `start`/`restart` are
 * considered, in ledger order. Throws RangeError when the ledger has no start, or holds invalid entries.
 */
export function computeReplyDeadline(
  ledger: readonly ClockEntry[],
  calendar: WorkingDayCalendar,
): ReplyDeadline {
  let startIndex = -1;
  for (let i = ledger.length - 1; i >= 0; i--) {
    const k = ledger[i].kind;
    if (k === 'start' || k === 'restart') {
      startIndex = i;
      break;
    }
  }
  if (startIndex < 0) throw new RangeError('the clock ledger has no start (收到申请) entry');
  const startEntry = ledger[startIndex] as { kind: 'start' | 'restart'; on: IsoDate };
  checkDate(startEntry.on, 'clock start');
  const start = startEntry.on;
  const entries = ledger.slice(startIndex + 1);

  let extensionWorkingDays = 0;
  const extensions: Array<{ on: IsoDate; workingDays: number; approvedBy: string }> = [];
  let laterDeadline: { on: IsoDate; due: IsoDate; reason: string } | null = null;
  const pauses: PauseWork[] = [];
  const openByRef = new Map<string, PauseWork>();

  for (const entry of entries) {
    checkDate(entry.on, entry.kind);
    switch (entry.kind) {
      case 'start':
      case 'restart':
        break; // unreachable: startIndex is the last of them
      case 'extension': {
        const n = entry.workingDays;
        if (!Number.isInteger(n) || n < 1 || n > MAX_EXTENSION_WORKING_DAYS) {
          throw new RangeError(
            `an extension is a whole number of working days from 1 to ${MAX_EXTENSION_WORKING_DAYS}, not ${n}`,
          );
        }
        extensionWorkingDays += n;
        extensions.push({ on: entry.on, workingDays: n, approvedBy: entry.approvedBy });
        break;
      }
      case 'later_deadline':
        checkDate(entry.due, 'later deadline');
        laterDeadline = { on: entry.on, due: entry.due, reason: entry.reason };
        break;
      case 'pause_begin': {
        checkDate(entry.windowEnd, 'pause window end');
        if (openByRef.has(entry.ref)) throw new RangeError(`pause ${entry.ref} is already open`);
        const windowEnd = entry.windowEnd < entry.on ? entry.on : entry.windowEnd;
        const pause: PauseWork = {
          ground: entry.ground,
          ref: entry.ref,
          from: entry.on,
          to: windowEnd,
          workingDays: 0,
          open: true,
          endReason: null,
          windowEnd,
          counted: 0,
        };
        pauses.push(pause);
        openByRef.set(entry.ref, pause);
        break;
      }
      case 'pause_end': {
        const pause = openByRef.get(entry.ref);
        if (!pause) throw new RangeError(`pause_end for ${entry.ref}, which is not open`);
        openByRef.delete(entry.ref);
        pause.open = false;
        pause.endReason = entry.reason;
        const end = minDate(entry.on, pause.windowEnd);
        pause.to = end < pause.from ? pause.from : end;
        break;
      }
    }
  }
  for (const p of pauses) p.workingDays = calendar.workingDaysBetween(p.from, p.to);

  const workingDays = REPLY_WORKING_DAYS + extensionWorkingDays;

  // Walk the pauses in order of their begin date; the running clock fills the gaps between them.
  const ordered = [...pauses].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let cursor = start;
  let remaining = workingDays;
  let computedDue: IsoDate | null = null;
  for (const p of ordered) {
    const avail = p.from > cursor ? calendar.workingDaysBetween(cursor, p.from) : 0;
    if (remaining <= avail) {
      computedDue = calendar.addWorkingDays(cursor, remaining).due;
      break;
    }
    remaining -= avail;
    const from = p.from > cursor ? p.from : cursor;
    p.counted = calendar.workingDaysBetween(from, p.to);
    if (p.to > cursor) cursor = p.to;
  }
  if (computedDue === null) computedDue = calendar.addWorkingDays(cursor, remaining).due;

  const pausedWorkingDays = calendar.workingDaysBetween(start, computedDue) - workingDays;
  const due = laterDeadline ? laterDeadline.due : computedDue;

  // Holidays and make-up days between clock start and the due date.
  const span = due > start ? calendar.workingDaysBetween(start, due) : 0;
  const period = calendar.addWorkingDays(start, span);
  const provisionalYears: number[] = [];
  const lastYear = Math.max(yearOf(start), yearOf(due));
  for (let y = Math.min(yearOf(start), yearOf(due)); y <= lastYear; y++) {
    if (!calendar.hasArrangement(y)) provisionalYears.push(y);
  }

  const openPauses = pauses.filter((p) => p.open);
  const lastOpen = openPauses.length ? openPauses[openPauses.length - 1] : null;

  // The derivation, in Chinese.
  const steps: DerivationStep[] = [];
  steps.push({
    kind: startEntry.kind,
    date: start,
    workingDays: null,
    text:
      startEntry.kind === 'start'
        ? `起算日：${start}（收到申请之日，当日不计入，自次一工作日起计算）`
        : `起算日：${start}（收到补正后申请之日，答复期限重新起算，当日不计入）`,
  });
  steps.push({
    kind: 'term',
    date: null,
    workingDays: REPLY_WORKING_DAYS,
    text: `答复期限：${REPLY_WORKING_DAYS}个工作日（《政府信息公开条例》第三十三条）`,
  });
  for (const p of ordered) {
    const label = PAUSE_GROUND_LABELS[p.ground];
    const ending = p.open
      ? `尚未结束，按其期限届满日${p.windowEnd}推算`
      : `至${p.to}止（${END_REASON_LABELS[p.endReason ?? 'answered']}）`;
    let effect: string;
    if (p.counted === p.workingDays) effect = `期间${p.workingDays}个工作日不计入答复期限`;
    else if (p.counted === 0)
      effect = `共${p.workingDays}个工作日，因在期限届满后或与其他暂停期间重叠，不影响答复期限`;
    else
      effect = `共${p.workingDays}个工作日，其中${p.counted}个工作日不计入答复期限（其余与其他暂停期间重叠）`;
    steps.push({
      kind: p.open ? 'pause_open' : 'pause',
      date: p.from,
      workingDays: p.counted,
      text: `暂停计算：${label}（${p.ref}），自${p.from}发出，${ending}；${effect}`,
    });
  }
  for (const e of extensions) {
    steps.push({
      kind: 'extension',
      date: e.on,
      workingDays: e.workingDays,
      text: `延长答复期限：${e.workingDays}个工作日（${e.on}经${e.approvedBy}批准，第三十三条），答复期限合计${workingDays}个工作日`,
    });
  }
  if (pausedWorkingDays > 0) {
    steps.push({
      kind: 'paused_total',
      date: null,
      workingDays: pausedWorkingDays,
      text: `暂停期间合计${pausedWorkingDays}个工作日，顺延计算`,
    });
  }
  steps.push({
    kind: 'holidays',
    date: null,
    workingDays: period.daysOffCrossed.length,
    text: period.daysOffCrossed.length
      ? `跳过的法定节假日（工作日休息）：${joinDates(period.daysOffCrossed)}`
      : '期间内无逢工作日的法定节假日',
  });
  if (period.makeUpDaysCrossed.length) {
    steps.push({
      kind: 'make_up_days',
      date: null,
      workingDays: period.makeUpDaysCrossed.length,
      text: `计入的调休上班日：${joinDates(period.makeUpDaysCrossed)}`,
    });
  }
  if (laterDeadline) {
    steps.push({
      kind: 'computed_due',
      date: computedDue,
      workingDays,
      text: `按工作日计算的答复期限届满日：${computedDue}`,
    });
    steps.push({
      kind: 'later_deadline',
      date: laterDeadline.due,
      workingDays: null,
      text: `依第三十五条另行确定合理期限（${laterDeadline.on}确定）：${laterDeadline.due}；理由：${laterDeadline.reason}`,
    });
  }
  const provisionalNote = provisionalYears.length
    ? `（暂定：${provisionalYears.map((y) => `${y}年`).join('、')}节假日安排尚未公布，公布后重新计算）`
    : '';
  const projectedNote = lastOpen ? '（暂停尚未结束，按暂停期限届满推算）' : '';
  steps.push({
    kind: 'result',
    date: due,
    workingDays,
    text: `答复期限届满日：${due}${projectedNote}${provisionalNote}`,
  });

  return {
    due,
    paused: lastOpen !== null,
    openPause: lastOpen
      ? { ground: lastOpen.ground, ref: lastOpen.ref, since: lastOpen.from, windowEnd: lastOpen.windowEnd }
      : null,
    clockStartedOn: start,
    workingDays,
    extensionWorkingDays,
    pausedWorkingDays,
    pauses: pauses.map((p) => ({
      ground: p.ground,
      ref: p.ref,
      from: p.from,
      to: p.to,
      workingDays: p.workingDays,
      open: p.open,
    })),
    laterDeadline: laterDeadline ? { due: laterDeadline.due, reason: laterDeadline.reason } : null,
    provisional: provisionalYears.length > 0,
    provisionalYears,
    daysOffCrossed: period.daysOffCrossed,
    makeUpDaysCrossed: period.makeUpDaysCrossed,
    steps,
  };
}

/** Art. 30: the last day to ask for supplementation (7 working days from receipt). */
export function supplementNoticeDeadline(receivedOn: IsoDate, cal: WorkingDayCalendar): WorkingDayPeriod {
  return cal.addWorkingDays(receivedOn, SUPPLEMENT_NOTICE_WORKING_DAYS);
}

/** Art. 32, 34: the last day of a consulted party's window (15 working days from the request). */
export function consultationWindowEnd(sentOn: IsoDate, cal: WorkingDayCalendar): WorkingDayPeriod {
  return cal.addWorkingDays(sentOn, CONSULTATION_WINDOW_WORKING_DAYS);
}

/** The last day to pay a fee (20 working days from the fee notice). */
export function feePaymentWindowEnd(noticeOn: IsoDate, cal: WorkingDayCalendar): WorkingDayPeriod {
  return cal.addWorkingDays(noticeOn, FEE_PAYMENT_WINDOW_WORKING_DAYS);
}
