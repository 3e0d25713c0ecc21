/**
 * Calendar propagation (issue 10), started by the API when a platform administrator enters a holiday
 * arrangement (or by its sweeper when Temporal was away then): brings the calendar version to every open
 * application, a page of open applications at a time. Each page is one idempotent activity (signals a
 * workflow ignores once it has the version; counts recorded once per page), so a retried page or a
 * second run changes nothing. The history stays bounded: it continues as new every 50 pages or when
 * Temporal suggests it.
 */
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CalendarPropagationActivities } from '../activities/calendar-propagation.activities';
import type { CalendarPropagationInput } from './calendar-propagation.definitions';

const { startCalendarPropagation, finishCalendarPropagation } =
  proxyActivities<CalendarPropagationActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

const { propagateCalendarPage } = proxyActivities<CalendarPropagationActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Open applications per page. */
export const CALENDAR_PROPAGATION_PAGE_SIZE = 200;
/** Pages per run before it continues as new (10,000 applications). */
const PAGES_PER_RUN = 50;

export async function calendarPropagationWorkflow(
  input: CalendarPropagationInput,
): Promise<{ propagationId: string; signalled: number }> {
  const { propagationId, version } = input;
  const pageSize = input.pageSize ?? CALENDAR_PROPAGATION_PAGE_SIZE;
  const pagesPerRun = input.pagesPerRun ?? PAGES_PER_RUN;
  let after = input.continuation?.after ?? null;
  if (!input.continuation) await startCalendarPropagation({ propagationId });
  let signalled = 0;
  for (let page = 0; ; page++) {
    if (page >= pagesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof calendarPropagationWorkflow>({ ...input, continuation: { after } });
    }
    const r = await propagateCalendarPage({ propagationId, version, after, limit: pageSize });
    signalled += r.signalled;
    if (r.next === null) break;
    after = r.next;
  }
  await finishCalendarPropagation({ propagationId });
  return { propagationId, signalled };
}
