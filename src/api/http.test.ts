import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/api/harness.js';
import { createClient } from './client.js';
import {
  DlAbortError,
  DlApiError,
  DlBadRequestError,
  DlNetworkError,
  DlNotFoundError,
  DlServerError,
  DlTimeoutError,
  DlUnauthorizedError,
} from './errors.js';
import { DlError } from '../entities/errors.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const fastRetry = { limit: 3, delay: () => 20, backoffLimit: 50 };

describe('DlHttp against the local server', () => {
  it('sends the bearer token and returns typed entities', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const projects = await c.projects.list();
    expect(projects.map((p: { id: string }) => p.id)).toContain(h.projectId);
  });

  it('maps 404 to DlNotFoundError with the server message and status', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const e = await c.items.get('0123456789abcdef01234567').catch((x) => x);
    expect(e).toBeInstanceOf(DlNotFoundError);
    expect(e).toBeInstanceOf(DlApiError);
    expect(e).toBeInstanceOf(DlError);
    expect(e.status).toBe(404);
    expect(e.code).toBe('not-found');
    expect(e.message.length).toBeGreaterThan(0);
  });

  it('maps 400 to DlBadRequestError', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const e: any = await c.http
      .json({ method: 'POST', path: '/datasets', json: { name: 'x' } })
      .catch((x: unknown) => x as any);
    expect(e).toBeInstanceOf(DlBadRequestError);
    expect(e.status).toBe(400);
  });

  it('401 with a fixed token is a DlUnauthorizedError', async () => {
    const c = createClient({ baseUrl: h.url, token: 'not-a-jwt', cache: false });
    const e = await c.projects.list().catch((x) => x);
    expect(e).toBeInstanceOf(DlUnauthorizedError);
    expect(e.status).toBe(401);
  });

  it('on 401 calls getToken once more and retries with the new token', async () => {
    const reasons: string[] = [];
    const tokens = ['expired-or-bad', h.token];
    const c = createClient({
      baseUrl: h.url,
      getToken: ({ reason }) => (reasons.push(reason), tokens.shift()!),
      cache: false,
    });
    const projects = await c.projects.list();
    expect(projects.length).toBeGreaterThan(0);
    expect(reasons).toEqual(['initial', 'unauthorized']);
  });

  it('refreshes a JWT that expires within 60 s before sending (reason "expired")', async () => {
    const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const soon = `${b64({ alg: 'HS256' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 30 })}.sig`;
    const reasons: string[] = [];
    const tokens = [soon, h.token];
    const c = createClient({
      baseUrl: h.url,
      getToken: ({ reason }) => (reasons.push(reason), tokens.shift() ?? h.token),
      cache: false,
    });
    expect((await c.projects.list()).length).toBeGreaterThan(0);
    expect(reasons.slice(0, 2)).toEqual(['initial', 'expired']);
  });

  it('gives up after one refresh when the new token is refused too', async () => {
    let calls = 0;
    const c = createClient({ baseUrl: h.url, getToken: () => (calls++, 'still-bad'), cache: false });
    await expect(c.projects.list()).rejects.toBeInstanceOf(DlUnauthorizedError);
    expect(calls).toBe(2);
  });

  it('retries a GET on 503 and succeeds', async () => {
    h.proxy.inject({ kind: 'status', status: 503, times: 2, path: '/projects' });
    const before = h.proxy.count('/projects', 'GET');
    const c = createClient({ baseUrl: h.proxyUrl, token: h.token, cache: false, retry: fastRetry });
    const projects = await c.projects.list();
    expect(projects.length).toBeGreaterThan(0);
    expect(h.proxy.count('/projects', 'GET') - before).toBe(3);
  });

  it('retries the POST query endpoint (a read) on 503, honouring Retry-After', async () => {
    const ds = await h.dataset('retry-query');
    await h.seedItems(ds, 3);
    h.proxy.inject({ kind: 'status', status: 503, times: 1, retryAfter: '1', path: `/datasets/${ds}/query` });
    const c = createClient({ baseUrl: h.proxyUrl, token: h.token, cache: false, retry: fastRetry });
    const t0 = Date.now();
    const pages = await c.dataset(ds).items.list();
    const took = Date.now() - t0;
    expect(pages.totalItemsCount).toBe(3);
    expect(h.proxy.count(`/datasets/${ds}/query`, 'POST')).toBe(2);
    // Retry-After: 1 (second) beats the 20 ms backoff.
    expect(took).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a non-idempotent POST (annotation create) on 503', async () => {
    const ds = await h.dataset('no-retry-create');
    const [itemId] = await h.seedItems(ds, 1);
    h.proxy.inject({ kind: 'status', status: 503, times: 1, path: `/items/${itemId}/annotations` });
    const c = createClient({ baseUrl: h.proxyUrl, token: h.token, cache: false, retry: fastRetry });
    const e = await c
      .dataset(ds)
      .annotations.create([{ type: 'class', label: 'a', coordinates: undefined, metadata: {} }], { itemId })
      .catch((x) => x);
    expect(e).toBeInstanceOf(DlServerError);
    expect(e.status).toBe(503);
    expect(h.proxy.count(`/items/${itemId}/annotations`, 'POST')).toBe(1);
  });

  it('times out with DlTimeoutError', async () => {
    // The answer would come after 20 s, and would be a success: only the client's 200 ms timeout makes it an error.
    h.proxy.inject({ kind: 'delay', delayMs: 20_000, times: 1, path: '/projects' });
    const c = createClient({ baseUrl: h.proxyUrl, token: h.token, cache: false, timeout: 200, retry: 0 });
    const e = await c.projects.list().catch((x) => x);
    expect(e).toBeInstanceOf(DlTimeoutError);
    expect(e.code).toBe('timeout');
  });

  it('aborts with DlAbortError when the signal fires', async () => {
    h.proxy.inject({ kind: 'delay', delayMs: 1500, times: 1, path: '/projects' });
    const c = createClient({ baseUrl: h.proxyUrl, token: h.token, cache: false });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = await c.projects.list({ signal: ac.signal }).catch((x) => x);
    expect(e).toBeInstanceOf(DlAbortError);
  });

  it('an unreachable server is a DlNetworkError', async () => {
    const c = createClient({ baseUrl: 'http://127.0.0.1:9/api/v1', token: h.token, cache: false, retry: 0 });
    const e = await c.projects.list().catch((x) => x);
    expect(e).toBeInstanceOf(DlNetworkError);
    expect(e.status).toBe(0);
  });
});
