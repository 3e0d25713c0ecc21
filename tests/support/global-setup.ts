/**
 * Starts the real services for the integration tests: a Temporal dev server (the CLI's, in memory, on
 * free ports) and a fresh PostgreSQL database with the migrations applied. Workers and API servers are
 * started per test file (tests/support/stack.ts) from the built code in dist/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, recreateDatabase } from '../../platform/database/data-source';
import { freePort } from '../../platform/processes';
import { findTemporalBinary, startTemporalDevServer } from '../../platform/temporal-dev-server';
import type { ManagedProcess } from '../../platform/processes';

declare global {
  var __OGI_TEMPORAL__: ManagedProcess | undefined;
}

export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'apps', 'worker', 'src', 'main.js'))) {
    throw new Error(
      'dist/ is missing: run `npm run build` (./ogi test does it) before the integration tests',
    );
  }
  const port = await freePort();
  const lines: string[] = [];
  globalThis.__OGI_TEMPORAL__ = await startTemporalDevServer({
    binary: findTemporalBinary(),
    ip: '127.0.0.1',
    port,
    uiPort: null,
    namespace: 'default',
    dbFile: null,
    retentionDays: 30,
    onLine: (line) => {
      lines.push(line);
      if (process.env.OGI_TEST_VERBOSE) process.stdout.write(`[temporal] ${line}\n`);
    },
  });
  const base = process.env.OGI_TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const databaseUrl = `${base}/ogi_flow_test_${process.pid}`;
  await recreateDatabase(databaseUrl);
  await migrate(databaseUrl);
  process.env.OGI_TEST_TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
  process.env.OGI_TEST_DATABASE_URL = databaseUrl;
}
