// Conformance of Filters.prepare() with spec §4. Every expected body is written by hand from the spec
// text and checked twice: deep equality (toEqual) and exact key order (JSON.stringify equality).
import { describe, expect, it } from 'vitest';
import { DlError } from '../errors.js';
import { Filters } from './filters.js';
import { addRecursive, pathExtension } from './single-filter.js';

/** Deep-equal AND same key order everywhere. */
function expectBody(actual: unknown, expected: unknown): void {
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

const ITEM_DEFAULTS = [{ hidden: false }, { type: 'file' }];
// Spec §4.1, written out by hand: every AnnotationType except "note", in enum order.
const ANNOTATION_TYPES = [
  'box',
  'cube',
  'cube_3d',
  'class',
  'comparison',
  'ellipse',
  'point',
  'segment',
  'polyline',
  'pose',
  'binary',
  'subtitle',
  'text_mark',
  'gis',
  'ref_semantic_3d',
  'polyline_3d',
  'text',
  'ref_image',
];

describe('Filters defaults per resource', () => {
  it('items: hidden=false then type=file, page 0, pageSize 1000', () => {
    expectBody(new Filters().prepare(), {
      filter: { $and: ITEM_DEFAULTS },
      page: 0,
      pageSize: 1000,
      resource: 'items',
    });
  });
  it('annotations: type $in every type but note, in enum order', () => {
    expectBody(new Filters({ resource: 'annotations' }).prepare(), {
      filter: { $and: [{ type: { $in: ANNOTATION_TYPES } }] },
      page: 0,
      pageSize: 1000,
      resource: 'annotations',
    });
  });
  it.each(['services', 'packages'])('%s: global $ne true', (resource) => {
    expectBody(new Filters({ resource }).prepare(), {
      filter: { $and: [{ global: { $ne: true } }] },
      page: 0,
      pageSize: 1000,
      resource,
    });
  });
  it('other resources have no defaults: empty filter is {}', () => {
    for (const resource of ['datasets', 'tasks', 'recipe', 'models', 'triggers']) {
      expectBody(new Filters({ resource }).prepare(), { filter: {}, page: 0, pageSize: 1000, resource });
    }
  });
  it('useDefaults: false gives an empty filter for items', () => {
    expectBody(new Filters({ useDefaults: false }).prepare(), {
      filter: {},
      page: 0,
      pageSize: 1000,
      resource: 'items',
    });
  });
  it('page size defaults: 100 for executions, pipelineState and dpks', () => {
    expect(new Filters({ resource: 'executions' }).prepare().pageSize).toBe(100);
    expect(new Filters({ resource: 'pipelineState' }).prepare().pageSize).toBe(100);
    expect(new Filters({ resource: 'dpks' }).prepare().pageSize).toBe(100);
    expect(new Filters({ resource: 'feature_vectors' }).prepare().pageSize).toBe(1000);
  });
  it('page size is clamped to 1000, and to 100 for executions/pipelineState (not dpks)', () => {
    expect(new Filters({ pageSize: 5000 }).prepare().pageSize).toBe(1000);
    expect(new Filters({ pageSize: 1000 }).prepare().pageSize).toBe(1000);
    expect(new Filters({ pageSize: 7 }).prepare().pageSize).toBe(7);
    expect(new Filters({ resource: 'executions', pageSize: 500 }).prepare().pageSize).toBe(100);
    expect(new Filters({ resource: 'pipelineState', pageSize: 101 }).prepare().pageSize).toBe(100);
    expect(new Filters({ resource: 'dpks', pageSize: 500 }).prepare().pageSize).toBe(500);
    expect(new Filters({ resource: 'dpks', pageSize: 1500 }).prepare().pageSize).toBe(1000);
  });
  it('setting the resource resets conditions and applies the new defaults', () => {
    const f = new Filters();
    f.add('dir', '/a');
    f.sortBy('name');
    f.page = 3;
    f.resource = 'annotations';
    expectBody(f.prepare(), {
      filter: { $and: [{ type: { $in: ANNOTATION_TYPES } }] },
      page: 0,
      pageSize: 1000,
      resource: 'annotations',
    });
  });
});

describe('Filters conditions', () => {
  it('no operator is implicit equality; every operator becomes {"$op": value}', () => {
    const ops = ['or', 'and', 'in', 'ne', 'eq', 'gt', 'lt', 'exists', 'match', 'nin', 'gte', 'lte'] as const;
    const f = new Filters({ resource: 'datasets' });
    f.add('plain', 5);
    ops.forEach((op, i) => f.add(`f${i}`, [i], { operator: op }));
    expectBody(f.prepare().filter, {
      $and: [
        { plain: 5 },
        { f0: { $or: [0] } },
        { f1: { $and: [1] } },
        { f2: { $in: [2] } },
        { f3: { $ne: [3] } },
        { f4: { $eq: [4] } },
        { f5: { $gt: [5] } },
        { f6: { $lt: [6] } },
        { f7: { $exists: [7] } },
        { f8: { $match: [8] } },
        { f9: { $nin: [9] } },
        { f10: { $gte: [10] } },
        { f11: { $lte: [11] } },
      ],
    });
  });
  it('rejects unknown operators and methods with a DlError', () => {
    const f = new Filters();
    expect(() => f.add('x', 1, { operator: 'glob' as never })).toThrow(DlError);
    expect(() => f.add('x', 1, { method: 'xor' as never })).toThrow(/Unknown method/);
  });
  it('method or goes to $or, which comes before $and even when added later', () => {
    const f = new Filters();
    f.add('dir', '/a', { method: 'or' }).or('dir', '/b.txt').and('annotated', true);
    expectBody(f.prepare(), {
      filter: { $or: [{ dir: '/a' }, { dir: '/b.txt' }], $and: [...ITEM_DEFAULTS, { annotated: true }] },
      page: 0,
      pageSize: 1000,
      resource: 'items',
    });
  });
  it('constructor field/values/operator/method add the first condition', () => {
    const f = new Filters({ field: 'metadata.user.a', values: [1, 2], operator: 'in', method: 'or' });
    expectBody(f.prepare().filter, { $or: [{ 'metadata.user.a': { $in: [1, 2] } }], $and: ITEM_DEFAULTS });
  });
  it('unique fields replace the earlier condition and move to the end (items: type, hidden)', () => {
    const f = new Filters();
    f.add('type', 'dir');
    expectBody(f.prepare().filter, { $and: [{ hidden: false }, { type: 'dir' }] });
    f.add('hidden', true);
    expectBody(f.prepare().filter, { $and: [{ type: 'dir' }, { hidden: true }] });
  });
  it('other fields accumulate', () => {
    const f = new Filters();
    f.add('dir', '/a.x').add('dir', '/b.x');
    expectBody(f.prepare().filter, { $and: [...ITEM_DEFAULTS, { dir: '/a.x' }, { dir: '/b.x' }] });
  });
  it('annotations: type is unique; services/packages: global is unique', () => {
    const a = new Filters({ resource: 'annotations' });
    a.add('type', 'box');
    a.add('label', 'car');
    expectBody(a.prepare().filter, { $and: [{ type: 'box' }, { label: 'car' }] });
    const s = new Filters({ resource: 'services' });
    s.add('global', true);
    expectBody(s.prepare().filter, { $and: [{ global: true }] });
    const p = new Filters({ resource: 'packages' });
    p.add('global', false, { operator: 'eq' });
    expectBody(p.prepare().filter, { $and: [{ global: { $eq: false } }] });
  });
  it('SDK quirk: with defaults off there are no unique fields, and or-conditions never replace', () => {
    const f = new Filters({ useDefaults: false });
    f.add('type', 'file').add('type', 'dir');
    expectBody(f.prepare().filter, { $and: [{ type: 'file' }, { type: 'dir' }] });
    const g = new Filters();
    g.add('type', 'dir', { method: 'or' });
    expectBody(g.prepare().filter, { $or: [{ type: 'dir' }], $and: ITEM_DEFAULTS });
  });
  it('hasField and pop', () => {
    const f = new Filters();
    f.add('dir', '/a.b', { method: 'or' }).add('dir', '/c.d');
    expect(f.hasField('dir')).toBe(true);
    f.pop('dir');
    expect(f.hasField('dir')).toBe(false);
    expectBody(f.prepare().filter, { $and: ITEM_DEFAULTS });
  });
});

describe('recursive filename rule (items)', () => {
  it('appends /** to folder-like values, as in the spec examples', () => {
    expect(addRecursive('/a/b')).toBe('/a/b/**');
    expect(addRecursive('/y/')).toBe('/y/**');
    expect(addRecursive('/z.png')).toBe('/z.png');
    expect(addRecursive('/w*')).toBe('/w*');
  });
  it('uses Python splitext semantics for the extension', () => {
    expect(pathExtension('/a/.hidden')).toBe('');
    expect(pathExtension('/a/..x')).toBe('');
    expect(pathExtension('/a.b/c')).toBe('');
    expect(pathExtension('/a/c.tar.gz')).toBe('.gz');
    expect(pathExtension('/a/c.')).toBe('.');
    expect(addRecursive('/a/.hidden')).toBe('/a/.hidden/**');
    expect(addRecursive('/a/c.')).toBe('/a/c.');
    expect(addRecursive('/')).toBe('/**');
  });
  it('applies to filename string and list values in $and and $or, without mutating the input', () => {
    const list = ['/a/b', '/z.png'];
    const f = new Filters();
    f.add('filename', '/a/b').add('filename', list, { operator: 'in', method: 'or' });
    expectBody(f.prepare().filter, {
      $or: [{ filename: { $in: ['/a/b/**', '/z.png'] } }],
      $and: [...ITEM_DEFAULTS, { filename: '/a/b/**' }],
    });
    expect(list).toEqual(['/a/b', '/z.png']);
  });
  it('does not apply to other fields, other resources, recursive=false, or join conditions', () => {
    const f = new Filters();
    f.add('dir', '/a/b');
    f.addJoin('filename', '/c/d');
    const body = f.prepare();
    expect(body.filter.$and![2]).toEqual({ dir: '/a/b' });
    expect(body.join!.filter!.$and).toEqual([{ filename: '/c/d' }]);
    const off = new Filters();
    off.recursive = false;
    off.add('filename', '/a/b');
    expect(off.prepare().filter.$and![2]).toEqual({ filename: '/a/b' });
    const ann = new Filters({ resource: 'annotations', useDefaults: false });
    ann.add('filename', '/a/b');
    expect(ann.prepare().filter).toEqual({ $and: [{ filename: '/a/b' }] });
  });
});

describe('sort, join, context, systemSpace and key order', () => {
  it('sortBy keeps insertion order, overwrites a repeated field, rejects other directions', () => {
    const f = new Filters();
    f.sortBy('filename', 'descending').sortBy('createdAt').sortBy('filename', 'ascending');
    expectBody(f.prepare().sort, { filename: 'ascending', createdAt: 'ascending' });
    expect(() => f.sortBy('x', 'up' as never)).toThrow(DlError);
  });
  it('items join annotations with the forigen key', () => {
    const f = new Filters();
    f.addJoin('label', 'car').addJoin('type', ['box'], { operator: 'in' });
    expectBody(f.prepare(), {
      filter: { $and: ITEM_DEFAULTS },
      page: 0,
      pageSize: 1000,
      resource: 'items',
      join: {
        on: { resource: 'annotations', local: 'itemId', forigen: 'id' },
        filter: { $and: [{ label: 'car' }, { type: { $in: ['box'] } }] },
      },
    });
    f.popJoin('label');
    expect(f.prepare().join!.filter!.$and).toEqual([{ type: { $in: ['box'] } }]);
  });
  it('annotations join items; or-method join conditions go to $or; other resources cannot join', () => {
    const f = new Filters({ resource: 'annotations', useDefaults: false });
    f.addJoin('dir', '/x', { method: 'or' });
    expectBody(f.prepare().join, {
      on: { resource: 'items', local: 'id', forigen: 'itemId' },
      filter: { $or: [{ dir: '/x' }] },
    });
    expect(() => new Filters({ resource: 'datasets' }).addJoin('a', 1)).toThrow(/Cannot join to datasets/);
  });
  it('context for tasks and datasets comes after the operation part', () => {
    expectBody(new Filters({ resource: 'tasks', context: { projectIds: ['p1'] } }).prepare(), {
      filter: {},
      page: 0,
      pageSize: 1000,
      resource: 'tasks',
      context: { projectIds: ['p1'] },
    });
    expectBody(new Filters({ resource: 'datasets', context: { projects: ['p1'] } }).prepare(), {
      filter: {},
      page: 0,
      pageSize: 1000,
      resource: 'datasets',
      context: { projects: ['p1'] },
    });
  });
  it('full key order: filter, sort, page, pageSize, resource, join, references, context, systemSpace', () => {
    const f = new Filters({ context: { projects: ['p'] } });
    f.systemSpace = true;
    f.page = 2;
    f.add('dir', '/d', { method: 'or' });
    f.sortBy('id', 'descending');
    f.addJoin('label', 'cat');
    f.setReferences('create', { taskIds: 't1' });
    expectBody(f.prepare(), {
      filter: { $or: [{ dir: '/d' }], $and: ITEM_DEFAULTS },
      sort: { id: 'descending' },
      page: 2,
      pageSize: 1000,
      resource: 'items',
      join: { on: { resource: 'annotations', local: 'itemId', forigen: 'id' }, filter: { $and: [{ label: 'cat' }] } },
      references: { operation: 'create', refs: [{ type: 'task', id: 't1' }] },
      context: { projects: ['p'] },
      systemSpace: true,
    });
  });
  it('queryOnly leaves out sort, page, pageSize and resource', () => {
    const f = new Filters();
    f.sortBy('id');
    expectBody(f.prepare({ queryOnly: true }), { filter: { $and: ITEM_DEFAULTS } });
  });
});

describe('bulk operations and references', () => {
  it('items delete: delete true, no page/pageSize/sort', () => {
    const f = new Filters();
    f.sortBy('id');
    expectBody(f.prepare({ operation: 'delete' }), {
      filter: { $and: ITEM_DEFAULTS },
      resource: 'items',
      delete: true,
    });
  });
  it('annotations delete keeps page/pageSize, drops sort', () => {
    const f = new Filters({ resource: 'annotations', useDefaults: false });
    f.add('annotationId', ['a1', 'a2'], { operator: 'in' });
    f.sortBy('id');
    expectBody(f.prepare({ operation: 'delete' }), {
      filter: { $and: [{ annotationId: { $in: ['a1', 'a2'] } }] },
      page: 0,
      pageSize: 1000,
      resource: 'annotations',
      delete: true,
    });
  });
  it('user update: update.metadata.user', () => {
    expectBody(new Filters().prepare({ operation: 'update', update: { tag: 'x' } }), {
      filter: { $and: ITEM_DEFAULTS },
      page: 0,
      pageSize: 1000,
      resource: 'items',
      update: { metadata: { user: { tag: 'x' } } },
    });
  });
  it('system update: update.metadata.system and systemSpace true right after update', () => {
    const f = new Filters({ context: { projects: ['p'] } });
    expectBody(f.prepare({ operation: 'update', update: { a: 1 }, systemUpdate: { s: 2 }, systemMetadata: true }), {
      filter: { $and: ITEM_DEFAULTS },
      page: 0,
      pageSize: 1000,
      resource: 'items',
      update: { metadata: { user: { a: 1 }, system: { s: 2 } } },
      systemSpace: true,
      context: { projects: ['p'] },
    });
    expectBody(
      new Filters({ resource: 'datasets' }).prepare({
        operation: 'update',
        systemUpdate: { s: 2 },
        systemMetadata: true,
      }),
      {
        filter: {},
        page: 0,
        pageSize: 1000,
        resource: 'datasets',
        update: { metadata: { system: { s: 2 } } },
        systemSpace: true,
      },
    );
  });
  it('system update without systemMetadata is ignored, an empty user update gives update {}', () => {
    expectBody(
      new Filters({ resource: 'datasets' }).prepare({ operation: 'update', update: {}, systemUpdate: { s: 2 } }),
      {
        filter: {},
        page: 0,
        pageSize: 1000,
        resource: 'datasets',
        update: {},
      },
    );
  });
  it('references (task then assignment refs) take the place of an operation', () => {
    const f = new Filters({ resource: 'datasets' });
    f.setReferences('delete', { assignmentIds: ['a1'], taskIds: ['t1', 't2'] });
    expectBody(f.prepare({ operation: 'delete' }), {
      filter: {},
      page: 0,
      pageSize: 1000,
      resource: 'datasets',
      references: {
        operation: 'delete',
        refs: [
          { type: 'task', id: 't1' },
          { type: 'task', id: 't2' },
          { type: 'assignment', id: 'a1' },
        ],
      },
    });
  });
  it('unknown operation throws', () => {
    expect(() => new Filters().prepare({ operation: 'move' as never })).toThrow(/Unknown operation/);
  });
});

describe('custom filters', () => {
  it('a dict without filter is wrapped, then resource/page/pageSize are appended', () => {
    const f = new Filters({ customFilter: { $and: [{ dir: '/a' }] } });
    f.add('ignored', 1);
    f.sortBy('ignored');
    expectBody(f.prepare(), { filter: { $and: [{ dir: '/a' }] }, resource: 'items', page: 0, pageSize: 1000 });
  });
  it('a dict with filter keeps its own keys and order; join.on is filled when missing', () => {
    const custom = { pageSize: 10, filter: { $or: [{ a: 1 }] }, join: { filter: { $and: [{ label: 'x' }] } } };
    const f = new Filters({ customFilter: custom, resource: 'annotations', useDefaults: false });
    expectBody(f.prepare(), {
      pageSize: 10,
      filter: { $or: [{ a: 1 }] },
      join: { filter: { $and: [{ label: 'x' }] }, on: { resource: 'items', local: 'id', forigen: 'itemId' } },
      resource: 'annotations',
      page: 0,
    });
    expect(custom.join).not.toHaveProperty('on');
  });
  it('the filter join is added when the custom dict has none', () => {
    const f = new Filters({ customFilter: { filter: {} } });
    f.addJoin('label', 'dog');
    expectBody(f.prepare(), {
      filter: {},
      resource: 'items',
      page: 0,
      pageSize: 1000,
      join: { on: { resource: 'annotations', local: 'itemId', forigen: 'id' }, filter: { $and: [{ label: 'dog' }] } },
    });
  });
});

describe('query-string form (GET /recipes)', () => {
  it('joins $and conditions, then &&pageOffset and pageSize', () => {
    const f = new Filters({ resource: 'recipe' });
    f.add('projects', 'p1');
    expect(f.generateUrlQueryParams('/recipes')).toBe('/recipes?projects=p1&&pageOffset=0&pageSize=1000');
  });
  it('writes values as Python str(): True/False, None, lists comma-joined; $or conditions are left out', () => {
    const f = new Filters({ resource: 'ontology', pageSize: 50 });
    f.page = 2;
    f.add('ids', ['x', 'y'])
      .add('flag', true)
      .add('off', false)
      .add('n', 3)
      .add('nothing', null)
      .add('skip', 1, { method: 'or' });
    expect(f.generateUrlQueryParams('/ontologies')).toBe(
      '/ontologies?ids=x,y&flag=True&off=False&n=3&nothing=None&&pageOffset=2&pageSize=50',
    );
    expect(new Filters({ resource: 'recipe' }).generateUrlQueryParams('/recipes')).toBe(
      '/recipes?&pageOffset=0&pageSize=1000',
    );
  });
});
