// Cache behaviour shared by the Node (fake-indexeddb) and Chromium (real IndexedDB) test files.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/api/client.js';
import { PageCache } from '../../../src/api/cache/page-cache.js';
import { IdbStore } from '../../../src/api/cache/idb-store.js';
import { MemoryStore } from '../../../src/api/cache/memory-store.js';
import type { CacheRecord, CacheStoreName } from '../../../src/api/cache/store.js';
import type { ApiEnv } from './env.js';
import { tinyPng } from './env.js';

let n = 0;
const dbName = () => `dl-kit-test-${Date.now()}-${n++}`;

export function cacheSuite(env: () => ApiEnv): void {
  const client = (cache: PageCache) => createClient({ baseUrl: env().proxyUrl, token: env().token, cache, retry: 0 });

  describe('page cache (stale-while-revalidate) against the local server', () => {
    it('miss goes to the network; a hit is served from IndexedDB even while the network is slow', async () => {
      const { control } = env();
      const ds = await control.dataset(`cache-hit-${dbName()}`);
      await control.seed(ds, 30);
      const cache = await PageCache.open({ dbName: dbName() });
      expect(cache.store.kind).toBe('indexeddb');
      const c = client(cache);
      const before = await control.count(`/datasets/${ds}/query`, 'POST');
      const p1 = await c.dataset(ds).items.list();
      expect(p1.totalItemsCount).toBe(30);
      expect(cache.stats.misses).toBe(1);
      await cache.settled(); // stored after the read returned
      expect((await control.count(`/datasets/${ds}/query`, 'POST')) - before).toBe(1);
      await control.fault({ kind: 'delay', delayMs: 1500, times: 1, path: `/datasets/${ds}/query` });
      const t0 = performance.now();
      const p2 = await c.dataset(ds).items.list();
      const took = performance.now() - t0;
      expect(p2.items.map((i: any) => i.id)).toEqual(p1.items.map((i: any) => i.id));
      expect(cache.stats.hits).toBe(1);
      expect(took).toBeLessThan(1000);
      await cache.settled(); // the background revalidation went out (and waited for the delay)
      expect(cache.stats.revalidations).toBe(1);
      c.close();
    });

    it('revalidates in the background and emits `revalidated` with the server news', async () => {
      const { control } = env();
      const ds = await control.dataset(`cache-reval-${dbName()}`);
      await control.seed(ds, 5);
      const cache = await PageCache.open({ dbName: dbName() });
      const c = client(cache);
      expect((await c.dataset(ds).items.list()).totalItemsCount).toBe(5);
      await cache.settled();
      await control.seed(ds, 2, 'late'); // changed behind the client's back
      const events: any[] = [];
      cache.addEventListener('revalidated', (e) => events.push((e as CustomEvent).detail));
      const stale = await c.dataset(ds).items.list();
      expect(stale.totalItemsCount).toBe(5); // served stale at once
      await cache.settled();
      expect(events).toHaveLength(1);
      expect(events[0].data.totalItemsCount).toBe(7);
      const fresh = await c.dataset(ds).items.list();
      expect(fresh.totalItemsCount).toBe(7); // the cache now holds the revalidated page
      c.close();
    });

    it("the client's own writes invalidate the dataset's pages (next read is a miss)", async () => {
      const { control } = env();
      const ds = await control.dataset(`cache-inval-${dbName()}`);
      const [id0] = await control.seed(ds, 3);
      const cache = await PageCache.open({ dbName: dbName() });
      const c = client(cache);
      await c.dataset(ds).items.list();
      await c.items.get(id0!);
      await c.dataset(ds).items.update(id0!, { metadata: { user: { tag: 'edited' } } });
      const misses = cache.stats.misses;
      const hits = cache.stats.hits;
      const pages = await c.dataset(ds).items.list();
      expect(cache.stats.misses).toBe(misses + 1);
      expect(cache.stats.hits).toBe(hits);
      expect(pages.items.find((i: any) => i.id === id0).metadata.user.tag).toBe('edited');
      const item = await c.items.get(id0!);
      expect(item.metadata.user.tag).toBe('edited');
      c.close();
    });

    it('caches item binaries: the second stream() does not touch the network', async () => {
      const { control } = env();
      const ds = await control.dataset(`cache-blob-${dbName()}`);
      const cache = await PageCache.open({ dbName: dbName() });
      const c = client(cache);
      const png = tinyPng();
      const item = await c
        .dataset(ds)
        .items.upload(new Blob([png as BlobPart], { type: 'image/png' }), { name: 'tiny.png' });
      const b1 = (await c.items.stream(item.id)) as Blob;
      await cache.settled();
      const before = await control.count(`/items/${item.id}/stream`, 'GET');
      const b2 = (await c.items.stream(item.id)) as Blob;
      expect(await control.count(`/items/${item.id}/stream`, 'GET')).toBe(before);
      expect(new Uint8Array(await b2.arrayBuffer())).toEqual(png);
      expect(b1.size).toBe(png.length);
      const t1 = (await c.items.thumbnail(item.id)) as Blob;
      await cache.settled();
      const thumbs = await control.count(`/items/${item.id}/thumbnail`, 'GET');
      const t2 = (await c.items.thumbnail(item.id)) as Blob;
      expect(thumbs).toBe(1);
      expect(await control.count(`/items/${item.id}/thumbnail`, 'GET')).toBe(1);
      expect(t2.size).toBe(t1.size);
      expect(t1.type.startsWith('image/')).toBe(true);
      c.close();
    });
  });

  describe('page cache bounds and storage', () => {
    const rec = (key: string, at: number): CacheRecord => ({
      key,
      scope: 's',
      value: { key },
      storedAt: at,
      accessedAt: at,
    });

    it('evicts least recently used records beyond maxEntries', async () => {
      const cache = await PageCache.open({ dbName: dbName(), limits: { maxEntries: { pages: 3 } } });
      for (let i = 0; i < 5; i++) {
        await cache.save('pages', `k${i}`, 's', { i });
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(await cache.store.count('pages')).toBe(3);
      expect(await cache.store.get('pages', 'k0')).toBeUndefined();
      expect(await cache.store.get('pages', 'k1')).toBeUndefined();
      expect((await cache.store.get('pages', 'k4'))?.value).toEqual({ i: 4 });
      expect(cache.stats.evictions).toBe(2);
    });

    it('treats records older than maxAgeMs as missing and sweeps them', async () => {
      const cache = await PageCache.open({ dbName: dbName(), limits: { maxAgeMs: 60_000 } });
      await cache.store.put('pages', rec('old', Date.now() - 120_000));
      let loads = 0;
      const r = await cache.read({
        store: 'pages',
        key: 'old',
        scope: 's',
        load: async () => (loads++, { data: { fresh: true } }),
      });
      expect(r.source).toBe('network');
      expect(r.data).toEqual({ fresh: true });
      expect(loads).toBe(1);
    });

    it('on QuotaExceededError evicts and retries the write once', async () => {
      const cache = await PageCache.open({ dbName: dbName() });
      for (let i = 0; i < 8; i++) await cache.save('pages', `q${i}`, 's', { i });
      const store = cache.store;
      const realPut = store.put.bind(store);
      let thrown = 0;
      store.put = async (s: CacheStoreName, r: CacheRecord) => {
        if (thrown++ === 0) throw new DOMException('full', 'QuotaExceededError');
        return realPut(s, r);
      };
      expect(await cache.save('pages', 'big', 's', { big: true })).toBe(true);
      expect(cache.stats.quotaRetries).toBe(1);
      expect(cache.stats.evictions).toBe(2); // a quarter of 8
      expect((await store.get('pages', 'big'))?.value).toEqual({ big: true });
      expect(await store.count('pages')).toBe(7);
    });

    it('upgrades a version-1 database in place (oldVersion ladder), keeping its records', async () => {
      const name = dbName();
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(name, 1);
        req.onupgradeneeded = () => {
          for (const s of ['pages', 'entities', 'blobs']) {
            const os = req.result.createObjectStore(s, { keyPath: 'key' });
            os.createIndex('scope', 'scope');
            os.createIndex('accessedAt', 'accessedAt');
          }
        };
        req.onsuccess = () => {
          const tx = req.result.transaction('pages', 'readwrite');
          tx.objectStore('pages').put(rec('from-v1', Date.now()));
          tx.oncomplete = () => (req.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      });
      const store = new IdbStore(name);
      const db = await store.db();
      expect(db.version).toBe(2);
      expect([...db.objectStoreNames].sort()).toEqual(['blobs', 'entities', 'idmap', 'outbox', 'pages']);
      expect((await store.get('pages', 'from-v1'))?.value).toEqual({ key: 'from-v1' });
      expect(await store.sweep('pages', Date.now() + 1)).toBe(1); // the new storedAt index works on old rows
      store.close();
    });

    it('closes itself when another connection needs a newer version (blocking)', async () => {
      const name = dbName();
      const store = new IdbStore(name);
      await store.put('pages', rec('a', Date.now()));
      const upgraded = await new Promise<number>((resolve, reject) => {
        const req = indexedDB.open(name, 3);
        req.onblocked = () => reject(new Error('blocked: the old connection did not close'));
        req.onsuccess = () => (resolve(req.result.version), req.result.close());
        req.onerror = () => reject(req.error);
      });
      expect(upgraded).toBe(3);
    });

    it('falls back to memory when IndexedDB cannot open', async () => {
      const broken = {
        open() {
          throw new DOMException('no IndexedDB here', 'InvalidStateError');
        },
      } as unknown as IDBFactory;
      const cache = await PageCache.open({ store: new IdbStore('x', broken) });
      expect(cache.store).toBeInstanceOf(MemoryStore);
      expect(await cache.save('pages', 'k', 's', 1)).toBe(true);
      expect((await cache.read({ store: 'pages', key: 'k', scope: 's', load: async () => ({ data: 2 }) })).data).toBe(
        1,
      );
    });
  });
}
