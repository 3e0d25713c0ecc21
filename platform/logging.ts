/**
 * Issue 10: structured logs. Every process writes one JSON object per line to stdout/stderr with `time`
 * (ISO 8601), `level`, `msg` and, where known, `requestId`, `applicationId`, `workflowId`. The request
 * context (an AsyncLocalStorage) carries the request id through the API's handlers and the worker's
 * activities, so a line written anywhere below them names it without passing it around.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { redact } from './redact';

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevelName, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface RequestContext {
  requestId?: string;
  workflowId?: string;
  applicationId?: string;
  activityType?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The header name, the Temporal header key, and what a caller's X-Request-Id may look like. */
export const REQUEST_ID_HEADER = 'x-request-id';
export const TEMPORAL_REQUEST_ID_HEADER = 'ogi-request-id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's request id when it is short and of a safe charset; otherwise a new one. */
export function requestIdFrom(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value);
}

/** An application workflow's id is `application/{agency code}/{case number}`; other workflows have none. */
export type LogFields = Record<string, unknown>;

export interface JsonLogger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  enabled(level: LogLevelName): boolean;
  /** An `info` line written whatever the level (a process ready or stopped). */
  announce(msg: string, fields?: LogFields): void;
}

/** One JSON line: time, level, msg, the request context, then the fields (errors as their message). */
export function formatLogLine(
  level: LogLevelName,
  msg: string,
  fields: LogFields = {},
  now = new Date(),
): string {
  const context = requestContext.getStore() ?? {};
  const line: Record<string, unknown> = { time: now.toISOString(), level, msg };
  for (const [k, v] of Object.entries({ ...context, ...fields }) as Array<[string, unknown]>) {
    if (v === undefined) continue;
    line[k] = v instanceof Error ? v.message : v;
  }
  try {
    // Never a connection string password, an applicant's ID number or a password hash (platform/redact).
    return redact(JSON.stringify(line));
  } catch {
    return JSON.stringify({ time: line.time, level, msg, note: 'fields not serialisable' });
  }
}

/**
 * Issue 12: stdout lines written together. A line is kept until the current turn of the event loop ends
 * (setImmediate), then every line kept meanwhile goes out in one write — under load, one system call for
 * many requests' lines instead of one each; when idle, each line goes out at once. stdout on a pipe or a
 * file is written synchronously, so what is kept is written when the process exits normally as well.
 * Errors and warnings (stderr) are written at once, as they come.
 */
class BatchedStdout {
  private lines: string[] = [];
  private scheduled = false;

  constructor() {
    process.once('exit', () => this.flush());
  }

  /** One or more whole lines, each ending in a newline. */
  write(text: string): boolean {
    this.lines.push(text);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
  }

  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const text = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
    this.lines = [];
    process.stdout.write(text);
  }
}

let stdoutLines: BatchedStdout | null = null;

/** The process's batched stdout (one per process), shared by every logger writing JSON lines. */
export function batchedStdout(): { write(text: string): boolean } {
  return (stdoutLines ??= new BatchedStdout());
}

/** A logger writing JSON lines (errors and warnings to stderr), from `level` up. */
export function createJsonLogger(level: LogLevelName, base: LogFields = {}): JsonLogger {
  const write =
    (l: LogLevelName, always = false) =>
    (msg: string, fields?: LogFields) => {
      if (RANK[l] > RANK[level] && !always) return;
      const text = formatLogLine(l, msg, { ...base, ...fields });
      (RANK[l] <= RANK.warn ? process.stderr : batchedStdout()).write(`${text}\n`);
    };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    enabled: (l) => RANK[l] <= RANK[level],
    announce: write('info', true),
  };
}
