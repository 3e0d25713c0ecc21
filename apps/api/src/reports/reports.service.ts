import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AnnualReport } from '../../../../libs/domain/report';
import { table3Queries } from '../../../../platform/database/application-facts';
import { AgenciesService, toAgencyDto } from '../agencies/agencies.service';
import { ProactiveDisclosureService } from '../proactive-disclosure/proactive-disclosure.service';
import { ReviewCasesService } from '../review-cases/review-cases.service';
import type { StaffUser } from '../auth/auth.types';
import type { AnnualReportDto } from './reports.dto';

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
    private readonly disclosure: ProactiveDisclosureService,
    private readonly reviewCases: ReviewCasesService,
  ) {}

  /**
   * The annual report of an agency for a year, computed from the recorded history alone (never from
   * Temporal, whose retention is limited, and never typed by hand): table 三 from application_facts, which
   * the recording activity keeps by the domain's fold of the event log in the transaction of each event.
   */
  async annualReport(
    user: StaffUser,
    agencyId: string,
    year: number,
    includeSubAgencies = false,
  ): Promise<AnnualReportDto> {
    const { agency, agencyIds } = await this.agencies.figuresScope(user, agencyId, includeSubAgencies);
    // Each table of the report from its own source, side by side: 三 from the applications' recorded
    // history, 二 from the register and the figures entered with their sources, 四 from the
    // reconsideration and litigation cases.
    const [table3, table2, table4] = await Promise.all([
      this.table3(agencyIds, year),
      this.disclosure.table2(agencyIds, year),
      this.reviewCases.table4(agencyIds, year),
    ]);
    return {
      agency: toAgencyDto(agency),
      agencies: agencyIds.length,
      ...table3,
      table4_columns: table4.table4_columns,
      table4: table4.table4,
      table2: table2.table2,
      table2_sources: table2.table2_sources,
      // Every cross-check of the report (勾稽关系): table 三's, then table 二's and table 四's.
      checks: [...table3.checks, ...table2.checks, ...table4.checks],
      generatedAt: new Date().toISOString(),
      source: 'application_facts',
    };
  }

  /**
   * Table 三 of the agencies for the year, with its cross-checks, the figures of section 一 and the
   * timeliness: aggregated in SQL over application_facts, turned into the report by the domain.
   */
  async table3(agencyIds: readonly string[], year: number): Promise<AnnualReport> {
    const { groups, timeliness, toReport } = table3Queries(agencyIds, year);
    // Two statements on two connections of the pool, side by side.
    const [groupRows, timelinessRows] = await Promise.all([
      this.db.query(groups.sql, groups.parameters),
      this.db.query(timeliness.sql, timeliness.parameters),
    ]);
    return toReport(groupRows, timelinessRows);
  }
}
