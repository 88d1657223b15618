import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { Zip, ZipDeflate } from 'fflate';
import { isObject } from './context.js';
import { HttpError } from './http/errors.js';
import { newId, nowIso } from './ids.js';
import { annotationJson, type EntityJson, itemJson } from './present.js';
import { storeFile, splitPath } from './routes/items-shared.js';
import type { AnnotationDoc, DatasetDoc, ItemDoc, QuerySpec, Store } from './store/types.js';

/** Folder of a dataset where exports are kept (hidden items: never in listings, trees or clones). */
export const EXPORTS_DIR = '/.dataloop/exports';

/** What `POST /datasets/{id}/export` asks for (the SDK's `_build_payload`). */
export interface ExportRequest {
  /** `json`: one JSON file holding an array of item JSON; `zip`: a zip of `json/<path>.json` per item. */
  exportType: 'json' | 'zip';
  /** The item query (`filter`, `join`); missing = the default item filter. */
  itemsQuery: QuerySpec;
  /** Put each item's annotations in its JSON (`annotations: [...]`). */
  includeAnnotations: boolean;
  /** Only annotations matching this DQL filter. */
  annotationsFilter?: Record<string, unknown>;
  /** `V1`: `json/a/b.json` for `/a/b.png`; `V2`: `json/a/b.png.json`. */
  exportVersion: 'V1' | 'V2';
}

/** Read and check an export body (400 naming the bad field). */
export function readExportRequest(body: Record<string, unknown>): ExportRequest {
  const exportType = body.exportType ?? 'json';
  if (exportType !== 'json' && exportType !== 'zip') throw new HttpError(400, 'exportType: expected "json" or "zip"');
  const q = body.itemsQuery ?? {};
  if (!isObject(q)) throw new HttpError(400, 'itemsQuery: expected a DQL object {filter, join}');
  const filter = q.filter ?? { $and: [{ hidden: false }, { type: 'file' }] };
  if (!isObject(filter)) throw new HttpError(400, 'itemsQuery.filter: expected an object');
  // The SDK sends `join: {}` when there is none.
  const join = isObject(q.join) && Object.keys(q.join).length ? (q.join as unknown as QuerySpec['join']) : undefined;
  const annotations = body.annotations ?? {};
  if (!isObject(annotations)) throw new HttpError(400, 'annotations: expected {include, convertSemantic}');
  const aq = body.annotationsQuery;
  if (aq !== undefined && !isObject(aq)) throw new HttpError(400, 'annotationsQuery: expected a DQL object');
  const annotationsFilter = aq && isObject(aq.filter) ? aq.filter : undefined;
  const exportVersion = body.exportVersion ?? 'V1';
  if (exportVersion !== 'V1' && exportVersion !== 'V2') throw new HttpError(400, 'exportVersion: expected V1 or V2');
  return {
    exportType,
    itemsQuery: { filter: { $and: [filter, { type: 'file' }] }, join },
    includeAnnotations: annotations.include === true,
    annotationsFilter,
    exportVersion,
  };
}

/** The file name of an item's JSON in an export (`json/<dir>/<name>.json`, V1 drops the extension). */
export function exportEntryName(filename: string, version: 'V1' | 'V2'): string {
  const rel = filename.replace(/^\/+/, '');
  if (version === 'V2') return `json/${rel}.json`;
  const { dir, name } = splitPath(`/${rel}`);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `json${dir === '/' ? '' : dir}/${stem}.json`;
}

/** Make the hidden folders of {@link EXPORTS_DIR} (the server's own; users never see them listed). */
async function ensureHiddenExportDirs(store: Store, datasetId: string, creator: string): Promise<void> {
  let path = '';
  for (const part of EXPORTS_DIR.split('/').filter(Boolean)) {
    const parent = path || '/';
    path += `/${part}`;
    if ((await store.list('items', { datasetId, filename: path }))[0]) continue;
    const now = nowIso();
    await store.insert('items', {
      id: newId(),
      datasetId,
      filename: path,
      dir: parent,
      name: part,
      type: 'dir',
      hidden: true,
      metadata: { system: {} },
      annotationsCount: 0,
      annotated: false,
      creator,
      createdAt: now,
      updatedAt: now,
      updatedBy: creator,
    });
  }
}

/**
 * Run an export: the matching items (with their annotations when asked) are written one at a
 * time to a temp file (a JSON array, or a zip of per-item JSON files), which becomes a hidden item
 * under {@link EXPORTS_DIR} of the dataset. Memory holds one item's JSON at a time, whatever the
 * dataset's size. Returns the output item and how many items it holds.
 */
export async function runExport(
  store: Store,
  dataset: DatasetDoc,
  req: ExportRequest,
  base: string,
  creator: string,
  visible?: string[],
): Promise<{ output: ItemDoc; itemsCount: number }> {
  const ids = await store.queryIds('items', { ...req.itemsQuery, where: { datasetId: dataset.id }, refIds: visible });
  const tempPath = store.blobs.tempPath();
  const fd = openSync(tempPath, 'wx', 0o600);
  let head: Uint8Array = new Uint8Array(0);
  const write = (chunk: Uint8Array) => {
    if (head.length < 64) head = new Uint8Array([...head, ...chunk.subarray(0, 64 - head.length)]);
    writeSync(fd, chunk);
  };
  const entryJson = async (item: ItemDoc): Promise<EntityJson> => {
    const json: EntityJson = itemJson(item, base);
    delete json.annotations; // a link in API answers, an array in exports
    if (!req.includeAnnotations) return json;
    let annotations: AnnotationDoc[];
    if (req.annotationsFilter) {
      annotations = [];
      for (const id of await store.queryIds('annotations', {
        filter: { $and: [req.annotationsFilter, { itemId: item.id }] },
      })) {
        const a = await store.get('annotations', id);
        if (a) annotations.push(a);
      }
    } else annotations = await store.list('annotations', { itemId: item.id });
    json.annotations = annotations.map((a) => annotationJson(a, base));
    return json;
  };
  const text = new TextEncoder();
  let count = 0;
  let stored = false;
  try {
    if (req.exportType === 'json') {
      write(text.encode('['));
      for (const id of ids) {
        const item = await store.get('items', id);
        if (!item) continue;
        write(text.encode((count++ ? ',' : '') + JSON.stringify(await entryJson(item))));
      }
      write(text.encode(']'));
    } else {
      let failure: Error | null = null;
      const zip = new Zip((err, chunk) => {
        if (err) failure = err;
        else write(chunk);
      });
      const used = new Set<string>();
      for (const id of ids) {
        const item = await store.get('items', id);
        if (!item) continue;
        let name = exportEntryName(item.filename, req.exportVersion);
        // Two items that differ only by extension (a.png, a.jpg) keep theirs rather than overwrite each other.
        if (used.has(name)) name = exportEntryName(item.filename, 'V2');
        used.add(name);
        const entry = new ZipDeflate(name, { level: 6 });
        zip.add(entry);
        entry.push(text.encode(JSON.stringify(await entryJson(item))), true);
        count++;
      }
      zip.end();
      if (failure) throw failure;
    }
    closeSync(fd);
    const size = statSync(tempPath).size;
    const name = `${newId()}.${req.exportType}`;
    const output = await store.transaction(async () => {
      await ensureHiddenExportDirs(store, dataset.id, creator);
      const { item } = await storeFile(store, {
        datasetId: dataset.id,
        filename: `${EXPORTS_DIR}/${name}`,
        file: { tempPath, size, head },
        declaredType: req.exportType === 'json' ? 'application/json' : 'application/zip',
        creator,
        hidden: true,
      });
      return item;
    });
    stored = true;
    return { output, itemsCount: count };
  } finally {
    if (!stored) {
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
      rmSync(tempPath, { force: true });
    }
  }
}
