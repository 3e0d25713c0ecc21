/** Response shapes of the in-app notifications (提醒). */
import { ApiProperty } from '@nestjs/swagger';

export class NotificationDto {
  @ApiProperty({ description: 'The notification number' }) id!: number;
  @ApiProperty({ description: 'Idempotency key: application, clock, deadline and offset of a reminder' })
  key!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: for every agency’s admins',
  })
  agencyId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ description: 'e.g. reply_reminder, calendar_missing' }) kind!: string;
  @ApiProperty({ enum: ['registrar', 'handler', 'reviewer', 'admin'] }) audienceRole!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The deadline it reminds of' }) dueOn!:
    string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working days to the deadline (negative: overdue)',
  })
  offsetWorkingDays!: number | null;
  @ApiProperty({ description: 'Escalated to reviewers (overdue)' }) escalated!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: Date | null;
  @ApiProperty({ description: 'none (no webhook configured), pending, delivered' }) webhookStatus!: string;
  @ApiProperty() webhookAttempts!: number;
  @ApiProperty({ description: 'none (no SMTP configured), pending, sent, no_address' }) emailStatus!: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class NotificationReadDto {
  @ApiProperty() id!: number;
  @ApiProperty({ type: Boolean, description: 'always true' }) read!: true;
}
