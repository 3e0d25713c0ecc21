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
  /**
   * A reviewing body (复议机关, 法院) corrected the decision and the application is answered anew
   * (RULES.md §9): a new clock from the day the agency received that decision, running 20 working days,
   * or up to `due` when the body set the deadline itself. Pauses and an extension after it still apply.
   */
  | { kind: 'reopen'; on: IsoDate; due?: IsoDate | null }
  /** A request leaves the agency; `windowEnd` is the last day the pause can last. */
  | { kind: 'pause_begin'; on: IsoDate; ground: PauseGround; ref: string; windowEnd: IsoDate }
  | {
      kind: 'pause_end';
      on: IsoDate;
      ref: string;
      reason: 'answered' | 'window_lapsed' | 'paid' | 'cancelled';
      /** An in-time answer entered after the window's lapse was recorded: it replaces the lapse's end. */
      corrects?: boolean;
    }
  | { kind: 'extension'; on: IsoDate; workingDays: number; approvedBy: string }
  /**
   * Art. 35: the agency sets a reasonable later deadline. With `asBase` (rules of 2026-11 on) it is a new
   * base: the clock runs from `on` to `due`, and pauses and an extension after it still apply. Without it
   * (cases begun before), `due` replaces whatever the clock computes.
   */
  | { kind: 'later_deadline'; on: IsoDate; due: IsoDate; reason: string; asBase?: boolean };

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
  /** The day the clock (last) started: receipt or the supplemented application's arrival. */
  clockStartedOn: IsoDate;
  /** 20 + extension (or, after an Art. 35 base, the working days up to it + extension). */
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

type EndReason = 'answered' | 'window_lapsed' | 'paid' | 'cancelled';

const END_REASON_LABELS: Record<EndReason, string> = {
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
  endReason: EndReason | null;
  windowEnd: IsoDate;
  /** Working days of this pause that moved the deadline (overlaps and pauses after the due: fewer). */
  counted: number;
  /** The same pause before an Art. 35 base, which ends when this one ends. */
  origin?: PauseWork;
}

/** The running clock since its last base: receipt, a supplement's arrival, or an Art. 35 deadline. */
interface Segment {
  base: 'start' | 'restart' | 'later_deadline' | 'reopen';
  from: IsoDate;
  /** Working days of the term from `from` (20, or up to an Art. 35 deadline). */
  term: number;
  extensions: Array<{ on: IsoDate; workingDays: number; approvedBy: string }>;
  pauses: PauseWork[];
  /** Art. 35 deadline: the base of this segment (asBase), or an override of the computed due (before 2026-11). */
  laterDeadline: { on: IsoDate; due: IsoDate; reason: string; asBase: boolean } | null;
  /** A reopening's deadline set by the reviewing body: kept while nothing after it moved the clock. */
  fixedDue?: IsoDate | null;
}

interface LedgerWalk {
  clockStart: { kind: 'start' | 'restart' | 'reopen'; on: IsoDate };
  segment: Segment;
  /** Every pause since the clock (last) started, across Art. 35 bases: what working days taken exclude. */
  pausesSinceStart: PauseWork[];
}

function newPause(ground: PauseGround, ref: string, from: IsoDate, windowEnd: IsoDate): PauseWork {
  const end = windowEnd < from ? from : windowEnd;
  return {
    ground,
    ref,
    from,
    to: end,
    workingDays: 0,
    open: true,
    endReason: null,
    windowEnd: end,
    counted: 0,
  };
}

/**
 * Walks the ledger in order. A start or restart begins a new clock (Art. 30: from zero); a pause still
 * open at a restart goes on pausing the new clock from the restart's day. An Art. 35 base begins a new
 * segment of the same clock. Unknown or repeated references are ignored: the walk never throws on a
 * ledger that `decide` produced.
 */
function walkLedger(ledger: readonly ClockEntry[], calendar: WorkingDayCalendar): LedgerWalk {
  let clockStart: LedgerWalk['clockStart'] | null = null;
  let segment: Segment | null = null;
  let pausesSinceStart: PauseWork[] = [];
  let open = new Map<string, PauseWork>();
  let closed = new Map<string, PauseWork>();

  /**
   * The pauses open at a new base go on pausing its segment from the base's day. A restart begins a new
   * clock (what came before no longer counts); an Art. 35 base keeps the clock, so the pause before it
   * stays in the working days taken and ends when its carried part ends.
   */
  const carryOpenPauses = (from: IsoDate, target: Segment, restart: boolean) => {
    const carried = [...open.values()];
    open = new Map();
    if (restart) {
      closed = new Map();
      pausesSinceStart = [];
    }
    for (const p of carried) {
      if (p.windowEnd <= from) {
        // Its window ended by the new base: it pauses nothing more, its lapse is recorded on its own.
        if (!restart) open.set(p.ref, p);
        continue;
      }
      const copy = newPause(p.ground, p.ref, p.from > from ? p.from : from, p.windowEnd);
      if (!restart) copy.origin = p;
      target.pauses.push(copy);
      if (restart) pausesSinceStart.push(copy);
      open.set(copy.ref, copy);
    }
  };

  for (const entry of ledger) {
    checkDate(entry.on, entry.kind);
    if (entry.kind === 'start' || entry.kind === 'restart' || entry.kind === 'reopen') {
      clockStart = { kind: entry.kind, on: entry.on };
      const fixedDue = entry.kind === 'reopen' && entry.due ? entry.due : null;
      if (fixedDue) checkDate(fixedDue, 'reopen due');
      const next: Segment = {
        base: entry.kind,
        from: entry.on,
        term: fixedDue ? calendar.workingDaysBetween(entry.on, fixedDue) : REPLY_WORKING_DAYS,
        extensions: [],
        pauses: [],
        laterDeadline: null,
        fixedDue,
      };
      if (entry.kind === 'start') {
        open = new Map();
        closed = new Map();
        pausesSinceStart = [];
      } else {
        carryOpenPauses(entry.on, next, true);
      }
      segment = next;
      continue;
    }
    if (!segment)
      throw new RangeError('the clock ledger has no start (收到申请) entry before its first entry');
    switch (entry.kind) {
      case 'extension': {
        const n = entry.workingDays;
        if (!Number.isInteger(n) || n < 1 || n > MAX_EXTENSION_WORKING_DAYS) {
          throw new RangeError(
            `an extension is a whole number of working days from 1 to ${MAX_EXTENSION_WORKING_DAYS}, not ${n}`,
          );
        }
        segment.extensions.push({ on: entry.on, workingDays: n, approvedBy: entry.approvedBy });
        break;
      }
      case 'later_deadline': {
        checkDate(entry.due, 'later deadline');
        const later = { on: entry.on, due: entry.due, reason: entry.reason, asBase: entry.asBase === true };
        if (later.asBase) {
          const next: Segment = {
            base: 'later_deadline',
            from: entry.on,
            term: calendar.workingDaysBetween(entry.on, entry.due),
            extensions: [],
            pauses: [],
            laterDeadline: later,
          };
          carryOpenPauses(entry.on, next, false);
          segment = next;
        } else {
          segment.laterDeadline = later;
        }
        break;
      }
      case 'pause_begin': {
        checkDate(entry.windowEnd, 'pause window end');
        if (open.has(entry.ref)) break;
        const pause = newPause(entry.ground, entry.ref, entry.on, entry.windowEnd);
        segment.pauses.push(pause);
        pausesSinceStart.push(pause);
        open.set(entry.ref, pause);
        break;
      }
      case 'pause_end': {
        const pause = open.get(entry.ref) ?? (entry.corrects ? closed.get(entry.ref) : undefined);
        if (!pause) break;
        open.delete(entry.ref);
        closed.set(entry.ref, pause);
        const end = minDate(entry.on, pause.windowEnd);
        for (let p: PauseWork | undefined = pause; p; p = p.origin) {
          p.open = false;
          p.endReason = entry.reason;
          p.to = end < p.from ? p.from : end;
        }
        break;
      }
    }
  }
  if (!clockStart || !segment) throw new RangeError('the clock ledger has no start (收到申请) entry');
  return { clockStart, segment, pausesSinceStart };
}

/**
 * The working days the agency took from the clock's (last) start to `day`, not counting any working day
 * on which the clock was paused (every pause since the start, whether or not it moved the deadline).
 */
export function workingDaysTaken(
  ledger: readonly ClockEntry[],
  calendar: WorkingDayCalendar,
  day: IsoDate,
): number {
  const { clockStart, pausesSinceStart } = walkLedger(ledger, calendar);
  if (day <= clockStart.on) return 0;
  // The union of the paused spans (each excludes its first day, like every period), clipped to `day`.
  const spans = pausesSinceStart
    .map((p) => ({
      from: p.from < clockStart.on ? clockStart.on : p.from,
      to: minDate(p.open ? day : p.to, day),
    }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let paused = 0;
  let coveredTo: IsoDate | null = null;
  for (const s of spans) {
    const from = coveredTo && coveredTo > s.from ? coveredTo : s.from;
    if (s.to > from) paused += calendar.workingDaysBetween(from, s.to);
    if (!coveredTo || s.to > coveredTo) coveredTo = s.to;
  }
  return Math.max(0, calendar.workingDaysBetween(clockStart.on, day) - paused);
}

/**
 * The reply deadline from the clock's ledger (RULES.md §2–§6). Throws RangeError only when the ledger has
 * no start, or holds entries that are not dates.
 */
export function computeReplyDeadline(
  ledger: readonly ClockEntry[],
  calendar: WorkingDayCalendar,
): ReplyDeadline {
  const { clockStart, segment } = walkLedger(ledger, calendar);
  const start = segment.from;
  const pauses = segment.pauses;
  for (const p of pauses) p.workingDays = calendar.workingDaysBetween(p.from, p.to);

  const extensionWorkingDays = segment.extensions.reduce((n, e) => n + e.workingDays, 0);
  const workingDays = segment.term + extensionWorkingDays;

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
  const later = segment.laterDeadline;
  // An Art. 35 base keeps its own date while nothing after it moved the clock.
  const due =
    segment.fixedDue && extensionWorkingDays === 0 && pausedWorkingDays === 0
      ? segment.fixedDue
      : later && !later.asBase
        ? later.due
        : later &&
            later.asBase &&
            extensionWorkingDays === 0 &&
            pausedWorkingDays === 0 &&
            calendar.isWorkingDay(later.due)
          ? later.due
          : computedDue;

  // Holidays and make-up days between clock start and the due date.
  const origin = clockStart.on;
  const span = due > origin ? calendar.workingDaysBetween(origin, due) : 0;
  const period = calendar.addWorkingDays(origin, span);
  const provisionalYears: number[] = [];
  const lastYear = Math.max(yearOf(origin), yearOf(due));
  for (let y = Math.min(yearOf(origin), yearOf(due)); y <= lastYear; y++) {
    if (!calendar.hasArrangement(y)) provisionalYears.push(y);
  }

  const openPauses = pauses.filter((p) => p.open);
  const lastOpen = openPauses.length ? openPauses[openPauses.length - 1] : null;

  // The derivation, in Chinese.
  const steps: DerivationStep[] = [];
  steps.push({
    kind: clockStart.kind,
    date: origin,
    workingDays: null,
    text:
      clockStart.kind === 'start'
        ? `起算日：${origin}（收到申请之日，当日不计入，自次一工作日起计算）`
        : clockStart.kind === 'reopen'
          ? `起算日：${origin}（收到复议机关或人民法院纠正原答复的决定之日，重新作出答复，期限重新起算，当日不计入）`
          : `起算日：${origin}（收到补正后申请之日，答复期限重新起算，当日不计入）`,
  });
  if (segment.fixedDue) {
    steps.push({
      kind: 'term',
      date: segment.fixedDue,
      workingDays: segment.term,
      text: `答复期限：复议机关或人民法院确定的期限 ${segment.fixedDue}，自${segment.from}起计${segment.term}个工作日；此后的暂停和延长仍然适用`,
    });
  } else {
    steps.push({
      kind: 'term',
      date: null,
      workingDays: REPLY_WORKING_DAYS,
      text: `答复期限：${REPLY_WORKING_DAYS}个工作日（《政府信息公开条例》第三十三条）`,
    });
  }
  if (later && later.asBase) {
    steps.push({
      kind: 'later_deadline_base',
      date: later.due,
      workingDays: segment.term,
      text: `依第三十五条另行确定合理期限（${later.on}确定）：${later.due}，自${later.on}起计${segment.term}个工作日；此后的暂停和延长仍然适用；理由：${later.reason}`,
    });
  }
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
      text: `暂停计算：${label}（${p.ref}），自${p.from}${p.from === start && clockStart.kind === 'restart' ? '（重新起算时仍在进行）' : '发出'}，${ending}；${effect}`,
    });
  }
  for (const e of segment.extensions) {
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
  if (later && !later.asBase) {
    steps.push({
      kind: 'computed_due',
      date: computedDue,
      workingDays,
      text: `按工作日计算的答复期限届满日：${computedDue}`,
    });
    steps.push({
      kind: 'later_deadline',
      date: later.due,
      workingDays: null,
      text: `依第三十五条另行确定合理期限（${later.on}确定）：${later.due}；理由：${later.reason}`,
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
    clockStartedOn: origin,
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
    laterDeadline: later ? { due: later.due, reason: later.reason } : null,
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
