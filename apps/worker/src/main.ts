/**
 * The Temporal worker: runs application workflows and their recording activities.
 * Stops cleanly on SIGINT/SIGTERM (finishing the activities in hand), then closes the database pool.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { ConfigError, loadConfig } from '../../../platform/config';
import { redact, redactValue } from '../../../platform/redact';
import { createDataSource } from '../../../platform/database/data-source';
import { temporalConnectionOptions } from '../../../platform/temporal';
import { createNotificationActivities, createRecordingActivities } from '../../../activities';
import { StuckCaseScanner, problemRecordingInterceptors, scheduleScans } from './stuck-cases';
import { createYearEndActivities } from '../../../activities/year-end.activities';
import { ensureSchedules, retireCalendarWatch } from './schedules';

/** Built by `npm run build` (scripts/bundle-workflows): saves the worker a webpack run at every start. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', '..', 'workflow-bundle.js');

async function main(): Promise<void> {
  const config = loadConfig();
  // Issue 10: the SDK's log (activity failures with their errors) is redacted.
  Runtime.install({
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN', ({ level, message, meta }) =>
      process.stderr.write(
        `${new Date().toISOString()} [${level}] ${redact(message)}${meta === undefined ? '' : ` ${redactValue(meta)}`}\n`,
      ),
    ),
  });
  const db = createDataSource(config.databaseUrl, 10);
  await db.initialize();
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });
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
      ...createYearEndActivities(db, () => client),
    },
    interceptors: {
      activity: [problemRecordingInterceptors(db, config.stuckCases, (m) => console.warn(m))],
    },
    shutdownGraceTime: '10 seconds',
  });
  // Year end and calendar check run by Temporal Schedules (Asia/Shanghai), ensured at every start.
  if (await retireCalendarWatch(client)) console.log('[worker] calendar watch replaced by its schedule');
  await ensureSchedules(client, config);
  const scanner = new StuckCaseScanner(db, client, config.stuckCases);
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
  else console.error(`[worker] failed: ${redactValue(err)}`);
  process.exit(1);
});
