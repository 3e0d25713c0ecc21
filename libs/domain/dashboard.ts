/**
 * The dashboard (一览, issue 15): the year's figures as heads of office and governments watch them —
 * received and concluded per month, outcomes by national category, timeliness, the open applications by
 * working days left, reconsideration and litigation — for one agency or per agency under a government.
 *
 * One source of figures: everything about the year is derived from the same aggregated counts as the
 * annual report (application_facts grouped as table 三 is, here also by month and by agency), through the
 * report's own functions (`annualReportFromCounts`, `timelinessFromCounts`, `computeTable4`). The monthly
 * series add up to the report's 本年新收 and 办结; the outcome categories add up its outcome rows.
 * Only the open applications "as of today" are not in the report: they come from the applications'
 * current deadlines, banded by working days left as the inbox counts them.
 */
import { APPLICANT_TYPES } from './applicant';
import type { WorkingDayCalendar } from './calendar';
import type { IsoDate } from './dates';
import { OUTCOME_CODES, type OutcomeCode } from './outcome';
import type { AnnualReport, Table3, TimelinessCount } from './report';
import {
  REVIEW_CASE_KIND_LABELS,
  TABLE4_COLUMNS,
  TABLE4_GROUPS,
  type ReviewCaseKind,
  type Table4,
} from './review-cases';
import { DUE_SOON_WORKING_DAYS } from './tasks';

/** The national categories of outcomes (办理结果), each the group of table 三's outcome rows. */
export const OUTCOME_CATEGORIES = [
  'disclosed',
  'partially_disclosed',
  'withheld',
  'unavailable',
  'not_processed',
  'other',
] as const;
export type OutcomeCategory = (typeof OUTCOME_CATEGORIES)[number];
export const OUTCOME_CATEGORY_LABELS: Record<OutcomeCategory, string> = {
  disclosed: '予以公开',
  partially_disclosed: '部分公开',
  withheld: '不予公开',
  unavailable: '无法提供',
  not_processed: '不予处理',
  other: '其他处理',
};

/** The category of an outcome code: the part before the dot ('withheld.state_secret' → 'withheld'). */
export function outcomeCategoryOf(code: OutcomeCode): OutcomeCategory {
  return code.split('.')[0] as OutcomeCategory;
}

export interface CategoryCount {
  category: OutcomeCategory;
  label: string;
  count: number;
}

/** The year's conclusions by category, summed from table 三's outcome rows (总计 column). */
export function outcomesByCategory(table3: Table3): CategoryCount[] {
  const total = APPLICANT_TYPES.length;
  const counts = new Map<OutcomeCategory, number>(OUTCOME_CATEGORIES.map((c) => [c, 0]));
  for (const code of OUTCOME_CODES) {
    const category = outcomeCategoryOf(code);
    counts.set(category, counts.get(category)! + table3[code][total]);
  }
  return OUTCOME_CATEGORIES.map((category) => ({
    category,
    label: OUTCOME_CATEGORY_LABELS[category],
    count: counts.get(category)!,
  }));
}

/** Received and concluded in one month of the year. */
export interface MonthFigures {
  /** 'YYYY-MM'. */
  month: string;
  received: number;
  concluded: number;
}

/** A group of application_facts: received and concluded month within the year (null: not in it). */
export interface MonthCount {
  receivedMonth: number | null;
  concludedMonth: number | null;
  count: number;
}

/** The twelve months of the year: applications received and concluded in each. */
export function monthlyFigures(year: number, counts: readonly MonthCount[]): MonthFigures[] {
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: `${year}-${String(i + 1).padStart(2, '0')}`,
    received: 0,
    concluded: 0,
  }));
  const at = (month: number) => {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new Error(`dashboard: bad month ${month}`);
    return months[month - 1];
  };
  for (const c of counts) {
    if (c.receivedMonth !== null) at(c.receivedMonth).received += c.count;
    if (c.concludedMonth !== null) at(c.concludedMonth).concluded += c.count;
  }
  return months;
}

/** Bands of working days taken by the year's decisions (the timeliness figures' distribution). */
export const WORKING_DAYS_TAKEN_BANDS = [
  { band: '0-5', label: '5个工作日以内', upTo: 5 },
  { band: '6-10', label: '6至10个工作日', upTo: 10 },
  { band: '11-15', label: '11至15个工作日', upTo: 15 },
  { band: '16-20', label: '16至20个工作日', upTo: 20 },
  { band: '21-30', label: '21至30个工作日', upTo: 30 },
  { band: '31-40', label: '31至40个工作日', upTo: 40 },
  { band: '41+', label: '40个工作日以上', upTo: Number.POSITIVE_INFINITY },
] as const;

export interface WorkingDaysBand {
  band: string;
  label: string;
  onTime: number;
  late: number;
}

/** The year's decisions by working days taken, on time and late, in bands (the counts of the timeliness figures). */
export function workingDaysDistribution(counts: readonly TimelinessCount[]): WorkingDaysBand[] {
  const bands = WORKING_DAYS_TAKEN_BANDS.map((b) => ({ band: b.band, label: b.label, onTime: 0, late: 0 }));
  for (const c of counts) {
    const i = WORKING_DAYS_TAKEN_BANDS.findIndex((b) => c.workingDaysTaken <= b.upTo);
    if (c.onTime) bands[i].onTime += c.count;
    else bands[i].late += c.count;
  }
  return bands;
}

/** The share of the year's decisions made on time, in percent with one decimal (null with none). */
export function onTimeRate(t: { onTime: number; late: number }): number | null {
  const decided = t.onTime + t.late;
  return decided === 0 ? null : Math.round((t.onTime / decided) * 1000) / 10;
}

/** Where an open application's clock stands today, for the dashboard's bands. */
export const OPEN_BANDS = [
  'overdue',
  'due_soon',
  'within_10',
  'within_20',
  'later',
  'paused',
  'waiting_supplement',
] as const;
export type OpenBand = (typeof OPEN_BANDS)[number];
export const OPEN_BAND_LABELS: Record<OpenBand, string> = {
  overdue: '已逾期',
  due_soon: `剩余0至${DUE_SOON_WORKING_DAYS}个工作日`,
  within_10: `剩余${DUE_SOON_WORKING_DAYS + 1}至10个工作日`,
  within_20: '剩余11至20个工作日',
  later: '剩余20个工作日以上',
  paused: '暂停计算（征求意见、缴费）',
  waiting_supplement: '等待补正（期限未起算）',
};

/** A group of open applications: its status, whether its clock is paused, and its reply deadline. */
export interface OpenCount {
  status: string;
  paused: boolean;
  replyDueOn: IsoDate | null;
  count: number;
}

/**
 * The band of an open application today: waiting for a supplement (the clock restarts when it comes),
 * paused, or by working days left until its reply deadline (`calendar.workingDaysUntil`, as the inbox
 * counts: overdue below 0, due soon from 0 to DUE_SOON_WORKING_DAYS).
 */
export function openBandOf(
  o: Pick<OpenCount, 'status' | 'paused' | 'replyDueOn'>,
  today: IsoDate,
  calendar: WorkingDayCalendar,
): OpenBand {
  if (o.status === 'supplement_requested') return 'waiting_supplement';
  if (o.paused || !o.replyDueOn) return 'paused';
  const left = calendar.workingDaysUntil(today, o.replyDueOn);
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_WORKING_DAYS) return 'due_soon';
  if (left <= 10) return 'within_10';
  if (left <= 20) return 'within_20';
  return 'later';
}

export interface OpenFigures {
  /** Open applications today. */
  total: number;
  byBand: { band: OpenBand; label: string; count: number }[];
}

/** The open applications today by band. */
export function openFigures(
  counts: readonly OpenCount[],
  today: IsoDate,
  calendar: WorkingDayCalendar,
): OpenFigures {
  const byBand = new Map<OpenBand, number>(OPEN_BANDS.map((b) => [b, 0]));
  let total = 0;
  for (const c of counts) {
    const band = openBandOf(c, today, calendar);
    byBand.set(band, byBand.get(band)! + c.count);
    total += c.count;
  }
  return {
    total,
    byBand: OPEN_BANDS.map((band) => ({ band, label: OPEN_BAND_LABELS[band], count: byBand.get(band)! })),
  };
}

export interface ReviewFigures {
  kind: ReviewCaseKind;
  label: string;
  upheld: number;
  corrected: number;
  other: number;
  pending: number;
  total: number;
}

/** Table 四's rows as figures (the report's table, not a recount). */
export function reviewFigures(table4: Table4): ReviewFigures[] {
  const at = (kind: ReviewCaseKind, column: (typeof TABLE4_COLUMNS)[number]) =>
    table4[kind][TABLE4_COLUMNS.indexOf(column)];
  return TABLE4_GROUPS.map((kind) => ({
    kind,
    label: REVIEW_CASE_KIND_LABELS[kind],
    upheld: at(kind, 'upheld'),
    corrected: at(kind, 'corrected'),
    other: at(kind, 'other'),
    pending: at(kind, 'pending'),
    total: at(kind, 'total'),
  }));
}

/** The year's figures of one agency (or of a roll-up), all from the report's counts. */
export interface YearFigures {
  applications: AnnualReport['applications'];
  monthly: MonthFigures[];
  outcomes: CategoryCount[];
  timeliness: AnnualReport['timeliness'] & { onTimeRate: number | null };
  workingDaysTaken: WorkingDaysBand[];
  reviews: ReviewFigures[];
}

/** The year's figures from the report of the same counts, its month groups, its decisions and table 四. */
export function yearFigures(input: {
  year: number;
  report: AnnualReport;
  months: readonly MonthCount[];
  decisions: readonly TimelinessCount[];
  table4: Table4;
}): YearFigures {
  const { report } = input;
  return {
    applications: report.applications,
    monthly: monthlyFigures(input.year, input.months),
    outcomes: outcomesByCategory(report.table3),
    timeliness: { ...report.timeliness, onTimeRate: onTimeRate(report.timeliness) },
    workingDaysTaken: workingDaysDistribution(input.decisions),
    reviews: reviewFigures(input.table4),
  };
}
