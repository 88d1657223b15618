import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm, upload } from './helpers.js';
import { gradientPng } from '../images/generate.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe('app.request (no socket)', () => {
  it('answers health without a token and 401 JSON without one elsewhere', async () => {
    const app = srv.server.app;
    const h = await app.request('/health');
    expect(h.status).toBe(200);
    expect((await app.request('/api/v1/health')).status).toBe(200);
    const r = await app.request('/api/v1/projects');
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({
      message: 'missing bearer token',
      code: 'missing-token',
      requestId: r.headers.get('x-request-id'),
    });
    const bad = await app.request('/api/v1/projects', { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
  });

  it('lists the caller projects with their role', async () => {
    const r = await srv.server.app.request('/api/v1/projects', {
      headers: { authorization: `Bearer ${srv.tokens.annotator1}` },
    });
    const body = (await r.json()) as any[];
    expect(body.map((p) => [p.id, p.role])).toEqual([[srv.projectId, 'annotator']]);
  });

  it('creates a project from a form-encoded body', async () => {
    const r = await srv.server.app.request('/projects', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${srv.tokens.annotator2}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'name=Mine',
    });
    expect(r.status).toBe(201);
    const p = (await r.json()) as any;
    expect([p.name, p.role, p.creator]).toEqual(['Mine', 'owner', srv.users.annotator2.email]);
  });
});

describe('datasets over a loopback socket', () => {
  it('create, get, query, update, delete', async () => {
    const c = client(srv.url, srv.tokens.owner);
    const created = await c.post('/datasets', { name: 'cars', projects: [srv.projectId] });
    expect(created.status).toBe(201);
    expect(created.json.metadata.system.recipes).toHaveLength(1);
    expect((await c.post('/datasets', { name: 'cars', projects: [srv.projectId] })).status).toBe(409);
    const got = await c.get(`/datasets/${created.json.id}`);
    expect([got.json.name, got.json.itemsCount, got.json.url]).toEqual([
      'cars',
      0,
      `${srv.url}/datasets/${created.json.id}`,
    ]);
    const q = await c.post('/datasets/query', { filter: { name: 'cars' }, context: { projects: [srv.projectId] } });
    expect(q.json.items.map((d: any) => d.id)).toEqual([created.json.id]);
    const up = await c.patch(`/datasets/${created.json.id}`, { name: 'cars2' });
    expect(up.json.name).toBe('cars2');
    expect((await c.del(`/datasets/${created.json.id}`)).status).toBe(200);
    expect((await c.get(`/datasets/${created.json.id}`)).status).toBe(404);
  });
});

describe('items', () => {
  it('uploads with metadata, reads width/height, skips or overwrites duplicates', async () => {
    const ds = await makeDataset(srv, 'items-1');
    const c = client(srv.url, srv.tokens.owner);
    const r = await c.post(`/datasets/${ds}/items`, pngForm('/f/one.png', 33, 17, 1, { user: { k: 'v' } }));
    expect(r.status).toBe(201);
    expect(r.json.metadata.system).toMatchObject({
      width: 33,
      height: 17,
      mimetype: 'image/png',
      size: gradientPng(33, 17, 1).length,
    });
    expect(r.json.metadata.user).toEqual({ k: 'v' });
    expect([r.json.dir, r.json.name, r.json.filename]).toEqual(['/f', 'one.png', '/f/one.png']);
    const again = await c.post(`/datasets/${ds}/items?mode=skip`, pngForm('/f/one.png', 5, 5));
    expect([again.status, again.json.id, again.json.metadata.system.width]).toEqual([200, r.json.id, 33]);
    const over = await c.post(`/datasets/${ds}/items?mode=overwrite`, pngForm('/f/one.png', 5, 4));
    expect([over.status, over.json.id, over.json.metadata.system.width, over.json.metadata.system.height]).toEqual([
      200,
      r.json.id,
      5,
      4,
    ]);
    const folder = await c.post(`/datasets/${ds}/query`, { filter: { type: 'dir' } });
    expect(folder.json.items.map((i: any) => i.filename)).toEqual(['/f']);
  });

  it('streams with Range and the right content type, and serves a cached PNG thumbnail', async () => {
    const ds = await makeDataset(srv, 'items-2');
    const [id] = await upload(srv, ds, ['/big.png']);
    const c = client(srv.url, srv.tokens.owner);
    const full = await fetch(`${srv.url}/items/${id}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}` },
    });
    const bytes = new Uint8Array(await full.arrayBuffer());
    expect(full.headers.get('content-type')).toBe('image/png');
    expect(bytes).toEqual(gradientPng(8, 6, 0));
    const part = await fetch(`${srv.url}/items/${id}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}`, range: 'bytes=4-9' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-9/${bytes.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(4, 10));
    const tail = await fetch(`${srv.url}/items/${id}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}`, range: 'bytes=-3' },
    });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.slice(-3));
    const bad = await fetch(`${srv.url}/items/${id}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}`, range: `bytes=${bytes.length}-` },
    });
    expect(bad.status).toBe(416);
    const t = await c.get(`/items/${id}/thumbnail`);
    expect([t.status, t.headers.get('content-type'), t.headers.get('x-dl-thumbnail')]).toEqual([
      200,
      'image/png',
      'png',
    ]);
  });

  it('patches user metadata, refuses system metadata without ?system=true, deletes', async () => {
    const ds = await makeDataset(srv, 'items-3');
    const [id] = await upload(srv, ds, ['/p.png']);
    const c = client(srv.url, srv.tokens.owner);
    const p = await c.patch(`/items/${id}`, { metadata: { user: { a: 1 } }, description: 'hi' });
    expect([p.status, p.json.metadata.user, p.json.description, p.json.metadata.system.width]).toEqual([
      200,
      { a: 1 },
      'hi',
      8,
    ]);
    expect((await c.patch(`/items/${id}`, { metadata: { system: { x: 1 } } })).status).toBe(400);
    const sys = await c.patch(`/items/${id}?system=true`, { metadata: { system: { x: 1 } } });
    expect(sys.json.metadata.system.x).toBe(1);
    expect(
      (await c.patch(`/items/${id}?system=true`, { metadata: { system: { refs: [{ type: 'task', id: 'x' }] } } }))
        .status,
    ).toBe(400);
    expect((await c.del(`/items/${id}`)).status).toBe(200);
    expect((await c.get(`/items/${id}`)).status).toBe(404);
  });
});

describe('annotations', () => {
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

  it('answers 409 with the current annotation for a stale If-Match or updatedAt', async () => {
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
    const stale = await o.put(`/annotations/${created.json.id}`, { label: 'v4', updatedAt: created.json.updatedAt });
    expect(stale.status).toBe(409);
    const fresh = await o.put(`/annotations/${created.json.id}`, { label: 'v4', updatedAt: first.json.updatedAt });
    expect(fresh.status).toBe(200);
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

describe('CORS', () => {
  it('allows loopback origins in the test server and nothing else', async () => {
    const ok = await fetch(`${srv.url}/projects`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const no = await fetch(`${srv.url}/projects`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('more item routes', () => {
  it('moves items into a folder, lists an item annotations, serves JPEG bytes as their own thumbnail', async () => {
    const ds = await makeDataset(srv, 'more');
    const [a, b] = await upload(srv, ds, ['/m/a.png', '/m/b.png']);
    const o = client(srv.url, srv.tokens.owner);
    const fd = new FormData();
    fd.append('type', 'dir');
    fd.append('path', '/target/sub');
    const dir = await o.post(`/datasets/${ds}/items`, fd);
    expect([dir.status, dir.json.type, dir.json.filename]).toEqual([201, 'dir', '/target/sub']);
    const moved = await o.put(`/datasets/${ds}/items/${dir.json.id}`, [a, b]);
    expect(moved.json.map((i: any) => i.filename)).toEqual(['/target/sub/a.png', '/target/sub/b.png']);
    const tree = await o.get(`/datasets/${ds}/directoryTree`);
    expect(tree.json.children.map((n: any) => n.value.path).sort()).toEqual(['/m', '/target']);
    await o.post(`/items/${a}/annotations`, [box('x'), box('y')]);
    expect((await o.get(`/items/${a}/annotations`)).json.map((x: any) => x.label)).toEqual(['x', 'y']);
    // A minimal baseline JPEG header is enough for the type sniffer; the thumbnail falls back to the bytes.
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff,
      0xd9,
    ]);
    const j = new FormData();
    j.append('path', '/p.jpg');
    j.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'p.jpg');
    const up = await o.post(`/datasets/${ds}/items`, j);
    expect([up.json.metadata.system.mimetype, up.json.metadata.system.width, up.json.metadata.system.height]).toEqual([
      'image/jpeg',
      32,
      16,
    ]);
    const t = await fetch(`${srv.url}/items/${up.json.id}/thumbnail`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}` },
    });
    expect([t.headers.get('content-type'), t.headers.get('x-dl-thumbnail')]).toEqual(['image/jpeg', 'original']);
    expect(new Uint8Array(await t.arrayBuffer())).toEqual(jpeg);
  });
});
