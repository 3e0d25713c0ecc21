import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  APPLICATION_STATUS_LABELS,
  type ApplicationStatus,
  ROUTED_DEPARTMENT_STATUS_LABELS,
  ROUTING_ROLE_LABELS,
} from '../../../../libs/domain/application';
import { inboxDueBounds } from '../../../../libs/domain/tasks';
import {
  type DepartmentRow,
  departmentClash,
  findDepartment,
  insertDepartment,
  listDepartments,
  membersOf,
  setMembers,
  supervisionRows,
  updateDepartment,
  usersOfAgency,
} from '../../../../platform/database/repositories/departments.repository';
import type { StaffUser } from '../auth/auth.types';
import { CalendarService } from '../calendar/calendar.service';
import { badRequest, todayInChina } from '../common/validation';
import type {
  CreateDepartmentDto,
  DepartmentDto,
  DepartmentListDto,
  SetMembersDto,
  SupervisedApplicationDto,
  SupervisionDto,
  SupervisionGroupDto,
  UpdateDepartmentDto,
} from './departments.dto';

/** The supervision view's default: what lapses within 5 working days (and what is overdue). */
export const DEFAULT_SUPERVISION_WORKING_DAYS = 5;

/**
 * An agency's departments (内设机构/承办科室): its admin creates, renames, deactivates them and sets their
 * members (accounts of the agency). Staff of the agency see the list (the routing form's choices).
 */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  private async present(user: StaffUser, rows: DepartmentRow[]): Promise<DepartmentDto[]> {
    const members = await membersOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const own = members.filter((m) => m.department_id === r.id);
      return {
        id: r.id,
        agencyId: r.agency_id,
        name: r.name,
        code: r.code,
        active: r.active,
        members: own.map((m) => ({
          id: m.user_id,
          username: m.username,
          displayName: m.display_name,
          active: m.active,
        })),
        memberOf: own.some((m) => m.user_id === user.id),
      };
    });
  }

  async list(user: StaffUser, includeInactive: boolean): Promise<DepartmentListDto> {
    return {
      items: await this.present(user, await listDepartments(this.db, user.agencyId, includeInactive)),
    };
  }

  /** The department of the user's agency; 404 for any other. */
  private async own(user: StaffUser, id: string): Promise<DepartmentRow> {
    const row = await findDepartment(this.db, id);
    if (!row || row.agency_id !== user.agencyId)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no department with id ${id}`,
      });
    return row;
  }

  async get(user: StaffUser, id: string): Promise<DepartmentDto> {
    return (await this.present(user, [await this.own(user, id)]))[0];
  }

  private async checkUnique(agencyId: string, d: { name?: string; code?: string | null }, id: string | null) {
    const clash = await departmentClash(this.db, agencyId, d, id);
    if (clash === 'name') throw badRequest([{ field: 'name', reasons: [`本机关已有名为“${d.name}”的科室`] }]);
    if (clash === 'code')
      throw badRequest([{ field: 'code', reasons: [`本机关已有代码为 ${d.code} 的科室`] }]);
  }

  async create(user: StaffUser, dto: CreateDepartmentDto): Promise<DepartmentDto> {
    const name = dto.name.trim();
    const code = dto.code ?? null;
    await this.checkUnique(user.agencyId, { name, code }, null);
    const id = await this.uniquely(() => insertDepartment(this.db, { agencyId: user.agencyId, name, code }), {
      name,
      code,
    });
    return this.get(user, id);
  }

  async update(user: StaffUser, id: string, dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    await this.own(user, id);
    const name = dto.name?.trim();
    await this.checkUnique(user.agencyId, { name, code: dto.code }, id);
    await this.uniquely(() => updateDepartment(this.db, id, { name, code: dto.code, active: dto.active }), {
      name,
      code: dto.code,
    });
    return this.get(user, id);
  }

  async setMembers(user: StaffUser, id: string, dto: SetMembersDto): Promise<DepartmentDto> {
    const dept = await this.own(user, id);
    const found = new Set(await usersOfAgency(this.db, dept.agency_id, dto.userIds));
    const unknown = dto.userIds.filter((u) => !found.has(u));
    if (unknown.length) {
      throw badRequest([
        { field: 'userIds', reasons: [`not accounts of the department’s agency: ${unknown.join(', ')}`] },
      ]);
    }
    await setMembers(this.db, id, dto.userIds);
    return this.get(user, id);
  }

  /** A unique index refusing a name or code taken at the same moment answers the same 400. */
  private async uniquely<T>(write: () => Promise<T>, d: { name?: string; code?: string | null }): Promise<T> {
    try {
      return await write();
    } catch (err) {
      const e = err as { code?: string; driverError?: { code?: string; constraint?: string } };
      const code = e.driverError?.code ?? e.code;
      const constraint = e.driverError?.constraint ?? '';
      if (code !== '23505') throw err;
      const field = constraint.includes('code') ? 'code' : 'name';
      throw badRequest([
        { field, reasons: [`本机关已有${field === 'code' ? `代码为 ${d.code}` : `名为“${d.name}”`}的科室`] },
      ]);
    }
  }

  /**
   * 督办: the agency's open applications whose reply deadline lapses within N working days (counted on
   * the effective calendar from today, as the inbox does: `inboxDueBounds`) and those overdue, per
   * department routed to (lead or contributor, unless it sent the application back), then those routed to
   * no department; each group with its counts, most urgent first.
   */
  async supervision(user: StaffUser, within = DEFAULT_SUPERVISION_WORKING_DAYS): Promise<SupervisionDto> {
    const { calendar, workingDays } = await this.calendars.current();
    const today = todayInChina();
    const bounds = inboxDueBounds(workingDays, today, within);
    const rows = await supervisionRows(this.db, user.agencyId, bounds.dueWithinBefore!);
    const active = await listDepartments(this.db, user.agencyId, true);
    const order = new Map(active.map((d, i) => [d.id, i]));
    const groups = new Map<string | null, SupervisionGroupDto>();
    const group = (id: string | null, name: string): SupervisionGroupDto => {
      let g = groups.get(id);
      if (!g) {
        g = { departmentId: id, name, dueSoon: 0, overdue: 0, leading: 0, items: [] };
        groups.set(id, g);
      }
      return g;
    };
    let dueSoon = 0;
    let overdue = 0;
    for (const r of rows) {
      const left = workingDays.workingDaysUntil(today, r.reply_due_on);
      const late = r.reply_due_on < bounds.overdueBefore;
      if (late) overdue += 1;
      else dueSoon += 1;
      const departments = (r.routing?.departments ?? []).map((d) => ({
        departmentId: d.departmentId,
        name: d.name,
        role: d.role,
        roleLabel: ROUTING_ROLE_LABELS[d.role],
        status: d.status,
        statusLabel: ROUTED_DEPARTMENT_STATUS_LABELS[d.status],
      }));
      const item: SupervisedApplicationDto = {
        id: r.id,
        caseNumber: r.case_number,
        applicantName: r.applicant_name,
        status: r.status,
        statusLabel: APPLICATION_STATUS_LABELS[r.status as ApplicationStatus] ?? r.status,
        replyDueOn: r.reply_due_on,
        workingDaysLeft: left,
        overdue: late,
        paused: r.paused,
        inputDueOn: r.routing?.inputDueOn ?? null,
        departments,
      };
      const holding = departments.filter((d) => d.status !== 'returned');
      const targets = holding.length ? holding : [null];
      for (const d of targets) {
        const g = d
          ? group(d.departmentId, active.find((a) => a.id === d.departmentId)?.name ?? d.name)
          : group(null, '未交办');
        g.items.push(item);
        if (late) g.overdue += 1;
        else g.dueSoon += 1;
        if (d?.role === 'lead') g.leading += 1;
      }
    }
    const sorted = [...groups.values()].sort((a, b) => {
      if (a.departmentId === null) return 1;
      if (b.departmentId === null) return -1;
      return (order.get(a.departmentId) ?? 1e9) - (order.get(b.departmentId) ?? 1e9);
    });
    return {
      today,
      withinWorkingDays: within,
      calendarVersion: calendar.version,
      dueSoon,
      overdue,
      groups: sorted,
    };
  }
}
