// Fewer vertices for the same outline: Ramer–Douglas–Peucker on a point list. The intelligent scissors
// answer one point per pixel of the path; a polygon keeps the points that shape it.
import type { XY } from '../../entities/geometry-backend.js';

/** Squared distance from `p` to the segment `a`–`b`. */
function segmentDistance2(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  let t = len2 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const ex = a.x + t * dx - p.x;
  const ey = a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

/**
 * The points of an open path that keep it within `epsilon` of the original (Ramer–Douglas–Peucker,
 * iterative): the first and last points always stay, and so does every index in `keep` (anchors a
 * user placed). Consecutive duplicates are dropped first.
 *
 * @example
 * simplifyPath([{ x: 0, y: 0 }, { x: 1, y: 0.1 }, { x: 2, y: 0 }], 0.5); // [{0,0}, {2,0}]
 */
export function simplifyPath(points: readonly XY[], epsilon: number, keep: Iterable<number> = []): XY[] {
  const pts: XY[] = [];
  const pinned = new Set<number>();
  const wanted = new Set(keep);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const last = pts[pts.length - 1];
    if (last && last.x === p.x && last.y === p.y) {
      if (wanted.has(i)) pinned.add(pts.length - 1);
      continue;
    }
    if (wanted.has(i)) pinned.add(pts.length);
    pts.push(p);
  }
  const n = pts.length;
  if (n <= 2) return pts.map((p) => ({ x: p.x, y: p.y }));
  const kept = new Uint8Array(n);
  kept[0] = 1;
  kept[n - 1] = 1;
  for (const i of pinned) kept[i] = 1;
  const e2 = Math.max(0, epsilon) ** 2;
  // Each stretch between two kept points is simplified on its own.
  const stack: Array<[number, number]> = [];
  let prev = 0;
  for (let i = 1; i < n; i++)
    if (kept[i]) {
      stack.push([prev, i]);
      prev = i;
    }
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let worst = -1;
    let far = e2;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(pts[i]!, pts[a]!, pts[b]!);
      if (d > far) {
        far = d;
        worst = i;
      }
    }
    if (worst < 0) continue;
    kept[worst] = 1;
    stack.push([a, worst], [worst, b]);
  }
  const out: XY[] = [];
  for (let i = 0; i < n; i++) if (kept[i]) out.push({ x: pts[i]!.x, y: pts[i]!.y });
  return out;
}
