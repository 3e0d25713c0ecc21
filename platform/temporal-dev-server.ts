/** Starts the Temporal CLI's dev server (the real Temporal server, with SQLite) and waits until it serves. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { type ManagedProcess, startProcess, waitFor } from './processes';

/** Where `./ogi` builds the CLI when none is on PATH. */
export const PROJECT_TEMPORAL_BIN = join(__dirname, '..', '..', '.tools', 'bin', 'temporal');

/** The temporal binary: $OGI_TEMPORAL_BIN, the project's tools folder, or `temporal` on PATH. */
export function findTemporalBinary(): string {
  const candidates = [
    process.env.OGI_TEMPORAL_BIN,
    PROJECT_TEMPORAL_BIN,
    join(__dirname, '..', '.tools', 'bin', 'temporal'),
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'no temporal binary: set OGI_TEMPORAL_BIN, put `temporal` on PATH, or run ./ogi (it builds one with go install github.com/temporalio/cli/cmd/temporal@v1.5.1)',
    );
  }
}

export interface DevServerOptions {
  binary: string;
  ip: string;
  port: number;
  uiPort: number | null;
  namespace: string;
  /** SQLite file that keeps workflows across restarts; null keeps them in memory. */
  dbFile: string | null;
  retentionDays: number;
  /**
   * SQLite pragmas for `dbFile` (`journal_mode=wal`, `synchronous=off`, …): benches that write hundreds
   * of thousands of workflows to a file trade durability for speed; `./ogi start` keeps SQLite's defaults.
   */
  sqlitePragmas?: string[];
  onLine?: (line: string) => void;
}

export async function startTemporalDevServer(o: DevServerOptions): Promise<ManagedProcess> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    o.ip,
    '--port',
    String(o.port),
    '--log-level',
    'warn',
    '--namespace',
    o.namespace,
  ];
  if (o.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(o.uiPort));
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  for (const pragma of o.sqlitePragmas ?? []) args.push('--sqlite-pragma', pragma);
  const server = startProcess({ name: 'temporal', command: o.binary, args, onLine: o.onLine });
  const address = `${o.ip}:${o.port}`;
  let exited = false;
  void server.exited.then(() => (exited = true));
  await waitFor(
    `the Temporal dev server on ${address}`,
    async () => {
      if (exited) throw new Error('the Temporal dev server exited; see its output above');
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: o.namespace });
        return true;
      } finally {
        await connection.close();
      }
    },
    60_000,
    300,
  );
  // Closed workflows are kept long enough for a reporting year (the report itself never depends on it).
  execFileSync(
    o.binary,
    [
      'operator',
      'namespace',
      'update',
      '--address',
      address,
      '--namespace',
      o.namespace,
      '--retention',
      `${o.retentionDays * 24}h`,
    ],
    { stdio: 'ignore' },
  );
  return server;
}
