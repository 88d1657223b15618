// The review loop's rules: managers create tasks, approve, reject (clear `completed`) and open
// issues (annotation status `issue`, a `note` pinned to a shape); annotators complete their own
// items and answer an issue with `review`, and are refused a reviewer's verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, upload } from './helpers.js';

let srv: TestServer;
let ds: string;
let items: string[];
let taskId: string;
let mineA1: string[];

beforeAll(async () => {
  srv = await startTestServer();
  ds = await makeDataset(srv, 'review');
  items = await upload(
    srv,
    ds,
    Array.from({ length: 4 }, (_, i) => `/r/${i}.png`),
  );
  // A manager creates the task (annotation managers may, as on the platform).
  const t = await client(srv.url, srv.tokens.manager).post('/annotationtasks', {
    name: 'review me',
    datasetId: ds,
    itemIds: items,
    workload: [
      { assigneeId: srv.users.annotator1.email, load: 50 },
      { assigneeId: srv.users.annotator2.email, load: 50 },
    ],
    asynced: false,
  });
  expect(t.status).toBe(200);
  taskId = t.json.id;
  const a1 = (await client(srv.url, srv.tokens.annotator1).get('/assignments')).json.items[0];
  mineA1 = (await client(srv.url, srv.tokens.annotator1).get(`/assignments/${a1.id}/items`)).json.items.map(
    (i: { id: string }) => i.id,
  );
});
afterAll(() => srv.close());

const setStatus = (token: string, itemId: string, operation: 'create' | 'delete', status: string) =>
  client(srv.url, token).post(`/assignments/items/tasks/${taskId}/status`, {
    itemIds: [itemId],
    statusPayload: { operation, status, returnLastStatus: true },
  });
const statusOf = async (itemId: string) =>
  (await client(srv.url, srv.tokens.owner).get(`/items/${itemId}`)).json.metadata.system.refs.find(
    (r: { id: string }) => r.id === taskId,
  ).metadata.status;

describe('review roles', () => {
  it('annotators complete their items but may not approve, nor undo an approval', async () => {
    const [item] = mineA1;
    expect((await setStatus(srv.tokens.annotator1, item!, 'create', 'completed')).status).toBe(200);
    const refused = await setStatus(srv.tokens.annotator1, item!, 'create', 'approved');
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/only managers/);
    expect(await statusOf(item!)).toBe('completed');
    // The per-assignment route follows the same rule.
    const a1 = (await client(srv.url, srv.tokens.annotator1).get('/assignments')).json.items[0];
    const viaAssignment = await client(srv.url, srv.tokens.annotator1).post(
      `/assignments/${a1.id}/items/${item}/status`,
      { operation: 'create', status: 'approved' },
    );
    expect(viaAssignment.status).toBe(403);
    // The manager approves; the annotator cannot clear or overwrite it.
    expect((await setStatus(srv.tokens.manager, item!, 'create', 'approved')).status).toBe(200);
    expect(await statusOf(item!)).toBe('approved');
    expect((await setStatus(srv.tokens.annotator1, item!, 'delete', 'approved')).status).toBe(403);
    expect((await setStatus(srv.tokens.annotator1, item!, 'create', 'completed')).status).toBe(403);
    expect(await statusOf(item!)).toBe('approved');
  });

  it('a manager rejects: clears completed and pins an issue to a shape; the annotator answers with review only', async () => {
    const item = mineA1[1]!;
    const a1 = client(srv.url, srv.tokens.annotator1);
    const mgr = client(srv.url, srv.tokens.manager);
    const shape = (await a1.post(`/items/${item}/annotations`, [box('car')])).json[0];
    expect((await setStatus(srv.tokens.annotator1, item, 'create', 'completed')).status).toBe(200);
    // Annotators may not open issues (on create or by PUT) nor approve annotations.
    const note = {
      type: 'note',
      label: 'note',
      coordinates: {
        box: [
          { x: 1, y: 2, z: 0 },
          { x: 11, y: 12, z: 0 },
        ],
        note: { messages: [{ id: 'm', creator: 'x', time: 1, body: 'loose' }], status: 'open' },
      },
      metadata: { system: { status: 'issue', parentId: shape.id } },
    };
    expect((await a1.post(`/items/${item}/annotations`, [note])).status).toBe(403);
    expect(
      (await a1.put(`/annotations/${shape.id}?system=true`, { metadata: { system: { status: 'issue' } } })).status,
    ).toBe(403);
    expect(
      (await a1.put(`/annotations/${shape.id}?system=true`, { metadata: { system: { status: 'approved' } } })).status,
    ).toBe(403);
    // The manager does all three steps of a rejection.
    const created = await mgr.post(`/items/${item}/annotations`, [note]);
    expect(created.status).toBe(201);
    expect(created.json[0].metadata.system).toMatchObject({ status: 'issue', parentId: shape.id });
    expect(
      (await mgr.put(`/annotations/${shape.id}?system=true`, { metadata: { system: { status: 'issue' } } })).status,
    ).toBe(200);
    expect((await setStatus(srv.tokens.manager, item, 'delete', 'completed')).status).toBe(200);
    expect(await statusOf(item)).toBe(null);
    const log = (await mgr.get(`/items/${item}`)).json.metadata.system.taskStatusLog;
    expect(log.at(-1)).toMatchObject({
      operation: 'delete',
      previousStatus: 'completed',
      creator: srv.users.manager.email,
    });
    // The annotator finds the open issues of their items with a query, and answers with `review`.
    const open = await a1.post(`/datasets/${ds}/query`, {
      resource: 'annotations',
      filter: { $and: [{ 'metadata.system.status': 'issue' }] },
    });
    expect(open.json.items.map((a: { itemId: string }) => a.itemId)).toEqual([item, item]);
    // An issue cannot just be dropped by the annotator (cleared), only answered.
    expect(
      (await a1.put(`/annotations/${shape.id}?system=true`, { metadata: { system: { status: null } } })).status,
    ).toBe(403);
    const answered = await a1.put(`/annotations/${shape.id}?system=true`, {
      metadata: { system: { status: 'review' } },
    });
    expect(answered.status).toBe(200);
    expect(answered.json.metadata.system.status).toBe('review');
    // Plain edits of a shape under review stay the annotator's.
    expect((await a1.put(`/annotations/${shape.id}`, { label: 'bus' })).status).toBe(200);
  });

  it('task and assignment JSON count the items waiting for review and the items with an open issue', async () => {
    const mgr = client(srv.url, srv.tokens.manager);
    const a1 = client(srv.url, srv.tokens.annotator1);
    const own = await upload(srv, ds, ['/counts/0.png', '/counts/1.png', '/counts/2.png']);
    const t = await mgr.post('/annotationtasks', {
      name: 'counts',
      datasetId: ds,
      itemIds: own,
      workload: [{ assigneeId: srv.users.annotator1.email, load: 100 }],
      asynced: false,
    });
    const task = t.json.id as string;
    const counts = async () => {
      const tj = (await mgr.get(`/annotationtasks/${task}`)).json;
      const aj = (await mgr.get(`/assignments/${tj.assignmentIds[0]}`)).json;
      return { task: [tj.forReview, tj.issues], assignment: [aj.forReview, aj.issues] };
    };
    const status = (token: string, itemId: string, operation: 'create' | 'delete') =>
      client(srv.url, token).post(`/assignments/items/tasks/${task}/status`, {
        itemIds: [itemId],
        statusPayload: { operation, status: 'completed' },
      });
    expect(await counts()).toEqual({ task: [0, 0], assignment: [0, 0] });
    const shapes = [];
    for (const id of own.slice(0, 2)) {
      shapes.push((await a1.post(`/items/${id}/annotations`, [box('car'), box('car')])).json);
      expect((await status(srv.tokens.annotator1, id, 'create')).status).toBe(200);
    }
    expect(await counts()).toEqual({ task: [2, 0], assignment: [2, 0] });
    // The reviewer sends item 1 back with two issues on it: one item with issues, one left for review.
    for (const a of shapes[1]!)
      expect(
        (await mgr.put(`/annotations/${a.id}?system=true`, { metadata: { system: { status: 'issue' } } })).status,
      ).toBe(200);
    expect((await status(srv.tokens.manager, own[1]!, 'delete')).status).toBe(200);
    expect(await counts()).toEqual({ task: [1, 1], assignment: [1, 1] });
    // Answering one issue leaves the item with an open one; answering both clears it.
    await a1.put(`/annotations/${shapes[1]![0].id}?system=true`, { metadata: { system: { status: 'review' } } });
    expect((await counts()).task).toEqual([1, 1]);
    await a1.put(`/annotations/${shapes[1]![1].id}?system=true`, { metadata: { system: { status: 'review' } } });
    expect(await counts()).toEqual({ task: [1, 0], assignment: [1, 0] });
  });

  it('managers create tasks and reassign; annotators may not', async () => {
    const a1 = client(srv.url, srv.tokens.annotator1);
    expect((await a1.post('/annotationtasks', { name: 'x', datasetId: ds, itemIds: [], asynced: false })).status).toBe(
      403,
    );
    const mine = (await a1.get('/assignments')).json.items[0];
    expect(
      (
        await a1.post(`/assignments/${mine.id}/reassign`, {
          taskId,
          annotator: srv.users.annotator2.email,
          asynced: false,
        })
      ).status,
    ).toBe(403);
    const mgr = client(srv.url, srv.tokens.manager);
    const re = await mgr.post(`/assignments/${mine.id}/reassign`, {
      taskId,
      annotator: srv.users.annotator2.email,
      asynced: false,
    });
    expect(re.status).toBe(200);
    const all = (await mgr.get(`/assignments?taskId=${taskId}`)).json.items;
    expect(all.map((a: { annotator: string }) => a.annotator)).toEqual([srv.users.annotator2.email]);
    expect(all[0].totalItems).toBe(4);
  });
});
