/**
 * Formal notices in PostgreSQL: the agency's template, gapless numbering and the notice rows.
 *
 * A notice's serial comes from `notice_counters(agency_id, kind, year)`, moved by
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` in the same transaction that inserts the notice: the
 * counter row stays locked until that transaction ends, so concurrent generations take 1, 2, 3 … in
 * turn, and a rolled-back insert gives its number back (no gap). A notice is unique per application and
 * step (`step_key`): the transaction first takes an advisory lock on the step and returns the notice a
 * previous (retried) generation made, so a retry never consumes a number.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryMethod } from '../../libs/domain/application';
import {
  DEFAULT_KIND_CODES,
  type NoticeDocument,
  type NoticeKind,
  type NoticeTemplate,
  type PendingNotice,
  type TransitionForNotice,
  composeNotice,
  defaultNoticeTemplate,
  noticeOfTransition,
} from '../../libs/domain/notices';
import { yearOf } from '../../libs/domain/dates';

/** The notice could not be worded or laid out (a bug or bad recorded data): retrying cannot help. */
export class NoticeCompositionError extends Error {
  constructor(pending: PendingNotice, cause: unknown) {
    super(
      `the ${pending.kind} notice of step ${pending.stepKey} could not be composed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'NoticeCompositionError';
  }
}

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

interface TemplateRow {
  agency_display_name: string;
  seal_text: string;
  number_prefix: string;
  kind_codes: Partial<Record<NoticeKind, string>>;
  serial_style: NoticeTemplate['serialStyle'];
  closing_paragraph: string | null;
}

/** The agency's template, or the default one made from the agency's name. */
export async function loadNoticeTemplate(
  query: Query,
  agencyId: string,
): Promise<{ template: NoticeTemplate; saved: boolean }> {
  const rows = (await query(
    `SELECT t.agency_display_name, t.seal_text, t.number_prefix, t.kind_codes, t.serial_style,
            t.closing_paragraph, a.name AS agency_name
       FROM agencies a LEFT JOIN notice_templates t ON t.agency_id = a.id
      WHERE a.id = $1`,
    [agencyId],
  )) as Array<TemplateRow & { agency_name: string }>;
  const row = rows[0];
  if (!row) throw new Error(`no agency ${agencyId}`);
  if (row.agency_display_name == null)
    return { template: defaultNoticeTemplate(row.agency_name), saved: false };
  return {
    template: {
      agencyDisplayName: row.agency_display_name,
      sealText: row.seal_text,
      numberPrefix: row.number_prefix,
      kindCodes: { ...DEFAULT_KIND_CODES, ...row.kind_codes },
      serialStyle: row.serial_style,
      closingParagraph: row.closing_paragraph,
    },
    saved: true,
  };
}

export async function saveNoticeTemplate(
  query: Query,
  agencyId: string,
  t: NoticeTemplate,
  updatedBy: string | null,
): Promise<void> {
  await query(
    `INSERT INTO notice_templates (agency_id, agency_display_name, seal_text, number_prefix, kind_codes,
        serial_style, closing_paragraph, updated_by, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8, now())
     ON CONFLICT (agency_id) DO UPDATE SET agency_display_name = EXCLUDED.agency_display_name,
       seal_text = EXCLUDED.seal_text, number_prefix = EXCLUDED.number_prefix, kind_codes = EXCLUDED.kind_codes,
       serial_style = EXCLUDED.serial_style, closing_paragraph = EXCLUDED.closing_paragraph,
       updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [
      agencyId,
      t.agencyDisplayName,
      t.sealText,
      t.numberPrefix,
      JSON.stringify(t.kindCodes),
      t.serialStyle,
      t.closingParagraph,
      updatedBy,
    ],
  );
}

export interface GeneratedNotice {
  id: string;
  number: string;
  serial: number;
  /** false: a previous generation of the same step made it (nothing consumed). */
  created: boolean;
}

/**
 * The notice of one step, numbered and stored with its document (its .docx and PDF are rendered on first
 * download), in one transaction; the existing one when the step already has its notice.
 */
export async function generateNotice(
  db: DataSource,
  applicationId: string,
  agencyId: string,
  pending: PendingNotice,
  seq: number | null = null,
): Promise<GeneratedNotice> {
  return db.transaction(async (m: EntityManager) => {
    const q: Query = (sql, p) => m.query(sql, p);
    await q(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [applicationId, pending.stepKey]);
    const existing = (await q(
      `SELECT id, number, serial FROM notices WHERE application_id = $1 AND step_key = $2`,
      [applicationId, pending.stepKey],
    )) as Array<{ id: string; number: string; serial: number }>;
    if (existing[0]) return { ...existing[0], created: false };
    const { template } = await loadNoticeTemplate(q, agencyId);
    const year = yearOf(pending.facts.issuedOn);
    const counter = (await q(
      `INSERT INTO notice_counters (agency_id, kind, year, last_serial) VALUES ($1, $2, $3, 1)
       ON CONFLICT (agency_id, kind, year) DO UPDATE SET last_serial = notice_counters.last_serial + 1
       RETURNING last_serial`,
      [agencyId, pending.kind, year],
    )) as Array<{ last_serial: number }>;
    const serial = counter[0].last_serial;
    let doc: NoticeDocument;
    try {
      doc = composeNotice(pending.kind, { ...pending.facts, serial }, template);
    } catch (err) {
      throw new NoticeCompositionError(pending, err);
    }
    // The document is fixed here; its .docx and PDF are rendered from it on first download (issue 12).
    const inserted = (await q(
      `INSERT INTO notices (application_id, agency_id, kind, year, serial, number, step_key, seq, issued_on,
          document)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
      [
        applicationId,
        agencyId,
        pending.kind,
        year,
        serial,
        doc.number,
        pending.stepKey,
        seq,
        doc.issuedOn,
        JSON.stringify(doc),
      ],
    )) as Array<{ id: string }>;
    return { id: inserted[0].id, number: doc.number, serial, created: true };
  });
}

/**
 * The notices a recorded transition calls for: its step's notice, and on delivery of a decision the
 * 答复书's delivery method and date.
 */
export async function noticesOfTransition(
  db: DataSource,
  t: TransitionForNotice & { applicationId: string; agencyId: string },
): Promise<GeneratedNotice | null> {
  if (t.event.type === 'decision_delivered') {
    const p = t.event.payload;
    await db.query(
      `UPDATE notices SET delivery_method = $2, delivered_on = $3
        WHERE id = (SELECT id FROM notices WHERE application_id = $1 AND kind = 'decision'
                     ORDER BY created_at DESC LIMIT 1)
          AND delivered_on IS NULL`,
      [t.applicationId, p.deliveryMethod as DeliveryMethod, p.deliveredOn],
    );
    return null;
  }
  // A step of an imported case (历史数据导入) taken again: its notice went out before the import.
  if (t.event.payload?.imported === true) return null;
  const pending = noticeOfTransition(t);
  if (!pending) return null;
  return generateNotice(db, t.applicationId, t.agencyId, pending, t.seq);
}

export interface NoticeRow {
  id: string;
  application_id: string;
  kind: NoticeKind;
  year: number;
  serial: number;
  number: string;
  step_key: string;
  seq: number | null;
  issued_on: string;
  document: NoticeDocument;
  created_at: Date;
  delivery_method: DeliveryMethod | null;
  delivered_on: string | null;
  pdf_ready: boolean;
}

/** The notices of an application, oldest first (without their files). */
/** A NoticeRow's fields and the expressions over `notices` that give them. */
const NOTICE_FIELDS: ReadonlyArray<[keyof NoticeRow, string]> = [
  ['id', 'id'],
  ['application_id', 'application_id'],
  ['kind', 'kind'],
  ['year', 'year'],
  ['serial', 'serial'],
  ['number', 'number'],
  ['step_key', 'step_key'],
  ['seq', 'seq'],
  ['issued_on', 'issued_on::text'],
  ['document', 'document'],
  ['created_at', 'created_at'],
  ['delivery_method', 'delivery_method'],
  ['delivered_on', 'delivered_on::text'],
  ['pdf_ready', 'pdf IS NOT NULL'],
];
/** An application's notices in the order they were issued. */
const NOTICE_ORDER = 'created_at, seq, id';

export async function listNotices(query: Query, applicationId: string): Promise<NoticeRow[]> {
  return (await query(
    `SELECT ${NOTICE_FIELDS.map(([field, sql]) => `${sql} AS ${field}`).join(', ')}
       FROM notices WHERE application_id = $1 ORDER BY ${NOTICE_ORDER}`,
    [applicationId],
  )) as NoticeRow[];
}

/**
 * A subquery giving the notices of the application `applicationId` (an SQL expression of the outer
 * statement) as one JSON array of NoticeRows, in listNotices' order; `created_at` comes as JSON text.
 */
export function noticesJsonOf(applicationId: string): string {
  const fields = NOTICE_FIELDS.map(([field, sql]) => `'${field}', ${sql}`).join(', ');
  return `(SELECT coalesce(json_agg(json_build_object(${fields}) ORDER BY ${NOTICE_ORDER}), '[]')
             FROM notices WHERE application_id = ${applicationId})`;
}

/** A notice of an application with its document and the files rendered so far (null: none such). */
export interface NoticeFiles {
  id: string;
  document: NoticeDocument;
  docx: Buffer | null;
  pdf: Buffer | null;
  issued_on: string;
}

export async function findNoticeFiles(
  query: Query,
  applicationId: string,
  noticeId: string,
): Promise<NoticeFiles | null> {
  const rows = (await query(
    `SELECT id, document, docx, pdf, issued_on::text AS issued_on FROM notices
      WHERE id = $1 AND application_id = $2`,
    [noticeId, applicationId],
  )) as NoticeFiles[];
  return rows[0] ?? null;
}

/** Keeps a rendered file with the notice, unless one was kept meanwhile (the first stays). */
export async function keepNoticeFile(query: Query, noticeId: string, ext: 'docx' | 'pdf', file: Buffer) {
  await query(`UPDATE notices SET ${ext} = $2 WHERE id = $1 AND ${ext} IS NULL`, [noticeId, file]);
}

/** Records how and when the notice was delivered. */
export async function recordNoticeDelivery(
  query: Query,
  noticeId: string,
  method: string,
  deliveredOn: string,
): Promise<void> {
  await query(`UPDATE notices SET delivery_method = $2, delivered_on = $3 WHERE id = $1`, [
    noticeId,
    method,
    deliveredOn,
  ]);
}
