import { Injectable } from '@nestjs/common';
import type { Table2 } from '../../../../libs/domain/proactive-disclosure';
import type { Table3 } from '../../../../libs/domain/report';
import { type ReportDocument, reportTitle } from '../../../../libs/domain/report-document';
import type { Table4 } from '../../../../libs/domain/review-cases';
import type { StaffUser } from '../auth/auth.types';
import { badRequest } from '../common/validation';
import { PublicationService } from '../publication/publication.service';
import { ReportsService } from '../reports/reports.service';

/** What ReportsService.annualReport answers, as far as the document needs it. */
export interface AnnualReportTables {
  year?: number;
  columns: readonly string[];
  table3: Table3;
  table4_columns: readonly string[];
  table4: Table4;
  table2: Table2;
}

/**
 * The current figures as a draft document: tables 二, 三 and 四 from the report, the narrative sections
 * (一, 五, 六) empty — the publishing code fills them from the staff's texts.
 */
export function draftDocumentFromReport(
  report: AnnualReportTables,
  agency: { id: string; name: string },
  year: number,
): ReportDocument {
  return {
    agency: { id: agency.id, name: agency.name },
    year,
    title: reportTitle(agency.name, year),
    sections: { overview: '', problems: '', other_matters: '' },
    columns: report.columns,
    table3: report.table3,
    table4_columns: report.table4_columns,
    table4: report.table4,
    table2: report.table2,
    status: 'draft',
    version: null,
    publishedAt: null,
  };
}

export interface DocumentOptions {
  /** Roll up the agencies grouped under the agency. */
  includeSubAgencies?: boolean;
  /** A published snapshot (1 = first publication, 2… = restatements) instead of the draft. */
  version?: number;
  /** The latest published snapshot instead of the draft. */
  published?: boolean;
}

/**
 * Where the exports get their ReportDocument: the one place that decides which document an export shows
 * (today the current figures as a draft; the publishing code swaps in its drafts with the staff's texts
 * and its published snapshots here).
 */
@Injectable()
export class ReportDocumentSource {
  constructor(
    private readonly reports: ReportsService,
    private readonly publication: PublicationService,
  ) {}

  async document(
    user: StaffUser,
    agencyId: string,
    year: number,
    options: DocumentOptions = {},
  ): Promise<ReportDocument> {
    if (options.version !== undefined || options.published) {
      if (options.includeSubAgencies)
        throw badRequest([
          { field: 'includeSubAgencies', reasons: ['a published report is one agency’s; leave it out'] },
        ]);
      // A published year is exported from its snapshot, never recomputed.
      return this.publication.publishedDocument(user, agencyId, year, options.version);
    }
    // The agency's draft: the sections staff wrote, their placeholders filled from the same figures.
    if (!options.includeSubAgencies) return this.publication.draftDocument(user, agencyId, year);
    const report = await this.reports.annualReport(user, agencyId, year, true);
    return draftDocumentFromReport(report, report.agency, year);
  }
}
