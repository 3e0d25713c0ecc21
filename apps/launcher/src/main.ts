/**
 * `./ogi start`: the whole stack on embedded defaults, in one terminal.
 * Temporal server → database and migrations → demo agency (dev mode only) → worker → API. Ctrl-C stops
 * them in reverse order. The Temporal server (OGI_TEMPORAL_MODE): `dev`, the CLI's dev server (data in
 * OGI_DATA_DIR, kept across restarts); `production` (`./ogi start --production`), Temporal Server on
 * PostgreSQL with deploy/temporal/production.yaml; `external`, none (OGI_TEMPORAL_ADDRESS is a cluster
 * already running, or Temporal Cloud).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ConfigError, loadConfig, loadLauncherConfig } from '../../../platform/config';
import { migrate } from '../../../platform/database/data-source';
import { type ManagedProcess, startProcess, waitFor } from '../../../platform/processes';
import { findTemporalBinary, startTemporalDevServer } from '../../../platform/temporal-dev-server';
import {
  DEMO_ACCOUNTS,
  DEMO_PLATFORM_ADMIN,
  ensureAgency,
  ensureStaffAccount,
} from '../../../platform/staff';
import {
  findServerBinaries,
  serverPortsFor,
  serverVersion,
  siblingDatabaseUrl,
  startTemporalServer,
} from '../../../platform/temporal-server';
import { redact } from '../../../platform/redact';

const DIST = join(__dirname, '..', '..', '..');

function prefixed(name: string) {
  return (line: string) => process.stdout.write(`[${name}] ${line}\n`);
}

async function ensureDemoAgency(databaseUrl: string): Promise<{ id: string; code: string; name: string }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const agency = await ensureAgency(client, { code: 'demo', name: '示例县人民政府办公室' });
    for (const account of DEMO_ACCOUNTS) await ensureStaffAccount(client, agency.id, account);
    // The demo platform admin (平台管理员): enters the national working-day calendar.
    await ensureStaffAccount(client, agency.id, DEMO_PLATFORM_ADMIN);
    return agency;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  // First: in production mode it fills in the production defaults the config below (and the children) read.
  const launcher = loadLauncherConfig();
  const config = loadConfig();
  const running: ManagedProcess[] = [];
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[ogi] stopping …');
    for (const p of [...running].reverse()) {
      const result = await p.stop();
      console.log(`[ogi] ${p.name} stopped (${result})`);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const watch = (p: ManagedProcess) => {
    running.push(p);
    void p.exited.then((result) => {
      if (!stopping) {
        console.error(`[ogi] ${p.name} exited unexpectedly (${result}); stopping everything`);
        void stopAll(1);
      }
    });
  };

  try {
    const [temporalIp, temporalPort] = [
      config.temporal.address.replace(/:\d+$/, ''),
      Number(config.temporal.address.split(':').pop()),
    ];
    if (launcher.temporalMode === 'production') {
      const binaries = findServerBinaries();
      const visibilityUrl = siblingDatabaseUrl(
        launcher.temporalDatabaseUrl,
        launcher.temporalVisibilityDatabase,
      );
      console.log(
        `[ogi] production mode: ${serverVersion(binaries.server)} on ${config.temporal.address}, persistence ` +
          `${redact(launcher.temporalDatabaseUrl)} and ${redact(visibilityUrl)}; no demo agency`,
      );
      const startedAt = Date.now();
      watch(
        await startTemporalServer({
          binaries,
          // The server binds to an IP address (OGI_TEMPORAL_ADDRESS's host, one of this machine's).
          ip: temporalIp === 'localhost' ? '127.0.0.1' : temporalIp,
          ports: serverPortsFor(temporalPort),
          databases: {
            url: launcher.temporalDatabaseUrl,
            visibilityDatabase: launcher.temporalVisibilityDatabase,
          },
          namespace: config.temporal.namespace,
          retentionDays: launcher.temporalRetentionDays,
          onLine: prefixed('temporal'),
        }),
      );
      console.log(
        `[ogi] Temporal server ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (schemas up to date, ` +
          `namespace ${config.temporal.namespace} with ${launcher.temporalRetentionDays} days' retention)`,
      );
    } else if (launcher.temporalMode === 'external') {
      console.log(
        `[ogi] using the Temporal service at ${config.temporal.address} (namespace ${config.temporal.namespace}` +
          `${config.temporal.tls ? ', TLS' : ''}${config.temporal.apiKey ? ', API key' : ''}); none started`,
      );
    } else {
      const dataDir = resolve(launcher.dataDir);
      mkdirSync(dataDir, { recursive: true });
      console.log(
        `[ogi] starting the Temporal dev server on ${config.temporal.address} (data: ${join(dataDir, 'temporal.db')})`,
      );
      watch(
        await startTemporalDevServer({
          binary: findTemporalBinary(),
          ip: temporalIp,
          port: temporalPort,
          uiPort: launcher.temporalUiPort,
          namespace: config.temporal.namespace,
          dbFile: join(dataDir, 'temporal.db'),
          retentionDays: launcher.temporalRetentionDays,
          onLine: prefixed('temporal'),
        }),
      );
    }

    const applied = await migrate(config.databaseUrl);
    console.log(
      `[ogi] database ready (${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'})`,
    );
    const demo = launcher.demoAgency ? await ensureDemoAgency(config.databaseUrl) : null;

    watch(
      startProcess({
        name: 'worker',
        command: process.execPath,
        args: [join(DIST, 'apps/worker/src/main.js')],
        onLine: prefixed('worker'),
      }),
    );
    watch(
      startProcess({
        name: 'api',
        command: process.execPath,
        args: [join(DIST, 'apps/api/src/main.js')],
        onLine: prefixed('api'),
      }),
    );

    const base = `http://${config.api.host}:${config.api.port}`;
    await waitFor('the API', async () => (await fetch(`${base}/api/health`)).ok, 60_000, 300);
    console.log('');
    console.log('[ogi] OGI Flow is up. Ctrl-C stops everything.');
    console.log(`[ogi]   console (控制台)  ${base}/`);
    console.log(`[ogi]   API              ${base}/api`);
    console.log(`[ogi]   OpenAPI (docs)   ${base}/api/docs   (JSON: ${base}/api/openapi.json)`);
    console.log(`[ogi]   metrics          ${base}/metrics   (Prometheus; health: ${base}/api/health)`);
    if (launcher.temporalMode === 'dev')
      console.log(
        `[ogi]   Temporal Web UI  http://${config.temporal.address.replace(/:\d+$/, '')}:${launcher.temporalUiPort}`,
      );
    if (demo) {
      console.log(`[ogi]   demo agency      ${demo.name} (code ${demo.code})`);
      for (const a of [...DEMO_ACCOUNTS, DEMO_PLATFORM_ADMIN]) {
        console.log(
          `[ogi]     sign in as ${a.username.padEnd(9)} password ${a.password.padEnd(14)} ${a.displayName} (${a.platformAdmin ? 'platform_admin' : a.roles.join(', ')})`,
        );
      }
    }
  } catch (err) {
    if (err instanceof ConfigError) console.error(`[ogi] ${err.message}`);
    else console.error('[ogi] start failed:', redact(err instanceof Error ? err.message : String(err)));
    await stopAll(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `[ogi] ${err.message}` : err);
  process.exit(1);
});
