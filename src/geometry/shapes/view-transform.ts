// Affine view transform (image <-> screen). Same layout as DOMMatrix 2D / canvas `setTransform(a,b,c,d,e,f)`:
//   x' = a*x + c*y + e,   y' = b*x + d*y + f
import type { XY } from '../../entities/geometry-backend.js';
import { DlError } from '../../entities/errors.js';

/** A 2D affine matrix `[a, b, c, d, e, f]` (canvas / DOMMatrix order). */
export type Affine = readonly [number, number, number, number, number, number];

/** The identity transform. */
export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** Translation by `(tx, ty)`. */
export function translation(tx: number, ty: number): Affine {
  return [1, 0, 0, 1, tx, ty];
}

/** Scale by `sx`, `sy` (default uniform) about the origin. */
export function scaling(sx: number, sy = sx): Affine {
  return [sx, 0, 0, sy, 0, 0];
}

/** Rotation by `angleDeg` about the origin (clockwise on screen, y down). */
export function rotation(angleDeg: number): Affine {
  const t = (angleDeg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [c, s, -s, c, 0, 0];
}

/**
 * `compose(m1, m2)` applies `m2` first, then `m1` (matrix product `m1 · m2`), like `DOMMatrix.multiply`.
 *
 * @example
 * // zoom 2x about screen point (100, 50):
 * const zoomed = compose(translation(100, 50), compose(scaling(2), compose(translation(-100, -50), view)));
 */
export function compose(m1: Affine, m2: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = m1;
  const [a2, b2, c2, d2, e2, f2] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

/** Inverse transform; throws `DlError` for a singular matrix (zero scale). */
export function invert(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12)
    throw new DlError(`view transform is not invertible (determinant ${det})`);
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

/** Applies `m` to a point. */
export function applyToPoint(m: Affine, p: XY): XY {
  return { x: m[0] * p.x + m[2] * p.y + m[4], y: m[1] * p.x + m[3] * p.y + m[5] };
}

/**
 * Zooms by `factor` keeping screen point `at` fixed (wheel zoom): `T(at) · S(factor) · T(-at) · m`.
 */
export function zoomAt(m: Affine, factor: number, at: XY): Affine {
  return compose(translation(at.x, at.y), compose(scaling(factor), compose(translation(-at.x, -at.y), m)));
}

/**
 * The transform that fits an image of `imageW`×`imageH` centred into a viewport of `viewW`×`viewH`
 * (uniform scale, letterboxed).
 */
export function fitTransform(imageW: number, imageH: number, viewW: number, viewH: number): Affine {
  const s = Math.min(viewW / imageW, viewH / imageH);
  return [s, 0, 0, s, (viewW - imageW * s) / 2, (viewH - imageH * s) / 2];
}

/** The uniform scale of a transform (sqrt of |det|): divide screen tolerances by it to get image pixels. */
export function transformScale(m: Affine): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}
