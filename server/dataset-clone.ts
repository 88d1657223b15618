import { isObject } from './context.js';
import { HttpError } from './http/errors.js';
import { newId, nowIso } from './ids.js';
import { ensureDirs, findByFilename, normalizeRemotePath, splitPath } from './routes/items-shared.js';
import { EXPORTS_DIR } from './dataset-export.js';
import type { AnnotationDoc, DatasetDoc, ItemDoc, QuerySpec, Store } from './store/types.js';

/** What `POST /datasets/{id}/clone` asks for (the SDK's `datasets.clone`). */
export interface CloneRequest {
  /** Name of the new dataset (unless `targetDatasetId`). */
  name?: string;
  /** Items to clone. */
  itemsQuery: QuerySpec;
  withItemsAnnotations: boolean;
  withMetadata: boolean;
  /** Keep the annotations' `metadata.system.status` (approved, issue, ...). */
  withTaskAnnotationsStatus: boolean;
  /** Folder of the target dataset the items go under (`/` = same paths). */
  targetDirectory: string;
  /** Clone into this existing dataset instead of a new one. */
  targetDatasetId?: string;
}

/** Read and check a clone body (400 naming the bad field). */
export function readCloneRequest(body: Record<string, unknown>): CloneRequest {
  const params = body.cloneDatasetParams ?? {};
  if (!isObject(params)) throw new HttpError(400, 'cloneDatasetParams: expected an object');
  const flag = (k: string, dflt: boolean) => {
    const v = params[k];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'boolean') throw new HttpError(400, `cloneDatasetParams.${k}: expected a boolean`);
    return v;
  };
  const target = params.targetDatasetId;
  if (target !== undefined && typeof target !== 'string')
    throw new HttpError(400, 'cloneDatasetParams.targetDatasetId: expected a dataset id');
  const name = body.name;
  if (target === undefined && (typeof name !== 'string' || !name.trim() || name.length > 256))
    throw new HttpError(400, 'name: expected a non-empty string (or cloneDatasetParams.targetDatasetId)');
  // The SDK sends a whole prepared query ({filter, page, pageSize, resource}) under `filter`.
  const given = body.filter ?? {};
  if (!isObject(given)) throw new HttpError(400, 'filter: expected an object');
  const filter = 'filter' in given ? given.filter : given;
  if (!isObject(filter)) throw new HttpError(400, 'filter.filter: expected an object');
  const dir = params.targetDirectory;
  if (dir !== undefined && dir !== null && typeof dir !== 'string')
    throw new HttpError(400, 'cloneDatasetParams.targetDirectory: expected a folder path');
  return {
    name: typeof name === 'string' ? name.trim() : undefined,
    itemsQuery: { filter: { $and: [filter, { type: 'file' }] } },
    withItemsAnnotations: flag('withItemsAnnotations', true),
    withMetadata: flag('withMetadata', true),
    withTaskAnnotationsStatus: flag('withTaskAnnotationsStatus', true),
    targetDirectory: typeof dir === 'string' ? normalizeRemotePath(dir) : '/',
    targetDatasetId: target,
  };
}

/** `metadata.system` keys a cloned item keeps (what describes the binary, not the source's tasks). */
const BINARY_KEYS = ['mimetype', 'size', 'width', 'height', 'originalname', 'encoding', 'isBinary', 'channels', 'fps'];

/** How one item is cloned. */
export interface CloneItemOptions {
  withItemsAnnotations: boolean;
  withMetadata: boolean;
  withTaskAnnotationsStatus: boolean;
  /** User metadata merged over the copy's (`POST /items/{id}/clone` `metadata`). */
  metadata?: Record<string, unknown>;
}

/**
 * Copy one item to `filename` in `target`: the binary is copied, user metadata when asked, task
 * refs never (tasks belong to the source), annotations (and their statuses) when asked. The
 * caller checks the path is free. Returns the new item.
 */
export async function cloneItem(
  store: Store,
  item: ItemDoc,
  target: DatasetDoc,
  filename: string,
  opts: CloneItemOptions,
  creator: string,
): Promise<ItemDoc> {
  const now = nowIso();
  const { dir, name } = splitPath(filename);
  const sys = item.metadata?.system ?? {};
  const system: Record<string, unknown> = {};
  for (const k of BINARY_KEYS) if (sys[k] !== undefined) system[k] = sys[k];
  system.refs = [];
  const { system: _sourceSystem, ...userMeta } = item.metadata ?? { system: {} };
  const copy: ItemDoc = {
    ...(opts.withMetadata ? structuredClone(item) : {}),
    id: newId(),
    datasetId: target.id,
    filename,
    dir,
    name,
    type: 'file',
    hidden: item.hidden === true,
    metadata: { ...(opts.withMetadata ? structuredClone(userMeta) : {}), ...(opts.metadata ?? {}), system },
    annotationsCount: 0,
    annotated: false,
    creator,
    createdAt: now,
    updatedAt: now,
    updatedBy: creator,
    srcItem: item.id,
  };
  await store.transaction(async () => {
    await ensureDirs(store, target.id, dir, creator, now, newId);
    await store.insert('items', copy);
    // The binary is copied once the copy is committed.
    await store.afterCommit(() => {
      if (store.blobs.has('items', item.id)) store.blobs.copy('items', item.id, copy.id);
    });
    if (!opts.withItemsAnnotations) return;
    for (const a of await store.list('annotations', { itemId: item.id })) {
      const metadata = structuredClone(a.metadata ?? { system: {} });
      if (!opts.withTaskAnnotationsStatus && isObject(metadata.system)) delete metadata.system.status;
      const ann: AnnotationDoc = {
        ...structuredClone(a),
        id: newId(),
        itemId: copy.id,
        datasetId: target.id,
        metadata,
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: creator,
      };
      await store.insert('annotations', ann);
    }
    await store.recountAnnotations([copy.id]);
  });
  return copy;
}

/**
 * Clone the matching items of `source` into `target` ({@link cloneItem}); the server's own export
 * files are not cloned, items whose path already exists in the target are skipped. Returns how
 * many items were cloned.
 */
export async function cloneItems(
  store: Store,
  source: DatasetDoc,
  target: DatasetDoc,
  req: CloneRequest,
  creator: string,
): Promise<number> {
  const ids = await store.queryIds('items', { ...req.itemsQuery, where: { datasetId: source.id } });
  let count = 0;
  for (const id of ids) {
    const item = await store.get('items', id);
    if (!item || item.filename.startsWith(`${EXPORTS_DIR}/`)) continue;
    const filename = req.targetDirectory === '/' ? item.filename : `${req.targetDirectory}${item.filename}`;
    if (await findByFilename(store, target.id, filename)) continue;
    await cloneItem(store, item, target, filename, req, creator);
    count++;
  }
  return count;
}
