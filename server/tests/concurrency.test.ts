// Rules that check and then write hold under concurrent requests (on SQLite one transaction runs
// at a time; on PostgreSQL they run side by side and conflicts rerun): one item per path, one
// folder per path, one dataset per name, a project keeps an owner, an annotation version moves once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm } from './helpers.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

const N = 8;
const all = <T>(f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: N }, (_, i) => f(i)));

describe('concurrent requests', () => {
  it('uploads of one new path in new folders make one item and one item per folder', async () => {
    const ds = await makeDataset(srv, 'same-path');
    const c = client(srv.url, srv.tokens.owner);
    const answers = await all(() => c.post(`/datasets/${ds}/items`, pngForm('/x/y/z/same.png')));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((r) => r.json.id)).size).toBe(1);
    const q = await c.post(`/datasets/${ds}/query`, { filter: {}, pageSize: 100 });
    expect(q.json.items.map((i: { filename: string }) => i.filename).sort()).toEqual([
      '/x',
      '/x/y',
      '/x/y/z',
      '/x/y/z/same.png',
    ]);
  });

  it('datasets with one name in one project: one is created, the others are 409', async () => {
    const c = client(srv.url, srv.tokens.owner);
    const answers = await all(() => c.post('/datasets', { name: 'twin', projects: [srv.projectId] }));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it('two owners demoting each other at once leave one owner (6 projects, raced at once)', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const m = client(srv.url, srv.tokens.manager);
    const projects: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = (await o.post('/projects', { name: `owners-${i}` })).json.id as string;
      expect((await o.post(`/projects/${p}/members/manager@dlkit.test`, { role: 'owner' })).status).toBe(201);
      projects.push(p);
    }
    const answers = await Promise.all(
      projects.flatMap((p) => [
        o.post(`/projects/${p}/members/manager@dlkit.test`, { role: 'engineer' }),
        m.post(`/projects/${p}/members/owner@dlkit.test`, { role: 'engineer' }),
      ]),
    );
    for (const [i, p] of projects.entries()) {
      // One applies; the other is refused: 409 (last owner), or 403 when its caller was demoted first.
      const statuses = [answers[2 * i]!.status, answers[2 * i + 1]!.status].sort();
      expect(statuses[0]).toBe(201);
      expect([403, 409]).toContain(statuses[1]);
      const members = (await o.get(`/projects/${p}/members`)).json as { role: string }[];
      expect(members.filter((r) => r.role === 'owner')).toHaveLength(1);
    }
  });

  it('PUTs with the same If-Match: one applies, the others are 409 with the current version', async () => {
    const ds = await makeDataset(srv, 'versions');
    const c = client(srv.url, srv.tokens.owner);
    const item = (await c.post(`/datasets/${ds}/items`, pngForm('/v.png'))).json.id;
    const created = await c.post(`/items/${item}/annotations`, box('v'));
    const etag = created.headers.get('etag')!;
    const answers = await all((i) =>
      c.put(`/annotations/${created.json.id}`, { label: `v${i}` }, { 'if-match': etag }),
    );
    const ok = answers.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(N - 1);
    const now = await c.get(`/annotations/${created.json.id}`);
    expect([now.json.label, now.headers.get('etag')]).toEqual([ok[0]!.json.label, `"${created.json.id}.2"`]);
  });

  it('annotation creates on one item at once keep its count exact', async () => {
    const ds = await makeDataset(srv, 'counts');
    const c = client(srv.url, srv.tokens.owner);
    const item = (await c.post(`/datasets/${ds}/items`, pngForm('/c.png'))).json.id;
    const answers = await all(() => c.post(`/items/${item}/annotations`, [box('a'), box('b')]));
    expect(answers.every((r) => r.status === 201)).toBe(true);
    expect((await c.get(`/items/${item}`)).json.annotationsCount).toBe(2 * N);
  });
});
