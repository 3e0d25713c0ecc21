/**
 * Issue 12: the worker options that bound its resident memory and what it does at once, from the typed
 * configuration (platform/config.ts, WorkerScaleConfig; README "Configuration").
 *
 * - The workflow cache (`maxCachedWorkflows`) is what grows with open cases: each cached application
 *   workflow keeps its state, its calendar and its handlers in the workflow thread, and Core keeps its
 *   state machines. Beyond the cache, an open case costs the worker nothing: its timers wait at Temporal,
 *   and when one fires (or a staff action arrives) the case is replayed from its history, which stays
 *   short (a case continues as new when Temporal suggests it).
 * - One reusable V8 context (the SDK's default, `reuseV8Context`) in one workflow thread: the workflow code
 *   is loaded once and the pure domain modules are shared by every workflow (scripts/bundle-workflows.ts).
 * - Workflow tasks and activities at once: bounded so that a burst (100,000 cases registered by an import,
 *   their timers firing on the same morning) queues at Temporal instead of in the worker's memory.
 */
import type { WorkerOptions } from '@temporalio/worker';
import type { WorkerScaleConfig } from '../../../platform/config';

export function workerScaleOptions(
  c: WorkerScaleConfig,
): Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'reuseV8Context'
  | 'workflowThreadPoolSize'
> {
  return {
    maxCachedWorkflows: c.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: c.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: c.maxConcurrentActivities,
    reuseV8Context: true,
    workflowThreadPoolSize: 1,
  };
}
