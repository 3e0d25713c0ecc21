/**
 * The `applications` row (the read model of an application) — the one place that writes it: the API's
 * registration and the legacy import insert it, the outbox marks its workflow started, and the worker's
 * recording activity moves it forward as the workflow records transitions. Shared by the API and the
 * worker; each function takes the data source or the transaction's entity manager.
 */
import type { ApplicationState, Registration } from '../../../libs/domain/application';
import { yearOf } from '../../../libs/domain/dates';
import type { DataSource } from 'typeorm';
import { ApplicationEntity } from '../entities';
import { type Queryable, rowsOf } from './queryable';

/** A registration as the API stores it before its workflow starts (version 0, with its workflow's input). */
export interface RegistrationRow {
  registration: Registration;
  workflowId: string;
  receiptYear: number;
  /** The workflow's full input (`start_input`), stored as JSON. */
  startInput: unknown;
}

/**
 * The next case number's serial of an agency and receipt year (1, 2, …): the counter row stays locked
 * until the transaction ends, and a rolled-back registration gives its number back.
 */
export async function nextCaseSerial(db: Queryable, agencyId: string, year: number): Promise<number> {
  const [{ last_number }] = await rowsOf<{ last_number: number }>(
    db,
    `INSERT INTO case_number_counters (agency_id, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (agency_id, year) DO UPDATE SET last_number = case_number_counters.last_number + 1
     RETURNING last_number`,
    [agencyId, year],
  );
  return last_number;
}

export async function insertRegistration(db: Queryable, r: RegistrationRow): Promise<void> {
  const g = r.registration;
  await db.query(
    `INSERT INTO applications (
       id, agency_id, case_number, workflow_id, receipt_year, applicant_name, applicant_type,
       applicant_id_number, applicant_contact, channel, received_on, submitted_at, receipt_evidence,
       information_sought, delivery_preference, status, clock_started_on, version, start_input)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'registered',$11,0,$16)`,
    [
      g.applicationId,
      g.agencyId,
      g.caseNumber,
      r.workflowId,
      r.receiptYear,
      g.applicantName,
      g.applicantType,
      g.applicantIdNumber,
      g.applicantContact,
      g.channel,
      g.receivedOn,
      g.submittedAt,
      g.receiptEvidence,
      g.informationSought,
      g.deliveryPreference,
      JSON.stringify(r.startInput),
    ],
  );
}

/** Once its workflow has started (or was found started): the outbox no longer needs to start it. */
export async function markWorkflowStarted(db: Queryable, applicationId: string): Promise<void> {
  await db.query(
    `UPDATE applications SET workflow_started_at = now() WHERE id = $1 AND workflow_started_at IS NULL`,
    [applicationId],
  );
}

/** What the recording activity knows of a transition that the read model shows. */
export interface RecordedState {
  workflowId: string;
  seq: number;
  registration: Registration;
  /** The application's state after the transition. */
  state: ApplicationState;
  deadline: { replyDueOn: string | null; provisional: boolean; paused: boolean; calendarVersion: number };
}

/**
 * Moves the read model to the state after transition `seq`, only if it is newer than what the row shows
 * (inserting the row if the registration was never stored, an older application). True when it moved.
 */
export async function recordApplicationState(db: Queryable, t: RecordedState): Promise<boolean> {
  const r = t.registration;
  const s = t.state;
  const advanced = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO applications (
     id, agency_id, case_number, workflow_id, receipt_year, applicant_name, applicant_type,
     applicant_id_number, applicant_contact, channel, received_on, submitted_at, receipt_evidence,
     information_sought, delivery_preference, status, outcome, concluded_on, clock_started_on,
     supplement_due_on, version, reply_due_on, reply_due_provisional, paused, calendar_version, state,
     updated_at)
   VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,
     now())
   ON CONFLICT (id) DO UPDATE SET
     status = EXCLUDED.status, outcome = EXCLUDED.outcome, concluded_on = EXCLUDED.concluded_on,
     clock_started_on = EXCLUDED.clock_started_on, supplement_due_on = EXCLUDED.supplement_due_on,
     version = EXCLUDED.version, reply_due_on = EXCLUDED.reply_due_on,
     reply_due_provisional = EXCLUDED.reply_due_provisional, paused = EXCLUDED.paused,
     calendar_version = EXCLUDED.calendar_version, state = EXCLUDED.state, updated_at = now()
   WHERE applications.version < EXCLUDED.version
   RETURNING id`,
    [
      r.applicationId,
      r.agencyId,
      r.caseNumber,
      t.workflowId,
      yearOf(r.receivedOn),
      r.applicantName,
      r.applicantType,
      r.applicantIdNumber,
      r.applicantContact,
      r.channel,
      r.receivedOn,
      r.submittedAt,
      r.receiptEvidence,
      r.informationSought,
      r.deliveryPreference,
      s.status,
      s.conclusion?.outcome ?? s.decision?.outcome ?? null,
      s.conclusion?.concludedOn ?? null,
      s.clockStartedOn,
      s.supplement && !s.supplement.supplementedOn ? s.supplement.dueOn : null,
      t.seq,
      t.deadline.replyDueOn,
      t.deadline.provisional,
      t.deadline.paused,
      t.deadline.calendarVersion,
      JSON.stringify(s),
    ],
  );
  return advanced.length > 0;
}

/** One application of a legacy import (`source = 'import'`). */
export interface ImportedApplicationRow {
  id: string;
  caseNumber: string;
  workflowId: string;
  receiptYear: number;
  applicantName: string;
  applicantType: string;
  channel: string;
  receivedOn: string;
  informationSought: string;
  status: string;
  outcome: string | null;
  concludedOn: string | null;
  version: number;
  /** The open application's workflow input, as JSON (null for a concluded one: it has no workflow). */
  startInput: string | null;
  /** The concluded application's state, as JSON (null for an open one: its workflow records it). */
  state: string | null;
}

/** Inserts a batch of imported applications; a case number the agency already has is skipped. The new ids. */
export async function insertImportedApplications(
  db: Queryable,
  agencyId: string,
  rows: readonly ImportedApplicationRow[],
): Promise<string[]> {
  const col = <T>(f: (r: ImportedApplicationRow) => T) => rows.map(f);
  const inserted = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO applications (id, agency_id, case_number, workflow_id, receipt_year, applicant_name,
       applicant_type, channel, received_on, information_sought, status, outcome, concluded_on,
       clock_started_on, version, start_input, state, source)
     SELECT id, $2::uuid, case_number, workflow_id, receipt_year, applicant_name, applicant_type, channel,
            received_on, information_sought, status, outcome, concluded_on, received_on, version, start_input,
            state, 'import'
       FROM unnest($1::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                   $9::date[], $10::text[], $11::text[], $12::text[], $13::date[], $14::int[], $15::jsonb[],
                   $16::jsonb[])
         AS t(id, case_number, workflow_id, receipt_year, applicant_name, applicant_type, channel, received_on,
              information_sought, status, outcome, concluded_on, version, start_input, state)
     ON CONFLICT (agency_id, case_number) DO NOTHING
     RETURNING id`,
    [
      col((r) => r.id),
      agencyId,
      col((r) => r.caseNumber),
      col((r) => r.workflowId),
      col((r) => r.receiptYear),
      col((r) => r.applicantName),
      col((r) => r.applicantType),
      col((r) => r.channel),
      col((r) => r.receivedOn),
      col((r) => r.informationSought),
      col((r) => r.status),
      col((r) => r.outcome),
      col((r) => r.concludedOn),
      col((r) => r.version),
      col((r) => r.startInput),
      col((r) => r.state),
    ],
  );
  return inserted.map((r) => r.id);
}

/** Which of these case numbers the agency already has. */
export async function existingCaseNumbers(
  db: Queryable,
  agencyId: string,
  caseNumbers: string[],
): Promise<Set<string>> {
  const rows = await rowsOf<{ case_number: string }>(
    db,
    `SELECT case_number FROM applications WHERE agency_id = $1 AND case_number = ANY($2::text[])`,
    [agencyId, caseNumbers],
  );
  return new Set(rows.map((r) => r.case_number));
}

/** Raises the agency's case-number counter of each year to at least the number given (imported numbers). */
export async function raiseCaseSerials(
  db: Queryable,
  agencyId: string,
  lastNumbers: Iterable<[number, number]>,
): Promise<void> {
  for (const [year, last] of lastNumbers) {
    await db.query(
      `INSERT INTO case_number_counters (agency_id, year, last_number) VALUES ($1, $2, $3)
           ON CONFLICT (agency_id, year) DO UPDATE
             SET last_number = GREATEST(case_number_counters.last_number, EXCLUDED.last_number)`,
      [agencyId, year, last],
    );
  }
}

/** The report's facts of imported concluded applications, as the recording activity's fold leaves them after seq 2. */
export async function insertImportedFacts(
  db: Queryable,
  agencyId: string,
  rows: ReadonlyArray<{
    applicationId: string;
    applicantType: string;
    receivedOn: string;
    outcome: string;
    concludedOn: string;
  }>,
): Promise<void> {
  await db.query(
    `INSERT INTO application_facts (application_id, agency_id, applicant_type, received_on, outcome,
           concluded_on, last_seq)
         SELECT a, $2::uuid, t, r, o, c, 2
           FROM unnest($1::uuid[], $3::text[], $4::date[], $5::text[], $6::date[]) AS u(a, t, r, o, c)
         ON CONFLICT (application_id) DO NOTHING`,
    [
      rows.map((r) => r.applicationId),
      agencyId,
      rows.map((r) => r.applicantType),
      rows.map((r) => r.receivedOn),
      rows.map((r) => r.outcome),
      rows.map((r) => r.concludedOn),
    ],
  );
}

/** Registrations whose workflow was not started within `graceMs` (`I`: the start input's type), oldest first. */
export async function unstartedRegistrations<I>(
  db: Queryable,
  graceMs: number,
  limit: number,
): Promise<Array<{ id: string; workflow_id: string; start_input: I }>> {
  return rowsOf<{ id: string; workflow_id: string; start_input: I }>(
    db,
    `SELECT id, workflow_id, start_input FROM applications
        WHERE workflow_started_at IS NULL AND start_input IS NOT NULL
          AND created_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY created_at LIMIT ${limit}`,
    [graceMs],
  );
}

/** The agency an application belongs to (null: no such application). */
export async function applicationAgency(db: Queryable, applicationId: string): Promise<string | null> {
  const [row] = await rowsOf<{ agency_id: string }>(db, `SELECT agency_id FROM applications WHERE id = $1`, [
    applicationId,
  ]);
  return row?.agency_id ?? null;
}

/**
 * An application's place (1, 2, …) among the same applicant's applications received in its calendar
 * month — by ID number, or by name when there is none —, ordered by receipt date and case number.
 */
export async function ordinalInMonth(
  db: Queryable,
  a: {
    agencyId: string;
    applicantIdNumber: string | null;
    applicantName: string;
    receivedOn: string;
    caseNumber: string;
  },
): Promise<number> {
  const [{ ordinal }] = await rowsOf<{ ordinal: number }>(
    db,
    `SELECT count(*)::int AS ordinal FROM applications o
      WHERE o.agency_id = $1
        AND (CASE WHEN $2::text IS NOT NULL THEN o.applicant_id_number = $2 ELSE o.applicant_id_number IS NULL AND o.applicant_name = $3 END)
        AND date_trunc('month', o.received_on) = date_trunc('month', $4::date)
        AND (o.received_on, o.case_number) <= ($4::date, $5)`,
    [a.agencyId, a.applicantIdNumber, a.applicantName, a.receivedOn, a.caseNumber],
  );
  return ordinal;
}

/**
 * How many applications the same applicant (by certificate number, or by name without one) filed at the
 * agency in the calendar month of `receivedOn`: what an Art. 35 assessment looks at (数量、频次).
 */
export async function applicantApplicationsInMonth(
  db: Queryable,
  a: { agencyId: string; applicantIdNumber: string | null; applicantName: string; receivedOn: string },
): Promise<number> {
  const [{ n }] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM applications o
      WHERE o.agency_id = $1
        AND (CASE WHEN $2::text IS NOT NULL THEN o.applicant_id_number = $2 ELSE o.applicant_id_number IS NULL AND o.applicant_name = $3 END)
        AND date_trunc('month', o.received_on) = date_trunc('month', $4::date)`,
    [a.agencyId, a.applicantIdNumber, a.applicantName, a.receivedOn],
  );
  return n;
}

/** What the applications list filters on (all of one agency). */
export interface ApplicationFilter {
  agencyId: string;
  status?: string;
  receiptYear?: number;
  applicantType?: string;
  page: number;
  pageSize: number;
}

/** A page of an agency's applications, latest receipt first, and how many there are in all. */
export async function listApplications(
  db: DataSource,
  f: ApplicationFilter,
): Promise<{ rows: ApplicationEntity[]; total: number }> {
  const qb = db.getRepository(ApplicationEntity).createQueryBuilder('a');
  qb.andWhere('a.agency_id = :agencyId', { agencyId: f.agencyId });
  if (f.status) qb.andWhere('a.status = :status', { status: f.status });
  if (f.receiptYear) qb.andWhere('a.receipt_year = :year', { year: f.receiptYear });
  if (f.applicantType) qb.andWhere('a.applicant_type = :applicantType', { applicantType: f.applicantType });
  qb.orderBy('a.received_on', 'DESC').addOrderBy('a.case_number', 'DESC');
  qb.skip((f.page - 1) * f.pageSize).take(f.pageSize);
  const [rows, total] = await qb.getManyAndCount();
  return { rows, total };
}

/**
 * The open applications of the agencies grouped by what the dashboard bands them by (status, paused,
 * reply deadline), per agency: one range of ix_applications_open per agency.
 */
export async function openApplicationCounts(
  db: Queryable,
  agencyIds: readonly string[],
): Promise<
  Array<{ agency_id: string; status: string; paused: boolean; reply_due_on: string | null; count: number }>
> {
  return rowsOf(
    db,
    `SELECT agency_id::text AS agency_id, status, paused, reply_due_on::text AS reply_due_on, count(*)::int AS count
       FROM applications
      WHERE agency_id = ANY($1::uuid[]) AND concluded_on IS NULL
      GROUP BY agency_id, status, paused, reply_due_on`,
    [agencyIds],
  );
}

/** An open application whose reply deadline has passed, as the dashboard lists it. */
export interface OverdueApplicationRow {
  id: string;
  agency_id: string;
  case_number: string;
  applicant_name: string;
  received_on: string;
  reply_due_on: string;
  status: string;
}

/**
 * The open applications with a running clock whose reply deadline is before `before` (the inbox's
 * "overdue" bound), longest overdue first, at most `limit`.
 */
export async function overdueApplications(
  db: Queryable,
  agencyIds: readonly string[],
  before: string,
  limit: number,
): Promise<OverdueApplicationRow[]> {
  return rowsOf<OverdueApplicationRow>(
    db,
    // Per agency, the first `limit` of its range of ix_applications_open in deadline order (the index
    // holds status and paused, so only the rows listed are read from the table), then merged.
    `SELECT o.id, o.agency_id::text AS agency_id, o.case_number, o.applicant_name,
            o.received_on::text AS received_on, o.reply_due_on::text AS reply_due_on, o.status
       FROM unnest($1::uuid[]) AS a(id)
       CROSS JOIN LATERAL (
         SELECT id, agency_id, case_number, applicant_name, received_on, reply_due_on, status
           FROM applications
          WHERE agency_id = a.id AND concluded_on IS NULL AND reply_due_on < $2::date
            AND NOT paused AND status <> 'supplement_requested'
          ORDER BY reply_due_on, case_number
          LIMIT $3) o
      ORDER BY o.reply_due_on, o.case_number
      LIMIT $3`,
    [agencyIds, before, limit],
  );
}
