// HTTP edges found by review: Range per RFC 9110 §14, upload limits before buffering, odd remote
// paths, CORS closed by default, and no HTML anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset, pngForm } from './helpers.js';

let srv: TestServer;
let ds: string;
let item: string;
let size: number;

beforeAll(async () => {
  srv = await startTestServer({ limits: { jsonBytes: 64 * 1024, uploadBytes: 256 * 1024 } });
  ds = await makeDataset(srv, 'http');
  const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, pngForm('/r.png', 20, 10));
  item = r.json.id;
  size = r.json.metadata.system.size;
});
afterAll(() => srv.close());

const stream = (range?: string) =>
  fetch(`${srv.url}/items/${item}/stream`, {
    headers: { authorization: `Bearer ${srv.tokens.owner}`, ...(range ? { range } : {}) },
  });

describe('Range (RFC 9110 §14)', () => {
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

describe('upload limits', () => {
  const raw = (headers: Record<string, string | number>, body?: (req: ReturnType<typeof request>) => void) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const u = new URL(`${srv.url}/datasets/${ds}/items`);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${srv.tokens.owner}`, ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      if (body) body(req);
      else req.flushHeaders();
    });

  it('a declared content-length over the limit is 413 before any body byte is sent', async () => {
    const r = await raw({
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': 10 * 1024 * 1024 * 1024,
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).message).toMatch(/larger than/);
  });
  it('a chunked upload is cut off at the limit with 413', async () => {
    const r = await raw(
      { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
      (req) => {
        req.write(
          '--x\r\ncontent-disposition: form-data; name="file"; filename="a.bin"\r\ncontent-type: application/octet-stream\r\n\r\n',
        );
        const chunk = Buffer.alloc(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 2 * 1024 * 1024) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end('\r\n--x--\r\n');
        };
        req.on('error', () => {});
        pump();
      },
    );
    expect(r.status).toBe(413);
  });
});

describe('remote paths', () => {
  const up = (path: string, name = 'f.png') => {
    const fd = pngForm(path);
    if (name !== 'f.png') {
      fd.delete('file');
      fd.append('file', pngForm('/x.png').get('file') as Blob, name);
    }
    return client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, fd);
  };
  it.each([
    ['a right-to-left override', '/evil\u202Egnp.exe'],
    ['a C1 control', '/a\u0085b.png'],
    ['a line separator', '/a\u2028b.png'],
    ['a path over 1024 characters', '/' + 'a'.repeat(1030) + '.png'],
    ['a Windows drive path', 'C:\\Users\\x.png'],
    ['only dots', '/../..'],
  ])('refuses %s with 400', async (_n, path) => {
    const r = await up(path);
    expect([r.status, typeof r.json.message]).toEqual([400, 'string']);
  });
  it('refuses an odd multipart file name when there is no path', async () => {
    const fd = new FormData();
    fd.append('file', pngForm('/x.png').get('file') as Blob, 'bad\u202Ename.png');
    expect((await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/items`, fd)).status).toBe(400);
  });
  it('stores names in Unicode NFC: the NFD spelling of a name is the same item', async () => {
    const c = client(srv.url, srv.tokens.owner);
    const nfc = await up('/caf\u00e9.png');
    const nfd = await up('/cafe\u0301.png');
    expect(nfc.status).toBe(201);
    expect([nfd.status, nfd.json.id, nfd.json.filename]).toEqual([200, nfc.json.id, '/caf\u00e9.png']);
    const q = await c.post(`/datasets/${ds}/query`, { filter: { name: 'cafe\u0301.png' } });
    expect(q.json.totalItemsCount).toBe(1);
  });
});

describe('CORS and HTML', () => {
  it('is closed by default and open only to configured origins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlkit-cors-'));
    try {
      const closed = createApp({ dataDir: dir });
      const pre = await closed.app.request('/api/v1/projects', {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
      });
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const get = await closed.app.request('/api/v1/health', { headers: { origin: 'http://localhost:5173' } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
      closed.close();
      const open = createApp({ dataDir: dir, corsOrigins: ['https://app.example'] });
      const ok = await open.app.request('/api/v1/projects', {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
      });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const other = await open.app.request('/api/v1/projects', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const nul = await open.app.request('/api/v1/health', { headers: { origin: 'null' } });
      expect(nul.headers.get('access-control-allow-origin')).toBeNull();
      open.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never answers HTML: errors, odd URLs and user text come back as JSON data', async () => {
    const c = client(srv.url, srv.tokens.owner);
    const label = '<img src=x onerror=alert(1)>';
    const r = await c.patch(`/items/${item}`, { description: label });
    expect(r.json.description).toBe(label);
    for (const path of [
      '/items/%E0%A4%A',
      '/no/such/route',
      '/items/' + 'x'.repeat(3000),
      '/datasets/%00/query',
      '/items/<script>',
    ]) {
      const res = await fetch(srv.url + path, { headers: { authorization: `Bearer ${srv.tokens.owner}` } });
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    const anon = await fetch(srv.url.replace('/api/v1', '') + '/', { headers: { accept: 'text/html' } });
    expect(anon.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
