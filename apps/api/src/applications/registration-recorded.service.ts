import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { preparedQuery } from '../../../../platform/database/prepared';

/** The channel the recording of an application's first event notifies (migration 1764910000000). */
const CHANNEL = 'ogi_application_recorded';
/** How often a waiter asks PostgreSQL itself, in case a notification is lost or the listener is down. */
const CHECK_EVERY_MS = 250;
/** How long after losing its connection the listener tries again. */
const RECONNECT_AFTER_MS = 1000;

/**
 * Issue 12: waits for an application's registration to be recorded by its workflow — woken by
 * PostgreSQL's notification on one LISTEN connection of this API process, with a slow check of the row
 * as a fallback, instead of asking every 20 ms.
 */
@Injectable()
export class RegistrationRecordedService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistrationRecordedService.name);
  /** Per application id, the waiters to wake. */
  private readonly waiters = new Map<string, Set<() => void>>();
  private listener: Client | null = null;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.rows = preparedQuery(db);
  }

  /** Rows of a statement prepared once per connection (platform/database/prepared). */
  private readonly rows: ReturnType<typeof preparedQuery>;

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl });
    const lost = (why: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`registration listener lost (${String(why)}); reconnecting`);
      this.reconnect = setTimeout(() => void this.listen(), RECONNECT_AFTER_MS);
    };
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.wake(n.payload);
    });
    client.on('error', lost);
    client.on('end', () => lost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch (err) {
      // No database yet (or gone): waiters fall back to asking; try again shortly.
      void client.end().catch(() => undefined);
      if (!this.stopped) this.reconnect = setTimeout(() => void this.listen(), RECONNECT_AFTER_MS);
      this.logger.warn(`registration listener not connected (${String(err)}); retrying`);
    }
  }

  private wake(applicationId: string): void {
    const set = this.waiters.get(applicationId);
    if (!set) return;
    this.waiters.delete(applicationId);
    for (const resolve of set) resolve();
  }

  private async recorded(applicationId: string): Promise<boolean> {
    const [row] = await this.rows<{ version: number }>('SELECT version FROM applications WHERE id = $1', [
      applicationId,
    ]);
    return !!row && row.version >= 1;
  }

  /**
   * Resolves true once the application's first event is recorded, false after `timeoutMs`. Call
   * `expect` before the workflow is started, so that its notification cannot come before the waiter.
   */
  expect(applicationId: string, timeoutMs = 5000): { wait(): Promise<boolean>; cancel(): void } {
    let wokenUp = false;
    let notified!: () => void;
    const woken = new Promise<void>(
      (resolve) =>
        (notified = () => {
          wokenUp = true;
          resolve();
        }),
    );
    const set = this.waiters.get(applicationId) ?? new Set();
    set.add(notified);
    this.waiters.set(applicationId, set);
    const cancel = () => {
      const current = this.waiters.get(applicationId);
      current?.delete(notified);
      if (current && current.size === 0) this.waiters.delete(applicationId);
    };
    const wait = async () => {
      const deadline = Date.now() + timeoutMs;
      try {
        while (Date.now() < deadline) {
          const left = deadline - Date.now();
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            woken,
            new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(CHECK_EVERY_MS, left)))),
          ]);
          clearTimeout(timer);
          if (wokenUp || (await this.recorded(applicationId))) return true;
        }
        return false;
      } finally {
        cancel();
      }
    };
    return { wait, cancel };
  }
}
