/**
 * Watches the working-day calendar: from 1 November, reminds admins every working day that next year's
 * holiday arrangement (国务院办公厅节假日安排通知) has not been entered yet. One instance per namespace,
 * started by the worker; it continues as new every 60 days to keep its history short.
 */
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import { dateInShanghai, endOfDayInShanghai } from '../libs/domain/dates';
import type { NotificationActivities } from '../activities/notification.activities';

const { checkCalendarCoverage } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const CALENDAR_WATCH_WORKFLOW_ID = 'calendar-watch';

export async function calendarWatchWorkflow(input: { checkEveryMs?: number | null } = {}): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await checkCalendarCoverage();
    if (input.checkEveryMs) {
      await sleep(input.checkEveryMs);
    } else {
      // Next check at 09:00 China Standard Time tomorrow.
      const today = dateInShanghai(Date.now());
      const at = endOfDayInShanghai(today) + 9 * 3_600_000;
      await sleep(Math.max(1000, at - Date.now()));
    }
  }
  await continueAsNew<typeof calendarWatchWorkflow>(input);
}
