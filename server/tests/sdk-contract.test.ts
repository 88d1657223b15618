// Details of the platform's answers that the dtlpy SDK reads (found by running it against this
// server), checked over REST so they hold where Python is not installed: x-item-op on uploads,
// Command spec keys, directory tree nodes, the version check, member role changes, refs $match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { client, makeDataset, pngForm, upload } from './helpers.js';

let srv: TestServer;
let o: ReturnType<typeof client>;
beforeAll(async () => {
  srv = await startTestServer();
  o = client(srv.url, srv.tokens.owner);
});
afterAll(() => srv.close());

describe('what the SDK reads', () => {
  it('uploads say what they did in x-item-op: created, exist (skipped), overwrite', async () => {
    const ds = await makeDataset(srv, 'item-op');
    const up = (mode?: string) => o.post(`/datasets/${ds}/items${mode ? `?mode=${mode}` : ''}`, pngForm('/x/a.png'));
    const ops = [];
    for (const mode of [undefined, undefined, 'overwrite', 'skip']) {
      const r = await up(mode);
      ops.push([r.status, r.headers.get('x-item-op')]);
    }
    expect(ops).toEqual([
      [201, 'created'],
      [200, 'exist'],
      [200, 'overwrite'],
      [200, 'exist'],
    ]);
    const pre = await fetch(`${srv.url}/projects`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBeLessThan(300);
    const cors = await fetch(`${srv.url}/projects`, {
      headers: { origin: 'http://localhost:5173', authorization: `Bearer ${srv.tokens.owner}` },
    });
    expect((cors.headers.get('access-control-expose-headers') ?? '').split(/\s*,\s*/)).toContain('x-item-op');
  });

  it('task Commands carry createTaskPayload, addToTaskPayload, removeFromTaskId; reassign names toAssignment', async () => {
    const ds = await makeDataset(srv, 'cmd-keys');
    const items = await upload(srv, ds, ['/t/1.png', '/t/2.png']);
    const body = {
      name: 'keys',
      datasetId: ds,
      itemIds: [items[0]],
      assignees: [srv.users.annotator1.email],
      asynced: true,
    };
    const created = (await o.post('/annotationtasks', body)).json;
    expect(created.spec.createTaskPayload).toEqual(body);
    const taskId = created.spec.createdTaskId;
    const add = { query: JSON.stringify({ filter: { id: items[1] } }), asynced: true };
    expect((await o.post(`/annotationtasks/${taskId}/addToTask`, add)).json.spec.addToTaskPayload).toEqual(add);
    const removed = await o.post(`/annotationtasks/${taskId}/removeFromTask`, {
      query: JSON.stringify({ filter: { id: items[1] } }),
    });
    expect(removed.json.spec.removeFromTaskId).toBe(taskId);
    const task = (await o.get(`/annotationtasks/${taskId}`)).json;
    const moved = await o.post(`/assignments/${task.assignmentIds[0]}/reassign`, {
      annotator: srv.users.annotator2.email,
    });
    expect(moved.json.spec.toAssignment).toBe(task.assignmentIds[0]);
    const a = (await o.get(`/assignments/${moved.json.spec.toAssignment}`)).json;
    expect(a.annotator).toBe(srv.users.annotator2.email);
  });

  it('directory tree nodes carry the folder item (id, filename, name, dir, metadata); the root is /', async () => {
    const ds = await makeDataset(srv, 'tree');
    await upload(srv, ds, ['/a/b/1.png', '/c/2.png']);
    const tree = (await o.get(`/datasets/${ds}/directoryTree`)).json;
    expect([tree.value.filename, tree.value.name]).toEqual(['/', '']);
    const a = tree.children.find((n: { value: { filename: string } }) => n.value.filename === '/a');
    const ab = a.children[0].value;
    expect([ab.filename, ab.name, ab.dir, ab.type, typeof ab.metadata]).toEqual(['/a/b', 'b', '/a', 'dir', 'object']);
    expect((await o.get(`/items/${ab.id}`)).json.filename).toBe('/a/b');
    expect(tree.children.map((n: { value: { filename: string } }) => n.value.filename)).toEqual(['/a', '/c']);
  });

  it('POST /sdk/check answers "up to date" at debug level (form body, as the SDK posts it)', async () => {
    const r = await fetch(`${srv.url}/sdk/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${srv.tokens.owner}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'version=1.124.2&email=owner%40dlkit.test',
    });
    const body = await r.json();
    expect([r.status, body.level]).toEqual([200, 'debug']);
    expect(body.msg).toContain('1.124.2');
    expect((await fetch(`${srv.url}/sdk/check`, { method: 'POST' })).status).toBe(401);
  });

  it("PATCH /projects/{id}/members/{email} changes a member's role and does not add strangers", async () => {
    const p = srv.projectId;
    await o.post(`/projects/${p}/members/patch-me@dlkit.test`, { role: 'annotator' });
    const r = await o.patch(`/projects/${p}/members/patch-me@dlkit.test`, { role: 'engineer' });
    expect([r.status, r.json.role]).toEqual([200, 'engineer']);
    const members = (await o.get(`/projects/${p}/members`)).json;
    expect(members.find((m: { email: string }) => m.email === 'patch-me@dlkit.test').role).toBe('engineer');
    expect((await o.patch(`/projects/${p}/members/stranger@dlkit.test`, { role: 'engineer' })).status).toBe(404);
    expect(
      (await o.get(`/projects/${p}/members`)).json.some((m: { email: string }) => m.email === 'stranger@dlkit.test'),
    ).toBe(false);
  });

  it('"metadata.system.refs": {$match: {...}} is one ref meeting every condition (the QA source filter)', async () => {
    const ds = await makeDataset(srv, 'refs-match');
    const items = await upload(srv, ds, ['/q/1.png', '/q/2.png', '/q/3.png']);
    const task = (
      await o.post('/annotationtasks', {
        name: 'src',
        datasetId: ds,
        itemIds: items,
        assignees: [srv.users.annotator1.email],
        asynced: false,
      })
    ).json;
    await o.post(`/assignments/items/tasks/${task.id}/status`, {
      itemIds: [items[0], items[2]],
      statusPayload: { operation: 'create', status: 'completed' },
    });
    const q = (m: unknown) => o.post(`/datasets/${ds}/query`, { filter: { 'metadata.system.refs': { $match: m } } });
    const done = await q({ id: task.id, type: 'task', metadata: { status: { $exists: true } } });
    expect(done.json.items.map((i: { id: string }) => i.id)).toEqual([items[0], items[2]]);
    // The assignment ref has the status too, but not the type "task": still one ref for all conditions.
    const none = await q({ id: task.assignmentIds[0], type: 'task' });
    expect(none.json.totalItemsCount).toBe(0);
    expect((await q({ name: 'x' })).status).toBe(400);
    expect((await o.post(`/datasets/${ds}/query`, { filter: { 'metadata.system.refs': 'x' } })).status).toBe(400);
  });
});
