/**
 * Starting the production Temporal server is idempotent: the schemas are set up once and a second setup
 * changes nothing, the namespace is registered once and its retention follows the configuration, and a
 * stopped server starts again on its databases (what a second `./ogi start --production` does).
 */
import { Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { dropDatabase } from '../../platform/database/data-source';
import {
  ensureNamespace,
  findServerBinaries,
  freeServerPorts,
  setupTemporalSchemas,
  siblingDatabaseUrl,
  startTemporalServer,
} from '../../platform/temporal-server';
import { testEnv } from '../support/env';

const DAY_MS = 86_400_000;

async function retentionDays(address: string, namespace: string): Promise<number> {
  const connection = await Connection.connect({ address });
  try {
    const ns = await connection.workflowService.describeNamespace({ namespace });
    return tsToMs(ns.config?.workflowExecutionRetentionTtl) / DAY_MS;
  } finally {
    await connection.close();
  }
}

describe('starting the production Temporal server again', () => {
  it('sets up nothing twice on the running server’s databases', async () => {
    const url = process.env.OGI_TEST_SERVER_TEMPORAL_DATABASE_URL!;
    const visibilityDatabase = process.env.OGI_TEST_SERVER_TEMPORAL_VISIBILITY_DATABASE!;
    const { sql } = findServerBinaries();
    const first = await setupTemporalSchemas(sql, { url, visibilityDatabase });
    const second = await setupTemporalSchemas(sql, { url, visibilityDatabase });
    expect(second).toEqual(first);
    expect(Number(first.temporal.split('.')[1])).toBeGreaterThan(0);
    expect(Number(first.visibility.split('.')[1])).toBeGreaterThan(0);
    await ensureNamespace(testEnv().temporalAddress, testEnv().namespace, 1);
    expect(await retentionDays(testEnv().temporalAddress, testEnv().namespace)).toBe(1);
  });

  it('starts a stopped server again on its databases, with the retention configured now', async () => {
    const base = process.env.OGI_TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
    const databases = {
      url: `${base}/ogi_temporal_test_${process.pid}_again`,
      visibilityDatabase: `ogi_temporal_test_${process.pid}_again_visibility`,
    };
    const drop = async () => {
      await dropDatabase(databases.url);
      await dropDatabase(siblingDatabaseUrl(databases.url, databases.visibilityDatabase));
    };
    await drop();
    const lines: string[] = [];
    const start = async (retentionDaysNow: number) => {
      const ports = await freeServerPorts();
      const startedAt = Date.now();
      const server = await startTemporalServer({
        binaries: findServerBinaries(),
        ip: '127.0.0.1',
        ports,
        databases,
        namespace: 'ogi-again',
        retentionDays: retentionDaysNow,
        maxConns: { workflows: 3, visibility: 1 },
        onLine: (l) => lines.push(l),
      });
      return { server, address: `127.0.0.1:${ports.frontend}`, ms: Date.now() - startedAt };
    };
    try {
      const first = await start(2);
      expect(await retentionDays(first.address, 'ogi-again')).toBe(2);
      expect(await first.server.stop(10_000)).toBe(0);
      const second = await start(3);
      try {
        expect(await retentionDays(second.address, 'ogi-again')).toBe(3);
      } finally {
        await second.server.stop(10_000);
      }
      if (process.env.OGI_TEST_VERBOSE) {
        process.stdout.write(`first start ${first.ms} ms (schemas created), second ${second.ms} ms\n`);
      }
    } catch (err) {
      throw new Error(`${String(err)}\n${lines.slice(-30).join('\n')}`);
    } finally {
      await drop();
    }
  });
});
