/**
 * The `Idempotency-Key` request header of the endpoints that perform a staff action. The key becomes
 * the id of the workflow Update that performs the action, so a retried request never performs it twice
 * and answers what the first one did. Controllers stay unaware of it: the interceptor validates the
 * header of the marked endpoints and keeps it in the request's async context for the service.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  RequestMethod,
  SetMetadata,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { badRequest } from './validation';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
const ACCEPTS_KEY = 'ogi:acceptsIdempotencyKey';

const requestContext = new AsyncLocalStorage<{ idempotencyKey: string | null }>();

/** The validated Idempotency-Key of the request being handled, or null when it sent none. */
export function currentIdempotencyKey(): string | null {
  return requestContext.getStore()?.idempotencyKey ?? null;
}

const apiHeader = ApiHeader({
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    'Optional, 1–200 characters of A–Z a–z 0–9 . _ : -. A retried request with the same key (same user) performs the action at most once and answers as the first did: 200 with the application once performed, the same 409 if refused. Without it every request is a new action. When the workflow service is away the answer is 503 and the action stays handed over: it is performed once the service is back, and a retry with the same key returns its result.',
  schema: { type: 'string', pattern: KEY_PATTERN.source, minLength: 1, maxLength: 200 },
});

/**
 * Marks an endpoint as performing a staff action: it accepts (and documents) the Idempotency-Key header,
 * checked and kept for the service by IdempotencyKeyInterceptor. The interceptor is bound to these
 * endpoints alone, so that the others (every read) skip Nest's interceptor pipeline (issue 12).
 */
export function AcceptsIdempotencyKey(): MethodDecorator {
  return (target, key, descriptor) => {
    SetMetadata(ACCEPTS_KEY, true)(target, key, descriptor);
    UseInterceptors(IdempotencyKeyInterceptor)(target, key, descriptor);
    apiHeader(target, key, descriptor);
  };
}

/** Marks every `POST :id/<action>` endpoint of a controller (its staff actions) with AcceptsIdempotencyKey. */
export function markActionEndpoints(controller: Type): void {
  const proto = controller.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    const handler = descriptor?.value as object | undefined;
    if (name === 'constructor' || typeof handler !== 'function') continue;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
    if (method === RequestMethod.POST && typeof path === 'string' && /^:id\/[a-z-]+$/.test(path)) {
      AcceptsIdempotencyKey()(proto, name, descriptor!);
    }
  }
}

@Injectable()
export class IdempotencyKeyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http' || !this.reflector.get<boolean>(ACCEPTS_KEY, ctx.getHandler())) {
      return next.handle();
    }
    const headers = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers;
    const raw = headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (raw !== undefined && (typeof raw !== 'string' || !KEY_PATTERN.test(raw))) {
      throw badRequest([
        {
          field: IDEMPOTENCY_KEY_HEADER,
          reasons: [
            `the ${IDEMPOTENCY_KEY_HEADER} header must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'`,
          ],
        },
      ]);
    }
    const store = { idempotencyKey: typeof raw === 'string' ? raw : null };
    // The handler runs when the observable is subscribed: subscribe inside the context.
    return new Observable((subscriber) =>
      requestContext.run(store, () => next.handle().subscribe(subscriber)),
    );
  }
}
