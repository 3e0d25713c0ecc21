/**
 * Issue 10: security headers on every answer of the API and the console, from one fastify onSend hook.
 *
 * - Pages (text/html: the console, Swagger UI at /api/docs, the report's print page): scripts only from
 *   this origin, no inline script, no eval; styles from this origin and inline (the console sets style
 *   attributes, Swagger UI and the print page carry <style> blocks, and the print page opened from the
 *   console as a blob: inherits the console's policy); images from this origin, data: and blob:; fetches
 *   to this origin only; no plugins; never framed.
 * - Everything else under /api (JSON, files): `default-src 'none'`, never framed. Outside /api (the
 *   console's files) and under /api/docs the page policy applies whatever the type: a 304 carries no
 *   content type, and the browser takes its headers for the cached page.
 * - A route that set its own policy keeps it (the print page: `default-src 'none'`, inline styles).
 * - Always: X-Content-Type-Options nosniff, X-Frame-Options DENY, Referrer-Policy no-referrer; API
 *   answers (under /api) are `Cache-Control: no-store` unless the route set its own.
 */
import type { FastifyInstance } from 'fastify';

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function addSecurityHeaders(fastify: FastifyInstance, apiPrefix: string): void {
  const api = `/${apiPrefix}`;
  // A callback hook, not an async one: no promise per answer (issue 12).
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const path = request.url.split('?')[0];
    const isApi = path === api || path.startsWith(`${api}/`);
    const type = String(reply.getHeader('content-type') ?? '');
    // By path as well as by type: a 304 has no content type, and its headers replace the cached page's.
    const page = /^text\/html/i.test(type) || !isApi || path.startsWith(`${api}/docs`);
    // A route that sets its own, stricter policy keeps it (the print page: no script at all).
    if (!reply.hasHeader('content-security-policy'))
      reply.header('Content-Security-Policy', page ? PAGE_CSP : DATA_CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    if (isApi && !reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}
