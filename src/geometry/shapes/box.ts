// Box corner maths (spec §3.7). Pure numbers, no OpenCV.
import type { XY } from '../../entities/geometry-backend.js';
import { ringsBounds } from './bounds.js';
import { flattenPoints } from './polygon.js';

/** An axis-aligned box in image coordinates (x = column, y = row). */
export interface BoxBounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Centre of a box. */
export function boxCenter(b: BoxBounds): XY {
  return { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 };
}

/**
 * The corners of a (possibly rotated) box as one flat ring `[x, y, ...]` in the order TL, TR, BR, BL
 * (each rotated about the box centre by `angleDeg`): the outline the renderer and the hit tests use.
 */
export function boxRing(b: BoxBounds, angleDeg = 0): number[] {
  const { left: l, top: t, right: r, bottom: btm } = b;
  // As rotateXY, without its pair arrays (a video frame builds this ring for every tracked box).
  if (!angleDeg) return [l, t, r, t, r, btm, l, btm];
  const cx = (l + r) / 2;
  const cy = (t + btm) / 2;
  const th = (angleDeg * Math.PI) / 180;
  const c = Math.cos(th);
  const s = Math.sin(th);
  // Corner offsets from the centre: (±w, ±h).
  const wl = l - cx;
  const wr = r - cx;
  const ht = t - cy;
  const hb = btm - cy;
  return [
    cx + c * wl - s * ht,
    cy + s * wl + c * ht,
    cx + c * wr - s * ht,
    cy + s * wr + c * ht,
    cx + c * wr - s * hb,
    cy + s * wr + c * hb,
    cx + c * wl - s * hb,
    cy + s * wl + c * hb,
  ];
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
  const r = boxRing(b, angleDeg);
  return [
    { x: r[0]!, y: r[1]! },
    { x: r[6]!, y: r[7]! },
    { x: r[4]!, y: r[5]! },
    { x: r[2]!, y: r[3]! },
  ];
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
  if (!points.length) return { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  const b = ringsBounds([flattenPoints(points)]);
  return { left: b.minX, top: b.minY, right: b.maxX, bottom: b.maxY };
}
