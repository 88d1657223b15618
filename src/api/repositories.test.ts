// Repositories against the local server: what dtlpy users do, with entities carrying their
// repositories (item.annotations.list(), dataset.items.list(), task.getItems()).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../../test/api/harness.js';
import { tinyPng } from '../../test/api/suites/env.js';
import { createClient, type DlClient } from './client.js';
import { annotationToJson } from './repositories/annotations.js';
import { DlCommandError } from './repositories/commands.js';
import { Item, Dataset, Task } from '../entities/resources/index.js';
import { Annotation, AnnotationCollection } from '../entities/annotations/index.js';

let h: Harness;
let c: DlClient;
const sent: { method: string; url: string; body: any }[] = [];
const recording: typeof fetch = async (input, init) => {
  const req = input instanceof Request ? input : new Request(input, init);
  const ct = req.headers.get('content-type') ?? '';
  sent.push({ method: req.method, url: req.url, body: ct.includes('json') ? await req.clone().json() : undefined });
  return fetch(req);
};

beforeAll(async () => {
  h = await startHarness();
  c = createClient({ baseUrl: h.proxyUrl, token: h.token, cache: false, fetch: recording });
});
afterAll(async () => h?.close());

const box = (label: string, x: number) => ({
  type: 'box',
  label,
  coordinates: [
    { x, y: 1 },
    { x: x + 10, y: 11 },
  ],
  metadata: { system: {} },
});

describe('repositories', () => {
  it('project -> dataset -> items: bound entities of the entity layer', async () => {
    const project = await c.projects.get(h.projectId);
    expect(project.id).toBe(h.projectId);
    const ds = await project.datasets.create(`repo-${Date.now()}`);
    expect(ds).toBeInstanceOf(Dataset);
    const progress: number[] = [];
    const png = tinyPng();
    const item = await ds.items.upload(new Blob([png as BlobPart], { type: 'image/png' }), {
      name: 'a.png',
      remotePath: '/folder',
      onProgress: (p: { transferredBytes: number }) => progress.push(p.transferredBytes),
    });
    expect(item).toBeInstanceOf(Item);
    expect(item.filename).toBe('/folder/a.png');
    expect(item.width).toBe(2);
    expect(progress.at(-1)).toBeGreaterThanOrEqual(png.length); // Node: bytes of the streamed form body
    const pages = await ds.items.list();
    expect(pages.items.map((i: Item) => i.id)).toEqual([item.id]);
    // The item JSON's `annotations` link survives next to the repository handle.
    expect(typeof item.toJson().annotations).toBe('string');
    expect(typeof item.annotations.list).toBe('function');
    const blob = (await item.download()) as Blob;
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
  });

  it('annotations: batches of 100, item.annotations.list() as an AnnotationCollection, dataset paging', async () => {
    const dsId = await h.dataset(`ann-${Date.now()}`);
    const [itemId] = await h.seedItems(dsId, 1);
    const item = await c.items.get(itemId!);
    sent.length = 0;
    const created = await item.annotations.create(Array.from({ length: 250 }, (_, i) => box(`l${i % 3}`, i)));
    expect(created).toHaveLength(250);
    expect(created[0]).toBeInstanceOf(Annotation);
    const posts = sent.filter((s) => s.method === 'POST' && s.url.endsWith(`/items/${itemId}/annotations`));
    expect(posts.map((p) => p.body.length)).toEqual([100, 100, 50]);
    const collection = await item.annotations.list();
    expect(collection).toBeInstanceOf(AnnotationCollection);
    expect(collection.annotations).toHaveLength(250);
    const ds = await c.datasets.get(dsId);
    const pages = await ds.annotations.list(undefined, { pageSize: 100 });
    expect(pages.totalItemsCount).toBe(250);
    let n = 0;
    for await (const page of pages) n += page.length;
    expect(n).toBe(250);
  });

  it('annotation update sends the minimal diff; system changes add ?system=true; status; delete', async () => {
    const dsId = await h.dataset(`upd-${Date.now()}`);
    const [itemId] = await h.seedItems(dsId, 1);
    const [a] = await c.dataset(dsId).annotations.create([box('cat', 5)], { itemId });
    const original = annotationToJson(a);
    sent.length = 0;
    const changed = { ...original, label: 'dog' };
    const u = await c.annotations.update(changed, { original });
    expect(annotationToJson(u).label).toBe('dog');
    const put = sent.find((s) => s.method === 'PUT')!;
    expect(put.body).toEqual({ label: 'dog' });
    expect(new URL(put.url).searchParams.get('system')).toBeNull();

    sent.length = 0;
    await c.annotations.updateStatus(original.id!, 'approved');
    const put2 = sent.find((s) => s.method === 'PUT')!;
    expect(put2.body).toEqual({ metadata: { system: { status: 'approved' } } });
    expect(new URL(put2.url).searchParams.get('system')).toBe('true');
    const after = annotationToJson(await c.annotations.get(original.id!));
    expect(after.metadata?.system?.status).toBe('approved');

    await c.annotations.updateStatus(original.id!, 'clear');
    expect(annotationToJson(await c.annotations.get(original.id!)).metadata?.system?.status ?? null).toBeNull();

    const sysEdit = structuredClone(after);
    sysEdit.metadata!.system.objectId = '7';
    sent.length = 0;
    await c.annotations.update(sysEdit, { original: after });
    expect(new URL(sent.find((s) => s.method === 'PUT')!.url).searchParams.get('system')).toBe('true');

    await c.annotations.delete(original.id!);
    await expect(c.annotations.get(original.id!)).rejects.toMatchObject({ status: 404 });
  });

  it('items: update, move into a directory, delete', async () => {
    const dsId = await h.dataset(`items-${Date.now()}`);
    const [i1, i2] = await h.seedItems(dsId, 2);
    const items = c.dataset(dsId).items;
    const u = await items.update(i1!, { metadata: { user: { reviewed: true } } });
    expect(u.metadata.user.reviewed).toBe(true);
    const dir = await items.makeDir('/moved');
    await items.move([i1!, i2!], dir.id);
    const moved = await items.get(i1!);
    expect(moved.dir).toBe('/moved');
    await items.delete(i2!);
    const left = await items.list();
    expect(left.items.map((i: Item) => i.id)).toEqual([i1]);
  });

  it('recipes and ontologies: labels and v2 attributes', async () => {
    const dsId = await h.dataset(`onto-${Date.now()}`);
    const ds = await c.datasets.get(dsId);
    const recipeId = ds.metadata.system.recipes[0];
    const recipe = await c.recipes.get(recipeId);
    const ontologyId = recipe.toJson().ontologyIds[0];
    const onto = await c.ontologies.updateLabels(ontologyId, [
      { tag: 'animal', color: '#ff0000' },
      { tag: 'animal.cat', color: '#00ff00' },
    ]);
    const tags = JSON.stringify(onto.toJson().roots);
    expect(tags).toContain('animal');
    expect(tags).toContain('cat');
    await c.ontologies.updateAttributes(ontologyId, [
      { key: 'color', title: 'Color', type: 'options', values: ['red', 'blue'], scope: ['*'] },
    ]);
    const again = await c.ontologies.get(ontologyId);
    expect(JSON.stringify(again.toJson())).toContain('"color"');
    await c.ontologies.deleteAttributes(ontologyId, ['color']);
    expect(JSON.stringify((await c.ontologies.get(ontologyId)).toJson().metadata?.attributes ?? [])).not.toContain(
      '"color"',
    );
  });

  it('tasks: create (also asynced, through a Command), task.getItems(), assignments, item status', async () => {
    const dsId = await h.dataset(`task-${Date.now()}`);
    const ids = await h.seedItems(dsId, 6);
    const task = await c.tasks.create({
      name: 'label them',
      datasetId: dsId,
      projectId: h.projectId,
      itemIds: ids.slice(0, 4),
      assignees: [h.srv.users.annotator1.email, h.srv.users.annotator2.email],
    });
    expect(task).toBeInstanceOf(Task);
    const items = await task.getItems();
    expect(items.totalItemsCount).toBe(4);
    expect(items.items.map((i: Item) => i.id).sort()).toEqual(ids.slice(0, 4).sort());
    const assignments = await task.assignments.list();
    expect(assignments).toHaveLength(2);
    const aItems = await assignments[0].getItems();
    const bItems = await assignments[1].getItems();
    expect(aItems.totalItemsCount + bItems.totalItemsCount).toBe(4);
    const target = (aItems.items[0] ?? bItems.items[0]) as Item;
    await task.setItemsStatus([target.id], 'completed');
    const refs = JSON.stringify((await c.items.get(target.id!)).metadata.system.refs);
    expect(refs).toContain('completed');

    const asyncTask = await c.tasks.create({
      name: 'async',
      datasetId: dsId,
      projectId: h.projectId,
      itemIds: ids.slice(4),
      assignees: [h.srv.users.annotator1.email],
      asynced: true,
      wait: { backoff: 20 },
    });
    expect(asyncTask.name).toBe('async');
    expect((await asyncTask.getItems()).totalItemsCount).toBe(2);
  });
});

describe('commands.wait', () => {
  it('polls with min(backoff * 2^n, maxSleep) until a terminal status, and throws on failure', async () => {
    const statuses = ['created', 'in-progress', 'in-progress', 'in-progress', 'success'];
    const times: number[] = [];
    const fakeFetch: typeof fetch = async () => {
      times.push(performance.now());
      return new Response(JSON.stringify({ id: 'c1', status: statuses.shift(), url: 'x/commands/c1', spec: {} }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    const cc = createClient({ baseUrl: 'http://127.0.0.1:1/api/v1', token: 't', cache: false, fetch: fakeFetch });
    // The sleeps asked for, read from setTimeout (wall-clock upper bounds are flaky on a loaded machine).
    const asked: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: () => void,
      ms?: number,
      ...rest: unknown[]
    ) => {
      if (typeof ms === 'number' && ms >= 1 && ms <= 1000) asked.push(ms);
      return realSetTimeout(fn, ms, ...rest);
    }) as typeof setTimeout);
    let done: Awaited<ReturnType<typeof cc.commands.wait>>;
    try {
      done = await cc.commands.wait('c1', { backoff: 40, maxSleep: 100 });
    } finally {
      spy.mockRestore();
    }
    expect(done.status).toBe('success');
    // min(40 * 2^n, 100) for n = 0..3: 40, 80, 100 (capped), 100.
    expect(asked).toEqual([40, 80, 100, 100]);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Each gap between polls is at least the sleep before it.
    expect(gaps).toHaveLength(4);
    [40, 80, 100, 100].forEach((s, i) => expect(gaps[i]).toBeGreaterThanOrEqual(s - 5));

    const failing = createClient({
      baseUrl: 'http://127.0.0.1:1/api/v1',
      token: 't',
      cache: false,
      fetch: async () =>
        new Response(JSON.stringify({ id: 'c2', status: 'failed', url: 'x/commands/c2', spec: {}, error: 'boom' })),
    });
    await expect(failing.commands.wait('c2')).rejects.toBeInstanceOf(DlCommandError);
  });
});
