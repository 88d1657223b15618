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
export async function neighbour(o: {
  datasetId: string;
  assignmentId?: string;
  filters: Filters;
  index: number;
}): Promise<Neighbour | undefined> {
  if (o.index < 0) return undefined;
  const c = client();
  if (o.assignmentId) {
    // Assignments are small: the whole list, in the order "my assignment" shows (file name).
    const list = await assignmentItems(o.assignmentId);
    const it = list[o.index];
    return it ? { id: it.id, index: o.index, total: list.length } : undefined;
  }
  const page = Math.floor(o.index / PAGE);
  const paged = await c.dataset(o.datasetId).items.list(o.filters, { page, pageSize: PAGE });
  const json = paged.items[o.index % PAGE];
  if (!json) return undefined;
  return { id: toJson(json).id, index: o.index, total: paged.totalItemsCount };
}

/** Every item of an assignment, sorted by file name (fresh from the server when online). */
export async function assignmentItems(assignmentId: string): Promise<Record<string, any>[]> {
  const pages = await client().assignments.getItems(assignmentId, undefined, {
    pageSize: 1000,
    cache: 'network-first',
  } as never);
  const all: Record<string, any>[] = [];
  for await (const page of pages) all.push(...page.map((i: unknown) => toJson(i)));
  return all.sort((a, b) => String(a.filename).localeCompare(String(b.filename)));
}
