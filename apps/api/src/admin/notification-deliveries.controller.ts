/**
 * Issue 10: the deliveries of notifications, one per notification and channel (webhook, e-mail), for
 * admins: which failed and why (the error redacted), and a retry that sends that channel only. A retry
 * of a delivery already sent sends nothing and answers as it is (idempotent); of one being sent at that
 * moment, answers 409.
 */
import { randomUUID } from 'node:crypto';
import {
  Controller,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Module,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional } from 'class-validator';
import type { DataSource } from 'typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { AgenciesService } from '../agencies/agencies.service';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';
import { PageQuery } from '../common/page-query';
import { badRequest } from '../common/validation';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { requestContext } from '../../../../platform/logging';
import {
  type DeliveryRow,
  findDelivery,
  listDeliveries,
} from '../../../../platform/database/repositories/notifications.repository';
import { channelsFor, deliverChannel, loadNotification } from '../../../../platform/notification-delivery';
import { NotificationDeliveryDto, NotificationDeliveryPageDto } from './admin.dto';

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'sent', 'failed'], { message: 'status must be one of: pending, sent, failed' })
  status?: string;

  @ApiPropertyOptional({ enum: ['webhook', 'email'] })
  @IsOptional()
  @IsIn(['webhook', 'email'], { message: 'channel must be one of: webhook, email' })
  channel?: string;
}

const STATUS_LABEL = { pending: '待投递', sent: '已投递', failed: '投递失败' } as const;
const CHANNEL_LABEL = { webhook: 'Webhook', email: '电子邮件' } as const;

function view(r: DeliveryRow): NotificationDeliveryDto {
  return {
    id: Number(r.id),
    notificationKey: r.notification_key,
    title: r.title,
    applicationId: r.application_id,
    caseNumber: r.case_number,
    agencyId: r.agency_id,
    channel: r.channel,
    channelLabel: CHANNEL_LABEL[r.channel],
    status: r.status,
    statusLabel: STATUS_LABEL[r.status],
    attempts: r.attempts,
    lastError: r.last_error,
    requestId: r.request_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
  };
}

@ApiTags('admin 管理')
@ApiBearerAuth()
@Controller('admin/notification-deliveries')
export class NotificationDeliveriesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequireRoles(['admin'], '查看通知投递')
  @ApiOperation({
    summary: '通知投递 Deliveries of notifications by webhook and e-mail (admin)',
    description:
      'One row per notification and channel, newest first; `status=failed` lists what needs attention. Scoped to the admin’s agency and those under it.',
  })
  @ApiOkResponse({
    type: NotificationDeliveryPageDto,
    description:
      'items: id, notificationKey, title, applicationId, caseNumber, agencyId, channel (webhook | email), status (pending | sent | failed), attempts, lastError (redacted), requestId, createdAt, updatedAt, sentAt; total, page, pageSize',
  })
  @ApiForbiddenResponse({ description: 'not an admin' })
  async list(
    @CurrentUser() user: StaffUser,
    @Query() q: ListDeliveriesQuery,
  ): Promise<NotificationDeliveryPageDto> {
    const scope = await this.agencies.scope(user);
    const { rows, total } = await listDeliveries(this.db, scope, q);
    return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
  }

  @Post(':id/retry')
  @RequireRoles(['admin'], '重试通知投递')
  @HttpCode(200)
  @ApiOperation({
    summary: '重试 Send one failed delivery again (that channel only; admin)',
    description:
      'Sends the notification again by this delivery’s channel only, with the configuration the API has now (OGI_WEBHOOK_URL / OGI_SMTP_URL). A delivery already sent is answered as it is and sent nothing (idempotent).',
  })
  @ApiOkResponse({
    type: NotificationDeliveryDto,
    description: 'the delivery after the attempt (status sent, or failed with lastError)',
  })
  @ApiNotFoundResponse({ description: 'no such delivery in the admin’s agencies' })
  @ApiConflictResponse({ description: 'being sent at this moment, or the channel is no longer configured' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  async retry(@CurrentUser() user: StaffUser, @Param('id') id: string): Promise<NotificationDeliveryDto> {
    if (!/^\d{1,18}$/.test(id))
      throw badRequest([{ field: 'id', reasons: ['id must be a delivery number'] }]);
    const scope = await this.agencies.scope(user);
    const load = () => findDelivery(this.db, id, scope);
    const row = await load();
    if (!row)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `没有编号为 ${id} 的通知投递`,
      });
    if (row.status === 'sent') return view(row);
    const notification = await loadNotification(this.db, row.notification_key);
    if (!notification || !channelsFor(this.config.notifications, notification).includes(row.channel)) {
      throw new HttpException(
        {
          statusCode: 409,
          error: 'Conflict',
          code: 'CHANNEL_NOT_CONFIGURED',
          message:
            row.channel === 'webhook'
              ? '未配置 Webhook（OGI_WEBHOOK_URL），无法重试'
              : '未配置邮件服务或机关通知邮箱，无法重试',
        },
        409,
      );
    }
    // deliverChannel claims the delivery: of two retries at once (or a retry and the worker's), one sends.
    const result = await deliverChannel(
      this.db,
      this.config.notifications,
      notification,
      row.channel,
      `admin:${user.id}:${randomUUID()}`,
      requestContext.getStore()?.requestId ?? null,
    );
    if (result.status === 'in_progress')
      throw new HttpException(
        {
          statusCode: 409,
          error: 'Conflict',
          code: 'DELIVERY_IN_PROGRESS',
          message: '该通知正在投递，请稍后刷新',
        },
        409,
      );
    return view((await load())!);
  }
}

@Module({
  imports: [AgenciesModule],
  controllers: [NotificationDeliveriesController],
})
export class NotificationDeliveriesModule {}
