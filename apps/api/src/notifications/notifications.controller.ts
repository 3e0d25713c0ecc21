import { PageQuery } from '../common/page-query';
import { Controller, Get, HttpCode, Module, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { DataSource } from 'typeorm';
import {
  listNotifications,
  markNotificationRead,
} from '../../../../platform/database/repositories/notifications.repository';
import { badRequest } from '../common/validation';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { NotificationPageDto, NotificationReadDto } from './notifications.dto';
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
  @ApiOkResponse({ type: NotificationPageDto, description: 'a page of notifications' })
  async list(
    @CurrentUser() user: StaffUser,
    @Query() q: ListNotificationsQuery,
  ): Promise<NotificationPageDto> {
    const { items, total } = await listNotifications(
      this.db,
      { agencyId: user.agencyId, isAdmin: holdsAnyRole(user.roles, ['admin']), roles: user.roles },
      {
        mine: q.mine === 'true',
        applicationId: q.applicationId,
        role: q.role,
        unread: q.unread === 'true',
        page: q.page,
        pageSize: q.pageSize,
      },
    );
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification read' })
  @ApiOkResponse({ type: NotificationReadDto })
  @ApiNotFoundResponse({ description: 'no such notification for the user’s agency' })
  async markRead(@CurrentUser() user: StaffUser, @Param('id') id: string): Promise<NotificationReadDto> {
    if (!/^\d{1,18}$/.test(id))
      throw badRequest([{ field: 'id', reasons: ['id must be a notification number'] }]);
    const read = await markNotificationRead(this.db, id, {
      agencyId: user.agencyId,
      isAdmin: holdsAnyRole(user.roles, ['admin']),
    });
    if (!read)
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no notification ${id}` });
    return { id: Number(id), read: true };
  }
}

@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
