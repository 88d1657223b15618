// Items: upload, read, stream (Range), thumbnails, patch, move, delete, and the fields only the server writes.
import { decode } from 'fast-png';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm, upload } from './helpers.js';
import { gradientPng } from '../images/generate.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

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
    expect(tree.json.children.map((n: any) => n.value.filename).sort()).toEqual(['/m', '/target']);
    await o.post(`/items/${a}/annotations`, [box('x'), box('y')]);
    expect((await o.get(`/items/${a}/annotations`)).json.map((x: any) => x.label)).toEqual(['x', 'y']);
    // A minimal baseline JPEG header is enough for the type sniffer; with no image data it gets the placeholder.
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
    expect([t.headers.get('content-type'), t.headers.get('x-dl-thumbnail')]).toEqual(['image/png', 'placeholder']);
    expect(decode(new Uint8Array(await t.arrayBuffer())).width).toBe(1);
    // A real JPEG gets a JPEG thumbnail made by libvips (not its own bytes), not enlarged.
    const real = await sharp({ create: { width: 640, height: 320, channels: 3, background: '#c86432' } })
      .jpeg()
      .toBuffer();
    const r = new FormData();
    r.append('path', '/real.jpg');
    r.append('file', new Blob([new Uint8Array(real)], { type: 'image/jpeg' }), 'real.jpg');
    const realItem = (await o.post(`/datasets/${ds}/items`, r)).json;
    const rt = await fetch(`${srv.url}/items/${realItem.id}/thumbnail`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}` },
    });
    expect([rt.headers.get('content-type'), rt.headers.get('x-dl-thumbnail')]).toEqual(['image/jpeg', 'jpeg']);
    const meta = await sharp(Buffer.from(await rt.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 256, 128]);
  });
});

describe('Range (RFC 9110 §14)', () => {
  let item: string;
  let size: number;

  beforeAll(async () => {
    const ds = await makeDataset(srv, 'http');
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, pngForm('/r.png', 20, 10));
    item = r.json.id;
    size = r.json.metadata.system.size;
  });

  const stream = (range?: string) =>
    fetch(`${srv.url}/items/${item}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}`, ...(range ? { range } : {}) },
    });

  it.each([
    ['bytes=0-3', 206, 0, 3],
    ['bytes=-4', 206, -4, -1],
    ['bytes=2-', 206, 2, -1],
    ['bytes=0-99999999999', 206, 0, -1],
    ['bytes=-99999999', 206, 0, -1],
  ])('%j is %i with the right slice', async (range, status, from, to) => {
    const r = await stream(range);
    const start = from < 0 ? size + from : from;
    const end = to < 0 ? size + to : to;
    expect(r.status).toBe(status);
    expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect((await r.arrayBuffer()).byteLength).toBe(end - start + 1);
  });
  it.each([
    'bytes=5-2',
    'items=0-1',
    'bytes=abc',
    'bytes=',
    'bytes=0-1,4-5',
    'bytes=--1',
    'bytes=1-2-3',
    'bytes=1 - 2',
  ])('an invalid or multi-range header %j is ignored: 200 with the whole body', async (range) => {
    const r = await stream(range);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-range')).toBeNull();
    expect((await r.arrayBuffer()).byteLength).toBe(size);
  });
  it('unsatisfiable ranges (start at/after the end, suffix of 0) are 416 with bytes */size', async () => {
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
      const r = await stream(range);
      expect(r.status, range).toBe(416);
      expect(r.headers.get('content-range')).toBe(`bytes */${size}`);
    }
  });
});

describe('server-managed fields and folders', () => {
  let ds: string;
  let items: string[];

  beforeAll(async () => {
    ds = await makeDataset(srv, 'access');
    items = await upload(srv, ds, ['/a/1.png', '/a/2.png', '/b/3.png', '/b/4.png']);
  });

  it('a folder cannot be renamed by PATCH (its items would keep the old path); move items instead', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const dir = (await o.post(`/datasets/${ds}/query`, { filter: { type: 'dir', filename: '/a' } })).json.items[0];
    expect((await o.patch(`/items/${dir.id}`, { filename: '/renamed' })).status).toBe(400);
    const tree = (await o.get(`/datasets/${ds}/directoryTree`)).json;
    const paths = tree.children.map((n: { value: { filename: string } }) => n.value.filename);
    expect(paths).toContain('/a');
    expect(paths).not.toContain('/renamed');
  });

  it('bulk update cannot change metadata.system.mimetype/size (a stored HTML type would be served)', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const r = await o.post(`/datasets/${ds}/query`, {
      filter: { name: '4.png' },
      update: { metadata: { system: { mimetype: 'text/html' } } },
      systemSpace: true,
    });
    expect(r.status).toBe(400);
    const s = await fetch(`${srv.url}/items/${items[3]}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}` },
    });
    expect(s.headers.get('content-type')).toBe('image/png');
  });

  it('deleting a folder whose name has a * deletes only that folder', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const ds2 = await makeDataset(srv, 'star');
    await upload(srv, ds2, ['/x*/in.png', '/xyz/keep.png', '/x*y/keep2.png']);
    const dir = (await o.post(`/datasets/${ds2}/query`, { filter: { type: 'dir', name: { $in: ['x*'] } } })).json.items;
    const star = dir.find((d: { filename: string }) => d.filename === '/x*');
    expect((await o.del(`/items/${star.id}`)).status).toBe(200);
    const left = (await o.post(`/datasets/${ds2}/query`, { filter: { type: 'file' } })).json.items
      .map((i: { filename: string }) => i.filename)
      .sort();
    expect(left).toEqual(['/x*y/keep2.png', '/xyz/keep.png']);
  });

  it('a PATCH cannot rename an item to the root or to an empty name', async () => {
    const o = client(srv.url, srv.tokens.owner);
    expect((await o.patch(`/items/${items[3]}`, { filename: '/' })).status).toBe(400);
    expect((await o.patch(`/items/${items[3]}`, { filename: '/b/' })).status).toBe(400);
  });
});
