import type { Context, Hono } from 'hono';
import { itemAccess, requireRole, requireWritable, type Caller, ROLES } from '../auth/roles.js';
import { annotationProblem, validateAnnotationBatch } from '../annotation-validate.js';
import { apiBase, isObject, jsonBody, jsonObject, type AppEnv, type Deps } from '../context.js';
import { HttpError } from '../http/errors.js';
import { fingerprint, idempotent } from '../http/idempotency.js';
import { newId, nowIso } from '../ids.js';
import { mergePatch } from '../merge-patch.js';
import { annotationJson } from '../present.js';
import type { Doc, Store } from '../store/types.js';

/** Most annotations one create request may carry (the SDK sends batches of 100). */
export const MAX_BATCH = 100;
const SERVER_KEYS = [
  'id',
  'url',
  'item',
  'itemId',
  'dataset',
  'datasetId',
  'creator',
  'createdAt',
  'updatedAt',
  'updatedBy',
  'hash',
  'version',
];

/** The ETag of an annotation version. */
export const annotationEtag = (a: Doc) => `"${a.id}.${a.version ?? 1}"`;

/** Load an annotation and check the caller may see its item. */
export function annotationAccess(store: Store, caller: Caller, id: string) {
  const annotation = store.get('annotations', id);
  if (!annotation) throw new HttpError(404, `annotation ${id} not found`);
  const { role, item } = itemAccess(store, caller, annotation.itemId as string);
  return { annotation, role, item };
}

/** Build a stored annotation from a create body. */
export function newAnnotation(body: Record<string, unknown>, item: Doc, creator: string, now: string): Doc {
  const metadata = isObject(body.metadata) ? structuredClone(body.metadata) : {};
  const system = isObject(metadata.system) ? metadata.system : {};
  if (!isObject(system.attributes)) system.attributes = {};
  if (system.objectId !== undefined && system.objectId !== null) system.objectId = String(system.objectId);
  metadata.system = system;
  const doc: Doc = {
    id: newId(),
    creator,
    metadata,
    itemId: item.id,
    label: body.label ?? null,
    createdAt: now,
    updatedBy: creator,
    updatedAt: now,
    source: body.source ?? 'sdk',
  };
  for (const [k, v] of Object.entries(body)) if (!SERVER_KEYS.includes(k) && !(k in doc) && k !== '_id') doc[k] = v;
  doc.metadata = metadata;
  doc.datasetId = item.datasetId;
  doc.type = body.type;
  if (body.type !== 'class' && body.coordinates !== undefined) doc.coordinates = body.coordinates;
  else delete doc.coordinates;
  if (!('attributes' in doc)) doc.attributes = null;
  doc.version = 1;
  return doc;
}

/** Insert a validated batch in one transaction and update the item's counts. */
export function insertAnnotations(store: Store, item: Doc, bodies: Record<string, unknown>[], creator: string): Doc[] {
  const now = nowIso();
  return store.transaction(() => {
    const docs = bodies.map((b) => newAnnotation(b, item, creator, now));
    for (const d of docs) store.insert('annotations', d);
    store.recountAnnotations([item.id]);
    return docs;
  });
}

function respond(c: Context, a: Doc, status: 200 | 201 = 200) {
  c.header('etag', annotationEtag(a));
  return c.json(annotationJson(a, apiBase(c)), status);
}

/** Annotations: batch create, get, PUT diff (optimistic concurrency), delete. */
export function registerAnnotationRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.post('/items/:id/annotations', async (c) => {
    const caller = c.get('caller');
    const { item } = itemAccess(store, caller, c.req.param('id'));
    if (item.type !== 'file') throw new HttpError(400, 'folders cannot carry annotations');
    const body = await jsonBody<unknown>(c);
    const single = !Array.isArray(body);
    const list = single ? [body] : (body as unknown[]);
    if (list.length > MAX_BATCH)
      throw new HttpError(400, `at most ${MAX_BATCH} annotations per request, got ${list.length}`);
    validateAnnotationBatch(list, item);
    requireWritable(store, item.datasetId as string);
    const base = apiBase(c);
    // `x-idempotency-key`: a retried POST (same user, key and body) answers the first answer again.
    return idempotent(
      c,
      store,
      caller.id,
      `POST /items/${item.id}/annotations`,
      fingerprint(JSON.stringify(body)),
      () => {
        const docs = insertAnnotations(store, item, list as Record<string, unknown>[], caller.email);
        if (single) return { status: 201, body: annotationJson(docs[0]!, base), etag: annotationEtag(docs[0]!) };
        return { status: 201, body: docs.map((d) => annotationJson(d, base)) };
      },
    );
  });

  // Convenience (the item JSON links here); the SDK lists through the DQL query endpoint.
  app.get('/items/:id/annotations', (c) => {
    const { item } = itemAccess(store, c.get('caller'), c.req.param('id'));
    const base = apiBase(c);
    return c.json(store.list('annotations', { itemId: item.id }).map((a) => annotationJson(a, base)));
  });

  app.get('/annotations/:id', (c) =>
    respond(c, annotationAccess(store, c.get('caller'), c.req.param('id')).annotation),
  );
  app.get('/datasets/:ds/items/:item/annotations/:id', (c) => {
    const { annotation } = annotationAccess(store, c.get('caller'), c.req.param('id'));
    if (annotation.itemId !== c.req.param('item') || annotation.datasetId !== c.req.param('ds'))
      throw new HttpError(404, 'annotation not found');
    return respond(c, annotation);
  });

  app.put('/annotations/:id', async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const body = await jsonObject(c);
    if (!isObject(body)) throw new HttpError(400, 'body: expected an object (a diff of the annotation JSON)');
    const system = c.req.query('system') === 'true';
    const base = apiBase(c);
    return store.transaction(() => {
      const { annotation, item } = annotationAccess(store, caller, id);
      requireWritable(store, annotation.datasetId as string);
      // Optimistic concurrency: a stale If-Match ETag or a stale `updatedAt` in the body is a 409.
      const ifMatch = c.req.header('if-match');
      const stale =
        (ifMatch !== undefined &&
          ifMatch !== '*' &&
          !ifMatch
            .split(',')
            .map((s) => s.trim().replace(/^W\//, ''))
            .includes(annotationEtag(annotation))) ||
        (typeof body.updatedAt === 'string' && body.updatedAt !== annotation.updatedAt);
      if (stale)
        throw new HttpError(409, 'annotation was changed by someone else', {
          annotation: annotationJson(annotation, base),
        });
      const patch: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body)) if (!SERVER_KEYS.includes(k)) patch[k] = v;
      const next = mergePatch(annotation, patch) as Doc;
      const oldSys = JSON.stringify((annotation.metadata as any)?.system ?? {});
      if (!isObject(next.metadata)) next.metadata = { system: {} };
      if (!isObject((next.metadata as any).system)) (next.metadata as any).system = {};
      if (JSON.stringify((next.metadata as any).system) !== oldSys && !system)
        throw new HttpError(400, 'metadata.system can only be changed with ?system=true');
      const problem = annotationProblem(next, item);
      if (problem) throw new HttpError(400, problem);
      next.updatedAt = nowIso();
      next.updatedBy = caller.email;
      next.version = Number(annotation.version ?? 1) + 1;
      store.replace('annotations', next);
      return respond(c, next);
    });
  });

  app.delete('/annotations/:id', (c) => {
    const { annotation } = annotationAccess(store, c.get('caller'), c.req.param('id'));
    requireWritable(store, annotation.datasetId as string);
    store.transaction(() => {
      store.remove('annotations', annotation.id);
      store.recountAnnotations([annotation.itemId as string]);
    });
    return c.json({ message: 'deleted' });
  });
}
void requireRole;
void ROLES;
