// Geometry edits the annotation tools make: move / insert / delete a vertex, resize a box in its own
// rotated frame, rotate a box or ellipse toward a point, change an ellipse radius. Each returns an
// edited copy (the original is never touched), with its bounds refreshed.
import { rotateXY } from './rotate.js';
import { cloneShape, refreshShape, type Shape } from './shape.js';

/** Moves vertex `index` of ring `ring` (0: the outline, 1..: a polygon's holes) to (x, y). */
export function moveVertex(orig: Shape, ring: number, index: number, x: number, y: number): Shape {
  const s = cloneShape(orig);
  const r = s.rings[ring];
  if (!r || 2 * index + 1 >= r.length) return s;
  r[2 * index] = x;
  r[2 * index + 1] = y;
  return refreshShape(s);
}

/** Inserts a vertex after index `i` of `ring` (0: the outline, 1..: holes) at (x, y). */
export function insertVertex(orig: Shape, i: number, x: number, y: number, ring = 0): Shape {
  const s = cloneShape(orig);
  s.rings[ring]?.splice(2 * (i + 1), 0, x, y);
  return refreshShape(s);
}

/**
 * Removes vertex `i` of `ring`. The outline (ring 0) keeps its minimum (3 vertices for polygons, 2 for
 * polylines): below it the answer is null (no change). A hole that would drop below the minimum is
 * removed as a whole, the polygon stays.
 */
export function deleteVertex(orig: Shape, i: number, ring = 0): Shape | null {
  const min = orig.kind === 'segment' ? 3 : 2;
  const r = orig.rings[ring];
  if (!r || 2 * i + 1 >= r.length) return null;
  if (ring === 0 && r.length / 2 <= min) return null;
  const s = cloneShape(orig);
  if (r.length / 2 <= min) s.rings.splice(ring, 1);
  else s.rings[ring]!.splice(2 * i, 2);
  return refreshShape(s);
}

/**
 * Moves the box edges a handle at unit position (`ux`, `uy`) (-1, 0 or 1 per axis: corners and edge
 * midpoints, in the box's own unrotated frame) holds to image point (x, y). The edges the handle
 * does not hold stay fixed on screen, whatever the rotation; dragging past the opposite edge flips.
 */
export function resizeBox(orig: Shape, ux: number, uy: number, x: number, y: number): Shape {
  const s = cloneShape(orig);
  const b = s.box;
  if (!b) return s;
  const cx = (b.left + b.right) / 2;
  const cy = (b.top + b.bottom) / 2;
  const [lx, ly] = rotateXY(x, y, cx, cy, -b.angle).map((v, i) => v - (i ? cy : cx));
  let l = b.left - cx;
  let r = b.right - cx;
  let t = b.top - cy;
  let bt = b.bottom - cy;
  if (ux < 0) l = lx!;
  if (ux > 0) r = lx!;
  if (uy < 0) t = ly!;
  if (uy > 0) bt = ly!;
  const [nl, nr] = l <= r ? [l, r] : [r, l];
  const [nt, nb] = t <= bt ? [t, bt] : [bt, t];
  const [mx, my] = rotateXY((nl + nr) / 2, (nt + nb) / 2, 0, 0, b.angle);
  const ncx = cx + mx;
  const ncy = cy + my;
  const hw = (nr - nl) / 2;
  const hh = (nb - nt) / 2;
  Object.assign(b, { left: ncx - hw, right: ncx + hw, top: ncy - hh, bottom: ncy + hh });
  return refreshShape(s);
}

/**
 * Turns a box or an ellipse so that its top points toward image point (x, y); `snap` rounds the
 * angle to 15°. Other shapes come back unchanged.
 */
export function rotateToward(orig: Shape, x: number, y: number, snap = false): Shape {
  const s = cloneShape(orig);
  const target = s.box ?? s.ellipse;
  if (!target) return s;
  const [cx, cy] = s.box
    ? [(s.box.left + s.box.right) / 2, (s.box.top + s.box.bottom) / 2]
    : [s.ellipse!.x, s.ellipse!.y];
  let a = (Math.atan2(y - cy, x - cx) * 180) / Math.PI + 90;
  if (snap) a = Math.round(a / 15) * 15;
  target.angle = normAngle(a);
  return refreshShape(s);
}

/** Sets an ellipse's `x` or `y` radius to the distance of image point (x, y) along that axis (at least 0.5). */
export function resizeEllipse(orig: Shape, axis: 'x' | 'y', x: number, y: number): Shape {
  const s = cloneShape(orig);
  const e = s.ellipse;
  if (!e) return s;
  const [lx, ly] = rotateXY(x, y, e.x, e.y, -e.angle);
  if (axis === 'x') e.rx = Math.max(0.5, Math.abs(lx - e.x));
  else e.ry = Math.max(0.5, Math.abs(ly - e.y));
  return refreshShape(s);
}

function normAngle(a: number): number {
  const n = ((a % 360) + 360) % 360;
  return Math.round(n * 1e6) / 1e6;
}

/** The rings whose vertices are edited one by one: every ring of a polygon / polyline, ring 0 of cuboids and points. */
export function editableRings(s: Shape): number {
  return s.kind === 'segment' || s.kind === 'polyline' ? s.rings.length : s.rings.length ? 1 : 0;
}
