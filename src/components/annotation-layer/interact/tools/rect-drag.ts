// The press-drag-release rectangle the box and ellipse tools draw with (rubber band in the label
// colour); a rectangle under 3 screen px either way is a click and creates nothing. Once the press
// moves past the click slop a new shape is being drawn: the selection (and hover) is dropped, so its
// handles and its label leave the canvas and the panel; a release that makes nothing, or a drag
// cancelled (Escape, pointercancel, tool change; not new data), gives it back.
import { withAlpha } from '../../../internal/label-colors.js';
import { clampPoint } from '../inside.js';
import { CLICK_SLOP, type Gesture, type LayerPointer, type ToolContext } from '../tool.js';
import { setSelectionAside } from './set-aside.js';

/**
 * Drags a rectangle from `start`; `done` gets its image-space edges on release, and what gives back
 * the selection the drag set aside (null: none), for a tool whose result comes later and may be nothing.
 */
export function rectDrag(
  ctx: ToolContext,
  start: LayerPointer,
  outline: 'rect' | 'ellipse',
  done: (x0: number, y0: number, x1: number, y1: number, giveBack: (() => void) | null) => void,
): Gesture {
  // Both corners stay on the image: a drag past its edge makes a box (or ellipse) up to the edge.
  const from = clampPoint(ctx.store, start.x, start.y);
  let cur = from;
  /** Gives back the selection the drag set aside once it moved past the click slop (null: not yet). */
  let setAside: (() => void) | null = null;
  /** The set-aside selection comes back (once; see setSelectionAside). */
  const giveBack = () => {
    const back = setAside;
    setAside = null;
    back?.();
  };
  return {
    move(p) {
      if (!setAside && Math.hypot(p.clientX - start.clientX, p.clientY - start.clientY) > CLICK_SLOP) {
        setAside = setSelectionAside(ctx);
        ctx.store.hover.set(null);
      }
      cur = clampPoint(ctx.store, p.x, p.y);
      ctx.redraw();
      ctx.refresh();
    },
    up() {
      const x0 = Math.min(from.x, cur.x);
      const y0 = Math.min(from.y, cur.y);
      const x1 = Math.max(from.x, cur.x);
      const y1 = Math.max(from.y, cur.y);
      const scale = ctx.view().scale;
      if ((x1 - x0) * scale < 3 || (y1 - y0) * scale < 3) {
        giveBack(); // nothing made: the selection the drag dropped comes back
        return;
      }
      const back = setAside;
      setAside = null;
      done(x0, y0, x1, y1, back);
    },
    cancel: giveBack,
    overlay(c, S) {
      const color = ctx.labelColor();
      const x = Math.min(from.x, cur.x);
      const y = Math.min(from.y, cur.y);
      const w = Math.abs(cur.x - from.x);
      const h = Math.abs(cur.y - from.y);
      c.beginPath();
      if (outline === 'rect') c.rect(x, y, w, h);
      else c.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
      c.lineWidth = 2 / S;
      c.strokeStyle = color;
      c.fillStyle = withAlpha(color, 0.2);
      c.fill();
      c.stroke();
    },
  };
}
