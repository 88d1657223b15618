// The client in Chromium against the local server (test/setup/server.global.ts): paging 10,000
// items both ways, 401 refresh, retry on 503, timeout, abort, upload progress, ImageBitmap.
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { DlAbortError, DlTimeoutError, DlUnauthorizedError } from './errors.js';
import { Filters } from '../entities/filters/index.js';
import { FiltersOrderByDirection } from '../entities/enums.js';
import { browserEnv } from '../../test/api/suites/browser-env.js';
import { tinyPng } from '../../test/api/suites/env.js';

const env = browserEnv();
const N = 10_000;
let ds: string;
let seeded: string[];

beforeAll(async () => {
  ds = await env.control.dataset(`browser-paging-${Date.now()}`);
  seeded = await env.control.seed(ds, N);
});

const plain = (extra: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({ baseUrl: env.proxyUrl, token: env.token, cache: false, ...extra });

describe('client in Chromium', () => {
  it('pages forward through 10,000 items with keyset paging', async () => {
    const pages = await plain().dataset(ds).items.list();
    expect(pages.totalItemsCount).toBe(N);
    const ids: string[] = [];
    for await (const item of pages.all()) ids.push(item.id);
    expect(ids).toEqual([...seeded].sort());
  });

  it('pages backward through 10,000 items (offset paging, reversed())', async () => {
    const pages = await plain()
      .dataset(ds)
      .items.list(new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING));
    const back: string[] = [];
    for await (const page of pages.reversed()) back.unshift(...page.map((i: any) => i.filename));
    expect(back).toEqual(Array.from({ length: N }, (_, i) => `/img-${String(i).padStart(6, '0')}.png`));
  });

  it('refreshes the token once on 401', async () => {
    const tokens = ['bad-token', env.token];
    let calls = 0;
    const c = createClient({ baseUrl: env.proxyUrl, getToken: () => (calls++, tokens.shift()!), cache: false });
    expect((await c.projects.list()).length).toBeGreaterThan(0);
    expect(calls).toBe(2);
    const bad = createClient({ baseUrl: env.proxyUrl, token: 'bad', cache: false });
    await expect(bad.projects.list()).rejects.toBeInstanceOf(DlUnauthorizedError);
  });

  it('retries the query POST on 503', async () => {
    await env.control.fault({ kind: 'status', status: 503, times: 2, path: `/datasets/${ds}/query` });
    const before = await env.control.count(`/datasets/${ds}/query`, 'POST');
    const pages = await plain({ retry: { limit: 3, delay: () => 10 } })
      .dataset(ds)
      .items.list(undefined, { pageSize: 10 });
    expect(pages.items).toHaveLength(10);
    expect((await env.control.count(`/datasets/${ds}/query`, 'POST')) - before).toBe(3);
  });

  it('times out and aborts with typed errors', async () => {
    await env.control.fault({ kind: 'delay', delayMs: 1500, times: 1, path: '/projects' });
    await expect(plain({ timeout: 200, retry: 0 }).projects.list()).rejects.toBeInstanceOf(DlTimeoutError);
    await env.control.fault({ kind: 'delay', delayMs: 1500, times: 1, path: '/projects' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(plain().projects.list({ signal: ac.signal })).rejects.toBeInstanceOf(DlAbortError);
  });

  it('uploads with XMLHttpRequest progress and streams the item back as an ImageBitmap', async () => {
    const upDs = await env.control.dataset(`browser-upload-${Date.now()}`);
    const c = plain();
    // ~300 kB so the upload reports more than one progress event.
    const big = new Uint8Array(300_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 255;
    const progress: number[] = [];
    const raw = await c.dataset(upDs).items.upload(new Blob([big], { type: 'application/octet-stream' }), {
      name: 'blob.bin',
      remotePath: '/raw',
      onProgress: (p) => progress.push(p.transferredBytes),
    });
    expect(raw.filename).toBe('/raw/blob.bin');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBeGreaterThanOrEqual(big.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const png = await c
      .dataset(upDs)
      .items.upload(new Blob([tinyPng() as BlobPart], { type: 'image/png' }), { name: 'tiny.png' });
    const bmp = (await c.items.stream(png.id, { as: 'bitmap' })) as ImageBitmap;
    expect([bmp.width, bmp.height]).toEqual([2, 2]);
    const cv = new OffscreenCanvas(2, 2).getContext('2d')!;
    cv.drawImage(bmp, 0, 0);
    expect([...cv.getImageData(0, 0, 1, 1).data]).toEqual([255, 0, 0, 255]); // first pixel of tinyPng is red
  });
});
