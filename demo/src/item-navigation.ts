import type { Filters } from 'dl-kit';
import { client } from './session.js';
import { toJson } from './json.js';

const PAGE = 100;

/** An item next to the current one in a list. */
export interface Neighbour {
  id: string;
  index: number;
  total: number;
}

/**
 * The item at `index` of the grid's list (same filter, same page size as the grid, so the page
 * usually comes from the client's cache) or of an assignment's items.
 */
export async function neighbour(o: { datasetId: string; assignmentId?: string; filters: Filters; index: number }): Promise<Neighbour | undefined> {
  if (o.index < 0) return undefined;
  const page = Math.floor(o.index / PAGE);
  const c = client();
  const paged = o.assignmentId
    ? await c.assignments.getItems(o.assignmentId, undefined, { pageSize: PAGE })
    : await c.dataset(o.datasetId).items.list(o.filters, { page, pageSize: PAGE });
  if (o.assignmentId) await paged.getPage(page, PAGE);
  const json = paged.items[o.index % PAGE];
  if (!json) return undefined;
  return { id: toJson(json).id, index: o.index, total: paged.totalItemsCount };
}
