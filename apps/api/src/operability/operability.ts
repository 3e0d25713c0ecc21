/**
 * Issue 10: what the API adds for operating it, installed by `createApp` in two calls:
 * `fastifyOptions` (fastify's own pino logger writing JSON lines, the request id taken from a valid
 * X-Request-Id or generated) and `installOperability` (the X-Request-Id response header, the request
 * context around every handler so the Temporal client interceptor and the logs see the request id, the
 * request counter and duration histogram, and `GET /metrics` at the root).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { AppConfig } from '../../../../platform/config';
import { redact } from '../../../../platform/redact';
import {
  batchedStdout,
  type JsonLogger,
  type LogLevelName,
  REQUEST_ID_HEADER,
  createJsonLogger,
  requestContext,
  requestIdFrom,
} from '../../../../platform/logging';
import { Counter, Gauge, Histogram, PROMETHEUS_CONTENT_TYPE, Registry } from './metrics';

/**
 * A pino log object with platform/redact applied to what it carries: a string redacted, a plain object or
 * array through its JSON (left as it is when it cannot be serialised), anything else (an instance of a
 * class) as it is. Issue 12: before, the whole object went through JSON, and for fastify's two lines of
 * every request that meant serialising its request and reply until their circular references threw.
 */
function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  let redacted: Record<string, unknown> | null = null;
  for (const key of Object.keys(object)) {
    const value = object[key];
    const clean = redactLogValue(value);
    if (clean !== value) (redacted ??= { ...object })[key] = clean;
  }
  return redacted ?? object;
}

function redactLogValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const clean = redact(value);
    return clean === value ? value : clean;
  }
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  try {
    const text = JSON.stringify(value);
    const clean = redact(text);
    return clean === text ? value : (JSON.parse(clean) as unknown);
  } catch {
    return value;
  }
}

/**
 * The one log line of a request (issue 12: one line, not fastify's two — `incoming request` and
 * `request completed` — each with the whole request serialised): written when the answer has gone. Its
 * URL is redacted with every other string of the line by the `log` formatter (redactLogObject): a query
 * string is the one place a request line could carry an ID number.
 */
function logRequest(request: FastifyRequest, reply: FastifyReply): void {
  request.log.info(
    {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
      remoteAddress: request.ip,
    },
    'request completed',
  );
}

/** fastify's options: pino as JSON lines (time, level, msg, requestId), our request ids. */
export function fastifyOptions(config: AppConfig) {
  return {
    logger: {
      level: config.logLevel,
      base: { process: 'api' },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: {
        level: (label: string) => ({ level: label }),
        // Never a connection string password, an applicant's ID number or a password hash (platform/redact).
        log: redactLogObject,
      },
      // The same batched stdout as the Nest logger's lines (platform/logging): one write per event-loop turn.
      stream: batchedStdout(),
    },
    // One line per request, written by the onResponse hook (logRequest), not fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    genReqId: (req: { headers: IncomingHttpHeaders }) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
  };
}

/** Nest's logger: JSON lines like pino's, with the context (the class) and the request id in hand. */
export class JsonNestLogger implements LoggerService {
  private readonly out: JsonLogger;

  constructor(level: LogLevelName) {
    this.out = createJsonLogger(level, { process: 'api' });
  }

  private split(params: unknown[]): { context?: string; rest: unknown[] } {
    const last = params.at(-1);
    return typeof last === 'string' && params.length > 0
      ? { context: last, rest: params.slice(0, -1) }
      : { rest: params };
  }

  private text(message: unknown): string {
    if (message instanceof Error) return message.message;
    return typeof message === 'string' ? message : JSON.stringify(message);
  }

  log(message: unknown, ...params: unknown[]): void {
    const { context } = this.split(params);
    this.out.info(this.text(message), { context });
  }

  error(message: unknown, ...params: unknown[]): void {
    const { context, rest } = this.split(params);
    const stack =
      typeof rest[0] === 'string' ? rest[0] : message instanceof Error ? message.stack : undefined;
    this.out.error(this.text(message), { context, stack });
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.out.warn(this.text(message), { context: this.split(params).context });
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.out.debug(this.text(message), { context: this.split(params).context });
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.out.debug(this.text(message), { context: this.split(params).context });
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.out.error(this.text(message), { context: this.split(params).context, fatal: true });
  }

  /** A line whatever the level (the API listening). */
  announce(message: string, fields?: Record<string, unknown>): void {
    this.out.announce(message, fields);
  }
}

/** Bucket bounds of the request duration histogram, in seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = this.registry.register(
    new Counter('ogi_http_requests_total', 'HTTP requests answered, by method, route pattern and status', [
      'method',
      'route',
      'status',
    ]),
  );
  readonly durations = this.registry.register(
    new Histogram(
      'ogi_http_request_duration_seconds',
      'Time to answer an HTTP request, by method and route pattern',
      ['method', 'route'],
      DURATION_BUCKETS,
    ),
  );
  readonly workerUp = this.registry.register(
    new Gauge(
      'ogi_worker_metrics_up',
      "1 when the worker's Temporal metrics could be read for this scrape",
      [],
    ),
  );

  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.durations.observe({ method, route }, seconds);
  }
}

/** Reads the worker's Prometheus exporter; null when it is off or does not answer in time. */
export async function fetchWorkerMetrics(address: string | null, timeoutMs = 1500): Promise<string | null> {
  if (!address) return null;
  try {
    const res = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    return await res.text();
  } catch {
    return null;
  }
}

/** Constant-time enough for a bearer token of a scrape endpoint: compares all characters. */
function sameToken(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

export function installOperability(app: NestFastifyApplication, config: AppConfig): ApiMetrics {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = new ApiMetrics();
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    logRequest(request, reply);
    done();
  });
  // The handler (guards, pipes, the controller, and what it awaits: the Temporal client, the logs) runs
  // inside the request context. A preHandler hook rather than a Nest interceptor: fastify calls the
  // route's handler from this `done`, so everything it starts inherits the context, and a request that
  // needs no interceptor skips Nest's interceptor pipeline altogether (issue 12).
  fastify.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    requestContext.run({ requestId: request.id }, done);
  });
  const token = config.operability.metricsToken;
  fastify.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    if (token) {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!sameToken(given, token)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ statusCode: 401, error: 'Unauthorized', message: '需要指标令牌（OGI_METRICS_TOKEN）' });
      }
    }
    const worker = await fetchWorkerMetrics(config.operability.workerMetricsAddress);
    metrics.workerUp.set({}, worker === null ? 0 : 1);
    const text = metrics.registry.render() + (worker ? `${worker.trimEnd()}\n` : '');
    return reply.code(200).header('content-type', PROMETHEUS_CONTENT_TYPE).send(text);
  });
  return metrics;
}
