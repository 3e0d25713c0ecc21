import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, type WorkflowIdReusePolicy } from '@temporalio/client';
import { temporalConnectionOptions } from '../../../../platform/temporal';
import { requestIdClientInterceptor } from '../../../../platform/temporal-request-id';
import { APP_CONFIG, type AppConfig } from './config.provider';

/** The Temporal client of the API process; connects lazily, closes on shutdown. */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  private readonly logger = new Logger(TemporalService.name);
  private connection: Connection | null = null;
  private clientPromise: Promise<Client> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get taskQueue(): string {
    return this.config.temporal.taskQueue;
  }

  client(): Promise<Client> {
    this.clientPromise ??= Connection.connect(temporalConnectionOptions(this.config.temporal)).then(
      (connection) => {
        this.connection = connection;
        // Issue 10: the request id of the HTTP request into every start, signal and update's headers.
        return new Client({
          connection,
          namespace: this.config.temporal.namespace,
          interceptors: { workflow: [requestIdClientInterceptor()] },
        });
      },
      (err: unknown) => {
        this.clientPromise = null;
        throw err;
      },
    );
    return this.clientPromise;
  }

  /** The client, or an error if it cannot connect within `timeoutMs` (taken as Temporal unavailable). */
  async clientWithin(timeoutMs: number): Promise<Client> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.client(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Failed to connect to Temporal within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts a workflow on the task queue within `timeoutMs`, connecting included, and gives up when
   * `signal` aborts. A run already open under the workflow id makes it throw
   * WorkflowExecutionAlreadyStartedError; the caller decides what that means.
   */
  async startWithin(
    workflowType: string,
    run: {
      workflowId: string;
      args: unknown[];
      reusePolicy: WorkflowIdReusePolicy;
      signal: AbortSignal;
      timeoutMs: number;
    },
  ): Promise<void> {
    const client = await this.clientWithin(run.timeoutMs);
    await client.withAbortSignal(run.signal, () =>
      client.withDeadline(Date.now() + run.timeoutMs, () =>
        client.workflow.start(workflowType, {
          workflowId: run.workflowId,
          taskQueue: this.taskQueue,
          args: run.args,
          workflowIdReusePolicy: run.reusePolicy,
        }),
      ),
    );
  }

  async healthy(): Promise<boolean> {
    try {
      const client = await this.client();
      await client.connection.workflowService.getSystemInfo({});
      return true;
    } catch (err) {
      this.logger.warn(`Temporal health check failed: ${String(err)}`);
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}
