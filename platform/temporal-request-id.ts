/**
 * Issue 10: the request id through Temporal. The API's client interceptor puts the request id of the
 * HTTP request in hand (the request context) into the Temporal headers of every workflow start, signal
 * and update; the workflow interceptors (workflows/interceptors.ts) hand it on to the activities the
 * handler schedules; the worker's activity interceptor (apps/worker/src/activity-logging.ts) runs the
 * activity inside a request context with it, so the activity's log lines name it.
 */
import { type Headers, defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { TEMPORAL_REQUEST_ID_HEADER, isRequestId, requestContext } from './logging';

export function withRequestIdHeader(headers: Headers, requestId: string | undefined): Headers {
  if (!requestId || headers[TEMPORAL_REQUEST_ID_HEADER]) return headers;
  return { ...headers, [TEMPORAL_REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) };
}

export function requestIdOfHeaders(headers: Headers | undefined): string | undefined {
  const payload = headers?.[TEMPORAL_REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return isRequestId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The client interceptor: the request id of the request in hand, if any, into every call's headers. */
export function requestIdClientInterceptor(): WorkflowClientInterceptor {
  const current = () => requestContext.getStore()?.requestId;
  return {
    startWithDetails: (input, next) =>
      next({ ...input, headers: withRequestIdHeader(input.headers, current()) }),
    signal: (input, next) => next({ ...input, headers: withRequestIdHeader(input.headers, current()) }),
    signalWithStart: (input, next) =>
      next({ ...input, headers: withRequestIdHeader(input.headers, current()) }),
    startUpdate: (input, next) => next({ ...input, headers: withRequestIdHeader(input.headers, current()) }),
    startUpdateWithStart: (input, next) =>
      next({
        ...input,
        workflowStartHeaders: withRequestIdHeader(input.workflowStartHeaders, current()),
        updateHeaders: withRequestIdHeader(input.updateHeaders, current()),
      }),
  };
}
