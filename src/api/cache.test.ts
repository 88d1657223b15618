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
