// The rotation knob of boxes and ellipses: the shape's top turns toward the pointer; Shift snaps to 15°.
// Near the image edge the turned shape is pushed back onto the image (the angle is the user's).
import { rotateToward } from '../../../../geometry/shapes/edit.js';
import type { Gesture, LayerPointer, ToolContext } from '../tool.js';
import { shapeDrag } from './shape-drag.js';

/** A press on the rotation handle of annotation `key`. */
export function rotatePress(ctx: ToolContext, p: LayerPointer, key: string): Gesture {
  ctx.refresh();
  return shapeDrag(ctx, key, ctx.store.shapeOf(key)!, rotateToward, p, { stopAtEdge: false });
}
