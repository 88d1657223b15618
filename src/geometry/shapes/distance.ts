// Distances used by hit testing and snapping. Pure numbers.
import type { XY } from '../../entities/geometry-backend.js';

/** Euclidean distance between two points. */
export function distance(a: XY, b: XY): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Closest point to `p` on the segment `a`–`b` (a degenerate segment gives `a`). */
export function closestPointOnSegment(p: XY, a: XY, b: XY): XY {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return { x: a.x, y: a.y };
  let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
  t = t < 0 ? 0 : Math.min(t, 1);
  return { x: a.x + t * dx, y: a.y + t * dy };
}

/** Distance from `p` to the segment `a`–`b`. */
export function distanceToSegment(p: XY, a: XY, b: XY): number {
  return distance(p, closestPointOnSegment(p, a, b));
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
  if (!points.length) return { distance: Infinity, segment: -1 };
  if (points.length === 1) return { distance: distance(p, points[0]!), segment: 0 };
  let best = Infinity;
  let seg = -1;
  const n = closed ? points.length : points.length - 1;
  for (let i = 0; i < n; i++) {
    const d = distanceToSegment(p, points[i]!, points[(i + 1) % points.length]!);
    if (d < best) {
      best = d;
      seg = i;
    }
  }
  return { distance: best, segment: seg };
}
