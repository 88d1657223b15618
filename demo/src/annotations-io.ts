import type { CachePolicy } from 'dl-kit';
import { client } from './session.js';
import { toJson, type Json } from './json.js';

/**
 * Every annotation of one item as Dataloop JSON, through the dataset's annotation query (all
 * pages, each asked once). `network-first` by default: fresh after edits, the cached copy when offline.
 */
export async function itemAnnotations(
  datasetId: string,
  itemId: string,
  opts: { signal?: AbortSignal; cache?: CachePolicy } = {},
): Promise<Json[]> {
  const pages = await client()
    .dataset(datasetId)
    .annotations.list(
      { filter: { $and: [{ itemId }] }, resource: 'annotations', sort: { createdAt: 'ascending' } },
      { pageSize: 1000, signal: opts.signal, cache: opts.cache ?? 'network-first' },
    );
  const out: Json[] = [];
  for await (const page of pages.fromLoaded()) out.push(...page.map((a: unknown) => toJson(a)));
  return out;
}
