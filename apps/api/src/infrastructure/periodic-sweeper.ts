import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A service that runs `sweep()` every `everyMs` from bootstrap until shutdown, one pass at a time (the
 * next pass is scheduled when the last one has ended). On shutdown the timer is cleared, `stopping` is
 * aborted (a sweep and what it waits on should heed it) and the pass under way is awaited.
 */
export abstract class PeriodicSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  protected constructor(private readonly everyMs: number) {}

  /** One pass; it should catch and log its own errors. */
  abstract sweep(): Promise<void>;

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.sweeping;
  }

  private schedule(): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep().finally(() => {
        this.sweeping = null;
        this.schedule();
      });
    }, this.everyMs);
  }
}
