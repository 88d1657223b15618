import type { AssignmentJson, TaskJson } from './task-board-source.js';

/** Item counts of a task or assignment: total and per status. */
export interface StatusStats {
  total: number;
  /** Items per status (`completed`, `approved`, `discard`, custom actions). */
  counts: Record<string, number>;
  /** Items with at least one open issue (the JSON's `issues`, spec §7.5/§7.6), when known. */
  issues?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Counts a task or assignment JSON carries itself: `totalItems`, an `itemStatus` object of
 * numbers and `issues` (items with an open issue). `null` when the JSON has no usable counts (the board then asks the source).
 */
export function statsFromJson(entity: TaskJson | AssignmentJson): StatusStats | null {
  const counts: Record<string, number> = {};
  if (isObject(entity.itemStatus)) {
    for (const [k, v] of Object.entries(entity.itemStatus))
      if (typeof v === 'number' && Number.isFinite(v)) counts[k] = v;
  }
  const total = typeof entity.totalItems === 'number' ? entity.totalItems : null;
  if (total === null) return null;
  const issues = entity.issues;
  return typeof issues === 'number' && Number.isFinite(issues) ? { total, counts, issues } : { total, counts };
}

/**
 * Percent done (0–100, rounded down): the JSON's `progress` when it is a number, else items
 * with any status over all items.
 */
export function progressPercent(entity: TaskJson | AssignmentJson, stats: StatusStats | null): number | null {
  if (typeof entity.progress === 'number' && Number.isFinite(entity.progress))
    return Math.max(0, Math.min(100, Math.floor(entity.progress)));
  if (!stats) return null;
  if (stats.total === 0) return 0;
  const done = Object.values(stats.counts).reduce((a, b) => a + b, 0);
  return Math.max(0, Math.min(100, Math.floor((done * 100) / stats.total)));
}

/** Moves one item between status counts (after a status change the board made). */
export function adjustStats(stats: StatusStats, from: string | null, to: string | null): StatusStats {
  const counts = { ...stats.counts };
  if (from) counts[from] = Math.max(0, (counts[from] ?? 0) - 1);
  if (to) counts[to] = (counts[to] ?? 0) + 1;
  return { ...stats, counts };
}
