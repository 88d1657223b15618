// Every route the app registers (enumerated from Hono's route table, not a hand-made list) refuses
// requests without a valid token: missing, malformed, signed with another secret, expired,
// `alg: none`, or HS512 with the right secret (algorithm confusion). Only the health check is public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sign } from 'hono/jwt';
import { issueToken } from '../auth/jwt.js';
import { startTestServer, type TestServer } from '../testing.js';

let srv: TestServer;
let bad: Record<string, string | undefined>;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

beforeAll(async () => {
  srv = await startTestServer();
  const secret = readFileSync(`${srv.dataDir}/jwt-secret`, 'utf8').trim();
  const owner = srv.users.owner;
  const now = Math.floor(Date.now() / 1000);
  bad = {
    missing: undefined,
    'not a bearer': `Basic ${Buffer.from('a:b').toString('base64')}`,
    malformed: 'Bearer not.a.jwt',
    garbage: 'Bearer ' + 'x'.repeat(300),
    'other secret': `Bearer ${await issueToken('another-secret', owner)}`,
    expired: `Bearer ${await issueToken(secret, owner, -10)}`,
    'alg none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: owner.id, email: owner.email, exp: now + 3600 })}.`,
    'HS512 with the right secret': `Bearer ${await sign({ sub: owner.id, email: owner.email, exp: now + 3600 }, secret, 'HS512')}`,
    'unknown user': `Bearer ${await issueToken(secret, { id: '0123456789abcdef01234567', email: 'ghost@dlkit.test' })}`,
    'email swapped': `Bearer ${await issueToken(secret, { id: owner.id, email: srv.users.annotator1.email })}`,
  };
});
afterAll(() => srv.close());

/** Concrete request path for a route pattern (`:id` -> a well-formed id, `*` -> `x`). */
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '0123456789abcdef01234567').replace(/\*/g, 'x');

describe('authentication on every route', () => {
  it('the route table is what we think it is (every route enumerated, health public)', () => {
    const routes = srv.server.app.routes.filter((r) => r.method !== 'ALL');
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.some((r) => r.path === '/api/v1/datasets/:id/query' && r.method === 'POST')).toBe(true);
  });

  it('every route but /health answers 401 JSON {message} for each kind of bad token', async () => {
    const routes = srv.server.app.routes.filter((r) => r.method !== 'ALL');
    const seen = new Set<string>();
    const failures: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const path = concrete(r.path);
      if (path === '/health' || path === '/api/v1/health') {
        const h = await srv.server.app.request(path, { method: r.method });
        expect(h.status).toBe(200);
        continue;
      }
      for (const [kind, header] of Object.entries(bad)) {
        const init: RequestInit = { method: r.method, headers: header ? { authorization: header } : {} };
        if (r.method !== 'GET' && r.method !== 'HEAD') {
          init.body = '{}';
          (init.headers as Record<string, string>)['content-type'] = 'application/json';
        }
        const res = await srv.server.app.request(path, init);
        const text = await res.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        // Typed 401s: `{ message, code, requestId }`, code one of the auth failure kinds.
        const ok =
          res.status === 401 &&
          typeof (body as { message?: unknown })?.message === 'string' &&
          Object.keys(body as object)
            .sort()
            .join() === 'code,message,requestId' &&
          ['missing-token', 'invalid-token', 'unknown-user'].includes((body as { code: string }).code) &&
          (res.headers.get('www-authenticate') ?? '').startsWith('Bearer ');
        if (!ok) failures.push(`${key} [${kind}] -> ${res.status} ${text.slice(0, 80)}`);
      }
    }
    expect(seen.size).toBeGreaterThan(60);
    expect(failures).toEqual([]);
  });
});
