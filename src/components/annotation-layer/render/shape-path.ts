// Path2D of a shape in image space at one level of detail. A level is a raster scale S (raster
// pixels per image pixel, a power of two); vertices closer than 1.5 raster pixels are dropped
// (radial-distance decimation), which is invisible at that scale and makes 32-vertex polygons a
// handful of segments when zoomed out.
import type { Shape } from '../../../geometry/shapes/shape.js';
import { growSegs, pushSeg, type Segs } from './outline-raster.js';
import { RowCursor, type RingView } from './scene-columns.js';

/** A {@link RingView} of a Shape's own ring arrays (one reused adapter: see {@link ringsOf}). */
class ShapeRings implements RingView {
  private s: Shape | null = null;
  count = 0;

  of(s: Shape): this {
    this.s = s;
    this.count = s.rings.length;
    return this;
  }

  arr(k: number): ArrayLike<number> {
    return this.s!.rings[k]!;
  }

  off(_k: number): number {
    return 0;
  }

  len(k: number): number {
    return this.s!.rings[k]!.length;
  }
}

const shapeRings = new ShapeRings();

/**
 * The rings of `s` read by index, nothing made per read: a tile worker's row cursor is its own
 * view; any other shape gets a reused adapter over its ring arrays (valid until the next call).
 */
export function ringsOf(s: Shape): RingView {
  return s instanceof RowCursor ? s : shapeRings.of(s);
}

/** Screen radius of a point annotation, px. */
export const POINT_RADIUS = 4;

/** Twice the signed area of flat ring `r[off .. off + n)` (> 0 when clockwise on screen, y down). */
function ringArea(r: ArrayLike<number>, off = 0, n = r.length - off): number {
  let a = 0;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) a += r[off + j]! * r[off + i + 1]! - r[off + i]! * r[off + j + 1]!;
  return a;
}

/**
 * `ringArea(r, ro, n) < 0` for ring `ri` of `v`: a tile worker's row cursor keeps ring 0's answer
 * per shape (its orientation does not depend on the level; tile-raster-profile at 100,000 polygons:
 * ringArea ~0.5 ms of a ~10 ms level 0 tile, each shape's 32 vertices summed again in every tile).
 */
function negativeArea(v: RingView, ri: number, r: ArrayLike<number>, ro: number, n: number): boolean {
  if (ri === 0 && v instanceof RowCursor && v.orient) {
    const c = v.orient[v.id]!;
    if (c) return c === 2;
    const neg = ringArea(r, ro, n) < 0;
    v.orient[v.id] = neg ? 2 : 1;
    return neg;
  }
  return ringArea(r, ro, n) < 0;
}

/**
 * Adds ring `r`, dropping vertices within `tol2` (squared) of the last kept one. With `reverse`
 * the vertices go in the opposite order (a closed ring's orientation is normalised by its caller).
 */
function addRing(
  p: Path2D,
  r: ArrayLike<number>,
  closed: boolean,
  tol2: number,
  reverse = false,
  off = 0,
  n = r.length - off,
): void {
  if (n < 2) return;
  const at = (k: number) => off + (reverse ? n - 2 - k : k);
  let lx = r[at(0)]!;
  let ly = r[at(0) + 1]!;
  p.moveTo(lx, ly);
  for (let k = 2; k < n; k += 2) {
    const i = at(k);
    const x = r[i]!;
    const y = r[i + 1]!;
    const dx = x - lx;
    const dy = y - ly;
    // Keep the last vertex of an open line so its end does not move.
    if (dx * dx + dy * dy >= tol2 || (!closed && k === n - 2)) {
      p.lineTo(x, y);
      lx = x;
      ly = y;
    }
  }
  if (closed) p.closePath();
}

/**
 * Builds the path of `s` for raster scale `S`, into `target` when given (a tile's per-colour batch:
 * no per-shape Path2D to allocate and copy). Shapes smaller than ~3 raster px become a small square
 * so dense clusters stay visible without tracing every vertex. Returns null for kinds with no outline.
 */
export function buildShapePath(s: Shape, S: number, target?: Path2D): Path2D | null {
  const p = target ?? new Path2D();
  const b = s.bounds;
  const w = (b.maxX - b.minX) * S;
  const h = (b.maxY - b.minY) * S;
  if (s.kind === 'point') {
    const rad = POINT_RADIUS / S;
    const v = ringsOf(s);
    const a = v.arr(0);
    const o = v.off(0);
    p.moveTo(a[o]! + rad, a[o + 1]!);
    p.arc(a[o]!, a[o + 1]!, rad, 0, Math.PI * 2);
    return p;
  }
  if (!hasOutline(s)) return null;
  if (w < 3 && h < 3) {
    const d = 2 / S;
    p.rect((b.minX + b.maxX) / 2 - d / 2, (b.minY + b.maxY) / 2 - d / 2, d, d);
    return p;
  }
  // 1.5 raster px: invisible at this scale, and a third fewer edges for the software rasteriser.
  const tol = 1.5 / S;
  const tol2 = tol * tol;
  switch (s.kind) {
    case 'ellipse': {
      const e = s.ellipse!;
      // Start a new subpath at the ellipse's first point (appending into a batch must not join shapes).
      const t = (e.angle * Math.PI) / 180;
      p.moveTo(e.x + Math.max(e.rx, 1e-6) * Math.cos(t), e.y + Math.max(e.rx, 1e-6) * Math.sin(t));
      p.ellipse(e.x, e.y, Math.max(e.rx, 1e-6), Math.max(e.ry, 1e-6), (e.angle * Math.PI) / 180, 0, Math.PI * 2);
      return p;
    }
    case 'cube': {
      const r = s.rings[0];
      addRing(p, r.slice(0, 8), true, 0);
      addRing(p, r.slice(8, 16), true, 0);
      for (let i = 0; i < 4; i++) {
        p.moveTo(r[2 * i], r[2 * i + 1]);
        p.lineTo(r[8 + 2 * i], r[8 + 2 * i + 1]);
      }
      return p;
    }
    case 'pose': {
      // The frame of a pose's key points, drawn as corner brackets.
      const [x0, y0, x1, , , y1] = s.rings[0];
      const L = Math.min(12 / S, (x1 - x0) / 3, (y1 - y0) / 3);
      for (const [cx, cy, dx, dy] of [
        [x0, y0, 1, 1],
        [x1, y0, -1, 1],
        [x1, y1, -1, -1],
        [x0, y1, 1, -1],
      ]) {
        p.moveTo(cx + dx * L, cy);
        p.lineTo(cx, cy);
        p.lineTo(cx, cy + dy * L);
      }
      return p;
    }
    case 'note': {
      // Clockwise, as every filled outline (a colour's batch fills as one nonzero union).
      addRing(p, s.rings[0], true, 0, ringArea(s.rings[0]) < 0);
      // A folded corner marks a note.
      const r = s.rings[0];
      const f = Math.min(10 / S, (b.maxX - b.minX) / 3, (b.maxY - b.minY) / 3);
      p.moveTo(r[2] - f, r[3]);
      p.lineTo(r[2] - f, r[3] + f);
      p.lineTo(r[2], r[3] + f);
      return p;
    }
    default: {
      // Outlines clockwise, holes counter-clockwise: a colour's shapes then fill as one nonzero
      // union (overlaps stay filled whichever way each polygon was drawn; holes stay open).
      const v = ringsOf(s);
      const closed = s.closed;
      for (let k = 0; k < v.count; k++) {
        const a = v.arr(k);
        const o = v.off(k);
        const n = v.len(k);
        addRing(p, a, closed, tol2, closed && ringArea(a, o, n) < 0 === (k === 0), o, n);
      }
      return p;
    }
  }
}

/** True when a shape has an outline to draw ({@link buildShapePath} returns a path). */
export function hasOutline(s: Shape): boolean {
  return !(s.kind === 'binary' || s.kind === 'class' || s.kind === 'other' || (s.kind === 'pose' && !ringsOf(s).count));
}

/** True when a shape kind is filled (translucent) as well as stroked. */
export function isFilled(s: Shape): boolean {
  return s.kind === 'box' || s.kind === 'segment' || s.kind === 'ellipse' || s.kind === 'note' || s.kind === 'point';
}

/**
 * Appends `s`'s outline at raster scale `S` as segments (image-space x0, y0, x1, y1 quadruples) to
 * `out`, for the outline rasteriser (outline-raster.ts): the same small square, decimated rings
 * and closing edges as {@link buildShapePath}; with `fill`, its closed rings' edges to it too, outlines
 * clockwise on screen and holes counter-clockwise (a colour's fill is their nonzero union). Returns
 * false, appending nothing, for kinds whose outline is not plain rings (points, ellipses, cubes,
 * poses, notes): those stay Path2Ds.
 */
export function appendShapeSegments(s: Shape, S: number, out: Segs, fill?: Segs): boolean {
  if (s.kind === 'point' || !hasOutline(s)) return false;
  const b = s.bounds;
  if ((b.maxX - b.minX) * S < 3 && (b.maxY - b.minY) * S < 3) {
    const d = 2 / S;
    const x0 = (b.minX + b.maxX) / 2 - d / 2;
    const y0 = (b.minY + b.maxY) / 2 - d / 2;
    const x1 = x0 + d;
    const y1 = y0 + d;
    pushSeg(out, x0, y0, x1, y0);
    pushSeg(out, x1, y0, x1, y1);
    pushSeg(out, x1, y1, x0, y1);
    pushSeg(out, x0, y1, x0, y0);
    return true;
  }
  if (s.kind === 'ellipse' || s.kind === 'cube' || s.kind === 'pose' || s.kind === 'note') return false;
  const tol = 1.5 / S;
  const tol2 = tol * tol;
  const v = ringsOf(s);
  const closed = s.closed;
  for (let ri = 0; ri < v.count; ri++) {
    const r = v.arr(ri);
    const ro = v.off(ri);
    const n = v.len(ri);
    if (n < 2) continue;
    // room for every segment of the ring at once: no check per segment
    if (out.n + 2 * n + 4 > out.a.length) growSegs(out, out.n + 2 * n + 4);
    const a = out.a;
    const o0 = out.n;
    let o = o0;
    const fx = r[ro]!;
    const fy = r[ro + 1]!;
    let lx = fx;
    let ly = fy;
    const last = closed ? -1 : n - 2;
    for (let k = 2; k < n; k += 2) {
      const x = r[ro + k]!;
      const y = r[ro + k + 1]!;
      const dx = x - lx;
      const dy = y - ly;
      if (dx * dx + dy * dy >= tol2 || k === last) {
        a[o] = lx;
        a[o + 1] = ly;
        a[o + 2] = x;
        a[o + 3] = y;
        o += 4;
        lx = x;
        ly = y;
      }
    }
    if (closed && (lx !== fx || ly !== fy)) {
      a[o] = lx;
      a[o + 1] = ly;
      a[o + 2] = fx;
      a[o + 3] = fy;
      o += 4;
    }
    out.n = o;
    if (fill && closed) {
      const reverse = negativeArea(v, ri, r, ro, n) === (ri === 0);
      if (fill.n + (o - o0) > fill.a.length) growSegs(fill, fill.n + (o - o0));
      const f = fill.a;
      let q = fill.n;
      for (let k = o0; k < o; k += 4, q += 4)
        if (reverse) {
          f[q] = a[k + 2]!;
          f[q + 1] = a[k + 3]!;
          f[q + 2] = a[k]!;
          f[q + 3] = a[k + 1]!;
        } else {
          f[q] = a[k]!;
          f[q + 1] = a[k + 1]!;
          f[q + 2] = a[k + 2]!;
          f[q + 3] = a[k + 3]!;
        }
      fill.n = q;
    }
  }
  return true;
}

/**
 * True when segments `a[from..to)` (x0, y0, x1, y1 quadruples: a shape's closed rings as
 * {@link appendShapeSegments} appends them) cross or touch anywhere but where consecutive ones
 * join: the shape's nonzero fill may then have a lobe of negative winding (a bow tie), which a
 * same-colour shape summed into one path with it would cancel (+1 - 1: a hole where each drawn
 * alone fills). Such a shape's fill is drawn alone (tile-painter.ts). A single ring star-shaped
 * about its vertices' centroid (each edge turning the same way around it, once round) is simple
 * and is answered in one pass; other shapes pair by pair (bounding boxes first).
 */
export function segmentsCross(a: ArrayLike<number>, from: number, to: number): boolean {
  const n = (to - from) >> 2;
  if (n < 3) return false;
  // one ring: every segment starts where the one before ends
  let one = true;
  let cx = 0;
  let cy = 0;
  for (let k = from; k < to; k += 4) {
    cx += a[k]!;
    cy += a[k + 1]!;
    const p = k === from ? to - 4 : k - 4;
    if (a[p + 2] !== a[k] || a[p + 3] !== a[k + 1]) one = false;
  }
  if (one) {
    cx /= n;
    cy /= n;
    let pos = 0;
    let neg = 0;
    let turns = 0;
    for (let k = from; k < to; k += 4) {
      const ax = a[k]! - cx;
      const ay = a[k + 1]! - cy;
      const bx = a[k + 2]! - cx;
      const by = a[k + 3]! - cy;
      const c = ax * by - ay * bx;
      if (c > 0) pos++;
      else if (c < 0) neg++;
      else {
        pos = neg = 1;
        break;
      }
      // crossings of the ray from the centroid along +x (y = 0, x > 0)
      if (ay < 0 !== by < 0 && ax - (ay * (bx - ax)) / (by - ay) > 0) turns++;
    }
    if ((pos === 0 || neg === 0) && turns === 1) return false;
  }
  for (let i = from; i < to; i += 4) {
    const ax = a[i]!;
    const ay = a[i + 1]!;
    const bx = a[i + 2]!;
    const by = a[i + 3]!;
    const iminX = Math.min(ax, bx);
    const imaxX = Math.max(ax, bx);
    const iminY = Math.min(ay, by);
    const imaxY = Math.max(ay, by);
    for (let j = i + 4; j < to; j += 4) {
      const cx0 = a[j]!;
      const cy0 = a[j + 1]!;
      const dx0 = a[j + 2]!;
      const dy0 = a[j + 3]!;
      if ((cx0 < iminX && dx0 < iminX) || (cx0 > imaxX && dx0 > imaxX)) continue;
      if ((cy0 < iminY && dy0 < iminY) || (cy0 > imaxY && dy0 > imaxY)) continue;
      // consecutive segments share exactly one end (the later's start is the earlier's end)
      const joinAfter = cx0 === bx && cy0 === by;
      const joinBefore = dx0 === ax && dy0 === ay;
      if (joinAfter || joinBefore) {
        if (joinAfter && joinBefore) return true; // the same edge back: a spike of zero area
        continue;
      }
      const o1 = (bx - ax) * (cy0 - ay) - (by - ay) * (cx0 - ax);
      const o2 = (bx - ax) * (dy0 - ay) - (by - ay) * (dx0 - ax);
      if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) continue;
      const o3 = (dx0 - cx0) * (ay - cy0) - (dy0 - cy0) * (ax - cx0);
      const o4 = (dx0 - cx0) * (by - cy0) - (dy0 - cy0) * (bx - cx0);
      if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) continue;
      return true;
    }
  }
  return false;
}
