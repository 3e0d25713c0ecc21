/**
 * Replays every recorded workflow history (tests/fixtures/histories, made by `npm run record-histories`)
 * against the current workflow code. A change to a workflow, or to domain code it calls, that is not
 * guarded by `patched()` makes a running case's history non-deterministic, and fails here.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DIST, ROOT } from '../support/env';

const DIR = join(ROOT, 'tests', 'fixtures', 'histories');
const BUNDLE = join(DIST, 'workflow-bundle.js');

interface Recorded {
  label: string;
  workflowId: string;
  history: unknown;
}

const recorded: Recorded[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Recorded);

describe('recorded workflow histories replay against the current code', () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error('dist/workflow-bundle.js is missing: run `npm run build` first');
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  });

  it('has recorded histories of every kind of case', () => {
    const labels = recorded.map((r) => r.label);
    for (const kind of [
      'lifecycle',
      'supplement-returned',
      'supplement-lapsed',
      'consultations-extension-fee',
      'fee-lapsed',
      'reasons-later-deadline',
      'excessive-not-processed',
      'withdrawn',
      'reminders-overdue',
      'calendar-changed',
      'calendar-watch',
      // Rules 2 (issue 7) and continue-as-new.
      'v2-lifecycle',
      'v2-supplement-late-entry',
      'v2-supplement-lapsed-grace',
      'v2-fee-lapsed-grace',
      'v2-pauses-across-restart',
      'v2-third-party-objection',
      'v2-consultation-late-answer',
      'v2-later-deadline-base',
      'v2-calendar-recount',
      'v2-continued-as-new-first-run',
      'v2-continued-as-new',
      // Year end (issue 8).
      'v3-carried-over',
      'v3-year-end',
      'v3-calendar-check',
      // Issue 8: a reopened application's new run.
      'v3-reopened-after-reconsideration',
    ]) {
      expect(labels.some((l) => l.endsWith(kind))).toBe(true);
    }
  });

  it.each(recorded.map((r) => [r.label, r] as const))('%s', async (_label, r) => {
    const history = historyFromJSON(r.history);
    await Worker.runReplayHistory({ workflowBundle: { codePath: BUNDLE } }, history, r.workflowId);
  });
});
