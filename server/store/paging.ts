/** Largest page a query answers (DQL and the list routes). */
export const MAX_PAGE_SIZE = 1000;
/** Page size when a request names none. */
export const DEFAULT_PAGE_SIZE = 1000;

/** A page request: `page` counts from 0, `pageSize` 0 asks only for the total. */
export interface Paging {
  page: number;
  pageSize: number;
}

/**
 * Clamp paging from a request: `pageSize` in [0, {@link MAX_PAGE_SIZE}] (default `defaultSize`),
 * `page` >= 0. Strings (query parameters) are read as numbers; anything unreadable is the default.
 */
export function clampPaging(page: unknown, pageSize: unknown, defaultSize = DEFAULT_PAGE_SIZE): Paging {
  const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
  const ps0 = num(pageSize);
  const p0 = num(page);
  let ps = typeof ps0 === 'number' && Number.isFinite(ps0) ? Math.floor(ps0) : defaultSize;
  ps = Math.max(0, Math.min(MAX_PAGE_SIZE, ps));
  let p = typeof p0 === 'number' && Number.isFinite(p0) ? Math.floor(p0) : 0;
  p = Math.max(0, p);
  return { page: p, pageSize: ps };
}

/** One page of an in-memory list. */
export function pageOf<T>(all: readonly T[], { page, pageSize }: Paging): T[] {
  return all.slice(page * pageSize, (page + 1) * pageSize);
}
