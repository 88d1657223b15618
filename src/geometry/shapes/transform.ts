// Whole-shape transforms: move by an offset, keep a shape inside the image.
import { ellipseBounds } from './ellipse.js';
import { boundsOfBox, refreshShape, type Bounds, type Shape } from './shape.js';

/** Moves a shape by (dx, dy) image pixels in place. */
export function translateShape(s: Shape, dx: number, dy: number): Shape {
  if (s.box) {
    s.box.left += dx;
    s.box.right += dx;
    s.box.top += dy;
    s.box.bottom += dy;
  }
  if (s.ellipse) {
    s.ellipse.x += dx;
    s.ellipse.y += dy;
  }
  if (!s.box && !s.ellipse)
    for (const r of s.rings)
      for (let i = 0; i < r.length; i += 2) {
        r[i] += dx;
        r[i + 1] += dy;
      }
  if (s.kind === 'binary') {
    s.bounds.minX += dx;
    s.bounds.maxX += dx;
    s.bounds.minY += dy;
    s.bounds.maxY += dy;
    return s;
  }
  return refreshShape(s);
}

/** Kinds whose geometry is not kept inside the image here (masks never leave it; the others have none). */
const UNCLAMPED = new Set(['binary', 'class', 'other', 'pose']);

/** Rounding slack, image px: a shape this close to an edge counts as inside. */
const EPS = 1e-6;

/**
 * The covered area of a shape: its vertices' bounds, the rotated corners of a box, the extent of a
 * (rotated) ellipse. Equal to `s.bounds` once refreshed; recomputed here so a stale one cannot lie.
 */
function extent(s: Shape): Bounds {
  if (s.ellipse) return boundsOfBox(ellipseBounds(s.ellipse));
  return s.bounds;
}

/**
 * True when all of `s` lies in the `width`×`height` image: every vertex, every corner of a rotated
 * box, the whole of an ellipse. Masks, classifications and shapes without geometry are always inside.
 */
export function shapeInside(s: Shape, width: number, height: number): boolean {
  if (UNCLAMPED.has(s.kind)) return true;
  const b = extent(s);
  return b.minX >= -EPS && b.minY >= -EPS && b.maxX <= width + EPS && b.maxY <= height + EPS;
}

/**
 * The part of a move by (dx, dy) that keeps `s` in the `width`×`height` image: each axis is limited
 * so that the shape's extent stays within the image (a shape already partly outside is pushed in by
 * any move). A shape larger than the image on an axis does not move on that axis.
 */
export function clampTranslation(
  s: Shape,
  dx: number,
  dy: number,
  width: number,
  height: number,
): [dx: number, dy: number] {
  if (UNCLAMPED.has(s.kind)) return [dx, dy];
  const b = extent(s);
  // How far the shape may go toward each side (an edge overrun within rounding slack counts as none).
  const room = (gap: number) => (Math.abs(gap) > EPS ? gap : 0);
  const axis = (d: number, lo: number, hi: number) => (lo > hi ? 0 : Math.min(hi, Math.max(lo, d)));
  return [axis(dx, -room(b.minX), room(width - b.maxX)), axis(dy, -room(b.minY), room(height - b.maxY))];
}

/**
 * Clamps a shape into the `width`×`height` image in place, so its Dataloop coordinates never leave
 * the image: the vertices of polygons, polylines, points and cuboids are clamped one by one; an
 * unrotated box clamps its edges; an unrotated ellipse clamps its centre, then its radii to the
 * nearest edges. A rotated box or ellipse is moved (not turned) until its corners / extent fit, and
 * shrunk about its centre when it is larger than the image. Masks are left alone (their pixels never
 * leave the image), as are classifications and poses (their key points are annotations of their own).
 */
export function clampShape(s: Shape, width: number, height: number): Shape {
  if (UNCLAMPED.has(s.kind) || !(width > 0) || !(height > 0)) return s;
  const cx = (v: number) => Math.min(width, Math.max(0, v));
  const cy = (v: number) => Math.min(height, Math.max(0, v));
  if (s.box) {
    const b = s.box;
    if (!b.angle) {
      Object.assign(b, { left: cx(b.left), right: cx(b.right), top: cy(b.top), bottom: cy(b.bottom) });
      return refreshShape(s);
    }
    refreshShape(s);
    return fitRotated(s, width, height, (k) => {
      const mx = (b.left + b.right) / 2;
      const my = (b.top + b.bottom) / 2;
      const hw = ((b.right - b.left) / 2) * k;
      const hh = ((b.bottom - b.top) / 2) * k;
      Object.assign(b, { left: mx - hw, right: mx + hw, top: my - hh, bottom: my + hh });
    });
  }
  if (s.ellipse) {
    const e = s.ellipse;
    if (!e.angle) {
      e.x = cx(e.x);
      e.y = cy(e.y);
      e.rx = Math.min(e.rx, e.x, width - e.x);
      e.ry = Math.min(e.ry, e.y, height - e.y);
      return refreshShape(s);
    }
    refreshShape(s);
    return fitRotated(s, width, height, (k) => {
      e.rx *= k;
      e.ry *= k;
    });
  }
  for (const r of s.rings)
    for (let i = 0; i < r.length; i += 2) {
      r[i] = cx(r[i]!);
      r[i + 1] = cy(r[i + 1]!);
    }
  return refreshShape(s);
}

/** Shrinks (by `scale(k)`, about the centre) a rotated shape larger than the image, then moves it inside. */
function fitRotated(s: Shape, width: number, height: number, scale: (k: number) => void): Shape {
  const b = extent(s);
  const k = Math.min(1, width / Math.max(EPS, b.maxX - b.minX), height / Math.max(EPS, b.maxY - b.minY));
  if (k < 1) {
    scale(k * (1 - 1e-9));
    refreshShape(s);
  }
  const [dx, dy] = clampTranslation(s, 0, 0, width, height);
  return dx || dy ? translateShape(s, dx, dy) : s;
}
