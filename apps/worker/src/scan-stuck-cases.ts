/**
 * Runs one stuck-case scan now (the worker runs it every OGI_STUCK_SCAN_INTERVAL_MS) and prints what it
 * did: `npm run scan-stuck-cases` after a build, with the same environment as the worker.
 */
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { ConfigError, loadConfig } from '../../../platform/config';
import { createDataSource } from '../../../platform/database/data-source';
import { temporalConnectionOptions } from '../../../platform/temporal';
import { StuckCaseScanner } from './stuck-cases';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDataSource(config.databaseUrl, 2);
  await db.initialize();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const scanner = new StuckCaseScanner(
      db,
      new Client({ connection, namespace: config.temporal.namespace }),
      config.stuckCases,
    );
    const result = await scanner.scanOnce();
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM workflow_problems`)) as Array<{
      n: number;
    }>;
    console.log(
      `[scan] described ${result.described} workflows, flagged ${result.flagged}, cleared ${result.cleared}; ${n} stuck now`,
    );
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`[scan] ${err.message}`);
  else console.error('[scan] failed:', err);
  process.exit(1);
});
