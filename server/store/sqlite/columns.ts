import type { Collection } from '../docs.js';
import type { FieldMap } from './dql-sql.js';
import { COLUMNS } from './schema.js';

/** The DQL field map of a collection: its generated columns, refs and path rules. */
export function fieldMap(c: Collection, alias: string): FieldMap {
  const columns: Record<string, string> = { id: 'id' };
  for (const [col, , field] of COLUMNS[c]) columns[field] = col;
  if (c === 'annotations') columns['annotationId'] = 'id';
  return {
    columns,
    alias,
    refs: c === 'items',
    pathFields: c === 'items' ? ['filename', 'dir'] : [],
    nfcFields: c === 'items' ? ['filename', 'dir', 'name'] : [],
  };
}

/** The indexed column of `field` (a programming error when there is none: routes pass fixed names). */
export function whereColumn(c: Collection, field: string): string {
  if (field === 'id') return 'id';
  const hit = COLUMNS[c].find(([, , f]) => f === field);
  if (!hit) throw new Error(`${c} has no indexed field ${field}`);
  return hit[0];
}

/** `col1 = ? AND col2 = ?` for an equality map on indexed fields (`1` when empty), parameters pushed. */
export function whereEquals(c: Collection, where: Record<string, string>, params: unknown[]): string {
  const conds = Object.entries(where).map(([f, v]) => {
    params.push(v);
    return `${whereColumn(c, f)} = ?`;
  });
  return conds.join(' AND ') || '1';
}
