/**
 * What a repository runs its statements on: a TypeORM `DataSource` or the `EntityManager` of a
 * transaction (both have this `query`), so one function serves a single statement and a step of a larger
 * transaction alike.
 */
export interface Queryable {
  // TypeORM types the rows as `any`; each repository function states the row type it returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** The rows of a statement, typed once here rather than cast where they are used. */
export async function rowsOf<T>(db: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, parameters)) as T[];
}

/** The rows an UPDATE or DELETE … RETURNING answers (TypeORM answers `[rows, count]` for those). */
export async function updatedRows<T>(db: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const [rows] = (await db.query(sql, parameters)) as [T[], number];
  return rows;
}

/** How many rows a DELETE or UPDATE without RETURNING touched (TypeORM answers `[rows, count]` for those). */
export async function affectedRows(db: Queryable, sql: string, parameters: unknown[] = []): Promise<number> {
  const [, count] = (await db.query(sql, parameters)) as [unknown, number];
  return count;
}

/** Whether the database answers a trivial statement (the health check). */
export async function databaseReachable(db: Queryable): Promise<boolean> {
  return db.query('SELECT 1').then(
    () => true,
    () => false,
  );
}
