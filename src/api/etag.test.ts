// Conditional revalidation (If-None-Match / 304) of cached entities and pages: first against a small
// fetch stub that follows RFC 9110 (exact header sequence), then against the real local server.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { PageCache } from './cache/page-cache.js';
import { startHarness } from '../../test/api/harness.js';

describe('ETag revalidation', () => {
  it('sends If-None-Match with the stored ETag; a 304 keeps the cached entity; a 200 replaces it', async () => {
    let version = 1;
    let body = {
      id: 'a1',
      url: 'u',
      creator: 'me@x',
      metadata: { system: { attributes: {} } },
      hash: '',
      itemId: 'i1',
      item: 'u',
      label: 'cat',
      dataset: 'u',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedBy: 'me@x',
      updatedAt: '2026-01-01T00:00:00.000Z',
      source: 'ui',
      datasetId: 'd1',
      type: 'class',
      attributes: null,
    };
    const seen: (string | null)[] = [];
    const stub: typeof fetch = async (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      const inm = req.headers.get('if-none-match');
      seen.push(inm);
      const etag = `"a1.${version}"`;
      if (inm === etag) return new Response(null, { status: 304, headers: { etag } });
      return new Response(JSON.stringify(body), { status: 200, headers: { etag, 'content-type': 'application/json' } });
    };
    const cache = await PageCache.open({ dbName: `etag-${Date.now()}` });
    const c = createClient({ baseUrl: 'http://127.0.0.1:1/api/v1', token: 't', fetch: stub, cache, retry: 0 });
    const events: any[] = [];
    cache.addEventListener('revalidated', (e) => events.push((e as CustomEvent).detail));

    expect((await c.annotations.get('a1')).label).toBe('cat'); // miss
    await cache.settled();
    expect((await c.annotations.get('a1')).label).toBe('cat'); // hit, revalidated: 304
    await cache.settled();
    expect(seen).toEqual([null, '"a1.1"']);
    expect(cache.stats.notModified).toBe(1);
    expect(events).toHaveLength(0);

    version = 2;
    body = { ...body, label: 'dog' };
    expect((await c.annotations.get('a1')).label).toBe('cat'); // stale at once
    await cache.settled();
    expect(seen.at(-1)).toBe('"a1.1"');
    expect(events).toHaveLength(1);
    expect(events[0].data.label).toBe('dog');
    expect((await c.annotations.get('a1')).label).toBe('dog');
    await cache.settled();
    expect(seen.at(-1)).toBe('"a1.2"'); // the new ETag was stored with the new value
  });
});

// The same path against the real local server, which answers ETags and 304s.

describe('ETag revalidation against the local server', () => {
  it('a cached dataset and a cached query page revalidate with If-None-Match and get 304 while unchanged', async () => {
    const h = await startHarness();
    try {
      const datasetId = await h.dataset('etag-ds');
      await h.seedItems(datasetId, 5);
      const log: { method: string; inm: string | null; status: number }[] = [];
      const logging: typeof fetch = async (input, init) => {
        const req = input instanceof Request ? input : new Request(input, init);
        const res = await fetch(req);
        log.push({ method: req.method, inm: req.headers.get('if-none-match'), status: res.status });
        return res;
      };
      const cache = await PageCache.open({ dbName: `etag-real-${Date.now()}` });
      const c = createClient({
        baseUrl: h.url,
        token: h.token,
        fetch: logging,
        cache,
        retry: 0,
        conditionalRequests: true,
      });

      expect((await c.datasets.get(datasetId)).name).toBe('etag-ds'); // miss: 200 with ETag
      await cache.settled();
      expect((await c.datasets.get(datasetId)).name).toBe('etag-ds'); // hit, revalidated
      await cache.settled();
      const gets = log.filter((l) => l.method === 'GET');
      expect(gets).toHaveLength(2);
      expect(gets[0]).toMatchObject({ inm: null, status: 200 });
      expect(gets[1].inm).toMatch(/^W\/"|^"/);
      expect(gets[1].status).toBe(304);

      const first = await (await c.items.list(undefined, { datasetId })).getPage(0);
      await cache.settled();
      const again = await (await c.items.list(undefined, { datasetId })).getPage(0);
      await cache.settled();
      expect(again.map((i: { id: string }) => i.id)).toEqual(first.map((i: { id: string }) => i.id));
      expect(first).toHaveLength(5);
      const posts = log.filter((l) => l.method === 'POST');
      expect(posts.at(-1)!.inm).not.toBeNull();
      expect(posts.at(-1)!.status).toBe(304);
      expect(cache.stats.notModified).toBeGreaterThanOrEqual(2);
    } finally {
      await h.close();
    }
  });
});
