import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** Incoming ids we echo: short, token-like (anything else is replaced, never reflected). */
const SAFE_ID = /^[\w.:@-]{1,128}$/;

/** A fresh request id: 16 random bytes, base64url (22 characters). */
export const newRequestId = (): string => randomBytes(16).toString('base64url');

/**
 * Every answer carries `x-request-id`: the request's own when it is a safe token (≤ 128 chars of
 * `[\w.:@-]`), else a generated one. Error answers (status ≥ 400, JSON) also carry it in the body
 * as `requestId`, so a report from a user names the log line.
 */
export function requestIdMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && SAFE_ID.test(given) ? given : newRequestId();
    await next();
    let res = c.res;
    if (res.status >= 400 && (res.headers.get('content-type') ?? '').startsWith('application/json')) {
      try {
        const body = JSON.parse(await res.clone().text());
        if (body && typeof body === 'object' && !Array.isArray(body) && !('requestId' in body)) {
          const headers = new Headers(res.headers);
          headers.delete('content-length');
          res = new Response(JSON.stringify({ ...body, requestId: id }), {
            status: res.status,
            statusText: res.statusText,
            headers,
          });
          // Hono merges the old answer's headers into a new one (a stale content-length too): clear first.
          c.res = undefined as unknown as Response;
          c.res = res;
        }
      } catch {
        // not JSON after all: leave the body alone
      }
    }
    c.res.headers.set('x-request-id', id);
  };
}
