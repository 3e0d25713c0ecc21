/**
 * Issue 12: the signed-in user of a session token, kept in this API process for a few seconds
 * (OGI_SESSION_CACHE_SECONDS, 5 by default; 0 turns it off), so that a request does not read the
 * session and its user from PostgreSQL every time.
 *
 * What is kept: per token (by its SHA-256, as the database keys it) the StaffUser the guard resolved —
 * id, agency, name, roles, must-change-password, platform admin — and until when it may be used.
 *
 * Why that is safe:
 *  - An entry never outlives the session as the database saw it: it is kept at most until the earlier of
 *    (a) now + the cache time, (b) the session's absolute expiry and (c) its idle end counted from the
 *    last use the database recorded, all measured from before the lookup was sent. So an idle or expired
 *    session is refused exactly as without the cache.
 *  - A use answered from here still counts as a use: when the last use recorded is older than the touch
 *    interval (the rule SessionsService follows), the request records it (in the background), so a
 *    session used only from the cache does not end idle.
 *  - Everything in this process that ends a session or changes a user forgets the entries it touches as
 *    soon as its change is committed: sign-out (the token), deactivation, password reset and password
 *    change (every session of the user), and any change of the account (roles, name, reactivation).
 *    A deactivated user or an ended session is refused by this process's next request.
 *  - A lookup that was already on its way when something was forgotten does not store what it read (an
 *    epoch counter moves with every forgetting): it may have read the row from before the change.
 *  - Another API process learns of such a change when its own entry lapses, within the cache time. Run
 *    with OGI_SESSION_CACHE_SECONDS=0 where several API processes serve the same users and a revocation
 *    must hold everywhere within the same second.
 *  - Each request gets its own copy of the user, so nothing a request does to it reaches another.
 */
import type { StaffUser } from './auth.types';

/** More sessions than this at once are looked up in PostgreSQL every time (memory stays bounded). */
const MAX_ENTRIES = 20_000;

interface Entry {
  user: StaffUser;
  /** Date.now() after which the entry is not used. */
  until: number;
  /** Date.now() of the last use recorded in the database (as far as this process knows, no later). */
  seenAt: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private epochValue = 0;

  /**
   * @param ttlMs how long an entry may be used (0: nothing is kept)
   * @param touchMs how stale the recorded last use may get before a use answered from here records it
   */
  constructor(
    private readonly ttlMs: number,
    private readonly touchMs: number,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Moves with every forgetting; a lookup begun under another epoch does not store its result. */
  get epoch(): number {
    return this.epochValue;
  }

  /**
   * A copy of the user of this token hash while its entry holds, else null; `touch` when this use is to
   * be recorded in the database (the recorded one is older than the touch interval; it is then taken as
   * recorded now, so one request of many records it).
   */
  get(hash: string, now = Date.now()): { user: StaffUser; touch: boolean } | null {
    const entry = this.entries.get(hash);
    if (!entry) return null;
    if (entry.until <= now) {
      this.entries.delete(hash);
      return null;
    }
    const touch = now - entry.seenAt >= this.touchMs;
    if (touch) entry.seenAt = now;
    return { user: copy(entry.user), touch };
  }

  /**
   * Keeps `user` for the token hash, if nothing was forgotten since `epoch` (read before the lookup was
   * sent) and the session stays valid for a while: until `startedAt` + the smaller of the cache time and
   * `validForMs` (how long the database said the session stays valid, counted from before the lookup);
   * `seenAgoMs`: how long before the database's answer its last use was recorded.
   */
  put(
    hash: string,
    user: StaffUser,
    epoch: number,
    startedAt: number,
    session: { validForMs: number; seenAgoMs: number },
  ): void {
    if (!this.enabled || epoch !== this.epochValue) return;
    const until = startedAt + Math.min(this.ttlMs, session.validForMs);
    if (until <= Date.now()) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const now = Date.now();
      for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
      if (this.entries.size >= MAX_ENTRIES) return;
    }
    this.entries.set(hash, { user: copy(user), until, seenAt: startedAt - session.seenAgoMs });
  }

  /** Forgets one session (signed out). */
  forgetToken(hash: string): void {
    this.epochValue++;
    this.entries.delete(hash);
  }

  /** Forgets every session of a user (ended, or the user changed). */
  forgetUser(userId: string): void {
    this.epochValue++;
    for (const [key, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(key);
  }
}

function copy(user: StaffUser): StaffUser {
  return { ...user, roles: [...user.roles] };
}
