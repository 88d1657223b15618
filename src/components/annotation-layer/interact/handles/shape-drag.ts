// The gesture every handle drag shares: each move previews an edited copy of the shape (kept on the
// image), the release commits the last preview as one undo step (nothing when the handle never moved).
import type { Shape } from '../../../../geometry/shapes/shape.js';
import { insideEdit } from '../inside.js';
import type { Gesture, LayerPointer, ToolContext } from '../tool.js';

/** Edits the shape toward image point (x, y); `snap` is Shift held (15° rotation steps). */
export type ShapeEdit = (orig: Shape, x: number, y: number, snap: boolean) => Shape;

/** How a handle drag behaves. */
export interface DragOptions {
  /** Commit even without a move (an inserted vertex). */
  moved?: boolean;
  /** A rotated result stops at the image edge (a resize) rather than being pushed in (a rotation). @default true */
  stopAtEdge?: boolean;
}

/** Drags annotation `key`, starting from `orig` at the press `start`. */
export function shapeDrag(
  ctx: ToolContext,
  key: string,
  orig: Shape,
  edit: ShapeEdit,
  start: LayerPointer,
  o: DragOptions = {},
): Gesture {
  let moved = !!o.moved;
  const preview = ctx.store.preview;
  let at = { x: start.x, y: start.y };
  return {
    move(p) {
      moved = true;
      const r = insideEdit(ctx.store, (x, y) => edit(orig, x, y, p.shiftKey), at, p.x, p.y, o.stopAtEdge !== false);
      at = r.at;
      preview.set(key, r.shape);
      ctx.redraw();
      ctx.refresh();
    },
    up() {
      const s = preview.get(key);
      if (moved && s) ctx.commit.shapes(new Map([[key, s]]));
    },
  };
}
