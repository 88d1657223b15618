// Item references to tasks and assignments (`item.metadata.system.refs`) and item status values.
import { isObject } from '../json-read.js';
import type { ItemStatus } from '../enums.js';

/** One entry of `metadata.system.refs`: the item is part of this task or assignment. */
export interface ItemRef {
  /** `task` or `assignment` (other kinds are kept as strings). */
  type: 'task' | 'assignment' | (string & {});
  /** Task or assignment id. */
  id: string;
  /** `metadata.status` is the item's status there (`completed`, `approved`, `discard`, custom action). */
  metadata?: { status?: ItemStatus | null; [key: string]: unknown };
  [key: string]: unknown;
}

/** Reads refs leniently: entries that are not objects with a string id are skipped. */
export function readItemRefs(value: unknown): ItemRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is ItemRef => isObject(r) && typeof r.id === 'string');
}

/** `refs[i].metadata.status` of the ref with this id, or null. */
export function refStatus(refs: readonly ItemRef[], id: string): string | null {
  const ref = refs.find((r) => r.id === id);
  const status = ref?.metadata?.status;
  return typeof status === 'string' ? status : null;
}

/**
 * Body of `POST /assignments/items/tasks/{taskId}/status` (spec §6): set (`create`) or clear
 * (`delete`) a status on items.
 * @example
 * itemStatusPayload(['i1'], 'completed');
 * // {"itemIds":["i1"],"statusPayload":{"operation":"create","returnLastStatus":true,"status":"completed"}}
 */
export function itemStatusPayload(
  itemIds: readonly string[],
  status: ItemStatus,
  clear = false,
): { itemIds: string[]; statusPayload: { operation: 'create' | 'delete'; returnLastStatus: true; status: string } } {
  return {
    itemIds: [...itemIds],
    statusPayload: { operation: clear ? 'delete' : 'create', returnLastStatus: true, status },
  };
}
