/**
 * The API's operations, typed from the OpenAPI document (api-types.ts): what each is called with and what
 * it answers. Shared by the console and the applicants' portal, each with its own transport.
 */
import type { Operations } from './api-types';

/** An operation of the API, as the OpenAPI document names it: 'GET /api/applications/{id}'. */
export type Operation = keyof Operations;
type Part<O extends Operation, K extends 'params' | 'query' | 'body'> = [Operations[O][K]] extends [never]
  ? { [P in K]?: never }
  : undefined extends Operations[O][K]
    ? { [P in K]?: Operations[O][K] }
    : { [P in K]: Operations[O][K] };
/** What an operation is called with: its path parameters, query and body, each only where it has one. */
export type Request<O extends Operation> = Part<O, 'params'> & Part<O, 'query'> & Part<O, 'body'>;
/** What an operation answers (api-types.ts, generated from the OpenAPI document). */
export type Response<O extends Operation> = Operations[O]['response'];

/** Sends a request: method, path under /api (query included) and JSON body; the parsed answer. */
export type Transport = (method: string, path: string, body?: unknown) => Promise<unknown>;

/** Calls `operation` through `send`, its path parameters filled in and its query appended. */
export function callWith<O extends Operation>(
  send: Transport,
  operation: O,
  request: Request<O> | undefined,
): Promise<Response<O>> {
  const [method, template] = operation.split(' ') as [string, string];
  const r = (request ?? {}) as { params?: Record<string, string>; query?: object; body?: unknown };
  let path = template
    .replace(/^\/api/, '')
    .replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(r.params?.[name] ?? ''));
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query ?? {}))
    if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  if ([...query].length) path += `?${query}`;
  return send(method, path, r.body) as Promise<Response<O>>;
}
