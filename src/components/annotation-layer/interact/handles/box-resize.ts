// Box corner and edge handles: resize in the box's own rotated frame (the opposite edges stay put).
import { resizeBox } from '../../../../geometry/shapes/edit.js';
import { boxHandleUnit, type BoxHandleDir } from '../../model/handle-id.js';
import type { Gesture, LayerPointer, ToolContext } from '../tool.js';
import { shapeDrag } from './shape-drag.js';

/** A press on box handle `dir` of annotation `key`. */
export function boxResizePress(ctx: ToolContext, p: LayerPointer, key: string, dir: BoxHandleDir): Gesture {
  const [ux, uy] = boxHandleUnit(dir);
  ctx.refresh();
  return shapeDrag(ctx, key, ctx.store.shapeOf(key)!, (s, x, y) => resizeBox(s, ux, uy, x, y), p);
}
