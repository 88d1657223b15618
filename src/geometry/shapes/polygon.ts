// Polygon measures: area, centroid, bounds, point-in-polygon. Pure numbers.
import type { XY } from '../../entities/geometry-backend.js';

/** Signed shoelace area (positive when the ring runs clockwise on screen, i.e. counter-clockwise in y-up maths). */
export function polygonSignedArea(ring: readonly XY[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) s += ring[j]!.x * ring[i]!.y - ring[i]!.x * ring[j]!.y;
  return s / 2;
}

/** Absolute area of a closed ring (same value as OpenCV's `contourArea`). */
export function polygonArea(ring: readonly XY[]): number {
  return Math.abs(polygonSignedArea(ring));
}

/**
 * Area centroid of a ring. Degenerate rings (zero area: a point or a line) fall back to the mean of
 * the vertices; an empty ring gives `null`.
 */
export function polygonCentroid(ring: readonly XY[]): XY | null {
  const n = ring.length;
  if (!n) return null;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const cross = ring[j]!.x * ring[i]!.y - ring[i]!.x * ring[j]!.y;
    a += cross;
    cx += (ring[j]!.x + ring[i]!.x) * cross;
    cy += (ring[j]!.y + ring[i]!.y) * cross;
  }
  if (Math.abs(a) < 1e-12) {
    let sx = 0;
    let sy = 0;
    for (const p of ring) {
      sx += p.x;
      sy += p.y;
    }
    return { x: sx / n, y: sy / n };
  }
  return { x: cx / (3 * a), y: cy / (3 * a) };
}

/**
 * Even-odd point-in-polygon test on a closed ring. Points exactly on an edge count as inside
 * (a click on the outline hits the shape).
 */
export function pointInPolygon(p: XY, ring: readonly XY[]): boolean {
  const n = ring.length;
  if (n === 0) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (onSegment(p, a, b)) return true;
    if (a.y > p.y !== b.y > p.y) {
      const x = ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x;
      if (p.x < x) inside = !inside;
    }
  }
  return inside;
}

/** Point in a polygon with holes: inside the outer ring (first) and not strictly inside any hole. */
export function pointInRings(p: XY, rings: readonly (readonly XY[])[]): boolean {
  if (!rings.length || !pointInPolygon(p, rings[0]!)) return false;
  for (let i = 1; i < rings.length; i++) {
    const hole = rings[i]!;
    if (pointInPolygon(p, hole) && !onRing(p, hole)) return false;
  }
  return true;
}

function onRing(p: XY, ring: readonly XY[]): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) if (onSegment(p, ring[i]!, ring[j]!)) return true;
  return false;
}

function onSegment(p: XY, a: XY, b: XY): boolean {
  const cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
  if (Math.abs(cross) > 1e-9 * (1 + Math.abs(b.x - a.x) + Math.abs(b.y - a.y))) return false;
  return (
    p.x >= Math.min(a.x, b.x) && p.x <= Math.max(a.x, b.x) && p.y >= Math.min(a.y, b.y) && p.y <= Math.max(a.y, b.y)
  );
}
