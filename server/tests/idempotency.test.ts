import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm, upload } from './helpers.js';

let srv: TestServer;
let ds: string;
let items: string[];
beforeAll(async () => {
  srv = await startTestServer();
  ds = await makeDataset(srv, 'idem');
  items = await upload(srv, ds, ['/i/0.png', '/i/1.png', '/i/2.png', '/i/3.png']);
});
afterAll(() => srv.close());

const countOn = async (itemId: string) =>
  (await client(srv.url, srv.tokens.owner).get(`/items/${itemId}/annotations`)).json.length;

describe('x-idempotency-key on item upload', () => {
  it('a retried overwrite upload with one key stores once (same id, same status); another key overwrites again', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const first = await o.post(`/datasets/${ds}/items?mode=overwrite`, pngForm('/u/a.png', 8, 6, 7), {
      'x-idempotency-key': 'up-1',
    });
    const again = await o.post(`/datasets/${ds}/items?mode=overwrite`, pngForm('/u/a.png', 8, 6, 7), {
      'x-idempotency-key': 'up-1',
    });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.json.id).toBe(first.json.id);
    expect(again.json.updatedAt).toBe(first.json.updatedAt);
    const other = await o.post(`/datasets/${ds}/items?mode=overwrite`, pngForm('/u/a.png', 8, 6, 7), {
      'x-idempotency-key': 'up-2',
    });
    expect(other.status).toBe(200); // an overwrite of an existing item, not a replay
    const changed = await o.post(`/datasets/${ds}/items?mode=overwrite`, pngForm('/u/a.png', 9, 6, 7), {
      'x-idempotency-key': 'up-1',
    });
    expect(changed.status).toBe(422);
  });
});

describe('x-idempotency-key on POST /items/{id}/annotations', () => {
  it('two identical POSTs with one key create once and answer the same ids and status', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const body = [box('cat'), box('dog', 5, 5)];
    const a = await o.post(`/items/${items[0]}/annotations`, body, { 'x-idempotency-key': 'k-1' });
    const b = await o.post(`/items/${items[0]}/annotations`, body, { 'x-idempotency-key': 'k-1' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.json.map((x: any) => x.id)).toEqual(a.json.map((x: any) => x.id));
    expect(await countOn(items[0]!)).toBe(2);
    expect((await o.get(`/items/${items[0]}`)).json.annotationsCount).toBe(2);
  });

  it('a single-object POST replays its ETag too', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const a = await o.post(`/items/${items[3]}/annotations`, box('cat'), { 'x-idempotency-key': 'single' });
    const b = await o.post(`/items/${items[3]}/annotations`, box('cat'), { 'x-idempotency-key': 'single' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).toBe(a.json.id);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    expect(await countOn(items[3]!)).toBe(1);
  });

  it('different keys (and no key) create each time', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const a = await o.post(`/items/${items[1]}/annotations`, [box('cat')], { 'x-idempotency-key': 'k-a' });
    const b = await o.post(`/items/${items[1]}/annotations`, [box('cat')], { 'x-idempotency-key': 'k-b' });
    const c = await o.post(`/items/${items[1]}/annotations`, [box('cat')]);
    const d = await o.post(`/items/${items[1]}/annotations`, [box('cat')]);
    expect([a.status, b.status, c.status, d.status]).toEqual([201, 201, 201, 201]);
    expect(new Set([a.json[0].id, b.json[0].id, c.json[0].id, d.json[0].id]).size).toBe(4);
    expect(await countOn(items[1]!)).toBe(4);
  });

  it('the key is per user: another user with the same key creates their own', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const m = client(srv.url, srv.tokens.manager);
    const a = await o.post(`/items/${items[2]}/annotations`, [box('cat')], { 'x-idempotency-key': 'shared' });
    const b = await m.post(`/items/${items[2]}/annotations`, [box('cat')], { 'x-idempotency-key': 'shared' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json[0].id).not.toBe(a.json[0].id);
    expect(b.json[0].creator).toBe(srv.users.manager.email);
    expect(await countOn(items[2]!)).toBe(2);
  });

  it('reusing a key for a different body or item is 422 and creates nothing', async () => {
    const o = client(srv.url, srv.tokens.owner);
    await o.post(`/items/${items[2]}/annotations`, [box('cat')], { 'x-idempotency-key': 'reuse' });
    const before = await countOn(items[2]!);
    const otherBody = await o.post(`/items/${items[2]}/annotations`, [box('dog')], { 'x-idempotency-key': 'reuse' });
    const otherItem = await o.post(`/items/${items[1]}/annotations`, [box('cat')], { 'x-idempotency-key': 'reuse' });
    expect([otherBody.status, otherItem.status]).toEqual([422, 422]);
    expect(await countOn(items[2]!)).toBe(before);
  });

  it('a failed request stores nothing: the same key can be retried with a fixed body', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const bad = await o.post(`/items/${items[3]}/annotations`, [{ type: 'box', label: 'x', coordinates: 'nope' }], {
      'x-idempotency-key': 'retry',
    });
    expect(bad.status).toBe(400);
    const good = await o.post(
      `/items/${items[3]}/annotations`,
      [{ type: 'box', label: 'x', coordinates: 'nope' }].map(() => box('x')),
      { 'x-idempotency-key': 'retry' },
    );
    expect(good.status).toBe(201);
  });

  it('an over-long key is 400', async () => {
    const r = await client(srv.url, srv.tokens.owner).post(`/items/${items[3]}/annotations`, [box('x')], {
      'x-idempotency-key': 'k'.repeat(300),
    });
    expect(r.status).toBe(400);
  });

  it('keys older than the retention window are pruned (store level)', async () => {
    const s = srv.server.store;
    const t0 = Date.now();
    await s.idempotencyPut({
      userId: 'u',
      key: 'old',
      scope: 's',
      fingerprint: 'f',
      status: 201,
      body: '[]',
      createdAt: t0 - 25 * 3600_000,
    });
    await s.idempotencyPut({
      userId: 'u',
      key: 'new',
      scope: 's',
      fingerprint: 'f',
      status: 201,
      body: '[]',
      createdAt: t0,
    });
    expect(await s.idempotencyGet('u', 'old', t0 - 24 * 3600_000)).toBeUndefined();
    expect((await s.idempotencyGet('u', 'new', t0 - 24 * 3600_000))?.status).toBe(201);
    await s.idempotencyPrune(t0 - 24 * 3600_000);
    expect(await s.idempotencyGet('u', 'old', 0)).toBeUndefined();
    expect((await s.idempotencyGet('u', 'new', 0))?.body).toBe('[]');
  });
});
