/**
 * Issue 10: sessions end after an idle period (OGI_SESSION_IDLE_SECONDS) and at the latest a fixed time
 * after sign-in (OGI_SESSION_MAX_HOURS). Only the SHA-256 of the token is stored. The last use is
 * written at most once per touch interval (a minute, or a tenth of the idle period when that is
 * shorter), not on every request, in the same statement that resolves the token; so a session ends
 * between (idle − touch interval) and idle after its last use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get idleSeconds(): number {
    return this.config.security.sessionIdleSeconds;
  }

  /** How stale `last_seen_at` may get before a request writes it again. */
  get touchSeconds(): number {
    return Math.min(60, this.idleSeconds / 10);
  }

  /** Opens a session for the user: the token (shown once) and its absolute expiry. */
  async open(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.security.sessionMaxHours * 3_600_000);
    await this.db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [
      tokenHash(token),
      userId,
      expiresAt,
    ]);
    return { token, expiresAt };
  }

  /**
   * The active user of a live session (neither expired nor idle too long), touching it when due; with
   * how long the session stays valid as it now stands (ms, by the database's clock: the earlier of its
   * absolute expiry and its idle end from the last use recorded) and how long ago that use was (ms).
   */
  async resolve<T>(token: string): Promise<{ row: T; validForMs: number; seenAgoMs: number } | null> {
    const [found] = (await this.db.query(
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
      [tokenHash(token), this.idleSeconds, this.touchSeconds],
    )) as Array<T & { session_valid_for_ms: number; session_seen_ago_ms: number }>;
    if (!found) return null;
    const { session_valid_for_ms: validForMs, session_seen_ago_ms: seenAgoMs, ...row } = found;
    return { row: row as T, validForMs, seenAgoMs };
  }

  /**
   * Records a use of the session answered from the session cache, when its last recorded use is older
   * than the touch interval (the same rule as `resolve`'s): a session used only from the cache stays alive.
   */
  async touch(hash: string): Promise<void> {
    await this.db.query(
      `UPDATE sessions SET last_seen_at = now()
        WHERE token_hash = $1 AND last_seen_at < now() - make_interval(secs => $2)`,
      [hash, this.touchSeconds],
    );
  }

  async close(token: string): Promise<void> {
    await this.db.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash(token)]);
  }

  /** Removes expired and idle sessions; returns how many. */
  async purge(): Promise<number> {
    const [, count] = (await this.db.query(
      `DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)`,
      [this.idleSeconds],
    )) as [unknown, number];
    return count;
  }
}
