import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/** Weak ETag of a JSON answer: `W/"<first 27 chars of base64url sha256 of the body>"`. */
export function weakEtag(text: string): string {
  return `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2 `If-None-Match` (weak comparison; `*` matches any current representation). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => opaque(t) === opaque(etag));
}

/**
 * Give a 200 JSON answer an ETag (its own, e.g. an annotation's `"id.version"`, else
 * {@link weakEtag} of the body) and `cache-control: private, no-cache` (always revalidate), and
 * turn it into a body-less 304 when the request's `If-None-Match` names that tag.
 */
export async function makeConditional(c: Context): Promise<void> {
  const res = c.res;
  if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('application/json')) return;
  const etag = res.headers.get('etag') ?? weakEtag(await res.clone().text());
  if (noneMatchHits(c.req.header('if-none-match'), etag)) {
    const headers = new Headers(res.headers);
    for (const h of ['content-type', 'content-length']) headers.delete(h);
    headers.set('etag', etag);
    headers.set('cache-control', 'private, no-cache');
    // Hono merges the old answer's headers into a new one (its content-length too): clear first.
    c.res = undefined as unknown as Response;
    c.res = new Response(null, { status: 304, headers });
    return;
  }
  res.headers.set('etag', etag);
  res.headers.set('cache-control', 'private, no-cache');
}

/** Conditional `GET`: every 200 JSON answer of a GET route gets an ETag and honours `If-None-Match` (304). */
export function conditionalGet(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method === 'GET') await makeConditional(c);
  };
}
