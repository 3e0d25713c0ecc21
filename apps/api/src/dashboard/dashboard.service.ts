import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../../../libs/domain/application';
import {
  type MonthCount,
  type OpenCount,
  onTimeRate,
  openFigures,
  yearFigures,
} from '../../../../libs/domain/dashboard';
import type { TimelinessCount } from '../../../../libs/domain/report';
import { TABLE4_COLUMNS, TABLE4_GROUPS, computeTable4 } from '../../../../libs/domain/review-cases';
import { inboxDueBounds } from '../../../../libs/domain/tasks';
import {
  type Table3Row,
  type TimelinessRow,
  table3Queries,
} from '../../../../platform/database/application-facts';
import { agenciesByIds } from '../../../../platform/database/repositories/agencies.repository';
import {
  openApplicationCounts,
  overdueApplications,
} from '../../../../platform/database/repositories/applications.repository';
import { table4Facts } from '../../../../platform/database/repositories/review-cases.repository';
import { AgenciesService, toAgencyDto } from '../agencies/agencies.service';
import type { StaffUser } from '../auth/auth.types';
import { CalendarService } from '../calendar/calendar.service';
import { todayInChina } from '../common/validation';
import type { AgencyFiguresDto, DashboardDto } from './dashboard.dto';

/** How many overdue applications the dashboard lists (the count is of all). */
const OVERDUE_LISTED = 50;

const monthCounts = (rows: readonly Table3Row[]): MonthCount[] =>
  rows.map((r) => ({
    receivedMonth: r.received_month ?? null,
    concludedMonth: r.concluded_month ?? null,
    count: r.count,
  }));
const decisionCounts = (rows: readonly TimelinessRow[]): TimelinessCount[] =>
  rows.map((d) => ({ onTime: d.on_time, workingDaysTaken: d.working_days_taken, count: d.count }));

/**
 * The dashboard (issue 15). The year's figures are the report's: the same application_facts groups
 * (table3Queries, here also by month and agency) through the same `toReport`, and table 四 by the same
 * `computeTable4` — per agency from each agency's groups, the roll-up from all of them. The open
 * applications today come from their current deadlines on the effective calendar.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
    private readonly calendars: CalendarService,
  ) {}

  async dashboard(
    user: StaffUser,
    agencyId: string,
    year: number,
    includeSubAgencies: boolean,
  ): Promise<DashboardDto> {
    const { agency, agencyIds } = await this.agencies.figuresScope(user, agencyId, includeSubAgencies);
    const several = agencyIds.length > 1;
    const { groups, timeliness, toReport } = table3Queries(agencyIds, year, {
      byMonth: true,
      byAgency: several,
    });
    const today = todayInChina();
    const { workingDays } = await this.calendars.current();
    const { overdueBefore } = inboxDueBounds(workingDays, today);
    const [groupRows, decisionRows, cases, open, overdue, agencyRows] = await Promise.all([
      this.db.query(groups.sql, groups.parameters) as Promise<Table3Row[]>,
      this.db.query(timeliness.sql, timeliness.parameters) as Promise<TimelinessRow[]>,
      table4Facts(this.db, agencyIds, year),
      openApplicationCounts(this.db, agencyIds),
      overdueApplications(this.db, agencyIds, overdueBefore, OVERDUE_LISTED),
      agenciesByIds(this.db.manager, agencyIds),
    ]);
    const openCounts = (agency?: string): OpenCount[] =>
      open
        .filter((o) => !agency || o.agency_id === agency)
        .map((o) => ({ status: o.status, paused: o.paused, replyDueOn: o.reply_due_on, count: o.count }));
    const report = toReport(groupRows, decisionRows);
    const table4 = computeTable4(cases, year);
    const openNow = openFigures(openCounts(), today, workingDays);
    const names = new Map(agencyRows.map((a) => [a.id, a.name]));
    const byAgency: AgencyFiguresDto[] = several
      ? agencyRows.map((a) => {
          const own = <R extends { agency_id?: string }>(rows: readonly R[]) =>
            rows.filter((r) => r.agency_id === a.id);
          const r = toReport(own(groupRows), own(decisionRows));
          const t4 = computeTable4(
            cases.filter((c) => c.agencyId === a.id),
            year,
          );
          const o = openFigures(openCounts(a.id), today, workingDays);
          const column = (name: (typeof TABLE4_COLUMNS)[number]) =>
            TABLE4_GROUPS.reduce((sum, g) => sum + t4[g][TABLE4_COLUMNS.indexOf(name)], 0);
          return {
            agency: toAgencyDto(a),
            received: r.applications.received,
            concluded: r.applications.concluded,
            carriedOver: r.applications.carriedOver,
            onTime: r.timeliness.onTime,
            late: r.timeliness.late,
            onTimeRate: onTimeRate(r.timeliness),
            medianWorkingDays: r.timeliness.medianWorkingDays,
            open: o.total,
            overdue: o.byBand.find((b) => b.band === 'overdue')!.count,
            corrected: column('corrected'),
            reviews: column('total'),
          };
        })
      : [];
    return {
      agency: toAgencyDto(agency),
      agencies: agencyIds.length,
      year,
      asOf: today,
      figures: yearFigures({
        year,
        report,
        months: monthCounts(groupRows),
        decisions: decisionCounts(decisionRows),
        table4,
      }),
      open: openNow,
      overdue: {
        total: openNow.byBand.find((b) => b.band === 'overdue')!.count,
        items: overdue.map((o) => ({
          id: o.id,
          caseNumber: o.case_number,
          agencyId: o.agency_id,
          agencyName: names.get(o.agency_id) ?? '',
          applicantName: o.applicant_name,
          receivedOn: o.received_on,
          replyDueOn: o.reply_due_on,
          workingDaysOverdue: -workingDays.workingDaysUntil(today, o.reply_due_on),
          statusLabel: APPLICATION_STATUS_LABELS[o.status as ApplicationStatus] ?? o.status,
        })),
      },
      byAgency,
      generatedAt: new Date().toISOString(),
    };
  }
}
