import type { Hono } from 'hono';
import { annotatorRefIds, datasetAccess, EDITORS, MANAGERS, requireRole, requireWritable } from '../auth/roles.js';
import { type AppEnv, apiBase, type Deps, isObject, jsonObject } from '../context.js';
import { HttpError } from '../http/errors.js';
import { noneMatchHits, weakEtag } from '../http/etag.js';
import { annotationJson, type EntityJson, itemJson, paged } from '../present.js';
import { clampPaging } from '../store/paging.js';
import type { QuerySpec } from '../store/types.js';
import { applyReferences, checkRefsBelong } from '../refs.js';
import { deleteItemCascade, SERVER_MANAGED_SYSTEM_KEYS } from './items-shared.js';

/**
 * `POST /datasets/{id}/query`: DQL for items and annotations (spec §4–§5) and the bulk
 * operations `delete`, `update` and `references` on the same filter.
 */
export function registerQueryRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.post('/datasets/:id/query', async (c) => {
    const caller = c.get('caller');
    const datasetId = c.req.param('id');
    const { role, projectId } = await datasetAccess(store, caller, datasetId);
    let body = await jsonObject(c);
    if (!isObject(body)) throw new HttpError(400, 'body: expected a DQL object');
    if (!('filter' in body) && !('resource' in body)) body = { filter: body };
    const resource = body.resource ?? 'items';
    if (resource !== 'items' && resource !== 'annotations')
      throw new HttpError(400, `resource: "${String(resource)}" cannot be queried on a dataset (items or annotations)`);
    const filter = body.filter ?? {};
    if (!isObject(filter)) throw new HttpError(400, 'filter: expected an object');
    if (body.join !== undefined && !isObject(body.join)) throw new HttpError(400, 'join: expected an object');
    const spec: QuerySpec = {
      filter,
      sort: body.sort as QuerySpec['sort'],
      join: body.join as QuerySpec['join'],
      where: { datasetId },
      refIds: role === 'annotator' ? await annotatorRefIds(store, caller, projectId) : undefined,
    };
    const base = apiBase(c);

    if (body.delete === true) {
      requireRole(role, EDITORS, 'bulk-delete');
      const affected = await store.transaction(async () => {
        await requireWritable(store, datasetId);
        const ids = await store.queryIds(resource, spec);
        if (resource === 'items') for (const id of ids) await deleteItemCascade(store, id);
        else {
          const itemIds = new Set<string>();
          for (const id of ids) {
            const a = await store.get('annotations', id);
            if (!a) continue;
            itemIds.add(a.itemId);
            await store.remove('annotations', id);
          }
          await store.recountAnnotations([...itemIds]);
        }
        return ids.length;
      });
      return c.json({ affected });
    }
    if (body.update !== undefined) {
      requireRole(role, EDITORS, 'bulk-update');
      await requireWritable(store, datasetId);
      const update = body.update;
      if (!isObject(update)) throw new HttpError(400, 'update: expected an object');
      const keys = Object.keys(update);
      if (keys.some((k) => k !== 'metadata')) throw new HttpError(400, 'update: only "metadata" can be bulk-updated');
      const meta = update.metadata;
      if (!isObject(meta)) throw new HttpError(400, 'update.metadata: expected an object');
      if ('system' in meta) {
        if (body.systemSpace !== true) throw new HttpError(400, 'update.metadata.system needs "systemSpace": true');
        if (!isObject(meta.system) || 'refs' in meta.system)
          throw new HttpError(400, 'update.metadata.system.refs: use "references" to change task membership');
        for (const k of SERVER_MANAGED_SYSTEM_KEYS)
          if (k in meta.system) throw new HttpError(400, `update.metadata.system.${k} is managed by the server`);
      }
      const n = await store.transaction(async () => {
        await requireWritable(store, datasetId);
        return store.mergePatch(resource, await store.queryIds(resource, spec), { metadata: meta });
      });
      return c.json({ affected: n });
    }
    if (body.references !== undefined) {
      requireRole(role, MANAGERS, 'change references');
      await requireWritable(store, datasetId);
      if (resource !== 'items') throw new HttpError(400, 'references: only items carry refs');
      const references = body.references;
      const n = await store.transaction(async () => {
        if (isObject(references) && references.operation === 'create')
          await checkRefsBelong(store, datasetId, references);
        await requireWritable(store, datasetId);
        return applyReferences(store, await store.queryIds('items', spec), references);
      });
      return c.json({ affected: n });
    }

    const paging = clampPaging(body.page, body.pageSize);
    let total: number;
    let items: EntityJson[];
    if (resource === 'items') {
      const r = await store.query('items', { ...spec, ...paging });
      total = r.total;
      items = r.docs.map((d) => itemJson(d, base));
    } else {
      const r = await store.query('annotations', { ...spec, ...paging });
      total = r.total;
      items = r.docs.map((d) => annotationJson(d, base));
    }
    // Conditional query: the page's weak ETag (hash of the body); a matching If-None-Match is 304.
    const text = JSON.stringify(paged(total, paging, items));
    const etag = weakEtag(text);
    const cache = { etag, 'cache-control': 'private, no-cache' };
    if (noneMatchHits(c.req.header('if-none-match'), etag)) return c.body(null, 304, cache);
    return c.body(text, 200, { ...cache, 'content-type': 'application/json' });
  });
}
