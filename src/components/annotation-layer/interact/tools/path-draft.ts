// Click-by-click drawing of polygons and polylines: each click adds a vertex, the rubber line follows
// the pointer; Enter or a double click ends it, a click on the first vertex closes a polygon,
// Backspace removes the last vertex, Escape drops the draft.
import { ringsCoordinates } from '../../../../entities/annotations/shape-coordinates.js';
import { clampPoint } from '../inside.js';
import type { LayerPointer, Tool, ToolContext } from '../tool.js';

/** The polygon / polyline tool of one layer. */
export class PathDraftTool implements Tool {
  private pts: number[] | null = null;
  private cursor: { x: number; y: number } | null = null;

  constructor(
    private readonly ctx: ToolContext,
    private readonly kind: 'polygon' | 'polyline',
  ) {}

  down(p: LayerPointer): undefined {
    const { ctx } = this;
    p.claim();
    const pts = (this.pts ??= []);
    const n = pts.length / 2;
    if (this.kind === 'polygon' && n >= 3 && Math.hypot(pts[0]! - p.x, pts[1]! - p.y) * ctx.view().scale < 8) {
      this.finish();
      return undefined;
    }
    // A click past the image edge puts the vertex on the edge.
    const at = clampPoint(ctx.store, p.x, p.y);
    pts.push(at.x, at.y);
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
    if (key === 'Escape') this.cancel();
    else if (key === 'Enter') this.finish();
    else if (key === 'Backspace' || key === 'Delete') {
      this.pts.length -= 2;
      if (!this.pts.length) {
        this.pts = null;
        this.cursor = null;
      }
      this.ctx.redraw();
    } else return false;
    return true;
  }

  cancel(): void {
    this.pts = null;
    this.cursor = null;
    this.ctx.redraw();
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
    c.fillStyle = color;
    for (let i = 0; i < p.length; i += 2) c.fillRect(p[i]! - 3 / S, p[i + 1]! - 3 / S, 6 / S, 6 / S);
  };

  /** Creates the annotation when the draft has enough vertices (3 for a polygon, 2 for a polyline). */
  private finish(): void {
    const pts = this.pts;
    if (!pts || pts.length / 2 < (this.kind === 'polygon' ? 3 : 2)) return;
    this.pts = null;
    this.cursor = null;
    this.ctx.commit.create(this.kind === 'polygon' ? 'segment' : 'polyline', ringsCoordinates([pts]));
  }
}
