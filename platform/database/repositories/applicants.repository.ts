/**
 * The portal's applicants (issue 14): their one-time codes, their sessions, and the applications they
 * submitted. Codes and session tokens are kept as SHA-256 hashes only.
 */
import { type Queryable, rowsOf } from './queryable';

export interface StoredCode {
  id: string;
  code_hash: string;
  attempts: number;
  expired: boolean;
}

/**
 * Holds, until the transaction ends, the right to count and add codes for this address and this client,
 * so that a burst of requests cannot all pass the count before any is added.
 */
export async function lockCodeRequests(db: Queryable, email: string, client: string): Promise<void> {
  await db.query(
    `SELECT pg_advisory_xact_lock(hashtext('applicant-code:' || $1)), pg_advisory_xact_lock(hashtext('applicant-client:' || $2))`,
    [email, client],
  );
}

/** Codes asked for by this e-mail address and by this client in the last `minutes`. */
export async function recentCodeRequests(
  db: Queryable,
  email: string,
  client: string,
  minutes: number,
): Promise<{ byEmail: number; byClient: number }> {
  const [row] = await rowsOf<{ by_email: number; by_client: number }>(
    db,
    `SELECT count(*) FILTER (WHERE email = $1)::int AS by_email, count(*) FILTER (WHERE client = $2)::int AS by_client
       FROM applicant_codes
      WHERE (email = $1 OR client = $2) AND created_at > now() - make_interval(mins => $3)`,
    [email, client, minutes],
  );
  return { byEmail: row.by_email, byClient: row.by_client };
}

export async function insertCode(
  db: Queryable,
  c: { agencyId: string; email: string; client: string; codeHash: string; minutes: number },
): Promise<void> {
  await db.query(
    `INSERT INTO applicant_codes (agency_id, email, client, code_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [c.agencyId, c.email, c.client, c.codeHash, c.minutes],
  );
}

/** The latest unused code of the address at the agency, locked for the check. */
export async function latestCode(db: Queryable, agencyId: string, email: string): Promise<StoredCode | null> {
  const [row] = await rowsOf<StoredCode>(
    db,
    `SELECT id, code_hash, attempts, expires_at <= now() AS expired FROM applicant_codes
      WHERE agency_id = $1 AND email = $2 AND used_at IS NULL
      ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE`,
    [agencyId, email],
  );
  return row ?? null;
}

export async function countFailedAttempt(db: Queryable, codeId: string): Promise<void> {
  await db.query(`UPDATE applicant_codes SET attempts = attempts + 1 WHERE id = $1`, [codeId]);
}

export async function markCodeUsed(db: Queryable, codeId: string): Promise<void> {
  await db.query(`UPDATE applicant_codes SET used_at = now() WHERE id = $1`, [codeId]);
}

export async function insertApplicantSession(
  db: Queryable,
  s: { tokenHash: string; agencyId: string; email: string; hours: number },
): Promise<string> {
  const [row] = await rowsOf<{ expires_at: Date }>(
    db,
    `INSERT INTO applicant_sessions (token_hash, agency_id, email, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at`,
    [s.tokenHash, s.agencyId, s.email, s.hours],
  );
  return row.expires_at.toISOString();
}

/** The applicant a session token stands for, while it lasts. */
export async function applicantOfSession(
  db: Queryable,
  tokenHash: string,
): Promise<{ agencyId: string; email: string } | null> {
  const [row] = await rowsOf<{ agency_id: string; email: string }>(
    db,
    `SELECT agency_id, email FROM applicant_sessions WHERE token_hash = $1 AND expires_at > now()`,
    [tokenHash],
  );
  return row ? { agencyId: row.agency_id, email: row.email } : null;
}

export async function insertPortalSubmission(
  db: Queryable,
  s: { applicationId: string; agencyId: string; email: string; client: string; submittedAt: string },
): Promise<void> {
  await db.query(
    `INSERT INTO portal_submissions (application_id, agency_id, email, client, submitted_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [s.applicationId, s.agencyId, s.email, s.client, s.submittedAt],
  );
}

/** Holds, until the transaction ends, the right to count and add this address's submissions. */
/** Serialises the submissions of one address at an agency, and of one client, inside a transaction. */
export async function lockSubmissions(
  db: Queryable,
  agencyId: string,
  email: string,
  client: string,
): Promise<void> {
  await db.query(
    `SELECT pg_advisory_xact_lock(hashtext('portal-submission:' || $1 || ':' || $2)),
            pg_advisory_xact_lock(hashtext('portal-client:' || $3))`,
    [agencyId, email, client],
  );
}

/** How many applications the address submitted at the agency, and the client submitted anywhere, since `since`. */
export async function submissionsSince(
  db: Queryable,
  s: { agencyId: string; email: string; client: string; since: string },
): Promise<{ byEmail: number; byClient: number }> {
  const [row] = await rowsOf<{ by_email: number; by_client: number }>(
    db,
    `SELECT count(*) FILTER (WHERE agency_id = $1 AND email = $2)::int AS by_email,
            count(*) FILTER (WHERE client = $3)::int AS by_client
       FROM portal_submissions
      WHERE ((agency_id = $1 AND email = $2) OR client = $3) AND submitted_at >= $4`,
    [s.agencyId, s.email, s.client, s.since],
  );
  return { byEmail: row.by_email, byClient: row.by_client };
}

export interface ApplicantApplicationRow {
  id: string;
  case_number: string;
  received_on: string;
  status: string;
  outcome: string | null;
  concluded_on: string | null;
  reply_due_on: string | null;
  paused: boolean;
  information_sought: string;
}

/** The applications the address submitted at the agency, latest first. */
export async function applicantApplications(
  db: Queryable,
  agencyId: string,
  email: string,
): Promise<ApplicantApplicationRow[]> {
  return rowsOf<ApplicantApplicationRow>(
    db,
    `SELECT a.id, a.case_number, a.received_on, a.status, a.outcome, a.concluded_on, a.reply_due_on, a.paused,
            a.information_sought
       FROM portal_submissions p JOIN applications a ON a.id = p.application_id
      WHERE p.agency_id = $1 AND p.email = $2
      ORDER BY p.submitted_at DESC`,
    [agencyId, email],
  );
}

export interface ApplicantApplicationDetailRow extends ApplicantApplicationRow {
  workflow_id: string;
  state: Record<string, unknown> | null;
}

/** One application the address submitted at the agency (null for any other). */
export async function applicantApplication(
  db: Queryable,
  agencyId: string,
  email: string,
  id: string,
): Promise<ApplicantApplicationDetailRow | null> {
  const [row] = await rowsOf<ApplicantApplicationDetailRow>(
    db,
    `SELECT a.id, a.case_number, a.received_on, a.status, a.outcome, a.concluded_on, a.reply_due_on, a.paused,
            a.information_sought, a.workflow_id, a.state
       FROM portal_submissions p JOIN applications a ON a.id = p.application_id
      WHERE p.agency_id = $1 AND p.email = $2 AND a.id = $3`,
    [agencyId, email, id],
  );
  return row ?? null;
}
