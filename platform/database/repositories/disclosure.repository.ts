/**
 * Proactive disclosure (主动公开, issue 8): the register of documents (`disclosure_documents`) and the
 * figures staff record year by year (`disclosure_figures`), from which table 二 is computed. Each
 * function takes the data source or the transaction's entity manager.
 */
import type { DocumentKind, FigureKey } from '../../../libs/domain/proactive-disclosure';
import { type Queryable, rowsOf, updatedRows } from './queryable';

export interface DocumentRow {
  id: string;
  agency_id: string;
  kind: DocumentKind;
  title: string;
  document_number: string | null;
  issued_on: string;
  repealed_on: string | null;
  repeal_note: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface FigureRow {
  agency_id: string;
  year: number;
  key: FigureKey;
  /** numeric, as PostgreSQL answers it. */
  value: string;
  source: string;
  recorded_by: string;
  recorded_at: Date;
}

const DOCUMENT_COLUMNS = `id, agency_id, kind, title, document_number, issued_on, repealed_on, repeal_note,
  created_by, created_at, updated_at`;

/** A document of one of the agencies (undefined: none such). */
export async function findDocument(
  db: Queryable,
  id: string,
  agencyIds: string[],
): Promise<DocumentRow | undefined> {
  const [row] = await rowsOf<DocumentRow>(
    db,
    `SELECT ${DOCUMENT_COLUMNS} FROM disclosure_documents WHERE id = $1 AND agency_id = ANY($2::uuid[])`,
    [id, agencyIds],
  );
  return row;
}

export interface DocumentFilters {
  agencyId: string;
  kind?: string;
  /** Documents in force at some time of that year. */
  year?: number;
  /** 'true': in force at `at`; 'false': not in force then. */
  inForce?: string;
  /** The day `inForce` refers to. */
  at: string;
}

/** One page of an agency's register, latest issued first, and how many documents match. */
export async function documentPage(
  db: Queryable,
  f: DocumentFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: DocumentRow[]; total: number }> {
  const where = ['agency_id = $1'];
  const params: unknown[] = [f.agencyId];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.kind) where.push(`kind = ${param(f.kind)}`);
  if (f.year !== undefined) {
    where.push(`issued_on <= ${param(`${f.year}-12-31`)}::date`);
    where.push(`(repealed_on IS NULL OR repealed_on > ${param(`${f.year - 1}-12-31`)}::date)`);
  }
  if (f.inForce !== undefined) {
    const at = param(f.at);
    const inForce = `(issued_on <= ${at}::date AND (repealed_on IS NULL OR repealed_on > ${at}::date))`;
    where.push(f.inForce === 'true' ? inForce : `NOT ${inForce}`);
  }
  const clause = where.join(' AND ');
  const [{ n }] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM disclosure_documents WHERE ${clause}`,
    params,
  );
  const rows = await rowsOf<DocumentRow>(
    db,
    `SELECT ${DOCUMENT_COLUMNS} FROM disclosure_documents WHERE ${clause}
        ORDER BY issued_on DESC, created_at DESC, id
        LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}`,
    params,
  );
  return { rows, total: n };
}

export interface NewDocument {
  agencyId: string;
  kind: DocumentKind;
  title: string;
  documentNumber: string | null;
  issuedOn: string;
  repealedOn: string | null;
  repealNote: string | null;
  createdBy: string;
}

export async function insertDocument(db: Queryable, d: NewDocument): Promise<DocumentRow> {
  const [row] = await rowsOf<DocumentRow>(
    db,
    `INSERT INTO disclosure_documents (agency_id, kind, title, document_number, issued_on, repealed_on,
         repeal_note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${DOCUMENT_COLUMNS}`,
    [d.agencyId, d.kind, d.title, d.documentNumber, d.issuedOn, d.repealedOn, d.repealNote, d.createdBy],
  );
  return row;
}

/** Corrects a document's particulars (its repeal note goes when it is no longer repealed). */
export async function updateDocument(
  db: Queryable,
  id: string,
  d: { title: string; documentNumber: string | null; issuedOn: string; repealedOn: string | null },
): Promise<DocumentRow> {
  const [row] = await updatedRows<DocumentRow>(
    db,
    `UPDATE disclosure_documents SET title = $2, document_number = $3, issued_on = $4, repealed_on = $5,
         repeal_note = CASE WHEN $5::date IS NULL THEN NULL ELSE repeal_note END, updated_at = now()
        WHERE id = $1 RETURNING ${DOCUMENT_COLUMNS}`,
    [id, d.title, d.documentNumber, d.issuedOn, d.repealedOn],
  );
  return row;
}

/** Repeals a document not yet repealed (undefined: it already was). */
export async function repealDocument(
  db: Queryable,
  id: string,
  repealedOn: string,
  note: string | null,
): Promise<DocumentRow | undefined> {
  const [row] = await updatedRows<DocumentRow>(
    db,
    `UPDATE disclosure_documents SET repealed_on = $2, repeal_note = $3, updated_at = now()
        WHERE id = $1 AND repealed_on IS NULL RETURNING ${DOCUMENT_COLUMNS}`,
    [id, repealedOn, note],
  );
  return row;
}

/** The figures recorded for the agencies' year. */
export async function figuresOf(db: Queryable, agencyIds: string[], year: number): Promise<FigureRow[]> {
  return rowsOf<FigureRow>(
    db,
    `SELECT agency_id, year, key, value, source, recorded_by, recorded_at FROM disclosure_figures
          WHERE agency_id = ANY($1::uuid[]) AND year = $2`,
    [agencyIds, year],
  );
}

/** The figures recorded for one agency's year. */
export async function agencyFigures(db: Queryable, agencyId: string, year: number): Promise<FigureRow[]> {
  return rowsOf<FigureRow>(
    db,
    `SELECT agency_id, year, key, value, source, recorded_by, recorded_at FROM disclosure_figures
        WHERE agency_id = $1 AND year = $2`,
    [agencyId, year],
  );
}

/** Records a figure, replacing what was recorded for that key before. */
export async function recordFigure(
  db: Queryable,
  f: { agencyId: string; year: number; key: string; value: unknown; source: unknown; recordedBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO disclosure_figures (agency_id, year, key, value, source, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())
           ON CONFLICT (agency_id, year, key) DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source,
             recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
    [f.agencyId, f.year, f.key, f.value, f.source, f.recordedBy],
  );
}

/** The agencies' documents issued by the end of `year` (what table 二 counts). */
export async function documentsIssuedBy(
  db: Queryable,
  agencyIds: string[],
  year: number,
): Promise<Array<Pick<DocumentRow, 'kind' | 'title' | 'document_number' | 'issued_on' | 'repealed_on'>>> {
  return rowsOf<Pick<DocumentRow, 'kind' | 'title' | 'document_number' | 'issued_on' | 'repealed_on'>>(
    db,
    `SELECT kind, title, document_number, issued_on, repealed_on FROM disclosure_documents
        WHERE agency_id = ANY($1::uuid[]) AND issued_on <= $2::date`,
    [agencyIds, `${year}-12-31`],
  );
}
