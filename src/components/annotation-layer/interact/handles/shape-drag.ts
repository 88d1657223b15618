// The gesture every handle drag shares: each move previews an edited copy of the shape, the release
// commits the last preview as one undo step (nothing when the handle never moved).
import type { Shape } from '../../../../geometry/shapes/shape.js';
import type { Gesture, ToolContext } from '../tool.js';

/** Edits the shape toward image point (x, y); `snap` is Shift held (15° rotation steps). */
export type ShapeEdit = (orig: Shape, x: number, y: number, snap: boolean) => Shape;

/** Drags annotation `key`, starting from `orig`; `moved` commits even without a move (an inserted vertex). */
export function shapeDrag(ctx: ToolContext, key: string, orig: Shape, edit: ShapeEdit, moved = false): Gesture {
  const preview = ctx.store.preview;
  return {
    move(p) {
      moved = true;
      preview.set(key, edit(orig, p.x, p.y, p.shiftKey));
      ctx.redraw();
      ctx.refresh();
    },
    up() {
      const s = preview.get(key);
      if (moved && s) ctx.commit.shapes(new Map([[key, s]]));
    },
  };
}
