import type { Context, Hono } from 'hono';
import { myProjectIds } from '../access.js';
import { annotatorRefIds, datasetAccess, EDITORS, projectRole, requireRole, requireWritable } from '../auth/roles.js';
import { type AppEnv, apiBase, type Deps, isObject, jsonObject } from '../context.js';
import { createDefaultRecipe } from '../default-recipe.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { datasetJson, type EntityJson, paged } from '../present.js';
import { clampPaging } from '../store/paging.js';
import type { DatasetDoc, DqlSort, Store } from '../store/types.js';
import { deleteItemCascade } from './items-shared.js';

/** Dataset JSON with live counts. */
export function presentDataset(store: Store, c: Context, ds: DatasetDoc): EntityJson {
  return {
    ...datasetJson(ds, apiBase(c)),
    itemsCount: store.countWhere('items', { datasetId: ds.id }),
    annotationsCount: store.countWhere('annotations', { datasetId: ds.id }),
  };
}

/** Create a dataset (and its default recipe unless `createDefaultRecipe: false`). */
export function createDataset(
  store: Store,
  creator: string,
  projectId: string,
  name: string,
  withRecipe = true,
  extra: Record<string, unknown> = {},
): DatasetDoc {
  const now = nowIso();
  return store.transaction(() => {
    const recipes = withRecipe ? [createDefaultRecipe(store, projectId, creator).recipe.id] : [];
    const ds: DatasetDoc = {
      id: newId(),
      name,
      creator,
      projects: [projectId],
      metadata: { system: { recipes } },
      annotated: false,
      expirationOptions: extra.expirationOptions ?? null,
      indexDriver: extra.indexDriver ?? 'v2',
      enableSyncWithCloned: false,
      readableType: 'dataset',
      accessLevel: 'private',
      driver: extra.driver ?? null,
      srcDataset: null,
      readonly: false,
      isSyncing: false,
      export: null,
      createdAt: now,
      updatedAt: now,
      updatedBy: creator,
    };
    store.insert('datasets', ds);
    return ds;
  });
}

/** Build the directory tree of a dataset from its items' `dir`s. */
function directoryTree(store: Store, datasetId: string, refIds?: string[]) {
  type Node = { value: { name: string; path: string }; children: Node[] };
  const root: Node = { value: { name: '', path: '/' }, children: [] };
  const dirs = new Set<string>();
  const items = refIds
    ? store.queryIds('items', { filter: {}, where: { datasetId }, refIds }).map((id) => store.get('items', id)!)
    : store.list('items', { datasetId });
  for (const it of items) {
    dirs.add(it.dir);
    if (it.type === 'dir') dirs.add(it.filename);
  }
  for (const d of [...dirs].sort()) {
    let node = root;
    let path = '';
    for (const part of d.split('/').filter(Boolean)) {
      path += '/' + part;
      let child = node.children.find((n) => n.value.path === path);
      if (!child) node.children.push((child = { value: { name: part, path }, children: [] }));
      node = child;
    }
  }
  return root;
}

/** Datasets: create, get, query, update, delete, directory tree. */
export function registerDatasetRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.post('/datasets', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    const projects = body.projects;
    if (!Array.isArray(projects) || typeof projects[0] !== 'string')
      throw new HttpError(400, 'projects: expected an array with a project id');
    requireRole(projectRole(store, caller, projects[0]), EDITORS, 'create datasets');
    if (typeof body.name !== 'string' || !body.name.trim() || body.name.length > 256)
      throw new HttpError(400, 'name: expected a non-empty string');
    if (store.list('datasets', { projectId: projects[0] }).some((d) => d.name === body.name))
      throw new HttpError(409, `a dataset named "${body.name}" already exists in this project`);
    const ds = createDataset(store, caller.email, projects[0], body.name, body.createDefaultRecipe !== false, body);
    return c.json(presentDataset(store, c, ds), 201);
  });

  app.post('/datasets/query', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    const ctx = isObject(body.context) ? body.context : {};
    const wanted = Array.isArray(ctx.projects) ? (ctx.projects as string[]) : null;
    const mine = myProjectIds(store, caller);
    const allowed = wanted ? wanted.filter((p) => mine.includes(p)) : mine;
    const filter = isObject(body.filter) ? body.filter : {};
    const paging = clampPaging(body.page, body.pageSize);
    const { total, docs } = store.query('datasets', {
      filter: { $and: [filter, { projectId: { $in: allowed } }] },
      sort: body.sort as DqlSort | undefined, // checked by the DQL compiler
      ...paging,
    });
    return c.json(
      paged(
        total,
        paging,
        docs.map((d) => presentDataset(store, c, d)),
      ),
    );
  });

  app.get('/datasets/:id', (c) => {
    const { dataset } = datasetAccess(store, c.get('caller'), c.req.param('id'));
    return c.json(presentDataset(store, c, dataset));
  });

  app.get('/datasets/:id/directoryTree', (c) => {
    const { role, projectId } = datasetAccess(store, c.get('caller'), c.req.param('id'));
    // Annotators see only the folders of items in their assignments.
    const refIds = role === 'annotator' ? annotatorRefIds(store, c.get('caller'), projectId) : undefined;
    return c.json(directoryTree(store, c.req.param('id'), refIds));
  });

  app.patch('/datasets/:id', async (c) => {
    const { dataset, role } = datasetAccess(store, c.get('caller'), c.req.param('id'));
    requireRole(role, EDITORS, 'change datasets');
    const body = await jsonObject(c);
    if (body.name !== undefined) {
      if (typeof body.name !== 'string' || !body.name.trim())
        throw new HttpError(400, 'name: expected a non-empty string');
      dataset.name = body.name;
    }
    if (body.metadata !== undefined) {
      if (!isObject(body.metadata)) throw new HttpError(400, 'metadata: expected an object');
      const sys = isObject(dataset.metadata?.system) ? dataset.metadata.system : {};
      const system =
        c.req.query('system') === 'true' && isObject(body.metadata.system) ? { ...sys, ...body.metadata.system } : sys;
      dataset.metadata = { ...dataset.metadata, ...body.metadata, system };
    }
    if (body.readonly !== undefined) {
      if (typeof body.readonly !== 'boolean') throw new HttpError(400, 'readonly: expected a boolean');
      // Only owners toggle it; repeating the current value (the SDK PATCHes whole dataset JSON) is no toggle.
      if (body.readonly !== (dataset.readonly === true)) requireRole(role, ['owner'], 'change readonly');
      dataset.readonly = body.readonly;
    }
    for (const k of ['expirationOptions', 'description'] as const) if (body[k] !== undefined) dataset[k] = body[k];
    dataset.updatedAt = nowIso();
    dataset.updatedBy = c.get('caller').email;
    store.replace('datasets', dataset);
    return c.json(presentDataset(store, c, dataset));
  });

  app.delete('/datasets/:id', (c) => {
    const id = c.req.param('id');
    const { role } = datasetAccess(store, c.get('caller'), id);
    requireRole(role, EDITORS, 'delete datasets');
    requireWritable(store, id); // deleting it would delete its items: turn readonly off first
    const ids = store.list('items', { datasetId: id }).map((i) => i.id);
    store.transaction(() => {
      for (const itemId of ids) deleteItemCascade(store, itemId);
      for (const t of store.list('tasks', { datasetId: id })) {
        for (const a of store.list('assignments', { taskId: t.id })) store.remove('assignments', a.id);
        store.remove('tasks', t.id);
      }
      store.remove('datasets', id);
    });
    return c.json({ message: 'deleted' });
  });
}
