import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/api/harness.js';
import { createClient } from './client.js';
import { Filters } from '../entities/filters/index.js';
import { FiltersOrderByDirection } from '../entities/enums.js';
import { DlAbortError } from './errors.js';

let h: Harness;
let ds: string;
let seeded: string[];
const N = 10_000;
const bodies: any[] = [];

beforeAll(async () => {
  h = await startHarness();
  ds = await h.dataset('paging-10k');
  seeded = await h.seedItems(ds, N);
});
afterAll(async () => h?.close());

/** A fetch that records query bodies, to check them against spec §5. */
const recordingFetch: typeof fetch = async (input, init) => {
  const req = input instanceof Request ? input : new Request(input, init);
  if (req.url.includes('/query')) bodies.push(await req.clone().json());
  return fetch(req);
};

describe('PagedEntities over 10,000 items on the local server', () => {
  it('iterates forward with keyset paging exactly as the SDK (sort id, id $gt last, page 0)', async () => {
    bodies.length = 0;
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: recordingFetch });
    const pages = await c.dataset(ds).items.list();
    expect(pages.totalItemsCount).toBe(N);
    expect(pages.length).toBe(N);
    expect(pages.useIdBasedPaging).toBe(true);
    const ids: string[] = [];
    let pageCount = 0;
    for await (const page of pages) {
      pageCount++;
      for (const it of page) ids.push(it.id);
    }
    expect(pageCount).toBe(10);
    // Every seeded item once, in ascending id order (ids are hex strings of equal length).
    expect(ids).toEqual([...seeded].sort());
    // First body of the iteration: page 0 with `sort: {id: ascending}` added (spec §5).
    const iterBodies = bodies.slice(1);
    expect(iterBodies[0]).toEqual({
      filter: { $and: [{ hidden: false }, { type: 'file' }] },
      sort: { id: 'ascending' },
      page: 0,
      pageSize: 1000,
      resource: 'items',
    });
    // Next page: same body plus `{id: {$gt: lastSeenId}}`, still page 0.
    const last999 = [...seeded].sort()[999];
    expect(iterBodies[1]).toEqual({
      filter: { $and: [{ hidden: false }, { type: 'file' }, { id: { $gt: last999 } }] },
      sort: { id: 'ascending' },
      page: 0,
      pageSize: 1000,
      resource: 'items',
    });
    expect(iterBodies.every((b) => b.page === 0)).toBe(true);
    expect(Object.keys(iterBodies[0])).toEqual(['filter', 'sort', 'page', 'pageSize', 'resource']);
  });

  it('fromLoaded() walks every page from the one list() loaded, asking no page twice (iteration asks page 0 again)', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: recordingFetch });
    bodies.length = 0;
    const iterated = await c.dataset(ds).items.list();
    const viaIteration: string[] = [];
    for await (const page of iterated) for (const it of page) viaIteration.push(it.id);
    const iterationQueries = bodies.length;
    bodies.length = 0;
    const pages = await c.dataset(ds).items.list();
    expect(bodies).toHaveLength(1);
    const ids: string[] = [];
    for await (const page of pages.fromLoaded()) for (const it of page) ids.push(it.id);
    expect(ids).toEqual([...seeded].sort());
    expect(ids).toEqual(viaIteration);
    expect(bodies).toHaveLength(iterationQueries - 1);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(bodies.length);
  });

  it('iterates all() in descending keyset order with $lt when the filter sorts id descending', async () => {
    bodies.length = 0;
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: recordingFetch });
    const f = new Filters().sortBy('id', FiltersOrderByDirection.DESCENDING);
    const pages = await c.dataset(ds).items.list(f);
    const ids: string[] = [];
    for await (const item of pages.all()) ids.push(item.id);
    expect(ids).toEqual([...seeded].sort().reverse());
    expect(JSON.stringify(bodies[2].filter.$and.at(-1))).toMatch(/"\$lt"/);
  });

  it('walks backwards with reversed() (offset paging) and matches goToPage(n) page by page', async () => {
    bodies.length = 0;
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: recordingFetch });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING); // custom sort => offset mode
    const pages = await c.dataset(ds).items.list(f);
    expect(pages.useIdBasedPaging).toBe(false);
    expect(pages.totalPagesCount).toBe(10);
    const back: string[][] = [];
    for await (const page of pages.reversed()) back.push(page.map((i: any) => i.filename));
    expect(back).toHaveLength(10);
    const flat = back.reverse().flat();
    // Filenames were seeded zero-padded: ascending filename order is the seeding order.
    const expected = Array.from({ length: N }, (_, i) => `/img-${String(i).padStart(6, '0')}.png`);
    expect(flat).toEqual(expected);
    expect(bodies.slice(1).map((b) => b.page)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('goToPage / nextPage / prevPage in offset mode', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.DESCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    expect(pages.totalPagesCount).toBe(100);
    await pages.goToPage(42);
    expect(pages.items[0].filename).toBe(`/img-${String(N - 1 - 42 * 100).padStart(6, '0')}.png`);
    await pages.nextPage();
    expect(pages.pageOffset).toBe(43);
    expect(pages.items[0].filename).toBe(`/img-${String(N - 1 - 43 * 100).padStart(6, '0')}.png`);
    await pages.prevPage();
    await pages.prevPage();
    expect(pages.pageOffset).toBe(41);
    expect(pages.items).toHaveLength(100);
  });

  it('keyset nextPage continues after the last id; prevPage is refused while keyset paging', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const pages = await c.dataset(ds).items.list(undefined, { pageSize: 500 });
    const first = pages.items.map((i: any) => i.id);
    await pages.nextPage();
    const second = pages.items.map((i: any) => i.id);
    const sorted = [...seeded].sort();
    expect(first).toEqual(sorted.slice(0, 500));
    expect(second).toEqual(sorted.slice(500, 1000));
    await expect(pages.prevPage()).rejects.toThrow(/keyset/);
  });

  it('getPage(0) after keyset pages restarts from the first page (go_to_page), and nextPage keeps keyset', async () => {
    bodies.length = 0;
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: recordingFetch });
    const pages = await c.dataset(ds).items.list(undefined, { pageSize: 300 });
    const sorted = [...seeded].sort();
    const ids = () => pages.items.map((i: any) => i.id);
    expect(ids()).toEqual(sorted.slice(0, 300));
    await pages.getPage(0);
    expect(ids()).toEqual(sorted.slice(0, 300));
    await pages.getPage(0);
    expect(ids()).toEqual(sorted.slice(0, 300));
    await pages.nextPage();
    expect(ids()).toEqual(sorted.slice(300, 600));
    await pages.getPage(0);
    expect(ids()).toEqual(sorted.slice(0, 300));
    await pages.nextPage();
    await pages.nextPage();
    expect(ids()).toEqual(sorted.slice(600, 900));
    expect(pages.useIdBasedPaging).toBe(true);
    // The explicit page-0 requests carry no `id $gt` condition; the next-page ones do, after the right id.
    const last = (b: any) => b.filter.$and.at(-1);
    expect(bodies.map((b) => JSON.stringify(last(b).id ?? null))).toEqual([
      'null',
      'null',
      'null',
      JSON.stringify({ $gt: sorted[299] }),
      'null',
      JSON.stringify({ $gt: sorted[299] }),
      JSON.stringify({ $gt: sorted[599] }),
    ]);
  });

  it('an explicit page in offset mode after keyset paging, then getPage(0), starts over', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const pages = await c.dataset(ds).items.list(undefined, { pageSize: 400 });
    const sorted = [...seeded].sort();
    await pages.nextPage();
    await pages.getPage(2); // offset page 2, as a fresh page object gives it
    expect(pages.useIdBasedPaging).toBe(false);
    const fresh = await c.dataset(ds).items.list(undefined, { pageSize: 400 });
    await fresh.goToPage(2);
    expect(pages.items.map((i: any) => i.id)).toEqual(fresh.items.map((i: any) => i.id));
    expect(pages.items).toHaveLength(400);
    await pages.getPage(0);
    expect(pages.useIdBasedPaging).toBe(true);
    expect(pages.items.map((i: any) => i.id)).toEqual(sorted.slice(0, 400));
  });

  it('a custom filter (raw DQL dict) never uses keyset paging', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const f = new Filters({
      customFilter: { filter: { $and: [{ type: 'file' }] }, page: 0, pageSize: 1000, resource: 'items' },
    });
    const pages = await c.dataset(ds).items.list(f);
    expect(pages.useIdBasedPaging).toBe(false);
    expect(pages.totalItemsCount).toBe(N);
  });

  it('a page answered with 400 is an empty page (as the SDK), not an exception', async () => {
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false });
    const pages = await c
      .dataset(ds)
      .items.list({ filter: { $and: [{ filename: { $bogus: 1 } }] }, page: 0, pageSize: 10, resource: 'items' });
    expect(pages.items).toEqual([]);
    expect(pages.hasNextPage).toBe(false);
  });
});

/**
 * A fetch that holds the next query request until its signal aborts, then lets it fail as the
 * browser does (the real request to the local server is sent with the aborted signal).
 */
function holdingFetch() {
  let hold = false;
  let release: (() => void) | undefined;
  /** Query bodies in the order they were sent. */
  const sent: any[] = [];
  const f: typeof fetch = async (input, init) => {
    const req = input instanceof Request ? input : new Request(input, init);
    if (req.url.includes('/query')) sent.push(await req.clone().json());
    if (hold && req.url.includes('/query')) {
      hold = false;
      const signal = req.signal;
      await new Promise<void>((resolve) => {
        release = resolve;
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    return fetch(req);
  };
  return {
    fetch: f,
    sent,
    holdNext: () => {
      hold = true;
    },
    /** Lets the held request go on to the server (without aborting it). */
    release: () => release?.(),
    /** Lets the held request go on once it is held (it is sent a moment after the call). */
    async releaseWhenHeld() {
      while (!release) await new Promise((r) => setTimeout(r, 5));
      release();
    },
  };
}

describe('PagedEntities: an aborted page fetch leaves the pages as they were', () => {
  const snapshot = (p: any) => ({
    pageOffset: p.pageOffset,
    hasNextPage: p.hasNextPage,
    ids: p.items.map((i: any) => i.id),
    body: JSON.stringify(p.requestBody()),
  });

  it('offset mode: an aborted nextPage keeps page, items and hasNextPage; the next nextPage gets the right page', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    await pages.goToPage(3);
    const before = snapshot(pages);
    expect(before.pageOffset).toBe(3);
    const ac = new AbortController();
    hf.holdNext();
    const pending = pages.nextPage({ signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(DlAbortError);
    expect(snapshot(pages)).toEqual(before);
    await pages.nextPage();
    expect(pages.pageOffset).toBe(4);
    expect(pages.items[0].filename).toBe(`/img-${String(400).padStart(6, '0')}.png`);
    // prevPage and goToPage aborted the same way leave page 4 in place.
    const at4 = snapshot(pages);
    for (const go of [
      (s: AbortSignal) => pages.prevPage({ signal: s }),
      (s: AbortSignal) => pages.goToPage(9, { signal: s }),
    ]) {
      const ac2 = new AbortController();
      hf.holdNext();
      const p2 = go(ac2.signal);
      ac2.abort();
      await expect(p2).rejects.toBeInstanceOf(DlAbortError);
      expect(snapshot(pages)).toEqual(at4);
    }
    await pages.prevPage();
    expect(pages.pageOffset).toBe(3);
    expect(pages.items[0].filename).toBe(`/img-${String(300).padStart(6, '0')}.png`);
  });

  it('keyset mode: an aborted nextPage keeps the last id seen; the next nextPage continues after it', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const pages = await c.dataset(ds).items.list(undefined, { pageSize: 250 });
    const sorted = [...seeded].sort();
    await pages.nextPage();
    const before = snapshot(pages);
    expect(before.ids).toEqual(sorted.slice(250, 500));
    // An aborted explicit page 0 would reset the keyset position; it must not stick.
    for (const go of [
      (s: AbortSignal) => pages.nextPage({ signal: s }),
      (s: AbortSignal) => pages.getPage(0, 10, { signal: s }),
    ]) {
      const ac = new AbortController();
      hf.holdNext();
      const pending = go(ac.signal);
      ac.abort();
      await expect(pending).rejects.toBeInstanceOf(DlAbortError);
      expect(snapshot(pages)).toEqual(before);
    }
    await pages.nextPage();
    expect(pages.items.map((i: any) => i.id)).toEqual(sorted.slice(500, 750));
  });

  // The pattern the TSDoc recommends: abort the page no longer wanted and ask again at once,
  // before the aborted fetch's rejection has arrived (review 31b #1).
  it('offset mode: abort, then nextPage() at once without awaiting the rejection asks for page 4, not 5', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    await pages.goToPage(3);
    for (const [abortedPage, go] of [
      [4, (s: AbortSignal) => pages.nextPage({ signal: s })],
      [9, (s: AbortSignal) => pages.goToPage(9, { signal: s })],
      [2, (s: AbortSignal) => pages.prevPage({ signal: s })],
    ] as const) {
      expect(pages.pageOffset).toBe(3);
      const sentBefore = hf.sent.length;
      const ac = new AbortController();
      hf.holdNext();
      const aborted = go(ac.signal);
      ac.abort();
      const again = pages.nextPage();
      await expect(aborted).rejects.toBeInstanceOf(DlAbortError);
      await again;
      // Sent: the aborted page and page 4 (the page after 3), never 5.
      const sentPages = hf.sent.slice(sentBefore).map((b) => b.page);
      expect(sentPages.sort()).toEqual([abortedPage, 4].sort());
      expect(pages.pageOffset).toBe(4);
      expect(pages.items[0].filename).toBe(`/img-${String(400).padStart(6, '0')}.png`);
      expect(JSON.parse(JSON.stringify(pages.requestBody())).page).toBe(4);
      await pages.goToPage(3);
    }
  });

  it('keyset mode: abort, then nextPage() at once continues after the last id seen', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const pages = await c.dataset(ds).items.list(undefined, { pageSize: 250 });
    const sorted = [...seeded].sort();
    for (let i = 0; i < 3; i++) await pages.nextPage();
    expect(pages.items.map((i: any) => i.id)).toEqual(sorted.slice(750, 1000));
    for (const go of [
      (s: AbortSignal) => pages.nextPage({ signal: s }),
      (s: AbortSignal) => pages.getPage(0, 10, { signal: s }),
    ]) {
      const sentBefore = hf.sent.length;
      const ac = new AbortController();
      hf.holdNext();
      const aborted = go(ac.signal);
      ac.abort();
      const again = pages.nextPage();
      await expect(aborted).rejects.toBeInstanceOf(DlAbortError);
      await again;
      // Both bodies sent: the aborted one and the next page after the last id seen (pageSize 250).
      const sent = hf.sent.slice(sentBefore);
      expect(sent).toHaveLength(2);
      const next = sent.filter((b) => b.pageSize === 250);
      expect(next.length).toBeGreaterThanOrEqual(1);
      for (const b of next) expect(b.filter.$and.at(-1)).toEqual({ id: { $gt: sorted[999] } });
      expect(pages.items.map((i: any) => i.id)).toEqual(sorted.slice(1000, 1250));
      expect(pages.useIdBasedPaging).toBe(true);
      expect(pages.lastSeenId).toBe(sorted[1249]);
      // Back to "page 3" (ids 750..999) for the next round.
      await pages.getPage(0);
      for (let i = 0; i < 3; i++) await pages.nextPage();
    }
  });

  it('an older page answering after a newer one is returned to its caller but not shown', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    await pages.goToPage(3);
    hf.holdNext();
    const older = pages.nextPage();
    await pages.goToPage(7);
    hf.release();
    const olderItems = await older;
    expect(olderItems[0].filename).toBe(`/img-${String(400).padStart(6, '0')}.png`);
    expect(pages.pageOffset).toBe(7);
    expect(pages.items[0].filename).toBe(`/img-${String(700).padStart(6, '0')}.png`);
    await pages.nextPage();
    expect(pages.pageOffset).toBe(8);
  });
});

describe('PagedEntities: nextPage() called again before the last one answered', () => {
  it('offset mode: two quick nextPage() calls from page 3 bring pages 4 and 5, in order', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    await pages.goToPage(3);
    const sentBefore = hf.sent.length;
    hf.holdNext();
    const first = pages.nextPage();
    const second = pages.nextPage();
    await hf.releaseWhenHeld();
    const [a, b] = await Promise.all([first, second]);
    expect(hf.sent.slice(sentBefore).map((x) => x.page)).toEqual([4, 5]);
    expect(a[0].filename).toBe(`/img-${String(400).padStart(6, '0')}.png`);
    expect(b[0].filename).toBe(`/img-${String(500).padStart(6, '0')}.png`);
    expect(pages.pageOffset).toBe(5);
    expect(pages.items[0].filename).toBe(`/img-${String(500).padStart(6, '0')}.png`);
    // And back: two quick prevPage() calls bring 4, then 3.
    const back = await Promise.all([pages.prevPage(), pages.prevPage()]);
    expect(back.map((p) => p[0].filename)).toEqual([
      `/img-${String(400).padStart(6, '0')}.png`,
      `/img-${String(300).padStart(6, '0')}.png`,
    ]);
    expect(pages.pageOffset).toBe(3);
  });

  it('keyset mode: the second call continues after the last id of the page the first brought', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const pages = await c.dataset(ds).items.list(undefined, { pageSize: 250 });
    const sorted = [...seeded].sort();
    const sentBefore = hf.sent.length;
    hf.holdNext();
    const first = pages.nextPage();
    const second = pages.nextPage();
    await hf.releaseWhenHeld();
    const [a, b] = await Promise.all([first, second]);
    const sent = hf.sent.slice(sentBefore);
    expect(sent.map((x) => x.filter.$and.at(-1))).toEqual([{ id: { $gt: sorted[249] } }, { id: { $gt: sorted[499] } }]);
    expect(a.map((i: any) => i.id)).toEqual(sorted.slice(250, 500));
    expect(b.map((i: any) => i.id)).toEqual(sorted.slice(500, 750));
    expect(pages.items.map((i: any) => i.id)).toEqual(sorted.slice(500, 750));
    expect(pages.lastSeenId).toBe(sorted[749]);
  });

  it('a page asked for while a goToPage(n) is in flight is the page after n', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    hf.holdNext();
    const go = pages.goToPage(6);
    const next = pages.nextPage();
    await hf.releaseWhenHeld();
    await Promise.all([go, next]);
    expect(pages.pageOffset).toBe(7);
    expect(pages.items[0].filename).toBe(`/img-${String(700).padStart(6, '0')}.png`);
  });

  it('a waiting nextPage aborted rejects at once (before the call ahead settles) and never sends its request', async () => {
    const hf = holdingFetch();
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hf.fetch });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    await pages.goToPage(3);
    const sentBefore = hf.sent.length;
    hf.holdNext();
    const first = pages.nextPage(); // page 4, held
    let firstSettled = false;
    void first.then(() => (firstSettled = true));
    const ac = new AbortController();
    const second = pages.nextPage({ signal: ac.signal });
    ac.abort();
    // (without the fix this waits as long as page 4 is held: the test times out)
    await expect(second).rejects.toBeInstanceOf(DlAbortError);
    expect(firstSettled).toBe(false);
    await hf.releaseWhenHeld();
    expect((await first)[0].filename).toBe(`/img-${String(400).padStart(6, '0')}.png`);
    // the aborted call moved nothing: the next page is 5
    await pages.nextPage();
    expect(hf.sent.slice(sentBefore).map((x) => x.page)).toEqual([4, 5]);
    expect(pages.pageOffset).toBe(5);
    // already aborted while another call is in flight: rejects, sends nothing
    const third = pages.nextPage();
    await expect(pages.nextPage({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(DlAbortError);
    await third;
    expect(hf.sent.slice(sentBefore).map((x) => x.page)).toEqual([4, 5, 6]);
    expect(pages.pageOffset).toBe(6);
  });

  it('when the call ahead fails (500), the waiting nextPage asks for the same page again and gets it', async () => {
    let fail = false;
    let release: (() => void) | undefined;
    const sent: any[] = [];
    const f500: typeof fetch = async (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      if (!req.url.includes('/query')) return fetch(req);
      sent.push(await req.clone().json());
      if (fail) {
        fail = false;
        await new Promise<void>((r) => (release = r));
        return new Response(JSON.stringify({ error: 'boom' }), { status: 500 });
      }
      return fetch(req);
    };
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, retry: 0, fetch: f500 });
    const f = new Filters().sortBy('filename', FiltersOrderByDirection.ASCENDING);
    const pages = await c.dataset(ds).items.list(f, { pageSize: 100 });
    await pages.goToPage(3);
    const sentBefore = sent.length;
    fail = true;
    const first = pages.nextPage();
    const second = pages.nextPage();
    while (!release) await new Promise((r) => setTimeout(r, 5));
    release();
    await expect(first).rejects.toThrow();
    const b = await second;
    expect(sent.slice(sentBefore).map((x) => x.page)).toEqual([4, 4]);
    expect(b[0].filename).toBe(`/img-${String(400).padStart(6, '0')}.png`);
    expect(pages.pageOffset).toBe(4);
  });

  it('a waiting prevPage refused (keyset by then) leaves the fields where the goToPage(n) in flight goes', async () => {
    // holds the requests for the pages asked (by body page, keyset page 0 included) until released
    const held = new Map<string, () => void>();
    const holdFor = new Set<string>();
    const hfetch: typeof fetch = async (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      if (req.url.includes('/query')) {
        const b = await req.clone().json();
        const k = `page ${b.page}`;
        if (holdFor.has(k)) {
          holdFor.delete(k);
          await new Promise<void>((r) => held.set(k, r));
        }
      }
      return fetch(req);
    };
    const release = async (k: string) => {
      while (!held.has(k)) await new Promise((r) => setTimeout(r, 5));
      held.get(k)!();
    };
    const c = createClient({ baseUrl: h.url, token: h.token, cache: false, fetch: hfetch });
    const pages = await c.dataset(ds).items.list(undefined, { pageSize: 100 });
    await pages.goToPage(2); // offset mode
    expect(pages.useIdBasedPaging).toBe(false);
    holdFor.add('page 0');
    holdFor.add('page 9');
    const a = pages.goToPage(0); // keyset once it answers
    const back = pages.prevPage().then(
      () => null,
      (e: unknown) => e,
    ); // allowed now (offset), waits for a
    const go = pages.goToPage(9);
    await release('page 0');
    await a;
    expect(String(await back)).toMatch(/keyset/);
    // goToPage(9) is still in flight: the fields show where it goes
    expect(pages.pageOffset).toBe(9);
    expect(pages.useIdBasedPaging).toBe(false);
    await release('page 9');
    await go;
    expect(pages.pageOffset).toBe(9);
    expect(pages.items).toHaveLength(100);
  });
});
