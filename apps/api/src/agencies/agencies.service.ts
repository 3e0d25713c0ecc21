import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AgencyEntity } from '../../../../platform/database/entities';
import { ConflictError } from '../common/http-exception.filter';
import type { AgencyDto, CreateAgencyDto } from './agency.dto';

export function toAgencyDto(a: AgencyEntity): AgencyDto {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    notificationEmail: a.notificationEmail ?? null,
    createdAt: new Date(a.createdAt).toISOString(),
  };
}

@Injectable()
export class AgenciesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<AgencyDto[]> {
    const rows = await this.db.getRepository(AgencyEntity).find({ order: { code: 'ASC' } });
    return rows.map(toAgencyDto);
  }

  async find(id: string): Promise<AgencyEntity | null> {
    return this.db.getRepository(AgencyEntity).findOneBy({ id });
  }

  async get(id: string): Promise<AgencyDto> {
    const agency = await this.find(id);
    if (!agency)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no agency with id ${id}`,
      });
    return toAgencyDto(agency);
  }

  async create(dto: CreateAgencyDto): Promise<AgencyDto> {
    const rows: AgencyEntity[] = await this.db.query(
      `INSERT INTO agencies (code, name, notification_email) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING
       RETURNING id, code, name, notification_email AS "notificationEmail", created_at AS "createdAt"`,
      [dto.code, dto.name, dto.notificationEmail ?? null],
    );
    if (!rows.length)
      throw new ConflictError('AGENCY_CODE_TAKEN', `an agency with code "${dto.code}" already exists`);
    return toAgencyDto(rows[0]);
  }
}
