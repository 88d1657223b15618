// Each role x each route class. Expected codes follow the rules in server/README.md: members read,
// owners/engineers change datasets, items, ontologies and tasks, managers also run assignments,
// annotators reach only items of their own assignments; non-members 403; no token 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, pngForm, upload } from './helpers.js';

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
    { owner: 200, engineer: 200, manager: 403, annotatorIn: 403, annotatorOut: 403, outsider: 403, anonymous: 401 },
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

describe('auth matrix', () => {
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
