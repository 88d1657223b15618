import type { Doc } from '../docs.js';
import type { RefStore } from '../types.js';
import { atomic, type SqliteDb } from './db.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrite the `item_refs` rows of an item from its document (`metadata.system.refs`). Read
 * defensively: whatever the document holds, only well-formed refs become rows.
 */
export function syncItemRefs({ prep }: SqliteDb, item: Doc): void {
  prep('DELETE FROM item_refs WHERE item_id = ?').run(item.id);
  const meta = item.metadata;
  const refs = isRecord(meta) && isRecord(meta.system) ? meta.system.refs : undefined;
  if (!Array.isArray(refs)) return;
  for (const r of refs) {
    if (!isRecord(r) || typeof r.id !== 'string') continue;
    const status = isRecord(r.metadata) ? r.metadata.status : undefined;
    prep('INSERT OR IGNORE INTO item_refs (ref_id, item_id, ref_type, ref_status) VALUES (?, ?, ?, ?)').run(
      r.id,
      item.id,
      typeof r.type === 'string' ? r.type : null,
      typeof status === 'string' ? status : null,
    );
  }
}

/** Drop the `item_refs` rows of a deleted item. */
export function dropItemRefs({ prep }: SqliteDb, itemId: string): void {
  prep('DELETE FROM item_refs WHERE item_id = ?').run(itemId);
}

/** `refStatusCounts` from `(status, n)` rows: every row counts to the total, non-empty statuses by name. */
export function countsOf(rows: { status: string | null; n: number | string }[]): {
  total: number;
  byStatus: Record<string, number>;
} {
  let total = 0;
  const byStatus: Record<string, number> = {};
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    if (r.status) byStatus[r.status] = (byStatus[r.status] ?? 0) + n;
  }
  return { total, byStatus };
}

/** Set `annotationsCount`/`annotated` of `itemIds` from their annotations (synchronous). */
function recount(s: SqliteDb, itemIds: string[]): void {
  const st = s.prep(
    `UPDATE items SET doc = json_set(doc, '$.annotationsCount', (SELECT count(*) FROM annotations a WHERE a.item_id = items.id),
     '$.annotated', json(CASE WHEN EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = items.id) THEN 'true' ELSE 'false' END))
   WHERE id = ?`,
  );
  atomic(s, () => {
    for (const id of new Set(itemIds)) st.run(id);
  });
}

/** Ref lookups and annotation counts. */
export function sqliteRefStore(s: SqliteDb): RefStore {
  const { prep, run } = s;
  const insertAnnotation = prep('INSERT INTO annotations (id, doc) VALUES (?, ?)');
  const getDataset = prep('SELECT doc FROM datasets WHERE id = ?').pluck();
  return {
    itemIdsWithRef: (refId) =>
      run(() => prep('SELECT item_id FROM item_refs WHERE ref_id = ? ORDER BY item_id').pluck().all(refId) as string[]),
    refStatusCounts: (refId) =>
      run(() => {
        const rows = prep(
          'SELECT ref_status AS status, count(*) AS n FROM item_refs WHERE ref_id = ? GROUP BY ref_status',
        ).all(refId) as { status: string | null; n: number }[];
        return countsOf(rows);
      }),
    recountAnnotations: (itemIds) => run(() => recount(s, itemIds)),
    insertAnnotationBatch: (item, docs, check) =>
      run(() =>
        atomic(s, () => {
          if (check) {
            const text = getDataset.get(item.datasetId) as string | undefined;
            check(text === undefined ? undefined : JSON.parse(text));
          }
          for (const d of docs) {
            insertAnnotation.run(d.id, JSON.stringify(d));
            s.noteWrite();
          }
          recount(s, [item.id]);
        }),
      ),
  };
}
