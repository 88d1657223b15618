import { ANNOTATION_KEY_ORDER } from '../src/entities/annotations/annotation-from-json.js';
import type { Paging } from './store/paging.js';
import type { AnnotationDoc, DatasetDoc, Doc, ItemDoc } from './store/types.js';

/** Entity JSON as sent to a client. */
export type EntityJson = Record<string, unknown>;

/**
 * Entity JSON as the platform answers it (spec §7): stored documents plus the URL fields,
 * which depend on the address the client used.
 */
export function itemJson(doc: ItemDoc, base: string): EntityJson {
  return {
    ...doc,
    url: `${base}/items/${doc.id}`,
    dataset: `${base}/datasets/${doc.datasetId}`,
    stream: `${base}/items/${doc.id}/stream`,
    thumbnail: `${base}/items/${doc.id}/thumbnail`,
    annotations: `${base}/items/${doc.id}/annotations`,
  };
}

/** Annotation JSON with `url`, `item`, `dataset` links, keys in the SDK's order, unknown keys after. */
export function annotationJson(doc: AnnotationDoc, base: string): EntityJson {
  const full: Record<string, unknown> = {
    ...doc,
    url: `${base}/annotations/${doc.id}`,
    item: `${base}/items/${doc.itemId}`,
    dataset: `${base}/datasets/${doc.datasetId}`,
  };
  delete full.version;
  const out: EntityJson = {};
  for (const k of ANNOTATION_KEY_ORDER) if (k in full) out[k] = full[k];
  for (const k of Object.keys(full)) if (!(k in out)) out[k] = full[k];
  return out;
}

/** Dataset JSON with `url` and `items` links. */
export function datasetJson(doc: DatasetDoc, base: string): EntityJson {
  return { ...doc, url: `${base}/datasets/${doc.id}`, items: `${base}/datasets/${doc.id}/items` };
}

/** Any other entity: add `url` under `path`. */
export function withUrl<D extends Doc>(doc: D, base: string, path: string): D & { url: string } {
  return { ...doc, url: `${base}/${path}/${doc.id}` };
}

/** The paged response shape of every list and query (spec §5). */
export interface PagedAnswer<T> {
  totalItemsCount: number;
  totalPagesCount: number;
  hasNextPage: boolean;
  items: T[];
}

/** The answer for `items`, one page of `total` matches. */
export function paged<T>(total: number, { page, pageSize }: Paging, items: T[]): PagedAnswer<T> {
  return {
    totalItemsCount: total,
    totalPagesCount: pageSize > 0 ? Math.ceil(total / pageSize) : 0,
    hasNextPage: pageSize > 0 && (page + 1) * pageSize < total,
    items,
  };
}
