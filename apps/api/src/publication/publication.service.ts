import { HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type CheckedReport,
  type FigureDifference,
  type PreviousYear,
  type PublicationCheck,
  type ReportTables,
  blockingFailures,
  compareReports,
  publicationChecks,
  sumReports,
} from '../../../../libs/domain/publication';
import {
  NARRATIVE_SECTIONS,
  type ReportDocument,
  reportTitle,
} from '../../../../libs/domain/report-document';
import {
  PLACEHOLDERS,
  type SectionTemplates,
  emptyTemplates,
  literalNumberWarnings,
  renderSections,
  sectionProblems,
} from '../../../../libs/domain/report-text';
import { textFieldProblem } from '../../../../libs/domain/input';
import type { Table2 } from '../../../../libs/domain/proactive-disclosure';
import { TABLE3_COLUMNS, type Timeliness } from '../../../../libs/domain/report';
import { TABLE4_COLUMNS } from '../../../../libs/domain/review-cases';
import { AgenciesService } from '../agencies/agencies.service';
import { ReportsService } from '../reports/reports.service';
import { actorOf, type StaffUser } from '../auth/auth.types';
import { ConflictError } from '../common/http-exception.filter';
import type { AnnualReportOverviewDto, PublishedSnapshotDto, RollUpDto } from './publication.dto';
import type { Role } from '../../../../libs/domain/roles';
import { badRequest } from '../common/validation';
import {
  type PublishedRow,
  type StoredPublication,
  findDraft,
  insertPublished,
  latestPublished,
  publishedSnapshots,
  saveDraft,
} from '../../../../platform/database/repositories/publication.repository';

/** The current report as ReportsService computes it (table 三 with its figures, 二 and 四, the checks). */
type CurrentReport = Awaited<ReturnType<ReportsService['annualReport']>>;

export type { StoredPublication };

export const MAX_RESTATEMENT_REASON = 2000;

/** Who writes and publishes the annual report (a restatement: admins only). */
export const PUBLISHER_ROLES: readonly Role[] = ['admin', 'reviewer'];

function tablesOf(r: ReportTables): ReportTables {
  return { table3: r.table3, table2: r.table2, table4: r.table4 };
}

/**
 * Publishing the annual report (政府信息公开工作年度报告): the narrative sections staff write, the
 * report rendered from the current figures, the checks that must hold, the published snapshots and
 * restatements, and a government's roll-up of its agencies' published reports.
 */
@Injectable()
export class PublicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
    private readonly reports: ReportsService,
  ) {}

  private async agency(user: StaffUser, agencyId: string | undefined) {
    const id = agencyId ?? user.agencyId;
    const agency = await this.agencies.findInScope(user, id);
    if (!agency)
      throw badRequest([{ field: 'agencyId', reasons: [`no agency with id ${id} that you may see`] }]);
    return agency;
  }

  private async templates(
    agencyId: string,
    year: number,
  ): Promise<SectionTemplates & { updatedAt?: string; updatedBy?: string }> {
    const r = await findDraft(this.db, agencyId, year);
    if (!r) return emptyTemplates();
    return {
      overview: r.overview,
      problems: r.problems,
      other_matters: r.other_matters,
      updatedBy: r.updatedBy,
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }

  /** The published snapshots of an agency's year, newest version first. */
  private async snapshots(agencyId: string, year: number): Promise<PublishedRow[]> {
    return publishedSnapshots(this.db, agencyId, year);
  }

  private async latest(agencyId: string, year: number): Promise<PublishedRow | null> {
    return (await this.snapshots(agencyId, year))[0] ?? null;
  }

  /** The current report, its rendered document (status draft) and the publication checks. */
  private async current(user: StaffUser, agencyId: string, year: number) {
    const agency = await this.agency(user, agencyId);
    const report = await this.reports.annualReport(user, agency.id, year);
    const templates = await this.templates(agency.id, year);
    const previousPublished = await this.latest(agency.id, year - 1);
    let previous: PreviousYear;
    if (previousPublished) {
      previous = {
        published: true,
        version: previousPublished.version,
        table3: previousPublished.document.document.table3,
      };
    } else {
      const last = await this.reports.table3([agency.id], year - 1);
      previous = { published: false, table3: last.table3 };
    }
    const checks = publicationChecks(report as unknown as CheckedReport, previous);
    const document = this.document(agency, year, templates, report, 'draft', null, null);
    return { agency, report, templates, checks, document };
  }

  private document(
    agency: { id: string; name: string },
    year: number,
    templates: SectionTemplates,
    report: CurrentReport,
    status: ReportDocument['status'],
    version: number | null,
    publishedAt: string | null,
  ): ReportDocument {
    const figures = {
      year,
      table3: report.table3,
      table2: report.table2 as Table2,
      table4: report.table4,
      timeliness: report.timeliness as Timeliness,
    };
    return {
      agency: { id: agency.id, name: agency.name },
      year,
      title: reportTitle(agency.name, year),
      sections: renderSections(templates, figures),
      columns: report.columns,
      table3: report.table3,
      table4_columns: report.table4_columns,
      table4: report.table4,
      table2: report.table2 as Table2,
      status,
      version,
      publishedAt,
    };
  }

  /** The report of the year as it stands (status 'draft'), for the exports. */
  async draftDocument(user: StaffUser, agencyId: string, year: number): Promise<ReportDocument> {
    return (await this.current(user, agencyId, year)).document;
  }

  /** A published snapshot's document (the latest version unless `version` is given). */
  async publishedDocument(
    user: StaffUser,
    agencyId: string,
    year: number,
    version?: number,
  ): Promise<ReportDocument> {
    const agency = await this.agency(user, agencyId);
    const rows = await this.snapshots(agency.id, year);
    const row = version === undefined ? rows[0] : rows.find((r) => r.version === version);
    if (!row) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        code: 'NOT_PUBLISHED',
        message:
          version === undefined
            ? `the ${year} report of agency ${agency.id} has not been published`
            : `the ${year} report of agency ${agency.id} has no published version ${version}`,
      });
    }
    return row.document.document;
  }

  /** Everything the 年度报告 page shows for a year. */
  async overview(
    user: StaffUser,
    agencyId: string | undefined,
    year: number,
  ): Promise<AnnualReportOverviewDto> {
    const agency = await this.agency(user, agencyId);
    const { report, templates, checks, document } = await this.current(user, agency.id, year);
    const rows = await this.snapshots(agency.id, year);
    const latest = rows[0] ?? null;
    let differences: FigureDifference[] = [];
    if (latest)
      differences = compareReports(
        tablesOf(latest.document.document),
        tablesOf(report as unknown as ReportTables),
      );
    return {
      agency: { id: agency.id, name: agency.name },
      year,
      templates: {
        overview: templates.overview,
        problems: templates.problems,
        other_matters: templates.other_matters,
      },
      templatesUpdatedAt: templates.updatedAt ?? null,
      templatesUpdatedBy: templates.updatedBy ?? null,
      placeholders: PLACEHOLDERS.map((p) => ({ name: p.name, description: p.description })),
      warnings: literalNumberWarnings(templates),
      document,
      report,
      checks,
      blockingFailures: blockingFailures(checks).map((c) => c.key),
      canPublish: blockingFailures(checks).length === 0,
      published: latest ? this.snapshotInfo(latest) : null,
      versions: rows.map((r) => ({
        version: r.version,
        kind: r.kind,
        reason: r.reason,
        publishedBy: r.publishedBy,
        publishedAt: new Date(r.publishedAt).toISOString(),
      })),
      changedSincePublication: latest ? differences.length > 0 : false,
      differences,
    };
  }

  private snapshotInfo(r: PublishedRow): PublishedSnapshotDto {
    return {
      version: r.version,
      kind: r.kind,
      reason: r.reason,
      publishedBy: r.publishedBy,
      publishedAt: new Date(r.publishedAt).toISOString(),
      document: r.document.document,
      checks: r.document.checks,
    };
  }

  async putSections(
    user: StaffUser,
    year: number,
    body: { agencyId?: string; sections: Partial<Record<string, unknown>> },
  ): Promise<AnnualReportOverviewDto> {
    const agency = await this.agency(user, body.agencyId);
    const sections = body.sections ?? {};
    const problems = sectionProblems(sections);
    if (problems.length) throw badRequest(problems.map((p) => ({ field: p.field, reasons: [p.reason] })));
    const given = NARRATIVE_SECTIONS.filter((s) => typeof sections[s] === 'string');
    if (!given.length)
      throw badRequest([
        {
          field: 'sections',
          reasons: ['sections must name at least one of overview, problems, other_matters'],
        },
      ]);
    const value = (s: string) => (typeof sections[s] === 'string' ? (sections[s] as string) : null);
    await saveDraft(this.db, {
      agencyId: agency.id,
      year,
      overview: value('overview'),
      problems: value('problems'),
      otherMatters: value('other_matters'),
      updatedBy: actorOf(user),
    });
    return this.overview(user, agency.id, year);
  }

  private refuseFailing(checks: PublicationCheck[]): void {
    const failing = blockingFailures(checks);
    if (!failing.length) return;
    throw new HttpException(
      {
        statusCode: 409,
        error: 'Conflict',
        code: 'CROSS_CHECK_FAILED',
        message: `the report cannot be published: ${failing
          .map((c) => `${c.key} (${c.description}): ${c.failures.join('; ')}`)
          .join(' | ')}`,
        checks: failing.map((c) => ({ key: c.key, description: c.description, failures: c.failures })),
      },
      409,
    );
  }

  private async store(
    user: StaffUser,
    agencyId: string,
    year: number,
    version: number,
    reason: string | null,
  ): Promise<AnnualReportOverviewDto> {
    const { agency, report, templates, checks } = await this.current(user, agencyId, year);
    this.refuseFailing(checks);
    const publishedAt = new Date();
    const document = this.document(
      agency,
      year,
      templates,
      report,
      version === 1 ? 'published' : 'restated',
      version,
      publishedAt.toISOString(),
    );
    const stored: StoredPublication = {
      document,
      templates: {
        overview: templates.overview,
        problems: templates.problems,
        other_matters: templates.other_matters,
      },
      checks,
      report,
    };
    const inserted = await insertPublished(this.db, {
      agencyId: agency.id,
      year,
      version,
      kind: version === 1 ? 'original' : 'restatement',
      reason,
      stored,
      publishedBy: actorOf(user),
      publishedAt,
    });
    if (!inserted) {
      throw version === 1
        ? new ConflictError(
            'ALREADY_PUBLISHED',
            `the ${year} report is already published; publish a restatement instead`,
          )
        : new ConflictError(
            'CONCURRENT_RESTATEMENT',
            `version ${version} of the ${year} report was just published by someone else`,
          );
    }
    return this.overview(user, agency.id, year);
  }

  async publish(
    user: StaffUser,
    year: number,
    agencyId: string | undefined,
  ): Promise<AnnualReportOverviewDto> {
    const agency = await this.agency(user, agencyId);
    if (await this.latest(agency.id, year))
      throw new ConflictError(
        'ALREADY_PUBLISHED',
        `the ${year} report is already published; publish a restatement instead`,
      );
    return this.store(user, agency.id, year, 1, null);
  }

  async restate(
    user: StaffUser,
    year: number,
    agencyId: string | undefined,
    reason: unknown,
  ): Promise<AnnualReportOverviewDto> {
    const problem = textFieldProblem('reason', reason, MAX_RESTATEMENT_REASON, true);
    if (problem) throw badRequest([{ field: problem.field, reasons: [problem.reason] }]);
    const agency = await this.agency(user, agencyId);
    const latest = await this.latest(agency.id, year);
    if (!latest)
      throw new ConflictError(
        'NOT_PUBLISHED',
        `the ${year} report has not been published yet; publish it first`,
      );
    return this.store(user, agency.id, year, latest.version + 1, (reason as string).trim());
  }

  async published(
    user: StaffUser,
    agencyId: string | undefined,
    year: number,
    version?: number,
  ): Promise<ReportDocument> {
    const agency = await this.agency(user, agencyId);
    return this.publishedDocument(user, agency.id, year, version);
  }

  /**
   * A government's roll-up (汇总): the sum of the latest published reports of the agencies under it
   * (itself not included), with those that have not published listed.
   */
  async rollUp(user: StaffUser, agencyId: string | undefined, year: number): Promise<RollUpDto> {
    const agency = await this.agency(user, agencyId);
    const under = (await this.agencies.scope({ ...user, agencyId: agency.id })).filter(
      (id) => id !== agency.id,
    );
    if (!under.length)
      throw badRequest([
        { field: 'agencyId', reasons: [`agency ${agency.id} has no agencies under it to roll up`] },
      ]);
    const rows = await latestPublished(this.db, under, year);
    // A published report's row has its version and document (the same snapshot).
    const published = rows.filter(
      (r): r is (typeof rows)[number] & { version: number; document: ReportDocument } => r.document !== null,
    );
    const sum = sumReports(published.map((r) => r.document));
    const document: ReportDocument = {
      agency: { id: agency.id, name: agency.name },
      year,
      title: `${reportTitle(agency.name, year)}（汇总）`,
      sections: emptyTemplates(),
      columns: TABLE3_COLUMNS,
      table3: sum.table3,
      table4_columns: TABLE4_COLUMNS,
      table4: sum.table4,
      table2: sum.table2,
      status: 'published',
      version: null,
      publishedAt: null,
    };
    return {
      ...document,
      rollUp: true,
      included: published.map((r) => ({
        agency: { id: r.id, name: r.name },
        version: r.version,
        publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null,
      })),
      notPublished: rows.filter((r) => !r.document).map((r) => ({ id: r.id, name: r.name })),
    };
  }
}
