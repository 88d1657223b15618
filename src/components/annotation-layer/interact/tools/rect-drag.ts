// The press-drag-release rectangle the box and ellipse tools draw with (rubber band in the label
// colour); a rectangle under 3 screen px either way is a click and creates nothing.
import { withAlpha } from '../../model/label-colors.js';
import type { Gesture, LayerPointer, ToolContext } from '../tool.js';

/** Drags a rectangle from `start`; `done` gets its image-space edges on release. */
export function rectDrag(
  ctx: ToolContext,
  start: LayerPointer,
  outline: 'rect' | 'ellipse',
  done: (x0: number, y0: number, x1: number, y1: number) => void,
): Gesture {
  let cur = { x: start.x, y: start.y };
  return {
    move(p) {
      cur = { x: p.x, y: p.y };
      ctx.redraw();
      ctx.refresh();
    },
    up() {
      const x0 = Math.min(start.x, cur.x);
      const y0 = Math.min(start.y, cur.y);
      const x1 = Math.max(start.x, cur.x);
      const y1 = Math.max(start.y, cur.y);
      const scale = ctx.view().scale;
      if ((x1 - x0) * scale < 3 || (y1 - y0) * scale < 3) return;
      done(x0, y0, x1, y1);
    },
    overlay(c, S) {
      const color = ctx.labelColor();
      const x = Math.min(start.x, cur.x);
      const y = Math.min(start.y, cur.y);
      const w = Math.abs(cur.x - start.x);
      const h = Math.abs(cur.y - start.y);
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
