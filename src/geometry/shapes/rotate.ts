// Rotation of a point about a centre (spec §3.7): `p' = c + R(θ)(p − c)`, `R = [[cos, −sin], [sin, cos]]`.
// In image coordinates (y down) a positive angle is a clockwise visual rotation, as in dtlpy.
import type { XY } from '../../entities/geometry-backend.js';

/** Rotates `(x, y)` about `(cx, cy)` by `deg` degrees; the flat form every other rotation uses. */
export function rotateXY(x: number, y: number, cx: number, cy: number, deg: number): [number, number] {
  if (!deg) return [x, y];
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const dx = x - cx;
  const dy = y - cy;
  return [cx + c * dx - s * dy, cy + s * dx + c * dy];
}

/**
 * Rotates `p` about `c` by `angleDeg` degrees: `p' = c + R(θ)(p − c)` with `R = [[cos,−sin],[sin,cos]]`.
 * In image coordinates (y down) a positive angle is a clockwise visual rotation, as in dtlpy.
 */
export function rotatePoint(p: XY, c: XY, angleDeg: number): XY {
  const [x, y] = rotateXY(p.x, p.y, c.x, c.y, angleDeg);
  return { x, y };
}
