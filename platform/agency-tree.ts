/**
 * An agency and every agency grouped under it, at any depth (a government and its departments): what an
 * admin manages and what a government's figures cover. Framework-free; any `query` (a DataSource, an
 * EntityManager inside a transaction, a pg client) will do.
 */
export async function agencyTree(
  db: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  agencyId: string,
): Promise<string[]> {
  const rows = (await db.query(
    `WITH RECURSIVE tree AS (
       SELECT id FROM agencies WHERE id = $1
       UNION SELECT a.id FROM agencies a JOIN tree t ON a.parent_id = t.id)
     SELECT id FROM tree`,
    [agencyId],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}
