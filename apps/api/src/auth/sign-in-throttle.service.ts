/**
 * Issue 10: sign-in throttling, per account (username) and per client address, shared by every API
 * process through PostgreSQL (`sign_in_attempts`).
 *
 * Every attempt first reserves a row, then counts the rows of its username and of its address within
 * the window (its own included): past either limit it removes its row and is refused with 429 and
 * Retry-After, before any password is checked. Reserving before counting keeps concurrent attempts from
 * all slipping through at once. A failed attempt leaves its row; a successful one removes the failures
 * of that username from that address. The account limit holds from every address (a password cannot be
 * guessed by spreading the attempts over many addresses); the address limit holds for every username.
 * Rows older than the window are purged by the SecuritySweeper.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { TooManyRequestsError } from '../common/http-exception.filter';
import {
  deleteSignInAttempt,
  forgiveSignInAttempts,
  insertSignInAttempt,
  purgeSignInAttempts,
  recentSignInAttempts,
  secondsUntilAttemptLeaves,
} from '../../../../platform/database/repositories/sessions.repository';

/** A reserved attempt: the row to keep (failure) or remove (success, or not judged). */
export interface SignInAttempt {
  id: string;
  username: string;
  address: string;
}

@Injectable()
export class SignInThrottle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get windowSeconds(): number {
    return this.config.security.signInWindowMinutes * 60;
  }

  /** Reserves an attempt, or throws 429 when the account or the address has failed too often. */
  async reserve(username: string, address: string): Promise<SignInAttempt> {
    const attempt = { id: await insertSignInAttempt(this.db, username, address), username, address };
    const { maxFailuresPerAccount, maxFailuresPerAddress } = this.config.security;
    const counts = await recentSignInAttempts(this.db, username, address, this.windowSeconds);
    if (counts.account <= maxFailuresPerAccount && counts.address <= maxFailuresPerAddress) return attempt;
    await this.release(attempt);
    const waits: number[] = [];
    if (counts.account > maxFailuresPerAccount)
      waits.push(await this.secondsUntilBelow('username', username, counts.account - maxFailuresPerAccount));
    if (counts.address > maxFailuresPerAddress)
      waits.push(await this.secondsUntilBelow('address', address, counts.address - maxFailuresPerAddress));
    const retryAfter = Math.max(1, ...waits);
    throw new TooManyRequestsError(
      'SIGN_IN_THROTTLED',
      `登录失败次数过多，请 ${Math.ceil(retryAfter / 60)} 分钟后再试`,
      retryAfter,
    );
  }

  /**
   * Seconds until the failures of `key` within the window drop below the limit: when the row that, with
   * the reserved one removed, still puts it over (the `excess`-th oldest) leaves the window.
   */
  private async secondsUntilBelow(
    column: 'username' | 'address',
    key: string,
    excess: number,
  ): Promise<number> {
    const wait = await secondsUntilAttemptLeaves(
      this.db,
      column,
      key,
      this.windowSeconds,
      Math.max(0, excess - 1),
    );
    return wait ?? 1;
  }

  /** The attempt was not judged (the server was busy): it counts for nothing. */
  async release(attempt: SignInAttempt): Promise<void> {
    await deleteSignInAttempt(this.db, attempt.id);
  }

  /** The attempt succeeded: the account's failures from this address are forgiven. */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    await forgiveSignInAttempts(this.db, attempt.username, attempt.address);
  }

  /** Removes the attempts that have left the window; returns how many. */
  async purge(): Promise<number> {
    return purgeSignInAttempts(this.db, this.windowSeconds);
  }
}
