// Ellipse radius handles: each sets one radius along the ellipse's own rotated axis.
import { resizeEllipse } from '../../../../geometry/shapes/edit.js';
import type { Gesture, LayerPointer, ToolContext } from '../tool.js';
import { shapeDrag } from './shape-drag.js';

/** A press on the `x` or `y` radius handle of annotation `key`. */
export function ellipseRadiusPress(ctx: ToolContext, p: LayerPointer, key: string, axis: 'x' | 'y'): Gesture {
  ctx.refresh();
  return shapeDrag(ctx, key, ctx.store.shapeOf(key)!, (s, x, y) => resizeEllipse(s, axis, x, y), p);
}
