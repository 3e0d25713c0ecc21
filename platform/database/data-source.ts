/**
 * The TypeORM data source, shared by the API, the worker's activities and the launcher.
 * Schema changes are migrations checked in under ./migrations; `synchronize` is never used.
 */
import { DataSource, type DataSourceOptions, type Logger as TypeOrmLogger } from 'typeorm';
import { redact, redactValue } from '../redact';
import { Client, types } from 'pg';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

// DATE columns are business dates: keep them as 'YYYY-MM-DD' strings, never shift them through a JS Date.
types.setTypeParser(types.builtins.DATE, (value: string) => value);
// BIGINT counts fit easily in a JS number here.
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));

/** A failed statement and its error on stderr, redacted (TypeORM's and the prepared statements' alike). */
export function logFailedQuery(error: unknown, query: string, parameters?: unknown[]): void {
  console.error(
    redact(
      `[db] query failed: ${query}${parameters?.length ? ` -- parameters: ${redactValue(parameters)}` : ''}`,
    ),
  );
  console.error(`[db] error: ${redactValue(error)}`);
}

/**
 * Issue 10: TypeORM's log of failed queries, redacted: the parameters of a failed INSERT may hold an
 * applicant's ID number or a password hash, an error a connection string. Only errors and warnings are
 * logged (as before: `logging: ['error']`).
 */
export class RedactingTypeOrmLogger implements TypeOrmLogger {
  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    logFailedQuery(error, query, parameters);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(`[db] ${redactValue(message)}`);
  }
}

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error', 'warn'],
    logger: new RedactingTypeOrmLogger(),
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}

export function createDataSource(databaseUrl: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, poolSize));
}

/** Runs `work` with a connection to the server's `postgres` database and the quoted name of the URL's database. */
async function withServer<T>(
  databaseUrl: string,
  work: (client: Client, quotedName: string, name: string) => Promise<T>,
): Promise<T> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client, `"${name.replace(/"/g, '""')}"`, name);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL when it does not exist yet; true when it created it. */
export function ensureDatabase(databaseUrl: string): Promise<boolean> {
  return withServer(databaseUrl, async (client, quoted, name) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoted}`);
    return true;
  });
}

/** Drops the database (tests only). */
export function dropDatabase(databaseUrl: string): Promise<void> {
  return withServer(databaseUrl, async (client, quoted) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  });
}

/** Drops and re-creates the database (tests only). */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
}

/** Creates the database if needed and applies pending migrations; returns the names applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
