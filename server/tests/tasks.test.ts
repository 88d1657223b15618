// Tasks and assignments: creation from queries and item ids, workloads, QA tasks, progress.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, upload } from './helpers.js';

let srv: TestServer;
let ds: string;
let items: string[];
beforeAll(async () => {
  srv = await startTestServer();
  ds = await makeDataset(srv, 'tasks');
  items = await upload(
    srv,
    ds,
    Array.from({ length: 7 }, (_, i) => `/t/${i}.png`),
  );
});
afterAll(() => srv.close());

describe('tasks and assignments', () => {
  it('creates a task from a query with an equal workload split, refs on items, progress counts', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const query = JSON.stringify({ filter: { $and: [{ hidden: false }, { type: 'file' }, { dir: '/t' }] } });
    const cmd = await o.post('/annotationtasks', {
      name: 'label it',
      datasetId: ds,
      projectId: srv.projectId,
      query,
      workload: [
        { assigneeId: srv.users.annotator1.email, load: 50 },
        { assigneeId: srv.users.annotator2.email, load: 50 },
      ],
    });
    expect(cmd.status).toBe(200);
    expect(cmd.json.status).toBe('success');
    const polled = await o.get(`/commands/${cmd.json.id}`);
    const taskId = polled.json.spec.createdTaskId;
    const task = (await o.get(`/annotationtasks/${taskId}`)).json;
    expect([task.totalItems, task.assignmentIds.length, task.progress]).toEqual([7, 2, 0]);
    const as = (await o.get(`/assignments?taskId=${taskId}`)).json.items;
    // 7 items at 50/50: floor 3 + 3, the remainder goes to the first (equal fractions, workload order)
    expect(as.map((a: any) => [a.annotator, a.totalItems])).toEqual([
      [srv.users.annotator1.email, 4],
      [srv.users.annotator2.email, 3],
    ]);
    const byRef = await o.post(`/datasets/${ds}/query`, { filter: { 'metadata.system.refs.id': { $in: [as[1].id] } } });
    expect(byRef.json.totalItemsCount).toBe(3);
    const assignmentItems = await o.get(`/assignments/${as[1].id}/items`);
    expect(assignmentItems.json.items.map((i: any) => i.id).sort()).toEqual(
      byRef.json.items.map((i: any) => i.id).sort(),
    );
    const item = (await o.get(`/items/${byRef.json.items[0].id}`)).json;
    expect(item.metadata.system.refs.map((r: any) => [r.type, r.id])).toEqual([
      ['task', taskId],
      ['assignment', as[1].id],
    ]);

    // annotator visibility: annotator2 sees exactly their 3 items and can annotate them, not the others
    const a2 = client(srv.url, srv.tokens.annotator2);
    const seen = await a2.post(`/datasets/${ds}/query`, { filter: {} });
    expect(seen.json.items.map((i: any) => i.id).sort()).toEqual(byRef.json.items.map((i: any) => i.id).sort());
    expect((await a2.post(`/items/${seen.json.items[0].id}/annotations`, [box('car')])).status).toBe(201);
    const other = items.find((id) => !seen.json.items.some((i: any) => i.id === id))!;
    expect((await a2.get(`/items/${other}`)).status).toBe(403);
    expect((await a2.post(`/items/${other}/annotations`, [box('car')])).status).toBe(403);
    expect((await a2.get(`/assignments/${as[0].id}`)).status).toBe(403);
    expect((await a2.get('/assignments')).json.items.map((a: any) => a.id)).toEqual([as[1].id]);
    expect((await a2.get(`/datasets/${ds}/directoryTree`)).json.children.map((n: any) => n.value.filename)).toEqual([
      '/t',
    ]);
    expect(
      (await client(srv.url, srv.tokens.manager).get(`/datasets/${ds}/directoryTree`)).json.children.map(
        (n: any) => n.value.filename,
      ),
    ).toEqual(['/t']);

    // item status in the assignment, then in the task; progress follows
    const st = await a2.post(`/assignments/${as[1].id}/items/${seen.json.items[0].id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    expect(st.status).toBe(200);
    expect(st.json.metadata.system.refs.map((r: any) => r.metadata.status)).toEqual(['completed', 'completed']);
    expect(
      (
        await a2.post(`/assignments/${as[1].id}/items/${seen.json.items[0].id}/status`, {
          operation: 'create',
          status: 'bogus',
        })
      ).status,
    ).toBe(400);
    const ts = await o.post(`/assignments/items/tasks/${taskId}/status`, {
      itemIds: [seen.json.items[1].id],
      statusPayload: { operation: 'create', status: 'discard', returnLastStatus: true },
    });
    expect(ts.json[seen.json.items[1].id]).toEqual({ lastStatus: null, status: 'discard' });
    const t2 = (await o.get(`/annotationtasks/${taskId}`)).json;
    expect([t2.itemStatus, t2.progress]).toEqual([{ completed: 1, discard: 1 }, Math.round((2 / 7) * 100)]);
    const a2json = (await o.get(`/assignments/${as[1].id}`)).json;
    expect([a2json.totalItems, a2json.progress]).toEqual([3, Math.round((2 / 3) * 100)]);

    // redistribute annotator2's open item to annotator1; reassign annotator1's assignment to the manager
    const red = await o.post(`/assignments/${as[1].id}/redistribute`, {
      workload: [{ assigneeId: srv.users.annotator1.email, load: 100 }],
      asynced: false,
    });
    expect(red.status).toBe(200);
    expect((await o.get(`/assignments/${as[0].id}`)).json.totalItems).toBe(5);
    expect((await o.get(`/assignments/${as[1].id}`)).json.totalItems).toBe(2);
    const re = await client(srv.url, srv.tokens.manager).post(`/assignments/${as[0].id}/reassign`, {
      annotator: srv.users.manager.email,
      asynced: false,
    });
    expect([re.status, re.json.annotator, re.json.totalItems]).toEqual([200, srv.users.manager.email, 5]);
    expect((await client(srv.url, srv.tokens.annotator1).get(`/assignments/${as[0].id}`)).status).toBe(403);

    // remove two items, then delete the task: refs are cleaned
    const rm = await o.post(`/annotationtasks/${taskId}/removeFromTask`, {
      query: JSON.stringify({ filter: { name: { $in: ['0.png', '1.png'] } } }),
      asynced: false,
    });
    expect(rm.json.totalItems).toBe(5);
    const add = await o.post(`/annotationtasks/${taskId}/addToTask`, { itemIds: [items[0]], asynced: false });
    expect(add.json.totalItems).toBe(6);
    expect(
      (await client(srv.url, srv.tokens.annotator1).post('/annotationtasks', { name: 'x', datasetId: ds })).status,
    ).toBe(403);
    const listed = await o.post('/annotationtasks/query', {
      filter: { name: 'label it' },
      context: { projectIds: [srv.projectId] },
    });
    expect(listed.json.items.map((t: any) => t.id)).toEqual([taskId]);
    expect((await o.del(`/annotationtasks/${taskId}`)).status).toBe(200);
    const left = await o.post(`/datasets/${ds}/query`, { filter: { 'metadata.system.refs.type': 'task' } });
    expect(left.json.totalItemsCount).toBe(0);
  });

  it('creates a QA task over the items of its parent, from item ids, and answers the task when asynced is false', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const parent = await o.post('/annotationtasks', {
      name: 'p',
      datasetId: ds,
      itemIds: items.slice(0, 3),
      assignees: [srv.users.annotator1.email],
      asynced: false,
    });
    expect([parent.json.totalItems, parent.json.spec.type]).toEqual([3, 'annotation']);
    const qa = await o.post('/annotationtasks', {
      name: 'qa',
      datasetId: ds,
      spec: { type: 'qa', parentTaskId: parent.json.id },
      assignees: [srv.users.manager.email],
      asynced: false,
    });
    expect([qa.json.totalItems, qa.json.availableActions.map((a: any) => a.action)]).toEqual([
      3,
      ['approved', 'discard'],
    ]);
    const bad = await o.post('/annotationtasks', {
      name: 'w',
      datasetId: ds,
      workload: [{ assigneeId: srv.users.annotator1.email, load: 60 }],
    });
    expect(bad.status).toBe(400);
    const stranger = await o.post('/annotationtasks', { name: 'w', datasetId: ds, assignees: ['nobody@x.io'] });
    expect(stranger.status).toBe(400);
  });
});
