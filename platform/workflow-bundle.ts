/**
 * What goes into the workflow bundle, for the build (scripts/bundle-workflows.ts writes
 * dist/workflow-bundle.js) and for a worker started without it (it bundles at start with the same).
 *
 * Issue 12: the pure domain modules the application workflow counts with are **preloaded**: with the
 * SDK's reusable V8 context (its default), a preloaded module is evaluated once per workflow thread and
 * shared, read-only (the SDK freezes its exports), by every workflow, instead of being evaluated again for
 * each workflow created or replayed. So the built-in holiday arrangements and their 2000–2100 index
 * (`BUILT_IN_CALENDAR`), and the calendars shared by `sharedCalendar`, exist once in the worker rather
 * than once per cached workflow. Only modules without per-workflow state may be listed: libs/domain is
 * pure (no clock, no randomness, no module-level state but `sharedCalendar`'s cache of immutable
 * calendars), and imports nothing from Temporal.
 */
import { join } from 'node:path';

/** The domain modules of libs/domain the workflows import (directly or through each other). */
export const PRELOADED_DOMAIN_MODULES = [
  'dates',
  'calendar',
  'clock',
  'fees',
  'input',
  'outcome',
  'reminders',
  'related',
  'application',
] as const;

export interface WorkflowBundleOptions {
  workflowsPath: string;
  workflowInterceptorModules: string[];
  preloadModules: string[];
}

export function workflowBundleOptions(): WorkflowBundleOptions {
  const root = join(__dirname, '..');
  return {
    workflowsPath: require.resolve(join(root, 'workflows')),
    // Issue 10: the request id from a handler's headers to the activities it schedules.
    workflowInterceptorModules: [require.resolve(join(root, 'workflows', 'interceptors'))],
    preloadModules: PRELOADED_DOMAIN_MODULES.map((m) => require.resolve(join(root, 'libs', 'domain', m))),
  };
}
