// Measurements of the API client, shared by the Node run and the Chromium page (bench/client-page.ts).
import { createClient } from '../src/api/client.js';
import { PageCache } from '../src/api/cache/page-cache.js';

/** One measured case: per-run milliseconds. */
export interface Sample {
  name: string;
  ms: number[];
  /** Items processed per run, for items/s. */
  items?: number;
}

export interface MeasureParams {
  baseUrl: string;
  token: string;
  datasetId: string;
  runs: number;
  dbPrefix: string;
}

const now = () => performance.now();

/**
 * First page of 1000 items: cold (empty cache, network), warm (from IndexedDB), and the
 * network without any cache as the reference; then iterating all items (network, keyset pages).
 */
export async function measureClient(p: MeasureParams): Promise<Sample[]> {
  const noCache: Sample = { name: 'first page, no cache (network only)', ms: [] };
  const cold: Sample = { name: 'first page, cold cache (network + store)', ms: [] };
  const warm: Sample = { name: 'first page, warm cache (IndexedDB)', ms: [] };
  const iterate: Sample = { name: 'iterate all items (network, keyset)', ms: [] };
  const iterateWarm: Sample = { name: 'iterate all items (warm cache)', ms: [] };
  for (let r = 0; r < p.runs; r++) {
    const net = createClient({ baseUrl: p.baseUrl, token: p.token, cache: false });
    let t = now();
    const first = await net.dataset(p.datasetId).items.list();
    noCache.ms.push(now() - t);
    if (first.items.length !== 1000) throw new Error(`expected 1000 items, got ${first.items.length}`);

    const cache = await PageCache.open({ dbName: `${p.dbPrefix}-${r}` });
    const c1 = createClient({ baseUrl: p.baseUrl, token: p.token, cache });
    t = now();
    await c1.dataset(p.datasetId).items.list();
    cold.ms.push(now() - t);
    await cache.settled(); // the page is written to IndexedDB after the read returned

    // A new client over the same database: what a page reload sees.
    const cache2 = await PageCache.open({ dbName: `${p.dbPrefix}-${r}` });
    const c2 = createClient({ baseUrl: p.baseUrl, token: p.token, cache: cache2 });
    t = now();
    const w = await c2.dataset(p.datasetId).items.list();
    warm.ms.push(now() - t);
    if (w.items.length !== 1000 || cache2.stats.hits !== 1) throw new Error('warm read was not a cache hit');
    await cache2.settled();

    t = now();
    let n = 0;
    for await (const _ of (await net.dataset(p.datasetId).items.list()).all()) n++;
    iterate.ms.push(now() - t);
    iterate.items = n;

    // Fill every page into the cache, then iterate from it.
    for await (const _ of (await c2.dataset(p.datasetId).items.list()).all()) void _;
    await cache2.settled();
    const cache3 = await PageCache.open({ dbName: `${p.dbPrefix}-${r}` });
    const c3 = createClient({ baseUrl: p.baseUrl, token: p.token, cache: cache3 });
    t = now();
    let m = 0;
    for await (const _ of (await c3.dataset(p.datasetId).items.list()).all()) m++;
    iterateWarm.ms.push(now() - t);
    iterateWarm.items = m;
    await cache3.settled();
    c1.close();
    c2.close();
    c3.close();
  }
  return [noCache, cold, warm, iterate, iterateWarm];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
