/**
 * Reconsideration and litigation cases (行政复议、行政诉讼, RULES.md §9) linked to an application, and
 * table 四 of the annual report (政府信息公开行政复议、行政诉讼情况, REPORT.md) derived from them.
 * Pure functions: no I/O, no framework.
 */
import { type IsoDate, isIsoDate, yearOf } from './dates';
import { type FieldProblem, businessDateProblem, deadlineDateProblem, textFieldProblem } from './input';
import type { CrossCheck } from './report';
import type { Role } from './roles';

/** The kinds of case, which are also table 四's groups, in the report's order. */
export const TABLE4_GROUPS = [
  'reconsideration',
  'litigation_direct',
  'litigation_after_reconsideration',
] as const;
export type ReviewCaseKind = (typeof TABLE4_GROUPS)[number];
export const REVIEW_CASE_KINDS = TABLE4_GROUPS;

export const REVIEW_CASE_KIND_LABELS: Record<ReviewCaseKind, string> = {
  reconsideration: '行政复议',
  litigation_direct: '行政诉讼（未经复议直接起诉）',
  litigation_after_reconsideration: '行政诉讼（复议后起诉）',
};

/** What the reviewing body is called, per kind (复议机关 or 法院). */
export const REVIEW_BODY_LABELS: Record<ReviewCaseKind, string> = {
  reconsideration: '复议机关',
  litigation_direct: '人民法院',
  litigation_after_reconsideration: '人民法院',
};

/** The results a case can end with; a case without one is pending (尚未审结). */
export const REVIEW_RESULTS = ['upheld', 'corrected', 'other'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

export const REVIEW_RESULT_LABELS: Record<ReviewResult | 'pending', string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};

/** Where a corrected result's reopening of the application stands (重新办理). */
export const REOPEN_STATES = ['requested', 'started', 'reopened'] as const;
export type ReopenState = (typeof REOPEN_STATES)[number];
export const REOPEN_STATE_LABELS: Record<ReopenState, string> = {
  requested: '已提交，等待重新办理',
  started: '正在重新办理',
  reopened: '已重新办理',
};

/** Table 四's five figures per group, in order. */
export const TABLE4_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type Table4Column = (typeof TABLE4_COLUMNS)[number];
export type Table4 = Record<ReviewCaseKind, number[]>;

/** Who records a case and its first result: any staff of the agency (registrar, handler, reviewer, admin). */
export const REVIEW_CASE_ROLES: readonly Role[] = ['registrar', 'handler', 'reviewer', 'admin'];
/** Who corrects a result already recorded (with a reason). */
export const REVIEW_RESULT_CORRECTION_ROLES: readonly Role[] = ['reviewer', 'admin'];

export const MAX_REVIEW_TEXT = {
  body: 200,
  reference: 100,
  note: 2000,
} as const;

/** A case as far as table 四 needs it. */
export interface ReviewCaseFacts {
  kind: ReviewCaseKind;
  filedOn: IsoDate;
  result: ReviewResult | null;
  resultOn: IsoDate | null;
}

export function isReviewCaseKind(value: unknown): value is ReviewCaseKind {
  return typeof value === 'string' && (TABLE4_GROUPS as readonly string[]).includes(value);
}

export function isReviewResult(value: unknown): value is ReviewResult {
  return typeof value === 'string' && (REVIEW_RESULTS as readonly string[]).includes(value);
}

export type { FieldProblem };

/** What recording a case takes. */
export interface NewReviewCase {
  kind: ReviewCaseKind;
  filedOn: IsoDate;
  body: string;
  reference?: string | null;
  note?: string | null;
}

/**
 * Problems of a new case: a known kind, the body named, the filing date a business date not before the
 * application's receipt and not in the future.
 */
export function reviewCaseProblems(
  input: Partial<Record<keyof NewReviewCase, unknown>>,
  application: { receivedOn: IsoDate },
  today: IsoDate,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isReviewCaseKind(input.kind)) {
    problems.push({ field: 'kind', reason: `kind must be one of: ${TABLE4_GROUPS.join(', ')}` });
  }
  const filed = businessDateProblem(input.filedOn, today);
  if (filed) problems.push({ field: 'filedOn', reason: `filedOn ${filed}` });
  else if ((input.filedOn as IsoDate) < application.receivedOn) {
    problems.push({
      field: 'filedOn',
      reason: `filedOn ${String(input.filedOn)} is before the application was received (${application.receivedOn}); a case about it cannot be filed earlier (申请复议或起诉之日不能早于收到申请之日)`,
    });
  }
  for (const [field, max, required] of [
    ['body', MAX_REVIEW_TEXT.body, true],
    ['reference', MAX_REVIEW_TEXT.reference, false],
    ['note', MAX_REVIEW_TEXT.note, false],
  ] as const) {
    const bad = textFieldProblem(field, input[field], max, required);
    if (bad) problems.push(bad);
  }
  return problems;
}

/** What recording a result takes. */
export interface ReviewResultInput {
  result: ReviewResult;
  resultOn: IsoDate;
  note?: string | null;
}

/**
 * Problems of a result for a case filed on `filedOn`: a known result with its date (they go together),
 * the date not before the filing and not in the future.
 */
export function reviewResultProblems(
  input: Partial<Record<keyof ReviewResultInput, unknown>>,
  filedOn: IsoDate,
  today: IsoDate,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isReviewResult(input.result)) {
    problems.push({ field: 'result', reason: `result must be one of: ${REVIEW_RESULTS.join(', ')}` });
  }
  const on = businessDateProblem(input.resultOn, today);
  if (on) problems.push({ field: 'resultOn', reason: `resultOn ${on}` });
  else if ((input.resultOn as IsoDate) < filedOn) {
    problems.push({
      field: 'resultOn',
      reason: `resultOn ${String(input.resultOn)} is before the case was filed (${filedOn}) (审结日期不能早于申请复议或起诉之日)`,
    });
  }
  const note = textFieldProblem('note', input.note, MAX_REVIEW_TEXT.note, false);
  if (note) problems.push(note);
  return problems;
}

/** A stored case is consistent: result and its date together, the date not before the filing. */
export function reviewCaseConsistent(c: ReviewCaseFacts): boolean {
  if (!isReviewCaseKind(c.kind) || !isIsoDate(c.filedOn)) return false;
  if ((c.result === null) !== (c.resultOn === null)) return false;
  if (c.result !== null && (!isReviewResult(c.result) || !isIsoDate(c.resultOn) || c.resultOn < c.filedOn)) {
    return false;
  }
  return true;
}

/**
 * The reopening a corrected result may carry: the day the agency received the reviewing body's decision
 * (a business date, not before the result) and, optionally, the reply deadline the body set (a date the
 * calendar can count to, after the reopening); without one a fresh statutory period runs from it.
 */
export function reopenProblems(
  input: { reopenedOn?: unknown; replyDueOn?: unknown },
  resultOn: IsoDate | null,
  today: IsoDate,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const on = businessDateProblem(input.reopenedOn, today);
  if (on) problems.push({ field: 'reopen.reopenedOn', reason: `reopen.reopenedOn ${on}` });
  else if (resultOn && (input.reopenedOn as IsoDate) < resultOn) {
    problems.push({
      field: 'reopen.reopenedOn',
      reason: `reopen.reopenedOn ${String(input.reopenedOn)} is before the result (${resultOn}); the agency receives the decision on or after its date`,
    });
  }
  if (input.replyDueOn !== undefined && input.replyDueOn !== null) {
    const due = deadlineDateProblem(input.replyDueOn);
    if (due) problems.push({ field: 'reopen.replyDueOn', reason: `reopen.replyDueOn ${due}` });
    else if (!on && (input.replyDueOn as IsoDate) <= (input.reopenedOn as IsoDate)) {
      problems.push({
        field: 'reopen.replyDueOn',
        reason: `reopen.replyDueOn ${String(input.replyDueOn)} must be after reopen.reopenedOn ${String(input.reopenedOn)}`,
      });
    }
  }
  return problems;
}

/** Which table 四 column a case counts under in `year`, or null when it does not count in that year. */
export function table4ColumnOf(c: ReviewCaseFacts, year: number): Exclude<Table4Column, 'total'> | null {
  if (yearOf(c.filedOn) !== year) return null;
  const yearEnd = `${year}-12-31`;
  if (c.result === null || c.resultOn === null || c.resultOn > yearEnd) return 'pending';
  return c.result;
}

/**
 * Table 四 of `year` (REPORT.md): a case counts in the year it was filed, under its result, or under
 * `pending` when it was not decided by 31 December of that year.
 */
export function computeTable4(cases: readonly ReviewCaseFacts[], year: number): Table4 {
  const table = Object.fromEntries(TABLE4_GROUPS.map((g) => [g, TABLE4_COLUMNS.map(() => 0)])) as Table4;
  const total = TABLE4_COLUMNS.indexOf('total');
  for (const c of cases) {
    if (!isReviewCaseKind(c.kind)) continue;
    const column = table4ColumnOf(c, year);
    if (!column) continue;
    table[c.kind][TABLE4_COLUMNS.indexOf(column)] += 1;
    table[c.kind][total] += 1;
  }
  return table;
}

/** The cross-checks of table 四: per group, 总计 = 维持 + 纠正 + 其他 + 尚未审结. */
export function crossCheckTable4(table: Table4): CrossCheck[] {
  const total = TABLE4_COLUMNS.indexOf('total');
  const failures = TABLE4_GROUPS.flatMap((g) => {
    const row = table[g];
    const sum = row.slice(0, total).reduce((s, v) => s + v, 0);
    return sum === row[total] ? [] : [`${g}: ${row[total]} ≠ ${sum}`];
  });
  return [
    {
      key: 'table4_total',
      description: '表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（行政复议、行政诉讼各项）',
      ok: failures.length === 0,
      failures,
    },
  ];
}
