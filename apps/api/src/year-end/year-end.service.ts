import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Workbook } from 'exceljs';
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../../../libs/domain/application';
import { yearOf } from '../../../../libs/domain/dates';
import { AgenciesService } from '../agencies/agencies.service';
import type { StaffUser } from '../auth/auth.types';
import { ConflictError } from '../common/http-exception.filter';
import { badRequest, todayInChina } from '../common/validation';
import { TemporalService } from '../infrastructure/temporal.service';
import type { CarryOverItemDto, CarryOverReportDto, YearEndRunDto, YearEndStartDto } from './year-end.dto';
import { YEAR_END_WORKFLOW_TYPE } from '../../../../workflows/year-end.definitions';
import {
  type CarryOverRow,
  carryOverPage,
  countCarryOvers,
  findRun,
} from '../../../../platform/database/repositories/year-end.repository';

const UNASSIGNED = '未分派';

function statusLabel(status: string): string {
  return APPLICATION_STATUS_LABELS[status as ApplicationStatus] ?? status;
}

/** The carry-over report (结转情况) of a year and the year-end run (年度结转). */
@Injectable()
export class YearEndService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
    private readonly temporal: TemporalService,
  ) {}

  private async agencyIds(user: StaffUser, agencyId: string | undefined, includeSub: boolean) {
    const id = agencyId ?? user.agencyId;
    const agency = await this.agencies.findInScope(user, id);
    if (!agency)
      throw badRequest([{ field: 'agencyId', reasons: [`no agency with id ${id} that you may see`] }]);
    return includeSub ? this.agencies.scope({ ...user, agencyId: agency.id }) : [agency.id];
  }

  async run(year: number): Promise<YearEndRunDto> {
    const r = await findRun(this.db, year);
    if (!r) return { year, status: 'not_run', statusLabel: '尚未结转' };
    return {
      year,
      status: r.status,
      statusLabel: r.status === 'done' ? '已完成结转' : '结转进行中',
      workflowId: r.workflow_id,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      applications: r.applications,
      signalled: r.signalled,
    };
  }

  private async rows(ids: string[], year: number, limit: number | null, offset: number) {
    return carryOverPage(this.db, ids, year, limit, offset);
  }

  private static item(r: CarryOverRow): CarryOverItemDto {
    return {
      applicationId: r.application_id,
      agencyId: r.agency_id,
      caseNumber: r.case_number,
      applicantName: r.applicant_name,
      receivedOn: r.received_on,
      status: r.status,
      statusLabel: statusLabel(r.status),
      replyDueOn: r.reply_due_on,
      workingDaysLeft: r.working_days_left,
      paused: r.paused,
      handler: r.handler,
      handlerLabel: r.handler ?? UNASSIGNED,
      concludedOn: r.concluded_on,
    };
  }

  /** The applications carried over from `year` (open on its 31 December), a page at a time. */
  async report(
    user: StaffUser,
    year: number,
    q: { agencyId?: string; includeSubAgencies?: boolean; page: number; pageSize: number },
  ): Promise<CarryOverReportDto> {
    const ids = await this.agencyIds(user, q.agencyId, q.includeSubAgencies ?? false);
    const rows = await this.rows(ids, year, q.pageSize, (q.page - 1) * q.pageSize);
    const total = rows.length ? rows[0].total : await countCarryOvers(this.db, ids, year);
    return {
      year,
      asOf: `${year}-12-31`,
      run: await this.run(year),
      total,
      page: q.page,
      pageSize: q.pageSize,
      items: rows.map((r) => YearEndService.item(r)),
    };
  }

  /** The same report as a spreadsheet (.xlsx), every row, with Chinese headers. */
  async spreadsheet(user: StaffUser, year: number, agencyId?: string, includeSub = false): Promise<Buffer> {
    const ids = await this.agencyIds(user, agencyId, includeSub);
    const workbook = new Workbook();
    workbook.creator = 'OGI Flow';
    const sheet = workbook.addWorksheet(`${year}年度结转`);
    sheet.columns = [
      { header: '案件编号', key: 'caseNumber', width: 18 },
      { header: '申请人', key: 'applicantName', width: 16 },
      { header: '收到申请日期', key: 'receivedOn', width: 14 },
      { header: '办理状态', key: 'statusLabel', width: 20 },
      { header: '答复期限', key: 'replyDueOn', width: 14 },
      { header: `剩余工作日（截至${year}-12-31）`, key: 'workingDaysLeft', width: 24 },
      { header: '期限暂停', key: 'paused', width: 10 },
      { header: '承办人', key: 'handlerLabel', width: 20 },
      { header: '此后办结日期', key: 'concludedOn', width: 14 },
    ];
    sheet.getRow(1).font = { bold: true };
    const PAGE = 5000;
    for (let offset = 0; ; offset += PAGE) {
      const rows = await this.rows(ids, year, PAGE, offset);
      for (const r of rows) {
        const i = YearEndService.item(r);
        sheet.addRow({ ...i, paused: i.paused ? '是' : '否', replyDueOn: i.replyDueOn ?? '' });
      }
      if (rows.length < PAGE) break;
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** Starts the year-end workflow for `year` (an admin's run; the schedule runs it on 1 January). */
  async start(year: number): Promise<YearEndStartDto> {
    if (year >= yearOf(todayInChina())) {
      throw new ConflictError('YEAR_NOT_ENDED', `${year}年尚未结束，不能进行年度结转`);
    }
    const client = await this.temporal.client();
    const workflowId = `year-end/${year}`;
    const handle = await client.workflow.start(YEAR_END_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: this.temporal.taskQueue,
      args: [{ year }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    return { year, workflowId, runId: handle.firstExecutionRunId };
  }
}
