import type { ApplicationSummaryDto, CodeLabelDto, ReferenceDto, StaffUserDto } from './api-types';
import { ApiError, h, prop } from './dom';
import { type Operation, type Request, type Response, callWith } from './operations';

export type { Operation, Request, Response } from './operations';

/**
 * The signed-in session: the token (kept in sessionStorage: closing the browser signs out), the user,
 * and the code lists of GET /api/reference, loaded once.
 */
export const session: { token: string | null; me: StaffUserDto | null; reference: ReferenceDto | null } = {
  token: sessionStorage.getItem('ogi.token'),
  me: null,
  reference: null,
};
export const app = document.getElementById('app')!;

/** The code lists (GET /api/reference): loaded by the router before any page but sign-in and password. */
export function reference(): ReferenceDto {
  if (!session.reference) throw new Error('代码表尚未加载');
  return session.reference;
}

// ---------- helpers ----------

/** The label of a code in one of the server's code lists (GET /api/reference). */
export function labelIn(list: readonly CodeLabelDto[] | undefined, code: string): string {
  return list?.find((x) => x.code === code)?.label ?? code;
}

/** Where the console opens: 一览 for reviewers and admins (issue 15), the inbox for everyone else. */
export function landingPage(): 'dashboard' | 'inbox' {
  const roles = session.me?.roles ?? [];
  return roles.includes('reviewer') || roles.includes('admin') ? 'dashboard' : 'inbox';
}

/** A request to the API with the session's token; the answer as parsed JSON (null when empty). */
export async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (res.status === 401 && path !== '/auth/sign-in') {
    session.token = null;
    sessionStorage.removeItem('ogi.token');
    location.hash = '#/login';
  }
  if (res.status === 403 && prop(data, 'code') === 'PASSWORD_CHANGE_REQUIRED') {
    if (session.me) session.me.mustChangePassword = true;
    location.hash = '#/password';
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/**
 * Calls an operation, typed by the OpenAPI document: call('GET /api/applications/{id}', { params: { id } }).
 * The path parameters are filled in and the query appended; errors as `api`.
 */
export function call<O extends Operation>(
  operation: O,
  ...[request]: Partial<Request<O>> extends Request<O> ? [Request<O>?] : [Request<O>]
): Promise<Response<O>> {
  return callWith(api, operation, request);
}

/** The reply deadline of an application or a task's (ApplicationSummaryDto, TaskApplicationDto). */
export function dueBadge(
  a: Pick<ApplicationSummaryDto, 'replyDueOn' | 'paused' | 'replyDueProvisional'> & {
    workingDaysLeft?: number | null;
  },
): HTMLElement {
  if (!a.replyDueOn) return h('span', { className: 'muted' }, '—');
  const left = a.workingDaysLeft;
  const provisional = a.replyDueProvisional ? '（暂定）' : '';
  if (a.paused) return h('span', { className: 'due-paused' }, `${a.replyDueOn} 暂停计算中${provisional}`);
  if (left === null || left === undefined) return h('span', {}, a.replyDueOn + provisional);
  if (left < 0) return h('span', { className: 'due-overdue' }, `${a.replyDueOn} 已逾期 ${-left} 个工作日`);
  const cls = left <= 3 ? 'due-soon' : 'due-ok';
  return h('span', { className: cls }, `${a.replyDueOn}（剩 ${left} 个工作日）${provisional}`);
}

export function timeInChina(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
}

export function roleNames(roles: readonly string[]): string {
  return roles.map((r) => labelIn(session.reference?.roles, r)).join('、');
}
