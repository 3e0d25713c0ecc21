/**
 * The Temporal worker: runs application workflows and their recording activities.
 * Stops cleanly on SIGINT/SIGTERM (finishing the activities in hand), then closes the database pool.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { type AppConfig, ConfigError, loadConfig } from '../../../platform/config';
import { calendarWatchWorkflow } from '../../../workflows/calendar-watch.workflow';
import { CALENDAR_WATCH_WORKFLOW_ID } from '../../../workflows/calendar-watch.workflow';
import { createDataSource } from '../../../platform/database/data-source';
import { temporalConnectionOptions } from '../../../platform/temporal';
import { createNotificationActivities, createRecordingActivities } from '../../../activities';
import { StuckCaseScanner, problemRecordingInterceptors, scheduleScans } from './stuck-cases';

/** Built by `npm run build` (scripts/bundle-workflows): saves the worker a webpack run at every start. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', '..', 'workflow-bundle.js');

/** Starts the one calendar watch of the namespace, unless it runs already. */
async function startCalendarWatch(connection: NativeConnection, config: AppConfig): Promise<void> {
  const client = new Client({ connection, namespace: config.temporal.namespace });
  try {
    await client.workflow.start(calendarWatchWorkflow, {
      workflowId: CALENDAR_WATCH_WORKFLOW_ID,
      taskQueue: config.temporal.taskQueue,
      args: [{ checkEveryMs: config.workingDayMs }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN') });
  const db = createDataSource(config.databaseUrl, 10);
  await db.initialize();
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(existsSync(WORKFLOW_BUNDLE_PATH)
      ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: require.resolve('../../../workflows') }),
    activities: {
      ...createRecordingActivities(db),
      ...createNotificationActivities(db, config.notifications),
    },
    interceptors: {
      activity: [problemRecordingInterceptors(db, config.stuckCases, (m) => console.warn(m))],
    },
    shutdownGraceTime: '10 seconds',
  });
  await startCalendarWatch(connection, config);
  const scanner = new StuckCaseScanner(
    db,
    new Client({ connection, namespace: config.temporal.namespace }),
    config.stuckCases,
  );
  const stopScans = scheduleScans(scanner, config.stuckCases.scanIntervalMs, (m) => console.warn(m));
  console.log(
    `[worker] ready: task queue ${config.temporal.taskQueue}, namespace ${config.temporal.namespace}, Temporal ${config.temporal.address}`,
  );
  try {
    await worker.run();
  } finally {
    stopScans();
    await connection.close();
    await db.destroy();
    console.log('[worker] stopped');
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`[worker] ${err.message}`);
  else console.error('[worker] failed:', err);
  process.exit(1);
});
