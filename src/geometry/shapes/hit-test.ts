// Hit tests for every drawable Dataloop annotation type. Pure numbers: callers pass geometry, not entities,
// so the same code serves the annotation layer, editors and tests.
import type { Mask, XY } from '../../entities/geometry-backend.js';
import { boxCorners, type BoxBounds } from './box.js';
import { cubeFaces, type CubeCorners } from './cuboid.js';
import { distance, distanceToPolyline } from './distance.js';
import { pointInEllipse, type EllipseShape } from './ellipse.js';
import { pointInPolygon, pointInRings } from './polygon.js';

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

/**
 * True when image point `p` hits `shape`: inside a closed shape (box, rotated box, polygon with holes,
 * ellipse, any cube face, set mask pixel) or within `tolerance` of its outline, a polyline or a point.
 *
 * @example
 * hitTest({ type: 'box', left: 0, top: 0, right: 10, bottom: 10, angle: 45 }, { x: 5, y: -1 }); // true
 */
export function hitTest(shape: HitShape, p: XY, options: HitTestOptions = {}): boolean {
  const tol = options.tolerance ?? 0;
  const outline = options.outlineOnly ?? false;
  switch (shape.type) {
    case 'box':
    case 'note': {
      const ring = boxCorners(shape, shape.angle ?? 0);
      return (!outline && pointInPolygon(p, ring)) || distanceToPolyline(p, ring, true).distance <= tol;
    }
    case 'segment': {
      if (!outline && pointInRings(p, shape.rings)) return true;
      return shape.rings.some((r) => distanceToPolyline(p, r, true).distance <= tol);
    }
    case 'polyline':
      return distanceToPolyline(p, shape.points, false).distance <= tol;
    case 'point':
      return distance(p, shape) <= tol;
    case 'ellipse': {
      if (outline)
        return (
          pointInEllipse(p, shape, tol) && !pointInEllipse(p, { ...shape, rx: shape.rx - tol, ry: shape.ry - tol })
        );
      return pointInEllipse(p, shape, tol);
    }
    case 'cube':
      return cubeFaces(shape).some(
        (f) => (!outline && pointInPolygon(p, f)) || distanceToPolyline(p, f, true).distance <= tol,
      );
    case 'binary':
      return maskHit(shape.mask, p.x - (shape.left ?? 0), p.y - (shape.top ?? 0), tol);
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
