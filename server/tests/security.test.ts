// Hostile input: paths that try to leave the data folder, content types, binary masks that are not
// what they claim, no stack traces in error answers, odd remote paths, CORS closed by default, no
// HTML anywhere, hostile bodies on every write route. (Size limits: limits.test.ts.)
import { zlibSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngDataUrl, rawPng } from '../../src/entities/annotations/test-utils/raw-png.js';
import { existsSync, readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset, pngForm, box, upload } from './helpers.js';
import { gradientPng } from '../images/generate.js';
import { tmpdir } from 'node:os';
import { createApp } from '../app.js';

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

describe('binary masks', () => {
  const mask = (coordinates: unknown) => ({
    type: 'binary',
    label: 'road',
    coordinates,
    metadata: { system: {} },
  });
  const bomb = rawPng({ width: 8, height: 6, idat: zlibSync(new Uint8Array(4 * 1024 * 1024)) });
  it.each([
    ['not base64', 'data:image/png;base64,!!not base64!!', /not base64/],
    ['not a PNG', `data:image/png;base64,${Buffer.from('GIF89a'.padEnd(40, '.')).toString('base64')}`, /PNG signature/],
    [
      'a 20000x20000 header on an 8x6 item',
      pngDataUrl(rawPng({ width: 20000, height: 20000, idat: zlibSync(new Uint8Array(9)) })),
      /more than/,
    ],
    ['a mask of another size than its item', pngDataUrl(rawPng({ width: 9, height: 6 })), /item's size 8x6/],
    ['image data that inflates past its header (a bomb)', pngDataUrl(bomb), /inflates to more than/],
    ['a file cut before IEND', pngDataUrl(rawPng({ width: 8, height: 6, noEnd: true })), /no IEND/],
  ])('%s is 400 naming $.coordinates, and nothing is stored (create and PUT)', async (_name, url, why) => {
    const c = client(srv.url, srv.tokens.owner);
    const item = (await c.post(`/datasets/${ds}/items`, pngForm(`/masks/${Math.random()}.png`))).json;
    const r = await c.post(`/items/${item.id}/annotations`, [
      mask(pngDataUrl(rawPng({ width: 8, height: 6 }))),
      mask(url),
    ]);
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/annotation \[1\]: \$\.coordinates/);
    expect(r.json.message).toMatch(why);
    expect((await c.get(`/items/${item.id}`)).json.annotationsCount).toBe(0);
    const ok = await c.post(`/items/${item.id}/annotations`, mask(pngDataUrl(rawPng({ width: 8, height: 6 }))));
    expect(ok.status).toBe(201);
    const put = await c.put(`/annotations/${ok.json.id}`, { coordinates: url });
    expect(put.status).toBe(400);
    expect((await c.get(`/annotations/${ok.json.id}`)).json.coordinates).toBe(ok.json.coordinates);
  });
});

describe('invalid UTF-8', () => {
  const send = (path: string, body: Uint8Array, method = 'POST') =>
    fetch(`${srv.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${srv.tokens.owner}`, 'content-type': 'application/json' },
      body: body as Uint8Array<ArrayBuffer>,
    });
  const json = (text: string, bad: number[]) => {
    // `text` with the marker XX replaced by raw bytes that are not UTF-8.
    const [a, b] = text.split('XX');
    return new Uint8Array([...Buffer.from(a!), ...bad, ...Buffer.from(b!)]);
  };

  it.each([
    ['a lone continuation byte', [0x80]],
    ['0xFF', [0xff]],
    ['a cut 3-byte sequence', [0xe2, 0x82]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate as UTF-8', [0xed, 0xa0, 0x80]],
  ])('%s in a JSON body is 400 and nothing is stored', async (_name, bad) => {
    const c = client(srv.url, srv.tokens.owner);
    const item = (await c.post(`/datasets/${ds}/items`, pngForm(`/utf8/${Math.random()}.png`))).json;
    const body = json('[{"type":"box","label":"caXX","coordinates":[{"x":1,"y":1},{"x":3,"y":3}]}]', bad);
    const r = await send(`/items/${item.id}/annotations`, body);
    expect([r.status, (await r.json()).message]).toEqual([400, 'body is not valid UTF-8']);
    expect((await c.get(`/items/${item.id}`)).json.annotationsCount).toBe(0);
    const p = await send(`/items/${item.id}`, json('{"description":"xXXy"}', bad), 'PATCH');
    expect(p.status).toBe(400);
    expect((await c.get(`/items/${item.id}`)).json.description).toBeUndefined();
  });

  it('in a multipart text field is 400; valid UTF-8 (emoji, CJK) is stored exactly', async () => {
    const c = client(srv.url, srv.tokens.owner);
    // A text field with raw bytes (FormData would re-encode a string): built by hand.
    const b = 'utf8-boundary-x';
    const part = (headers: string, body: Uint8Array) =>
      Buffer.concat([Buffer.from(`--${b}\r\n${headers}\r\n\r\n`), body, Buffer.from('\r\n')]);
    const raw = Buffer.concat([
      part('content-disposition: form-data; name="path"', Buffer.from('/utf8/form.png')),
      part('content-disposition: form-data; name="metadata"', json('{"user":{"n":"aXXb"}}', [0xff, 0xfe])),
      part(
        'content-disposition: form-data; name="file"; filename="form.png"\r\ncontent-type: image/png',
        gradientPng(8, 6),
      ),
      Buffer.from(`--${b}--\r\n`),
    ]);
    const res = await fetch(`${srv.url}/datasets/${ds}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${srv.tokens.owner}`, 'content-type': `multipart/form-data; boundary=${b}` },
      body: new Uint8Array(raw),
    });
    expect([res.status, (await res.json()).message]).toEqual([400, 'form field "metadata" is not valid UTF-8']);
    const q = await c.post(`/datasets/${ds}/query`, { filter: { name: 'form.png' } });
    expect(q.json.totalItemsCount).toBe(0);
    const ok = await c.post(`/datasets/${ds}/items`, pngForm('/utf8/ok.png', 8, 6, 1, { user: { n: '猫 🐈 é' } }));
    expect([ok.status, ok.json.metadata.user.n]).toEqual([201, '猫 🐈 é']);
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

// Odd remote paths and file names, CORS closed by default, and no HTML anywhere.
describe('remote paths, CORS and HTML', () => {
  let httpDs: string;
  let item: string;
  beforeAll(async () => {
    httpDs = await makeDataset(srv, 'http');
    item = (await client(srv.url, srv.tokens.owner).post(`/datasets/${httpDs}/items`, pngForm('/r.png', 20, 10))).json
      .id;
  });

  describe('remote paths', () => {
    const up = (path: string, name = 'f.png') => {
      const fd = pngForm(path);
      if (name !== 'f.png') {
        fd.delete('file');
        fd.append('file', pngForm('/x.png').get('file') as Blob, name);
      }
      return client(srv.url, srv.tokens.owner).post(`/datasets/${httpDs}/items`, fd);
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
      expect((await client(srv.url, srv.tokens.owner).post(`/datasets/${httpDs}/items`, fd)).status).toBe(400);
    });
    it('stores names in Unicode NFC: the NFD spelling of a name is the same item', async () => {
      const c = client(srv.url, srv.tokens.owner);
      const nfc = await up('/caf\u00e9.png');
      const nfd = await up('/cafe\u0301.png');
      expect(nfc.status).toBe(201);
      expect([nfd.status, nfd.json.id, nfd.json.filename]).toEqual([200, nfc.json.id, '/caf\u00e9.png']);
      const q = await c.post(`/datasets/${httpDs}/query`, { filter: { name: 'cafe\u0301.png' } });
      expect(q.json.totalItemsCount).toBe(1);
    });
  });

  describe('CORS and HTML', () => {
    it('is closed by default and open only to configured origins', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dlkit-cors-'));
      try {
        const closed = await createApp({ dataDir: dir });
        const pre = await closed.app.request('/api/v1/projects', {
          method: 'OPTIONS',
          headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
        });
        expect(pre.headers.get('access-control-allow-origin')).toBeNull();
        const get = await closed.app.request('/api/v1/health', { headers: { origin: 'http://localhost:5173' } });
        expect(get.headers.get('access-control-allow-origin')).toBeNull();
        await closed.close();
        const open = await createApp({ dataDir: dir, corsOrigins: ['https://app.example'] });
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
        await open.close();
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
});

// Hostile bodies on every write route (enumerated from the route table) and hostile DQL: every
// answer is a 4xx JSON {message} (or a success), never a 500, never a SQL error text.
describe('hostile JSON bodies on every write route', () => {
  let ids: Record<string, string>;

  beforeAll(async () => {
    const o = client(srv.url, srv.tokens.owner);
    const ds = await makeDataset(srv, 'fuzz');
    const [item] = await upload(srv, ds, ['/d/a.png']);
    const dir = (await o.post(`/datasets/${ds}/query`, { filter: { type: 'dir', filename: '/d' } })).json.items[0].id;
    const ann = (await o.post(`/items/${item}/annotations`, box('cat'))).json.id;
    const task = (
      await o.post('/annotationtasks', {
        name: 't',
        datasetId: ds,
        itemIds: [item],
        assignees: [srv.users.annotator1.email],
        asynced: false,
      })
    ).json;
    const recipe = (await o.get(`/datasets/${ds}`)).json.metadata.system.recipes[0];
    const ontology = (await o.get(`/recipes/${recipe}`)).json.ontologyIds[0];
    ids = {
      datasets: ds,
      ds,
      items: item!,
      item: item!,
      itemId: item!,
      dirId: dir,
      annotations: ann,
      annotationtasks: task.id,
      taskId: task.id,
      assignments: task.assignmentIds[0],
      recipes: recipe,
      ontologies: ontology,
      projects: srv.projectId,
      commands: '0123456789abcdef01234567',
      email: 'someone@dlkit.test',
      name: 'Test project',
    };
  });

  /** Fill `:param` from the preceding path segment (`/items/:id` -> an item id). */
  function concrete(path: string): string {
    const parts = path.split('/');
    return parts.map((p, i) => (p.startsWith(':') ? (ids[p.slice(1)] ?? ids[parts[i - 1]!] ?? 'x') : p)).join('/');
  }

  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const deepObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  const BODIES: [string, string][] = [
    ['null', 'null'],
    ['array', '[]'],
    ['number', '5'],
    ['string', '"s"'],
    ['empty object', '{}'],
    ['proto keys', '{"__proto__":{"x":1},"constructor":{"prototype":{}}}'],
    ['deep array', deep(5000)],
    ['deep object', deepObj(5000)],
    ['metadata deep', `{"metadata":{"user":${deepObj(1500)}}}`],
  ];

  async function send(method: string, path: string, body: string) {
    // Sign-out revokes the token it is sent with: give it a throwaway token of the owner, not the shared one.
    const token = path.endsWith('/users/me/logout')
      ? await srv.server.issueToken(srv.users.owner.email)
      : srv.tokens.owner;
    const res = await srv.server.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  it('never answer 500, always JSON {message} on errors', async () => {
    const routes = srv.server.app.routes.filter(
      (r) =>
        ['POST', 'PUT', 'PATCH'].includes(r.method) &&
        r.path.startsWith('/api/v1/') &&
        !r.path.endsWith('/datasets/:id/items'),
    );
    const seen = new Set<string>();
    const failures: string[] = [];
    for (const r of routes) {
      if (seen.has(`${r.method} ${r.path}`)) continue;
      seen.add(`${r.method} ${r.path}`);
      for (const [name, body] of BODIES) {
        const res = await send(r.method, concrete(r.path), body);
        if (res.status >= 500 || (res.status >= 400 && typeof res.json?.message !== 'string'))
          failures.push(`${r.method} ${r.path} [${name}] -> ${res.status} ${res.text.slice(0, 100)}`);
      }
    }
    expect(seen.size).toBeGreaterThan(25);
    expect(failures).toEqual([]);
  });
});
