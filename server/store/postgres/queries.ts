import { HttpError } from '../../http/errors.js';
import type { Collection, DocOf } from '../docs.js';
import { clampPaging } from '../paging.js';
import type { QueryCollection, QueryResult, QuerySpec, QueryStore } from '../types.js';
import type { PgDb } from './db.js';
import { compileFilterPg, compileSortPg, type PgFieldMap, PgParams } from './dql-pg.js';
import { whereColumn } from './documents.js';
import { COLUMNS } from './schema.js';

/** The DQL field map of a collection: its generated columns, refs and path rules. */
export function pgFieldMap(c: Collection, alias: string): PgFieldMap {
  return {
    columns: Object.fromEntries(COLUMNS[c].map((col) => [col.field, col])),
    alias,
    refs: c === 'items',
    pathFields: c === 'items' ? ['filename', 'dir'] : [],
    nfcFields: c === 'items' ? ['filename', 'dir', 'name'] : [],
    containment: c === 'items',
  };
}

/** The WHERE clause of a query spec over `c` (aliased `alias`), its values bound in `p`. */
function buildWhere(c: QueryCollection, spec: QuerySpec, alias: string, p: PgParams): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(spec.where ?? {}))
    parts.push(`${alias}.${whereColumn(c, field)} = ${p.add(value)}`);
  parts.push(compileFilterPg(spec.filter, pgFieldMap(c, alias), p));
  if (spec.join) {
    const { on, filter } = spec.join;
    if (c === 'items') {
      if (on?.resource !== 'annotations' || on.local !== 'itemId' || on.forigen !== 'id')
        throw new HttpError(400, 'DQL: items join must be {"resource":"annotations","local":"itemId","forigen":"id"}');
      const sub = compileFilterPg(filter ?? {}, pgFieldMap('annotations', 'ja'), p);
      parts.push(`EXISTS (SELECT 1 FROM annotations ja WHERE ja.item_id = ${alias}.id AND ${sub})`);
    } else if (c === 'annotations') {
      if (on?.resource !== 'items' || on.local !== 'id' || on.forigen !== 'itemId')
        throw new HttpError(400, 'DQL: annotations join must be {"resource":"items","local":"id","forigen":"itemId"}');
      const sub = compileFilterPg(filter ?? {}, pgFieldMap('items', 'ji'), p);
      parts.push(`EXISTS (SELECT 1 FROM items ji WHERE ji.id = ${alias}.item_id AND ${sub})`);
    } else throw new HttpError(400, `DQL: join is only supported between items and annotations`);
  }
  if (spec.refIds) {
    const itemCol = c === 'items' ? `${alias}.id` : c === 'annotations' ? `${alias}.item_id` : null;
    if (!itemCol) throw new Error('refIds only apply to items and annotations');
    parts.push(
      `EXISTS (SELECT 1 FROM item_refs vr WHERE vr.item_id = ${itemCol} AND vr.ref_id = ANY(${p.add(spec.refIds, '::text[]')}))`,
    );
  }
  return parts.join(' AND ');
}

/** DQL compiled to PostgreSQL (`dql-pg.ts`) over the jsonb documents and their generated columns. */
export function pgQueryStore(db: PgDb): QueryStore {
  const { query } = db;
  return {
    async query<C extends QueryCollection>(c: C, spec: QuerySpec): Promise<QueryResult<DocOf[C]>> {
      const { page, pageSize } = clampPaging(spec.page, spec.pageSize);
      const p = new PgParams();
      const where = buildWhere(c, spec, 't', p);
      const order = compileSortPg(spec.sort, pgFieldMap(c, 't'));
      const count = () =>
        query<{ n: string }>(`SELECT count(*) AS n FROM ${c} t WHERE ${where}`, p.values, 'read').then((r) =>
          Number(r.rows[0]!.n),
        );
      if (pageSize === 0) return { total: await count(), docs: [] };
      const pageSql = `SELECT t.doc FROM ${c} t WHERE ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${page * pageSize}`;
      const rows = () => query<{ doc: DocOf[C] }>(pageSql, p.values, 'read').then((r) => r.rows.map((x) => x.doc));
      // Outside a transaction the count and the page run side by side on two connections.
      if (db.inTransaction()) {
        const total = await count();
        return { total, docs: await rows() };
      }
      const [total, docs] = await Promise.all([count(), rows()]);
      return { total, docs };
    },
    async queryIds(c, spec) {
      const p = new PgParams();
      const where = buildWhere(c, spec, 't', p);
      const { rows } = await query<{ id: string }>(
        `SELECT t.id FROM ${c} t WHERE ${where} ORDER BY t.id`,
        p.values,
        'read',
      );
      return rows.map((r) => r.id);
    },
  };
}
