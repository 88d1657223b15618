// Select / move: click selects the smallest shape under the pointer, Shift+click toggles, Shift+drag on
// empty space box-selects, dragging a selected shape moves the whole selection. A click on empty space
// clears the selection (a drag there is the viewer's pan). The hovered shape is highlighted.
import { svg } from 'lit';
import { cloneShape, type Shape } from '../../../../geometry/shapes/shape.js';
import { translateShape } from '../../../../geometry/shapes/transform.js';
import { clampMove } from '../inside.js';
import { CLICK_SLOP, defineTool, type Gesture, type LayerPointer, type Tool, type ToolContext } from '../tool.js';
import { toolIcon } from './icon.js';

/** The select tool; also the behaviour of the classification tool and of a read-only layer. */
export class SelectTool implements Tool {
  private hoverRaf = 0;
  private pending: { clientX: number; clientY: number; x: number; y: number } | null = null;

  /** `hover`: highlight the shape under the pointer. */
  constructor(
    private readonly ctx: ToolContext,
    private readonly hover = true,
  ) {}

  down(p: LayerPointer): Gesture | undefined {
    const { ctx } = this;
    const sel = ctx.store.selection;
    const hit = ctx.hitAt(p.x, p.y);
    if (hit) {
      p.claim();
      if (p.shiftKey) {
        const next = new Set(sel.keys);
        if (next.has(hit)) next.delete(hit);
        else next.add(hit);
        ctx.commit.select(next, true);
        if (!next.has(hit)) return undefined;
      } else if (!sel.has(hit)) ctx.commit.select([hit], true);
      if (ctx.settings.readonly) return undefined;
      return moveGesture(ctx, p);
    }
    if (p.shiftKey) {
      p.claim();
      return boxSelectGesture(ctx, p);
    }
    // Left to the viewer (pan); a click without movement clears the selection.
    this.pending = { clientX: p.clientX, clientY: p.clientY, x: p.x, y: p.y };
    addEventListener('pointerup', this.pendingUp, { once: true, capture: true });
    return undefined;
  }

  private pendingUp = (e: PointerEvent): void => {
    const p = this.pending;
    this.pending = null;
    if (!p || Math.hypot(e.clientX - p.clientX, e.clientY - p.clientY) >= CLICK_SLOP) return;
    const { ctx } = this;
    const sel = ctx.store.selection;
    if (sel.size) ctx.commit.select([], true);
    // A mask whose PNG is still decoding cannot be hit yet (its pixels, hence its bounds, are
    // unknown): the click is answered once the decodes finish, unless the selection moved on.
    const shapes = ctx.store.shapes;
    if (shapes.masksDecoding) {
      const version = sel.version;
      void shapes.masksSettled().then(() => {
        if (sel.version !== version || !ctx.isConnected()) return;
        const hit = ctx.hitAt(p.x, p.y);
        if (hit && shapes.get(hit)?.kind === 'binary') ctx.commit.select([hit], true);
      });
    }
  };

  idle(): void {
    if (!this.hover || this.hoverRaf) return;
    this.hoverRaf = requestAnimationFrame(() => {
      this.hoverRaf = 0;
      const { ctx } = this;
      const at = ctx.pointer();
      if (ctx.store.hover.set(at ? ctx.hitAt(at.x, at.y) : null)) {
        ctx.redraw();
        ctx.refresh(); // the object list highlights the hovered shape's row
      }
    });
  }
}

/** Moves the selection (not its classifications, nor locked shapes) with the pointer; one undo step on release. */
function moveGesture(ctx: ToolContext, start: LayerPointer): Gesture {
  const { store } = ctx;
  const orig = new Map<string, Shape>();
  for (const k of store.editableSelection()) {
    const s = store.shapeOf(k);
    if (s && s.kind !== 'class') orig.set(k, cloneShape(s));
  }
  let moved = false;
  return {
    move(p) {
      const dx = p.x - start.x;
      const dy = p.y - start.y;
      moved ||= Math.hypot(dx, dy) * ctx.view().scale >= CLICK_SLOP;
      if (!moved) return;
      // The selection moves as one and stops at the image edge (nothing is squashed against it).
      const [mx, my] = clampMove(store, orig.values(), dx, dy);
      for (const [k, s] of orig) store.preview.set(k, translateShape(cloneShape(s), mx, my));
      ctx.redraw();
      ctx.refresh();
    },
    up() {
      if (moved && orig.size) ctx.commit.shapes(new Map([...orig.keys()].map((k) => [k, store.preview.get(k)!])));
    },
  };
}

/** Shift+drag on empty space: adds every shape wholly inside the rubber band to the selection. */
function boxSelectGesture(ctx: ToolContext, start: LayerPointer): Gesture {
  const { store } = ctx;
  const base = new Set(store.selection.keys);
  let cur = { x: start.x, y: start.y };
  return {
    move(p) {
      cur = { x: p.x, y: p.y };
      ctx.redraw();
      ctx.refresh();
    },
    up() {
      const r = {
        minX: Math.min(start.x, cur.x),
        minY: Math.min(start.y, cur.y),
        maxX: Math.max(start.x, cur.x),
        maxY: Math.max(start.y, cur.y),
      };
      const inside = ctx.keysIn(r).filter((k) => {
        const b = store.shapes.get(k)?.bounds;
        return b && b.minX >= r.minX && b.maxX <= r.maxX && b.minY >= r.minY && b.maxY <= r.maxY;
      });
      ctx.commit.select(new Set([...base, ...inside]), true);
    },
    overlay(c, S) {
      c.setLineDash([5 / S, 4 / S]);
      c.lineWidth = 1.5 / S;
      c.strokeStyle = '#ffffff';
      c.strokeRect(
        Math.min(start.x, cur.x),
        Math.min(start.y, cur.y),
        Math.abs(cur.x - start.x),
        Math.abs(cur.y - start.y),
      );
      c.setLineDash([]);
    },
  };
}

/** Select (V). */
export const selectTool = defineTool({
  id: 'select',
  key: 'v',
  name: 'Select',
  readonly: true,
  icon: toolIcon(svg`<path d="M3 2l9 6-4 1 2 4-2 1-2-4-3 3z" fill="currentColor" stroke="none"></path>`),
  create: (ctx) => new SelectTool(ctx),
});
