/**
 * The worker's Temporal Schedules (issue 8), ensured at every start: created when missing, updated to
 * the wanted definition when they exist (so a changed definition takes effect), never duplicated.
 *
 * - `year-end`: 00:30 on 1 January, Asia/Shanghai, starts `yearEndWorkflow` for the year just ended; a
 *   generous catch-up window takes the action late when the worker or server was down on 1 January.
 * - `calendar-check`: 09:00 every day, Asia/Shanghai (or every OGI_CALENDAR_CHECK_INTERVAL_MS), starts
 *   `calendarCheckWorkflow`. It replaces the long-running `calendar-watch` workflow, which is terminated.
 */
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
  type Workflow,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { AppConfig } from '../../../platform/config';
import { CALENDAR_WATCH_WORKFLOW_ID } from '../../../workflows/calendar-watch.workflow';
import {
  CALENDAR_CHECK_SCHEDULE_ID,
  CALENDAR_CHECK_WORKFLOW_TYPE,
  SCHEDULE_TIME_ZONE,
  YEAR_END_SCHEDULE_ID,
  YEAR_END_WORKFLOW_TYPE,
} from '../../../workflows/year-end.definitions';

interface WantedSchedule {
  scheduleId: string;
  spec: ScheduleSpec;
  action: ScheduleOptionsStartWorkflowAction<Workflow>;
  policies: { overlap: ScheduleOverlapPolicy; catchupWindow: number };
}

const DAY_MS = 86_400_000;

/** The schedules the worker keeps, as wanted by the configuration. */
export function wantedSchedules(config: AppConfig): WantedSchedule[] {
  const { taskQueue } = config.temporal;
  const interval = config.schedules.calendarCheckIntervalMs;
  return [
    {
      scheduleId: YEAR_END_SCHEDULE_ID,
      spec: {
        calendars: [
          { month: 'JANUARY', dayOfMonth: 1, hour: 0, minute: 30, comment: '年度结转：1月1日 00:30' },
        ],
        timezone: SCHEDULE_TIME_ZONE,
      },
      action: {
        type: 'startWorkflow',
        workflowType: YEAR_END_WORKFLOW_TYPE,
        workflowId: YEAR_END_SCHEDULE_ID,
        taskQueue,
        args: [{}],
      },
      policies: {
        overlap: ScheduleOverlapPolicy.SKIP,
        catchupWindow: config.schedules.yearEndCatchupDays * DAY_MS,
      },
    },
    {
      scheduleId: CALENDAR_CHECK_SCHEDULE_ID,
      spec: interval
        ? { intervals: [{ every: interval }], timezone: SCHEDULE_TIME_ZONE }
        : {
            calendars: [{ hour: 9, minute: 0, dayOfWeek: '*', comment: '每天 09:00 检查下一年节假日安排' }],
            timezone: SCHEDULE_TIME_ZONE,
          },
      action: {
        type: 'startWorkflow',
        workflowType: CALENDAR_CHECK_WORKFLOW_TYPE,
        workflowId: CALENDAR_CHECK_SCHEDULE_ID,
        taskQueue,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: DAY_MS },
    },
  ];
}

/** Creates each schedule, or brings an existing one to the wanted definition. Idempotent. */
export async function ensureSchedules(client: Client, config: AppConfig): Promise<void> {
  for (const wanted of wantedSchedules(config)) {
    try {
      await client.schedule.create(wanted);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(wanted.scheduleId).update((previous) => ({
        spec: wanted.spec,
        action: wanted.action,
        policies: { ...previous.policies, ...wanted.policies },
        state: { paused: previous.state.paused, note: previous.state.note },
      }));
    }
  }
}

/** Ends the long-running calendar watch of earlier versions, if it still runs: the schedule replaces it. */
export async function retireCalendarWatch(client: Client): Promise<boolean> {
  try {
    const handle = client.workflow.getHandle(CALENDAR_WATCH_WORKFLOW_ID);
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') return false;
    await handle.terminate('replaced by the calendar-check schedule (issue 8)');
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
