import { Inject, Injectable, type OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  PasswordHashBusyError,
  hashPassword,
  needsRehash,
  setHashConcurrency,
  verifyAgainstDummy,
  verifyPassword,
} from '../../../../platform/passwords';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { ServiceUnavailableError } from '../common/http-exception.filter';
import { DemoAccounts } from './demo-accounts';
import { SessionsService, tokenHash } from './sessions.service';
import { SessionCache } from './session-cache';
import { SignInThrottle } from './sign-in-throttle.service';
import type { StaffUser } from './auth.types';
import {
  type SignInUserRow,
  replacePasswordHash,
  userByUsername,
} from '../../../../platform/database/repositories/accounts.repository';
import { deleteOtherSessionsOf } from '../../../../platform/database/repositories/sessions.repository';

type UserRow = SignInUserRow;

function toUser(r: UserRow): StaffUser {
  return {
    id: r.id,
    agencyId: r.agency_id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    mustChangePassword: r.must_change_password === true,
    platformAdmin: r.platform_admin,
  };
}

@Injectable()
export class AuthService implements OnModuleInit {
  /** Issue 12: sessions resolved in the last few seconds (see session-cache.ts for why that is safe). */
  private readonly cache: SessionCache;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
    private readonly demo: DemoAccounts,
  ) {
    this.cache = new SessionCache(config.security.sessionCacheSeconds * 1000, sessions.touchSeconds * 1000);
  }

  onModuleInit(): void {
    setHashConcurrency(this.config.security.passwordHashConcurrency);
    void verifyAgainstDummy(''); // prepares the dummy hash, so that the first unknown user is not slower
  }

  /**
   * Checks the password and opens a session. An unknown user, an inactive one, a wrong password and a
   * demo password while the demo is off all get the same 401 after one scrypt computation (issue 10);
   * past the failure limits, 429 before any (SignInThrottle).
   */
  async signIn(
    username: string,
    password: string,
    address: string,
  ): Promise<{ token: string; expiresAt: string; user: StaffUser }> {
    const attempt = await this.throttle.reserve(username, address);
    let row: UserRow | undefined;
    try {
      row = await this.checkPassword(username, password);
    } catch (err) {
      await this.throttle.release(attempt); // not judged: it counts for nothing
      if (err instanceof PasswordHashBusyError)
        throw new ServiceUnavailableError('登录请求过多，请稍后再试', 'SIGN_IN_BUSY');
      throw err;
    }
    if (!row) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: '用户名或密码不正确',
      });
    }
    await this.throttle.succeeded(attempt);
    await upgradePasswordHash(this.db, row, password);
    const { token, expiresAt } = await this.sessions.open(row.id);
    return { token, expiresAt: expiresAt.toISOString(), user: toUser(row) };
  }

  /** The user when the password is right and the account may sign in, else undefined (same work either way). */
  private async checkPassword(username: string, password: string): Promise<UserRow | undefined> {
    const row = await userByUsername(this.db, username);
    const ok = row ? await verifyPassword(password, row.password_hash) : await verifyAgainstDummy(password);
    return ok && row?.active && !this.demo.refuses(username, password) ? row : undefined;
  }

  /** The user of a live session, or null; from the session cache while its entry holds. */
  async authenticate(token: string): Promise<StaffUser | null> {
    const hash = tokenHash(token);
    const cached = this.cache.get(hash);
    if (cached) {
      // The use is recorded as resolve() would have; a failure only means the next lookup records it.
      if (cached.touch) this.sessions.touch(hash).catch(() => undefined);
      return cached.user;
    }
    const epoch = this.cache.epoch;
    const startedAt = Date.now();
    const found = await this.sessions.resolve<UserRow>(token);
    if (!found) return null;
    const user = toUser(found.row);
    this.cache.put(hash, user, epoch, startedAt, found);
    return user;
  }

  async signOut(token: string): Promise<void> {
    await this.sessions.close(token);
    this.cache.forgetToken(tokenHash(token));
  }

  /**
   * After a change of the account is committed (roles, name, active, password): this process resolves
   * its sessions from PostgreSQL again at their next request.
   */
  forgetUser(userId: string): void {
    this.cache.forgetUser(userId);
  }

  // ---- issue 10: accounts agencies manage (see accounts.service.ts) ----

  /** Ends every session of the user, or every one but the session of `keepToken`. */
  async endSessionsOf(userId: string, keepToken?: string): Promise<void> {
    await deleteOtherSessionsOf(this.db, userId, keepToken ? tokenHash(keepToken) : null);
    this.cache.forgetUser(userId);
  }
}

/**
 * Issue 10: a hash made with older scrypt parameters is replaced, on a successful sign-in, by one with
 * the current parameters (only if the stored hash is still the one checked).
 */
async function upgradePasswordHash(db: DataSource, row: UserRow, password: string): Promise<void> {
  if (!needsRehash(row.password_hash)) return;
  await replacePasswordHash(db, row.id, await hashPassword(password), row.password_hash);
}
