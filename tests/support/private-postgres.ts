/**
 * A private PostgreSQL cluster for tests that stop and restart the database: initdb in a temporary
 * directory, on a free port, with the server binaries of /usr/lib/postgresql/<version>/bin. initdb and
 * postgres refuse to run as root: as root, they run as the `postgres` user (runuser).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../platform/processes';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) throw new Error(`no PostgreSQL server binaries (initdb) under ${root}`);
  return join(root, versions[0], 'bin');
}

export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asPostgres: boolean,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const asPostgres = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'ogi-pg-'));
    if (asPostgres) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const pg = new PrivatePostgres(dir, await freePort(), binDir(), asPostgres);
    pg.run('initdb', [
      '-D',
      pg.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    pg.start();
    return pg;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  /** Stops the server, disconnecting every client at once. */
  stop(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server and removes its directory. */
  destroy(): void {
    try {
      if (existsSync(join(this.dataDir, 'postmaster.pid'))) this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    const [file, argv] = this.asPostgres
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args];
    execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 });
  }
}
