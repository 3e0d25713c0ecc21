/**
 * Staff accounts (`users`) and what is done to them (`account_events`): sign-in's lookup, the accounts
 * admins manage (issue 10), a person's own password, and the users a task may be given to. Sessions and
 * sign-in attempts are sessions.repository.ts. Each function takes the data source or the transaction's
 * entity manager.
 */
import type { Role } from '../../../libs/domain/roles';
import { type Queryable, rowsOf } from './queryable';

// ---- Signing in ----

/** An account as sign-in and the session lookup read it (every column of `users`). */
export interface SignInUserRow {
  id: string;
  agency_id: string;
  username: string;
  display_name: string;
  roles: Role[];
  password_hash: string;
  active: boolean;
  must_change_password?: boolean;
  platform_admin: boolean;
}

/** The account of a username, active or not (undefined: none). */
export async function userByUsername(db: Queryable, username: string): Promise<SignInUserRow | undefined> {
  const [row] = await rowsOf<SignInUserRow>(db, `SELECT * FROM users WHERE username = $1`, [username]);
  return row;
}

/** Replaces the password hash, only if the stored one is still `previousHash`. */
export async function replacePasswordHash(
  db: Queryable,
  userId: string,
  passwordHash: string,
  previousHash: string,
): Promise<void> {
  await db.query(`UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3`, [
    passwordHash,
    userId,
    previousHash,
  ]);
}

/** Of these usernames, those of active accounts. */
export async function activeUsernames(db: Queryable, usernames: readonly string[]): Promise<string[]> {
  const rows = await rowsOf<{ username: string }>(
    db,
    `SELECT username FROM users WHERE username = ANY($1) AND active`,
    [[...usernames]],
  );
  return rows.map((r) => r.username);
}

// ---- The accounts admins manage ----

/** An account as the admins' pages show it, with its agency's name. */
export interface AccountRow {
  id: string;
  agency_id: string;
  agency_name: string;
  username: string;
  display_name: string;
  roles: Role[];
  active: boolean;
  must_change_password: boolean;
  last_sign_in_at: Date | null;
  created_at: Date;
  platform_admin: boolean;
}

const ACCOUNT_COLUMNS = `u.id, u.agency_id, a.name AS agency_name, u.username, u.display_name, u.roles, u.active,
  u.must_change_password, u.last_sign_in_at, u.created_at, u.platform_admin`;

/** The account (undefined: none), its row locked until the transaction ends when `lock`. */
export async function findAccount(db: Queryable, id: string, lock = false): Promise<AccountRow | undefined> {
  const [row] = await rowsOf<AccountRow>(
    db,
    `SELECT ${ACCOUNT_COLUMNS} FROM users u JOIN agencies a ON a.id = u.agency_id
        WHERE u.id = $1 ${lock ? 'FOR UPDATE OF u' : ''}`,
    [id],
  );
  return row;
}

/** A page of the accounts of these agencies (only active or inactive ones, when said), and how many. */
export async function listAccounts(
  db: Queryable,
  agencies: readonly string[],
  f: { active?: boolean; page: number; pageSize: number },
): Promise<{ rows: AccountRow[]; total: number }> {
  const params: unknown[] = [agencies];
  let where = `u.agency_id = ANY($1::uuid[])`;
  if (f.active !== undefined) {
    params.push(f.active);
    where += ` AND u.active = $${params.length}`;
  }
  const [{ total }] = await rowsOf<{ total: number }>(
    db,
    `SELECT count(*)::int AS total FROM users u WHERE ${where}`,
    params,
  );
  const rows = await rowsOf<AccountRow>(
    db,
    `SELECT ${ACCOUNT_COLUMNS} FROM users u JOIN agencies a ON a.id = u.agency_id WHERE ${where}
        ORDER BY a.code, u.username LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return { rows, total };
}

/**
 * Locks the agency row until the transaction ends, then counts its active admins other than `userId`:
 * two admins deactivating each other at once take turns, so they cannot both see the other one.
 */
export async function otherActiveAdmins(db: Queryable, agencyId: string, userId: string): Promise<number> {
  await db.query(`SELECT id FROM agencies WHERE id = $1 FOR UPDATE`, [agencyId]);
  const [{ n }] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM users
        WHERE agency_id = $1 AND active AND 'admin' = ANY(roles) AND id <> $2`,
    [agencyId, userId],
  );
  return n;
}

/** A new account; its id, or undefined when the username is taken. */
export async function insertAccount(
  db: Queryable,
  a: {
    agencyId: string;
    username: string;
    displayName: string;
    passwordHash: string;
    roles: readonly Role[];
  },
): Promise<string | undefined> {
  const [inserted] = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO users (agency_id, username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
    [a.agencyId, a.username, a.displayName, a.passwordHash, a.roles],
  );
  return inserted?.id;
}

export async function updateAccountProfile(
  db: Queryable,
  id: string,
  displayName: string,
  roles: readonly Role[],
): Promise<void> {
  await db.query(`UPDATE users SET display_name = $2, roles = $3 WHERE id = $1`, [id, displayName, roles]);
}

export async function setAccountActive(db: Queryable, id: string, active: boolean): Promise<void> {
  await db.query(
    active ? `UPDATE users SET active = true WHERE id = $1` : `UPDATE users SET active = false WHERE id = $1`,
    [id],
  );
}

/** Sets the password hash; `mustChange`: the person must set one of their own at next sign-in. */
export async function setPassword(
  db: Queryable,
  id: string,
  passwordHash: string,
  mustChange: boolean,
): Promise<void> {
  await db.query(
    mustChange
      ? `UPDATE users SET password_hash = $2, must_change_password = true WHERE id = $1`
      : `UPDATE users SET password_hash = $2, must_change_password = false WHERE id = $1`,
    [id, passwordHash],
  );
}

/** The account's agency and password hash (undefined: none). */
export async function passwordOf(
  db: Queryable,
  id: string,
): Promise<{ id: string; agency_id: string; password_hash: string } | undefined> {
  const [row] = await rowsOf<{ id: string; agency_id: string; password_hash: string }>(
    db,
    `SELECT id, agency_id, password_hash FROM users WHERE id = $1`,
    [id],
  );
  return row;
}

// ---- The accounts' log ----

/** A change of an account: whose, which kind, by whom (id and `actorOf` text), and what changed. */
export interface AccountEventToRecord {
  userId: string;
  agencyId: string;
  kind: string;
  actorUserId: string;
  actor: string;
  detail: Record<string, unknown>;
}

export async function recordAccountEvent(db: Queryable, e: AccountEventToRecord): Promise<void> {
  await db.query(
    `INSERT INTO account_events (user_id, agency_id, kind, actor_user_id, actor, detail)
       VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.userId, e.agencyId, e.kind, e.actorUserId, e.actor, JSON.stringify(e.detail)],
  );
}

export interface AccountEventRow<K extends string = string> {
  id: string;
  kind: K;
  actor: string;
  detail: Record<string, unknown>;
  at: Date;
}

/** A page of an account's log, newest first, and how many entries it has. */
export async function accountEvents<K extends string = string>(
  db: Queryable,
  userId: string,
  page: number,
  pageSize: number,
): Promise<{ rows: AccountEventRow<K>[]; total: number }> {
  const [{ total }] = await rowsOf<{ total: number }>(
    db,
    `SELECT count(*)::int AS total FROM account_events WHERE user_id = $1`,
    [userId],
  );
  const rows = await rowsOf<AccountEventRow<K>>(
    db,
    `SELECT id::text, kind, actor, detail, at FROM account_events WHERE user_id = $1
        ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
    [userId, pageSize, (page - 1) * pageSize],
  );
  return { rows, total };
}

// ---- Who a task may be given to ----

/** The agency's active users holding `role`, by name. */
export async function usersHoldingRole(
  db: Queryable,
  agencyId: string,
  role: Role,
): Promise<Array<{ id: string; username: string; displayName: string }>> {
  return rowsOf<{ id: string; username: string; displayName: string }>(
    db,
    `SELECT id, username, display_name AS "displayName" FROM users
        WHERE agency_id = $1 AND active AND $2 = ANY(roles) ORDER BY display_name, username`,
    [agencyId, role],
  );
}

/** An active user of the agency and their roles (undefined: none such). */
export async function activeUserOfAgency(
  db: Queryable,
  id: string,
  agencyId: string,
): Promise<{ id: string; roles: Role[] } | undefined> {
  const [row] = await rowsOf<{ id: string; roles: Role[] }>(
    db,
    `SELECT id, roles FROM users WHERE id = $1 AND agency_id = $2 AND active`,
    [id, agencyId],
  );
  return row;
}
