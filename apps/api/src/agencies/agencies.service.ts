import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AgencyEntity } from '../../../../platform/database/entities';
import {
  agenciesByIds,
  findAgency,
  insertAgency,
} from '../../../../platform/database/repositories/agencies.repository';
import { ConflictError } from '../common/http-exception.filter';
import { badRequest } from '../common/validation';
import type { AgencyDto, CreateAgencyDto } from './agency.dto';
import type { StaffUser } from '../auth/auth.types';
import { agencyTree } from '../../../../platform/agency-tree';

export function toAgencyDto(a: AgencyEntity): AgencyDto {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    notificationEmail: a.notificationEmail ?? null,
    parentId: a.parentId ?? null,
    createdAt: new Date(a.createdAt).toISOString(),
  };
}

@Injectable()
export class AgenciesService {
  /**
   * Issue 12: the scope read once per request. The guard gives each request its own StaffUser object, so
   * keyed by it the tree is read at most once per request and never carried over to another one.
   */
  private readonly scopes = new WeakMap<StaffUser, Promise<string[]>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The user's agency and every agency grouped under it (a government and its departments). */
  scope(user: StaffUser): Promise<string[]> {
    let scope = this.scopes.get(user);
    if (!scope) {
      scope = agencyTree(this.db, user.agencyId);
      this.scopes.set(user, scope);
      // A failed read is not kept: the request fails with it, and a retry reads again.
      scope.catch(() => this.scopes.delete(user));
    }
    return scope;
  }

  /** True when the user may see the agency's records: their own agency (no read needed) or one under it. */
  async inScope(user: StaffUser, agencyId: string): Promise<boolean> {
    return agencyId === user.agencyId || (await this.scope(user)).includes(agencyId);
  }

  async list(user: StaffUser): Promise<AgencyDto[]> {
    const ids = await this.scope(user);
    const rows = await agenciesByIds(this.db.manager, ids);
    return rows.map(toAgencyDto);
  }

  async find(id: string): Promise<AgencyEntity | null> {
    return findAgency(this.db.manager, id);
  }

  /** An agency the user may see (their own or one under it), or null. */
  async findInScope(user: StaffUser, id: string): Promise<AgencyEntity | null> {
    return (await this.scope(user)).includes(id) ? this.find(id) : null;
  }

  /**
   * The agency a figure is asked for (the report, the dashboard) and the agencies it covers: itself, or
   * with those under it. 400 naming `agencyId` when the user may not see it.
   */
  async figuresScope(
    user: StaffUser,
    agencyId: string,
    includeSubAgencies: boolean,
  ): Promise<{ agency: AgencyEntity; agencyIds: string[] }> {
    const agency = await this.findInScope(user, agencyId);
    if (!agency)
      throw badRequest([{ field: 'agencyId', reasons: [`no agency with id ${agencyId} that you may see`] }]);
    const agencyIds = includeSubAgencies ? await this.scope({ ...user, agencyId: agency.id }) : [agency.id];
    return { agency, agencyIds };
  }

  async get(user: StaffUser, id: string): Promise<AgencyDto> {
    const agency = await this.findInScope(user, id);
    if (!agency)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no agency with id ${id}`,
      });
    return toAgencyDto(agency);
  }

  /** An admin adds an agency under their own (a department under its government). */
  async create(user: StaffUser, dto: CreateAgencyDto): Promise<AgencyDto> {
    const agency = await insertAgency(this.db, {
      code: dto.code,
      name: dto.name,
      notificationEmail: dto.notificationEmail ?? null,
      parentId: user.agencyId,
    });
    if (!agency)
      throw new ConflictError('AGENCY_CODE_TAKEN', `an agency with code "${dto.code}" already exists`);
    return toAgencyDto(agency);
  }
}
