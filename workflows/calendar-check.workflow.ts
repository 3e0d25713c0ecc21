/**
 * The calendar check, started by the `calendar-check` schedule every morning (Asia/Shanghai): from
 * 1 November, reminds admins when next year's holiday arrangement has not been entered yet. It replaces
 * the long-running calendar watch (calendar-watch.workflow.ts, kept so its recorded history replays).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notification.activities';

const { checkCalendarCoverage } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

export async function calendarCheckWorkflow(): Promise<number | null> {
  return checkCalendarCoverage();
}
