import { Client as PgClient } from 'pg';
import { testEnv } from './env';
import { startWorker } from './stack';

export interface WorkerAndDatabase {
  /** What the file started and must stop, stopped last first after its tests (the worker first in). */
  stops: Array<() => Promise<unknown>>;
  /** A client on the tests' database, connected before the tests. */
  pg: PgClient;
}

/**
 * For a test file that starts (and kills) its APIs itself: a worker on `taskQueue` and a PostgreSQL
 * client for the whole file, set up in beforeAll and ended in afterAll.
 */
export function workerAndDatabase(taskQueue: string): WorkerAndDatabase {
  const ctx = { stops: [] } as unknown as WorkerAndDatabase;
  beforeAll(async () => {
    const worker = await startWorker(taskQueue);
    ctx.stops.push(() => worker.stop(5000));
    ctx.pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await ctx.pg.connect();
  });
  afterAll(async () => {
    for (const stop of ctx.stops.reverse()) await stop();
    await ctx.pg?.end();
  });
  return ctx;
}
