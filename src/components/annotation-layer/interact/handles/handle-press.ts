// A press on one of the selection's handles goes to the part that edits that kind of handle.
import type { HandleId } from '../../model/handle-id.js';
import type { Gesture, LayerPointer, ToolContext } from '../tool.js';
import { boxResizePress } from './box-resize.js';
import { ellipseRadiusPress } from './ellipse-radius.js';
import { rotatePress } from './rotate.js';
import { vertexPress } from './vertex-drag.js';

/** Starts the drag of handle `h` of annotation `key` (none for an Alt+click vertex delete). */
export function handlePress(ctx: ToolContext, p: LayerPointer, key: string, h: HandleId): Gesture | undefined {
  switch (h.kind) {
    case 'vertex':
    case 'midpoint':
      return vertexPress(ctx, p, key, h);
    case 'box':
      return boxResizePress(ctx, p, key, h.dir);
    case 'rotate':
      return rotatePress(ctx, p, key);
    case 'radius':
      return ellipseRadiusPress(ctx, p, key, h.axis);
  }
}
