// Axis-aligned bounds: of flat rings (the shape model's), and in the `{left, top, right, bottom}` form
// of the box maths.
import type { BoxBounds } from './box.js';

/** Axis-aligned bounds in image pixels (the spatial index and the renderer's culling read these). */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** `{left, top, right, bottom}` as {@link Bounds}. */
export function boundsOfBox(b: BoxBounds): Bounds {
  return { minX: b.left, minY: b.top, maxX: b.right, maxY: b.bottom };
}

/** Bounds of flat rings (all zero when there is no vertex). */
export function ringsBounds(rings: readonly ArrayLike<number>[]): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings)
    for (let i = 0; i < r.length; i += 2) {
      const x = r[i];
      const y = r[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  return minX <= maxX ? { minX, minY, maxX, maxY } : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
}
