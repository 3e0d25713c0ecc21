/** Response shape of the dashboard (一览, issue 15): the year's figures, from the report's counts. */
import { ApiProperty } from '@nestjs/swagger';
import { AgencyDto } from '../agencies/agency.dto';
import { ApplicationFiguresDto } from '../reports/reports.dto';
import {
  OPEN_BANDS,
  OUTCOME_CATEGORIES,
  type OpenBand,
  type OutcomeCategory,
} from '../../../../libs/domain/dashboard';
import { TABLE4_GROUPS, type ReviewCaseKind } from '../../../../libs/domain/review-cases';

export class MonthFiguresDto {
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ description: '本月收到的申请' }) received!: number;
  @ApiProperty({ description: '本月办结的申请' }) concluded!: number;
}

export class CategoryCountDto {
  @ApiProperty({ enum: OUTCOME_CATEGORIES }) category!: OutcomeCategory;
  @ApiProperty({ example: '予以公开' }) label!: string;
  @ApiProperty() count!: number;
}

export class DashboardTimelinessDto {
  @ApiProperty({ description: 'Decisions delivered in the year whose deadline is known' }) decided!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median working days taken' })
  medianWorkingDays!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '按时办结率, percent with one decimal' })
  onTimeRate!: number | null;
}

export class WorkingDaysBandDto {
  @ApiProperty({ example: '16-20' }) band!: string;
  @ApiProperty({ example: '16至20个工作日' }) label!: string;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
}

export class ReviewFiguresDto {
  @ApiProperty({ enum: TABLE4_GROUPS }) kind!: ReviewCaseKind;
  @ApiProperty({ example: '行政复议' }) label!: string;
  @ApiProperty({ description: '结果维持' }) upheld!: number;
  @ApiProperty({ description: '结果纠正' }) corrected!: number;
  @ApiProperty({ description: '其他结果' }) other!: number;
  @ApiProperty({ description: '尚未审结' }) pending!: number;
  @ApiProperty({ description: '总计' }) total!: number;
}

export class OpenBandDto {
  @ApiProperty({ enum: OPEN_BANDS }) band!: OpenBand;
  @ApiProperty({ example: '已逾期' }) label!: string;
  @ApiProperty() count!: number;
}

export class OpenFiguresDto {
  @ApiProperty({ description: 'Open applications today' }) total!: number;
  @ApiProperty({ type: [OpenBandDto], description: 'By working days left until the reply deadline' })
  byBand!: OpenBandDto[];
}

export class OverdueApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty({ format: 'date' }) receivedOn!: string;
  @ApiProperty({ format: 'date' }) replyDueOn!: string;
  @ApiProperty({ description: 'Working days past the reply deadline' }) workingDaysOverdue!: number;
  @ApiProperty() statusLabel!: string;
}

export class OverdueListDto {
  @ApiProperty({ description: 'All overdue applications (the overdue band)' }) total!: number;
  @ApiProperty({ type: [OverdueApplicationDto], description: 'The longest overdue first, at most 50' })
  items!: OverdueApplicationDto[];
}

/** The year's figures of one agency or of the roll-up. */
export class DashboardYearDto {
  @ApiProperty({ type: ApplicationFiguresDto, description: 'As the report’s section 一 figures' })
  applications!: ApplicationFiguresDto;
  @ApiProperty({ type: [MonthFiguresDto], description: 'The twelve months of the year' })
  monthly!: MonthFiguresDto[];
  @ApiProperty({
    type: [CategoryCountDto],
    description: 'The year’s conclusions by national category (table 三)',
  })
  outcomes!: CategoryCountDto[];
  @ApiProperty({ type: DashboardTimelinessDto }) timeliness!: DashboardTimelinessDto;
  @ApiProperty({ type: [WorkingDaysBandDto], description: 'The year’s decisions by working days taken' })
  workingDaysTaken!: WorkingDaysBandDto[];
  @ApiProperty({ type: [ReviewFiguresDto], description: 'Reconsideration and litigation (table 四)' })
  reviews!: ReviewFiguresDto[];
}

/** One agency's row in a government's comparison. */
export class AgencyFiguresDto {
  @ApiProperty({ type: AgencyDto }) agency!: AgencyDto;
  @ApiProperty() received!: number;
  @ApiProperty() concluded!: number;
  @ApiProperty() carriedOver!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty({ type: Number, nullable: true }) onTimeRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianWorkingDays!: number | null;
  @ApiProperty({ description: 'Open today' }) open!: number;
  @ApiProperty({ description: 'Overdue today' }) overdue!: number;
  @ApiProperty({ description: 'Reconsideration and litigation results corrected (纠错) in the year' })
  corrected!: number;
  @ApiProperty({ description: 'Reconsideration and litigation cases filed in the year' }) reviews!: number;
}

export class DashboardDto {
  @ApiProperty({ type: AgencyDto }) agency!: AgencyDto;
  @ApiProperty({ description: 'How many agencies the figures cover' }) agencies!: number;
  @ApiProperty() year!: number;
  @ApiProperty({ format: 'date', description: 'The day the open applications are counted on (today, China)' })
  asOf!: string;
  @ApiProperty({ type: DashboardYearDto }) figures!: DashboardYearDto;
  @ApiProperty({ type: OpenFiguresDto }) open!: OpenFiguresDto;
  @ApiProperty({ type: OverdueListDto }) overdue!: OverdueListDto;
  @ApiProperty({
    type: [AgencyFiguresDto],
    description:
      'Per agency covered (with includeSubAgencies), the same figures side by side; empty for one agency',
  })
  byAgency!: AgencyFiguresDto[];
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
}
