import type { Context, Hono } from 'hono';
import { type Caller, checkWritable, itemAccess, requireWritable } from '../auth/roles.js';
import { annotationProblem, validateAnnotationBatch } from '../annotation-validate.js';
import { type AppEnv, apiBase, type Deps, isObject, jsonBody, jsonObject } from '../context.js';
import { HttpError } from '../http/errors.js';
import { fingerprint, idempotent } from '../http/idempotency.js';
import { newId, nowIso, nowIsoAfter } from '../ids.js';
import { mergePatch } from '../merge-patch.js';
import { annotationStatus, checkAnnotationStatusChange } from '../review-rules.js';
import { annotationJson } from '../present.js';
import type { AnnotationMetadata } from '../store/docs.js';
import type { AnnotationDoc, ItemDoc, Store } from '../store/types.js';

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
export const annotationEtag = (a: AnnotationDoc) => `"${a.id}.${a.version ?? 1}"`;

/**
 * Whether an `If-Match` header names the stored version: its ETag `"<id>.<version>"`, or the
 * version's `updatedAt` as an entity tag (`"2024-05-01T10:00:00.000Z"`; `updatedAt` grows with
 * every write, so it names one version too). Clients that keep annotation JSON rather than
 * response headers (dl-kit's outbox) use the latter. No header, or `*`, always holds.
 */
export function ifMatchHolds(header: string | undefined, a: AnnotationDoc): boolean {
  if (header === undefined || header.trim() === '*') return true;
  const tags = header.split(',').map((s) => s.trim().replace(/^W\//, ''));
  return tags.includes(annotationEtag(a)) || tags.includes(`"${a.updatedAt}"`);
}

/** Load an annotation and check the caller may see its item. */
export async function annotationAccess(store: Store, caller: Caller, id: string) {
  const annotation = await store.get('annotations', id);
  if (!annotation) throw new HttpError(404, `annotation ${id} not found`);
  const { role, item } = await itemAccess(store, caller, annotation.itemId);
  return { annotation, role, item };
}

/** Build a stored annotation from a create body. */
export function newAnnotation(
  body: Record<string, unknown>,
  item: ItemDoc,
  creator: string,
  now: string,
): AnnotationDoc {
  const given = isObject(body.metadata) ? structuredClone(body.metadata) : {};
  const system = isObject(given.system) ? given.system : {};
  if (!isObject(system.attributes)) system.attributes = {};
  if (system.objectId !== undefined && system.objectId !== null) system.objectId = String(system.objectId);
  const metadata: AnnotationMetadata = { ...given, system };
  // Key order: the server's fields first, then what the client sent (validated by `validateAnnotationBatch`).
  const doc: AnnotationDoc = {
    id: newId(),
    creator,
    metadata,
    itemId: item.id,
    label: typeof body.label === 'string' ? body.label : null,
    createdAt: now,
    updatedBy: creator,
    updatedAt: now,
    source: body.source ?? 'sdk',
    datasetId: item.datasetId,
    type: String(body.type),
    version: 1,
  };
  for (const [k, v] of Object.entries(body)) if (!SERVER_KEYS.includes(k) && !(k in doc) && k !== '_id') doc[k] = v;
  if (body.type !== 'class' && body.coordinates !== undefined) doc.coordinates = body.coordinates;
  else delete doc.coordinates;
  if (!('attributes' in doc)) doc.attributes = null;
  return doc;
}

/**
 * Insert a validated batch in one transaction and update the item's counts; refused with 403
 * when the item's dataset is read-only (checked in that transaction).
 */
export async function insertAnnotations(
  store: Store,
  item: ItemDoc,
  bodies: Record<string, unknown>[],
  creator: string,
): Promise<AnnotationDoc[]> {
  const now = nowIso();
  const docs = bodies.map((b) => newAnnotation(b, item, creator, now));
  await store.insertAnnotationBatch(item, docs, (dataset) => checkWritable(dataset, item.datasetId));
  return docs;
}

function respond(c: Context, a: AnnotationDoc, status: 200 | 201 = 200) {
  c.header('etag', annotationEtag(a));
  return c.json(annotationJson(a, apiBase(c)), status);
}

/** Annotations: batch create, get, PUT diff (optimistic concurrency), delete. */
export function registerAnnotationRoutes(app: Hono<AppEnv>, { store }: Deps): void {
  app.post('/items/:id/annotations', async (c) => {
    const caller = c.get('caller');
    const { item, role } = await itemAccess(store, caller, c.req.param('id'));
    if (item.type !== 'file') throw new HttpError(400, 'folders cannot carry annotations');
    const body = await jsonBody<unknown>(c);
    const single = !Array.isArray(body);
    const list = single ? [body] : (body as unknown[]);
    list.forEach((a, i) =>
      checkAnnotationStatusChange(
        role,
        null,
        annotationStatus(isObject(a) ? a : null),
        `[${i}].metadata.system.status`,
      ),
    );
    if (list.length > MAX_BATCH)
      throw new HttpError(400, `at most ${MAX_BATCH} annotations per request, got ${list.length}`);
    validateAnnotationBatch(list, item);
    await requireWritable(store, item.datasetId);
    const base = apiBase(c);
    // `x-idempotency-key`: a retried POST (same user, key and body) answers the first answer again.
    return idempotent(
      c,
      store,
      caller.id,
      `POST /items/${item.id}/annotations`,
      fingerprint(JSON.stringify(body)),
      async () => {
        // Checks the dataset is writable in the transaction that writes.
        const docs = await insertAnnotations(store, item, list as Record<string, unknown>[], caller.email);
        if (single) return { status: 201, body: annotationJson(docs[0]!, base), etag: annotationEtag(docs[0]!) };
        return { status: 201, body: docs.map((d) => annotationJson(d, base)) };
      },
      // Every create rewrites the item's counts. The one write is atomic on its own: without a
      // key no transaction is opened around it (on SQLite it then runs as one synchronous step).
      { serializeOn: [`item:${item.id}`], atomic: true },
    );
  });

  // Convenience (the item JSON links here); the SDK lists through the DQL query endpoint.
  app.get('/items/:id/annotations', async (c) => {
    const { item } = await itemAccess(store, c.get('caller'), c.req.param('id'));
    const base = apiBase(c);
    return c.json((await store.list('annotations', { itemId: item.id })).map((a) => annotationJson(a, base)));
  });

  app.get('/annotations/:id', async (c) =>
    respond(c, (await annotationAccess(store, c.get('caller'), c.req.param('id'))).annotation),
  );
  app.get('/datasets/:ds/items/:item/annotations/:id', async (c) => {
    const { annotation } = await annotationAccess(store, c.get('caller'), c.req.param('id'));
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
    return store.transaction(async () => {
      const { annotation, item, role } = await annotationAccess(store, caller, id);
      await requireWritable(store, annotation.datasetId);
      // Optimistic concurrency only when the client asks for it with If-Match (the SDK sends back the
      // `updatedAt` it holds in the body: that is data, not a precondition, as on the platform).
      if (!ifMatchHolds(c.req.header('if-match'), annotation))
        throw new HttpError(409, 'annotation was changed by someone else', {
          annotation: annotationJson(annotation, base),
        });
      const patch: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body)) if (!SERVER_KEYS.includes(k)) patch[k] = v;
      const merged = mergePatch(annotation, patch);
      const oldSys = JSON.stringify(annotation.metadata?.system ?? {});
      const meta = isObject(merged.metadata) ? merged.metadata : {};
      // The merge keeps every server key (the patch cannot hold them), so only metadata needs a shape check.
      const next = {
        ...merged,
        metadata: { ...meta, system: isObject(meta.system) ? meta.system : {} },
      } as AnnotationDoc;
      if (JSON.stringify(next.metadata.system) !== oldSys && !system)
        throw new HttpError(400, 'metadata.system can only be changed with ?system=true');
      checkAnnotationStatusChange(role, annotationStatus(annotation), annotationStatus(next), 'metadata.system.status');
      const problem = annotationProblem(next, item);
      if (problem) throw new HttpError(400, problem);
      next.updatedAt = nowIsoAfter(annotation.updatedAt);
      next.updatedBy = caller.email;
      next.version = Number(annotation.version ?? 1) + 1;
      await store.replace('annotations', next);
      return respond(c, next);
    });
  });

  app.delete('/annotations/:id', async (c) => {
    const { annotation } = await annotationAccess(store, c.get('caller'), c.req.param('id'));
    await store.transaction(
      async () => {
        await requireWritable(store, annotation.datasetId);
        await store.remove('annotations', annotation.id);
        await store.recountAnnotations([annotation.itemId]);
      },
      { serializeOn: [`item:${annotation.itemId}`] },
    );
    return c.json({ message: 'deleted' });
  });
}
