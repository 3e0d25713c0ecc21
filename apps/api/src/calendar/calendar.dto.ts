import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';
import { CALENDAR_PROPAGATION_STATUSES } from '../../../../libs/domain/calendar';

export class EnterCalendarYearDto {
  @ApiProperty({
    type: [String],
    description: '放假日期 (all days off of the year, weekends inside holiday periods included)',
    example: ['2027-01-01'],
  })
  @IsArray()
  @ArrayMaxSize(120)
  @IsString({ each: true })
  offDays!: string[];

  @ApiProperty({
    type: [String],
    description: '调休上班日期 (weekend days declared working days)',
    example: ['2027-02-20'],
  })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  workDays!: string[];

  @ApiProperty({
    description: 'The notice it follows (国务院办公厅关于…年部分节假日安排的通知, 文号)',
    example: '国办发明电〔2026〕7号',
  })
  @IsString()
  @Length(2, 500)
  notice!: string;
}

/** A year of the effective calendar: its arrangement and where it comes from. */
export class CalendarYearDto {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: ['built_in', 'entered'] }) source!: 'built_in' | 'entered';
  @ApiProperty({ description: 'The notice it follows' }) notice!: string;
  @ApiProperty({ type: String, nullable: true }) enteredBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) enteredAt!: string | null;
  @ApiProperty({ description: 'The calendar version that entered it (0: built in)' }) version!: number;
  @ApiProperty({ type: [String], description: '放假日期' }) offDays!: string[];
  @ApiProperty({ type: [String], description: '调休上班日期' }) workDays!: string[];
}

export class CalendarDto {
  @ApiProperty({ description: 'The id of the latest entry (0: nothing entered)' }) version!: number;
  @ApiProperty({ type: [CalendarYearDto] }) years!: CalendarYearDto[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'From 1 November: next year, when its arrangement is still missing',
  })
  missingNextYear!: number | null;
}

export const PROPAGATION_STATUSES = CALENDAR_PROPAGATION_STATUSES;

/** A calendar propagation (推送进度): a calendar version brought to every open application. */
export class CalendarPropagationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() year!: number;
  @ApiProperty() calendarVersion!: number;
  @ApiProperty({ enum: PROPAGATION_STATUSES }) status!: (typeof PROPAGATION_STATUSES)[number];
  @ApiProperty({ description: 'Open applications to bring it to' }) total!: number;
  @ApiProperty() signalled!: number;
  @ApiProperty({ description: 'Closed or missing workflows' }) skipped!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() workflowId!: string;
  @ApiProperty() workflowStarted!: boolean;
  @ApiProperty() enteredBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class CalendarPropagationListDto {
  @ApiProperty({ type: [CalendarPropagationDto], description: 'Newest first' })
  items!: CalendarPropagationDto[];
}

export class CalendarEntryDto {
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'The new calendar version' }) version!: number;
  @ApiProperty({ format: 'uuid' }) propagationId!: string;
  @ApiProperty({ description: 'false: Temporal was away; the sweeper starts it once back' })
  workflowStarted!: boolean;
  @ApiProperty({ type: CalendarPropagationDto }) propagation!: CalendarPropagationDto;
}
