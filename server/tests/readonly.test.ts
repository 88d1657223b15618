// Dataset `readonly` (spec §7.2): while true, every route that would create, change or delete an
// item or annotation of that dataset (uploads, folders, patches, moves, deletes, annotation
// writes, bulk query operations, task membership and item status) answers 403
// `{ code: 'dataset-readonly' }` and stores nothing; reads still work. Only project owners toggle it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm, upload } from './helpers.js';

let srv: TestServer;
let ds: string;
let other: string;
let items: string[];
let dirId: string;
let annId: string;
let taskId: string;
let assignmentId: string;
let engineer: string;

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p) : [`${p}:${statSync(p).size}`];
    });
  } catch {
    return [];
  }
}

/** Everything stored about the dataset: documents of its items, annotations, tasks, assignments, and the binaries. */
async function snapshot(): Promise<string> {
  const s = srv.server.store;
  const tasks = await s.list('tasks', { datasetId: ds });
  const assignments = [];
  for (const t of tasks) assignments.push(...(await s.list('assignments', { taskId: t.id })));
  return JSON.stringify({
    dataset: { ...(await s.get('datasets', ds)), updatedAt: 0, updatedBy: 0, name: 0 },
    items: await s.list('items', { datasetId: ds }),
    annotations: await s.list('annotations', { datasetId: ds }),
    tasks,
    assignments,
    blobs: filesUnder(join(srv.dataDir, 'blobs', 'items')).sort(),
  });
}

const owner = () => client(srv.url, srv.tokens.owner);
const setReadonly = (token: string, value: unknown) =>
  client(srv.url, token).patch(`/datasets/${ds}`, { readonly: value });

beforeAll(async () => {
  srv = await startTestServer();
  const o = owner();
  await o.post(`/projects/${srv.projectId}/members/ro-eng@dlkit.test`, { role: 'engineer' });
  engineer = await srv.server.issueToken('ro-eng@dlkit.test');
  ds = await makeDataset(srv, 'ro');
  other = await makeDataset(srv, 'rw');
  items = await upload(srv, ds, ['/a/1.png', '/a/2.png', '/b/3.png']);
  dirId = (await o.post(`/datasets/${ds}/query`, { filter: { type: 'dir', filename: '/b' } })).json.items[0].id;
  annId = (await o.post(`/items/${items[0]}/annotations`, box('cat'))).json.id;
  const t = await o.post('/annotationtasks', {
    name: 'ro-task',
    datasetId: ds,
    itemIds: [items[0], items[1]],
    assignees: [srv.users.annotator1.email],
    asynced: false,
  });
  taskId = t.json.id;
  assignmentId = t.json.assignmentIds[0];
  expect((await setReadonly(srv.tokens.owner, true)).status).toBe(200);
});
afterAll(() => srv.close());

type Call = [string, () => Promise<{ status: number; json: any }>];
const WRITES: Call[] = [
  ['upload a file', () => owner().post(`/datasets/${ds}/items`, pngForm('/new.png'))],
  [
    'overwrite an item by upload',
    () => owner().post(`/datasets/${ds}/items?mode=overwrite`, pngForm('/a/1.png', 9, 9)),
  ],
  [
    'upload with an idempotency key',
    () => owner().post(`/datasets/${ds}/items`, pngForm('/idem.png'), { 'x-idempotency-key': 'ro-1' }),
  ],
  [
    'make a folder',
    () => {
      const fd = new FormData();
      fd.append('type', 'dir');
      fd.append('path', '/newdir');
      return owner().post(`/datasets/${ds}/items`, fd);
    },
  ],
  ['patch item metadata', () => owner().patch(`/items/${items[0]}`, { metadata: { user: { x: 1 } } })],
  [
    'patch item system metadata',
    () => owner().patch(`/items/${items[0]}?system=true`, { metadata: { system: { x: 1 } } }),
  ],
  ['rename an item', () => owner().patch(`/items/${items[0]}`, { filename: '/renamed.png' })],
  ['delete an item', () => owner().del(`/items/${items[2]}`)],
  ['delete a folder', () => owner().del(`/items/${dirId}`)],
  ['move items', () => owner().put(`/datasets/${ds}/items/${dirId}`, [items[0]])],
  ['create annotations', () => owner().post(`/items/${items[1]}/annotations`, [box('dog')])],
  [
    'annotator creates an annotation on an assigned item',
    () => client(srv.url, srv.tokens.annotator1).post(`/items/${items[0]}/annotations`, [box('dog')]),
  ],
  ['update an annotation', () => owner().put(`/annotations/${annId}`, { label: 'dog' })],
  [
    'annotation status',
    () => owner().put(`/annotations/${annId}?system=true`, { metadata: { system: { status: 'approved' } } }),
  ],
  ['delete an annotation', () => owner().del(`/annotations/${annId}`)],
  ['bulk delete items', () => owner().post(`/datasets/${ds}/query`, { filter: {}, delete: true })],
  [
    'bulk delete annotations',
    () => owner().post(`/datasets/${ds}/query`, { resource: 'annotations', filter: {}, delete: true }),
  ],
  [
    'bulk update items',
    () => owner().post(`/datasets/${ds}/query`, { filter: {}, update: { metadata: { user: { y: 2 } } } }),
  ],
  [
    'bulk update annotations',
    () =>
      owner().post(`/datasets/${ds}/query`, {
        resource: 'annotations',
        filter: {},
        update: { metadata: { user: { y: 2 } } },
      }),
  ],
  [
    'bulk references',
    () =>
      owner().post(`/datasets/${ds}/query`, {
        filter: {},
        references: { operation: 'delete', refs: [{ id: taskId, type: 'task' }] },
      }),
  ],
  [
    'create a task (writes item refs)',
    () =>
      owner().post('/annotationtasks', {
        name: 'ro-2',
        datasetId: ds,
        itemIds: [items[2]],
        assignees: [srv.users.annotator2.email],
        asynced: false,
      }),
  ],
  [
    'add items to a task',
    () => owner().post(`/annotationtasks/${taskId}/addToTask`, { query: { filter: { id: items[2] } }, asynced: false }),
  ],
  [
    'remove items from a task',
    () =>
      owner().post(`/annotationtasks/${taskId}/removeFromTask`, {
        query: { filter: { id: items[0] } },
        asynced: false,
      }),
  ],
  ['delete a task (removes item refs)', () => owner().del(`/annotationtasks/${taskId}`)],
  [
    'item status through the task',
    () =>
      owner().post(`/assignments/items/tasks/${taskId}/status`, {
        itemIds: [items[0]],
        statusPayload: { operation: 'create', status: 'completed' },
      }),
  ],
  [
    'annotator item status through the task',
    () =>
      client(srv.url, srv.tokens.annotator1).post(`/assignments/items/tasks/${taskId}/status`, {
        itemIds: [items[0]],
        statusPayload: { operation: 'create', status: 'completed' },
      }),
  ],
  [
    'item status through the assignment',
    () =>
      client(srv.url, srv.tokens.annotator1).post(`/assignments/${assignmentId}/items/${items[0]}/status`, {
        operation: 'create',
        status: 'completed',
      }),
  ],
  [
    'reassign (moves item refs)',
    () =>
      owner().post(`/assignments/${assignmentId}/reassign`, { annotator: srv.users.annotator2.email, asynced: false }),
  ],
  [
    'redistribute (moves item refs)',
    () =>
      owner().post(`/assignments/${assignmentId}/redistribute`, {
        workload: [{ assigneeId: srv.users.annotator2.email, load: 100 }],
        asynced: false,
      }),
  ],
  ['delete the dataset', () => owner().del(`/datasets/${ds}`)],
];

describe('a read-only dataset refuses writes', () => {
  it.each(WRITES)('%s: 403 dataset-readonly, nothing stored changes', async (_name, call) => {
    const before = await snapshot();
    const r = await call();
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 'dataset-readonly', message: `dataset ${ds} is read-only` });
    expect(await snapshot()).toBe(before);
  });

  it('reads still work: dataset, items, stream, thumbnail, annotations, DQL, directory tree, task, assignment', async () => {
    const o = owner();
    const a1 = client(srv.url, srv.tokens.annotator1);
    const statuses = [
      (await o.get(`/datasets/${ds}`)).status,
      (await o.get(`/items/${items[0]}`)).status,
      (await o.get(`/items/${items[0]}/stream`)).status,
      (await o.get(`/items/${items[0]}/thumbnail`)).status,
      (await o.get(`/items/${items[0]}/annotations`)).status,
      (await o.get(`/annotations/${annId}`)).status,
      (await o.post(`/datasets/${ds}/query`, { filter: {} })).status,
      (await o.post(`/datasets/${ds}/query`, { resource: 'annotations', filter: {} })).status,
      (await o.get(`/datasets/${ds}/directoryTree`)).status,
      (await o.get(`/annotationtasks/${taskId}`)).status,
      (await a1.get(`/assignments/${assignmentId}`)).status,
      (await a1.get(`/items/${items[0]}`)).status,
    ];
    expect(statuses).toEqual(Array(statuses.length).fill(200));
    expect((await o.get(`/datasets/${ds}`)).json.readonly).toBe(true);
  });

  it('another dataset of the same project is not affected', async () => {
    const r = await owner().post(`/datasets/${other}/items`, pngForm('/ok.png'));
    expect(r.status).toBe(201);
  });

  it('the dataset itself can still be renamed by an engineer, and a PATCH that repeats the current readonly value is no toggle', async () => {
    const r = await client(srv.url, engineer).patch(`/datasets/${ds}`, { name: 'ro-renamed', readonly: true });
    expect([r.status, r.json.name, r.json.readonly]).toEqual([200, 'ro-renamed', true]);
  });
});

describe('toggling readonly', () => {
  it('engineers, managers and annotators may not toggle it (403), a non-boolean is 400; the owner can, and writes work again', async () => {
    for (const t of [engineer, srv.tokens.manager, srv.tokens.annotator1]) {
      const r = await setReadonly(t, false);
      expect(r.status).toBe(403);
    }
    expect((await setReadonly(engineer, false)).json.message).toMatch(/readonly/);
    expect((await setReadonly(srv.tokens.owner, 'no')).status).toBe(400);
    expect((await owner().get(`/datasets/${ds}`)).json.readonly).toBe(true);
    expect((await setReadonly(srv.tokens.owner, false)).status).toBe(200);
    const up = await owner().post(`/datasets/${ds}/items`, pngForm('/after.png'));
    expect(up.status).toBe(201);
    const ann = await owner().put(`/annotations/${annId}`, { label: 'dog' });
    expect(ann.status).toBe(200);
    // An engineer cannot turn it back on either.
    expect((await setReadonly(engineer, true)).status).toBe(403);
    expect((await owner().get(`/datasets/${ds}`)).json.readonly).toBe(false);
  });
});
