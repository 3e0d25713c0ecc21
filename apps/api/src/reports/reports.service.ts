import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type RecordedEvent, buildAnnualReport } from '../../../../libs/domain/report';
import { AgenciesService, toAgencyDto } from '../agencies/agencies.service';
import { badRequest } from '../common/validation';
import type { StaffUser } from '../auth/auth.types';

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  /**
   * The annual report of an agency for a year, computed from the recorded event log alone (never from
   * Temporal, whose retention is limited, and never typed by hand).
   */
  async annualReport(user: StaffUser, agencyId: string, year: number, includeSubAgencies = false) {
    const agency = await this.agencies.findInScope(user, agencyId);
    if (!agency)
      throw badRequest([{ field: 'agencyId', reasons: [`no agency with id ${agencyId} that you may see`] }]);
    const agencyIds = includeSubAgencies
      ? await this.agencies.scope({ ...user, agencyId: agency.id })
      : [agency.id];
    // Only the events that count: registrations and conclusions (or reopenings), of applications
    // received by the end of the year.
    const rows: Array<{
      application_id: string;
      seq: number;
      type: string;
      business_date: string | null;
      payload: Record<string, unknown>;
    }> = await this.db.query(
      `SELECT e.application_id, e.seq, e.type, e.business_date, e.payload
           FROM application_events e
           JOIN applications a ON a.id = e.application_id
          WHERE a.agency_id = ANY($1) AND a.received_on <= $2
            AND (e.type = 'registered' OR e.payload ? 'conclusion' OR e.payload ? 'reopened')
          ORDER BY e.application_id, e.seq`,
      [agencyIds, `${year}-12-31`],
    );
    const events: RecordedEvent[] = rows.map((r) => ({
      applicationId: r.application_id,
      seq: r.seq,
      type: r.type,
      businessDate: r.business_date,
      payload: r.payload,
    }));
    return {
      agency: toAgencyDto(agency),
      agencies: agencyIds.length,
      ...buildAnnualReport(events, year),
      generatedAt: new Date().toISOString(),
      source: 'application_events',
    };
  }
}
