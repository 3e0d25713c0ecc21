/**
 * Table 三 of the annual report (收到和处理政府信息公开申请情况), as a pure function of the recorded
 * event log, by the counting rules and cross-checks (勾稽关系) of REPORT.md.
 */
import { APPLICANT_TYPES, type ApplicantType, isApplicantType } from './applicant';
import { type IsoDate, isIsoDate, yearOf } from './dates';
import { OUTCOME_CODES, type OutcomeCode, isOutcomeCode } from './outcome';

/** An event as recorded in the log, as far as the report needs it. */
export interface RecordedEvent {
  applicationId: string;
  seq: number;
  type: string;
  businessDate: IsoDate | null;
  payload: Record<string, unknown>;
}

export interface ConclusionTimeliness {
  dueOn: IsoDate;
  onTime: boolean;
  workingDaysTaken: number;
}

export interface ApplicationFacts {
  applicationId: string;
  applicantType: ApplicantType;
  receivedOn: IsoDate;
  conclusion: { outcome: OutcomeCode; concludedOn: IsoDate; timeliness?: ConclusionTimeliness | null } | null;
}

export const TABLE3_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;
export type Table3Column = (typeof TABLE3_COLUMNS)[number];

export const TABLE3_ROWS = [
  'new_this_year',
  'carried_from_last_year',
  ...OUTCOME_CODES,
  'concluded_total',
  'carried_to_next_year',
] as const;
export type Table3RowKey = (typeof TABLE3_ROWS)[number];
export type Table3 = Record<Table3RowKey, number[]>;

function conclusionOf(payload: Record<string, unknown>): ApplicationFacts['conclusion'] | undefined {
  const c = payload.conclusion as { outcome?: unknown; concludedOn?: unknown } | undefined;
  if (!c || typeof c !== 'object') return undefined;
  if (!isOutcomeCode(c.outcome) || !isIsoDate(c.concludedOn)) return undefined;
  const t = (c as { timeliness?: Partial<ConclusionTimeliness> | null }).timeliness;
  const timeliness =
    t && isIsoDate(t.dueOn) && typeof t.onTime === 'boolean' && typeof t.workingDaysTaken === 'number'
      ? { dueOn: t.dueOn, onTime: t.onTime, workingDaysTaken: t.workingDaysTaken }
      : null;
  return { outcome: c.outcome, concludedOn: c.concludedOn, timeliness };
}

/** The facts the report counts, one per registered application, folded from its events in seq order. */
export function deriveApplicationFacts(events: readonly RecordedEvent[]): ApplicationFacts[] {
  const byApplication = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = byApplication.get(e.applicationId);
    if (list) list.push(e);
    else byApplication.set(e.applicationId, [e]);
  }
  const facts: ApplicationFacts[] = [];
  for (const [applicationId, list] of byApplication) {
    list.sort((a, b) => a.seq - b.seq);
    let fact: ApplicationFacts | null = null;
    for (const e of list) {
      if (e.type === 'registered') {
        const { applicantType, receivedOn } = e.payload;
        if (isApplicantType(applicantType) && isIsoDate(receivedOn)) {
          fact = { applicationId, applicantType, receivedOn, conclusion: null };
        }
        continue;
      }
      if (!fact) continue;
      if (e.payload.reopened === true) fact.conclusion = null;
      const conclusion = conclusionOf(e.payload);
      if (conclusion) fact.conclusion = conclusion;
    }
    if (fact) facts.push(fact);
  }
  return facts;
}

function emptyTable(): Table3 {
  return Object.fromEntries(TABLE3_ROWS.map((row) => [row, TABLE3_COLUMNS.map(() => 0)])) as Table3;
}

/** Table 三 of `year`: 7 numbers per row, in column order, the last being the total. */
export function computeTable3(facts: readonly ApplicationFacts[], year: number): Table3 {
  const table = emptyTable();
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const total = APPLICANT_TYPES.length;
  const add = (row: Table3RowKey, column: number) => {
    table[row][column] += 1;
    table[row][total] += 1;
  };
  for (const f of facts) {
    const column = APPLICANT_TYPES.indexOf(f.applicantType);
    const concludedOn = f.conclusion?.concludedOn ?? null;
    if (yearOf(f.receivedOn) === year) add('new_this_year', column);
    if (f.receivedOn < yearStart && (concludedOn === null || concludedOn >= yearStart)) {
      add('carried_from_last_year', column);
    }
    if (f.conclusion && yearOf(f.conclusion.concludedOn) === year) {
      add(f.conclusion.outcome, column);
      add('concluded_total', column);
    }
    if (f.receivedOn <= yearEnd && (concludedOn === null || concludedOn > yearEnd)) {
      add('carried_to_next_year', column);
    }
  }
  return table;
}

export interface CrossCheck {
  key: string;
  /** The relation, in the report's words. */
  description: string;
  ok: boolean;
  failures: string[];
}

/** Evaluates the cross-checks (勾稽关系) of REPORT.md on a table (and the previous year's, if given). */
export function crossCheckTable3(table: Table3, previousYear?: Table3): CrossCheck[] {
  const columns = TABLE3_COLUMNS.map((_, i) => i);
  const label = (i: number) => TABLE3_COLUMNS[i];
  const check = (key: string, description: string, failures: string[]): CrossCheck => ({
    key,
    description,
    ok: failures.length === 0,
    failures,
  });
  const sumOutcomes = (i: number) => OUTCOME_CODES.reduce((s, code) => s + table[code][i], 0);
  const checks = [
    check(
      'balance',
      '本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理',
      columns.flatMap((i) => {
        const left = table.new_this_year[i] + table.carried_from_last_year[i];
        const right = table.concluded_total[i] + table.carried_to_next_year[i];
        return left === right ? [] : [`${label(i)}: ${left} ≠ ${right}`];
      }),
    ),
    check(
      'concluded_total',
      '（七）总计 = 各项办理结果之和',
      columns.flatMap((i) =>
        table.concluded_total[i] === sumOutcomes(i)
          ? []
          : [`${label(i)}: ${table.concluded_total[i]} ≠ ${sumOutcomes(i)}`],
      ),
    ),
    check(
      'total_column',
      '总计 = 自然人与五类法人或其他组织之和',
      TABLE3_ROWS.flatMap((row) => {
        const values = table[row];
        const sum = values.slice(0, APPLICANT_TYPES.length).reduce((s, v) => s + v, 0);
        return sum === values[APPLICANT_TYPES.length]
          ? []
          : [`${row}: ${values[APPLICANT_TYPES.length]} ≠ ${sum}`];
      }),
    ),
  ];
  if (previousYear) {
    checks.push(
      check(
        'carry_over',
        '本年“上年结转” = 上年“结转下年度继续办理”',
        columns.flatMap((i) =>
          table.carried_from_last_year[i] === previousYear.carried_to_next_year[i]
            ? []
            : [`${label(i)}: ${table.carried_from_last_year[i]} ≠ ${previousYear.carried_to_next_year[i]}`],
        ),
      ),
    );
  }
  return checks;
}

/** How many decisions delivered in the year met their reply deadline (按时办结情况). */
export interface Timeliness {
  /** Decisions delivered in the year whose deadline is known. */
  decided: number;
  onTime: number;
  late: number;
  /** Median working days from the clock's (last) start to delivery, pauses excluded; null with none. */
  medianWorkingDays: number | null;
}

export function computeTimeliness(facts: readonly ApplicationFacts[], year: number): Timeliness {
  const taken: number[] = [];
  let onTime = 0;
  let late = 0;
  for (const f of facts) {
    const t = f.conclusion?.timeliness;
    if (!f.conclusion || !t || yearOf(f.conclusion.concludedOn) !== year) continue;
    if (t.onTime) onTime += 1;
    else late += 1;
    taken.push(t.workingDaysTaken);
  }
  taken.sort((a, b) => a - b);
  const mid = taken.length >> 1;
  const median =
    taken.length === 0 ? null : taken.length % 2 ? taken[mid] : (taken[mid - 1] + taken[mid]) / 2;
  return { decided: taken.length, onTime, late, medianWorkingDays: median };
}

export interface AnnualReport {
  year: number;
  columns: readonly Table3Column[];
  table3: Table3;
  checks: CrossCheck[];
  /** The figures section 一 quotes, from the same history as table 三. */
  applications: { received: number; concluded: number; carriedOver: number; carriedFromLastYear: number };
  timeliness: Timeliness;
}

/** The report of `year` from the event log: table 三 and its cross-checks. */
export function buildAnnualReport(events: readonly RecordedEvent[], year: number): AnnualReport {
  const facts = deriveApplicationFacts(events);
  const table3 = computeTable3(facts, year);
  const previous = computeTable3(facts, year - 1);
  const total = APPLICANT_TYPES.length;
  return {
    year,
    columns: TABLE3_COLUMNS,
    table3,
    checks: crossCheckTable3(table3, previous),
    applications: {
      received: table3.new_this_year[total],
      concluded: table3.concluded_total[total],
      carriedOver: table3.carried_to_next_year[total],
      carriedFromLastYear: table3.carried_from_last_year[total],
    },
    timeliness: computeTimeliness(facts, year),
  };
}
