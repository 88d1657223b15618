// Cache behaviour in Node: fake-indexeddb stands in for IndexedDB (the same suite runs in
// Chromium with the real one: cache.browser.test.ts).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageCache } from './cache/page-cache.js';
import { createClient } from './client.js';
import { httpControl, startHarness, type Harness } from '../../test/api/harness.js';
import { cacheSuite } from '../../test/api/suites/cache-suite.js';
import type { ApiEnv } from '../../test/api/suites/env.js';

let h: Harness;
let env: ApiEnv;
beforeAll(async () => {
  h = await startHarness();
  env = { proxyUrl: h.proxyUrl, url: h.url, token: h.token, control: httpControl(`http://127.0.0.1:${h.proxy.port}`) };
});
afterAll(async () => h?.close());

cacheSuite(() => env);

describe('AutoStore (the default store of createClient)', () => {
  it('uses memory, synchronously usable, when IndexedDB refuses to open; the outbox still queues', async () => {
    const g = globalThis as { indexedDB?: IDBFactory };
    const saved = g.indexedDB;
    g.indexedDB = {
      open() {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    try {
      const c = createClient({ baseUrl: env.proxyUrl, token: env.token, outbox: { autoFlush: false } });
      const { op } = await c.outbox.create('item', 'ds', { type: 'class', label: 'x' });
      expect(op.seq).toBe(1);
      expect(c.cache.store.kind).toBe('memory');
      expect(await c.cache.save('pages', 'k', 's', 1)).toBe(true);
    } finally {
      g.indexedDB = saved;
    }
    const idb = await PageCache.open({ dbName: `auto-${Date.now()}` });
    expect(idb.store.kind).toBe('indexeddb');
  });
});

describe('a read whose caller aborts (stale-while-revalidate)', () => {
  it('an abort stops the background refresh quietly: no `error`, no `revalidated`, the cached page kept whole and still refreshed by a later read', async () => {
    const { control } = env;
    const ds = await control.dataset(`cache-abort-${Date.now()}`);
    await control.seed(ds, 5);
    const cache = await PageCache.open({ dbName: `cache-abort-${Date.now()}` });
    const c = createClient({ baseUrl: env.proxyUrl, token: env.token, cache, retry: 0 });
    try {
      expect((await c.dataset(ds).items.list()).totalItemsCount).toBe(5);
      await cache.settled();
      await control.seed(ds, 2, 'late'); // the server moved on: a refresh would store 7
      const errors: unknown[] = [];
      const revalidated: unknown[] = [];
      cache.addEventListener('error', (e) => errors.push((e as CustomEvent).detail));
      cache.addEventListener('revalidated', (e) => revalidated.push((e as CustomEvent).detail));
      // The refresh's request is held by the proxy, so the abort lands while it is under way.
      await control.fault({ kind: 'delay', delayMs: 1500, times: 1, path: `/datasets/${ds}/query` });
      const ctl = new AbortController();
      const stale = await c.dataset(ds).items.list(undefined, { signal: ctl.signal });
      expect(stale.totalItemsCount).toBe(5);
      ctl.abort();
      await cache.settled();
      expect(errors).toEqual([]);
      expect(revalidated).toEqual([]);
      expect(cache.stats.revalidations).toBe(0);
      // A caller whose signal is aborted already gets the cached page, and no refresh is sent.
      const sent = await control.count(`/datasets/${ds}/query`, 'POST');
      const again = await c.dataset(ds).items.list(undefined, { signal: ctl.signal });
      expect(again.totalItemsCount).toBe(5);
      await cache.settled();
      expect(await control.count(`/datasets/${ds}/query`, 'POST')).toBe(sent);
      expect(errors).toEqual([]);
      // The record is the old page, whole; a read without an abort refreshes it as usual.
      expect((await c.dataset(ds).items.list(undefined, { cache: 'cache-first' })).totalItemsCount).toBe(5);
      await c.dataset(ds).items.list();
      await cache.settled();
      expect(revalidated).toHaveLength(1);
      expect((await c.dataset(ds).items.list(undefined, { cache: 'cache-first' })).totalItemsCount).toBe(7);
    } finally {
      c.close();
    }
  });
});
