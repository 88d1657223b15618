// Geometry edits driven by handles: resize / rotate boxes and ellipses in their own rotated frame,
// move vertices. Pure functions on Shape copies.
import { cloneShape, refreshShape, rotatePoint, type Shape } from '../internal/shape.js';

/** Box handle names: corners and edges by compass direction. */
export const BOX_HANDLES = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const;

/** Local (unrotated, centre-relative) unit position of a box handle, in half-sizes. */
export function boxHandleUnit(h: string): [number, number] {
  return [h.includes('w') ? -1 : h.includes('e') ? 1 : 0, h.includes('n') ? -1 : h.includes('s') ? 1 : 0];
}

/** A vertex (or edge) of one ring: `ring` 0 is the outline, 1.. are a polygon's holes. */
export interface RingIndex {
  ring: number;
  index: number;
}

/**
 * Handle name of vertex `index` of `ring` (`prefix` 'v') or of the edge after it ('m', its midpoint):
 * `v:3` on the outline, `v:1:3` on the first hole.
 */
export function ringHandle(prefix: 'v' | 'm', ring: number, index: number): string {
  return ring ? `${prefix}:${ring}:${index}` : `${prefix}:${index}`;
}

/** Parses a vertex / midpoint handle name (`v:i`, `v:r:i`, `m:i`, `m:r:i`); null for other handles. */
export function parseRingHandle(h: string): (RingIndex & { prefix: 'v' | 'm' }) | null {
  const m = /^([vm]):(\d+)(?::(\d+))?$/.exec(h);
  if (!m) return null;
  return m[3] === undefined
    ? { prefix: m[1] as 'v' | 'm', ring: 0, index: Number(m[2]) }
    : { prefix: m[1] as 'v' | 'm', ring: Number(m[2]), index: Number(m[3]) };
}

/** Returns a copy of `orig` with handle `h` dragged to image point (x, y). `snap` rounds rotations to 15°. */
export function dragHandle(orig: Shape, h: string, x: number, y: number, snap = false): Shape {
  const s = cloneShape(orig);
  const v = parseRingHandle(h);
  if (v?.prefix === 'v') {
    const r = s.rings[v.ring];
    if (!r || 2 * v.index + 1 >= r.length) return s;
    r[2 * v.index] = x;
    r[2 * v.index + 1] = y;
    return refreshShape(s);
  }
  if (s.box) {
    const b = s.box;
    const cx = (b.left + b.right) / 2;
    const cy = (b.top + b.bottom) / 2;
    if (h === 'rot') {
      let a = (Math.atan2(y - cy, x - cx) * 180) / Math.PI + 90;
      if (snap) a = Math.round(a / 15) * 15;
      b.angle = normAngle(a);
      return refreshShape(s);
    }
    // Work in the box's own frame so the opposite edges stay fixed on screen.
    const [lx, ly] = rotatePoint(x, y, cx, cy, -b.angle).map((v, i) => v - (i ? cy : cx));
    const [ux, uy] = boxHandleUnit(h);
    let l = b.left - cx;
    let r = b.right - cx;
    let t = b.top - cy;
    let bt = b.bottom - cy;
    if (ux < 0) l = lx;
    if (ux > 0) r = lx;
    if (uy < 0) t = ly;
    if (uy > 0) bt = ly;
    const [nl, nr] = l <= r ? [l, r] : [r, l];
    const [nt, nb] = t <= bt ? [t, bt] : [bt, t];
    const [mx, my] = rotatePoint((nl + nr) / 2, (nt + nb) / 2, 0, 0, b.angle);
    const ncx = cx + mx;
    const ncy = cy + my;
    const hw = (nr - nl) / 2;
    const hh = (nb - nt) / 2;
    Object.assign(b, { left: ncx - hw, right: ncx + hw, top: ncy - hh, bottom: ncy + hh });
    return refreshShape(s);
  }
  if (s.ellipse) {
    const e = s.ellipse;
    if (h === 'rot') {
      let a = (Math.atan2(y - e.cy, x - e.cx) * 180) / Math.PI + 90;
      if (snap) a = Math.round(a / 15) * 15;
      e.angle = normAngle(a);
      return refreshShape(s);
    }
    const [lx, ly] = rotatePoint(x, y, e.cx, e.cy, -e.angle);
    if (h === 'rx') e.rx = Math.max(0.5, Math.abs(lx - e.cx));
    if (h === 'ry') e.ry = Math.max(0.5, Math.abs(ly - e.cy));
    return refreshShape(s);
  }
  return s;
}

function normAngle(a: number): number {
  const n = ((a % 360) + 360) % 360;
  return Math.round(n * 1e6) / 1e6;
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
  else s.rings[ring].splice(2 * i, 2);
  return refreshShape(s);
}

/** The rings whose vertices get handles: every ring of a polygon / polyline, ring 0 of cuboids and points. */
export function editableRings(s: Shape): number {
  return s.kind === 'segment' || s.kind === 'polyline' ? s.rings.length : s.rings.length ? 1 : 0;
}

/** True for shapes whose vertices are edited one by one. */
export function hasVertices(s: Shape): boolean {
  return s.kind === 'segment' || s.kind === 'polyline' || s.kind === 'cube' || s.kind === 'point';
}
