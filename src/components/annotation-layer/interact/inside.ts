// Every edit keeps its shapes on the image (the item's pixel bounds): drawing clamps the pointer,
// moves and nudges stop at the edge without deforming, handle drags clamp what they make, and the
// commands clamp whatever still reaches them — so the Dataloop JSON never leaves the image.
import { cloneShape, type Shape } from '../../../geometry/shapes/shape.js';
import { clampShape, clampTranslation, shapeInside } from '../../../geometry/shapes/transform.js';
import type { LayerStore } from '../model/layer-store.js';

/** The item's size in image px, or null before it is known (nothing is clamped then). */
export function itemSize(store: LayerStore): { width: number; height: number } | null {
  const { itemWidth: width, itemHeight: height } = store.shapes;
  return width > 0 && height > 0 ? { width, height } : null;
}

/** Image point (x, y) moved onto the image. */
export function clampPoint(store: LayerStore, x: number, y: number): { x: number; y: number } {
  const size = itemSize(store);
  if (!size) return { x, y };
  return { x: Math.min(size.width, Math.max(0, x)), y: Math.min(size.height, Math.max(0, y)) };
}

/** `s` when it lies on the image, else a clamped copy (see `clampShape`). */
export function keepInside(store: LayerStore, s: Shape): Shape {
  const size = itemSize(store);
  if (!size || shapeInside(s, size.width, size.height)) return s;
  return clampShape(cloneShape(s), size.width, size.height);
}

/** The part of a move by (dx, dy) that keeps every shape of `shapes` on the image (one delta for all). */
export function clampMove(store: LayerStore, shapes: Iterable<Shape>, dx: number, dy: number): [number, number] {
  const size = itemSize(store);
  if (!size) return [dx, dy];
  let mx = dx;
  let my = dy;
  for (const s of shapes) {
    const [x, y] = clampTranslation(s, dx, dy, size.width, size.height);
    if (Math.abs(x) < Math.abs(mx)) mx = x;
    if (Math.abs(y) < Math.abs(my)) my = y;
  }
  return [mx, my];
}

/**
 * The result of a handle drag toward (x, y) that stays on the image. Boxes, polygons and other
 * axis-aligned results are clamped (a dragged edge or vertex slides along the image edge), as is
 * every result with `stop` false (a rotation keeps the angle the user points at; the shape is pushed
 * in). Otherwise a rotated result (the resize of a rotated box or ellipse) stops where it would first
 * leave the image on the way from `from`, the last accepted pointer position: clamping it would move
 * the edges the user is not dragging.
 */
export function insideEdit(
  store: LayerStore,
  edit: (x: number, y: number) => Shape,
  from: { x: number; y: number },
  x: number,
  y: number,
  stop = true,
): { shape: Shape; at: { x: number; y: number } } {
  const s = edit(x, y);
  const size = itemSize(store);
  if (!size || shapeInside(s, size.width, size.height)) return { shape: s, at: { x, y } };
  const rotated = stop && !!(s.box?.angle || s.ellipse?.angle);
  const start = rotated ? edit(from.x, from.y) : null;
  if (!start || !shapeInside(start, size.width, size.height))
    return { shape: clampShape(cloneShape(s), size.width, size.height), at: { x, y } };
  let lo = 0;
  let hi = 1;
  let best = start;
  for (let i = 0; i < 16; i++) {
    const t = (lo + hi) / 2;
    const c = edit(from.x + (x - from.x) * t, from.y + (y - from.y) * t);
    if (shapeInside(c, size.width, size.height)) {
      lo = t;
      best = c;
    } else hi = t;
  }
  return { shape: best, at: { x: from.x + (x - from.x) * lo, y: from.y + (y - from.y) * lo } };
}
