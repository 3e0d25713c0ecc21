/**
 * The annual report's publication (issue 8): the narrative sections staff write (`report_drafts`), the
 * published snapshots and restatements (`published_reports`, one version per row), and the latest
 * published report of each agency for a government's roll-up. Each function takes the data source or
 * the transaction's entity manager.
 */
import type { PublicationCheck } from '../../../libs/domain/publication';
import type { ReportDocument } from '../../../libs/domain/report-document';
import type { SectionTemplates } from '../../../libs/domain/report-text';
import { type Queryable, rowsOf } from './queryable';

/** What a published snapshot stores: the document as published, the templates, the checks, the report. */
export interface StoredPublication {
  document: ReportDocument;
  templates: SectionTemplates;
  checks: PublicationCheck[];
  report: unknown;
}

export interface PublishedRow {
  id: string;
  version: number;
  kind: 'original' | 'restatement';
  reason: string | null;
  document: StoredPublication;
  publishedBy: string;
  publishedAt: Date;
}

/** The sections written for an agency's year, with who wrote them last (undefined: none written). */
export async function findDraft(
  db: Queryable,
  agencyId: string,
  year: number,
): Promise<(SectionTemplates & { updatedBy: string; updatedAt: Date }) | undefined> {
  const [row] = await rowsOf<SectionTemplates & { updatedBy: string; updatedAt: Date }>(
    db,
    `SELECT overview, problems, other_matters, updated_by AS "updatedBy", updated_at AS "updatedAt"
         FROM report_drafts WHERE agency_id = $1 AND year = $2`,
    [agencyId, year],
  );
  return row;
}

/** Saves the sections given (null: left as it is), creating the draft if there is none. */
export async function saveDraft(
  db: Queryable,
  d: {
    agencyId: string;
    year: number;
    overview: string | null;
    problems: string | null;
    otherMatters: string | null;
    updatedBy: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO report_drafts (agency_id, year, overview, problems, other_matters, updated_by)
       VALUES ($1, $2, COALESCE($3, ''), COALESCE($4, ''), COALESCE($5, ''), $6)
       ON CONFLICT (agency_id, year) DO UPDATE SET
         overview = COALESCE($3, report_drafts.overview),
         problems = COALESCE($4, report_drafts.problems),
         other_matters = COALESCE($5, report_drafts.other_matters),
         updated_by = $6, updated_at = now()`,
    [d.agencyId, d.year, d.overview, d.problems, d.otherMatters, d.updatedBy],
  );
}

/** The published snapshots of an agency's year, newest version first. */
export async function publishedSnapshots(
  db: Queryable,
  agencyId: string,
  year: number,
): Promise<PublishedRow[]> {
  return rowsOf<PublishedRow>(
    db,
    `SELECT id, version, kind, reason, document, published_by AS "publishedBy", published_at AS "publishedAt"
         FROM published_reports WHERE agency_id = $1 AND year = $2 ORDER BY version DESC`,
    [agencyId, year],
  );
}

/** Stores a version of the report; false when that version was already stored (nothing written). */
export async function insertPublished(
  db: Queryable,
  p: {
    agencyId: string;
    year: number;
    version: number;
    kind: PublishedRow['kind'];
    reason: string | null;
    stored: StoredPublication;
    publishedBy: string;
    publishedAt: Date;
  },
): Promise<boolean> {
  const inserted = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO published_reports (agency_id, year, version, kind, reason, document, published_by, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (agency_id, year, version) DO NOTHING
       RETURNING id`,
    [p.agencyId, p.year, p.version, p.kind, p.reason, JSON.stringify(p.stored), p.publishedBy, p.publishedAt],
  );
  return inserted.length > 0;
}

/** An agency with its latest published report of a year (all null when it has not published). */
export interface LatestPublishedRow {
  id: string;
  name: string;
  version: number | null;
  publishedAt: Date | null;
  document: ReportDocument | null;
}

/** The agencies' latest published documents of `year`, by agency code. */
export async function latestPublished(
  db: Queryable,
  agencyIds: string[],
  year: number,
): Promise<LatestPublishedRow[]> {
  return rowsOf<LatestPublishedRow>(
    db,
    `SELECT a.id, a.name, p.version, p.published_at AS "publishedAt", p.document -> 'document' AS document
         FROM agencies a
         LEFT JOIN LATERAL (
           SELECT version, published_at, document FROM published_reports
            WHERE agency_id = a.id AND year = $2 ORDER BY version DESC LIMIT 1) p ON true
        WHERE a.id = ANY($1::uuid[])
        ORDER BY a.code`,
    [agencyIds, year],
  );
}
