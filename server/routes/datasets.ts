import type { Context, Hono } from 'hono';
import { myProjectIds } from '../access.js';
import {
  annotatorRefIds,
  type Caller,
  datasetAccess,
  EDITORS,
  projectRole,
  requireRole,
  requireWritable,
} from '../auth/roles.js';
import { type AppEnv, apiBase, type Deps, isObject, jsonObject } from '../context.js';
import { createDefaultRecipe } from '../default-recipe.js';
import { HttpError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import { cloneItems, readCloneRequest } from '../dataset-clone.js';
import { readExportRequest, runExport } from '../dataset-export.js';
import { datasetJson, type EntityJson, itemJson, paged, withUrl } from '../present.js';
import { datasetProjectId, datasetRecipeIds } from '../store/docs.js';
import { recordCommand } from '../commands.js';
import { clampPaging } from '../store/paging.js';
import type { DatasetDoc, DqlSort, ItemDoc, Store } from '../store/types.js';
import { deleteItemCascade, findByFilename, splitPath } from './items-shared.js';

/** Dataset JSON with live counts. */
export async function presentDataset(store: Store, c: Context, ds: DatasetDoc, refIds?: string[]): Promise<EntityJson> {
  // An annotator sees the counts of what they may see (items of their assignments), not the dataset's.
  const counts = refIds
    ? {
        itemsCount: (await store.query('items', { filter: {}, where: { datasetId: ds.id }, refIds, pageSize: 0 }))
          .total,
        annotationsCount: (
          await store.query('annotations', { filter: {}, where: { datasetId: ds.id }, refIds, pageSize: 0 })
        ).total,
      }
    : {
        itemsCount: await store.countWhere('items', { datasetId: ds.id }),
        annotationsCount: await store.countWhere('annotations', { datasetId: ds.id }),
      };
  return { ...datasetJson(ds, apiBase(c)), ...counts };
}

/** The ref ids an annotator's view of a dataset is limited to (`undefined` for every other role). */
async function viewOf(store: Store, caller: Caller, ds: DatasetDoc): Promise<string[] | undefined> {
  const projectId = datasetProjectId(ds);
  return (await projectRole(store, caller, projectId)) === 'annotator'
    ? annotatorRefIds(store, caller, projectId)
    : undefined;
}

/** Create a dataset (and its default recipe unless `createDefaultRecipe: false`). */
export async function createDataset(
  store: Store,
  creator: string,
  projectId: string,
  name: string,
  withRecipe = true,
  extra: Record<string, unknown> = {},
): Promise<DatasetDoc> {
  const now = nowIso();
  return store.transaction(async () => {
    const recipes = withRecipe ? [(await createDefaultRecipe(store, projectId, creator)).recipe.id] : [];
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
    await store.insert('datasets', ds);
    return ds;
  });
}

/** One node of `GET /datasets/{id}/directoryTree`: the folder item's JSON and its sub-folders. */
interface TreeNode {
  value: EntityJson;
  children: TreeNode[];
}

/**
 * The folder tree of a dataset, as the platform answers it: every node's `value` is the folder
 * item (`id`, `filename`, `name`, `dir`, `metadata`, ...; the SDK's `DirectoryTree` reads these),
 * the root is `/`. Hidden items (the server's own `/.dataloop` folder) are left out. With `refIds`
 * (an annotator) only the folders of items in those assignments.
 */
async function directoryTree(store: Store, c: Context, dataset: DatasetDoc, refIds?: string[]): Promise<TreeNode> {
  const base = apiBase(c);
  const datasetId = dataset.id;
  let items: ItemDoc[];
  if (refIds) {
    items = [];
    for (const id of await store.queryIds('items', { filter: { hidden: false }, where: { datasetId }, refIds })) {
      const it = await store.get('items', id);
      if (it) items.push(it);
    }
  } else items = (await store.list('items', { datasetId })).filter((i) => i.hidden !== true);
  const folders = new Map<string, ItemDoc | undefined>();
  for (const it of items) {
    if (it.type === 'dir') folders.set(it.filename, it);
    // Every folder above a visible item (the root is not a folder item).
    for (let d = it.dir; d && d !== '/' && !folders.has(d); d = splitPath(d).dir) folders.set(d, undefined);
  }
  const root: TreeNode = {
    value: { id: null, datasetId, filename: '/', dir: null, name: '', type: 'dir', metadata: {} },
    children: [],
  };
  const nodes = new Map<string, TreeNode>([['/', root]]);
  for (const path of [...folders.keys()].sort()) {
    const item = folders.get(path) ?? (await findByFilename(store, datasetId, path));
    const { dir, name } = splitPath(path);
    const value = item
      ? itemJson(item, base)
      : { id: null, datasetId, filename: path, dir, name, type: 'dir', metadata: {} };
    const node: TreeNode = { value, children: [] };
    nodes.set(path, node);
    (nodes.get(dir) ?? root).children.push(node);
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
    requireRole(await projectRole(store, caller, projects[0]), EDITORS, 'create datasets');
    const name = body.name;
    if (typeof name !== 'string' || !name.trim() || name.length > 256)
      throw new HttpError(400, 'name: expected a non-empty string');
    const ds = await store.transaction(
      async () => {
        if ((await store.list('datasets', { projectId: projects[0] })).some((d) => d.name === name))
          throw new HttpError(409, `a dataset named "${name}" already exists in this project`);
        return createDataset(store, caller.email, projects[0], name, body.createDefaultRecipe !== false, body);
      },
      { serializeOn: [`project:${projects[0]}:datasets`] }, // names are unique per project
    );
    return c.json(await presentDataset(store, c, ds), 201);
  });

  app.post('/datasets/query', async (c) => {
    const caller = c.get('caller');
    const body = await jsonObject(c);
    const ctx = isObject(body.context) ? body.context : {};
    const wanted = Array.isArray(ctx.projects) ? (ctx.projects as string[]) : null;
    const mine = await myProjectIds(store, caller);
    const allowed = wanted ? wanted.filter((p) => mine.includes(p)) : mine;
    const filter = isObject(body.filter) ? body.filter : {};
    const paging = clampPaging(body.page, body.pageSize);
    const { total, docs } = await store.query('datasets', {
      filter: { $and: [filter, { projectId: { $in: allowed } }] },
      sort: body.sort as DqlSort | undefined, // checked by the DQL compiler
      ...paging,
    });
    const out = [];
    for (const d of docs) out.push(await presentDataset(store, c, d, await viewOf(store, caller, d)));
    return c.json(paged(total, paging, out));
  });

  app.get('/datasets/:id', async (c) => {
    const { dataset, role, projectId } = await datasetAccess(store, c.get('caller'), c.req.param('id'));
    const refIds = role === 'annotator' ? await annotatorRefIds(store, c.get('caller'), projectId) : undefined;
    return c.json(await presentDataset(store, c, dataset, refIds));
  });

  app.get('/datasets/:id/directoryTree', async (c) => {
    const { role, projectId, dataset } = await datasetAccess(store, c.get('caller'), c.req.param('id'));
    // Annotators see only the folders of items in their assignments.
    const refIds = role === 'annotator' ? await annotatorRefIds(store, c.get('caller'), projectId) : undefined;
    return c.json(await directoryTree(store, c, dataset, refIds));
  });

  app.patch('/datasets/:id', async (c) => {
    const { dataset, role } = await datasetAccess(store, c.get('caller'), c.req.param('id'));
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
    await store.replace('datasets', dataset);
    return c.json(await presentDataset(store, c, dataset));
  });

  app.post('/datasets/:id/export', async (c) => {
    const caller = c.get('caller');
    const { dataset, role } = await datasetAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'export datasets');
    const req = readExportRequest(await jsonObject(c));
    const { output, itemsCount } = await runExport(store, dataset, req, apiBase(c), caller.email);
    const type = req.exportType === 'json' ? 'ExportDatasetAsJson' : 'ExportDatasetAsZip';
    const cmd = await recordCommand(store, caller.email, type, {
      datasetId: dataset.id,
      exportType: req.exportType,
      outputItemId: output.id,
      itemsCount,
    });
    return c.json(withUrl(cmd, apiBase(c), 'commands'));
  });

  app.post('/datasets/:id/clone', async (c) => {
    const caller = c.get('caller');
    const { dataset, role, projectId } = await datasetAccess(store, caller, c.req.param('id'));
    requireRole(role, EDITORS, 'clone datasets');
    const req = readCloneRequest(await jsonObject(c));
    let target: DatasetDoc;
    if (req.targetDatasetId !== undefined) {
      const t = await datasetAccess(store, caller, req.targetDatasetId);
      requireRole(t.role, EDITORS, 'clone into datasets');
      target = t.dataset;
    } else {
      const name = req.name!;
      target = await store.transaction(
        async () => {
          if ((await store.list('datasets', { projectId })).some((d) => d.name === name))
            throw new HttpError(409, `a dataset named "${name}" already exists in this project`);
          const made = await createDataset(store, caller.email, projectId, name, false);
          made.metadata = {
            ...made.metadata,
            system: { ...made.metadata.system, recipes: datasetRecipeIds(dataset) },
          };
          made.srcDataset = dataset.id;
          await store.replace('datasets', made);
          return made;
        },
        { serializeOn: [`project:${projectId}:datasets`] },
      );
    }
    const itemsCount = await store.transaction(async () => {
      await requireWritable(store, target.id);
      return cloneItems(store, dataset, target, req, caller.email);
    });
    const cmd = await recordCommand(store, caller.email, 'clone_dataset', {
      datasetId: dataset.id,
      returnedModelId: target.id,
      itemsCount,
    });
    return c.json(withUrl(cmd, apiBase(c), 'commands'));
  });

  app.delete('/datasets/:id', async (c) => {
    const id = c.req.param('id');
    const { role } = await datasetAccess(store, c.get('caller'), id);
    requireRole(role, EDITORS, 'delete datasets');
    await store.transaction(async () => {
      await requireWritable(store, id); // deleting it would delete its items: turn readonly off first
      for (const item of await store.list('items', { datasetId: id })) await deleteItemCascade(store, item.id);
      for (const t of await store.list('tasks', { datasetId: id })) {
        for (const a of await store.list('assignments', { taskId: t.id })) await store.remove('assignments', a.id);
        await store.remove('tasks', t.id);
      }
      await store.remove('datasets', id);
    });
    return c.json({ message: 'deleted' });
  });
}
