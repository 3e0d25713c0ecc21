/**
 * Issue 12: the hot reads straight on the pg pool under TypeORM's data source, each statement prepared
 * once per connection (a named statement: PostgreSQL parses and plans it the first time a connection
 * runs it, then only binds and executes). TypeORM's `query` takes a query runner per call and sends the
 * text to be parsed every time; on a read that answers in a millisecond that is a good part of the cost.
 *
 * Same pool, same connections, same type parsers (data-source.ts) as TypeORM's: the rows read here are
 * those `DataSource.query` answers. Failed statements are logged redacted as TypeORM's are.
 */
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { logFailedQuery } from './data-source';

/** Statement texts named so far (a bounded set: the texts are the code's, with their filter variants). */
const names = new Map<string, string>();
/** More distinct texts than this are sent unnamed (parsed each time), so memory stays bounded. */
const MAX_NAMED = 500;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `ogi_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** The pg pool of a PostgreSQL data source (initialised). */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the data source is not initialised (no pg pool yet)');
  return pool;
}

/** Rows of a prepared statement on the pool. */
export async function preparedRows<T = Record<string, unknown>>(
  pool: Pool,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  try {
    return (await pool.query({ name: nameOf(text), text, values })).rows as T[];
  } catch (err) {
    logFailedQuery(err, text, values);
    throw err;
  }
}

/** A query function (sql, parameters) → rows over prepared statements of the data source's pool. */
export function preparedQuery(dataSource: DataSource) {
  return <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    preparedRows<T>(poolOf(dataSource), text, values);
}

/** What `preparedQuery` answers: rows of a statement prepared once per connection. */
export type PreparedRows = ReturnType<typeof preparedQuery>;
