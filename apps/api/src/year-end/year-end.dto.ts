/** Response shapes of the carry-over report (结转情况) and the year-end run (年度结转). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const YEAR_END_RUN_STATUSES = ['not_run', 'running', 'done'] as const;

/**
 * The state of a year's year-end run. A year never run has only `year`, `status: not_run` and
 * `statusLabel`.
 */
export class YearEndRunDto {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: YEAR_END_RUN_STATUSES }) status!: (typeof YEAR_END_RUN_STATUSES)[number];
  @ApiProperty({ description: '尚未结转 / 结转进行中 / 已完成结转' }) statusLabel!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Absent when not run' })
  workflowId?: string | null;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent when not run' }) startedAt?: string;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Absent when not run',
  })
  finishedAt?: string | null;
  @ApiPropertyOptional({ description: 'Applications carried over (absent when not run)' })
  applications?: number;
  @ApiPropertyOptional({ description: 'Workflows signalled (absent when not run)' }) signalled?: number;
}

/** An application carried over, as the year-end run recorded it. */
export class CarryOverItemDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty() receivedOn!: string;
  @ApiProperty({ description: 'The status on 31 December' }) status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: String, nullable: true }) replyDueOn!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working days left as of 31 December (negative: overdue)',
  })
  workingDaysLeft!: number | null;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'null: 未分派' }) handler!: string | null;
  @ApiProperty({ description: 'The handler, or 未分派' }) handlerLabel!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The day it was concluded since, if it was' })
  concludedOn!: string | null;
}

export class CarryOverReportDto {
  @ApiProperty() year!: number;
  @ApiProperty({ description: '31 December of the year' }) asOf!: string;
  @ApiProperty({ type: YearEndRunDto }) run!: YearEndRunDto;
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [CarryOverItemDto] }) items!: CarryOverItemDto[];
}

export class YearEndStartDto {
  @ApiProperty() year!: number;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ description: 'The first run of the workflow' }) runId!: string;
}
