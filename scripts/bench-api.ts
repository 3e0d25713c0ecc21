/**
 * The benches' API: the built API (dist/apps/api) as its own process against a bench database, with no
 * Temporal behind it (an unused port), so the figures are the API's and PostgreSQL's alone.
 */
import { join } from 'node:path';
import { type ManagedProcess, freePort, startProcess } from '../platform/processes';

export interface BenchApi {
  process: ManagedProcess;
  port: number;
  /** The API's output lines, for a failure message. */
  logs: string[];
}

export async function startBenchApi(databaseUrl: string): Promise<BenchApi> {
  const port = await freePort();
  const logs: string[] = [];
  const api = startProcess({
    name: 'api',
    command: process.execPath,
    args: [join(__dirname, '..', 'apps', 'api', 'src', 'main.js')],
    env: {
      OGI_DATABASE_URL: databaseUrl,
      OGI_API_PORT: String(port),
      OGI_API_HOST: '127.0.0.1',
      OGI_TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      OGI_LOG_LEVEL: 'error',
    },
    onLine: (l) => logs.push(l),
  });
  return { process: api, port, logs };
}
