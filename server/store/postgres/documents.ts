import { HttpError } from '../../http/errors.js';
import type { Collection } from '../docs.js';
import type { DocumentStore } from '../types.js';
import { type PgDb, prepared } from './db.js';
import { COLUMNS } from './schema.js';

/** The indexed column of `field` (a programming error when there is none: routes pass fixed names). */
export function whereColumn(c: Collection, field: string): string {
  if (field === 'id') return 'id';
  const hit = COLUMNS[c].find((x) => x.field === field);
  if (!hit) throw new Error(`${c} has no indexed field ${field}`);
  return hit.col;
}

/** `col1 = $1 AND col2 = $2` for an equality map on indexed fields (`TRUE` when empty), parameters pushed. */
export function whereEquals(c: Collection, where: Record<string, string>, params: unknown[], alias = ''): string {
  const conds = Object.entries(where).map(([f, v]) => {
    params.push(v);
    return `${alias}${whereColumn(c, f)} = $${params.length}`;
  });
  return conds.join(' AND ') || 'TRUE';
}

/** Documents are jsonb; `item_refs` follows item writes through triggers (schema.ts). */
export function pgDocumentStore(db: PgDb): DocumentStore {
  const { query } = db;
  return {
    async get(c, id) {
      const { rows } = await query(prepared(`SELECT doc FROM ${c} WHERE id = $1`), [id], 'read');
      return rows[0]?.doc;
    },
    async list(c, where = {}) {
      const params: unknown[] = [];
      const cond = whereEquals(c, where, params);
      const { rows } = await query(prepared(`SELECT doc FROM ${c} WHERE ${cond} ORDER BY id`), params, 'read');
      return rows.map((r) => r.doc);
    },
    async countWhere(c, where) {
      const params: unknown[] = [];
      const cond = whereEquals(c, where, params);
      const { rows } = await query<{ n: string }>(
        prepared(`SELECT count(*) AS n FROM ${c} WHERE ${cond}`),
        params,
        'read',
      );
      return Number(rows[0]!.n);
    },
    async insert(c, doc) {
      await query(prepared(`INSERT INTO ${c} (id, doc) VALUES ($1, $2::jsonb)`), [doc.id, JSON.stringify(doc)]);
    },
    async insertMany(c, docs) {
      // One statement per 1000 documents: a round trip each, not one per document.
      for (let i = 0; i < docs.length; i += 1000) {
        const part = docs.slice(i, i + 1000);
        await query(
          prepared(
            `INSERT INTO ${c} (id, doc) SELECT d ->> 'id', d FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, n) ORDER BY n`,
          ),
          [JSON.stringify(part)],
        );
      }
    },
    async replace(c, doc) {
      const r = await query(prepared(`UPDATE ${c} SET doc = $2::jsonb WHERE id = $1`), [doc.id, JSON.stringify(doc)]);
      if (r.rowCount !== 1) throw new HttpError(404, `${c.slice(0, -1)} ${doc.id} not found`);
    },
    async remove(c, id) {
      const r = await query(prepared(`DELETE FROM ${c} WHERE id = $1`), [id]);
      return (r.rowCount ?? 0) > 0;
    },
    async mergePatch(c, ids, patch) {
      if (!ids.length) return 0;
      const r = await query(
        prepared(`UPDATE ${c} SET doc = dlkit_merge_patch(doc, $1::jsonb) WHERE id = ANY($2::text[])`),
        [JSON.stringify(patch), ids],
      );
      return r.rowCount ?? 0;
    },
  };
}
