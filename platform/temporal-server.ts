/**
 * The production Temporal server (Temporal Server v1.29.1 with PostgreSQL persistence), for
 * `./ogi start --production` and the `temporal-server` test project: creates its two databases, sets up or
 * updates their schemas with the `sql` tool of the same release (its schemas are embedded in the tool),
 * starts `server` with deploy/temporal/production.yaml, waits until the frontend serves, and registers the
 * namespace with its retention. Every step is idempotent: a second start finds everything in place.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureDatabase } from './database/data-source';
import { type ManagedProcess, freePort, startProcess, waitFor } from './processes';

const execFileAsync = promisify(execFile);

/** The server release `./ogi` builds (go install go.temporal.io/server/cmd/server@…, …/cmd/tools/sql@…). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

const ROOT_CANDIDATES = [join(__dirname, '..', '..'), join(__dirname, '..')];

/** The repository root (the folder holding deploy/temporal), from dist/platform or platform. */
function repositoryRoot(): string {
  for (const root of ROOT_CANDIDATES) if (existsSync(join(root, 'deploy', 'temporal'))) return root;
  throw new Error('deploy/temporal/production.yaml not found next to the code');
}

/** The directory of production.yaml, relative to the repository root (the server's --root). */
export const SERVER_CONFIG_DIR = join('deploy', 'temporal');

function findTool(envName: string, name: string): string {
  const candidates = [process.env[envName], ...ROOT_CANDIDATES.map((r) => join(r, '.tools', 'bin', name))];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(
    `no Temporal ${name} binary: set ${envName}, or run ./ogi start --production or ./ogi test (they build ` +
      `it with go install go.temporal.io/server/cmd/${name === 'sql' ? 'tools/sql' : 'server'}@${TEMPORAL_SERVER_VERSION})`,
  );
}

/** The Temporal server and its schema tool: $OGI_TEMPORAL_SERVER_BIN / $OGI_TEMPORAL_SQL_BIN or .tools/bin. */
export function findServerBinaries(): { server: string; sql: string } {
  return {
    server: findTool('OGI_TEMPORAL_SERVER_BIN', 'server'),
    sql: findTool('OGI_TEMPORAL_SQL_BIN', 'sql'),
  };
}

export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
  metrics: number;
}

/**
 * The ports of a server whose frontend listens on `frontend`, at the offsets of Temporal's own
 * development config (frontend 7233 → history 7234, matching 7235, worker 7239, HTTP 7243, membership
 * 6933…): with the production default 7433, that is 7434, 7435, 7439, 7443, 6433… and metrics on 7400.
 */
export function serverPortsFor(frontend: number): ServerPorts {
  return {
    frontend,
    frontendHttp: frontend + 10,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    frontendMembership: frontend - 1000,
    historyMembership: frontend - 999,
    matchingMembership: frontend - 998,
    workerMembership: frontend - 994,
    metrics: frontend - 33,
  };
}

/**
 * Ports free on 127.0.0.1 right now, one per listener (tests). The membership ports are stored in a
 * smallint column of the cluster_membership table, so they are taken below 32768 (the ports the system
 * hands out are usually above).
 */
export async function freeServerPorts(): Promise<ServerPorts> {
  const ports = serverPortsFor(0);
  const taken = new Set<number>();
  for (const k of Object.keys(ports) as Array<keyof ServerPorts>) {
    let port = k.endsWith('Membership') ? await freeLowPort(taken) : await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[k] = port;
  }
  return ports;
}

/** A port from 20000 to 32767 free on 127.0.0.1 right now. */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port from 20000 to 32767 on 127.0.0.1');
}

/** Where the server keeps its state: two databases on one PostgreSQL server. */
export interface ServerDatabases {
  /** postgres://user:password@host:port/<workflow database> */
  url: string;
  visibilityDatabase: string;
}

export interface TemporalServerOptions {
  binaries: { server: string; sql: string };
  ip: string;
  ports: ServerPorts;
  databases: ServerDatabases;
  namespace: string;
  retentionDays: number;
  /** Connections per service to each database (defaults: 20 and 5, see production.yaml). */
  maxConns?: { workflows: number; visibility: number };
  /** The server's own log level (its output goes to onLine). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  onLine?: (line: string) => void;
}

interface DbParts {
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
}

function dbParts(url: string): DbParts {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port || '5432',
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

/** The URL of another database on the same PostgreSQL server. */
export function siblingDatabaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * Creates the two databases when missing and brings their schemas to the tool's latest version
 * (`setup-schema -v 0.0` only creates the version tables when absent; `update-schema` applies the
 * versions not applied yet). Returns the schema versions found afterwards.
 */
export async function setupTemporalSchemas(
  sqlBinary: string,
  databases: ServerDatabases,
): Promise<{ temporal: string; visibility: string }> {
  const db = dbParts(databases.url);
  const targets = [
    { database: db.database, schema: 'postgresql/v12/temporal' },
    { database: databases.visibilityDatabase, schema: 'postgresql/v12/visibility' },
  ];
  const versions: string[] = [];
  for (const t of targets) {
    await ensureDatabase(siblingDatabaseUrl(databases.url, t.database));
    // The tool reads its connection from SQL_* variables (the password stays off the command line).
    const env = {
      ...process.env,
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: db.host,
      SQL_PORT: db.port,
      SQL_USER: db.user,
      SQL_PASSWORD: db.password,
      SQL_DATABASE: t.database,
    };
    for (const args of [
      ['setup-schema', '-v', '0.0'],
      ['update-schema', '--schema-name', t.schema],
    ]) {
      try {
        await execFileAsync(sqlBinary, args, { env, timeout: 120_000 });
      } catch (err) {
        const e = err as { stderr?: string; stdout?: string; message: string };
        throw new Error(
          `temporal sql ${args[0]} on ${t.database} failed: ${e.stderr || e.stdout || e.message}`.trim(),
        );
      }
    }
    versions.push(await schemaVersion(siblingDatabaseUrl(databases.url, t.database)));
  }
  return { temporal: versions[0], visibility: versions[1] };
}

async function schemaVersion(url: string): Promise<string> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ curr_version: string }>('SELECT curr_version FROM schema_version');
    return rows[0]?.curr_version ?? '0.0';
  } finally {
    await client.end();
  }
}

/** Registers the namespace with its retention, or brings the retention of the existing one up to date. */
export async function ensureNamespace(
  address: string,
  namespace: string,
  retentionDays: number,
): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5000 });
  const retention = msToTs(retentionDays * 86_400_000);
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: retention,
        description: 'OGI Flow',
      });
    } catch (err) {
      // ALREADY_EXISTS (gRPC 6): a second start; keep the namespace, update its retention.
      if ((err as { code?: number }).code !== 6) throw err;
      await connection.workflowService.updateNamespace({
        namespace,
        config: { workflowExecutionRetentionTtl: retention },
      });
    }
    await waitFor(
      `namespace ${namespace}`,
      async () => {
        await connection.workflowService.describeNamespace({ namespace });
        return true;
      },
      30_000,
      200,
    );
  } finally {
    await connection.close();
  }
}

/** Sets up the schemas, starts the server, waits for its frontend, and registers the namespace. */
export async function startTemporalServer(o: TemporalServerOptions): Promise<ManagedProcess> {
  await setupTemporalSchemas(o.binaries.sql, o.databases);
  const db = dbParts(o.databases.url);
  const env: Record<string, string> = {
    OGI_TEMPORAL_SERVER_LOG_LEVEL: o.logLevel ?? 'warn',
    OGI_TEMPORAL_SERVER_IP: o.ip,
    OGI_TEMPORAL_SERVER_DB_HOST: db.host,
    OGI_TEMPORAL_SERVER_DB_PORT: db.port,
    OGI_TEMPORAL_SERVER_DB_USER: db.user,
    OGI_TEMPORAL_SERVER_DB_PASSWORD: db.password,
    OGI_TEMPORAL_SERVER_DB_NAME: db.database,
    OGI_TEMPORAL_SERVER_VISIBILITY_DB_NAME: o.databases.visibilityDatabase,
    OGI_TEMPORAL_SERVER_FRONTEND_PORT: String(o.ports.frontend),
    OGI_TEMPORAL_SERVER_FRONTEND_HTTP_PORT: String(o.ports.frontendHttp),
    OGI_TEMPORAL_SERVER_HISTORY_PORT: String(o.ports.history),
    OGI_TEMPORAL_SERVER_MATCHING_PORT: String(o.ports.matching),
    OGI_TEMPORAL_SERVER_WORKER_PORT: String(o.ports.worker),
    OGI_TEMPORAL_SERVER_FRONTEND_MEMBERSHIP_PORT: String(o.ports.frontendMembership),
    OGI_TEMPORAL_SERVER_HISTORY_MEMBERSHIP_PORT: String(o.ports.historyMembership),
    OGI_TEMPORAL_SERVER_MATCHING_MEMBERSHIP_PORT: String(o.ports.matchingMembership),
    OGI_TEMPORAL_SERVER_WORKER_MEMBERSHIP_PORT: String(o.ports.workerMembership),
    OGI_TEMPORAL_SERVER_METRICS_ADDRESS: `${o.ip}:${o.ports.metrics}`,
  };
  if (o.maxConns) {
    env.OGI_TEMPORAL_SERVER_DB_MAX_CONNS = String(o.maxConns.workflows);
    env.OGI_TEMPORAL_SERVER_VISIBILITY_DB_MAX_CONNS = String(o.maxConns.visibility);
  }
  const lastLines: string[] = [];
  const server = startProcess({
    name: 'temporal',
    command: o.binaries.server,
    args: [
      '--root',
      repositoryRoot(),
      '--config',
      SERVER_CONFIG_DIR,
      '--env',
      'production',
      '--allow-no-auth',
      'start',
    ],
    env,
    onLine: (line) => {
      lastLines.push(line);
      if (lastLines.length > 40) lastLines.shift();
      o.onLine?.(line);
    },
  });
  const address = `${o.ip}:${o.ports.frontend}`;
  try {
    let gone = false;
    const exited = server.exited.then((code) => {
      gone = true;
      throw new Error(`the Temporal server exited (${code}) while starting:\n${lastLines.join('\n')}`);
    });
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor(
        `the Temporal server on ${address}`,
        async () => {
          if (gone) return true; // the race is lost already: stop polling
          const connection = await Connection.connect({ address, connectTimeout: 1000 });
          try {
            // The system namespace answers once the frontend, history and the membership ring are up.
            await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
            return true;
          } finally {
            await connection.close();
          }
        },
        120_000,
        300,
      ),
    ]);
    await ensureNamespace(address, o.namespace, o.retentionDays);
  } catch (err) {
    await server.stop(5000);
    throw err;
  }
  return server;
}

/** The server's version string (`server --version`), for logs. */
export function serverVersion(serverBinary: string): string {
  return execFileSync(serverBinary, ['--version'], { encoding: 'utf8' }).trim();
}
