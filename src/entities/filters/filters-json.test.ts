// Filters.fromJson (the server's and the cache's reader) and canonicalKey.
import { describe, expect, it } from 'vitest';
import { DlParseError } from '../errors.js';
import { Filters } from './filters.js';

function expectBody(actual: unknown, expected: unknown): void {
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

// Bodies in the SDK's key order, written by hand from spec §4.1.
const BODIES: Record<string, unknown> = {
  itemsDefault: { filter: { $and: [{ hidden: false }, { type: 'file' }] }, page: 0, pageSize: 1000, resource: 'items' },
  empty: { filter: {}, page: 0, pageSize: 1000, resource: 'datasets' },
  orAnd: {
    filter: { $or: [{ dir: '/a/**' }, { filename: { $in: ['/b/**', '/c.png'] } }], $and: [{ annotated: true }] },
    sort: { createdAt: 'descending', id: 'ascending' },
    page: 4,
    pageSize: 25,
    resource: 'items',
  },
  join: {
    filter: { $and: [{ hidden: false }] },
    page: 0,
    pageSize: 1000,
    resource: 'items',
    join: { on: { resource: 'annotations', local: 'itemId', forigen: 'id' }, filter: { $and: [{ label: 'car' }] } },
  },
  itemsDelete: { filter: { $and: [{ dir: '/x' }] }, resource: 'items', delete: true },
  annotationsDelete: {
    filter: { $and: [{ annotationId: { $in: ['a'] } }] },
    page: 0,
    pageSize: 1000,
    resource: 'annotations',
    delete: true,
  },
  userUpdate: { filter: {}, page: 0, pageSize: 1000, resource: 'items', update: { metadata: { user: { a: 1 } } } },
  systemUpdate: {
    filter: {},
    page: 0,
    pageSize: 1000,
    resource: 'items',
    update: { metadata: { user: { a: 1 }, system: { b: 2 } } },
    systemSpace: true,
  },
  references: {
    filter: { $and: [{ id: { $in: ['i1'] } }] },
    page: 0,
    pageSize: 1000,
    resource: 'items',
    references: {
      operation: 'create',
      refs: [
        { type: 'assignment', id: 'a1' },
        { type: 'task', id: 't1' },
      ],
    },
  },
  tasks: {
    filter: { $and: [{ status: { $ne: 'completed' } }] },
    page: 1,
    pageSize: 500,
    resource: 'tasks',
    context: { projectIds: ['p'] },
  },
};

describe('Filters.fromJson', () => {
  it.each(Object.keys(BODIES))('prepare(fromJson(body)) gives %s back exactly', (name) => {
    expectBody(Filters.fromJson(BODIES[name]).prepare(), BODIES[name]);
  });
  it('reads the parts into the structured state', () => {
    const f = Filters.fromJson(BODIES.orAnd);
    expect(f.resource).toBe('items');
    expect(f.page).toBe(4);
    expect(f.pageSize).toBe(25);
    expect(f.orFilterList).toEqual([
      { field: 'dir', values: '/a/**' },
      { field: 'filename', values: ['/b/**', '/c.png'], operator: 'in' },
    ]);
    expect(f.andFilterList).toEqual([{ field: 'annotated', values: true }]);
    expect(f.customFilter).toBeNull();
    expect(Filters.fromJson(BODIES.itemsDelete).bulk).toEqual({ operation: 'delete' });
    expect(Filters.fromJson(BODIES.systemUpdate).bulk).toEqual({
      operation: 'update',
      update: { a: 1 },
      systemUpdate: { b: 2 },
    });
  });
  it('puts keys in canonical order ($or before $and, filter first) and fills missing defaults', () => {
    const f = Filters.fromJson({ resource: 'executions', filter: { $and: [{ a: 1 }], $or: [{ b: 2 }] } });
    expectBody(f.prepare(), {
      filter: { $or: [{ b: 2 }], $and: [{ a: 1 }] },
      page: 0,
      pageSize: 100,
      resource: 'executions',
    });
    expectBody(Filters.fromJson({}).prepare(), { filter: {}, page: 0, pageSize: 1000, resource: 'items' });
  });
  it('keeps a hand-written filename as written (no /** added on read)', () => {
    const body = { filter: { $and: [{ filename: '/a/b' }] }, page: 0, pageSize: 1000, resource: 'items' };
    expectBody(Filters.fromJson(body).prepare(), body);
  });
  it('clamps a too-large page size', () => {
    expect(Filters.fromJson({ filter: {}, pageSize: 5000 }).prepare().pageSize).toBe(1000);
  });
  it('keeps unknown $operators', () => {
    const body = { filter: { $and: [{ name: { $regex: 'a.*' } }] }, page: 0, pageSize: 1000, resource: 'items' };
    const f = Filters.fromJson(body);
    expect(f.andFilterList[0]).toEqual({ field: 'name', values: 'a.*', operator: 'regex' });
    expectBody(f.prepare(), body);
  });
  it('falls back to a custom filter for shapes the lists cannot express, and returns them unchanged', () => {
    const shapes = [
      { filter: { $and: [{ a: 1, b: 2 }] }, page: 0, pageSize: 1000, resource: 'items' },
      { filter: { dir: '/x' }, page: 0, pageSize: 1000, resource: 'items' },
      { filter: {}, page: 0, pageSize: 1000, resource: 'items', extra: { keep: true } },
      { filter: {}, page: 0, pageSize: 1000, resource: 'items', update: { metadata: { system: { s: 1 } } } },
      { page: 0, filter: {}, pageSize: 5, resource: 'items', sort: { id: 'ascending' }, delete: true },
    ];
    for (const body of shapes) {
      const f = Filters.fromJson(body);
      expect(f.customFilter).not.toBeNull();
      expectBody(f.prepare(), body);
    }
    // The SDK's custom-filter rule still fills what is missing.
    expectBody(Filters.fromJson({ filter: { x: 1 } }).prepare(), {
      filter: { x: 1 },
      resource: 'items',
      page: 0,
      pageSize: 1000,
    });
  });
  it('throws DlParseError naming the JSON path and what was expected', () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [[], '$', /an object/],
      [{ filter: [] }, '$.filter', /an object/],
      [{ filter: { $and: {} } }, '$.filter.$and', /an array/],
      [{ filter: { $or: [{ a: 1 }, 'x'] } }, '$.filter.$or[1]', /an object/],
      [{ page: -1 }, '$.page', /non-negative integer/],
      [{ pageSize: 0 }, '$.pageSize', /integer >= 1/],
      [{ resource: 'things' }, '$.resource', /one of items/],
      [{ resource: 3 }, '$.resource', /a string/],
      [{ sort: { id: 'up' } }, '$.sort.id', /ascending/],
      [{ join: { on: { resource: 'items', local: 'id' } } }, '$.join.on.forigen', /a string/],
      [{ join: { filter: { $and: [1] } } }, '$.join.filter.$and[0]', /an object/],
      [{ references: { operation: 'create', refs: [{ type: 'job', id: 'x' }] } }, '$.references.refs[0].type', /task/],
      [{ delete: 'yes' }, '$.delete', /true/],
      [{ update: { metadata: { user: [] } } }, '$.update.metadata.user', /an object/],
      [{ context: 'p' }, '$.context', /an object/],
      [{ systemSpace: 1 }, '$.systemSpace', /a boolean/],
    ];
    for (const [body, path, expected] of cases) {
      let error: unknown;
      try {
        Filters.fromJson(body);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(body)).toBeInstanceOf(DlParseError);
      expect((error as DlParseError).path).toBe(path);
      expect((error as DlParseError).expected).toMatch(expected);
    }
  });
});

describe('canonicalKey', () => {
  it('is the same for bodies that differ only in object key order', () => {
    const a = Filters.fromJson({
      filter: { $and: [{ a: { $in: [1] } }] },
      page: 0,
      pageSize: 10,
      resource: 'items',
      context: { x: 1, y: 2 },
    });
    const b = Filters.fromJson({
      resource: 'items',
      context: { y: 2, x: 1 },
      pageSize: 10,
      page: 0,
      filter: { $and: [{ a: { $in: [1] } }] },
    });
    expect(a.canonicalKey()).toBe(b.canonicalKey());
  });
  it('differs when sort key order, condition order, page or values differ', () => {
    const base = new Filters();
    base.sortBy('a').sortBy('b');
    const swapped = new Filters();
    swapped.sortBy('b').sortBy('a');
    expect(base.canonicalKey()).not.toBe(swapped.canonicalKey());
    const p1 = new Filters();
    p1.page = 1;
    expect(new Filters().canonicalKey()).not.toBe(p1.canonicalKey());
    expect(new Filters().and('x', 1).canonicalKey()).not.toBe(new Filters().and('x', 2).canonicalKey());
  });
  it('is valid JSON of the prepared body', () => {
    const f = new Filters({ context: { projects: ['p'] } });
    f.sortBy('id', 'descending');
    expect(JSON.parse(f.canonicalKey())).toEqual(f.prepare());
  });
});
