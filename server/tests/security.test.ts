// Limits and hostile input: size limits (413), paths that try to leave the data folder, content
// types, and no stack traces in error answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset, pngForm } from './helpers.js';
import { gradientPng } from '../images/generate.js';

let srv: TestServer;
let ds: string;
beforeAll(async () => {
  srv = await startTestServer({ limits: { jsonBytes: 64 * 1024, uploadBytes: 256 * 1024 } });
  ds = await makeDataset(srv, 'sec');
});
afterAll(() => srv.close());

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('size limits', () => {
  it('a JSON body over the limit is 413 JSON', async () => {
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/query`, {
      filter: { name: 'x'.repeat(70 * 1024) },
    });
    expect(r.status).toBe(413);
    expect(r.json.message).toMatch(/larger than/);
  });
  it('an upload over the limit is 413 and stores nothing', async () => {
    const fd = new FormData();
    fd.append('path', '/big.bin');
    fd.append('file', new Blob([new Uint8Array(300 * 1024)], { type: 'application/octet-stream' }), 'big.bin');
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, fd);
    expect(r.status).toBe(413);
    const q = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/query`, { filter: { name: 'big.bin' } });
    expect(q.json.totalItemsCount).toBe(0);
  });
});

describe('paths cannot escape the data folder', () => {
  it.each(['/../../../../tmp/evil.png', '../escape.png', '/a/../../b.png', '/ok/..\\..\\x.png', '/nul\u0000.png'])(
    'refuses %j',
    async (path) => {
      const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, pngForm(path));
      expect(r.status).toBe(400);
    },
  );
  it('a hostile file name is stored only as data; binaries live under the item id inside the data folder', async () => {
    const fd = new FormData();
    fd.append('path', '/x/');
    fd.append(
      'file',
      new Blob([gradientPng(4, 4) as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
      '..%2F..%2Fevil <script>.png',
    );
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, fd);
    expect(r.status).toBe(201);
    expect(r.json.filename).toBe('/x/..%2F..%2Fevil <script>.png');
    const files = filesUnder(srv.dataDir);
    expect(files.every((f) => resolve(f).startsWith(resolve(srv.dataDir)))).toBe(true);
    expect(files.some((f) => f.includes('evil'))).toBe(false);
    expect(existsSync(join(srv.dataDir, 'blobs', 'items', r.json.id.slice(-2), r.json.id))).toBe(true);
  });
  it('ids in URLs are never used as paths: a traversal id is a 404', async () => {
    const r = await client(srv.url, srv.tokens.owner).get('/items/..%2F..%2Fjwt-secret/stream');
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.json)).not.toContain(srv.dataDir);
  });
});

describe('content types', () => {
  it('a declared PNG whose bytes are not a PNG is 415; unknown types are 415; the sniffed type wins', async () => {
    const c = client(srv.url, srv.tokens.owner);
    const fake = new FormData();
    fake.append('path', '/fake.png');
    fake.append('file', new Blob(['<html>hi</html>'], { type: 'image/png' }), 'fake.png');
    expect((await c.post(`/datasets/${ds}/items`, fake)).status).toBe(415);
    const html = new FormData();
    html.append('path', '/page.html');
    html.append('file', new Blob(['<html><script>alert(1)</script></html>'], { type: 'text/html' }), 'page.html');
    expect((await c.post(`/datasets/${ds}/items`, html)).status).toBe(415);
    const disguised = new FormData();
    disguised.append('path', '/real.bin');
    disguised.append(
      'file',
      new Blob([gradientPng(3, 2) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
      'real.bin',
    );
    const r = await c.post(`/datasets/${ds}/items`, disguised);
    expect([r.status, r.json.metadata.system.mimetype, r.json.metadata.system.width]).toEqual([201, 'image/png', 3]);
    const s = await fetch(`${srv.url}/items/${r.json.id}/stream`, {
      headers: { authorization: `Bearer ${srv.tokens.owner}` },
    });
    expect([s.headers.get('content-type'), s.headers.get('x-content-type-options')]).toEqual(['image/png', 'nosniff']);
  });
  it('a JSON upload endpoint refuses non-multipart bodies with 415', async () => {
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, { path: '/x.png' });
    expect(r.status).toBe(415);
  });
});

describe('error answers', () => {
  it('malformed JSON is 400 { message } without a stack trace; unknown routes are 404 JSON', async () => {
    const r = await fetch(`${srv.url}/datasets/${ds}/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${srv.tokens.owner}`, 'content-type': 'application/json' },
      body: '{"filter": ',
    });
    const text = await r.text();
    expect(r.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ message: 'body is not valid JSON', requestId: r.headers.get('x-request-id') });
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    const nf = await client(srv.url, srv.tokens.owner).get('/nope');
    expect([nf.status, typeof nf.json.message]).toEqual([404, 'string']);
  });
});
