// Headers every answer carries: CORS for allowed origins, x-request-id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const origin = 'http://localhost:5173';

describe('CORS headers and x-request-id', () => {
  it('preflight allows x-idempotency-key and if-none-match', async () => {
    const res = await fetch(`${srv.url}/projects`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-idempotency-key,if-none-match',
      },
    });
    const allow = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(allow).toContain('x-idempotency-key');
    expect(allow).toContain('if-none-match');
  });

  it('exposes x-request-id and retry-after to scripts', async () => {
    const res = await fetch(`${srv.url}/projects`, {
      headers: { origin, authorization: `Bearer ${srv.tokens.owner}` },
    });
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(exposed).toContain('x-request-id');
    expect(exposed).toContain('retry-after');
  });

  it('echoes a given x-request-id on success and in error JSON', async () => {
    const ok = await fetch(`${srv.url}/projects`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}`, 'x-request-id': 'req-abc.123' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('req-abc.123');
    const err = await fetch(`${srv.url}/projects`, { headers: { 'x-request-id': 'req-401' } });
    expect(err.status).toBe(401);
    expect(err.headers.get('x-request-id')).toBe('req-401');
    expect((await err.json()).requestId).toBe('req-401');
  });

  it('generates one when the request has none (distinct per request), and on 404s', async () => {
    const a = await fetch(`${srv.url}/no/such/route`, { headers: { authorization: `Bearer ${srv.tokens.owner}` } });
    const b = await fetch(`${srv.url}/health`.replace('/api/v1', ''));
    const idA = a.headers.get('x-request-id');
    const idB = b.headers.get('x-request-id');
    expect(idA).toMatch(/^[\w.-]{8,}$/);
    expect(idB).toMatch(/^[\w.-]{8,}$/);
    expect(idA).not.toBe(idB);
    expect(a.status).toBe(404);
    expect((await a.json()).requestId).toBe(idA);
  });

  it('replaces an unsafe or oversized incoming id instead of echoing it', async () => {
    const res = await fetch(`${srv.url}/health`, { headers: { 'x-request-id': 'x'.repeat(500) } });
    const id = res.headers.get('x-request-id')!;
    expect(id).not.toBe('x'.repeat(500));
    expect(id.length).toBeLessThanOrEqual(128);
  });
});

describe('CORS', () => {
  it('allows loopback origins in the test server and nothing else', async () => {
    const ok = await fetch(`${srv.url}/projects`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const no = await fetch(`${srv.url}/projects`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });
});
