import { PageQuery } from '../common/page-query';
import { Controller, Get, HttpCode, Module, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { DataSource } from 'typeorm';
import { NotificationEntity } from '../../../../platform/database/entities';
import { badRequest } from '../common/validation';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { holdsAnyRole } from '../../../../libs/domain/roles';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only those addressed to one of my roles (true/false)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'mine must be true or false' })
  mine?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'applicationId must be a UUID' })
  applicationId?: string;

  @ApiPropertyOptional({ enum: ['registrar', 'handler', 'reviewer', 'admin'] })
  @IsOptional()
  @IsIn(['registrar', 'handler', 'reviewer', 'admin'], {
    message: 'role must be one of: registrar, handler, reviewer, admin',
  })
  role?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'], { message: 'unread must be true or false' })
  unread?: string;
}

@ApiTags('notifications 提醒')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'In-app notifications (deadline reminders, missing calendar years), newest first',
  })
  @ApiOkResponse({ description: 'a page of notifications' })
  async list(@CurrentUser() user: StaffUser, @Query() q: ListNotificationsQuery) {
    const qb = this.db.getRepository(NotificationEntity).createQueryBuilder('n');
    // The user's agency, and the notices for every agency's admins (a missing calendar year).
    qb.andWhere('(n.agency_id = :agencyId OR (n.agency_id IS NULL AND :isAdmin))', {
      agencyId: user.agencyId,
      isAdmin: holdsAnyRole(user.roles, ['admin']),
    });
    if (q.mine === 'true') qb.andWhere('n.audience_role IN (:...roles)', { roles: user.roles });
    if (q.applicationId) qb.andWhere('n.application_id = :applicationId', { applicationId: q.applicationId });
    if (q.role) qb.andWhere('n.audience_role = :role', { role: q.role });
    if (q.unread === 'true') qb.andWhere('n.read_at IS NULL');
    qb.orderBy('n.id', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification read' })
  async markRead(@CurrentUser() user: StaffUser, @Param('id') id: string) {
    if (!/^\d{1,18}$/.test(id))
      throw badRequest([{ field: 'id', reasons: ['id must be a notification number'] }]);
    const rows: unknown[] = await this.db.query(
      `WITH u AS (UPDATE notifications SET read_at = coalesce(read_at, now())
         WHERE id = $1 AND (agency_id = $2 OR (agency_id IS NULL AND $3)) RETURNING id) SELECT id FROM u`,
      [id, user.agencyId, holdsAnyRole(user.roles, ['admin'])],
    );
    if (!rows.length)
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no notification ${id}` });
    return { id: Number(id), read: true };
  }
}

@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
