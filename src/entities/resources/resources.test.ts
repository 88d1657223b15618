// Round trip with unknown keys for every resource, key orders, and DlParseError paths.
import { describe, expect, it } from 'vitest';
import { DlParseError } from '../errors.js';
import { Recipe } from '../ontology/recipe.js';
import type { Entity } from './entity.js';

/** What the round-trip table needs of each class. */
type Readable = { fromJson(json: unknown): Entity };
import { Item } from './item.js';
import { Dataset } from './dataset.js';
import { Project, Organization, User, Bot } from './project.js';
import { Integration, Driver } from './integration.js';
import { Package, Service, Trigger, Execution } from './faas.js';
import { Model } from './model.js';
import { Pipeline, PipelineExecution } from './pipeline.js';
import { Task } from './task.js';
import { Assignment } from './assignment.js';
import { Command } from './command.js';

// A small hand-made JSON per resource, each with keys the model does not know (nested and top level).
const SAMPLES: Array<[string, Readable, Record<string, unknown>]> = [
  [
    'Item',
    Item,
    {
      id: 'i1',
      name: 'a.jpg',
      filename: '/d/a.jpg',
      dir: '/d',
      metadata: { system: { width: 3, future: 1 } },
      zz: [1],
    },
  ],
  ['Dataset', Dataset, { id: 'd1', name: 'ds', metadata: { system: { recipes: ['r1'] } }, newKey: { a: null } }],
  ['Project', Project, { id: 'p1', name: 'proj', org: { id: 'o' }, custom: 'x' }],
  ['Organization', Organization, { id: 'o1', name: 'org', members: [{ email: 'a' }], plan: 'pro' }],
  ['User', User, { id: 'u1', email: 'a@b', role: 'annotator', prefs: { dark: true } }],
  ['Bot', Bot, { id: 'b1', name: 'bot', email: 'bot@x', secret: false }],
  ['Integration', Integration, { id: 'n1', name: 'aws', type: 's3', extra: 1 }],
  ['Driver', Driver, { id: 'dr1', type: 's3', payload: { bucketName: 'bk', path: 'p' }, x: 2 }],
  ['Package', Package, { id: 'pk1', name: 'pkg', version: '1.0.0', modules: [], y: 3 }],
  ['Service', Service, { id: 's1', name: 'svc', packageId: 'pk1', active: true, runtime: { gpu: false }, z: 4 }],
  ['Trigger', Trigger, { id: 't1', name: 'trg', spec: { resource: 'Item', actions: ['Created'], filter: {} }, w: 5 }],
  ['Execution', Execution, { id: 'e1', functionName: 'run', latestStatus: { status: 'success' }, output: [1], v: 6 }],
  ['Model', Model, { id: 'm1', name: 'yolo', status: 'trained', labels: ['a'], configuration: { e: 1 }, u: 7 }],
  ['Pipeline', Pipeline, { id: 'pl1', name: 'pipe', nodes: [{ id: 'n' }], connections: [], q: 8 }],
  ['PipelineExecution', PipelineExecution, { id: 'pe1', pipelineId: 'pl1', status: 'success', r: 9 }],
  [
    'Task',
    Task,
    { id: 'tk1', name: 'task', spec: { type: 'qa', parentTaskId: 'tk0' }, query: '{"filter": {}}', s: 10 },
  ],
  ['Assignment', Assignment, { id: 'as1', name: 'A', metadata: { system: { taskId: 'tk1', datasetId: 'd1' } }, t: 11 }],
  ['Command', Command, { id: 'c1', status: 'in-progress', type: 'ExportDataset', spec: {}, error: null, u2: 12 }],
  ['Recipe', Recipe, { id: 'r1', title: 'R', ontologyIds: ['o1'], ui: 13 }],
];

describe('fromJson/toJson round trip keeps unknown keys', () => {
  it.each(SAMPLES)('%s', (_name, cls, json) => {
    const entity = cls.fromJson(json);
    expect(entity.toJson()).toEqual(json);
    expect(JSON.parse(JSON.stringify(entity))).toEqual(json);
    expect(entity.id).toBe(json.id);
  });
  it('the entity owns a copy: mutating the input later does not leak in', () => {
    const json = { id: 'i', metadata: { user: { a: 1 } } };
    const item = Item.fromJson(json);
    json.metadata.user.a = 2;
    expect(item.get('metadata.user.a')).toBe(1);
    const out = item.toJson();
    (out.metadata as { user: { a: number } }).user.a = 3;
    expect(item.get('metadata.user.a')).toBe(1);
  });
});

describe('key orders (spec §7)', () => {
  it('Item.toJson uses the SDK order, unknown keys after, absent keys not invented', () => {
    const json = {
      id: 'i',
      datasetId: 'd',
      url: 'u',
      dataset: 'du',
      createdAt: 'c',
      dir: '/',
      filename: '/a.jpg',
      type: 'file',
      hidden: false,
      metadata: {},
      name: 'a.jpg',
      creator: 'me',
      updatedAt: 'x',
      updatedBy: 'y',
      stream: 's',
      thumbnail: 't',
      annotations: 'au',
      annotationsCount: 0,
      annotated: false,
      weird: 1,
    };
    expect(Object.keys(Item.fromJson(json).toJson())).toEqual([
      'thumbnail',
      'annotated',
      'metadata',
      'filename',
      'stream',
      'name',
      'type',
      'url',
      'id',
      'hidden',
      'dir',
      'annotations',
      'annotationsCount',
      'dataset',
      'createdAt',
      'datasetId',
      'creator',
      'updatedAt',
      'updatedBy',
      'weird',
    ]);
  });
  it('Task, Assignment, Project, Command and Recipe follow their platform order', () => {
    expect(Object.keys(Task.fromJson({ query: '{}', x: 1, name: 'n', id: 'i', priority: 2 }).toJson())).toEqual([
      'id',
      'name',
      'query',
      'priority',
      'x',
    ]);
    expect(Object.keys(Assignment.fromJson({ metadata: {}, annotator: 'a', id: 'i' }).toJson())).toEqual([
      'id',
      'annotator',
      'metadata',
    ]);
    expect(Object.keys(Project.fromJson({ org: {}, name: 'n', id: 'i' }).toJson())).toEqual(['id', 'name', 'org']);
    expect(
      Object.keys(Command.fromJson({ updatedAt: 'u', spec: {}, status: 's', id: 'i', url: 'x' }).toJson()),
    ).toEqual(['id', 'url', 'status', 'spec', 'updatedAt']);
    expect(Object.keys(Recipe.fromJson({ ontologyIds: [], title: 't', id: 'i' }).toJson())).toEqual([
      'id',
      'title',
      'ontologyIds',
    ]);
    expect(
      Object.keys(
        Dataset.fromJson({ readonly: false, metadata: {}, projects: [], name: 'n', id: 'i', mine: 1 }).toJson(),
      ),
    ).toEqual(['id', 'name', 'projects', 'metadata', 'readonly', 'mine']);
  });
});

describe('DlParseError names the JSON path and the expected type', () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    ['not an object', () => Item.fromJson('x'), '$', 'an object'],
    ['array root', () => Dataset.fromJson([]), '$', 'an object'],
    ['id type', () => Item.fromJson({ id: 5 }), '$.id', 'a string'],
    [
      'nested number',
      () => Item.fromJson({ metadata: { system: { width: '3' } } }),
      '$.metadata.system.width',
      'a finite number',
    ],
    ['intermediate not object', () => Item.fromJson({ metadata: { system: 7 } }), '$.metadata.system', 'an object'],
    [
      'refs element',
      () => Item.fromJson({ metadata: { system: { refs: [{}, 3] } } }),
      '$.metadata.system.refs[1]',
      'an object',
    ],
    ['string list element', () => Dataset.fromJson({ projects: ['a', 1] }), '$.projects[1]', 'a string'],
    ['boolean', () => Item.fromJson({ hidden: 'no' }), '$.hidden', 'a boolean'],
    ['NaN number', () => Task.fromJson({ dueDate: Number.NaN }), '$.dueDate', 'a finite number'],
    [
      'assignment task id',
      () => Assignment.fromJson({ metadata: { system: { taskId: 1 } } }),
      '$.metadata.system.taskId',
      'a string',
    ],
  ];
  it.each(cases)('%s', (_name, run, path, expected) => {
    let err: unknown;
    try {
      run();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DlParseError);
    expect((err as DlParseError).path).toBe(path);
    expect((err as DlParseError).expected).toBe(expected);
    expect((err as DlParseError).message).toContain(path);
  });
  it('null values are accepted (the platform sends nulls)', () => {
    expect(Item.fromJson({ id: null, metadata: { system: null } }).width).toBeNull();
  });
});

describe('Entity get/set by path', () => {
  it('creates intermediate objects and deletes with undefined', () => {
    const d = Dataset.fromJson({ id: 'd' });
    d.set('metadata.user.tag', 'x');
    expect(d.toJson()).toEqual({ id: 'd', metadata: { user: { tag: 'x' } } });
    d.set('metadata.user.tag', undefined);
    expect(d.toJson()).toEqual({ id: 'd', metadata: { user: {} } });
  });
});
