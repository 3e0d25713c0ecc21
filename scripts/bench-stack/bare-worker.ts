/**
 * `npm run bench:stack`'s anchor worker, its own process as the product's worker is: the bare workflow
 * (bare.workflow.ts) and its no-op activity on a task queue of their own, with the SDK's default worker
 * options. Prints `[bare-worker] ready` once it polls.
 * Environment: OGI_TEMPORAL_ADDRESS, OGI_TEMPORAL_NAMESPACE (default), OGI_TEMPORAL_TASK_QUEUE.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { BareActivities } from './bare.workflow';

async function main(): Promise<void> {
  const address = process.env.OGI_TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.OGI_TEMPORAL_NAMESPACE ?? 'default';
  const taskQueue = process.env.OGI_TEMPORAL_TASK_QUEUE ?? 'bench-bare';
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const activities: BareActivities = { async noop() {} };
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('./bare.workflow'),
    activities,
  });
  console.log(`[bare-worker] ready: task queue ${taskQueue}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
