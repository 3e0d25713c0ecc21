/** Response shapes of the admin pages: stuck cases and notification deliveries. */
import { ApiProperty } from '@nestjs/swagger';

/** A case whose workflow cannot make progress, as the worker last saw it. */
export class StuckCaseDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ type: String, nullable: true }) runId!: string | null;
  @ApiProperty({ enum: ['activity', 'workflow_task'] }) kind!: 'activity' | 'workflow_task';
  @ApiProperty({ description: '活动反复失败 / 工作流任务反复失败' }) kindLabel!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The failing activity’s type, or "workflow task"',
  })
  activityType!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ description: 'The last error (redacted)' }) error!: string;
  @ApiProperty({ format: 'date-time', description: 'First seen failing' }) since!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
}

export class StuckCasePageDto {
  @ApiProperty({ type: [StuckCaseDto], description: 'Longest stuck first' }) items!: StuckCaseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export const DELIVERY_CHANNELS = ['webhook', 'email'] as const;

/** A notification's delivery by one channel. */
export class NotificationDeliveryDto {
  @ApiProperty({ description: 'The delivery number' }) id!: number;
  @ApiProperty() notificationKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseNumber!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agencyId!: string | null;
  @ApiProperty({ enum: DELIVERY_CHANNELS }) channel!: (typeof DELIVERY_CHANNELS)[number];
  @ApiProperty() channelLabel!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: (typeof DELIVERY_STATUSES)[number];
  @ApiProperty({ description: '待投递 / 已投递 / 投递失败' }) statusLabel!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Redacted' }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The request that last sent it' })
  requestId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
}

export class NotificationDeliveryPageDto {
  @ApiProperty({ type: [NotificationDeliveryDto], description: 'Newest first' })
  items!: NotificationDeliveryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
