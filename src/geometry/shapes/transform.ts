// Whole-shape transforms: move by an offset, clamp into the image.
import { refreshShape, type Shape } from './shape.js';

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

/**
 * Clamps a shape into the `width`×`height` image in place: vertices of polygons, polylines, points
 * and cuboids, the edges of an unrotated box, the centre of an ellipse. A rotated box is moved (not
 * resized) so that its bounds fit where they can. Masks are left alone (their pixels never leave
 * the image).
 */
export function clampShape(s: Shape, width: number, height: number): Shape {
  const cx = (v: number) => Math.min(width, Math.max(0, v));
  const cy = (v: number) => Math.min(height, Math.max(0, v));
  if (s.kind === 'binary' || s.kind === 'class' || s.kind === 'other') return s;
  if (s.box) {
    const b = s.box;
    if (!b.angle) {
      Object.assign(b, { left: cx(b.left), right: cx(b.right), top: cy(b.top), bottom: cy(b.bottom) });
      return refreshShape(s);
    }
    const o = s.bounds;
    const dx = o.minX < 0 ? -o.minX : o.maxX > width ? width - o.maxX : 0;
    const dy = o.minY < 0 ? -o.minY : o.maxY > height ? height - o.maxY : 0;
    return dx || dy ? translateShape(s, dx, dy) : s;
  }
  if (s.ellipse) {
    s.ellipse.x = cx(s.ellipse.x);
    s.ellipse.y = cy(s.ellipse.y);
    return refreshShape(s);
  }
  for (const r of s.rings)
    for (let i = 0; i < r.length; i += 2) {
      r[i] = cx(r[i]!);
      r[i + 1] = cy(r[i + 1]!);
    }
  return refreshShape(s);
}
