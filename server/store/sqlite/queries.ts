import { HttpError } from '../../http/errors.js';
import type { DocOf } from '../docs.js';
import { clampPaging } from '../paging.js';
import type { QueryCollection, QueryResult, QuerySpec, QueryStore } from '../types.js';
import { fieldMap, whereColumn } from './columns.js';
import type { SqliteDb } from './db.js';
import { parseDoc } from './documents.js';
import { compileFilter, compileSort } from './dql-sql.js';

/** The WHERE clause of a query spec over `c` (aliased `alias`), its values pushed on `params`. */
function buildWhere(c: QueryCollection, spec: QuerySpec, alias: string, params: unknown[]): string {
  const map = fieldMap(c, alias);
  const parts: string[] = [];
  for (const [field, value] of Object.entries(spec.where ?? {})) {
    parts.push(`${alias}.${whereColumn(c, field)} = ?`);
    params.push(value);
  }
  parts.push(compileFilter(spec.filter, map, params));
  if (spec.join) {
    const { on, filter } = spec.join;
    if (c === 'items') {
      if (on?.resource !== 'annotations' || on.local !== 'itemId' || on.forigen !== 'id')
        throw new HttpError(400, 'DQL: items join must be {"resource":"annotations","local":"itemId","forigen":"id"}');
      const sub = compileFilter(filter ?? {}, fieldMap('annotations', 'ja'), params);
      parts.push(`EXISTS (SELECT 1 FROM annotations ja WHERE ja.item_id = ${alias}.id AND ${sub})`);
    } else if (c === 'annotations') {
      if (on?.resource !== 'items' || on.local !== 'id' || on.forigen !== 'itemId')
        throw new HttpError(400, 'DQL: annotations join must be {"resource":"items","local":"id","forigen":"itemId"}');
      const sub = compileFilter(filter ?? {}, fieldMap('items', 'ji'), params);
      parts.push(`EXISTS (SELECT 1 FROM items ji WHERE ji.id = ${alias}.item_id AND ${sub})`);
    } else throw new HttpError(400, `DQL: join is only supported between items and annotations`);
  }
  if (spec.refIds) {
    const marks = spec.refIds.map(() => '?').join(',') || 'NULL';
    params.push(...spec.refIds);
    const itemCol = c === 'items' ? `${alias}.id` : c === 'annotations' ? `${alias}.item_id` : null;
    if (!itemCol) throw new Error('refIds only apply to items and annotations');
    parts.push(`EXISTS (SELECT 1 FROM item_refs vr WHERE vr.item_id = ${itemCol} AND vr.ref_id IN (${marks}))`);
  }
  return parts.join(' AND ');
}

/** DQL compiled to SQL (`dql-sql.ts`) over the documents and their generated columns. */
export function sqliteQueryStore({ prep, run }: SqliteDb): QueryStore {
  /**
   * count(*) of a query. When the filter touches only the columns of `items_ds_visible` (the
   * default item listing), force that index: the planner, with statistics, prefers a table scan
   * that reads every document (measured ~4x slower on 100k items).
   */
  function countRows(c: QueryCollection, where: string, params: unknown[]): number {
    if (c === 'items') {
      const cols = where.match(/\bt\.[a-z_]+/g) ?? [];
      const simple =
        !/json_|EXISTS|regexp|\bt\.doc\b/.test(where) &&
        cols.every((x) => ['t.dataset_id', 't.type', 't.hidden', 't.id'].includes(x));
      if (simple) {
        try {
          return prep(`SELECT count(*) FROM items t INDEXED BY items_ds_visible WHERE ${where}`)
            .pluck()
            .get(...params) as number;
        } catch {
          // "no query solution": fall through to the planner's choice
        }
      }
    }
    return prep(`SELECT count(*) FROM ${c} t WHERE ${where}`)
      .pluck()
      .get(...params) as number;
  }

  return {
    query: <C extends QueryCollection>(c: C, spec: QuerySpec): Promise<QueryResult<DocOf[C]>> =>
      run(() => {
        type D = DocOf[C];
        const { page, pageSize } = clampPaging(spec.page, spec.pageSize);
        const params: unknown[] = [];
        const where = buildWhere(c, spec, 't', params);
        const order = compileSort(spec.sort, fieldMap(c, 't'));
        if (/json_|regexp|EXISTS/.test(where) && pageSize > 0) {
          // Filters that read the documents: one pass collects the ordered ids (total = their
          // count), then only the page's documents are loaded. Counting and paging separately
          // would parse every document twice.
          const ids = prep(`SELECT t.id FROM ${c} t WHERE ${where} ORDER BY ${order}`)
            .pluck()
            .all(...params) as string[];
          const slice = ids.slice(page * pageSize, (page + 1) * pageSize);
          const byId = new Map<string, D>();
          for (let i = 0; i < slice.length; i += 500) {
            const part = slice.slice(i, i + 500);
            const rows = prep(`SELECT doc FROM ${c} WHERE id IN (${part.map(() => '?').join(',')})`)
              .pluck()
              .all(...part) as string[];
            for (const text of rows) {
              const d = parseDoc<D>(text);
              byId.set(d.id, d);
            }
          }
          return { total: ids.length, docs: slice.flatMap((id) => byId.get(id) ?? []) };
        }
        const total = countRows(c, where, params);
        if (pageSize === 0) return { total, docs: [] };
        const rows = prep(`SELECT t.doc FROM ${c} t WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
          .pluck()
          .all(...params, pageSize, page * pageSize) as string[];
        return { total, docs: rows.map((t) => parseDoc<D>(t)) };
      }),
    queryIds: (c, spec) =>
      run(() => {
        const params: unknown[] = [];
        const where = buildWhere(c, spec, 't', params);
        return prep(`SELECT t.id FROM ${c} t WHERE ${where} ORDER BY t.id`)
          .pluck()
          .all(...params) as string[];
      }),
  };
}
