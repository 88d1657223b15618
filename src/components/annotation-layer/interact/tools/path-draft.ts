// Click-by-click drawing of polygons and polylines: each click adds a vertex, the rubber line follows
// the pointer; Enter or a double click ends it, a click on the first vertex closes a polygon,
// Backspace or Ctrl+Z removes the last vertex (Ctrl+Shift+Z puts it back, reopening the draft when Ctrl+Z took
// its only vertex), Escape drops the draft, and so does a tool change. The first click
// drops the selection (the panel then shows the label the new shape gets, and label keys set it instead
// of relabelling the old shape); Escape of the draft, a tool change, or Backspace of its last vertex,
// gives that selection back, so it undoes the whole start. While drawing a polygon, a dashed line shows the closing edge (the pointer, or the
// last vertex, back to the first).
import { ringsCoordinates } from '../../../../entities/annotations/shape-coordinates.js';
import { clampPoint } from '../inside.js';
import type { LayerPointer, Tool, ToolContext } from '../tool.js';
import { setSelectionAside } from './set-aside.js';

/** The polygon / polyline tool of one layer. */
export class PathDraftTool implements Tool {
  private pts: number[] | null = null;
  private cursor: { x: number; y: number } | null = null;
  /** Gives back the selection the draft's first vertex set aside (Escape, tool change; Backspace of the last vertex). */
  private giveBack: (() => void) | null = null;
  /** The vertices Ctrl+Z took back from the draft, newest last (Ctrl+Shift+Z puts them back; a click forgets them). */
  private taken: number[] = [];
  /**
   * When Ctrl+Z took the draft's only vertex (the draft closed, the selection came back): the vertices
   * taken, newest last, and the store's revision then. Ctrl+Shift+Z reopens the draft with the last of
   * them while nothing else happened (CVAT, Label Studio: redo restores the point); a click, a tool
   * change, a further Ctrl+Z (the history's then) or any edit forgets them.
   */
  private closedBy: { taken: number[]; revision: number } | null = null;

  constructor(
    private readonly ctx: ToolContext,
    private readonly kind: 'polygon' | 'polyline',
  ) {}

  down(p: LayerPointer): undefined {
    const { ctx } = this;
    p.claim();
    this.closedBy = null;
    if (!this.pts) {
      // Starting a new shape: the old one's handles and label leave the panel and the canvas.
      this.giveBack = setSelectionAside(ctx);
      // nor does the shape last hovered in the select tool keep its highlight (nothing updates it here)
      if (ctx.store.hover.set(null)) ctx.refresh();
    }
    const pts = (this.pts ??= []);
    const n = pts.length / 2;
    if (this.kind === 'polygon' && n >= 3 && Math.hypot(pts[0]! - p.x, pts[1]! - p.y) * ctx.view().scale < 8) {
      this.finish();
      return undefined;
    }
    // A click past the image edge puts the vertex on the edge.
    const at = clampPoint(ctx.store, p.x, p.y);
    pts.push(at.x, at.y);
    this.taken = [];
    ctx.announce(`${n + 1}`);
    ctx.redraw();
    return undefined;
  }

  idle(p: LayerPointer): void {
    if (!this.pts) return;
    this.cursor = clampPoint(this.ctx.store, p.x, p.y);
    this.ctx.redraw();
  }

  dblclick(): boolean {
    const p = this.pts;
    if (!p) return false;
    // The double click's second press added a duplicate vertex.
    const n = p.length;
    if (n >= 4 && p[n - 2] === p[n - 4] && p[n - 1] === p[n - 3]) p.length = n - 2;
    this.finish();
    return true;
  }

  key(key: string): boolean {
    if (!this.pts) return false;
    if (key === 'Escape') this.giveUp();
    else if (key === 'Enter') this.finish();
    else if (key === 'Backspace' || key === 'Delete') this.removeLast();
    else return false;
    return true;
  }

  /** Ctrl+Z in a draft takes back its last vertex, as Backspace (Photoshop's pen, CVAT, Label Studio). */
  undoDraft(): boolean {
    // no draft: the undo is the history's, and a redo then is too
    this.closedBy = null;
    if (!this.pts) return false;
    const taken = [...this.taken, this.pts.at(-2)!, this.pts.at(-1)!];
    this.taken = taken;
    this.removeLast();
    // the only vertex taken: the draft closed, but a redo reopens it
    if (!this.pts) this.closedBy = { taken, revision: this.ctx.store.annotations.revision };
    return true;
  }

  /**
   * Ctrl+Shift+Z in a draft puts back the vertex Ctrl+Z took (the layer announces it); right after
   * Ctrl+Z took the only vertex it reopens the draft with it (setting the selection aside again).
   */
  redoDraft(): number | undefined {
    const closed = this.closedBy;
    this.closedBy = null;
    if (!this.pts && closed && closed.revision === this.ctx.store.annotations.revision) {
      const { ctx } = this;
      this.giveBack = setSelectionAside(ctx);
      if (ctx.store.hover.set(null)) ctx.refresh();
      this.pts = [];
      this.taken = closed.taken;
    }
    if (!this.pts) return undefined;
    if (!this.taken.length) return 0;
    const y = this.taken.pop()!;
    this.pts.push(this.taken.pop()!, y);
    this.ctx.redraw();
    return this.pts.length / 2;
  }

  private removeLast(): void {
    this.pts!.length -= 2;
    // the last vertex gone: as Escape, the selection the first click dropped comes back
    if (!this.pts!.length) this.giveUp();
    else this.ctx.redraw();
  }

  /** Drops the draft and gives back the selection its first vertex set aside (see setSelectionAside). */
  private giveUp(): void {
    this.cancel();
  }

  /**
   * Drops the draft. A tool change does as Escape: the draft is discarded (finishing it could make a
   * shape nobody meant; Enter finishes it first) and the selection it set aside comes back. New data
   * gives nothing old back.
   */
  cancel(newData = false): void {
    // with no draft open nothing was set aside any more (a finished shape keeps the selection it made)
    const giveBack = newData || !this.pts ? null : this.giveBack;
    this.pts = null;
    this.cursor = null;
    this.giveBack = null;
    this.taken = [];
    this.closedBy = null;
    this.ctx.redraw();
    giveBack?.();
  }

  overlayCovers(): boolean {
    return this.pts !== null;
  }

  overlay = (c: CanvasRenderingContext2D, S: number): void => {
    const p = this.pts;
    if (!p) return;
    const color = this.ctx.labelColor();
    c.beginPath();
    for (let i = 0; i < p.length; i += 2) i ? c.lineTo(p[i]!, p[i + 1]!) : c.moveTo(p[i]!, p[i + 1]!);
    if (this.cursor) c.lineTo(this.cursor.x, this.cursor.y);
    c.lineWidth = 2 / S;
    c.strokeStyle = color;
    c.stroke();
    const n = p.length;
    const end = this.cursor ?? { x: p[n - 2]!, y: p[n - 1]! };
    if (this.kind === 'polygon' && n / 2 + (this.cursor ? 1 : 0) >= 3) {
      // The closing edge: from the pointer (the next vertex) back to the first; dashed, not drawn yet.
      c.beginPath();
      c.moveTo(end.x, end.y);
      c.lineTo(p[0]!, p[1]!);
      c.setLineDash([6 / S, 4 / S]);
      c.lineWidth = 1.5 / S;
      c.stroke();
      c.setLineDash([]);
    }
    c.fillStyle = color;
    for (let i = 0; i < p.length; i += 2) c.fillRect(p[i]! - 3 / S, p[i + 1]! - 3 / S, 6 / S, 6 / S);
  };

  /** Creates the annotation when the draft has enough vertices (3 for a polygon, 2 for a polyline). */
  private finish(): void {
    const pts = this.pts;
    if (!pts || pts.length / 2 < (this.kind === 'polygon' ? 3 : 2)) return;
    this.pts = null;
    this.cursor = null;
    // the new shape is the selection now: what its first vertex set aside never comes back (a later
    // tool change, Escape or delete of the shape must not reselect the old one)
    this.giveBack = null;
    this.ctx.commit.create(this.kind === 'polygon' ? 'segment' : 'polyline', ringsCoordinates([pts]));
  }
}
