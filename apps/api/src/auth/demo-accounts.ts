/**
 * Issue 10: demo accounts exist only when the demo is asked for (OGI_DEMO_AGENCY, on for `./ogi start`,
 * off in production). When it is off, a demo account's published password (README) never signs in, even
 * where an earlier demo left the account behind; and the sign-in page says whether demo accounts are on.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS } from '../../../../platform/staff';
import { activeUsernames } from '../../../../platform/database/repositories/accounts.repository';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';

export interface SignInOptions {
  /** True when the demo is on and its accounts exist: the page shows them. */
  demo: boolean;
  demoAccounts: Array<{ username: string; password: string; displayName: string; roles: string[] }>;
}

@Injectable()
export class DemoAccounts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** True when the demo is off and this is a demo account's published password: refused. */
  refuses(username: string, password: string): boolean {
    if (this.config.security.demoAccounts) return false;
    return DEMO_ACCOUNTS.some((a) => a.username === username && a.password === password);
  }

  /** What the sign-in page shows: the demo accounts that exist (active), only when the demo is on. */
  async signInOptions(): Promise<SignInOptions> {
    if (!this.config.security.demoAccounts) return { demo: false, demoAccounts: [] };
    const present = new Set(
      await activeUsernames(
        this.db,
        DEMO_ACCOUNTS.map((a) => a.username),
      ),
    );
    const demoAccounts = DEMO_ACCOUNTS.filter((a) => present.has(a.username)).map((a) => ({
      username: a.username,
      password: a.password,
      displayName: a.displayName,
      roles: [...a.roles],
    }));
    return { demo: demoAccounts.length > 0, demoAccounts };
  }
}
