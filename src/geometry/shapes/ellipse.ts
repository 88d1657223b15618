// Ellipse maths (spec §3.7). Pure numbers.
import type { XY } from '../../entities/geometry-backend.js';
import type { BoxBounds } from './box.js';

/** An ellipse as Dataloop stores it: centre, radii and rotation in degrees. */
export interface EllipseShape {
  x: number;
  y: number;
  rx: number;
  ry: number;
  /** Degrees; positive is clockwise on screen (image y grows downward). @default 0 */
  angle?: number;
}

/**
 * Axis-aligned bounding box of a rotated ellipse (spec §3.7):
 * `halfW = sqrt(rx²cos²θ + ry²sin²θ)`, `halfH = sqrt(rx²sin²θ + ry²cos²θ)`.
 */
export function ellipseBounds(e: EllipseShape): BoxBounds {
  const t = ((e.angle ?? 0) * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const halfW = Math.sqrt(e.rx * e.rx * c * c + e.ry * e.ry * s * s);
  const halfH = Math.sqrt(e.rx * e.rx * s * s + e.ry * e.ry * c * c);
  return { left: e.x - halfW, top: e.y - halfH, right: e.x + halfW, bottom: e.y + halfH };
}

/** True when `p` is inside or on the rotated ellipse (`rx` or `ry` of 0 contains nothing but the segment). */
export function pointInEllipse(p: XY, e: EllipseShape, tolerance = 0): boolean {
  const t = ((e.angle ?? 0) * Math.PI) / 180;
  const dx = p.x - e.x;
  const dy = p.y - e.y;
  // Rotate p back into the ellipse's own frame.
  const u = Math.cos(t) * dx + Math.sin(t) * dy;
  const v = -Math.sin(t) * dx + Math.cos(t) * dy;
  const rx = Math.abs(e.rx) + tolerance;
  const ry = Math.abs(e.ry) + tolerance;
  if (rx === 0 || ry === 0) return false;
  return (u * u) / (rx * rx) + (v * v) / (ry * ry) <= 1;
}
