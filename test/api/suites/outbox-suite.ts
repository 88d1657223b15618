// Outbox behaviour shared by Node (fake-indexeddb; "reload" = a new client on the same database)
// and Chromium (real IndexedDB; the real page reload is in outbox-reload.browser.test.ts).
import { describe, expect, it } from 'vitest';
import { createClient, type DlClient } from '../../../src/api/client.js';
import { PageCache } from '../../../src/api/cache/page-cache.js';
import { annotationToJson } from '../../../src/api/repositories/annotations.js';
import type { ApiEnv } from './env.js';

let n = 0;
const dbName = () => `dl-kit-outbox-${Date.now()}-${n++}`;

/** A client whose outbox flushes only when told (so the test controls every step). */
export async function outboxClient(
  env: ApiEnv,
  db: string,
  extra: Partial<Parameters<typeof createClient>[0]> = {},
): Promise<DlClient> {
  const cache = await PageCache.open({ dbName: db });
  return createClient({
    baseUrl: env.proxyUrl,
    token: env.token,
    cache,
    retry: 0,
    timeout: 5000,
    outbox: { autoFlush: false },
    ...extra,
  });
}

/** Every annotation of an item, straight from the server (no cache). */
export async function serverAnnotations(env: ApiEnv, ds: string, itemId: string): Promise<any[]> {
  const c = createClient({ baseUrl: env.url, token: env.token, cache: false });
  const pages = await c
    .dataset(ds)
    .annotations.list({ filter: { $and: [{ itemId }] }, page: 0, pageSize: 1000, resource: 'annotations' });
  const out: any[] = [];
  for await (const a of pages.all()) out.push(annotationToJson(a));
  return out;
}

const cls = (label: string) => ({ type: 'class', label, metadata: { system: {} } });

export function outboxSuite(env: () => ApiEnv): void {
  describe('outbox against the local server', () => {
    it('keeps creates, updates and deletes through a server stop/start and a reload; each lands exactly once', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const db = dbName();
      const c1 = await outboxClient(e, db);
      const [a0] = await c1.dataset(ds).annotations.create([cls('a')], { itemId });
      const a0json = annotationToJson(a0);

      await e.control.stopServer();
      try {
        const b = await c1.outbox.create(itemId!, ds, cls('b'));
        const cq = await c1.outbox.create(itemId!, ds, cls('c'));
        await c1.outbox.update({ ...a0json, label: 'a2' }, a0json);
        await c1.outbox.update({ ...b.annotation, label: 'b2' }, b.annotation, { itemId, datasetId: ds });
        await c1.outbox.delete({ clientId: cq.clientId, itemId: itemId!, datasetId: ds });
        const r1 = await c1.outbox.flush();
        expect(r1.offline).toBe(true);
        expect(r1.applied).toBe(0);
        expect(r1.remaining).toBe(5);
      } finally {
        c1.close();
        await e.control.startServer();
      }

      // "Reload": a new client on the same database finds the queue in order.
      const c2 = await outboxClient(e, db);
      const queued = await c2.outbox.pending();
      expect(queued.map((o) => o.op)).toEqual(['create', 'create', 'update', 'update', 'delete']);
      const applied: string[] = [];
      c2.outbox.addEventListener('applied', (ev) => applied.push((ev as CustomEvent).detail.op.op));
      const r2 = await c2.outbox.flush();
      expect(r2).toMatchObject({ applied: 5, conflicts: 0, failed: 0, offline: false });
      expect(applied).toEqual(['create', 'create', 'update', 'update', 'delete']);
      expect(await c2.outbox.pending()).toEqual([]);
      expect((await c2.outbox.flush()).applied).toBe(0);

      const onServer = await serverAnnotations(e, ds, itemId!);
      expect(onServer.map((a) => a.label).sort()).toEqual(['a2', 'b2']);
      expect(onServer.filter((a) => a.label === 'b2')).toHaveLength(1);
      c2.close();
    });

    it('with autoFlush, retries with backoff while the server is down and drains when it is back', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-auto-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName(), { outbox: { autoFlush: true, retryDelay: 50, maxRetryDelay: 200 } });
      const offline: unknown[] = [];
      c.outbox.addEventListener('offline', (ev) => offline.push(ev));
      const drained = new Promise<void>((resolve) => c.outbox.addEventListener('drained', () => resolve()));
      await e.control.stopServer();
      try {
        await c.outbox.create(itemId!, ds, cls('auto'));
        for (let waited = 0; offline.length < 2 && waited < 10_000; waited += 50)
          await new Promise((r) => setTimeout(r, 50));
        expect(offline.length).toBeGreaterThanOrEqual(2); // first try plus at least one timed retry
        expect(await c.outbox.pending()).toHaveLength(1);
      } finally {
        await e.control.startServer();
      }
      await drained;
      expect(await c.outbox.pending()).toEqual([]);
      expect((await serverAnnotations(e, ds, itemId!)).map((a) => a.label)).toEqual(['auto']);
      c.close();
    });

    it('an edit queued while a flush is sending is sent by that flush, and no op is sent twice', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-during-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      const posts = () => e.control.count(`/items/${itemId}/annotations`, 'POST');
      const before = await posts();
      await c.outbox.create(itemId!, ds, cls('first'));
      // Hold the first create in the proxy so the second edit is queued while the run is sending.
      await e.control.fault({ kind: 'delay', delayMs: 800, times: 1, path: `/items/${itemId}/annotations` });
      const running = c.outbox.flush();
      for (let waited = 0; !(await c.outbox.pending())[0]?.sent && waited < 5000; waited += 10)
        await new Promise((r) => setTimeout(r, 10));
      await c.outbox.create(itemId!, ds, cls('second'));
      const joined = c.outbox.flush(); // joins the running flush
      const [r, r2] = await Promise.all([running, joined]);
      expect(r).toMatchObject({ applied: 2, conflicts: 0, failed: 0, offline: false });
      expect(r2).toEqual(r);
      expect(await c.outbox.pending()).toEqual([]);
      expect((await serverAnnotations(e, ds, itemId!)).map((a) => a.label).sort()).toEqual(['first', 'second']);
      expect(await posts()).toBe(before + 2);
      c.close();
    });

    it('with autoFlush, an edit queued during a flush lands without another trigger', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-during-auto-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      // A long retry delay: only the run itself can send the second edit within the wait below.
      const c = await outboxClient(e, dbName(), { outbox: { autoFlush: true, retryDelay: 60_000 } });
      await e.control.fault({ kind: 'delay', delayMs: 800, times: 1, path: `/items/${itemId}/annotations` });
      await c.outbox.create(itemId!, ds, cls('one'));
      for (let waited = 0; !(await c.outbox.pending())[0]?.sent && waited < 5000; waited += 10)
        await new Promise((r) => setTimeout(r, 10));
      await c.outbox.create(itemId!, ds, cls('two'));
      let left = await c.outbox.pending();
      for (let waited = 0; left.length && waited < 5000; waited += 50) {
        await new Promise((r) => setTimeout(r, 50));
        left = await c.outbox.pending();
      }
      expect(left).toEqual([]);
      const onServer = (await serverAnnotations(e, ds, itemId!)).map((a) => a.label).sort();
      expect(onServer).toEqual(['one', 'two']);
      c.close();
    });

    it('a create whose response was lost is looked up by clientId, not created twice', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-lost-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      await c.outbox.create(itemId!, ds, cls('once'));
      await e.control.fault({ kind: 'lose-response', times: 1, path: `/items/${itemId}/annotations` });
      const r1 = await c.outbox.flush();
      expect(r1.offline).toBe(true);
      expect((await c.outbox.pending())[0]!.sent).toBe(true);
      expect(await serverAnnotations(e, ds, itemId!)).toHaveLength(1); // it did land
      const r2 = await c.outbox.flush();
      expect(r2.applied).toBe(1);
      const onServer = await serverAnnotations(e, ds, itemId!);
      expect(onServer).toHaveLength(1);
      expect(onServer[0].label).toBe('once');
      c.close();
    });

    it('a replayed update that already landed is not a conflict and is applied once', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-upd-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      const [a] = await c.dataset(ds).annotations.create([cls('x')], { itemId });
      const base = annotationToJson(a);
      await c.outbox.update({ ...base, label: 'y' }, base);
      await e.control.fault({ kind: 'lose-response', times: 1, path: `/annotations/${base.id}` });
      expect((await c.outbox.flush()).offline).toBe(true);
      const conflicts: unknown[] = [];
      c.outbox.addEventListener('conflict', (ev) => conflicts.push(ev));
      expect((await c.outbox.flush()).applied).toBe(1);
      expect(conflicts).toHaveLength(0);
      const r = await c.http.request<any>({ method: 'GET', path: `/annotations/${base.id}` });
      expect(r.data.label).toBe('y');
      expect(r.headers.get('etag')).toBe(`"${base.id}.2"`); // version 1 + exactly one update
      c.close();
    });

    it('a 409 becomes a conflict event with both versions; resolving with "mine" applies it', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-409-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      const [a] = await c.dataset(ds).annotations.create([cls('base')], { itemId });
      const base = annotationToJson(a);
      await c.outbox.update({ ...base, label: 'mine' }, base);
      // Someone else edits first.
      const other = createClient({ baseUrl: e.url, token: e.token, cache: false });
      await other.annotations.updateRaw(base.id as string, { label: 'theirs' });
      const seen: any[] = [];
      c.outbox.addEventListener('conflict', (ev) => seen.push((ev as CustomEvent).detail));
      const r = await c.outbox.flush();
      expect(r.conflicts).toBe(1);
      expect(seen[0].mine.label).toBe('mine');
      expect(seen[0].theirs.label).toBe('theirs');
      const [op] = await c.outbox.pending();
      expect(op!.state).toBe('conflict');
      expect((await c.http.json<any>({ method: 'GET', path: `/annotations/${base.id}` })).label).toBe('theirs');
      await c.outbox.resolveConflict(op!.seq!, 'mine');
      expect((await c.outbox.flush()).applied).toBe(1);
      expect((await c.http.json<any>({ method: 'GET', path: `/annotations/${base.id}` })).label).toBe('mine');
      expect(await c.outbox.pending()).toEqual([]);
      c.close();
    });

    it('resolving a conflict with "theirs" drops the edit and the dataset\'s cached pages (the next read is fresh)', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-theirs-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      const [a] = await c.dataset(ds).annotations.create([cls('base')], { itemId });
      const base = annotationToJson(a);
      const list = async () => {
        const pages = await c.dataset(ds).annotations.list({ filter: { $and: [{ itemId }] }, resource: 'annotations' });
        const out: string[] = [];
        for await (const x of pages.all()) out.push(annotationToJson(x).label as string);
        return out;
      };
      expect(await list()).toEqual(['base']); // now cached
      await c.outbox.update({ ...base, label: 'mine' }, base);
      const other = createClient({ baseUrl: e.url, token: e.token, cache: false });
      await other.annotations.updateRaw(base.id as string, { label: 'theirs' });
      expect((await c.outbox.flush()).conflicts).toBe(1);
      const [op] = await c.outbox.pending();
      await c.outbox.resolveConflict(op!.seq!, 'theirs');
      expect(await c.outbox.pending()).toEqual([]);
      expect((await c.outbox.flush()).applied).toBe(0);
      expect(await list()).toEqual(['theirs']);
      expect((await serverAnnotations(e, ds, itemId!)).map((x) => x.label)).toEqual(['theirs']);
      c.close();
    });

    it('a 4xx other than 409 marks the op failed (kept for the user) and the next op still lands', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-failed-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      const [a] = await c.dataset(ds).annotations.create([cls('one')], { itemId });
      const base = annotationToJson(a);
      await c.outbox.update({ ...base, label: 'refused' }, base);
      await c.outbox.create(itemId!, ds, cls('after'));
      await e.control.fault({ kind: 'status', status: 400, times: 1, path: `/annotations/${base.id}` });
      const failed: any[] = [];
      c.outbox.addEventListener('failed', (ev) => failed.push((ev as CustomEvent).detail));
      const r = await c.outbox.flush();
      expect([r.failed, r.applied, r.offline]).toEqual([1, 1, false]);
      expect(failed).toHaveLength(1);
      const left = await c.outbox.pending();
      expect(left.map((o) => [o.op, o.state])).toEqual([['update', 'failed']]);
      expect((await serverAnnotations(e, ds, itemId!)).map((x) => x.label).sort()).toEqual(['after', 'one']);
      c.close();
    });

    it('chained updates of one annotation queued offline follow their own versions: no self-conflict', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-chain-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      const [a] = await c.dataset(ds).annotations.create([cls('v1')], { itemId });
      const v1 = annotationToJson(a);
      // Both edits are made against what the page shows: the second is based on the first's result.
      await c.outbox.update({ ...v1, label: 'v2' }, v1);
      await c.outbox.update({ ...v1, label: 'v3', description: 'edited twice' }, { ...v1, label: 'v2' });
      // Nothing is sent until the flush (as while offline): both wait in the queue.
      expect((await c.outbox.pending()).map((o) => o.op)).toEqual(['update', 'update']);
      const r = await c.outbox.flush();
      expect([r.applied, r.conflicts, r.failed]).toEqual([2, 0, 0]);
      const got = await c.http.request<any>({ method: 'GET', path: `/annotations/${v1.id}` });
      expect([got.data.label, got.data.description]).toEqual(['v3', 'edited twice']);
      expect(got.headers.get('etag')).toBe(`"${v1.id}.3"`);
      c.close();
    });

    it('a delete answered 404 (already gone) counts as done', async () => {
      const e = env();
      const ds = await e.control.dataset(`outbox-del404-${dbName()}`);
      const [itemId] = await e.control.seed(ds, 1);
      const c = await outboxClient(e, dbName());
      const [a] = await c.dataset(ds).annotations.create([cls('gone')], { itemId });
      const id = annotationToJson(a).id as string;
      await c.outbox.delete({ id, itemId: itemId!, datasetId: ds });
      const other = createClient({ baseUrl: e.url, token: e.token, cache: false });
      await other.annotations.delete(id);
      const r = await c.outbox.flush();
      expect([r.applied, r.failed, r.conflicts]).toEqual([1, 0, 0]);
      expect(await c.outbox.pending()).toEqual([]);
      c.close();
    });
  });
}
