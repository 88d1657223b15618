import { countsOf } from '../sqlite/refs.js';
import type { RefStore } from '../types.js';
import { type PgDb, prepared } from './db.js';

/** Ref lookups (the `item_refs` table the triggers keep) and annotation counts. */
export function pgRefStore(db: PgDb): RefStore {
  const { query } = db;
  const recount = (itemIds: string[]) =>
    query(
      prepared(`UPDATE items SET doc = doc || jsonb_build_object(
         'annotationsCount', (SELECT count(*) FROM annotations a WHERE a.item_id = items.id),
         'annotated', EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = items.id))
       WHERE id = ANY($1::text[])`),
      [[...new Set(itemIds)]],
    );
  return {
    async itemIdsWithRef(refId) {
      const { rows } = await query<{ item_id: string }>(
        prepared('SELECT item_id FROM item_refs WHERE ref_id = $1 ORDER BY item_id'),
        [refId],
        'read',
      );
      return rows.map((r) => r.item_id);
    },
    async refStatusCounts(refId) {
      const { rows } = await query<{ status: string | null; n: string }>(
        prepared('SELECT ref_status AS status, count(*) AS n FROM item_refs WHERE ref_id = $1 GROUP BY ref_status'),
        [refId],
        'read',
      );
      return countsOf(rows);
    },
    async recountAnnotations(itemIds) {
      if (itemIds.length) await recount(itemIds);
    },
    insertAnnotationBatch: (item, docs, check) =>
      // Every create rewrites the item's counts: creates on one item take turns.
      db.transaction(
        async () => {
          if (check) {
            const { rows } = await query(prepared('SELECT doc FROM datasets WHERE id = $1'), [item.datasetId], 'read');
            check(rows[0]?.doc);
          }
          // One statement per 1000 (a request carries at most 100).
          for (let i = 0; i < docs.length; i += 1000)
            await query(
              prepared(
                `INSERT INTO annotations (id, doc) SELECT d ->> 'id', d FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, n) ORDER BY n`,
              ),
              [JSON.stringify(docs.slice(i, i + 1000))],
            );
          await recount([item.id]);
        },
        { serializeOn: [`item:${item.id}`] },
      ),
  };
}
