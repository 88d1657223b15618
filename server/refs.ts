import { HttpError } from './http/errors.js';
import { isObject } from './context.js';
import { type ItemRef, itemRefs } from './store/docs.js';
import type { Store } from './store/types.js';

/**
 * Apply a DQL `references` operation (`{operation: "create"|"delete", refs: [{type, id}]}`) to
 * items. Returns how many items changed.
 */
export async function applyReferences(store: Store, itemIds: string[], references: unknown): Promise<number> {
  if (!isObject(references)) throw new HttpError(400, 'references: expected an object');
  const op = references.operation;
  if (op !== 'create' && op !== 'delete')
    throw new HttpError(400, 'references.operation: expected "create" or "delete"');
  const refs = references.refs;
  if (
    !Array.isArray(refs) ||
    !refs.every((r) => isObject(r) && typeof r.id === 'string' && (r.type === 'task' || r.type === 'assignment'))
  )
    throw new HttpError(400, 'references.refs: expected [{type: "task"|"assignment", id}]');
  return store.transaction(async () => {
    let changed = 0;
    for (const id of itemIds) {
      const item = await store.get('items', id);
      if (!item) continue;
      const list = itemRefs(item);
      const before = list.length;
      for (const r of refs as ItemRef[]) {
        const i = list.findIndex((x) => x.id === r.id);
        if (op === 'create' && i < 0) list.push({ type: r.type, id: r.id, metadata: { ...(r.metadata ?? {}) } });
        if (op === 'delete' && i >= 0) list.splice(i, 1);
      }
      if (list.length !== before) {
        await store.replace('items', item);
        changed++;
      }
    }
    return changed;
  });
}

/**
 * 400 unless every ref of a `references` body names a task or assignment of `datasetId`: refs
 * drive annotator visibility and task progress, so they cannot point into another dataset/project.
 */
export async function checkRefsBelong(store: Store, datasetId: string, references: unknown): Promise<void> {
  const refs = isObject(references) && Array.isArray(references.refs) ? references.refs : [];
  for (const [i, r] of refs.entries()) {
    if (!isObject(r) || typeof r.id !== 'string') continue; // shape errors are reported by applyReferences
    const ds =
      r.type === 'task'
        ? (await store.get('tasks', r.id))?.datasetId
        : r.type === 'assignment'
          ? (await store.get('assignments', r.id))?.metadata.system.datasetId
          : undefined;
    if (ds !== datasetId)
      throw new HttpError(400, `references.refs[${i}]: no ${String(r.type)} ${r.id} in this dataset`);
  }
}
