/**
 * Related and repeated applications (issue 16): an applicant's earlier applications at an agency, found
 * through the applicant indexes (certificate number; or name and contact without one), the reply of each,
 * and the staff's links between applications (`application_links`, kept when removed).
 */
import { type Queryable, rowsOf, updatedRows } from './queryable';

/** Who applied, as the lookup keys it. */
export interface ApplicantLookup {
  agencyId: string;
  applicantIdNumber: string | null;
  applicantName: string;
  applicantContact: string | null;
}

/** An earlier application as the similarity ranking needs it. */
export interface CandidateRow {
  id: string;
  informationSought: string;
  receivedOn: string;
}

/**
 * The applicant's applications at the agency, latest received first, at most `limit` (`excludeId`
 * left out): by certificate number; without one, by the same name and contact (none without a contact).
 */
export async function applicantCandidates(
  db: Queryable,
  a: ApplicantLookup,
  o: { excludeId?: string | null; limit: number },
): Promise<CandidateRow[]> {
  const id = a.applicantIdNumber?.trim() || null;
  const contact = a.applicantContact?.trim() || null;
  const select = `SELECT id, information_sought AS "informationSought", received_on AS "receivedOn" FROM applications`;
  if (id) {
    return rowsOf<CandidateRow>(
      db,
      `${select} WHERE agency_id = $1 AND applicant_id_number = $2 AND id IS DISTINCT FROM $3::uuid
        ORDER BY received_on DESC LIMIT $4`,
      [a.agencyId, id, o.excludeId ?? null, o.limit],
    );
  }
  if (!contact) return [];
  return rowsOf<CandidateRow>(
    db,
    `${select} WHERE agency_id = $1 AND applicant_id_number IS NULL AND applicant_name = $2
        AND applicant_contact = $3 AND id IS DISTINCT FROM $4::uuid
      ORDER BY received_on DESC LIMIT $5`,
    [a.agencyId, a.applicantName.trim(), contact, o.excludeId ?? null, o.limit],
  );
}

/** An application as a suggestion or a link shows it, with its reply. */
export interface ApplicationBriefRow {
  id: string;
  agencyId: string;
  caseNumber: string;
  receivedOn: string;
  informationSought: string;
  applicantName: string;
  applicantIdNumber: string | null;
  applicantContact: string | null;
  status: string;
  outcome: string | null;
  concludedOn: string | null;
  /** The drafted or delivered decision (state.decision): outcome, legalGround, notes, repeated. */
  decision: {
    outcome?: string;
    legalGround?: string;
    notes?: string | null;
    approved?: boolean;
    repeated?: { earlierApplication: string; earlierReply: string; factsUnchanged: string } | null;
  } | null;
  /** The formal reply (答复书) issued, if any: its number and date. */
  replyNumber: string | null;
  replyIssuedOn: string | null;
}

const BRIEF_COLUMNS = `a.id, a.agency_id AS "agencyId", a.case_number AS "caseNumber", a.received_on AS "receivedOn",
  a.information_sought AS "informationSought", a.applicant_name AS "applicantName",
  a.applicant_id_number AS "applicantIdNumber", a.applicant_contact AS "applicantContact", a.status, a.outcome,
  a.concluded_on AS "concludedOn", a.state -> 'decision' AS decision, n.number AS "replyNumber",
  n.issued_on AS "replyIssuedOn"`;

const LATEST_REPLY = `LEFT JOIN LATERAL (SELECT number, issued_on FROM notices
    WHERE application_id = a.id AND kind = 'decision' ORDER BY created_at DESC LIMIT 1) n ON true`;

/** The applications with these ids (any order). */
export async function applicationBriefs(
  db: Queryable,
  ids: readonly string[],
): Promise<ApplicationBriefRow[]> {
  if (!ids.length) return [];
  return rowsOf<ApplicationBriefRow>(
    db,
    `SELECT ${BRIEF_COLUMNS} FROM applications a ${LATEST_REPLY} WHERE a.id = ANY($1::uuid[])`,
    [ids],
  );
}

/** The application of the agency with this case number, or null. */
export async function applicationByCaseNumber(
  db: Queryable,
  agencyId: string,
  caseNumber: string,
): Promise<ApplicationBriefRow | null> {
  const [row] = await rowsOf<ApplicationBriefRow>(
    db,
    `SELECT ${BRIEF_COLUMNS} FROM applications a ${LATEST_REPLY} WHERE a.agency_id = $1 AND a.case_number = $2`,
    [agencyId, caseNumber],
  );
  return row ?? null;
}

/** A link between two applications as stored (the pair in id order). */
export interface LinkRow {
  id: string;
  agencyId: string;
  lowId: string;
  highId: string;
  reason: string | null;
  linkedBy: string;
  linkedAt: Date;
  unlinkedBy: string | null;
  unlinkedAt: Date | null;
  unlinkReason: string | null;
}

const LINK_COLUMNS = `id, agency_id AS "agencyId", low_id AS "lowId", high_id AS "highId", reason,
  linked_by AS "linkedBy", linked_at AS "linkedAt", unlinked_by AS "unlinkedBy", unlinked_at AS "unlinkedAt",
  unlink_reason AS "unlinkReason"`;

const pair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

/** Links two applications; null when they are already linked (the current link stays). */
export async function insertLink(
  db: Queryable,
  l: { agencyId: string; a: string; b: string; reason: string | null; linkedBy: string },
): Promise<LinkRow | null> {
  const [low, high] = pair(l.a, l.b);
  const [row] = await rowsOf<LinkRow>(
    db,
    `INSERT INTO application_links (agency_id, low_id, high_id, reason, linked_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (low_id, high_id) WHERE unlinked_at IS NULL DO NOTHING
     RETURNING ${LINK_COLUMNS}`,
    [l.agencyId, low, high, l.reason, l.linkedBy],
  );
  return row ?? null;
}

/** Removes the current link of the pair; null when there is none. */
export async function removeLink(
  db: Queryable,
  l: { a: string; b: string; reason: string | null; unlinkedBy: string },
): Promise<LinkRow | null> {
  const [low, high] = pair(l.a, l.b);
  const [row] = await updatedRows<LinkRow>(
    db,
    `UPDATE application_links SET unlinked_by = $3, unlinked_at = now(), unlink_reason = $4
      WHERE low_id = $1 AND high_id = $2 AND unlinked_at IS NULL
     RETURNING ${LINK_COLUMNS}`,
    [low, high, l.unlinkedBy, l.reason],
  );
  return row ?? null;
}

/** Every link of the application, current and removed, oldest first. */
export async function linksOf(db: Queryable, applicationId: string): Promise<LinkRow[]> {
  return rowsOf<LinkRow>(
    db,
    `SELECT ${LINK_COLUMNS} FROM application_links WHERE low_id = $1 OR high_id = $1 ORDER BY linked_at, id`,
    [applicationId],
  );
}
