// The SDK's pure helpers on resources: item, dataset, task, workload, assignment, command, paging.
import { describe, expect, it } from 'vitest';
import { DlError, DlParseError } from '../errors.js';
import { Filters } from '../filters/filters.js';
import { Assignment } from './assignment.js';
import { Command, COMMAND_TERMINAL_STATUSES, commandPollDelaySeconds } from './command.js';
import { Dataset } from './dataset.js';
import { Item } from './item.js';
import { itemStatusPayload } from './item-ref.js';
import { readPagedResponse } from './paged-response.js';
import { pyJsonDumps, pyNumber } from './python-json.js';
import { itemIdsFilters, refItemsFilters, Task, taskQueryString } from './task.js';
import { Workload } from './workload.js';

describe('Item helpers', () => {
  const video = Item.fromJson({
    id: 'i1',
    name: 'clip.webm',
    filename: '/videos/clip.webm',
    dir: '/videos',
    type: 'file',
    metadata: {
      fps: 25,
      system: {
        mimetype: 'video/webm',
        size: 234017,
        width: 1280,
        height: 720,
        fps: 30,
        refs: [
          { type: 'task', id: 't1', metadata: { status: 'completed' } },
          { type: 'assignment', id: 'a1', metadata: {} },
        ],
        shebang: { linkInfo: { type: 'url', ref: 'https://x/y.webm' } },
      },
    },
  });
  it('reads size/width/height/mimetype from metadata.system', () => {
    expect([video.mimetype, video.size, video.width, video.height]).toEqual(['video/webm', 234017, 1280, 720]);
  });
  it('reads fps from metadata.fps, not metadata.system.fps', () => {
    expect(video.fps).toBe(25);
    expect(Item.fromJson({ metadata: { system: { fps: 30 } } }).fps).toBeNull();
    video.fps = 24;
    expect(video.get('metadata.fps')).toBe(24);
    expect(video.get('metadata.system.fps')).toBe(30);
  });
  it('exposes dir, filename, name, type and link url', () => {
    expect([video.dir, video.filename, video.name, video.type, video.linkUrl]).toEqual([
      '/videos',
      '/videos/clip.webm',
      'clip.webm',
      'file',
      'https://x/y.webm',
    ]);
    expect(
      Item.fromJson({ metadata: { system: { shebang: { linkInfo: { type: 'id', ref: 'r' } } } } }).linkUrl,
    ).toBeNull();
  });
  it('gives the status in a task or assignment from refs', () => {
    expect(video.statusIn('t1')).toBe('completed');
    expect(video.statusIn('a1')).toBeNull();
    expect(video.statusIn('other')).toBeNull();
    expect(video.inferTaskAndAssignment()).toEqual({ taskId: 't1', assignmentId: 'a1' });
    const many = Item.fromJson({
      metadata: {
        system: {
          refs: [
            { type: 'task', id: 'a' },
            { type: 'task', id: 'b' },
            { type: 'assignment', id: 'c' },
          ],
        },
      },
    });
    expect(many.inferTaskAndAssignment()).toEqual({ taskId: null, assignmentId: null });
  });
  it('helpers are null on a bare item', () => {
    const bare = Item.fromJson({});
    expect([bare.width, bare.height, bare.mimetype, bare.size, bare.fps, bare.refs.length]).toEqual([
      null,
      null,
      null,
      null,
      null,
      0,
    ]);
    expect(bare.toJson()).toEqual({});
  });
  it('builds the item status payload', () => {
    expect(itemStatusPayload(['i1', 'i2'], 'discard')).toEqual({
      itemIds: ['i1', 'i2'],
      statusPayload: { operation: 'create', returnLastStatus: true, status: 'discard' },
    });
    expect(itemStatusPayload(['i1'], 'completed', true).statusPayload.operation).toBe('delete');
  });
});

describe('Dataset -> recipe', () => {
  it('takes metadata.system.recipes[0]', () => {
    expect(Dataset.fromJson({ metadata: { system: { recipes: ['r1', 'r2'] } } }).recipeId).toBe('r1');
    expect(Dataset.fromJson({ metadata: {} }).recipeId).toBeNull();
  });
});

describe('Workload.generate', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('splits 100 over %i assignees, remainder to the first ones', (n) => {
    const ids = Array.from({ length: n }, (_, i) => `u${i}`);
    const loads = Workload.generate(ids)
      .toJson()
      .map((u) => u.load);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(100);
    // Hand check: the loads differ by at most 1 and never increase along the list.
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    for (let i = 1; i < n; i++) expect(loads[i]!).toBeLessThanOrEqual(loads[i - 1]!);
  });
  it('gives the hand-computed splits', () => {
    expect(Workload.generate(['a', 'b', 'c']).toJson()).toEqual([
      { assigneeId: 'a', load: 34 },
      { assigneeId: 'b', load: 33 },
      { assigneeId: 'c', load: 33 },
    ]);
    expect(
      Workload.generate(['a', 'b', 'c', 'd', 'e', 'f', 'g'])
        .toJson()
        .map((u) => u.load),
    ).toEqual([15, 15, 14, 14, 14, 14, 14]);
    expect(
      Workload.generate(['a', 'b', 'c', 'd', 'e', 'f'])
        .toJson()
        .map((u) => u.load),
    ).toEqual([17, 17, 17, 17, 16, 16]);
    expect(Workload.generate('solo').toJson()).toEqual([{ assigneeId: 'solo', load: 100 }]);
  });
  it('accepts explicit loads that sum to 100 and rejects others', () => {
    expect(Workload.generate(['a', 'b'], [70, 30]).toJson()).toEqual([
      { assigneeId: 'a', load: 70 },
      { assigneeId: 'b', load: 30 },
    ]);
    expect(() => Workload.generate(['a', 'b'], [70, 20])).toThrow(DlError);
    expect(() => Workload.generate(['a'], [50, 50])).toThrow(/same length/);
    expect(() => Workload.generate([])).toThrow(DlError);
  });
  it('reads workload JSON with paths on error', () => {
    expect(Workload.fromJson([{ assigneeId: 'a', load: 100 }]).units).toEqual([{ assigneeId: 'a', load: 100 }]);
    expect(() => Workload.fromJson([{ assigneeId: 'a', load: 'x' }])).toThrow(/\$\[0\]\.load/);
  });
});

describe('Task query string (Python json.dumps separators)', () => {
  it('writes the default item filter as the SDK does', () => {
    expect(taskQueryString(new Filters())).toBe(
      '{"filter": {"$and": [{"hidden": false}, {"type": "file"}]}, "page": 0, "pageSize": 1000, "resource": "items"}',
    );
  });
  it('escapes non-ASCII and replaces every single quote by a double quote (SDK quirk)', () => {
    expect(taskQueryString({ filter: { $and: [{ name: "é'x" }] } })).toBe(
      '{"filter": {"$and": [{"name": "\\u00e9"x"}]}}',
    );
  });
  it('reads a task query back as Filters', () => {
    const task = Task.fromJson({ id: 't' });
    const f = new Filters();
    f.add('dir', '/a');
    task.setQuery(f);
    expect(task.filters!.prepare()).toEqual(f.prepare());
    expect(Task.fromJson({ query: 'not json' }).query).toBe('not json');
    expect(() => Task.fromJson({ query: 'not json' }).filters).toThrow(DlParseError);
    expect(Task.fromJson({}).filters).toBeNull();
  });
  it('prints numbers like Python floats where they differ from JavaScript', () => {
    expect([0.1, 1e-5, 0.0001, 1e16, 1.5e16, 1e22, -2.5e-7, 3, 1e15 + 0.5].map(pyNumber)).toEqual([
      '0.1',
      '1e-05',
      '0.0001',
      '1e+16',
      '1.5e+16',
      '1e+22',
      '-2.5e-07',
      '3',
      '1000000000000000.5',
    ]);
    expect(pyJsonDumps({ a: [1, null, true, 'x\n"'], b: {} })).toBe('{"a": [1, null, true, "x\\n\\""], "b": {}}');
  });
  it('item-id and ref queries have the defaults off', () => {
    expect(itemIdsFilters(['a', 'b']).prepare()).toEqual({
      filter: { $and: [{ id: { $in: ['a', 'b'] } }] },
      page: 0,
      pageSize: 1000,
      resource: 'items',
    });
    expect(refItemsFilters('t1').prepare().filter).toEqual({ $and: [{ 'metadata.system.refs.id': { $in: ['t1'] } }] });
  });
  it('task getters', () => {
    const t = Task.fromJson({
      spec: { type: 'qa', parentTaskId: 'p' },
      priority: 3,
      assignmentIds: ['a'],
      availableActions: [{ action: 'ok' }],
    });
    expect([t.taskType, t.parentTaskId, t.priority, t.assignmentIds, t.availableActions]).toEqual([
      'qa',
      'p',
      3,
      ['a'],
      [{ action: 'ok' }],
    ]);
  });
});

describe('Assignment', () => {
  it('reads task/dataset ids from metadata, then metadata.system', () => {
    const a = Assignment.fromJson({ id: 'a', metadata: { taskId: 't1', system: { taskId: 't2', datasetId: 'd2' } } });
    expect([a.taskId, a.datasetId]).toEqual(['t1', 'd2']);
  });
  it('round-trips the platform JSON, and gives the SDK snake_case shape on request', () => {
    const json = {
      id: 'a',
      name: 'n',
      annotator: 'x@y',
      status: 'open',
      projectId: 'p',
      metadata: { system: { taskId: 't', datasetId: 'd' } },
      url: 'u',
    };
    const a = Assignment.fromJson(json);
    expect(a.toJson()).toEqual(json);
    const sdk = a.toSdkJson();
    expect(Object.keys(sdk)).toEqual([
      'name',
      'annotator',
      'status',
      'metadata',
      'id',
      'url',
      'task_id',
      'dataset_id',
      'projectId',
    ]);
    expect([sdk.task_id, sdk.dataset_id]).toEqual(['t', 'd']);
  });
});

describe('Command', () => {
  it('has exactly the five terminal statuses', () => {
    expect([...COMMAND_TERMINAL_STATUSES].sort()).toEqual(['aborted', 'canceled', 'failed', 'success', 'timeout']);
    const all = [
      'created',
      'making-children',
      'waiting-children',
      'in-progress',
      'aborted',
      'canceled',
      'finalizing',
      'success',
      'failed',
      'timeout',
      'cleaning-up',
      'on-error',
    ];
    const terminal = all.filter((status) => Command.fromJson({ status }).isTerminal());
    expect(terminal).toEqual(['aborted', 'canceled', 'success', 'failed', 'timeout']);
    expect(Command.fromJson({}).isTerminal()).toBe(false);
    expect(Command.fromJson({ status: 'success' }).isSuccess()).toBe(true);
  });
  it('poll delay doubles up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => commandPollDelaySeconds(n, 1))).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });
});

describe('readPagedResponse', () => {
  it('keeps good entries and reports bad ones with a rooted path', () => {
    const { page, errors } = readPagedResponse(
      { totalItemsCount: 3, totalPagesCount: 1, hasNextPage: false, items: [{ id: 'a' }, { id: 3 }, { id: 'c' }] },
      (j) => Item.fromJson(j),
    );
    expect(page.items.map((i) => i.id)).toEqual(['a', 'c']);
    expect([page.totalItemsCount, page.totalPagesCount, page.hasNextPage]).toEqual([3, 1, false]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('$.items[1].id');
  });
  it('throws on a malformed envelope', () => {
    expect(() => readPagedResponse({ items: {} }, (j) => j)).toThrow(/\$\.items: expected an array/);
    expect(() => readPagedResponse({ items: [], totalItemsCount: 0, totalPagesCount: 0 }, (j) => j)).toThrow(
      /\$\.hasNextPage/,
    );
  });
});
