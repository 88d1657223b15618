// Annotations: batch create, get, PUT diffs with optimistic concurrency, delete, item counts, paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, upload } from './helpers.js';

describe('annotations', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv.close());

  it('creates a batch, gets, PUTs a diff, deletes, and keeps item counts', async () => {
    const ds = await makeDataset(srv, 'ann-1');
    const [itemId] = await upload(srv, ds, ['/a.png']);
    const c = client(srv.url, srv.tokens.annotator1);
    const o = client(srv.url, srv.tokens.owner);
    const created = await o.post(`/items/${itemId}/annotations`, [
      box('car'),
      box('bus', 5, 5),
      { type: 'class', label: 'x', coordinates: [1] },
    ]);
    expect(created.status).toBe(201);
    expect(created.json.map((a: any) => a.label)).toEqual(['car', 'bus', 'x']);
    expect(created.json[2].coordinates).toBeUndefined();
    expect(created.json[0]).toMatchObject({ itemId, datasetId: ds, creator: srv.users.owner.email, type: 'box' });
    // spec §0 key order (hash and the optional keys are absent here)
    expect(Object.keys(created.json[0])).toEqual([
      'id',
      'url',
      'creator',
      'metadata',
      'itemId',
      'item',
      'label',
      'dataset',
      'createdAt',
      'updatedBy',
      'updatedAt',
      'source',
      'datasetId',
      'type',
      'coordinates',
      'attributes',
    ]);
    expect((await o.get(`/items/${itemId}`)).json).toMatchObject({ annotationsCount: 3, annotated: true });
    const a = created.json[0];
    const put = await o.put(`/annotations/${a.id}`, { label: 'truck', metadata: { user: { n: 1 } } });
    expect([put.status, put.json.label, put.json.metadata.user.n, put.json.metadata.system.attributes]).toEqual([
      200,
      'truck',
      1,
      {},
    ]);
    expect((await o.put(`/annotations/${a.id}`, { metadata: { system: { status: 'approved' } } })).status).toBe(400);
    const st = await o.put(`/annotations/${a.id}?system=true`, { metadata: { system: { status: 'approved' } } });
    expect(st.json.metadata.system.status).toBe('approved');
    const cleared = await o.put(`/annotations/${a.id}?system=true`, { metadata: { system: { status: null } } });
    expect('status' in cleared.json.metadata.system).toBe(false);
    expect((await o.get(`/annotations/${a.id}`)).json.label).toBe('truck');
    expect((await o.del(`/annotations/${a.id}`)).status).toBe(200);
    expect((await o.get(`/annotations/${a.id}`)).status).toBe(404);
    expect((await o.get(`/items/${itemId}`)).json.annotationsCount).toBe(2);
    // annotator1 has no assignment yet: cannot see the item's annotations
    expect((await c.get(`/annotations/${created.json[1].id}`)).status).toBe(403);
  });

  it('rejects a batch with one bad entry naming its index, and writes nothing', async () => {
    const ds = await makeDataset(srv, 'ann-2');
    const [itemId] = await upload(srv, ds, ['/a.png']);
    const o = client(srv.url, srv.tokens.owner);
    const bad = {
      type: 'box',
      label: 'x',
      coordinates: [
        { x: 1, y: 'two' },
        { x: 3, y: 4 },
      ],
    };
    const r = await o.post(`/items/${itemId}/annotations`, [box('a'), box('b'), bad, box('c')]);
    expect(r.status).toBe(400);
    expect(r.json.message).toContain('[2]');
    expect(r.json.message).toContain('$.coordinates[0].y');
    const q = await o.post(`/datasets/${ds}/query`, { resource: 'annotations', filter: {} });
    expect(q.json.totalItemsCount).toBe(0);
    const tooMany = await o.post(
      `/items/${itemId}/annotations`,
      Array.from({ length: 101 }, () => box('a')),
    );
    expect(tooMany.status).toBe(400);
  });

  it('answers 409 with the current annotation for a stale If-Match (ETag or updatedAt tag); a body updatedAt is data', async () => {
    const ds = await makeDataset(srv, 'ann-3');
    const [itemId] = await upload(srv, ds, ['/a.png']);
    const o = client(srv.url, srv.tokens.owner);
    const created = await o.post(`/items/${itemId}/annotations`, box('car'));
    const etag = created.headers.get('etag')!;
    const first = await o.put(`/annotations/${created.json.id}`, { label: 'v2' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    const second = await o.put(`/annotations/${created.json.id}`, { label: 'v3' }, { 'if-match': etag });
    expect(second.status).toBe(409);
    expect(second.json.annotation.label).toBe('v2');
    const staleTag = await o.put(
      `/annotations/${created.json.id}`,
      { label: 'v4' },
      { 'if-match': `"${created.json.updatedAt}"` },
    );
    expect([staleTag.status, staleTag.json.annotation.label]).toEqual([409, 'v2']);
    const freshTag = await o.put(
      `/annotations/${created.json.id}`,
      { label: 'v4' },
      { 'if-match': `"${first.json.updatedAt}"` },
    );
    expect([freshTag.status, freshTag.json.label]).toEqual([200, 'v4']);
    // What the SDK does: update() then update_status() on one object sends its (now old) updatedAt back.
    const sdkLike = await o.put(`/annotations/${created.json.id}?system=true`, {
      updatedAt: created.json.updatedAt,
      metadata: { system: { status: 'approved' } },
    });
    expect([sdkLike.status, sdkLike.json.label, sdkLike.json.metadata.system.status]).toEqual([200, 'v4', 'approved']);
    expect(sdkLike.json.updatedAt > freshTag.json.updatedAt).toBe(true);
  });

  it('pages annotation queries', async () => {
    const ds = await makeDataset(srv, 'ann-4');
    const [itemId] = await upload(srv, ds, ['/a.png']);
    const o = client(srv.url, srv.tokens.owner);
    await o.post(
      `/items/${itemId}/annotations`,
      Array.from({ length: 25 }, (_, i) => box(`l${i}`)),
    );
    const p = await o.post(`/datasets/${ds}/query`, {
      resource: 'annotations',
      filter: { itemId },
      page: 2,
      pageSize: 10,
    });
    expect([p.json.totalItemsCount, p.json.totalPagesCount, p.json.hasNextPage, p.json.items.length]).toEqual([
      25,
      3,
      false,
      5,
    ]);
    const p0 = await o.post(`/datasets/${ds}/query`, {
      resource: 'annotations',
      filter: { itemId },
      page: 0,
      pageSize: 10,
    });
    expect(p0.json.hasNextPage).toBe(true);
  });
});
