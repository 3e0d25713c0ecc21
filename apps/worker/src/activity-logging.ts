/**
 * Issue 10: the worker's logs as JSON lines. `runtimeLogger` is the Temporal Runtime's logger (the SDK's
 * own messages, and workflow and activity context loggers); `requestIdActivityInterceptors` runs each
 * activity inside a request context with the request id from its Temporal headers (set by the workflow
 * interceptors, workflows/interceptors.ts), its workflow id and its application, and writes one line
 * when the attempt ends, so an activity's lines name the staff request that caused it.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { type JsonLogger, type LogLevelName, requestContext } from '../../../platform/logging';
import { requestIdOfHeaders } from '../../../platform/temporal-request-id';

const SDK_LEVEL: Record<LogLevelName, LogLevel> = {
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
};

const FROM_SDK: Record<LogLevel, LogLevelName> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Runtime's logger: the SDK logs at WARN and above unless the level is debug (its INFO lines are
 * per-worker chatter), all as JSON lines through `log`.
 */
export function runtimeLogger(level: LogLevelName, log: JsonLogger): DefaultLogger {
  return new DefaultLogger(level === 'debug' ? SDK_LEVEL.debug : SDK_LEVEL.warn, (entry: LogEntry) => {
    const fields: Record<string, unknown> = { ...(entry.meta ?? {}), source: 'temporal-sdk' };
    // The SDK's own timestamp is in nanoseconds; the line's `time` is when it is written.
    delete fields.sdkComponent;
    log[FROM_SDK[entry.level]](entry.message, fields);
  });
}

/** An application workflow's id is `application/{agency code}/{case number}`. */
function applicationOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (first && typeof first === 'object' && 'applicationId' in first) {
    const id = (first as { applicationId?: unknown }).applicationId;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

export function requestIdActivityInterceptors(log: JsonLogger): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType, attempt, workflowExecution } = ctx.info;
        const store = {
          requestId: requestIdOfHeaders(input.headers),
          workflowId: workflowExecution?.workflowId,
          applicationId: applicationOf(input.args),
          activityType,
        };
        return requestContext.run(store, async () => {
          const started = Date.now();
          try {
            const result = await next(input);
            log.info('activity completed', { attempt, durationMs: Date.now() - started });
            return result;
          } catch (err) {
            log.info('activity attempt ended with an error', {
              attempt,
              durationMs: Date.now() - started,
              error: err instanceof Error ? err.message : String(err),
            });
            throw err;
          }
        });
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        const requestId = requestContext.getStore()?.requestId;
        return next(requestId ? { ...input, requestId } : input);
      },
    },
  });
}
