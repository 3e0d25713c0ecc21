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

/**
 * What one recorded event does to its application's facts, whatever they were before (null: nothing).
 * A registration with a valid applicant type and receipt date creates the facts; an event whose payload
 * has a valid `conclusion` sets the conclusion (with its timeliness); `reopened: true` without a valid
 * conclusion clears it. The recording activity applies exactly this to `application_facts` in the
 * transaction that records the event, so the SQL report and the in-memory fold are one definition.
 */
export type FactChange =
  | { kind: 'registered'; applicantType: ApplicantType; receivedOn: IsoDate }
  | { kind: 'concluded'; conclusion: NonNullable<ApplicationFacts['conclusion']> }
  | { kind: 'reopened' };

export function factChangeOf(event: Pick<RecordedEvent, 'type' | 'payload'>): FactChange | null {
  if (event.type === 'registered') {
    const { applicantType, receivedOn } = event.payload;
    return isApplicantType(applicantType) && isIsoDate(receivedOn)
      ? { kind: 'registered', applicantType, receivedOn }
      : null;
  }
  const conclusion = conclusionOf(event.payload);
  if (conclusion) return { kind: 'concluded', conclusion };
  return event.payload.reopened === true ? { kind: 'reopened' } : null;
}

/**
 * One step of the fold: the application's facts after `event`, given those before it (null: not
 * registered yet). Events are folded in seq order; an event before the registration changes nothing.
 */
export function foldApplicationFact(
  fact: ApplicationFacts | null,
  event: Pick<RecordedEvent, 'applicationId' | 'type' | 'payload'>,
): ApplicationFacts | null {
  const change = factChangeOf(event);
  if (!change) return fact;
  if (change.kind === 'registered') {
    return {
      applicationId: event.applicationId,
      applicantType: change.applicantType,
      receivedOn: change.receivedOn,
      conclusion: null,
    };
  }
  if (!fact) return null;
  return { ...fact, conclusion: change.kind === 'concluded' ? change.conclusion : null };
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
  for (const list of byApplication.values()) {
    list.sort((a, b) => a.seq - b.seq);
    const fact = list.reduce<ApplicationFacts | null>(foldApplicationFact, null);
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
  const decisions: TimelinessCount[] = [];
  for (const f of facts) {
    const t = f.conclusion?.timeliness;
    if (!f.conclusion || !t || yearOf(f.conclusion.concludedOn) !== year) continue;
    decisions.push({ onTime: t.onTime, workingDaysTaken: t.workingDaysTaken, count: 1 });
  }
  return timelinessFromCounts(decisions);
}

/** How many of the year's decisions met (or missed) their deadline having taken so many working days. */
export interface TimelinessCount {
  onTime: boolean;
  workingDaysTaken: number;
  count: number;
}

/**
 * The timeliness figures from counted decisions (one decision each, or aggregated in SQL): the median is
 * the middle value of the working days taken, or the mean of the two middle values for an even count.
 */
export function timelinessFromCounts(counts: readonly TimelinessCount[]): Timeliness {
  let onTime = 0;
  let late = 0;
  const byDays = new Map<number, number>();
  for (const c of counts) {
    if (c.onTime) onTime += c.count;
    else late += c.count;
    byDays.set(c.workingDaysTaken, (byDays.get(c.workingDaysTaken) ?? 0) + c.count);
  }
  const decided = onTime + late;
  if (decided === 0) return { decided, onTime, late, medianWorkingDays: null };
  // The values at positions mid-1 and mid (0-based) of the sorted list, without listing it.
  const mid = decided >> 1;
  const sorted = [...byDays].sort((a, b) => a[0] - b[0]);
  const at = (position: number) => {
    let seen = 0;
    for (const [days, n] of sorted) {
      seen += n;
      if (position < seen) return days;
    }
    throw new Error('timeliness: position out of range');
  };
  const median = decided % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { decided, onTime, late, medianWorkingDays: median };
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
  return assembleAnnualReport(
    year,
    computeTable3(facts, year),
    computeTable3(facts, year - 1),
    computeTimeliness(facts, year),
  );
}

function assembleAnnualReport(
  year: number,
  table3: Table3,
  previous: Table3,
  timeliness: Timeliness,
): AnnualReport {
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
    timeliness,
  };
}

/** One aggregated figure of table 三: how many applications of a type count in a row. */
export interface Table3Count {
  applicantType: string;
  row: string;
  count: number;
}

/**
 * Table 三 from counts aggregated elsewhere (in SQL over `application_facts`): each count lands in its
 * applicant type's column and in the total column, as computeTable3 counts each application. A count of
 * a type or row the table does not know is an error, never dropped silently.
 */
export function table3FromCounts(counts: readonly Table3Count[]): Table3 {
  const table = emptyTable();
  const total = APPLICANT_TYPES.length;
  for (const c of counts) {
    const column = APPLICANT_TYPES.indexOf(c.applicantType as ApplicantType);
    if (column < 0) throw new Error(`table 三: unknown applicant type ${JSON.stringify(c.applicantType)}`);
    if (!(TABLE3_ROWS as readonly string[]).includes(c.row))
      throw new Error(`table 三: unknown row ${JSON.stringify(c.row)}`);
    if (!Number.isInteger(c.count) || c.count < 0)
      throw new Error(`table 三: bad count ${c.count} for ${c.row}`);
    table[c.row as Table3RowKey][column] += c.count;
    table[c.row as Table3RowKey][total] += c.count;
  }
  return table;
}

/**
 * The report of `year` from aggregated figures: the year's table 三 counts, the previous year's
 * 结转下年度继续办理 counts (row `carried_to_next_year`, for the carry-over check) and the timeliness
 * figures. The same shape and, over the same facts, the same numbers as buildAnnualReport.
 */
export function annualReportFromCounts(
  year: number,
  counts: readonly Table3Count[],
  previousYearCounts: readonly Table3Count[],
  timeliness: Timeliness,
): AnnualReport {
  return assembleAnnualReport(
    year,
    table3FromCounts(counts),
    table3FromCounts(previousYearCounts),
    timeliness,
  );
}
