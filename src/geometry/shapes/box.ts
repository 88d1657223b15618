// Box corner maths (spec §3.7). Pure numbers, no OpenCV.
import type { XY } from '../../entities/geometry-backend.js';

/** An axis-aligned box in image coordinates (x = column, y = row). */
export interface BoxBounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Rotates `p` about `c` by `angleDeg` degrees: `p' = c + R(θ)(p − c)` with `R = [[cos,−sin],[sin,cos]]`.
 * In image coordinates (y down) a positive angle is a clockwise visual rotation, as in dtlpy.
 */
export function rotatePoint(p: XY, c: XY, angleDeg: number): XY {
  if (!angleDeg) return { x: p.x, y: p.y };
  const t = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  return { x: c.x + cos * dx - sin * dy, y: c.y + sin * dx + cos * dy };
}

/** Centre of a box. */
export function boxCenter(b: BoxBounds): XY {
  return { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 };
}

/**
 * The four corners of a (possibly rotated) box in dtlpy order `TL, BL, BR, TR`, each rotated about the
 * box centre by `angleDeg` (spec §3.7, the historical rotated box). With no angle: the plain corners.
 *
 * @example
 * boxCorners({ left: 10, top: 10, right: 100, bottom: 100 }, 80).map((p) => [Math.floor(p.x), Math.floor(p.y)]);
 * // [[91, 2], [2, 18], [18, 107], [107, 91]]  (dtlpy's own test vector)
 */
export function boxCorners(b: BoxBounds, angleDeg = 0): [XY, XY, XY, XY] {
  const c = boxCenter(b);
  const pts: [XY, XY, XY, XY] = [
    { x: b.left, y: b.top },
    { x: b.left, y: b.bottom },
    { x: b.right, y: b.bottom },
    { x: b.right, y: b.top },
  ];
  return pts.map((p) => rotatePoint(p, c, angleDeg)) as [XY, XY, XY, XY];
}

/** Normalises two corner points to `{left, top, right, bottom}` (min/max), as dtlpy's box reader does. */
export function boxFromPoints(p1: XY, p2: XY): BoxBounds {
  return {
    left: Math.min(p1.x, p2.x),
    top: Math.min(p1.y, p2.y),
    right: Math.max(p1.x, p2.x),
    bottom: Math.max(p1.y, p2.y),
  };
}

/** Axis-aligned bounds of a (possibly rotated) box: what it covers on screen. */
export function rotatedBoxBounds(b: BoxBounds, angleDeg = 0): BoxBounds {
  return pointsBounds(boxCorners(b, angleDeg));
}

/** Min/max bounds of a non-empty point list (all infinities when empty). */
export function pointsBounds(points: readonly XY[]): BoxBounds {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const p of points) {
    if (p.x < left) left = p.x;
    if (p.x > right) right = p.x;
    if (p.y < top) top = p.y;
    if (p.y > bottom) bottom = p.y;
  }
  return { left, top, right, bottom };
}
