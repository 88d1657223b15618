import type { Doc } from './store/types.js';

/**
 * Entity JSON as the platform answers it (spec §7): stored documents plus the URL fields,
 * which depend on the address the client used.
 */
export function itemJson(doc: Doc, base: string): Doc {
  return {
    ...doc,
    url: `${base}/items/${doc.id}`,
    dataset: `${base}/datasets/${doc.datasetId}`,
    stream: `${base}/items/${doc.id}/stream`,
    thumbnail: `${base}/items/${doc.id}/thumbnail`,
    annotations: `${base}/items/${doc.id}/annotations`,
  };
}

/** Annotation JSON with `url`, `item`, `dataset` links. */
export function annotationJson(doc: Doc, base: string): Doc {
  const { version: _v, ...rest } = doc;
  return {
    ...rest,
    url: `${base}/annotations/${doc.id}`,
    item: `${base}/items/${doc.itemId}`,
    dataset: `${base}/datasets/${doc.datasetId}`,
  };
}

/** Dataset JSON with `url` and `items` links. */
export function datasetJson(doc: Doc, base: string): Doc {
  return { ...doc, url: `${base}/datasets/${doc.id}`, items: `${base}/datasets/${doc.id}/items` };
}

/** Any other entity: add `url` under `path`. */
export function withUrl(doc: Doc, base: string, path: string): Doc {
  return { ...doc, url: `${base}/${path}/${doc.id}` };
}

/** The paged response shape of every query (spec §5). */
export function paged(total: number, page: number, pageSize: number, items: unknown[]) {
  const totalPagesCount = pageSize > 0 ? Math.ceil(total / pageSize) : 0;
  return {
    totalItemsCount: total,
    totalPagesCount,
    hasNextPage: pageSize > 0 && (page + 1) * pageSize < total,
    items,
  };
}
