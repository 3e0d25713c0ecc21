/**
 * The contract of the year-end workflow (年度结转) and the calendar check, and the ids of the schedules
 * that start them. Safe to import from the client side.
 */
import { defineQuery } from '@temporalio/workflow';

export const YEAR_END_WORKFLOW_TYPE = 'yearEndWorkflow';
export const CALENDAR_CHECK_WORKFLOW_TYPE = 'calendarCheckWorkflow';

/** Schedule ids, one of each per namespace. */
export const YEAR_END_SCHEDULE_ID = 'year-end';
export const CALENDAR_CHECK_SCHEDULE_ID = 'calendar-check';
/** The time zone both schedules count in. */
export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

export interface YearEndInput {
  /** The year whose open applications are carried over (default: the year before today in China). */
  year?: number;
  /** Applications per page (default 500) and pages per run before continuing as new (default 40). */
  pageSize?: number;
  pagesPerRun?: number;
  /** Present when the run continued as new: where it goes on. */
  continuation?: { after: string | null; progress: YearEndProgress };
}

export interface YearEndProgress {
  year: number;
  /** Applications open on 31 December found so far. */
  found: number;
  /** carry_overs rows written by this run (0 on a second run). */
  recorded: number;
  /** Running workflows asked to record the carry-over (0 on a second run). */
  signalled: number;
  done: boolean;
}

export const yearEndProgressQuery = defineQuery<YearEndProgress>('yearEndProgress');
