/**
 * `npm run bench:stack`'s anchor workflow (workflow code: bundled by the bare worker at its start, never
 * part of the product's bundle). It does what an application's workflow does with Temporal and nothing
 * else: one activity when it starts (the product records the registration), then one activity per Update
 * (the product records each staff action), ending after `steps` Updates. The activity does nothing, so
 * the figures are Temporal's own: the floor under the product's staff actions.
 */
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';

export interface BareActivities {
  noop(step: string): Promise<void>;
}

/** One step: awaits one no-op activity, answers the number of steps done. */
export const bareStepUpdate = defineUpdate<number, [string]>('step');

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });

export async function bareWorkflow(steps: number): Promise<number> {
  let started = false;
  let done = 0;
  setHandler(bareStepUpdate, async (step: string) => {
    await condition(() => started); // as the product's Updates follow the recorded registration
    await noop(step);
    return ++done;
  });
  await noop('start');
  started = true;
  await condition(() => done >= steps);
  await condition(allHandlersFinished);
  return done;
}
