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

/** Flat `[x0, y0, x1, y1, ...]` of a point list (the form the shape model and the hit tests use). */
export function flattenPoints(points: readonly XY[]): number[] {
  const out = new Array<number>(2 * points.length);
  for (let i = 0; i < points.length; i++) {
    out[2 * i] = points[i]!.x;
    out[2 * i + 1] = points[i]!.y;
  }
  return out;
}

/**
 * Even-odd test of point (x, y) against a closed flat ring. Points exactly on an edge count as
 * inside (a click on the outline hits the shape).
 */
export function pointInRing(ring: ArrayLike<number>, x: number, y: number): boolean {
  const n = ring.length >> 1;
  if (n === 0) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = ring[2 * i]!;
    const ay = ring[2 * i + 1]!;
    const bx = ring[2 * j]!;
    const by = ring[2 * j + 1]!;
    if (onSegment(x, y, ax, ay, bx, by)) return true;
    if (ay > y !== by > y) {
      const cx = ((bx - ax) * (y - ay)) / (by - ay) + ax;
      if (x < cx) inside = !inside;
    }
  }
  return inside;
}

/** Point in a polygon with holes (flat rings): inside ring 0 and not strictly inside any other ring. */
export function pointInFlatRings(rings: readonly ArrayLike<number>[], x: number, y: number): boolean {
  if (!rings.length || !pointInRing(rings[0]!, x, y)) return false;
  for (let i = 1; i < rings.length; i++) {
    const hole = rings[i]!;
    if (pointInRing(hole, x, y) && !onRing(hole, x, y)) return false;
  }
  return true;
}

/**
 * Even-odd point-in-polygon test on a closed ring. Points exactly on an edge count as inside
 * (a click on the outline hits the shape).
 */
export function pointInPolygon(p: XY, ring: readonly XY[]): boolean {
  return pointInRing(flattenPoints(ring), p.x, p.y);
}

/** Point in a polygon with holes: inside the outer ring (first) and not strictly inside any hole. */
export function pointInRings(p: XY, rings: readonly (readonly XY[])[]): boolean {
  return pointInFlatRings(rings.map(flattenPoints), p.x, p.y);
}

function onRing(ring: ArrayLike<number>, x: number, y: number): boolean {
  const n = ring.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++)
    if (onSegment(x, y, ring[2 * i]!, ring[2 * i + 1]!, ring[2 * j]!, ring[2 * j + 1]!)) return true;
  return false;
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  if (Math.abs(cross) > 1e-9 * (1 + Math.abs(bx - ax) + Math.abs(by - ay))) return false;
  return px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by);
}
