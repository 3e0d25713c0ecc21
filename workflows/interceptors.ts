/**
 * Issue 10: workflow interceptors (bundled through scripts/bundle-workflows.ts). The request id a start,
 * signal or update arrived with (Temporal header `ogi-request-id`, set by the API's client interceptor)
 * is handed on in the headers of the activities scheduled while that handler runs, so the activity's
 * logs name the staff request that caused it. Deterministic: the id comes from the history's headers,
 * and headers are not part of the commands replay compares. State lives in this closure, one per
 * workflow instance.
 */
import type {
  ActivityInput,
  Next,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { Headers } from '@temporalio/common';

const HEADER = 'ogi-request-id';

export const interceptors = (): WorkflowInterceptors => {
  /** The request id of the handler now running (the latest one to start, if several interleave). */
  let current: Headers[string] | undefined;
  /** The start's request id, given to the first activity the workflow schedules (recording `registered`). */
  let atStart: Headers[string] | undefined;

  const within = async <T>(headers: Headers, run: () => Promise<T>): Promise<T> => {
    const id = headers[HEADER];
    if (!id) return run();
    current = id;
    try {
      return await run();
    } finally {
      if (current === id) current = undefined;
    }
  };

  const inbound: WorkflowInboundCallsInterceptor = {
    execute(input, next) {
      atStart = input.headers[HEADER];
      return next(input);
    },
    handleUpdate: (input, next) => within(input.headers, () => next(input)),
    handleSignal: (input, next) => within(input.headers, () => next(input)),
  };

  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
      const id = current ?? atStart;
      atStart = undefined;
      if (!id || input.headers[HEADER]) return next(input);
      return next({ ...input, headers: { ...input.headers, [HEADER]: id } });
    },
  };

  return { inbound: [inbound], outbound: [outbound] };
};
