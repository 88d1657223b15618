// Who may do what: each role against each class of route, and the reach across projects, shared
// entities (recipes, ontologies, refs) and assignments that a guessed id must not give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm, upload } from './helpers.js';

// Each role x each route class. Expected codes follow the rules in server/README.md: members read,
// owners/engineers change datasets, items, ontologies and tasks, managers also run assignments,
// annotators reach only items of their own assignments; non-members 403; no token 401.
describe('auth matrix', () => {
  type Who = 'owner' | 'engineer' | 'manager' | 'annotatorIn' | 'annotatorOut' | 'outsider' | 'anonymous';
  const WHO: Who[] = ['owner', 'engineer', 'manager', 'annotatorIn', 'annotatorOut', 'outsider', 'anonymous'];

  let srv: TestServer;
  let tokens: Record<Who, string | undefined>;
  let ds: string;
  let inItem: string;
  let outItem: string;
  let ontologyId: string;
  let assignmentId: string;

  beforeAll(async () => {
    srv = await startTestServer();
    const o = client(srv.url, srv.tokens.owner);
    await o.post(`/projects/${srv.projectId}/members/eng@dlkit.test`, { role: 'engineer' });
    tokens = {
      owner: srv.tokens.owner,
      engineer: await srv.server.issueToken('eng@dlkit.test'),
      manager: srv.tokens.manager,
      annotatorIn: srv.tokens.annotator1,
      annotatorOut: srv.tokens.annotator2,
      outsider: await srv.server.issueToken('outsider@dlkit.test'),
      anonymous: undefined,
    };
    ds = await makeDataset(srv, 'matrix');
    [inItem, outItem] = await upload(srv, ds, ['/in.png', '/out.png']);
    const t = await o.post('/annotationtasks', {
      name: 't',
      datasetId: ds,
      itemIds: [inItem],
      assignees: [srv.users.annotator1.email],
      asynced: false,
    });
    assignmentId = t.json.assignmentIds[0];
    ontologyId = (await o.get(`/recipes/${(await o.get(`/datasets/${ds}`)).json.metadata.system.recipes[0]}`)).json
      .ontologyIds[0];
  });
  afterAll(() => srv.close());

  const as = (who: Who) => client(srv.url, tokens[who]);
  let n = 0;
  const CLASSES: [string, (who: Who) => Promise<number>, Record<Who, number>][] = [
    [
      'read dataset',
      async (w) => (await as(w).get(`/datasets/${ds}`)).status,
      { owner: 200, engineer: 200, manager: 200, annotatorIn: 200, annotatorOut: 200, outsider: 403, anonymous: 401 },
    ],
    [
      'change dataset',
      async (w) => (await as(w).patch(`/datasets/${ds}`, { metadata: { user: { k: w } } })).status,
      { owner: 200, engineer: 200, manager: 403, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'upload item',
      async (w) => (await as(w).post(`/datasets/${ds}/items`, pngForm(`/up-${w}-${n++}.png`))).status,
      { owner: 201, engineer: 201, manager: 403, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'read item of an assignment',
      async (w) => (await as(w).get(`/items/${inItem}`)).status,
      { owner: 200, engineer: 200, manager: 200, annotatorIn: 200, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'stream item outside assignments',
      async (w) => (await as(w).get(`/items/${outItem}/stream`)).status,
      { owner: 200, engineer: 200, manager: 200, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'annotate item of an assignment',
      async (w) => (await as(w).post(`/items/${inItem}/annotations`, [box('a')])).status,
      { owner: 201, engineer: 201, manager: 201, annotatorIn: 201, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'query items (visibility, not refusal)',
      async (w) => {
        const r = await as(w).post(`/datasets/${ds}/query`, {
          filter: { type: 'file', name: { $in: ['in.png', 'out.png'] } },
        });
        return r.status === 200 ? 200 + r.json.totalItemsCount : r.status;
      },
      { owner: 202, engineer: 202, manager: 202, annotatorIn: 201, annotatorOut: 200, outsider: 403, anonymous: 401 },
    ],
    [
      'bulk delete by query',
      async (w) =>
        (await as(w).post(`/datasets/${ds}/query`, { filter: { name: 'nothing-matches' }, delete: true })).status,
      { owner: 200, engineer: 200, manager: 403, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'change ontology',
      async (w) => (await as(w).patch(`/ontologies/${ontologyId}/labels`, { labelsNode: [{ tag: `l${n++}` }] })).status,
      { owner: 200, engineer: 200, manager: 403, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'create task',
      async (w) =>
        (await as(w).post('/annotationtasks', { name: `t${n++}`, datasetId: ds, itemIds: [], asynced: false })).status,
      { owner: 200, engineer: 200, manager: 200, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'read own/other assignment',
      async (w) => (await as(w).get(`/assignments/${assignmentId}`)).status,
      { owner: 200, engineer: 200, manager: 200, annotatorIn: 200, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'manage assignment (rename)',
      async (w) => (await as(w).patch(`/assignments/${assignmentId}`, { name: `a-${w}` })).status,
      { owner: 200, engineer: 200, manager: 200, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
    [
      'manage members',
      async (w) =>
        (await as(w).post(`/projects/${srv.projectId}/members/x${n++}@dlkit.test`, { role: 'annotator' })).status,
      { owner: 201, engineer: 403, manager: 403, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
    ],
  ];

  it.each(CLASSES)('%s', async (_name, call, expected) => {
    const got: Record<string, number> = {};
    for (const w of WHO) got[w] = await call(w);
    expect(got).toEqual(expected);
  });

  it('401 and 403 answer JSON { message }, tokens signed with another secret or expired are refused', async () => {
    const r = await as('outsider').get(`/datasets/${ds}`);
    expect(r.json).toEqual({ message: 'not a member of this project', requestId: r.headers.get('x-request-id') });
    const { issueToken } = await import('../auth/jwt.js');
    const forged = await issueToken('another-secret', srv.users.owner);
    expect((await client(srv.url, forged).get('/projects')).status).toBe(401);
    const secret = (await import('node:fs')).readFileSync(`${srv.dataDir}/jwt-secret`, 'utf8');
    const expired = await issueToken(secret, srv.users.owner, -10);
    const e = await client(srv.url, expired).get('/projects');
    expect([e.status, e.json.message]).toEqual([401, 'invalid or expired token']);
    const noneAlg =
      'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.' +
      Buffer.from(JSON.stringify({ sub: srv.users.owner.id, email: srv.users.owner.email })).toString('base64url') +
      '.';
    expect((await client(srv.url, noneAlg).get('/projects')).status).toBe(401);
  });
});

// Cross-project writes through shared entities (recipes, ontologies, refs), and what an annotator
// reaches through DQL, status routes, tasks and commands.
describe('reach across projects and assignments', () => {
  let srv: TestServer;
  let ds: string;
  let items: string[];
  let otherOwner: string;
  let otherProject: string;
  let otherDs: string;
  let otherItem: string;
  let otherTask: { id: string; assignmentIds: string[] };

  beforeAll(async () => {
    srv = await startTestServer();
    ds = await makeDataset(srv, 'access');
    items = await upload(srv, ds, ['/a/1.png', '/a/2.png', '/b/3.png', '/b/4.png']);
    // Project B belongs to someone else; our owner is not a member.
    otherOwner = await srv.server.issueToken('other-owner@dlkit.test');
    const b = client(srv.url, otherOwner);
    otherProject = (await b.post('/projects', { name: 'B' })).json.id;
    await b.post(`/projects/${otherProject}/members/b-annotator@dlkit.test`, { role: 'annotator' });
    otherDs = (await b.post('/datasets', { name: 'b', projects: [otherProject] })).json.id;
    otherItem = (await b.post(`/datasets/${otherDs}/items`, pngForm('/secret.png'))).json.id;
    otherTask = (
      await b.post('/annotationtasks', {
        name: 'bt',
        datasetId: otherDs,
        itemIds: [otherItem],
        assignees: ['b-annotator@dlkit.test'],
        asynced: false,
      })
    ).json;
  });
  afterAll(() => srv.close());

  describe('cross-project isolation', () => {
    it('a member of A cannot read or change B by guessing ids', async () => {
      const a = client(srv.url, srv.tokens.owner);
      const b = client(srv.url, otherOwner);
      const ann = (await b.post(`/items/${otherItem}/annotations`, box('x'))).json.id;
      const recipe = (await b.get(`/datasets/${otherDs}`)).json.metadata.system.recipes[0];
      const ontology = (await b.get(`/recipes/${recipe}`)).json.ontologyIds[0];
      const codes = [
        (await a.get(`/datasets/${otherDs}`)).status,
        (await a.post(`/datasets/${otherDs}/query`, {})).status,
        (await a.get(`/items/${otherItem}`)).status,
        (await a.get(`/items/${otherItem}/stream`)).status,
        (await a.get(`/items/${otherItem}/thumbnail`)).status,
        (await a.get(`/annotations/${ann}`)).status,
        (await a.put(`/annotations/${ann}`, { label: 'y' })).status,
        (await a.del(`/annotations/${ann}`)).status,
        (await a.get(`/annotationtasks/${otherTask.id}`)).status,
        (await a.get(`/assignments/${otherTask.assignmentIds[0]}`)).status,
        (await a.get(`/assignments/${otherTask.assignmentIds[0]}/items`)).status,
        (await a.get(`/recipes/${recipe}`)).status,
        (await a.get(`/ontologies/${ontology}`)).status,
        (await a.patch(`/ontologies/${ontology}/labels`, { labelsNode: [{ tag: 'pwn' }] })).status,
        (await a.get(`/datasets/${otherDs}/directoryTree`)).status,
        (await a.get(`/projects/${otherProject}/members`)).status,
      ];
      expect(codes.every((s) => s === 403)).toBe(true);
      // A's own dataset cannot take B's items (move, task) either.
      const dir = (await a.post(`/datasets/${ds}/query`, { filter: { type: 'dir', filename: '/a' } })).json.items[0].id;
      expect((await a.put(`/datasets/${ds}/items/${dir}`, [otherItem])).status).toBe(400);
      const t = await a.post('/annotationtasks', {
        name: 'steal',
        datasetId: ds,
        itemIds: [otherItem],
        asynced: false,
      });
      expect(t.json.totalItems).toBe(0);
      expect(
        (
          await a.post(`/assignments/items/tasks/${otherTask.id}/status`, {
            itemIds: [otherItem],
            statusPayload: { operation: 'create', status: 'completed' },
          })
        ).status,
      ).toBe(403);
    });

    it('recipes and ontologies cannot be created in or moved to a project where the caller is not an editor', async () => {
      const a = client(srv.url, srv.tokens.owner);
      expect((await a.post('/recipes', { projectIds: [srv.projectId, otherProject], title: 'r' })).status).toBe(403);
      expect((await a.post('/ontologies', { projectIds: [srv.projectId, otherProject], title: 'o' })).status).toBe(403);
      const mine = (await a.post('/ontologies', { projectIds: [srv.projectId], title: 'o' })).json.id;
      const moved = await a.put(`/ontologies/${mine}?system=true`, {
        metadata: { system: { projectIds: [srv.projectId, otherProject] } },
      });
      expect(moved.status).toBe(403);
      const b = client(srv.url, otherOwner);
      const bRecipes = (await b.get(`/recipes?projects=${otherProject}`)).json.items as { id: string }[];
      expect(bRecipes.length).toBe(1);
    });

    it('a recipe cannot point at (or clone) an ontology of a project the caller cannot read', async () => {
      const a = client(srv.url, srv.tokens.owner);
      const b = client(srv.url, otherOwner);
      const bRecipe = (await b.get(`/datasets/${otherDs}`)).json.metadata.system.recipes[0];
      const bOntology = (await b.get(`/recipes/${bRecipe}`)).json.ontologyIds[0];
      const myRecipe = (await a.get(`/datasets/${ds}`)).json.metadata.system.recipes[0];
      expect((await a.patch(`/recipes/${myRecipe}`, { ontologyIds: [bOntology] })).status).toBe(403);
      expect((await a.post('/recipes', { projectIds: [srv.projectId], ontologyIds: [bOntology] })).status).toBe(403);
      expect((await a.get(`/recipes/${myRecipe}`)).json.ontologyIds).not.toContain(bOntology);
    });

    it("DQL references cannot attach items to another dataset's task or assignment", async () => {
      const a = client(srv.url, srv.tokens.owner);
      const r = await a.post(`/datasets/${ds}/query`, {
        filter: { name: '1.png' },
        references: {
          operation: 'create',
          refs: [
            { type: 'assignment', id: otherTask.assignmentIds[0] },
            { type: 'task', id: otherTask.id },
          ],
        },
      });
      expect(r.status).toBe(400);
      const b = client(srv.url, otherOwner);
      expect((await b.get(`/annotationtasks/${otherTask.id}`)).json.totalItems).toBe(1);
      const ba = await srv.server.issueToken('b-annotator@dlkit.test');
      const list = await client(srv.url, ba).get(`/assignments/${otherTask.assignmentIds[0]}/items`);
      expect(list.json.items.map((i: { id: string }) => i.id)).toEqual([otherItem]);
    });
  });

  describe('annotators', () => {
    let taskA: { id: string; assignmentIds: string[] };
    let taskB: { id: string; assignmentIds: string[] };
    beforeAll(async () => {
      const o = client(srv.url, srv.tokens.owner);
      // Task A: item 0 -> annotator1. Task B: item 0 -> annotator2, item 1 -> annotator1.
      taskA = (
        await o.post('/annotationtasks', {
          name: 'A',
          datasetId: ds,
          itemIds: [items[0]],
          assignees: [srv.users.annotator1.email],
          asynced: false,
        })
      ).json;
      taskB = (
        await o.post('/annotationtasks', {
          name: 'B',
          datasetId: ds,
          itemIds: [items[0], items[1]],
          workload: [
            { assigneeId: srv.users.annotator2.email, load: 50 },
            { assigneeId: srv.users.annotator1.email, load: 50 },
          ],
          asynced: false,
        })
      ).json;
      await o.post(`/items/${items[2]}/annotations`, [box('hidden-label')]);
      await o.post(`/items/${items[0]}/annotations`, [box('visible-label')]);
    });

    it("cannot set the status of another annotator's item in a task through their own assignment elsewhere", async () => {
      const a1 = client(srv.url, srv.tokens.annotator1);
      const theirs = await a1.post(`/assignments/items/tasks/${taskB.id}/status`, {
        itemIds: [items[0]],
        statusPayload: { operation: 'create', status: 'completed' },
      });
      expect(theirs.status).toBe(403);
      const mine = await a1.post(`/assignments/items/tasks/${taskB.id}/status`, {
        itemIds: [items[1]],
        statusPayload: { operation: 'create', status: 'completed' },
      });
      expect(mine.status).toBe(200);
      void taskA;
    });

    it('see only their items and annotations through DQL, joins, $or and the annotations resource', async () => {
      const a1 = client(srv.url, srv.tokens.annotator1);
      const names = async (body: unknown) => {
        const r = await a1.post(`/datasets/${ds}/query`, body);
        return (r.json.items as { name?: string; label?: string }[]).map((x) => x.name ?? x.label).sort();
      };
      expect(await names({ filter: { $or: [{ type: 'file' }, { id: { $exists: true } }] } })).toEqual([
        '1.png',
        '2.png',
      ]);
      expect(await names({ resource: 'annotations', filter: {} })).toEqual(['visible-label']);
      expect(
        await names({
          resource: 'annotations',
          filter: {},
          join: { on: { resource: 'items', local: 'id', forigen: 'itemId' }, filter: { name: '3.png' } },
        }),
      ).toEqual([]);
      expect(
        await names({
          filter: {},
          join: { on: { resource: 'annotations', local: 'itemId', forigen: 'id' }, filter: { label: 'hidden-label' } },
        }),
      ).toEqual([]);
      for (const body of [
        { filter: {}, delete: true },
        { filter: {}, update: { metadata: { user: { x: 1 } } } },
        { filter: {}, references: { operation: 'delete', refs: [{ type: 'task', id: taskA.id }] } },
      ])
        expect((await a1.post(`/datasets/${ds}/query`, body)).status).toBe(403);
      const tree = (await a1.get(`/datasets/${ds}/directoryTree`)).json;
      expect(tree.children.map((n: { value: { filename: string } }) => n.value.filename)).toEqual(['/a']);
    });
  });

  describe('annotators and tasks, assignments, commands', () => {
    it("cannot reach others' annotations, tasks, commands, or move items", async () => {
      const o = client(srv.url, srv.tokens.owner);
      const a2 = client(srv.url, srv.tokens.annotator2);
      const ds3 = await makeDataset(srv, 'a2');
      const [mine, theirs] = await upload(srv, ds3, ['/m.png', '/t.png']);
      const t = (
        await o.post('/annotationtasks', {
          name: 'only-a1',
          datasetId: ds3,
          itemIds: [theirs],
          assignees: [srv.users.annotator1.email],
        })
      ).json;
      const task = (await o.get(`/commands/${t.id}`)).json.spec.createdTaskId;
      const ann = (await o.post(`/items/${theirs}/annotations`, box('x'))).json.id;
      const dir = (
        await o.post(
          `/datasets/${ds3}/items`,
          (() => {
            const f = new FormData();
            f.append('type', 'dir');
            f.append('path', '/d');
            return f;
          })(),
        )
      ).json.id;
      const codes = [
        (await a2.get(`/annotations/${ann}`)).status,
        (await a2.put(`/annotations/${ann}`, { label: 'y' })).status,
        (await a2.del(`/annotations/${ann}`)).status,
        (await a2.get(`/items/${theirs}/annotations`)).status,
        (await a2.get(`/annotationtasks/${task}`)).status,
        (await a2.patch(`/annotationtasks/${task}`, { name: 'x' })).status,
        (await a2.post(`/annotationtasks/${task}/addToTask`, { itemIds: [mine] })).status,
        (await a2.del(`/annotationtasks/${task}`)).status,
        (await a2.put(`/datasets/${ds3}/items/${dir}`, [mine])).status,
      ];
      expect(codes).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403]);
      expect((await a2.get(`/commands/${t.id}`)).status).toBe(404);
      const q = await a2.post('/annotationtasks/query', { filter: {} });
      expect(q.json.items.map((x: { id: string }) => x.id)).not.toContain(task);
    });
  });

  describe('members', () => {
    it('the last owner cannot be demoted or removed (the project would have no one to manage members)', async () => {
      const o = client(srv.url, srv.tokens.owner);
      expect(
        (await o.post(`/projects/${srv.projectId}/members/${srv.users.owner.email}`, { role: 'annotator' })).status,
      ).toBe(409);
      expect((await o.del(`/projects/${srv.projectId}/members/${srv.users.owner.email}`)).status).toBe(409);
      expect((await o.get(`/projects/${srv.projectId}`)).json.role).toBe('owner');
      await o.post(`/projects/${srv.projectId}/members/second-owner@dlkit.test`, { role: 'owner' });
      const second = client(srv.url, await srv.server.issueToken('second-owner@dlkit.test'));
      expect((await second.del(`/projects/${srv.projectId}/members/second-owner@dlkit.test`)).status).toBe(200);
    });
  });
});

describe("an annotator's view of dataset counts", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv.close());

  it('GET /datasets/{id} and the dataset list count only the items and annotations they may see', async () => {
    const o = client(srv.url, srv.tokens.owner);
    const ds = await makeDataset(srv, 'counts');
    const items = await upload(srv, ds, ['/c/1.png', '/c/2.png', '/c/3.png', '/c/4.png']);
    for (const id of items) await o.post(`/items/${id}/annotations`, [box('a'), box('b')]);
    await o.post('/annotationtasks', {
      name: 'mine',
      datasetId: ds,
      itemIds: [items[0]],
      assignees: [srv.users.annotator1.email],
      asynced: false,
    });
    const owner = (await o.get(`/datasets/${ds}`)).json;
    expect([owner.itemsCount, owner.annotationsCount]).toEqual([5, 8]); // 4 files and the folder
    const a1 = client(srv.url, srv.tokens.annotator1);
    const mine = (await a1.get(`/datasets/${ds}`)).json;
    expect([mine.itemsCount, mine.annotationsCount]).toEqual([1, 2]);
    const seen = await a1.post(`/datasets/${ds}/query`, { filter: {} });
    expect(seen.json.totalItemsCount).toBe(mine.itemsCount);
    const listed = (await a1.post('/datasets/query', { filter: { id: ds } })).json.items[0];
    expect([listed.itemsCount, listed.annotationsCount]).toEqual([1, 2]);
    const a2 = (await client(srv.url, srv.tokens.annotator2).get(`/datasets/${ds}`)).json;
    expect([a2.itemsCount, a2.annotationsCount]).toEqual([0, 0]);
  });
});
