import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset, upload } from './helpers.js';

// Fixture (derived by hand from the status routes' documented effect: a status is written to the
// task's ref and to the item's assignment ref of that task):
//   A: refs T1 (completed), assignment of T1 (completed)
//   B: refs T1 (no status), assignment of T1 (no status), T2 (completed), assignment of T2 (completed)
//   C: no refs
let srv: TestServer;
let ds: string;
let A: string, B: string, C: string;
let t1: string, t2: string;
beforeAll(async () => {
  srv = await startTestServer();
  ds = await makeDataset(srv, 'refs-status');
  [A, B, C] = (await upload(srv, ds, ['/s/a.png', '/s/b.png', '/s/c.png'])) as [string, string, string];
  const o = client(srv.url, srv.tokens.owner);
  const mk = async (name: string, itemIds: string[]) => {
    const r = await o.post('/annotationtasks', {
      name,
      datasetId: ds,
      itemIds,
      assignees: [srv.users.annotator1.email],
      asynced: false,
    });
    if (r.status >= 300) throw new Error(JSON.stringify(r.json));
    return r.json.id as string;
  };
  t1 = await mk('T1', [A, B]);
  t2 = await mk('T2', [B]);
  const s1 = await o.post(`/assignments/items/tasks/${t1}/status`, {
    itemIds: [A],
    statusPayload: { operation: 'create', status: 'completed' },
  });
  const s2 = await o.post(`/assignments/items/tasks/${t2}/status`, {
    itemIds: [B],
    statusPayload: { operation: 'create', status: 'completed' },
  });
  if (s1.status !== 200 || s2.status !== 200) throw new Error('status route failed');
});
afterAll(() => srv.close());

const q = async (filter: Record<string, unknown>) => {
  const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${ds}/query`, {
    filter: { $and: [{ dir: '/s' }, filter] },
  });
  expect(r.status).toBe(200);
  const names: Record<string, string> = { [A]: 'A', [B]: 'B', [C]: 'C' };
  return r.json.items.map((i: any) => names[i.id]).sort();
};
const S = 'metadata.system.refs.metadata.status';

describe('DQL on metadata.system.refs.metadata.status', () => {
  it('equality, $eq and $in match items that have a ref with that status', async () => {
    expect(await q({ [S]: 'completed' })).toEqual(['A', 'B']);
    expect(await q({ [S]: { $eq: 'discard' } })).toEqual([]);
    expect(await q({ [S]: { $in: ['discard', 'completed'] } })).toEqual(['A', 'B']);
  });

  it('$ne / $exists look at one ref at a time; items without refs never match a refs filter', async () => {
    expect(await q({ [S]: { $ne: 'completed' } })).toEqual(['B']); // B's T1 refs have no status
    expect(await q({ [S]: { $exists: true } })).toEqual(['A', 'B']);
    expect(await q({ [S]: { $exists: false } })).toEqual(['B']);
  });

  it('refs conditions in one object describe the same ref; separate $and members do not (MongoDB array semantics)', async () => {
    // B has a T1 ref (no status) and a completed T2 ref: it has "a ref T1" and "a completed ref".
    expect(await q({ $and: [{ 'metadata.system.refs.id': t1 }, { [S]: 'completed' }] })).toEqual(['A', 'B']);
    expect(await q({ 'metadata.system.refs.id': t1, [S]: 'completed' })).toEqual(['A']);
    // An assignment's items inside its task (what the task board asks): both refs, independently.
    expect(
      await q({ $and: [{ 'metadata.system.refs.id': { $in: [t1] } }, { 'metadata.system.refs.id': { $in: [t2] } }] }),
    ).toEqual(['B']);
    expect(await q({ 'metadata.system.refs.id': t2, [S]: 'completed' })).toEqual(['B']);
    expect(await q({ 'metadata.system.refs.id': t1, [S]: { $ne: 'completed' } })).toEqual(['B']);
    expect(await q({ $and: [{ 'metadata.system.refs.id': { $in: [t1, t2] } }, { [S]: { $exists: false } }] })).toEqual([
      'B',
    ]);
    expect(await q({ 'metadata.system.refs.type': 'task', 'metadata.system.refs.id': t1, [S]: 'completed' })).toEqual([
      'A',
    ]);
  });

  it('$or keeps "any ref" meaning', async () => {
    expect(await q({ $or: [{ 'metadata.system.refs.id': t2 }, { [S]: 'completed' }] })).toEqual(['A', 'B']);
  });

  it('follows status changes and removals', async () => {
    const o = client(srv.url, srv.tokens.owner);
    await o.post(`/assignments/items/tasks/${t1}/status`, {
      itemIds: [A],
      statusPayload: { operation: 'delete', status: 'completed' },
    });
    expect(await q({ 'metadata.system.refs.id': t1, [S]: 'completed' })).toEqual([]);
    await o.post(`/assignments/items/tasks/${t1}/status`, {
      itemIds: [A],
      statusPayload: { operation: 'create', status: 'discard' },
    });
    expect(await q({ [S]: 'discard' })).toEqual(['A']);
    expect(await q({ 'metadata.system.refs.id': t1, [S]: { $in: ['discard'] } })).toEqual(['A']);
  });
});

describe('older databases', () => {
  it('gain item_refs.ref_status on open, filled from the item documents', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const Database = (await import('better-sqlite3')).default;
    const { openSqliteStore } = await import('../store/sqlite/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'dlkit-migrate-'));
    try {
      const old = new Database(join(dir, 'dl-kit.sqlite'));
      const { schemaSql } = await import('../store/sqlite/schema.js');
      const oldSchema = schemaSql().replace('ref_type TEXT, ref_status TEXT', 'ref_type TEXT');
      expect(oldSchema).not.toContain('ref_status');
      old.exec(oldSchema);
      const doc = {
        id: 'i1',
        datasetId: 'd',
        type: 'file',
        hidden: false,
        metadata: {
          system: {
            refs: [
              { type: 'task', id: 't1', metadata: { status: 'approved' } },
              { type: 'task', id: 't2' },
            ],
          },
        },
      };
      old.prepare('INSERT INTO items (id, doc) VALUES (?, ?)').run('i1', JSON.stringify(doc));
      old.prepare("INSERT INTO item_refs VALUES ('t1', 'i1', 'task'), ('t2', 'i1', 'task')").run();
      old.close();
      const store = openSqliteStore(dir);
      const hit = await store.queryIds('items', {
        filter: { 'metadata.system.refs.id': 't1', 'metadata.system.refs.metadata.status': 'approved' },
      });
      const miss = await store.queryIds('items', {
        filter: { 'metadata.system.refs.id': 't2', 'metadata.system.refs.metadata.status': 'approved' },
      });
      expect([hit, miss]).toEqual([['i1'], []]);
      await store.close();
      const check = new Database(join(dir, 'dl-kit.sqlite'));
      expect(check.prepare('SELECT ref_id, ref_status FROM item_refs ORDER BY ref_id').all()).toEqual([
        { ref_id: 't1', ref_status: 'approved' },
        { ref_id: 't2', ref_status: null },
      ]);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
