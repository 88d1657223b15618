// Which annotation a click means: among the shapes near the point (spatial index), the smallest one
// hit (so a small shape on a big one stays clickable), the topmost on a tie.
import { hitTestShape, type ShapeHitOptions } from '../../../geometry/shapes/hit-test.js';
import type { Bounds } from '../../../geometry/shapes/shape.js';
import type { LayerStore } from '../model/layer-store.js';

/** The annotation under image point (x, y) as shown now (previews included) within `tol` image px, or null. */
export function hitAt(
  store: LayerStore,
  keysIn: (r: Bounds) => string[],
  x: number,
  y: number,
  tol: number,
): string | null {
  let best: string | null = null;
  let bestArea = Infinity;
  for (const key of keysIn({ minX: x - tol, minY: y - tol, maxX: x + tol, maxY: y + tol })) {
    const s = store.shapeOf(key);
    if (!s) continue;
    let mask: ShapeHitOptions['mask'];
    if (s.kind === 'binary') {
      // A mask hits on its set pixels, once decoded.
      const m = store.shapes.masks.get(key)?.raster;
      if (!m) continue;
      mask = { mask: { width: m.width, height: m.height, data: m.data }, left: m.x, top: m.y };
    }
    if (!hitTestShape(s, x, y, { tolerance: tol, mask })) continue;
    const b = s.bounds;
    const area = Math.max(1, (b.maxX - b.minX) * (b.maxY - b.minY));
    if (area < bestArea || (area === bestArea && store.shapes.zOf(key) > store.shapes.zOf(best!))) {
      best = key;
      bestArea = area;
    }
  }
  return best;
}
