import type { WorkloadEntry } from './task-board-source.js';

/**
 * The platform's equal split of 100 over `n` assignees: `100 // n`, plus one for each of the
 * first `100 % n` (spec §7.5), so the loads always add up to exactly 100.
 */
export function equalWorkload(assignees: readonly string[]): WorkloadEntry[] {
  const n = assignees.length;
  return assignees.map((a, i) => ({ assigneeId: a, load: Math.floor(100 / n) + (i < 100 % n ? 1 : 0) }));
}

/** Sum of the loads. */
export function workloadTotal(w: readonly WorkloadEntry[]): number {
  return w.reduce((s, e) => s + e.load, 0);
}
