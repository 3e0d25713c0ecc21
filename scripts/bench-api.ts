/**
 * The benches' API: the built API (dist/apps/api) as its own process against a bench database. By
 * default with no Temporal behind it (an unused port), so the figures are the API's and PostgreSQL's
 * alone; `npm run bench:stack` gives it the Temporal server and task queue of its own stack.
 */
import { join } from 'node:path';
import { type ManagedProcess, freePort, startProcess } from '../platform/processes';

export interface BenchApi {
  process: ManagedProcess;
  port: number;
  /** The API's last output lines, for a failure message. */
  logs: string[];
}

export interface BenchApiOptions {
  /** host:port of a Temporal server; by default an unused port (no Temporal). */
  temporalAddress?: string;
  /** The task queue its workflows are started on (OGI_TEMPORAL_TASK_QUEUE). */
  taskQueue?: string;
  /** More environment (log level, timeouts, …). */
  env?: Record<string, string>;
}

/** node's own flags for a bench's child process, from the environment variable `name` (space-separated). */
export function nodeArgsFrom(name: string): string[] {
  return (process.env[name] ?? '').split(' ').filter(Boolean);
}

export async function startBenchApi(databaseUrl: string, o: BenchApiOptions = {}): Promise<BenchApi> {
  const port = await freePort();
  const logs: string[] = [];
  const api = startProcess({
    name: 'api',
    command: process.execPath,
    // OGI_BENCH_API_NODE_ARGS: node's own flags for the API, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    args: [
      ...nodeArgsFrom('OGI_BENCH_API_NODE_ARGS'),
      join(__dirname, '..', 'apps', 'api', 'src', 'main.js'),
    ],
    env: {
      OGI_DATABASE_URL: databaseUrl,
      OGI_API_PORT: String(port),
      OGI_API_HOST: '127.0.0.1',
      OGI_TEMPORAL_ADDRESS: o.temporalAddress ?? `127.0.0.1:${await freePort()}`,
      OGI_LOG_LEVEL: 'error',
      OGI_WORKER_METRICS_ADDRESS: 'off',
      ...(o.taskQueue ? { OGI_TEMPORAL_TASK_QUEUE: o.taskQueue } : {}),
      ...o.env,
    },
    onLine: (l) => {
      logs.push(l);
      if (logs.length > 400) logs.splice(0, 200);
    },
  });
  return { process: api, port, logs };
}
