/**
 * `application_facts`: one row per registered application with what the annual report counts — applicant
 * type, receipt date, conclusion (outcome, date, timeliness) — kept by the recording activity in the
 * transaction that records each event, by the domain's own fold (libs/domain/report.ts, factChangeOf /
 * foldApplicationFact), so the SQL report counts exactly what folding the event log counts.
 *
 * The column `relevant_until` (generated) is the last day the application matters to a year's table 三:
 * its conclusion date (or its receipt, if that were later), 'infinity' while it is open. The report of a
 * year reads the rows with `relevant_until >= 1 January` and `received_year <= year`: one range of the
 * covering index ix_application_facts_report. The report itself reads the counts of these rows
 * (application_fact_counts, application_decision_counts), kept by triggers as the rows change.
 */
import {
  type AnnualReport,
  type ApplicationFacts,
  type FactChange,
  type RecordedEvent,
  type Table3Count,
  annualReportFromCounts,
  factChangeOf,
  foldApplicationFact,
  timelinessFromCounts,
} from '../../libs/domain/report';

/** Runs one SQL statement with parameters (a TypeORM DataSource/EntityManager/QueryRunner `query`). */
export type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Applies the change one newly recorded event makes to its application's facts: at most one statement,
 * none for events that change nothing. Guarded by `last_seq < seq`, so applying it again, or applying an
 * older event after a newer one, changes nothing.
 */
export async function applyFactChange(
  query: Query,
  target: { applicationId: string; agencyId: string; seq: number },
  change: FactChange | null,
): Promise<void> {
  if (!change) return;
  if (change.kind === 'registered') {
    await query(
      `INSERT INTO application_facts (application_id, agency_id, applicant_type, received_on, last_seq)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (application_id) DO UPDATE SET
         agency_id = EXCLUDED.agency_id, applicant_type = EXCLUDED.applicant_type,
         received_on = EXCLUDED.received_on, outcome = NULL, concluded_on = NULL, due_on = NULL,
         on_time = NULL, working_days_taken = NULL, last_seq = EXCLUDED.last_seq
       WHERE application_facts.last_seq < EXCLUDED.last_seq`,
      [target.applicationId, target.agencyId, change.applicantType, change.receivedOn, target.seq],
    );
    return;
  }
  const c = change.kind === 'concluded' ? change.conclusion : null;
  const t = c?.timeliness ?? null;
  await query(
    `UPDATE application_facts SET outcome = $3, concluded_on = $4, due_on = $5, on_time = $6,
       working_days_taken = $7, last_seq = $2
     WHERE application_id = $1 AND last_seq < $2`,
    [
      target.applicationId,
      target.seq,
      c?.outcome ?? null,
      c?.concludedOn ?? null,
      t?.dueOn ?? null,
      t?.onTime ?? null,
      t?.workingDaysTaken ?? null,
    ],
  );
}

/** The events that can change facts, as far as the fold reads them (the registration's other fields stay out). */
export const FACT_EVENTS_SQL = `
  SELECT e.application_id, e.seq, e.type,
         CASE WHEN e.type = 'registered'
              THEN jsonb_build_object('applicantType', e.payload->'applicantType', 'receivedOn', e.payload->'receivedOn')
              ELSE jsonb_build_object('conclusion', e.payload->'conclusion', 'reopened', e.payload->'reopened')
         END AS payload
    FROM application_events e
   WHERE (e.type = 'registered' OR e.payload ? 'conclusion' OR e.payload ? 'reopened')`;

interface FactRow {
  fact: ApplicationFacts;
  agencyId: string;
  lastSeq: number;
}

/** Folds one application's events (in seq order) as the recording activity applies them one by one. */
export function foldFactRow(
  agencyId: string,
  events: readonly Pick<RecordedEvent, 'applicationId' | 'seq' | 'type' | 'payload'>[],
): FactRow | null {
  let fact: ApplicationFacts | null = null;
  let lastSeq = 0;
  for (const e of events) {
    const change = factChangeOf(e);
    const next = foldApplicationFact(fact, e);
    // The activity's statement touches the row only when the fact exists after a change.
    if (change && next) lastSeq = e.seq;
    fact = next;
  }
  return fact ? { fact, agencyId, lastSeq } : null;
}

async function insertFactRows(query: Query, rows: readonly FactRow[]): Promise<void> {
  if (!rows.length) return;
  const col = <T>(f: (r: FactRow) => T) => rows.map(f);
  await query(
    `INSERT INTO application_facts (application_id, agency_id, applicant_type, received_on, outcome,
       concluded_on, due_on, on_time, working_days_taken, last_seq)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::date[], $7::date[],
       $8::boolean[], $9::int[], $10::int[])
     ON CONFLICT (application_id) DO UPDATE SET
       agency_id = EXCLUDED.agency_id, applicant_type = EXCLUDED.applicant_type,
       received_on = EXCLUDED.received_on, outcome = EXCLUDED.outcome, concluded_on = EXCLUDED.concluded_on,
       due_on = EXCLUDED.due_on, on_time = EXCLUDED.on_time, working_days_taken = EXCLUDED.working_days_taken,
       last_seq = EXCLUDED.last_seq`,
    [
      col((r) => r.fact.applicationId),
      col((r) => r.agencyId),
      col((r) => r.fact.applicantType),
      col((r) => r.fact.receivedOn),
      col((r) => r.fact.conclusion?.outcome ?? null),
      col((r) => r.fact.conclusion?.concludedOn ?? null),
      col((r) => r.fact.conclusion?.timeliness?.dueOn ?? null),
      col((r) => r.fact.conclusion?.timeliness?.onTime ?? null),
      col((r) => r.fact.conclusion?.timeliness?.workingDaysTaken ?? null),
      col((r) => r.lastSeq),
    ],
  );
}

/**
 * Builds `application_facts` from the recorded event log: the applications are taken in id order, a
 * batch at a time, and each one's events are folded by the domain's fold — the facts the recording
 * activity would have written event by event. Returns how many applications have facts.
 */
export async function backfillApplicationFacts(
  query: Query,
  options: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5000;
  let after = '00000000-0000-0000-0000-000000000000';
  let written = 0;
  for (;;) {
    const apps = (await query(`SELECT id, agency_id FROM applications WHERE id > $1 ORDER BY id LIMIT $2`, [
      after,
      batchSize,
    ])) as Array<{ id: string; agency_id: string }>;
    if (!apps.length) return written;
    after = apps[apps.length - 1].id;
    const events = (await query(
      `${FACT_EVENTS_SQL} AND e.application_id = ANY($1::uuid[]) ORDER BY e.application_id, e.seq`,
      [apps.map((a) => a.id)],
    )) as Array<{ application_id: string; seq: number; type: string; payload: Record<string, unknown> }>;
    const byApplication = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const event: RecordedEvent = {
        applicationId: e.application_id,
        seq: e.seq,
        type: e.type,
        businessDate: null,
        payload: e.payload,
      };
      const list = byApplication.get(e.application_id);
      if (list) list.push(event);
      else byApplication.set(e.application_id, [event]);
    }
    const rows: FactRow[] = [];
    for (const a of apps) {
      const row = foldFactRow(a.agency_id, byApplication.get(a.id) ?? []);
      if (row) rows.push(row);
    }
    await insertFactRows(query, rows);
    written += rows.length;
    options.onProgress?.(written);
  }
}

export interface Table3Row {
  /** With `byAgency`. */
  agency_id?: string;
  /** With `byMonth`: the month of receipt (1–12) when received in the year, else null. */
  received_month?: number | null;
  /** With `byMonth`: the month of conclusion (1–12) when concluded in the year, else null. */
  concluded_month?: number | null;
  applicant_type: string;
  outcome: string | null;
  received_year: number;
  /** Null while open. */
  concluded_year: number | null;
  count: number;
}

export interface TimelinessRow {
  /** With `byAgency`. */
  agency_id?: string;
  on_time: boolean;
  working_days_taken: number;
  count: number;
}

/**
 * Table 三 of `year` for the agencies from the counts of application_facts (kept by its triggers, see the
 * migration ApplicationFactCounts1764950000000), in two small GROUP BYs over one index range per agency:
 * the agency-year counts (received by 31 December, open or concluded on or after 1 January) summed by
 * applicant type, outcome, year of receipt and year of conclusion; and the year's decisions summed by
 * working days taken and timeliness. The domain turns the groups into the
 * report (annualReportFromCounts, timelinessFromCounts) by the rules of computeTable3: received in the
 * year → 本年新收; received before it and open on 1 January → 上年结转 (and the previous year's 结转下年度
 * 继续办理); concluded in the year → its outcome and 总计; open on 31 December → 结转下年度继续办理. Only
 * applications received by 31 December count, as for the report by folding the events.
 */
export function table3Queries(
  agencyIds: readonly string[],
  year: number,
  /**
   * Finer groups for the dashboard (issue 15): by agency, and by month of receipt and of conclusion
   * within the year. `toReport` reads them as the report's groups; the dashboard sums them by month.
   */
  options: { byAgency?: boolean; byMonth?: boolean } = {},
): {
  groups: { sql: string; parameters: unknown[] };
  timeliness: { sql: string; parameters: unknown[] };
  toReport: (groups: Table3Row[], timeliness: TimelinessRow[]) => AnnualReport;
} {
  // One agency: a plain equality, so the timeliness is read in index order and needs no hashing.
  const agency = agencyIds.length === 1 ? 'agency_id = $1::uuid' : 'agency_id = ANY($1::uuid[])';
  const agencyParameter = agencyIds.length === 1 ? agencyIds[0] : agencyIds;
  const byAgency = options.byAgency ? ['agency_id::text AS agency_id'] : [];
  const byAgencyGroup = options.byAgency ? ['agency_id'] : [];
  const receivedYear = 'extract(year FROM received_month)::int';
  const concludedYear = 'extract(year FROM concluded_month)::int';
  const byMonth = options.byMonth
    ? [
        `CASE WHEN ${receivedYear} = $3 THEN extract(month FROM received_month)::int END AS received_month`,
        `CASE WHEN ${concludedYear} = $3 THEN extract(month FROM concluded_month)::int END AS concluded_month`,
      ]
    : [];
  const groupColumns = [
    'applicant_type',
    'outcome',
    `${receivedYear} AS received_year`,
    `${concludedYear} AS concluded_year`,
    ...byAgency,
    ...byMonth,
  ];
  const groups = {
    sql: `SELECT ${groupColumns.join(', ')}, sum(count)::int AS count
            FROM application_fact_counts
           WHERE ${agency} AND relevant_month >= $2::date AND received_month <= make_date($3, 12, 1)
           GROUP BY ${groupColumns.map((_, i) => i + 1).join(', ')}
          HAVING sum(count) <> 0`,
    parameters: [agencyParameter, `${year}-01-01`, year],
  };
  const timeliness = {
    sql: `SELECT ${['working_days_taken', 'on_time', ...byAgency].join(', ')}, sum(count)::int AS count
            FROM application_decision_counts
           WHERE ${agency} AND concluded_year = $2 AND received_year <= $2
           GROUP BY ${['working_days_taken', 'on_time', ...byAgencyGroup].join(', ')}
          HAVING sum(count) <> 0`,
    parameters: [agencyParameter, year],
  };
  const toReport = (rows: Table3Row[], decisions: TimelinessRow[]): AnnualReport => {
    const counts: Table3Count[] = [];
    const previous: Table3Count[] = [];
    for (const r of rows) {
      const add = (row: string, to = counts) =>
        to.push({ applicantType: r.applicant_type, row, count: r.count });
      const concluded = r.concluded_year;
      const openOnFirstJanuary = concluded === null || concluded >= year;
      if (r.received_year === year) add('new_this_year');
      else if (r.received_year < year && openOnFirstJanuary) {
        add('carried_from_last_year');
        add('carried_to_next_year', previous);
      }
      if (concluded === year) {
        if (r.outcome === null) throw new Error('application_facts: a conclusion without an outcome');
        add(r.outcome);
        add('concluded_total');
      }
      if (concluded === null || concluded > year) add('carried_to_next_year');
    }
    return annualReportFromCounts(
      year,
      counts,
      previous,
      timelinessFromCounts(
        decisions.map((d) => ({ onTime: d.on_time, workingDaysTaken: d.working_days_taken, count: d.count })),
      ),
    );
  };
  return { groups, timeliness, toReport };
}
