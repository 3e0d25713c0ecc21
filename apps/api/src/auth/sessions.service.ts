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

  /** The active user of a live session (neither expired nor idle too long), touching it when due. */
  async resolve<T>(token: string): Promise<T | null> {
    const [row] = (await this.db.query(
      `WITH s AS (
         SELECT token_hash, user_id, last_seen_at FROM sessions
          WHERE token_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
       ), touched AS (
         UPDATE sessions SET last_seen_at = now() FROM s
          WHERE sessions.token_hash = s.token_hash AND s.last_seen_at < now() - make_interval(secs => $3)
         RETURNING 1
       )
       SELECT u.* FROM s JOIN users u ON u.id = s.user_id WHERE u.active`,
      [tokenHash(token), this.idleSeconds, this.touchSeconds],
    )) as T[];
    return row ?? null;
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
