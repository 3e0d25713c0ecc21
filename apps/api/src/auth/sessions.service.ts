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
import {
  deleteSession,
  insertSession,
  purgeSessions,
  resolveSession,
  touchSession,
} from '../../../../platform/database/repositories/sessions.repository';

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
    await insertSession(this.db, tokenHash(token), userId, expiresAt);
    return { token, expiresAt };
  }

  /**
   * The active user of a live session (neither expired nor idle too long), touching it when due; with
   * how long the session stays valid as it now stands (ms, by the database's clock: the earlier of its
   * absolute expiry and its idle end from the last use recorded) and how long ago that use was (ms).
   */
  async resolve<T>(token: string): Promise<{ row: T; validForMs: number; seenAgoMs: number } | null> {
    const found = await resolveSession<T>(this.db, tokenHash(token), this.idleSeconds, this.touchSeconds);
    if (!found) return null;
    const { session_valid_for_ms: validForMs, session_seen_ago_ms: seenAgoMs, ...row } = found;
    return { row: row as T, validForMs, seenAgoMs };
  }

  /**
   * Records a use of the session answered from the session cache, when its last recorded use is older
   * than the touch interval (the same rule as `resolve`'s): a session used only from the cache stays alive.
   */
  async touch(hash: string): Promise<void> {
    await touchSession(this.db, hash, this.touchSeconds);
  }

  async close(token: string): Promise<void> {
    await deleteSession(this.db, tokenHash(token));
  }

  /** Removes expired and idle sessions; returns how many. */
  async purge(): Promise<number> {
    return purgeSessions(this.db, this.idleSeconds);
  }
}
