/**
 * Issue 10: purges expired or idle sessions and sign-in attempts that have left the throttling window,
 * in every API process (the deletes are idempotent), every half idle period, at least every second and
 * at most every minute.
 */
import { Injectable, Logger } from '@nestjs/common';
import { PeriodicSweeper } from '../infrastructure/periodic-sweeper';
import { redactValue } from '../../../../platform/redact';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle.service';

@Injectable()
export class SecuritySweeper extends PeriodicSweeper {
  private readonly logger = new Logger(SecuritySweeper.name);

  constructor(
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
  ) {
    super(Math.min(60_000, Math.max(1000, (sessions.idleSeconds * 1000) / 2)));
  }

  async sweep(): Promise<void> {
    try {
      await this.sessions.purge();
      await this.throttle.purge();
    } catch (err) {
      this.logger.warn(`could not purge sessions and sign-in attempts: ${redactValue(err)}`);
    }
  }
}
