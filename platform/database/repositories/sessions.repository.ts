/**
 * Sessions (`sessions`, keyed by the SHA-256 of the token: the token itself is never stored) and the
 * sign-in attempts that throttle sign-in (`sign_in_attempts`, issue 10). Each function takes the data
 * source or the transaction's entity manager.
 */
import { type Queryable, affectedRows, rowsOf } from './queryable';

// ---- Sessions ----

export async function insertSession(
  db: Queryable,
  tokenHash: string,
  userId: string,
  expiresAt: Date,
): Promise<void> {
  await db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [
    tokenHash,
    userId,
    expiresAt,
  ]);
}

/** The timing of a resolved session (ms, by the database's clock). */
export interface SessionTiming {
  session_valid_for_ms: number;
  session_seen_ago_ms: number;
}

/**
 * In one statement: the session of `tokenHash` if neither expired nor idle for `idleSeconds`, its last use
 * written when older than `touchSeconds`, with every column of its user (who must be active) — as `T` —
 * and how long it stays valid and how long ago its last use was. Undefined: no live session.
 */
export async function resolveSession<T>(
  db: Queryable,
  tokenHash: string,
  idleSeconds: number,
  touchSeconds: number,
): Promise<(T & SessionTiming) | undefined> {
  const [found] = await rowsOf<T & SessionTiming>(
    db,
    `WITH s AS (
         SELECT token_hash, user_id, last_seen_at, expires_at FROM sessions
          WHERE token_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
       ), touched AS (
         UPDATE sessions SET last_seen_at = now() FROM s
          WHERE sessions.token_hash = s.token_hash AND s.last_seen_at < now() - make_interval(secs => $3)
         RETURNING 1
       ), seen AS (
         SELECT CASE WHEN EXISTS (SELECT 1 FROM touched) THEN now() ELSE s.last_seen_at END AS at FROM s
       )
       SELECT u.*,
              (1000 * extract(epoch FROM least(s.expires_at, seen.at + make_interval(secs => $2)) - now()))::float8
                AS session_valid_for_ms,
              (1000 * extract(epoch FROM now() - seen.at))::float8 AS session_seen_ago_ms
         FROM s CROSS JOIN seen JOIN users u ON u.id = s.user_id WHERE u.active`,
    [tokenHash, idleSeconds, touchSeconds],
  );
  return found;
}

/** Records a use of the session when its last recorded use is older than `touchSeconds`. */
export async function touchSession(db: Queryable, tokenHash: string, touchSeconds: number): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = now()
        WHERE token_hash = $1 AND last_seen_at < now() - make_interval(secs => $2)`,
    [tokenHash, touchSeconds],
  );
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
}

/** Ends every session of the user. */
export async function deleteSessionsOf(db: Queryable, userId: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
}

/** Ends every session of the user but the one of `keepTokenHash` (null: every one). */
export async function deleteOtherSessionsOf(
  db: Queryable,
  userId: string,
  keepTokenHash: string | null,
): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [
    userId,
    keepTokenHash,
  ]);
}

/** Removes the expired sessions and those idle for `idleSeconds`; how many. */
export async function purgeSessions(db: Queryable, idleSeconds: number): Promise<number> {
  return affectedRows(
    db,
    `DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)`,
    [idleSeconds],
  );
}

// ---- Sign-in attempts ----

/** Records an attempt; its id. */
export async function insertSignInAttempt(db: Queryable, username: string, address: string): Promise<string> {
  const [row] = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO sign_in_attempts (username, address) VALUES ($1, $2) RETURNING id::text AS id`,
    [username, address],
  );
  return row.id;
}

/** The attempts within the last `windowSeconds` of the username (`account`) and of the address. */
export async function recentSignInAttempts(
  db: Queryable,
  username: string,
  address: string,
  windowSeconds: number,
): Promise<{ account: number; address: number }> {
  const [counts] = await rowsOf<{ account: number; address: number }>(
    db,
    `SELECT
         (SELECT count(*) FROM sign_in_attempts
           WHERE username = $1 AND attempted_at > now() - make_interval(secs => $3))::int AS account,
         (SELECT count(*) FROM sign_in_attempts
           WHERE address = $2 AND attempted_at > now() - make_interval(secs => $3))::int AS address`,
    [username, address, windowSeconds],
  );
  return counts;
}

/**
 * Seconds until the attempt of `key` (by username or by address) within the window that comes after
 * `skip` older ones leaves the window (undefined: there is no such attempt).
 */
export async function secondsUntilAttemptLeaves(
  db: Queryable,
  column: 'username' | 'address',
  key: string,
  windowSeconds: number,
  skip: number,
): Promise<number | undefined> {
  const [row] = await rowsOf<{ wait: number }>(
    db,
    `SELECT ceil(extract(epoch FROM attempted_at + make_interval(secs => $2) - now()))::int AS wait
         FROM sign_in_attempts
        WHERE ${column} = $1 AND attempted_at > now() - make_interval(secs => $2)
        ORDER BY attempted_at, id OFFSET $3 LIMIT 1`,
    [key, windowSeconds, skip],
  );
  return row?.wait;
}

export async function deleteSignInAttempt(db: Queryable, id: string): Promise<void> {
  await db.query(`DELETE FROM sign_in_attempts WHERE id = $1`, [id]);
}

/** Removes the attempts of the username from the address (a success forgives its failures). */
export async function forgiveSignInAttempts(db: Queryable, username: string, address: string): Promise<void> {
  await db.query(`DELETE FROM sign_in_attempts WHERE username = $1 AND address = $2`, [username, address]);
}

/** Removes the attempts older than `windowSeconds`; how many. */
export async function purgeSignInAttempts(db: Queryable, windowSeconds: number): Promise<number> {
  return affectedRows(
    db,
    `DELETE FROM sign_in_attempts WHERE attempted_at < now() - make_interval(secs => $1)`,
    [windowSeconds],
  );
}
