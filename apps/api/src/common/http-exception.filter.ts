/**
 * Turns every error into a JSON answer: HTTP errors pass as they are, a staff action the workflow
 * refuses becomes 409 with the rule's code and reason, Temporal being away 503, anything else 500
 * (logged with its stack, never shown).
 */
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { RULE_VIOLATION_FAILURE } from '../../../../workflows/definitions';

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
  constructor(message: string) {
    super({ statusCode: 503, error: 'Service Unavailable', message }, 503);
  }
}

/** Maps a Temporal error raised by a staff action to the HTTP error staff should see, or null. */
export function staffActionError(err: unknown): HttpException | null {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    if (err.cause.type === RULE_VIOLATION_FAILURE) {
      const code = typeof err.cause.details?.[0] === 'string' ? err.cause.details[0] : 'RULE_VIOLATION';
      return new ConflictError(code, err.cause.message);
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
    const mapped = exception instanceof HttpException ? exception : staffActionError(exception);
    if (mapped) {
      const body = mapped.getResponse();
      void reply
        .status(mapped.getStatus())
        .send(typeof body === 'string' ? { statusCode: mapped.getStatus(), message: body } : body);
      return;
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Errors fastify raises before Nest sees the request (malformed JSON, body too large, …).
      void reply
        .status(status)
        .send({ statusCode: status, error: 'Bad Request', message: String((exception as Error).message) });
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    void reply.status(500).send({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error; see the server log',
    });
  }
}
