import { Filters, FiltersOrderByDirection } from 'dl-kit';

/** The grid's filter choices (kept in the URL so links and prev/next keep them). */
export interface GridFilter {
  dir?: string;
  annotated?: 'yes' | 'no';
  label?: string;
  status?: string;
}

/** Reads the filter from route query parameters. */
export function filterFromQuery(q: URLSearchParams): GridFilter {
  const annotated = q.get('annotated');
  return {
    dir: q.get('dir') || undefined,
    annotated: annotated === 'yes' || annotated === 'no' ? annotated : undefined,
    label: q.get('label') || undefined,
    status: q.get('status') || undefined,
  };
}

/** Query parameters of a filter (for links). */
export function filterToQuery(f: GridFilter): Record<string, string | undefined> {
  return { dir: f.dir, annotated: f.annotated, label: f.label, status: f.status };
}

/**
 * The DQL of a filter, built with dl-kit's `Filters` exactly as a dtlpy user would:
 * folder -> `dir`, annotated -> `annotated`, label -> a join on annotations, status -> the item's
 * task status ref. Sorted by file name so folders read in order.
 */
export function buildFilters(f: GridFilter): Filters {
  const filters = new Filters();
  if (f.dir) filters.addFilter('filename', `${f.dir.replace(/\/$/, '')}/**`);
  if (f.annotated) filters.addFilter('annotated', f.annotated === 'yes');
  if (f.label) filters.addJoin('label', f.label);
  if (f.status === 'none') filters.addFilter('metadata.system.refs.metadata.status', null);
  else if (f.status) filters.addFilter('metadata.system.refs.metadata.status', f.status);
  filters.sortBy('filename', FiltersOrderByDirection.ASCENDING);
  return filters;
}
