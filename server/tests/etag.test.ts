import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, upload } from './helpers.js';

let srv: TestServer;
let ds: string;
let items: string[];
beforeAll(async () => {
  srv = await startTestServer();
  ds = await makeDataset(srv, 'etag');
  items = await upload(srv, ds, ['/e/0.png', '/e/1.png']);
});
afterAll(() => srv.close());

const raw = (path: string, init: RequestInit = {}) =>
  fetch(srv.url + path, {
    ...init,
    headers: { authorization: `Bearer ${srv.tokens.owner}`, ...(init.headers as Record<string, string>) },
  });
const queryInit = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

describe('conditional GET of entities', () => {
  it('GET /items/{id} carries an ETag; a matching If-None-Match is 304 without a body; a change makes it stale', async () => {
    const first = await raw(`/items/${items[0]}`);
    const text = await first.text();
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/".+"$/);
    // the tag names the body: a second method (sha256 of the bytes we received) must give the same value
    expect(etag).toBe(`W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`);
    const again = await raw(`/items/${items[0]}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const listed = await raw(`/items/${items[0]}`, {
      headers: { 'if-none-match': `"nope", ${etag.replace(/^W\//, '')}` },
    });
    expect(listed.status).toBe(304); // weak comparison, any tag in the list
    const patch = await raw(`/items/${items[0]}`, {
      method: 'PATCH',
      body: JSON.stringify({ metadata: { user: { x: 1 } } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(patch.status).toBe(200);
    const after = await raw(`/items/${items[0]}`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await after.json()).metadata.user.x).toBe(1);
  });

  it('GET /annotations/{id} keeps its version ETag and answers 304 to it', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const a = await o.post(`/items/${items[1]}/annotations`, box('cat'));
    const etag = a.headers.get('etag')!;
    expect(etag).toBe(`"${a.json.id}.1"`);
    const r = await raw(`/annotations/${a.json.id}`, { headers: { 'if-none-match': etag } });
    expect(r.status).toBe(304);
    const other = await raw(`/annotations/${a.json.id}`, { headers: { 'if-none-match': `"${a.json.id}.0"` } });
    expect(other.status).toBe(200);
  });

  it('errors are never 304', async () => {
    const r = await raw(`/items/000000000000000000000000`, { headers: { 'if-none-match': '*' } });
    expect(r.status).toBe(404);
  });
});

describe('conditional DQL query', () => {
  it('a page carries an ETag; the same query with If-None-Match is 304; new data or another query is 200', async () => {
    const body = { filter: { dir: '/e' }, sort: { filename: 'ascending' } };
    const first = await raw(`/datasets/${ds}/query`, queryInit(body));
    const text = await first.text();
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toBe(`W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`);
    const again = await raw(`/datasets/${ds}/query`, queryInit(body, { 'if-none-match': etag }));
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const otherQuery = await raw(
      `/datasets/${ds}/query`,
      queryInit({ ...body, pageSize: 1 }, { 'if-none-match': etag }),
    );
    expect(otherQuery.status).toBe(200);
    await upload(srv, ds, ['/e/2.png']);
    const changed = await raw(`/datasets/${ds}/query`, queryInit(body, { 'if-none-match': etag }));
    expect(changed.status).toBe(200);
    expect((await changed.json()).totalItemsCount).toBe(3);
  });

  it('bulk operations ignore If-None-Match (they always run)', async () => {
    const upd = { filter: { dir: '/e' }, update: { metadata: { user: { bulk: true } } } };
    const a = await raw(`/datasets/${ds}/query`, queryInit(upd));
    const etag = a.headers.get('etag');
    const b = await raw(`/datasets/${ds}/query`, queryInit(upd, { 'if-none-match': etag ?? '*' }));
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await b.json()).affected).toBe(3);
  });
});
