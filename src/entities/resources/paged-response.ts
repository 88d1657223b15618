// Shape of a paged list response (spec §5) and a reader that keeps a batch going past bad entries.
import { DlParseError } from '../errors.js';
import { readArray, readBoolean, readNumber, readObject } from '../json-read.js';

/** `{"totalItemsCount", "totalPagesCount", "hasNextPage", "items"}` of `POST /datasets/{id}/query` and friends. */
export interface PagedResponse<T> {
  /** Count over all pages. */
  totalItemsCount: number;
  /** Number of pages at the requested page size. */
  totalPagesCount: number;
  /** Whether another page follows. */
  hasNextPage: boolean;
  /** This page's entries. */
  items: T[];
}

/** A paged response read with {@link readPagedResponse}: good entries, and one error per bad entry. */
export interface ReadPagedResult<T> {
  page: PagedResponse<T>;
  /** Errors of entries that did not parse, their paths rooted at the response (`$.items[3].id`). */
  errors: DlParseError[];
}

/**
 * Reads a paged response; each entry goes through `parse` (e.g. `(j) => Item.fromJson(j)`). An entry
 * that throws DlParseError is left out and reported in `errors`; the rest of the page still loads.
 * @throws DlParseError when the envelope itself is malformed.
 */
export function readPagedResponse<T>(json: unknown, parse: (entry: unknown) => T): ReadPagedResult<T> {
  const obj = readObject(json, '$');
  const entries = readArray(obj.items, '$.items');
  const items: T[] = [];
  const errors: DlParseError[] = [];
  entries.forEach((entry, i) => {
    try {
      items.push(parse(entry));
    } catch (e) {
      if (!(e instanceof DlParseError)) throw e;
      errors.push(new DlParseError(`$.items[${i}]${e.path.slice(1)}`, e.expected, e.received));
    }
  });
  return {
    page: {
      totalItemsCount: readNumber(obj.totalItemsCount, '$.totalItemsCount'),
      totalPagesCount: readNumber(obj.totalPagesCount, '$.totalPagesCount'),
      hasNextPage: readBoolean(obj.hasNextPage, '$.hasNextPage'),
      items,
    },
    errors,
  };
}
