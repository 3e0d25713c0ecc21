import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  DOCUMENT_KIND_LABELS,
  type DisclosureDocument,
  type DocumentKind,
  FIGURE_KEYS,
  FIGURE_LABELS,
  type FigureKey,
  type InputProblem,
  type RecordedFigure,
  computeTable2,
  crossCheckTable2,
  documentProblems,
  figureProblems,
  repealNoteProblem,
  repealProblem,
  table2Sources,
} from '../../../../libs/domain/proactive-disclosure';
import { AgenciesService } from '../agencies/agencies.service';
import { type StaffUser, actorOf } from '../auth/auth.types';
import type { Role } from '../../../../libs/domain/roles';
import { ConflictError } from '../common/http-exception.filter';
import { badRequest, todayInChina } from '../common/validation';
import type {
  CreateDocumentDto,
  DisclosureDocumentDto,
  DisclosureDocumentPageDto,
  ListDocumentsQuery,
  PutFiguresDto,
  RecordedFigureDto,
  RepealDocumentDto,
  Table2ReportDto,
  UpdateDocumentDto,
  YearFiguresDto,
} from './proactive-disclosure.dto';
import type { Table2PartDto } from '../reports/reports.dto';
import { rowsOf } from '../../../../platform/database/repositories/queryable';

interface DocumentRow {
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

interface FigureRow {
  agency_id: string;
  year: number;
  key: FigureKey;
  value: string;
  source: string;
  recorded_by: string;
  recorded_at: Date;
}

const DOCUMENT_COLUMNS = `id, agency_id, kind, title, document_number, issued_on, repealed_on, repeal_note,
  created_by, created_at, updated_at`;

function toDocumentDto(r: DocumentRow, today: string): DisclosureDocumentDto {
  return {
    id: r.id,
    agencyId: r.agency_id,
    kind: r.kind,
    kindLabel: DOCUMENT_KIND_LABELS[r.kind],
    title: r.title,
    documentNumber: r.document_number,
    issuedOn: r.issued_on,
    repealedOn: r.repealed_on,
    repealNote: r.repeal_note,
    inForce: r.issued_on <= today && !(r.repealed_on && r.repealed_on <= today),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function toRecordedFigure(r: FigureRow): RecordedFigure {
  return {
    agencyId: r.agency_id,
    year: r.year,
    key: r.key,
    value: Number(r.value),
    source: r.source,
    recordedAt: r.recorded_at.toISOString(),
    recordedBy: r.recorded_by,
  };
}

function rejectProblems(problems: InputProblem[]): void {
  if (problems.length) throw badRequest(problems.map((p) => ({ field: p.field, reasons: [p.reason] })));
}

/** Who may keep the register and enter the figures: the agency's admins and reviewers. */
export const DISCLOSURE_KEEPER_ROLES: readonly Role[] = ['admin', 'reviewer'];

/** Proactive disclosure (主动公开): the register of documents, the recorded figures, and table 二. */
@Injectable()
export class ProactiveDisclosureService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  /** The agency the request names (default the user's own), which must be in the user's scope. */
  private async agencyInScope(user: StaffUser, agencyId: string | undefined): Promise<string> {
    const id = agencyId ?? user.agencyId;
    if (!(await this.agencies.findInScope(user, id))) {
      throw badRequest([{ field: 'agencyId', reasons: [`no agency with id ${id} that you may see`] }]);
    }
    return id;
  }

  private async documentInScope(user: StaffUser, id: string): Promise<DocumentRow> {
    const scope = await this.agencies.scope(user);
    const rows = await rowsOf<DocumentRow>(
      this.db,
      `SELECT ${DOCUMENT_COLUMNS} FROM disclosure_documents WHERE id = $1 AND agency_id = ANY($2::uuid[])`,
      [id, scope],
    );
    if (!rows.length) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no document with id ${id}`,
      });
    }
    return rows[0];
  }

  async listDocuments(user: StaffUser, q: ListDocumentsQuery): Promise<DisclosureDocumentPageDto> {
    const agencyId = await this.agencyInScope(user, q.agencyId);
    const today = todayInChina();
    const where = ['agency_id = $1'];
    const params: unknown[] = [agencyId];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.kind) where.push(`kind = ${param(q.kind)}`);
    if (q.year !== undefined) {
      where.push(`issued_on <= ${param(`${q.year}-12-31`)}::date`);
      where.push(`(repealed_on IS NULL OR repealed_on > ${param(`${q.year - 1}-12-31`)}::date)`);
    }
    if (q.inForce !== undefined) {
      const at = param(q.year !== undefined ? `${q.year}-12-31` : today);
      const inForce = `(issued_on <= ${at}::date AND (repealed_on IS NULL OR repealed_on > ${at}::date))`;
      where.push(q.inForce === 'true' ? inForce : `NOT ${inForce}`);
    }
    const clause = where.join(' AND ');
    const [{ n }] = await rowsOf<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM disclosure_documents WHERE ${clause}`,
      params,
    );
    const rows = await rowsOf<DocumentRow>(
      this.db,
      `SELECT ${DOCUMENT_COLUMNS} FROM disclosure_documents WHERE ${clause}
        ORDER BY issued_on DESC, created_at DESC, id
        LIMIT ${param(q.pageSize)} OFFSET ${param((q.page - 1) * q.pageSize)}`,
      params,
    );
    return {
      items: rows.map((r) => toDocumentDto(r, today)),
      total: n,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async createDocument(user: StaffUser, dto: CreateDocumentDto): Promise<DisclosureDocumentDto> {
    const agencyId = await this.agencyInScope(user, dto.agencyId);
    const today = todayInChina();
    rejectProblems(documentProblems(dto, today));
    const note = dto.repealNote === undefined ? null : repealNoteProblem(dto.repealNote);
    if (note)
      rejectProblems([{ ...note, field: 'repealNote', reason: note.reason.replace(/^note/, 'repealNote') }]);
    const rows = await rowsOf<DocumentRow>(
      this.db,
      `INSERT INTO disclosure_documents (agency_id, kind, title, document_number, issued_on, repealed_on,
         repeal_note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${DOCUMENT_COLUMNS}`,
      [
        agencyId,
        dto.kind,
        dto.title,
        dto.documentNumber ?? null,
        dto.issuedOn,
        dto.repealedOn ?? null,
        dto.repealedOn ? (dto.repealNote ?? null) : null,
        actorOf(user),
      ],
    );
    return toDocumentDto(rows[0], today);
  }

  async updateDocument(user: StaffUser, id: string, dto: UpdateDocumentDto): Promise<DisclosureDocumentDto> {
    const current = await this.documentInScope(user, id);
    const next = {
      kind: current.kind,
      title: dto.title ?? current.title,
      documentNumber: dto.documentNumber === undefined ? current.document_number : dto.documentNumber,
      issuedOn: dto.issuedOn ?? current.issued_on,
      repealedOn: dto.repealedOn === undefined ? current.repealed_on : dto.repealedOn,
    };
    const today = todayInChina();
    const problems = documentProblems(next, today);
    // A repeal date left as it was but now before a corrected issue date: name the field that moved.
    rejectProblems(
      problems.map((p) =>
        p.field === 'repealedOn' && dto.repealedOn === undefined ? { ...p, field: 'issuedOn' } : p,
      ),
    );
    const rows = (await this.db.query(
      `UPDATE disclosure_documents SET title = $2, document_number = $3, issued_on = $4, repealed_on = $5,
         repeal_note = CASE WHEN $5::date IS NULL THEN NULL ELSE repeal_note END, updated_at = now()
        WHERE id = $1 RETURNING ${DOCUMENT_COLUMNS}`,
      [id, next.title, next.documentNumber, next.issuedOn, next.repealedOn],
    )) as [DocumentRow[], number];
    return toDocumentDto(rows[0][0], today);
  }

  async repealDocument(user: StaffUser, id: string, dto: RepealDocumentDto): Promise<DisclosureDocumentDto> {
    const current = await this.documentInScope(user, id);
    if (current.repealed_on) {
      throw new ConflictError(
        'ALREADY_REPEALED',
        `该文件已于 ${current.repealed_on} 废止；如需更正废止日期，请修改文件信息`,
      );
    }
    const today = todayInChina();
    rejectProblems(
      [repealProblem(current.issued_on, dto.repealedOn, today), repealNoteProblem(dto.note)].filter(
        (p): p is InputProblem => !!p,
      ),
    );
    const rows = (await this.db.query(
      `UPDATE disclosure_documents SET repealed_on = $2, repeal_note = $3, updated_at = now()
        WHERE id = $1 AND repealed_on IS NULL RETURNING ${DOCUMENT_COLUMNS}`,
      [id, dto.repealedOn, dto.note ?? null],
    )) as [DocumentRow[], number];
    if (!rows[0].length) throw new ConflictError('ALREADY_REPEALED', '该文件已废止');
    return toDocumentDto(rows[0][0], today);
  }

  async getFigures(
    user: StaffUser,
    agencyIdParam: string | undefined,
    year: number,
  ): Promise<YearFiguresDto> {
    const agencyId = await this.agencyInScope(user, agencyIdParam);
    const rows = await rowsOf<FigureRow>(
      this.db,
      `SELECT agency_id, year, key, value, source, recorded_by, recorded_at FROM disclosure_figures
        WHERE agency_id = $1 AND year = $2`,
      [agencyId, year],
    );
    const figures = {} as Record<FigureKey, RecordedFigureDto | null>;
    for (const key of FIGURE_KEYS) {
      const row = rows.find((r) => r.key === key);
      figures[key] = row
        ? {
            value: Number(row.value),
            source: row.source,
            recordedAt: row.recorded_at.toISOString(),
            recordedBy: row.recorded_by,
            label: FIGURE_LABELS[key],
          }
        : null;
    }
    return { agencyId, year, figures, missing: FIGURE_KEYS.filter((k) => figures[k] === null) };
  }

  async putFigures(user: StaffUser, year: number, dto: PutFiguresDto): Promise<YearFiguresDto> {
    const agencyId = await this.agencyInScope(user, dto.agencyId);
    const entries = Object.entries(dto.figures ?? {}).filter(
      ([, v]) => v !== undefined && v !== null,
    ) as Array<[string, { value: unknown; source: unknown }]>;
    if (!entries.length) {
      throw badRequest([{ field: 'figures', reasons: ['figures must name at least one figure'] }]);
    }
    rejectProblems(entries.flatMap(([key, v]) => figureProblems(key, v.value, v.source)));
    const actor = actorOf(user);
    await this.db.transaction(async (m) => {
      for (const [key, v] of entries) {
        await m.query(
          `INSERT INTO disclosure_figures (agency_id, year, key, value, source, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())
           ON CONFLICT (agency_id, year, key) DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source,
             recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
          [agencyId, year, key, v.value, v.source, actor],
        );
      }
    });
    return this.getFigures(user, agencyId, year);
  }

  /**
   * Table 二 of `year` for the agencies (summed), where each figure comes from (null: never entered) and
   * the cross-checks. For the reports service.
   */
  async table2(agencyIds: string[], year: number): Promise<Table2PartDto> {
    const docs = await rowsOf<DocumentRow>(
      this.db,
      `SELECT kind, title, document_number, issued_on, repealed_on FROM disclosure_documents
        WHERE agency_id = ANY($1::uuid[]) AND issued_on <= $2::date`,
      [agencyIds, `${year}-12-31`],
    );
    const documents: DisclosureDocument[] = docs.map((d) => ({
      kind: d.kind,
      title: d.title,
      documentNumber: d.document_number,
      issuedOn: d.issued_on,
      repealedOn: d.repealed_on,
    }));
    const figures = (
      await rowsOf<FigureRow>(
        this.db,
        `SELECT agency_id, year, key, value, source, recorded_by, recorded_at FROM disclosure_figures
          WHERE agency_id = ANY($1::uuid[]) AND year = $2`,
        [agencyIds, year],
      )
    ).map(toRecordedFigure);
    return {
      table2: computeTable2(documents, figures, year),
      table2_sources: table2Sources(figures, year),
      checks: crossCheckTable2(documents, figures, year, agencyIds),
    };
  }

  /** Table 二 for the user: an agency in scope, optionally with the agencies under it. */
  async table2For(
    user: StaffUser,
    agencyIdParam: string | undefined,
    year: number,
    includeSub: boolean,
  ): Promise<Table2ReportDto> {
    const agencyId = await this.agencyInScope(user, agencyIdParam);
    const agencyIds = includeSub ? await this.agencies.scope({ ...user, agencyId }) : [agencyId];
    return { agencyId, agencies: agencyIds.length, year, ...(await this.table2(agencyIds, year)) };
  }
}
