/** Response shapes of the annual report (政府信息公开工作年度报告) and the tables and checks it shares. */
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { AgencyDto } from '../agencies/agency.dto';
import { TABLE3_COLUMNS, TABLE3_ROWS, type Table3, type Table3Column } from '../../../../libs/domain/report';
import { FIGURE_KEYS, type Table2, type Table2Sources } from '../../../../libs/domain/proactive-disclosure';
import {
  TABLE4_COLUMNS,
  TABLE4_GROUPS,
  type Table4,
  type Table4Column,
} from '../../../../libs/domain/review-cases';

/**
 * Declares on `target` one property per key, each with `options`: the schema of an object whose keys are
 * the domain's list (table rows, groups, figure keys), so the document cannot drift from it.
 */
export function declareKeys(
  target: abstract new () => object,
  keys: readonly string[],
  options: ApiPropertyOptions,
): void {
  for (const key of keys) ApiProperty(options)(target.prototype, key);
}

/** A cross-check (勾稽关系) of the report and whether it holds. */
export class CrossCheckDto {
  @ApiProperty({ example: 'balance' }) key!: string;
  @ApiProperty({ description: 'The relation, in the report’s words' }) description!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: [String], description: 'What does not add up (empty when ok)' }) failures!: string[];
}

/** 表三: row key → the numbers of the columns, in the order of `columns` (the last the total). */
export class Table3Dto {}
declareKeys(Table3Dto, TABLE3_ROWS, {
  type: 'integer',
  isArray: true,
  description: `${TABLE3_COLUMNS.length} numbers: ${TABLE3_COLUMNS.join(', ')}`,
});

/** 表四: group → its five numbers. */
export class Table4Dto {}
declareKeys(Table4Dto, TABLE4_GROUPS, {
  type: 'integer',
  isArray: true,
  description: `${TABLE4_COLUMNS.length} numbers: ${TABLE4_COLUMNS.join(', ')}`,
});

export class DocumentRowDto {
  @ApiProperty({ description: '本年制发件数' }) issued!: number;
  @ApiProperty({ description: '本年废止件数' }) repealed!: number;
  @ApiProperty({ description: '现行有效件数' }) in_force!: number;
}

/** 表二 (主动公开政府信息情况). */
export class Table2Dto {
  @ApiProperty({ type: DocumentRowDto, description: '规章' }) rules!: DocumentRowDto;
  @ApiProperty({ type: DocumentRowDto, description: '行政规范性文件' }) normative_documents!: DocumentRowDto;
  @ApiProperty() licensing_decisions!: number;
  @ApiProperty() penalty_decisions!: number;
  @ApiProperty() enforcement_decisions!: number;
  @ApiProperty({ description: '万元, at most 4 decimal places' }) administrative_fees_wan_yuan!: number;
}

/** Where an entered figure of table 二 comes from. */
export class FigureSourceDto {
  @ApiProperty({ description: '来源' }) source!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() recordedBy!: string;
}

/** Figure key → where it comes from; null when it was never entered for the year. */
export class Table2SourcesDto {}
declareKeys(Table2SourcesDto, FIGURE_KEYS, { type: FigureSourceDto, nullable: true });

/** Table 二 with its sources and checks, of one agency or several summed. */
export class Table2PartDto {
  @ApiProperty({ type: Table2Dto }) table2!: Table2;
  @ApiProperty({ type: Table2SourcesDto }) table2_sources!: Table2Sources;
  @ApiProperty({ type: [CrossCheckDto] }) checks!: CrossCheckDto[];
}

/** The figures section 一 quotes. */
export class ApplicationFiguresDto {
  @ApiProperty() received!: number;
  @ApiProperty() concluded!: number;
  @ApiProperty() carriedOver!: number;
  @ApiProperty() carriedFromLastYear!: number;
}

export class TimelinessDto {
  @ApiProperty({ description: 'Decisions delivered in the year whose deadline is known' }) decided!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median working days from the clock’s (last) start to delivery, pauses excluded',
  })
  medianWorkingDays!: number | null;
}

/** The annual report of an agency (and those under it) for a year. */
export class AnnualReportDto {
  @ApiProperty({ type: AgencyDto }) agency!: AgencyDto;
  @ApiProperty({ description: 'How many agencies the figures cover' }) agencies!: number;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: TABLE3_COLUMNS, isArray: true }) columns!: readonly Table3Column[];
  @ApiProperty({ type: Table3Dto }) table3!: Table3;
  @ApiProperty({ type: ApplicationFiguresDto }) applications!: ApplicationFiguresDto;
  @ApiProperty({ type: TimelinessDto }) timeliness!: TimelinessDto;
  @ApiProperty({ enum: TABLE4_COLUMNS, isArray: true }) table4_columns!: readonly Table4Column[];
  @ApiProperty({ type: Table4Dto }) table4!: Table4;
  @ApiProperty({ type: Table2Dto }) table2!: Table2;
  @ApiProperty({ type: Table2SourcesDto }) table2_sources!: Table2Sources;
  @ApiProperty({ type: [CrossCheckDto], description: 'Table 三’s checks, then table 二’s and table 四’s' })
  checks!: CrossCheckDto[];
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ enum: ['application_facts'] }) source!: 'application_facts';
}
