import { WorkflowIdReusePolicy } from '@temporalio/client';
import { type ApplicationWorkflowInput, APPLICATION_WORKFLOW_TYPE } from '../../../../workflows/definitions';
import type { TemporalService } from '../infrastructure/temporal.service';

/**
 * Starts a run of an application's workflow (its first, or after a reopening its next one) within
 * `timeoutMs`, connecting included, and gives up when `signal` aborts. A run already open under the
 * workflow id makes it throw WorkflowExecutionAlreadyStartedError; the caller decides what that means.
 */
export async function startApplicationRun(
  temporal: TemporalService,
  run: {
    workflowId: string;
    input: ApplicationWorkflowInput;
    /** REJECT_DUPLICATE for the first run; ALLOW_DUPLICATE for the next run after a closed one. */
    reusePolicy: WorkflowIdReusePolicy;
    signal: AbortSignal;
    timeoutMs: number;
  },
): Promise<void> {
  await temporal.startWithin(APPLICATION_WORKFLOW_TYPE, { ...run, args: [run.input] });
}
