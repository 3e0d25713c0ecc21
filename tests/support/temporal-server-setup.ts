/**
 * Global setup of the `temporal-server` test project: the production Temporal server (Temporal Server on
 * PostgreSQL, deploy/temporal/production.yaml) started by the same code as `./ogi start --production`
 * (platform/temporal-server.ts), on free ports and databases of its own, plus a fresh application
 * database with the migrations applied. The tests use the helpers of the integration tests
 * (tests/support/stack.ts), which find both through testEnv() (see tests/support/temporal-server-env.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase, migrate, recreateDatabase } from '../../platform/database/data-source';
import type { ManagedProcess } from '../../platform/processes';
import {
  findServerBinaries,
  freeServerPorts,
  siblingDatabaseUrl,
  startTemporalServer,
} from '../../platform/temporal-server';

declare global {
  var __OGI_TEMPORAL_SERVER__: ManagedProcess | undefined;
}

export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'apps', 'worker', 'src', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (./ogi test does it) before these tests');
  }
  const base = process.env.OGI_TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const temporalUrl = `${base}/ogi_temporal_test_${process.pid}`;
  const visibilityDatabase = `ogi_temporal_test_${process.pid}_visibility`;
  process.env.OGI_TEST_SERVER_TEMPORAL_DATABASE_URL = temporalUrl;
  process.env.OGI_TEST_SERVER_TEMPORAL_VISIBILITY_DATABASE = visibilityDatabase;

  const ports = await freeServerPorts();
  const dropTemporalDatabases = async () => {
    await dropDatabase(temporalUrl);
    await dropDatabase(siblingDatabaseUrl(temporalUrl, visibilityDatabase));
  };
  // A fresh cluster each run: the schemas are then created from version 0 by the sql tool.
  await dropTemporalDatabases();
  const startedAt = Date.now();
  globalThis.__OGI_TEMPORAL_SERVER__ = await startTemporalServer({
    binaries: findServerBinaries(),
    ip: '127.0.0.1',
    ports,
    databases: { url: temporalUrl, visibilityDatabase },
    namespace: 'default',
    retentionDays: 1,
    // Other test runs share the PostgreSQL server (max_connections 100): small pools.
    maxConns: { workflows: 5, visibility: 2 },
    onLine: (line) => {
      if (process.env.OGI_TEST_VERBOSE) process.stdout.write(`[temporal] ${line}\n`);
    },
  }).catch(async (err: unknown) => {
    // jest runs no global teardown when the setup fails: leave no databases behind.
    await dropTemporalDatabases();
    throw err;
  });
  if (process.env.OGI_TEST_VERBOSE) {
    process.stdout.write(`[temporal] production server ready in ${Date.now() - startedAt} ms\n`);
  }

  const databaseUrl = `${base}/ogi_flow_ts_test_${process.pid}`;
  await recreateDatabase(databaseUrl);
  await migrate(databaseUrl);
  // Names of their own: jest runs every project's global setup in one process before any test, so the
  // integration project's OGI_TEST_TEMPORAL_ADDRESS / OGI_TEST_DATABASE_URL must stay as they are.
  // tests/support/temporal-server-env.ts maps these onto those names in this project's test files.
  process.env.OGI_TEST_SERVER_TEMPORAL_ADDRESS = `127.0.0.1:${ports.frontend}`;
  process.env.OGI_TEST_SERVER_DATABASE_URL = databaseUrl;
}
