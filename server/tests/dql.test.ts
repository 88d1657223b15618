// DQL conformance (spec §4): bodies are built with the entity model's Filters (the SDK's exact
// prepare() output) and run against the server; expected ids come from plain JS predicates over
// the fixture table below, a second, independent evaluation of the same conditions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../src/entities/filters/index.js';
import { FiltersOperations } from '../../src/entities/enums.js';
import { compileUserRegex } from '../store/user-regex.js';
import { startTestServer, type TestServer } from '../testing.js';
import { box, client, makeDataset, upload } from './helpers.js';

interface Fx {
  path: string;
  n: number;
  color?: string;
  tags?: string;
  hidden?: boolean;
}
const FIXTURES: Fx[] = [
  { path: '/a/1.png', n: 1, color: 'red', tags: 'x' },
  { path: '/a/2.png', n: 2, color: 'blue' },
  { path: '/a/b/3.png', n: 3, color: 'red' },
  { path: '/a/b/c/4.png', n: 4 },
  { path: '/ab/5.png', n: 5, color: 'green', tags: 'y' },
  { path: '/6.png', n: 6, color: 'Red' },
  { path: '/w7.png', n: 7, color: 'blue' },
  { path: '/a/8.png', n: 8, color: 'red', hidden: true },
];
const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';

let srv: TestServer;
let ds: string;
const ids: Record<string, string> = {};
let o: ReturnType<typeof client>;
const visible = FIXTURES.filter((f) => !f.hidden);

async function q(body: unknown) {
  const r = await o.post(`/datasets/${ds}/query`, body);
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}
const names = (res: any) => res.items.map((i: any) => i.filename).sort();
const expectPaths = (pred: (f: Fx) => boolean) =>
  visible
    .filter(pred)
    .map((f) => f.path)
    .sort();

beforeAll(async () => {
  srv = await startTestServer();
  o = client(srv.url, srv.tokens.owner);
  ds = await makeDataset(srv, 'dql');
  const made = await upload(
    srv,
    ds,
    FIXTURES.map((f) => f.path),
    (i) => {
      const f = FIXTURES[i]!;
      const user: Record<string, unknown> = { n: f.n };
      if (f.color) user.color = f.color;
      if (f.tags) user.tags = f.tags;
      return { user };
    },
  );
  FIXTURES.forEach((f, i) => (ids[f.path] = made[i]!));
  for (const f of FIXTURES.filter((x) => x.hidden)) await o.patch(`/items/${ids[f.path]}`, { hidden: true });
  // annotations: items 1 and 3 get a "car", item 2 a "bus", item 5 a note
  await o.post(`/items/${ids['/a/1.png']}/annotations`, [box('car'), box('person')]);
  await o.post(`/items/${ids['/a/b/3.png']}/annotations`, [box('car')]);
  await o.post(`/items/${ids['/a/2.png']}/annotations`, [box('bus')]);
  await o.post(`/items/${ids['/ab/5.png']}/annotations`, [
    {
      type: 'note',
      label: 'n',
      coordinates: {
        box: [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        note: { messages: [] },
      },
    },
  ]);
});
afterAll(() => srv.close());

describe('items: defaults, filename/dir wildcards (spec §4.1)', () => {
  it('the default item filter returns visible files only', async () => {
    const res = await q(new Filters().prepare());
    expect(res.totalItemsCount).toBe(visible.length);
    expect(names(res)).toEqual(expectPaths(() => true));
  });
  it('filename "/a" becomes "/a/**" and matches the whole subtree, not "/ab"', async () => {
    const f = new Filters();
    f.addFilter('filename', '/a');
    const body = f.prepare();
    expect(JSON.stringify(body.filter)).toContain('"/a/**"');
    expect(names(await q(body))).toEqual(expectPaths((x) => x.path.startsWith('/a/')));
  });
  it('"/w*" stays as is and matches one level', async () => {
    const f = new Filters();
    f.addFilter('filename', '/w*');
    expect(names(await q(f.prepare()))).toEqual(['/w7.png']);
  });
  it('dir equality and dir wildcard "/a/*" (one level below /a)', async () => {
    const f = new Filters();
    f.addFilter('dir', '/a/b');
    expect(names(await q(f.prepare()))).toEqual(expectPaths((x) => dirOf(x.path) === '/a/b'));
    const g = new Filters();
    g.addFilter('dir', '/a/*');
    expect(names(await q(g.prepare()))).toEqual(expectPaths((x) => /^\/a\/[^/]+$/.test(dirOf(x.path))));
  });
  it('"metadata.system.mimetype": "image*" matches image/png', async () => {
    const f = new Filters();
    f.addFilter('metadata.system.mimetype', 'image*');
    expect((await q(f.prepare())).totalItemsCount).toBe(visible.length);
  });
});

describe('operators on metadata.* (SQLite JSON functions)', () => {
  const cases: [string, string, unknown, FiltersOperations | undefined, (f: Fx) => boolean][] = [
    ['eq', 'metadata.user.color', 'red', undefined, (f) => f.color === 'red'],
    ['$eq', 'metadata.user.color', 'red', FiltersOperations.EQUAL, (f) => f.color === 'red'],
    [
      '$ne (missing counts as not equal)',
      'metadata.user.color',
      'red',
      FiltersOperations.NOT_EQUAL,
      (f) => f.color !== 'red',
    ],
    ['$gt', 'metadata.user.n', 3, FiltersOperations.GREATER_THAN, (f) => f.n > 3],
    ['$gte', 'metadata.user.n', 3, FiltersOperations.GREATER_THAN_OR_EQUAL, (f) => f.n >= 3],
    ['$lt', 'metadata.user.n', 3, FiltersOperations.LESS_THAN, (f) => f.n < 3],
    ['$lte', 'metadata.user.n', 3, FiltersOperations.LESS_THAN_OR_EQUAL, (f) => f.n <= 3],
    [
      '$in',
      'metadata.user.color',
      ['red', 'green'],
      FiltersOperations.IN,
      (f) => f.color === 'red' || f.color === 'green',
    ],
    [
      '$nin',
      'metadata.user.color',
      ['red', 'green'],
      FiltersOperations.NIN,
      (f) => !(f.color === 'red' || f.color === 'green'),
    ],
    ['$exists true', 'metadata.user.tags', true, FiltersOperations.EXISTS, (f) => f.tags !== undefined],
    ['$exists false', 'metadata.user.tags', false, FiltersOperations.EXISTS, (f) => f.tags === undefined],
    [
      '$match (JS regex, case-sensitive)',
      'metadata.user.color',
      '^[Rr]e',
      FiltersOperations.MATCH,
      (f) => /^[Rr]e/.test(f.color ?? ''),
    ],
    [
      '$match on name',
      'name',
      '^[0-4]\\.png$',
      FiltersOperations.MATCH,
      (f) => /^[0-4]\.png$/.test(f.path.split('/').pop()!),
    ],
  ];
  it.each(cases)('%s', async (_n, field, value, op, pred) => {
    const f = new Filters();
    f.addFilter(field, value, { operator: op });
    expect(names(await q(f.prepare()))).toEqual(expectPaths(pred));
  });

  it('$or and $and combine (method or)', async () => {
    const f = new Filters();
    f.addFilter('metadata.user.color', 'blue', { method: 'or' as never });
    f.addFilter('metadata.user.n', 6, { method: 'or' as never });
    const body = f.prepare();
    expect(Object.keys(body.filter as object)).toEqual(['$or', '$and']);
    expect(names(await q(body))).toEqual(expectPaths((x) => x.color === 'blue' || x.n === 6));
  });

  it('nested $and/$or in a hand-written filter', async () => {
    const res = await q({
      filter: {
        $and: [
          { hidden: false },
          { $or: [{ 'metadata.user.n': { $lt: 2 } }, { $and: [{ 'metadata.user.color': 'red' }, { dir: '/a/b' }] }] },
        ],
      },
    });
    expect(names(res)).toEqual(expectPaths((x) => x.n < 2 || (x.color === 'red' && dirOf(x.path) === '/a/b')));
  });

  it('unknown operators and bad values are 400 with a message', async () => {
    const r = await o.post(`/datasets/${ds}/query`, { filter: { n: { $regex: 'x' } } });
    expect([r.status, r.json.message]).toEqual([400, 'DQL: unknown operator "$regex" on field "n"']);
    expect((await o.post(`/datasets/${ds}/query`, { filter: { name: { $match: '(' } } })).status).toBe(400);
    expect((await o.post(`/datasets/${ds}/query`, { filter: { name: { $in: 'x' } } })).status).toBe(400);
    expect((await o.post(`/datasets/${ds}/query`, { filter: { "a') OR 1=1 --": 1 } })).status).toBe(400);
  });
});

describe('sort, paging, keyset', () => {
  it('sorts by filename descending and by metadata numbers', async () => {
    const f = new Filters();
    f.sortBy('filename', 'descending' as never);
    expect((await q(f.prepare())).items.map((i: any) => i.filename)).toEqual(expectPaths(() => true).reverse());
    const g = new Filters();
    g.sortBy('metadata.user.n', 'descending' as never);
    expect((await q(g.prepare())).items.map((i: any) => i.metadata.user.n)).toEqual(
      visible.map((x) => x.n).sort((a, b) => b - a),
    );
  });
  it('pages with totals, clamps pageSize above 1000 and negative pages', async () => {
    const res = await q({ ...new Filters().prepare(), page: 1, pageSize: 3 });
    expect([res.totalItemsCount, res.totalPagesCount, res.hasNextPage, res.items.length]).toEqual([7, 3, true, 3]);
    const last = await q({ ...new Filters().prepare(), page: 2, pageSize: 3 });
    expect([last.hasNextPage, last.items.length]).toEqual([false, 1]);
    const big = await q({ ...new Filters().prepare(), pageSize: 5000 });
    expect([big.items.length, big.totalPagesCount]).toEqual([7, 1]);
    const neg = await q({ ...new Filters().prepare(), page: -4, pageSize: 2 });
    expect(neg.items.length).toBe(2);
  });
  it('keyset paging (sort id + id $gt last) visits every item once, in id order', async () => {
    const seen: string[] = [];
    let last: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const f = new Filters({ pageSize: 3 });
      f.sortBy('id', 'ascending' as never);
      if (last) f.addFilter('id', last, { operator: FiltersOperations.GREATER_THAN });
      const res = await q(f.prepare());
      seen.push(...res.items.map((i: any) => i.id));
      if (!res.hasNextPage || !res.items.length) break;
      last = res.items.at(-1).id;
    }
    const all = visible.map((x) => ids[x.path]!).sort();
    expect(seen).toEqual(all);
  });
});

describe('items <-> annotations join (forigen) and annotation queries', () => {
  it('items that have a "car" annotation', async () => {
    const f = new Filters();
    f.addJoin('label', 'car');
    const body = f.prepare();
    expect((body.join as any).on).toEqual({ resource: 'annotations', local: 'itemId', forigen: 'id' });
    expect(names(await q(body))).toEqual(['/a/1.png', '/a/b/3.png']);
  });
  it('annotations whose item is under /a/b, with the annotation defaults (no notes)', async () => {
    const f = new Filters({ resource: 'annotations' });
    f.addJoin('dir', '/a/b');
    const res = await q(f.prepare());
    expect(res.items.map((a: any) => [a.label, a.itemId])).toEqual([['car', ids['/a/b/3.png']]]);
    const all = await q(new Filters({ resource: 'annotations' }).prepare());
    expect(all.items.map((a: any) => a.label).sort()).toEqual(['bus', 'car', 'car', 'person']);
  });
  it('annotations of one item, label wildcard', async () => {
    const f = new Filters({ resource: 'annotations' });
    f.addFilter('itemId', ids['/a/1.png']);
    f.addFilter('label', 'p*');
    expect((await q(f.prepare())).items.map((a: any) => a.label)).toEqual(['person']);
  });
  it('a join with a wrong key is a 400', async () => {
    const r = await o.post(`/datasets/${ds}/query`, {
      filter: {},
      join: { on: { resource: 'annotations', local: 'itemId', forigen: 'nope' }, filter: {} },
    });
    expect(r.status).toBe(400);
  });
});

describe('bulk update / references / delete on the query endpoint', () => {
  it('updates user metadata of the matches only; system needs systemSpace', async () => {
    const f = new Filters();
    f.addFilter('metadata.user.color', 'blue');
    const body = f.prepare({ operation: 'update', update: { checked: true } });
    expect((body as any).update).toEqual({ metadata: { user: { checked: true } } });
    expect((await q(body)).affected).toBe(expectPaths((x) => x.color === 'blue').length);
    const g = new Filters();
    g.addFilter('metadata.user.checked', true);
    expect(names(await q(g.prepare()))).toEqual(expectPaths((x) => x.color === 'blue'));
    expect(
      (await o.post(`/datasets/${ds}/query`, { filter: {}, update: { metadata: { system: { a: 1 } } } })).status,
    ).toBe(400);
  });
  it('adds and removes references, queried through metadata.system.refs.id', async () => {
    // A real (empty) task of this dataset: refs to tasks of other datasets, or to no task, are refused.
    const taskish = (await o.post('/annotationtasks', { name: 'refs', datasetId: ds, itemIds: [], asynced: false }))
      .json.id as string;
    const f = new Filters();
    f.addFilter('dir', '/a');
    const body = { ...f.prepare(), references: { operation: 'create', refs: [{ type: 'task', id: taskish }] } };
    expect((await q(body)).affected).toBe(expectPaths((x) => dirOf(x.path) === '/a').length);
    const g = new Filters({ useDefaults: false });
    g.addFilter('metadata.system.refs.id', [taskish], { operator: FiltersOperations.IN });
    expect(names(await q(g.prepare()))).toEqual(expectPaths((x) => dirOf(x.path) === '/a'));
    await q({ ...f.prepare(), references: { operation: 'delete', refs: [{ type: 'task', id: taskish }] } });
    expect((await q(g.prepare())).totalItemsCount).toBe(0);
  });
  it('deletes annotations by query and updates item counts', async () => {
    const f = new Filters({ resource: 'annotations' });
    f.addFilter('label', 'person');
    expect((await q(f.prepare({ operation: 'delete' }))).affected).toBe(1);
    expect((await o.get(`/items/${ids['/a/1.png']}`)).json.annotationsCount).toBe(1);
  });
  it('deletes items by query (last, so the other cases keep their data)', async () => {
    const f = new Filters();
    f.addFilter('filename', '/w*');
    expect((await q(f.prepare({ operation: 'delete' }))).affected).toBe(1);
    expect((await o.get(`/items/${ids['/w7.png']}`)).status).toBe(404);
  });
});

// Hostile DQL: odd field names, operators and sizes answer 200 or a 400 JSON {message}, never a
// 500, never SQL error text, never a stalled server.
describe('hostile DQL', () => {
  let fuzzDs: string;
  beforeAll(async () => {
    fuzzDs = await makeDataset(srv, 'fuzz');
    await upload(srv, fuzzDs, ['/d/a.png']);
  });

  const deepObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  async function send(method: string, path: string, body: string) {
    const token = srv.tokens.owner;
    const res = await srv.server.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  const FIELDS = [
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    "a'b",
    'a"b',
    'a) OR 1=1 --',
    'a..b',
    '.',
    '99999999999999999999999',
    'metadata.user.$x',
    'a[0]',
    'a b',
    'x'.repeat(5000),
    'a\u0000b',
    'm.\u00e9t\u00e0',
  ];
  it.each(FIELDS)('field name %j in a filter, a sort and $exists is a 200 or a 400, never SQL', async (field) => {
    const c = client(srv.url, srv.tokens.owner);
    for (const body of [
      { filter: { [field]: 1 } },
      { filter: { [field]: { $exists: true } } },
      { filter: { $or: [{ [field]: { $in: ['a', 1] } }, { [field]: { $match: 'x' } }] } },
      { filter: {}, sort: { [field]: 'ascending' } },
      { resource: 'annotations', filter: { [field]: { $ne: 'a' } } },
      {
        filter: {},
        join: { on: { resource: 'annotations', local: 'itemId', forigen: 'id' }, filter: { [field]: 'a' } },
      },
    ]) {
      const r = await c.post(`/datasets/${fuzzDs}/query`, body);
      expect(
        [200, 400],
        `${JSON.stringify(body).slice(0, 120)} -> ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`,
      ).toContain(r.status);
      if (r.status === 400) expect(r.json.message).not.toMatch(/sqlite|syntax|SQL|near "/i);
    }
  });

  it.each([
    ['unknown top-level operator', { filter: { $where: 'sleep(1000)' } }],
    ['unknown field operator', { filter: { name: { $where: 'x' } } }],
    ['operator mixed with a key', { filter: { name: { $gt: 'a', b: 1 } } }],
    ['$and not an array', { filter: { $and: { a: 1 } } }],
    ['huge $in', { filter: { name: { $in: Array.from({ length: 20000 }, (_, i) => `n${i}`) } } }],
    ['huge $or', { filter: { $or: Array.from({ length: 50000 }, (_, i) => ({ name: `n${i}` })) } }],
    ['bad regex', { filter: { name: { $match: '(' } } }],
    ['$and nested 40 deep', { filter: JSON.parse('{"$and":['.repeat(40) + '{}' + ']}'.repeat(40)) }],
    ['object in $gt', { filter: { name: { $gt: { a: 1 } } } }],
    ['sort direction', { filter: {}, sort: { name: 'sideways' } }],
    ['sort not an object', { filter: {}, sort: 'name' }],
    ['bad join', { filter: {}, join: { on: { resource: 'users', local: 'id', forigen: 'id' } } }],
    ['bulk update refs', { filter: {}, update: { metadata: { system: { refs: [] } } }, systemSpace: true }],
    ['bulk update not metadata', { filter: {}, update: { filename: '/x' } }],
    [
      'references garbage',
      { filter: {}, references: { operation: 'create', refs: [{ type: 'task', id: { $gt: '' } }] } },
    ],
  ])('%s is a 400 with a message', async (_name, body) => {
    const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${fuzzDs}/query`, body);
    expect([r.status, typeof r.json?.message]).toEqual([400, 'string']);
    expect(r.json.message).not.toMatch(/sqlite|syntax|near "/i);
  });

  it.each([
    ['deep $and nesting', '{"filter":' + '{"$and":['.repeat(3000) + '{}' + ']}'.repeat(3000) + '}'],
    ['deep object value', `{"filter":{"metadata.user.x":${deepObj(3000)}}}`],
    ['deep value in an upload-free bulk update', `{"filter":{},"update":{"metadata":{"user":${deepObj(1200)}}}}`],
  ])('%s (raw body) is a 400 with a message', async (_name, text) => {
    const r = await send('POST', `/api/v1/datasets/${fuzzDs}/query`, text);
    expect([r.status, typeof r.json?.message]).toEqual([400, 'string']);
  });

  it('$in and $or with thousands of values work (SQLite caps expression depth at 1000)', async () => {
    const c = client(srv.url, srv.tokens.owner);
    const names = Array.from({ length: 5000 }, (_, i) => `n${i}.png`).concat(['a.png']);
    const r = await c.post(`/datasets/${fuzzDs}/query`, { filter: { name: { $in: names } } });
    expect([r.status, r.json.totalItemsCount]).toEqual([200, 1]);
    const o = await c.post(`/datasets/${fuzzDs}/query`, { filter: { $or: names.map((name) => ({ name })) } });
    expect([o.status, o.json.totalItemsCount]).toEqual([200, 1]);
    const nin = await c.post(`/datasets/${fuzzDs}/query`, {
      filter: { type: 'file', name: { $nin: names.slice(0, 4000) } },
    });
    expect([nin.status, nin.json.totalItemsCount]).toEqual([200, 1]);
  });

  it('catastrophic patterns ($match and wildcards) answer at once instead of stalling the server', async () => {
    const c = client(srv.url, srv.tokens.owner);
    await upload(srv, fuzzDs, [`/${'a'.repeat(48)}.png`]);
    // On a backtracking engine these take 2^48 steps (the test's own timeout would end it); they
    // answer because user patterns are compiled for V8's linear-time engine (the `l` flag).
    expect(compileUserRegex('^(a+)+$').flags).toContain('l');
    const m = await c.post(`/datasets/${fuzzDs}/query`, { filter: { name: { $match: '^(a+)+$' } } });
    const w = await c.post(`/datasets/${fuzzDs}/query`, { filter: { filename: '/' + '*a'.repeat(20) + 'b' } });
    expect([m.status, m.json.totalItemsCount, w.status, w.json.totalItemsCount]).toEqual([200, 0, 200, 0]);
    const ok = await c.post(`/datasets/${fuzzDs}/query`, { filter: { name: { $match: '^a{48}\\.png$' } } });
    expect(ok.json.totalItemsCount).toBe(1);
  }, 20_000);

  it.each(['(a)\\1', '(?=a)a', '(?<!a)b', '^(a{1,20})+$', 'x'.repeat(1001)])(
    '$match %s (not linear-time or too long) is a 400',
    async (p) => {
      const r = await client(srv.url, srv.tokens.owner).post(`/datasets/${fuzzDs}/query`, {
        filter: { name: { $match: p } },
      });
      expect([r.status, typeof r.json.message]).toEqual([400, 'string']);
    },
  );

  it('values are data, not SQL: a quote-laden value matches literally', async () => {
    const c = client(srv.url, srv.tokens.owner);
    const r = await c.post(`/datasets/${fuzzDs}/query`, { filter: { name: "a.png' OR '1'='1" } });
    expect([r.status, r.json.totalItemsCount]).toEqual([200, 0]);
    const ok = await c.post(`/datasets/${fuzzDs}/query`, { filter: { name: 'a.png' } });
    expect(ok.json.totalItemsCount).toBe(1);
  });
});

// Values that guard data: a filter that is wrong here returns (or bulk-updates, or deletes) the wrong items.
describe('equality on objects and arrays, and null in $ne/$in/$nin (MongoDB semantics)', () => {
  let nds: string;
  const byName = async (filter: unknown) =>
    (await o.post(`/datasets/${nds}/query`, { filter })).json.items.map((i: { name: string }) => i.name).sort();
  beforeAll(async () => {
    nds = await makeDataset(srv, 'dql-null');
    const values: [string, unknown][] = [
      ['obj', { a: 1 }],
      ['obj2', { a: 1, b: 2 }],
      ['arr', [1, 2]],
      ['null', null],
      ['str', 'x'],
    ];
    await upload(srv, nds, [...values.map(([n]) => `/${n}.png`), '/missing.png'], (i) => ({
      user: i < values.length ? { v: values[i]![1] } : {},
    }));
  });

  it('an object or array value is equality of the whole value', async () => {
    expect(await byName({ 'metadata.user.v': { a: 1 } })).toEqual(['obj.png']);
    expect(await byName({ 'metadata.user.v': { $eq: { a: 1, b: 2 } } })).toEqual(['obj2.png']);
    expect(await byName({ 'metadata.user.v': [1, 2] })).toEqual(['arr.png']);
    expect(await byName({ 'metadata.user.v': [2, 1] })).toEqual([]);
  });

  it('null: equality and $in match null or missing; $ne and $nin match present, non-null values', async () => {
    expect(await byName({ 'metadata.user.v': null })).toEqual(['missing.png', 'null.png']);
    expect(await byName({ 'metadata.user.v': { $in: [null, 'x'] } })).toEqual(['missing.png', 'null.png', 'str.png']);
    const present = ['arr.png', 'obj.png', 'obj2.png', 'str.png'];
    expect(await byName({ 'metadata.user.v': { $ne: null } })).toEqual(present);
    expect(await byName({ 'metadata.user.v': { $nin: [null] } })).toEqual(present);
    expect(await byName({ 'metadata.user.v': { $nin: [null, 'x'] } })).toEqual(['arr.png', 'obj.png', 'obj2.png']);
    expect(await byName({ 'metadata.user.v': { $ne: 'x' } })).toEqual([
      'arr.png',
      'missing.png',
      'null.png',
      'obj.png',
      'obj2.png',
    ]);
  });
});
