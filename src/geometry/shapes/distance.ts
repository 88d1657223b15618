// Distances used by hit testing and snapping. The flat forms are the implementation; the `XY` forms
// are the same maths for callers holding point objects.
import type { XY } from '../../entities/geometry-backend.js';
import { flattenPoints } from './polygon.js';

/** Euclidean distance between two points. */
export function distance(a: XY, b: XY): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Closest point to (px, py) on the segment (ax, ay)–(bx, by), flat (a degenerate segment gives a). */
export function closestOnSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): [number, number] {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return [ax, ay];
  let t = ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : Math.min(t, 1);
  return [ax + t * dx, ay + t * dy];
}

/** Closest point to `p` on the segment `a`–`b` (a degenerate segment gives `a`). */
export function closestPointOnSegment(p: XY, a: XY, b: XY): XY {
  const [x, y] = closestOnSegment(p.x, p.y, a.x, a.y, b.x, b.y);
  return { x, y };
}

/** Distance from `p` to the segment `a`–`b`. */
export function distanceToSegment(p: XY, a: XY, b: XY): number {
  const [x, y] = closestOnSegment(p.x, p.y, a.x, a.y, b.x, b.y);
  return Math.hypot(p.x - x, p.y - y);
}

/**
 * Distance from (x, y) to a flat polyline (open) or ring (`closed`), and the index of the nearest
 * segment (segment `i` joins vertex `i` and `i + 1`, the closing one joins the last vertex and 0).
 * No vertex gives `{ distance: Infinity, segment: -1 }`.
 */
export function distanceToRing(
  ring: ArrayLike<number>,
  x: number,
  y: number,
  closed = false,
): { distance: number; segment: number } {
  const m = ring.length >> 1;
  if (!m) return { distance: Infinity, segment: -1 };
  if (m === 1) return { distance: Math.hypot(x - ring[0]!, y - ring[1]!), segment: 0 };
  let best = Infinity;
  let seg = -1;
  const n = closed ? m : m - 1;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % m;
    const [cx, cy] = closestOnSegment(x, y, ring[2 * i]!, ring[2 * i + 1]!, ring[2 * j]!, ring[2 * j + 1]!);
    const d = Math.hypot(x - cx, y - cy);
    if (d < best) {
      best = d;
      seg = i;
    }
  }
  return { distance: best, segment: seg };
}

/**
 * Distance from `p` to a polyline (open) or ring (`closed`), and the index of the nearest segment
 * (segment `i` joins vertex `i` and `i + 1`, the closing one joins the last vertex and 0).
 * An empty list gives `{ distance: Infinity, segment: -1 }`.
 */
export function distanceToPolyline(
  p: XY,
  points: readonly XY[],
  closed = false,
): { distance: number; segment: number } {
  return distanceToRing(flattenPoints(points), p.x, p.y, closed);
}
