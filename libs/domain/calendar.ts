/**
 * The working-day calendar (工作日): weekends and official holidays are off, weekend make-up working
 * days (调休上班) are on, per the State Council's yearly holiday notices (RULES.md §2).
 *
 * Counting uses a prefix index (working days up to each day), so adding N working days is a binary
 * search, not a day-by-day loop. Years without an arrangement fall back to weekends only and make every
 * period that reaches into them provisional.
 */
import { type IsoDate, fromEpochDay, toEpochDay, yearOf } from './dates';

export interface HolidayArrangement {
  year: number;
  /** Official days off (including those falling on weekdays). */
  off: IsoDate[];
  /** Weekend days declared working days (调休上班). */
  work: IsoDate[];
  /** The notice it comes from. */
  source?: string;
}

/** A period of N working days from a date (the date itself not counted), and how it was counted. */
export interface WorkingDayPeriod {
  from: IsoDate;
  workingDays: number;
  /** The day on which the N-th working day ends. */
  due: IsoDate;
  /** True when a year the period touches has no official arrangement yet. */
  provisional: boolean;
  provisionalYears: number[];
  /** Official days off on weekdays passed over between `from` and `due`. */
  daysOffCrossed: IsoDate[];
  /** Weekend make-up working days counted between `from` and `due`. */
  makeUpDaysCrossed: IsoDate[];
}

function expand(year: number, spec: string): IsoDate[] {
  const [a, b] = spec.split('..');
  const first = `${year}-${a}`;
  const last = b ? `${year}-${b}` : first;
  const out: IsoDate[] = [];
  for (let d = toEpochDay(first); d <= toEpochDay(last); d++) out.push(fromEpochDay(d));
  return out;
}

function arrangement(year: number, off: string[], work: string[]): HolidayArrangement {
  return {
    year,
    off: off.flatMap((s) => expand(year, s)),
    work: work.flatMap((s) => expand(year, s)),
    source: `国务院办公厅关于${year}年部分节假日安排的通知`,
  };
}

/**
 * The official arrangements the product ships with, 2008–2026 (the first Regulations took effect on
 * 1 May 2008), from the State Council's yearly notices (cross-checked in tests against
 * shared/domain/fixtures and, day by day, against the `chinese-days` data set). A date belongs to the
 * arrangement of its own year even when another year's notice set it (31 December 2022 was off under the
 * 2023 notice). A holiday block joined to a weekend ("与周末连休") lists the weekend days too; they are
 * off either way. 2008 is the first year of the reformed national holidays (除夕 to 初二 off, 清明, 端午
 * and 中秋 new, 劳动节 three days).
 */
/** How far an entered arrangement has reached the open applications (推送进度). */
export const CALENDAR_PROPAGATION_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type CalendarPropagationStatus = (typeof CALENDAR_PROPAGATION_STATUSES)[number];
export const CALENDAR_PROPAGATION_STATUS_LABELS: Record<CalendarPropagationStatus, string> = {
  pending: '等待推送',
  running: '推送中',
  done: '已完成',
  failed: '失败',
};

export const BUILT_IN_ARRANGEMENTS: HolidayArrangement[] = [
  arrangement(
    2008,
    ['01-01', '02-06..02-12', '04-04..04-06', '05-01..05-03', '06-07..06-09', '09-13..09-15', '09-29..10-05'],
    ['02-02', '02-03', '05-04', '09-27', '09-28'],
  ),
  arrangement(
    2009,
    ['01-01..01-03', '01-25..01-31', '04-04..04-06', '05-01..05-03', '05-28..05-30', '10-01..10-08'],
    ['01-04', '01-24', '02-01', '05-31', '09-27', '10-10'],
  ),
  arrangement(
    2010,
    [
      '01-01..01-03',
      '02-13..02-19',
      '04-03..04-05',
      '05-01..05-03',
      '06-14..06-16',
      '09-22..09-24',
      '10-01..10-07',
    ],
    ['02-20', '02-21', '06-12', '06-13', '09-19', '09-25', '09-26', '10-09'],
  ),
  arrangement(
    2011,
    [
      '01-01..01-03',
      '02-02..02-08',
      '04-03..04-05',
      '04-30..05-02',
      '06-04..06-06',
      '09-10..09-12',
      '10-01..10-07',
    ],
    ['01-30', '02-12', '04-02', '10-08', '10-09', '12-31'],
  ),
  arrangement(
    2012,
    ['01-01..01-03', '01-22..01-28', '04-02..04-04', '04-29..05-01', '06-22..06-24', '09-30..10-07'],
    ['01-21', '01-29', '03-31', '04-01', '04-28', '09-29'],
  ),
  arrangement(
    2013,
    [
      '01-01..01-03',
      '02-09..02-15',
      '04-04..04-06',
      '04-29..05-01',
      '06-10..06-12',
      '09-19..09-21',
      '10-01..10-07',
    ],
    [
      '01-05',
      '01-06',
      '02-16',
      '02-17',
      '04-07',
      '04-27',
      '04-28',
      '06-08',
      '06-09',
      '09-22',
      '09-29',
      '10-12',
    ],
  ),
  arrangement(
    2014,
    ['01-01', '01-31..02-06', '04-05..04-07', '05-01..05-03', '05-31..06-02', '09-06..09-08', '10-01..10-07'],
    ['01-26', '02-08', '05-04', '09-28', '10-11'],
  ),
  arrangement(
    2015,
    [
      '01-01..01-03',
      '02-18..02-24',
      '04-05..04-06',
      '05-01',
      '06-20..06-22',
      // 中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日
      '09-03..09-05',
      '09-27',
      '10-01..10-07',
    ],
    ['01-04', '02-15', '02-28', '09-06', '10-10'],
  ),
  arrangement(
    2016,
    [
      '01-01..01-03',
      '02-07..02-13',
      '04-02..04-04',
      '04-30..05-02',
      '06-09..06-11',
      '09-15..09-17',
      '10-01..10-07',
    ],
    ['02-06', '02-14', '06-12', '09-18', '10-08', '10-09'],
  ),
  arrangement(
    2017,
    [
      '01-01..01-02',
      '01-27..02-02',
      '04-02..04-04',
      '04-29..05-01',
      '05-28..05-30',
      '10-01..10-08',
      '12-30..12-31',
    ],
    ['01-22', '02-04', '04-01', '05-27', '09-30'],
  ),
  arrangement(
    2018,
    [
      '01-01',
      '02-15..02-21',
      '04-05..04-07',
      '04-29..05-01',
      '06-16..06-18',
      '09-22..09-24',
      '10-01..10-07',
      '12-30..12-31',
    ],
    ['02-11', '02-24', '04-08', '04-28', '09-29', '09-30', '12-29'],
  ),
  arrangement(
    2019,
    ['01-01', '02-04..02-10', '04-05..04-07', '05-01..05-04', '06-07..06-09', '09-13..09-15', '10-01..10-07'],
    ['02-02', '02-03', '04-28', '05-05', '09-29', '10-12'],
  ),
  arrangement(
    2020,
    ['01-01', '01-24..02-02', '04-04..04-06', '05-01..05-05', '06-25..06-27', '10-01..10-08'],
    ['01-19', '04-26', '05-09', '06-28', '09-27', '10-10'],
  ),
  arrangement(
    2021,
    [
      '01-01..01-03',
      '02-11..02-17',
      '04-03..04-05',
      '05-01..05-05',
      '06-12..06-14',
      '09-19..09-21',
      '10-01..10-07',
    ],
    ['02-07', '02-20', '04-25', '05-08', '09-18', '09-26', '10-09'],
  ),
  arrangement(
    2022,
    [
      '01-01..01-03',
      '01-31..02-06',
      '04-03..04-05',
      '04-30..05-04',
      '06-03..06-05',
      '09-10..09-12',
      '10-01..10-07',
      '12-31',
    ],
    ['01-29', '01-30', '04-02', '04-24', '05-07', '10-08', '10-09'],
  ),
  arrangement(
    2023,
    ['01-01..01-02', '01-21..01-27', '04-05', '04-29..05-03', '06-22..06-24', '09-29..10-06'],
    ['01-28', '01-29', '04-23', '05-06', '06-25', '10-07', '10-08'],
  ),
  arrangement(
    2024,
    ['01-01', '02-10..02-17', '04-04..04-06', '05-01..05-05', '06-10', '09-15..09-17', '10-01..10-07'],
    ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'],
  ),
  arrangement(
    2025,
    ['01-01', '01-28..02-04', '04-04..04-06', '05-01..05-05', '05-31..06-02', '10-01..10-08'],
    ['01-26', '02-08', '04-27', '09-28', '10-11'],
  ),
  arrangement(
    2026,
    [
      '01-01..01-03',
      '02-15..02-23',
      '04-04..04-06',
      '05-01..05-05',
      '06-19..06-21',
      '09-25..09-27',
      '10-01..10-07',
    ],
    ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  ),
];

/** Saturday or Sunday (1970-01-01, epoch day 0, was a Thursday). */
function isWeekend(epochDay: number): boolean {
  const dow = (((epochDay + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6;
}

const INDEX_FIRST_YEAR = 2000;
const INDEX_LAST_YEAR = 2100;

export class WorkingDayCalendar {
  private readonly years = new Set<number>();
  /** Epoch days of official days off and of make-up working days. */
  private readonly off = new Set<number>();
  private readonly work = new Set<number>();
  private readonly firstDay = toEpochDay(`${INDEX_FIRST_YEAR}-01-01`);
  private readonly lastDay = toEpochDay(`${INDEX_LAST_YEAR}-12-31`);
  /** cumulative[i] = working days in [firstDay, firstDay + i). */
  private readonly cumulative: Int32Array;

  constructor(arrangements: readonly HolidayArrangement[]) {
    for (const a of arrangements) {
      this.years.add(a.year);
      for (const d of a.off) this.off.add(toEpochDay(d));
      for (const d of a.work) this.work.add(toEpochDay(d));
    }
    const days = this.lastDay - this.firstDay + 1;
    this.cumulative = new Int32Array(days + 1);
    for (let i = 0; i < days; i++) {
      this.cumulative[i + 1] = this.cumulative[i] + (this.computeWorkingDay(this.firstDay + i) ? 1 : 0);
    }
  }

  get arrangedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  hasArrangement(year: number): boolean {
    return this.years.has(year);
  }

  private computeWorkingDay(day: number): boolean {
    if (this.work.has(day)) return true;
    if (this.off.has(day)) return false;
    return !isWeekend(day);
  }

  private indexOf(date: IsoDate): number {
    const day = toEpochDay(date);
    if (day < this.firstDay || day > this.lastDay) {
      throw new RangeError(`${date} is outside the calendar (${INDEX_FIRST_YEAR}–${INDEX_LAST_YEAR})`);
    }
    return day - this.firstDay;
  }

  isWorkingDay(date: IsoDate): boolean {
    const i = this.indexOf(date);
    return this.cumulative[i + 1] - this.cumulative[i] === 1;
  }

  /** Working days after `fromExclusive` up to and including `toInclusive` (0 when to ≤ from). */
  workingDaysBetween(fromExclusive: IsoDate, toInclusive: IsoDate): number {
    if (toInclusive <= fromExclusive) return 0;
    return this.cumulative[this.indexOf(toInclusive) + 1] - this.cumulative[this.indexOf(fromExclusive) + 1];
  }

  /**
   * The working day that leaves exactly `n` working days until the end of `date` (n = 0: `date` itself
   * if it is a working day, else the last working day before it). Used to schedule "5 working days
   * before the deadline" reminders.
   */
  workingDayBefore(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`working days must be a whole number ≥ 0, not ${n}`);
    const target = this.cumulative[this.indexOf(date) + 1] - n;
    if (target < 1) throw new RangeError(`${n} working days before ${date} run past the calendar`);
    // The first index j with cumulative[j + 1] >= target: the target-th working day of the index.
    let lo = 0;
    let hi = this.indexOf(date);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid + 1] >= target) hi = mid;
      else lo = mid + 1;
    }
    return fromEpochDay(this.firstDay + lo);
  }

  /**
   * Working days from `from` to `to`: `workingDaysBetween(from, to)` when `to` is later, and the same
   * count negated when it is earlier (working days left until a deadline, or past it when negative).
   */
  workingDaysUntil(from: IsoDate, to: IsoDate): number {
    return to >= from ? this.workingDaysBetween(from, to) : -this.workingDaysBetween(to, from);
  }

  /**
   * The first day `d` with `workingDaysUntil(from, d) >= n` (n may be negative: |n| working days
   * past). The count is monotone in `d`, so the days before the answer are exactly those with fewer than
   * n working days left: "at most N working days left" is `d < firstDayWithWorkingDaysLeft(from, N + 1)`
   * and "overdue" is `d < firstDayWithWorkingDaysLeft(from, 0)`, ranges of dates a database index
   * answers. For n ≥ 1 this is `addWorkingDays(from, n).due`; for n ≤ 0, `workingDayBefore(from, -n)`.
   */
  firstDayWithWorkingDaysLeft(from: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, not ${n}`);
    // workingDaysUntil(from, d) = cumulative[idx(d) + 1] - cumulative[idx(from) + 1]: the first index j
    // with cumulative[j + 1] >= target.
    const target = this.cumulative[this.indexOf(from) + 1] + n;
    return fromEpochDay(this.firstDay + this.firstIndexReaching(target, 0, from, n));
  }

  /**
   * The first index j ≥ lo with cumulative[j + 1] ≥ target (a binary search of the prefix count); a
   * RangeError naming `n` working days from `from` when the calendar ends before.
   */
  private firstIndexReaching(target: number, lo: number, from: IsoDate, n: number): number {
    let hi = this.cumulative.length - 2;
    if (this.cumulative[hi + 1] < target)
      throw new RangeError(`${n} working days from ${from} run past the calendar`);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid + 1] >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    return this.addWorkingDays(date, 1).due;
  }

  /** N working days from `from` (not counting `from`): the day on which the N-th working day ends. */
  addWorkingDays(from: IsoDate, n: number): WorkingDayPeriod {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`working days must be a whole number ≥ 0, not ${n}`);
    const start = this.indexOf(from);
    let due = from;
    if (n > 0) {
      // The smallest index j > start with cumulative[j + 1] - cumulative[start + 1] >= n.
      const target = this.cumulative[start + 1] + n;
      due = fromEpochDay(this.firstDay + this.firstIndexReaching(target, start + 1, from, n));
    }
    const provisionalYears: number[] = [];
    for (let y = yearOf(from); y <= yearOf(due); y++) if (!this.years.has(y)) provisionalYears.push(y);
    const daysOffCrossed: IsoDate[] = [];
    const makeUpDaysCrossed: IsoDate[] = [];
    const last = this.firstDay + (due === from ? start : this.indexOf(due));
    for (let d = this.firstDay + start + 1; d <= last; d++) {
      if (this.off.has(d) && !isWeekend(d)) daysOffCrossed.push(fromEpochDay(d));
      if (this.work.has(d)) makeUpDaysCrossed.push(fromEpochDay(d));
    }
    return {
      from,
      workingDays: n,
      due,
      provisional: provisionalYears.length > 0,
      provisionalYears,
      daysOffCrossed,
      makeUpDaysCrossed,
    };
  }
}

export const BUILT_IN_CALENDAR = new WorkingDayCalendar(BUILT_IN_ARRANGEMENTS);

/** How many distinct calendars `sharedCalendar` keeps (the most recently used). */
const SHARED_CALENDARS = 16;
const sharedCalendars = new Map<string, WorkingDayCalendar>();

/**
 * The calendar of these arrangements, built once and shared (issue 12). A calendar is immutable and a
 * pure function of its arrangements, so every caller with the same arrangements may count with the same
 * instance. The worker loads this module once for all its workflows (a preloaded module of the workflow
 * bundle, scripts/bundle-workflows.ts), so its cached application workflows — each carrying the same
 * arrangements in its input — share one index of 2000–2100 (about 150 KB) instead of building one each,
 * and a replayed workflow skips building it. Without the preload (each workflow loading the module
 * afresh) it is simply per workflow, as before.
 */
export function sharedCalendar(arrangements: readonly HolidayArrangement[]): WorkingDayCalendar {
  const key = arrangements.map((a) => `${a.year}:${a.off.join(',')}/${a.work.join(',')}`).join(';');
  let calendar = sharedCalendars.get(key);
  if (calendar) {
    sharedCalendars.delete(key); // most recently used last
  } else {
    calendar = new WorkingDayCalendar(arrangements);
    if (sharedCalendars.size >= SHARED_CALENDARS) {
      sharedCalendars.delete(sharedCalendars.keys().next().value as string);
    }
  }
  sharedCalendars.set(key, calendar);
  return calendar;
}
