/**
 * Turns every error into a JSON answer: HTTP errors pass as they are, a staff action the workflow
 * refuses becomes 409 with the rule's code and reason, PostgreSQL or Temporal being unreachable (a
 * restart, a network cut) 503, anything else 500 (logged with its stack, never shown; the log line is
 * redacted: no connection string password, ID number or password hash, issue 10).
 */
import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { RECORDING_REFUSED_FAILURE, RULE_VIOLATION_FAILURE } from '../../../../workflows/definitions';
import { redact, redactValue } from '../../../../platform/redact';

export class ConflictError extends HttpException {
  constructor(code: string, message: string) {
    super({ statusCode: 409, error: 'Conflict', code, message }, 409);
  }
}

/** 403: the signed-in user's roles do not allow it; `code` says which rule. */
export class ForbiddenError extends HttpException {
  constructor(code: string, message: string) {
    super({ statusCode: 403, error: 'Forbidden', code, message }, 403);
  }
}

export class ServiceUnavailableError extends HttpException {
  constructor(message: string, code?: string) {
    super({ statusCode: 503, error: 'Service Unavailable', ...(code ? { code } : {}), message }, 503);
  }
}

/** 429 with `Retry-After` (issue 10: sign-in throttling); `code` says which limit. */
export class TooManyRequestsError extends HttpException {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 429, error: 'Too Many Requests', code, message, retryAfterSeconds }, 429);
  }
}

/** The causes chained below an error (`cause`, TypeORM's `driverError`), the error itself first. */
function causes(err: unknown): unknown[] {
  const seen: unknown[] = [];
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.includes(e) && seen.length < 8) {
    seen.push(e);
    const o = e as { cause?: unknown; driverError?: unknown };
    e = o.driverError ?? o.cause;
  }
  return seen;
}

const PG_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
]);
const PG_UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection closed',
  'the database system is starting up',
  'the database system is shutting down',
];

/** True when the error says PostgreSQL could not be reached or dropped the connection. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return causes(err).some((e) => {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (PG_UNAVAILABLE_CODES.has(code) || /^08/.test(code))) return true;
    return typeof message === 'string' && PG_UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
  });
}

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_CANCELLED = 1;

/**
 * True when the error says the Temporal service could not be reached or did not answer in time (the
 * connection failed, gRPC UNAVAILABLE or DEADLINE_EXCEEDED, an Update call timed out).
 */
export function isTemporalUnavailable(err: unknown): boolean {
  return causes(err).some((e) => {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e)) {
      return [GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED, GRPC_CANCELLED].includes(e.code);
    }
    if (
      e instanceof ServiceError &&
      /Failed to connect|Unexpected error while making gRPC request/.test(e.message)
    )
      return true;
    const { name, message } = e as { name?: unknown; message?: unknown };
    return (
      name === 'TransportError' ||
      (typeof message === 'string' &&
        /Failed to connect|No connection established|ECONNREFUSED/.test(message))
    );
  });
}

/** The 503 staff see while a store the API depends on is unreachable, or null for other errors. */
export function unavailableError(err: unknown): ServiceUnavailableError | null {
  if (isDatabaseUnavailable(err)) {
    return new ServiceUnavailableError(
      'the database (PostgreSQL) is unreachable right now; try again in a few seconds',
      'DATABASE_UNAVAILABLE',
    );
  }
  if (isTemporalUnavailable(err)) {
    return new ServiceUnavailableError(
      'the workflow service (Temporal) is unreachable right now; try again in a few seconds',
      'WORKFLOW_SERVICE_UNAVAILABLE',
    );
  }
  return null;
}

/** Maps a Temporal error raised by a staff action to the HTTP error staff should see, or null. */
export function staffActionError(err: unknown): HttpException | null {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    if (err.cause.type === RULE_VIOLATION_FAILURE) {
      const code = typeof err.cause.details?.[0] === 'string' ? err.cause.details[0] : 'RULE_VIOLATION';
      return new ConflictError(code, err.cause.message);
    }
    if (err.cause.type === RECORDING_REFUSED_FAILURE) {
      // The database refused the transition for good; the case is as it was before the request.
      return new HttpException(
        {
          statusCode: 422,
          error: 'Unprocessable Entity',
          code: 'RECORDING_REFUSED',
          message: err.cause.message,
        },
        422,
      );
    }
  }
  if (err instanceof WorkflowNotFoundError) {
    return new ConflictError('APPLICATION_CONCLUDED', '申请已办结，流程已结束，不能再办理');
  }
  return null;
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const mapped =
      exception instanceof HttpException
        ? exception
        : (staffActionError(exception) ?? unavailableError(exception));
    if (mapped) {
      if (mapped.getStatus() === 503) this.logger.warn(`503: ${redact(String(exception))}`);
      if (mapped instanceof TooManyRequestsError)
        void reply.header('Retry-After', String(mapped.retryAfterSeconds));
      const body = mapped.getResponse();
      void reply
        .status(mapped.getStatus())
        .send(typeof body === 'string' ? { statusCode: mapped.getStatus(), message: body } : body);
      return;
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Errors fastify raises before Nest sees the request (malformed JSON, body too large, …).
      void reply.status(status).send({
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Bad Request',
        message: redact(String((exception as Error).message)),
      });
      return;
    }
    // Redacted: a failed query's message may carry an ID number, a hash or a connection string.
    this.logger.error(redactValue(exception));
    void reply.status(500).send({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error; see the server log',
    });
  }
}
