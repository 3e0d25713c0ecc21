/**
 * The Temporal worker: runs application workflows and their recording activities.
 * Stops cleanly on SIGINT/SIGTERM (finishing the activities in hand), then closes the database pool.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { ConfigError, loadConfig } from '../../../platform/config';
import { createDataSource } from '../../../platform/database/data-source';
import { temporalConnectionOptions } from '../../../platform/temporal';
import { createNotificationActivities, createRecordingActivities } from '../../../activities';
import { StuckCaseScanner, problemRecordingInterceptors, scheduleScans } from './stuck-cases';
import { createYearEndActivities } from '../../../activities/year-end.activities';
import { createCalendarPropagationActivities } from '../../../activities/calendar-propagation.activities';
import { ensureSchedules, retireCalendarWatch } from './schedules';
import { createJsonLogger } from '../../../platform/logging';
import { requestIdActivityInterceptors, runtimeLogger } from './activity-logging';
import { workerScaleOptions } from './scale';
import { workflowBundleOptions } from '../../../platform/workflow-bundle';

/** Built by `npm run build` (scripts/bundle-workflows): saves the worker a webpack run at every start. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', '..', 'workflow-bundle.js');

/** Without the built bundle (tests from sources): bundled at start with the same options. */
function bundleAtStart() {
  const { workflowsPath, workflowInterceptorModules, preloadModules } = workflowBundleOptions();
  return { workflowsPath, workflowModules: workflowInterceptorModules, bundlerOptions: { preloadModules } };
}

/** Before the configuration is read, errors still go out as JSON lines. */
let log = createJsonLogger('info', { process: 'worker' });

async function main(): Promise<void> {
  const config = loadConfig();
  log = createJsonLogger(config.logLevel, { process: 'worker' });
  // Issue 10: SDK logs as JSON lines; the Temporal metrics (workflow tasks, activities, polls) exported
  // for Prometheus at OGI_WORKER_METRICS_ADDRESS (the API's /metrics appends them).
  const metricsAddress = config.operability.workerMetricsAddress;
  Runtime.install({
    logger: runtimeLogger(config.logLevel, log),
    ...(metricsAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } }
      : {}),
  });
  const db = createDataSource(config.databaseUrl, config.worker.databasePoolSize);
  await db.initialize();
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const { workflowModules, ...workflowCode } = existsSync(WORKFLOW_BUNDLE_PATH)
    ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH }, workflowModules: undefined }
    : bundleAtStart();
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...workflowCode,
    activities: {
      ...createRecordingActivities(db),
      ...createNotificationActivities(db, config.notifications),
      ...createYearEndActivities(db, () => client),
      ...createCalendarPropagationActivities(db, () => client),
    },
    interceptors: {
      ...(workflowModules ? { workflowModules } : {}),
      activity: [
        requestIdActivityInterceptors(log),
        problemRecordingInterceptors(db, config.stuckCases, (m) => log.warn(m)),
      ],
    },
    shutdownGraceTime: '10 seconds',
    // Issue 12: resident memory bounded by the cache, not by the number of open cases (README "Configuration").
    ...workerScaleOptions(config.worker),
  });
  // Year end and calendar check run by Temporal Schedules (Asia/Shanghai), ensured at every start.
  if (await retireCalendarWatch(client)) log.info('[worker] calendar watch replaced by its schedule');
  await ensureSchedules(client, config);
  const scanner = new StuckCaseScanner(db, client, config.stuckCases);
  const stopScans = scheduleScans(scanner, config.stuckCases.scanIntervalMs, (m) => log.warn(m));
  // Written whatever the level: tests and ./ogi start wait for it.
  log.announce(
    `[worker] ready: task queue ${config.temporal.taskQueue}, namespace ${config.temporal.namespace}, Temporal ${config.temporal.address}`,
    {
      metrics: metricsAddress ? `http://${metricsAddress}/metrics` : 'off',
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks,
      maxConcurrentActivities: config.worker.maxConcurrentActivities,
    },
  );
  try {
    await worker.run();
  } finally {
    stopScans();
    await connection.close();
    await db.destroy();
    log.announce('[worker] stopped');
  }
}

main().catch((err: unknown) => {
  // A bad configuration is told in plain text (the variable and the reason, as the operator typed it).
  if (err instanceof ConfigError) console.error(`[worker] ${err.message}`);
  else
    log.error('[worker] failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
