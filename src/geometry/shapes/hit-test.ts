// Hit tests for every drawable Dataloop annotation type. The implementation works on the flat
// shape model (`hitTestShape`), which the annotation layer calls directly; `hitTest` takes the same
// geometry as point objects keyed by the Dataloop `type` string, for callers without a Shape.
import type { Mask, XY } from '../../entities/geometry-backend.js';
import { boxRing, type BoxBounds } from './box.js';
import { CUBE_FACES, CUBE_RING_KEYS, type CubeCorners } from './cuboid.js';
import { distanceToRing } from './distance.js';
import { pointInEllipse, type EllipseShape } from './ellipse.js';
import { flattenPoints, pointInFlatRings, pointInRing } from './polygon.js';
import type { Shape } from './shape.js';

/** A drawable shape in image coordinates, keyed by the Dataloop `type` string. */
export type HitShape =
  | ({ type: 'box' | 'note'; angle?: number } & BoxBounds)
  | { type: 'segment'; rings: XY[][] }
  | { type: 'polyline'; points: XY[] }
  | { type: 'point'; x: number; y: number }
  | ({ type: 'ellipse' } & EllipseShape)
  | ({ type: 'cube' } & CubeCorners)
  | { type: 'binary'; mask: Mask; left?: number; top?: number };

/** Options of {@link hitTest}. */
export interface HitTestOptions {
  /**
   * How far (image pixels) from an outline or a point still hits. Divide a screen tolerance by the
   * view scale before passing it. @default 0
   */
  tolerance?: number;
  /** Only the outline hits (not the inside) for closed shapes. @default false */
  outlineOnly?: boolean;
}

/** Options of {@link hitTestShape}: those of {@link hitTest} plus the pixels of a `binary` shape. */
export interface ShapeHitOptions extends HitTestOptions {
  /** A `binary` shape's pixels, placed with their top-left at (`left`, `top`); without it a mask never hits. */
  mask?: { mask: Mask; left: number; top: number };
}

/**
 * True when image point (x, y) hits shape `s`: inside a closed shape (box, rotated box, polygon with
 * holes, ellipse, any cube face, set mask pixel) or within `tolerance` of its outline, a polyline or
 * a point. A pose hits inside the box around its key points.
 */
export function hitTestShape(s: Shape, x: number, y: number, options: ShapeHitOptions = {}): boolean {
  const tol = options.tolerance ?? 0;
  const outline = options.outlineOnly ?? false;
  switch (s.kind) {
    case 'box':
    case 'note':
      return !!s.box && closedRingHit(dtlpyBoxRing(s.box, s.box.angle), x, y, tol, outline);
    case 'pose': {
      const r = s.rings[0];
      return (
        !!r &&
        closedRingHit(dtlpyBoxRing({ left: r[0]!, top: r[1]!, right: r[4]!, bottom: r[5]! }, 0), x, y, tol, outline)
      );
    }
    case 'segment':
      if (!outline && pointInFlatRings(s.rings, x, y)) return true;
      return s.rings.some((r) => distanceToRing(r, x, y, true).distance <= tol);
    case 'polyline':
      return !!s.rings[0] && distanceToRing(s.rings[0], x, y, false).distance <= tol;
    case 'point': {
      const r = s.rings[0];
      return !!r && Math.hypot(x - r[0]!, y - r[1]!) <= tol;
    }
    case 'ellipse': {
      const e = s.ellipse;
      if (!e) return false;
      const p = { x, y };
      if (outline) return pointInEllipse(p, e, tol) && !pointInEllipse(p, { ...e, rx: e.rx - tol, ry: e.ry - tol });
      return pointInEllipse(p, e, tol);
    }
    case 'cube': {
      const r = s.rings[0];
      if (!r) return false;
      return CUBE_FACES.some((f) => {
        const face = f.flatMap((i) => [r[2 * i]!, r[2 * i + 1]!]);
        return closedRingHit(face, x, y, tol, outline);
      });
    }
    case 'binary': {
      const m = options.mask;
      return !!m && maskHit(m.mask, x - m.left, y - m.top, tol);
    }
    default:
      return false;
  }
}

/** Box corners in dtlpy order (TL, BL, BR, TR), the order its hit test has always walked. */
function dtlpyBoxRing(b: BoxBounds, angle: number): number[] {
  const r = boxRing(b, angle);
  return [r[0]!, r[1]!, r[6]!, r[7]!, r[4]!, r[5]!, r[2]!, r[3]!];
}

function closedRingHit(ring: ArrayLike<number>, x: number, y: number, tol: number, outline: boolean): boolean {
  return (!outline && pointInRing(ring, x, y)) || distanceToRing(ring, x, y, true).distance <= tol;
}

/**
 * True when image point `p` hits `shape`: inside a closed shape (box, rotated box, polygon with holes,
 * ellipse, any cube face, set mask pixel) or within `tolerance` of its outline, a polyline or a point.
 *
 * @example
 * hitTest({ type: 'box', left: 0, top: 0, right: 10, bottom: 10, angle: 45 }, { x: 5, y: -1 }); // true
 */
export function hitTest(shape: HitShape, p: XY, options: HitTestOptions = {}): boolean {
  if (shape.type === 'binary')
    return hitTestShape(flatShape(shape), p.x, p.y, {
      ...options,
      mask: { mask: shape.mask, left: shape.left ?? 0, top: shape.top ?? 0 },
    });
  return hitTestShape(flatShape(shape), p.x, p.y, options);
}

/** The flat shape of a {@link HitShape} (bounds are not needed by the hit test and left at zero). */
function flatShape(h: HitShape): Shape {
  const bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  switch (h.type) {
    case 'box':
    case 'note':
      return {
        kind: h.type,
        rings: [],
        closed: true,
        box: { left: h.left, top: h.top, right: h.right, bottom: h.bottom, angle: h.angle ?? 0 },
        bounds,
      };
    case 'segment':
      return { kind: 'segment', rings: h.rings.map(flattenPoints), closed: true, bounds };
    case 'polyline':
      return { kind: 'polyline', rings: [flattenPoints(h.points)], closed: false, bounds };
    case 'point':
      return { kind: 'point', rings: [[h.x, h.y]], closed: false, bounds };
    case 'ellipse':
      return {
        kind: 'ellipse',
        rings: [],
        closed: true,
        ellipse: { x: h.x, y: h.y, rx: h.rx, ry: h.ry, angle: h.angle ?? 0 },
        bounds,
      };
    case 'cube':
      return { kind: 'cube', rings: [CUBE_RING_KEYS.flatMap((k) => [h[k].x, h[k].y])], closed: true, bounds };
    case 'binary':
      return { kind: 'binary', rings: [], closed: true, bounds };
  }
}

function maskHit(mask: Mask, x: number, y: number, tol: number): boolean {
  const r = Math.ceil(tol);
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  for (let yy = cy - r; yy <= cy + r; yy++) {
    if (yy < 0 || yy >= mask.height) continue;
    for (let xx = cx - r; xx <= cx + r; xx++) {
      if (xx < 0 || xx >= mask.width) continue;
      if ((xx - cx) ** 2 + (yy - cy) ** 2 > tol * tol + 1e-9 && !(xx === cx && yy === cy)) continue;
      if (mask.data[yy * mask.width + xx]) return true;
    }
  }
  return false;
}

/**
 * Index of the topmost shape hit by `p`, scanning from the last (drawn on top) to the first; -1 when none.
 */
export function hitTestTopmost(shapes: readonly HitShape[], p: XY, options: HitTestOptions = {}): number {
  for (let i = shapes.length - 1; i >= 0; i--) if (hitTest(shapes[i]!, p, options)) return i;
  return -1;
}
