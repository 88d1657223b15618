// 2.5D cuboid corners from two boxes and an angle (spec §3.7, `Cube.from_boxes_and_angle`).
import type { XY } from '../../entities/geometry-backend.js';
import { boxCorners, type BoxBounds } from './box.js';

/** The eight corners of a Dataloop `cube` annotation (keys as in its JSON). */
export interface CubeCorners {
  front_tl: XY;
  front_tr: XY;
  front_br: XY;
  front_bl: XY;
  back_tl: XY;
  back_tr: XY;
  back_br: XY;
  back_bl: XY;
}

/**
 * Cube corners as dtlpy's `Cube.from_boxes_and_angle`: each box's four corners are rotated about
 * **that box's own centre** by `angleDeg` (no rotation when 0).
 *
 * @example
 * const c = cubeFromBoxesAndAngle({ left: 0, top: 0, right: 10, bottom: 10 }, { left: 5, top: 5, right: 15, bottom: 15 });
 * c.back_br; // { x: 15, y: 15 }
 */
export function cubeFromBoxesAndAngle(front: BoxBounds, back: BoxBounds, angleDeg = 0): CubeCorners {
  const [ftl, fbl, fbr, ftr] = boxCorners(front, angleDeg);
  const [btl, bbl, bbr, btr] = boxCorners(back, angleDeg);
  return {
    front_tl: ftl,
    front_tr: ftr,
    front_br: fbr,
    front_bl: fbl,
    back_tl: btl,
    back_tr: btr,
    back_br: bbr,
    back_bl: bbl,
  };
}

/**
 * The angle dtlpy computes for a cube built without one: degrees of the vector front_tl → front_tr
 * (`atan2(dy, dx)`), normalised to `[0, 360)`.
 */
export function cubeAngle(c: Pick<CubeCorners, 'front_tl' | 'front_tr'>): number {
  const a = (Math.atan2(c.front_tr.y - c.front_tl.y, c.front_tr.x - c.front_tl.x) * 180) / Math.PI;
  return ((a % 360) + 360) % 360;
}

/** The corner keys of a cube in the order of a flat cube ring (front tl, tr, br, bl, then back). */
export const CUBE_RING_KEYS = [
  'front_tl',
  'front_tr',
  'front_br',
  'front_bl',
  'back_tl',
  'back_tr',
  'back_br',
  'back_bl',
] as const satisfies ReadonlyArray<keyof CubeCorners>;

/** The faces of a cube as corner indices into {@link CUBE_RING_KEYS}: front, back, then the four sides. */
export const CUBE_FACES: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 1, 2, 3],
  [4, 5, 6, 7],
  [0, 1, 5, 4],
  [3, 2, 6, 7],
  [0, 3, 7, 4],
  [1, 2, 6, 5],
];

/** The cube's faces as closed quads (front, back, then the four sides), for drawing and hit testing. */
export function cubeFaces(c: CubeCorners): XY[][] {
  return CUBE_FACES.map((f) => f.map((i) => c[CUBE_RING_KEYS[i]!]));
}
