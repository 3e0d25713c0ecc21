/**
 * Year end (年度结转), started by the `year-end` schedule after 31 December (Asia/Shanghai) or by an
 * admin: carries over the applications open on 31 December of the year, a page at a time. Each page is
 * one idempotent activity (carry_overs rows, signals to the running application workflows), so running it
 * twice for a year changes nothing. The history stays bounded: it continues as new every 40 pages.
 */
import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { dateInShanghai, yearOf } from '../libs/domain/dates';
import type { YearEndActivities } from '../activities/year-end.activities';
import { type YearEndInput, type YearEndProgress, yearEndProgressQuery } from './year-end.definitions';

const { startYearEndRun, finishYearEndRun } = proxyActivities<YearEndActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { carryOverPage } = proxyActivities<YearEndActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Applications per activity. */
export const YEAR_END_PAGE_SIZE = 500;
/** Pages per run before it continues as new (20,000 applications). */
const PAGES_PER_RUN = 40;

export async function yearEndWorkflow(input: YearEndInput = {}): Promise<YearEndProgress> {
  const year = input.year ?? yearOf(dateInShanghai(Date.now())) - 1;
  const progress: YearEndProgress = input.continuation?.progress ?? {
    year,
    found: 0,
    recorded: 0,
    signalled: 0,
    done: false,
  };
  setHandler(yearEndProgressQuery, () => progress);
  const pageSize = input.pageSize ?? YEAR_END_PAGE_SIZE;
  const pagesPerRun = input.pagesPerRun ?? PAGES_PER_RUN;
  let after = input.continuation?.after ?? null;
  if (!input.continuation) await startYearEndRun({ year, workflowId: workflowInfo().workflowId });
  for (let page = 0; ; page++) {
    if (page >= pagesPerRun) {
      await continueAsNew<typeof yearEndWorkflow>({ ...input, year, continuation: { after, progress } });
    }
    const r = await carryOverPage({ year, after, limit: pageSize });
    progress.found += r.found;
    progress.recorded += r.recorded;
    progress.signalled += r.signalled;
    if (r.next === null) break;
    after = r.next;
  }
  await finishYearEndRun({ year, signalled: progress.signalled });
  progress.done = true;
  return progress;
}
