// Datasets: create, get, query, update, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { client } from './helpers.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

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
