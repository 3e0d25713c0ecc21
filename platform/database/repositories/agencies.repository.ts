/**
 * Agencies (`agencies`): an agency by id, the agencies of a scope by code, and an admin's new agency
 * under their own. The tree of an agency and those under it is platform/agency-tree.ts. Each function
 * takes the data source's or a transaction's entity manager.
 */
import type { EntityManager } from 'typeorm';
import { AgencyEntity } from '../entities';
import { type Queryable, rowsOf } from './queryable';

/** The agencies with these ids, by code. */
export async function agenciesByIds(m: EntityManager, ids: string[]): Promise<AgencyEntity[]> {
  return m.getRepository(AgencyEntity).find({ where: ids.map((id) => ({ id })), order: { code: 'ASC' } });
}

export async function findAgency(m: EntityManager, id: string): Promise<AgencyEntity | null> {
  return m.getRepository(AgencyEntity).findOneBy({ id });
}

/** Adds an agency under `parentId`; undefined when the code is taken (nothing written). */
export async function insertAgency(
  db: Queryable,
  a: { code: string; name: string; notificationEmail: string | null; parentId: string },
): Promise<AgencyEntity | undefined> {
  const [row] = await rowsOf<AgencyEntity>(
    db,
    `INSERT INTO agencies (code, name, notification_email, parent_id) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING
       RETURNING id, code, name, notification_email AS "notificationEmail", parent_id AS "parentId", created_at AS "createdAt"`,
    [a.code, a.name, a.notificationEmail, a.parentId],
  );
  return row;
}

/** The agency with this code (the portal's address names it), or null. */
export async function agencyByCode(m: EntityManager, code: string): Promise<AgencyEntity | null> {
  return m.getRepository(AgencyEntity).findOneBy({ code });
}
