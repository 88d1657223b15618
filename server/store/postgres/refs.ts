import { countsOf } from '../sqlite/refs.js';
import type { RefStore } from '../types.js';
import { type PgDb, prepared } from './db.js';

/** Ref lookups (the `item_refs` table the triggers keep) and annotation counts. */
export function pgRefStore({ query }: PgDb): RefStore {
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
      if (!itemIds.length) return;
      await query(
        prepared(`UPDATE items SET doc = doc || jsonb_build_object(
           'annotationsCount', (SELECT count(*) FROM annotations a WHERE a.item_id = items.id),
           'annotated', EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = items.id))
         WHERE id = ANY($1::text[])`),
        [[...new Set(itemIds)]],
      );
    },
  };
}
