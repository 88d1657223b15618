// Bearer tokens: every route refuses a missing or bad token, and signed-out (revoked) tokens stay refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sign } from 'hono/jwt';
import { issueToken, verifyToken } from '../auth/jwt.js';
import { dropTestDatabase, startTestServer, testDatabaseFor, type TestServer } from '../testing.js';
import { DlHttp } from '../../src/api/http.js';
import { DlUnauthorizedError } from '../../src/api/errors.js';
import { client } from './helpers.js';

// Every route the app registers (enumerated from Hono's route table, not a hand-made list) refuses
// requests without a valid token: missing, malformed, signed with another secret, expired,
// `alg: none`, or HS512 with the right secret (algorithm confusion). Only the health check is public.
describe('authentication on every route', () => {
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

// Token revocation: sign-out revokes the presented token (a `jti` denylist), `all` (or the
// operator's `revokeTokens`) revokes every token of a user (a per-user generation). A revoked
// token is 401 with a typed body `{ message, code: 'token-revoked' }` on every route.
describe('token revocation', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv.close());

  const me = (token: string) => client(srv.url, token).get('/users/me');

  describe('sign-out revokes the presented token', () => {
    it('POST /users/me/logout: that token is 401 token-revoked afterwards, on reads and writes; another token of the same user still works', async () => {
      const a = await srv.server.issueToken('rev1@dlkit.test');
      const b = await srv.server.issueToken('rev1@dlkit.test');
      expect(a).not.toBe(b); // each token has its own jti
      expect((await me(a)).status).toBe(200);
      const out = await client(srv.url, a).post('/users/me/logout');
      expect(out.status).toBe(200);
      expect(out.json).toMatchObject({ revoked: 'token' });
      for (const r of [
        await me(a),
        await client(srv.url, a).get('/projects'),
        await client(srv.url, a).post('/projects', { name: 'p' }),
      ]) {
        expect(r.status).toBe(401);
        expect(r.json).toEqual({
          message: 'token was revoked (signed out)',
          code: 'token-revoked',
          requestId: r.headers.get('x-request-id'),
        });
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      }
      expect((await me(b)).status).toBe(200);
      // Signing out twice with the revoked token is itself refused (it no longer authenticates).
      expect((await client(srv.url, a).post('/users/me/logout')).status).toBe(401);
    });

    it('revocation survives a restart (stored in the database, not in memory)', async () => {
      const dataDir = srv.dataDir;
      const t = await srv.server.issueToken('rev2@dlkit.test');
      await client(srv.url, t).post('/users/me/logout');
      // Same data folder, a fresh app (a second connection): the denylist is read from the database.
      const { createApp } = await import('../app.js');
      const h = await createApp({ dataDir, ...(await testDatabaseFor(dataDir)) });
      try {
        const r = await h.app.request('/api/v1/users/me', { headers: { authorization: `Bearer ${t}` } });
        expect(r.status).toBe(401);
        expect((await r.json()).code).toBe('token-revoked');
      } finally {
        // The other handle shares the database; closing ours leaves srv's open.
        await h.close();
      }
    });

    it('tokens made before jti existed (no jti claim) are revoked by their hash', async () => {
      const secret = readFileSync(`${srv.dataDir}/jwt-secret`, 'utf8');
      const user = srv.users.annotator2;
      const { sign } = await import('hono/jwt');
      const iat = Math.floor(Date.now() / 1000);
      const legacy = await sign({ sub: user.id, email: user.email, iat, exp: iat + 3600 }, secret, 'HS256');
      const legacy2 = await sign({ sub: user.id, email: user.email, iat, exp: iat + 3601 }, secret, 'HS256');
      expect((await me(legacy)).status).toBe(200);
      expect((await client(srv.url, legacy).post('/users/me/logout')).status).toBe(200);
      expect((await me(legacy)).json.code).toBe('token-revoked');
      expect((await me(legacy2)).status).toBe(200);
    });
  });

  describe('revoke every token of a user', () => {
    it("POST /users/me/logout {all: true} revokes all of the caller's tokens, earlier and concurrent; a token issued afterwards works", async () => {
      const t1 = await srv.server.issueToken('rev3@dlkit.test');
      const t2 = await srv.server.issueToken('rev3@dlkit.test');
      const other = await srv.server.issueToken('rev4@dlkit.test');
      const r = await client(srv.url, t1).post('/users/me/logout', { all: true });
      expect([r.status, r.json.revoked]).toEqual([200, 'all']);
      expect((await me(t1)).json.code).toBe('token-revoked');
      expect((await me(t2)).json.code).toBe('token-revoked');
      expect((await me(other)).status).toBe(200);
      const fresh = await srv.server.issueToken('rev3@dlkit.test');
      expect((await me(fresh)).status).toBe(200);
    });

    it('the operator API revokeTokens(email) (e.g. after a password reset) revokes all; unknown emails revoke nothing', async () => {
      const t = await srv.server.issueToken('rev5@dlkit.test');
      expect(await srv.server.revokeTokens('rev5@dlkit.test')).toBe(true);
      expect((await me(t)).json.code).toBe('token-revoked');
      expect(await srv.server.revokeTokens('nobody@dlkit.test')).toBe(false);
    });

    it("the CLI --revoke-tokens <email> revokes all of that user's tokens (exit 0), an unknown email exits 1", async () => {
      const { spawn } = await import('node:child_process');
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const { createApp } = await import('../app.js');
      const dataDir = mkdtempSync(join(tmpdir(), 'dlkit-revoke-cli-'));
      const db = await testDatabaseFor(dataDir);
      const run = (email: string) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              'server/cli.ts',
              '--data',
              dataDir,
              ...(db.database ? ['--database', db.database] : []),
              '--revoke-tokens',
              email,
            ],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.once('exit', (code) => resolve({ code, out }));
        });
      try {
        let h = await createApp({ dataDir, ...db });
        const t = await h.issueToken('cli@dlkit.test');
        await h.close();
        expect(await run('cli@dlkit.test')).toMatchObject({ code: 0 });
        expect((await run('nobody@dlkit.test')).code).toBe(1);
        h = await createApp({ dataDir, ...db });
        const r = await h.app.request('/api/v1/users/me', { headers: { authorization: `Bearer ${t}` } });
        const fresh = await h.app.request('/api/v1/users/me', {
          headers: { authorization: `Bearer ${await h.issueToken('cli@dlkit.test')}` },
        });
        await h.close();
        expect([r.status, ((await r.json()) as { code: string }).code, fresh.status]).toEqual([
          401,
          'token-revoked',
          200,
        ]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        await dropTestDatabase(dataDir);
      }
    }, 30_000);

    it('a body that is not an object or an `all` that is not a boolean is 400, and revokes nothing', async () => {
      const t = await srv.server.issueToken('rev6@dlkit.test');
      expect((await client(srv.url, t).post('/users/me/logout', { all: 'yes' })).status).toBe(400);
      expect((await client(srv.url, t).post('/users/me/logout', [1])).status).toBe(400);
      expect((await me(t)).status).toBe(200);
    });
  });

  describe('other 401s are typed too', () => {
    it('missing, invalid and unknown-user tokens answer distinct codes', async () => {
      const none = await client(srv.url).get('/projects');
      expect([none.status, none.json.code]).toEqual([401, 'missing-token']);
      const bad = await client(srv.url, 'not.a.jwt').get('/projects');
      expect([bad.status, bad.json.code, bad.json.message]).toEqual([401, 'invalid-token', 'invalid or expired token']);
      const secret = readFileSync(`${srv.dataDir}/jwt-secret`, 'utf8');
      const ghost = await issueToken(secret, { id: '0123456789abcdef01234567', email: 'ghost@dlkit.test' });
      const g = await client(srv.url, ghost).get('/projects');
      expect([g.status, g.json.code]).toEqual([401, 'unknown-user']);
    });

    it('a signed token whose jti is not a string or whose gen is not an integer is refused (invalid-token)', async () => {
      const secret = readFileSync(`${srv.dataDir}/jwt-secret`, 'utf8').trim();
      const user = srv.users.owner;
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const cases: [string, Record<string, unknown>][] = [
        ['jti a number', { jti: 5 }],
        ['jti an object', { jti: { $ne: null } }],
        ['gen a fraction', { gen: 0.5 }],
        ['gen a string', { gen: '0' }],
        ['gen huge', { gen: 2 ** 60 }],
      ];
      for (const [name, extra] of cases) {
        const token = await sign({ sub: user.id, email: user.email, exp, ...extra }, secret, 'HS256');
        await expect(verifyToken(secret, token), name).rejects.toThrow(/jti|gen/);
        const r = await client(srv.url, token).get('/projects');
        expect([name, r.status, r.json.code]).toEqual([name, 401, 'invalid-token']);
      }
      // The same claims well-typed are accepted: the refusals above are about the types alone.
      const ok = await sign({ sub: user.id, email: user.email, exp, jti: 'fine-jti-value', gen: 0 }, secret, 'HS256');
      expect((await client(srv.url, ok).get('/projects')).status).toBe(200);
    });

    it('issued tokens carry jti and gen claims', async () => {
      const secret = readFileSync(`${srv.dataDir}/jwt-secret`, 'utf8');
      const claims = await verifyToken(secret, await srv.server.issueToken('rev7@dlkit.test'));
      expect(claims.jti).toMatch(/^[\w-]{16,}$/);
      expect(claims.gen).toBe(0);
    });
  });

  describe('the dl-kit client recovers from a revoked token through getToken', () => {
    it('a 401 token-revoked makes the client ask getToken once (reason unauthorized) and retry with the new token', async () => {
      let current = await srv.server.issueToken('rev8@dlkit.test');
      const reasons: string[] = [];
      const c = new DlHttp({
        baseUrl: srv.url,
        getToken: async ({ reason }) => {
          reasons.push(reason);
          if (reason === 'unauthorized') current = await srv.server.issueToken('rev8@dlkit.test');
          return current;
        },
      });
      await c.json({ method: 'GET', path: '/users/me' });
      await srv.server.revokeTokens('rev8@dlkit.test');
      const again = await c.json<{ email: string }>({ method: 'GET', path: '/users/me' });
      expect(again.email).toBe('rev8@dlkit.test');
      expect(reasons).toEqual(['initial', 'unauthorized']);
      // With a fixed token, the client surfaces the typed error and its body.
      const fixed = new DlHttp({ baseUrl: srv.url, token: await srv.server.issueToken('rev9@dlkit.test') });
      await srv.server.revokeTokens('rev9@dlkit.test');
      const err = await fixed.json({ method: 'GET', path: '/users/me' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DlUnauthorizedError);
      expect((err as DlUnauthorizedError).body).toMatchObject({ code: 'token-revoked' });
    });
  });
});
