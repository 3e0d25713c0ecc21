import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  DOCUMENT_KIND_LABELS,
  type DisclosureDocument,
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
import {
  type DocumentRow,
  type FigureRow,
  agencyFigures,
  documentPage,
  documentsIssuedBy,
  figuresOf,
  findDocument,
  insertDocument,
  recordFigure,
  repealDocument,
  updateDocument,
} from '../../../../platform/database/repositories/disclosure.repository';

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
    const row = await findDocument(this.db, id, scope);
    if (!row) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no document with id ${id}`,
      });
    }
    return row;
  }

  async listDocuments(user: StaffUser, q: ListDocumentsQuery): Promise<DisclosureDocumentPageDto> {
    const agencyId = await this.agencyInScope(user, q.agencyId);
    const today = todayInChina();
    const { rows, total: n } = await documentPage(
      this.db,
      {
        agencyId,
        kind: q.kind,
        year: q.year,
        inForce: q.inForce,
        at: q.year !== undefined ? `${q.year}-12-31` : today,
      },
      { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
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
    const row = await insertDocument(this.db, {
      agencyId,
      kind: dto.kind,
      title: dto.title,
      documentNumber: dto.documentNumber ?? null,
      issuedOn: dto.issuedOn,
      repealedOn: dto.repealedOn ?? null,
      repealNote: dto.repealedOn ? (dto.repealNote ?? null) : null,
      createdBy: actorOf(user),
    });
    return toDocumentDto(row, today);
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
    const row = await updateDocument(this.db, id, next);
    return toDocumentDto(row, today);
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
    const row = await repealDocument(this.db, id, dto.repealedOn, dto.note ?? null);
    if (!row) throw new ConflictError('ALREADY_REPEALED', '该文件已废止');
    return toDocumentDto(row, today);
  }

  async getFigures(
    user: StaffUser,
    agencyIdParam: string | undefined,
    year: number,
  ): Promise<YearFiguresDto> {
    const agencyId = await this.agencyInScope(user, agencyIdParam);
    const rows = await agencyFigures(this.db, agencyId, year);
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
        await recordFigure(m, { agencyId, year, key, value: v.value, source: v.source, recordedBy: actor });
      }
    });
    return this.getFigures(user, agencyId, year);
  }

  /**
   * Table 二 of `year` for the agencies (summed), where each figure comes from (null: never entered) and
   * the cross-checks. For the reports service.
   */
  async table2(agencyIds: string[], year: number): Promise<Table2PartDto> {
    const docs = await documentsIssuedBy(this.db, agencyIds, year);
    const documents: DisclosureDocument[] = docs.map((d) => ({
      kind: d.kind,
      title: d.title,
      documentNumber: d.document_number,
      issuedOn: d.issued_on,
      repealedOn: d.repealed_on,
    }));
    const figures = (await figuresOf(this.db, agencyIds, year)).map(toRecordedFigure);
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
