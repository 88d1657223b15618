// Intelligent scissors: click points along an object's edge; between clicks the path from the last
// point follows the image's edges under the pointer. The worker computes the edge features of the
// visible area once, a cost map per clicked point (the slow step, run on the click), and a path per
// pointer move (cheap). Enter, a double click or a click on the first point closes the polygon;
// Backspace or Ctrl+Z removes the last point (Ctrl+Shift+Z puts it back, reopening the draft when
// Ctrl+Z took its only point); Esc cancels what runs, then drops the draft. As the polygon's draft, the
// first point sets the selection aside; Escape, a tool change or taking back the only point gives it back.
import { html, svg } from 'lit';
import { ringsCoordinates } from '../../../../entities/annotations/shape-coordinates.js';
import type { XY } from '../../../../entities/geometry-backend.js';
import type { AssistBackend, AssistCallOptions, ScissorsHandle } from '../../../../geometry/assist/assist-types.js';
import { simplifyPath } from '../../../../geometry/shapes/simplify.js';
import { msg } from '../../../strings.js';
import { defineTool, type LayerPointer, type Tool, type ToolContext } from '../tool.js';
import { hint, statusView } from './assist-common.js';
import { toolIcon } from './icon.js';
import { scissorsTolerance } from './scissors-tolerance.js';
import { setSelectionAside } from './set-aside.js';

/**
 * Most pixels of the computed region. A point's cost map is a shortest-path search over all of them:
 * measured in Chromium's worker on a photo-like scene (2 shared cores, loaded), ~40 ms for 100k px,
 * 140–300 ms for 256k, 400–450 ms for 655k, 600–1000 ms for 1M. 256k keeps a click's map near the
 * 150 ms progress threshold on a quiet machine, and the whole visible area at full resolution from
 * 2x zoom (a 1280×800 view at 1:1 is computed at half resolution: a path on a 2-px grid, i.e. what
 * the screen shows at that zoom).
 */
export const SCISSORS_MAX_PIXELS = 1 << 18;
/** Margin around the visible area and the points, image px (a path may hug the view's edge). */
const MARGIN = 16;
/** A click this close (screen px) to the first point closes the polygon. */
const CLOSE_PX = 8;

interface Segment {
  from: XY;
  to: XY;
  /** The edge-following path, `from` first; null until the worker answered (drawn straight meanwhile). */
  path: XY[] | null;
}

const same = (a: XY | undefined, b: XY | undefined) => !!a && !!b && a.x === b.x && a.y === b.y;

/** The intelligent-scissors tool of one layer. */
export class ScissorsTool implements Tool {
  private anchors: XY[] = [];
  /** `segments[i]` joins `anchors[i]` and `anchors[i + 1]`. */
  private segments: Segment[] = [];
  /** From the last point to the pointer. */
  private live: XY[] | null = null;
  private handle: ScissorsHandle | null = null;
  private preparing: Promise<ScissorsHandle> | null = null;
  private wanted: XY | null = null;
  private inFlight = false;
  /** Bumped when the draft ends: late answers for it are dropped. */
  private epoch = 0;
  /** Gives back the selection the first point set aside (Escape, tool change, the only point taken back). */
  private giveBack: (() => void) | null = null;
  /** The points Ctrl+Z took back, newest last (Ctrl+Shift+Z puts them back; a click forgets them). */
  private taken: XY[] = [];
  /** Ctrl+Z took the only point: what it took and the store's revision then (a redo reopens the draft). */
  private closedBy: { taken: XY[]; revision: number } | null = null;

  constructor(private readonly ctx: ToolContext) {}

  down(p: LayerPointer): undefined {
    const { ctx } = this;
    p.claim();
    const pt = this.pixel(p);
    if (!pt) return undefined;
    this.closedBy = null;
    this.taken = [];
    if (!this.anchors.length) this.start();
    const first = this.anchors[0];
    if (this.anchors.length >= 3 && Math.hypot(first!.x - p.x, first!.y - p.y) * ctx.view().scale < CLOSE_PX) {
      void this.close();
      return undefined;
    }
    this.addAnchor(pt);
    return undefined;
  }

  idle(p: LayerPointer): void {
    this.ctx.assist.warm();
    if (!this.anchors.length) return;
    this.wanted = this.pixel(p);
    void this.pump();
  }

  dblclick(): boolean {
    if (!this.anchors.length) return false;
    // the double click's second press added the same point again
    const n = this.anchors.length;
    if (n >= 2 && same(this.anchors[n - 1], this.anchors[n - 2])) this.removeLast();
    void this.close();
    return true;
  }

  key(key: string): boolean {
    const { ctx } = this;
    if (key === 'Escape') {
      if (ctx.assist.cancel()) {
        ctx.announce(msg('annotationLayer.assist.cancelled'));
        return true;
      }
      if (!this.anchors.length) return false;
      this.reset(true);
      return true;
    }
    if (!this.anchors.length) return false;
    if (key === 'Enter') void this.close();
    else if (key === 'Backspace' || key === 'Delete') this.removeLast();
    else return false;
    return true;
  }

  /** Ctrl+Z in a draft takes back its last point, as Backspace (Ctrl+Shift+Z puts it back). */
  undoDraft(): boolean {
    // no draft: the undo is the history's, and so is a redo then
    this.closedBy = null;
    if (!this.anchors.length) return false;
    const taken = [...this.taken, this.anchors[this.anchors.length - 1]!];
    this.removeLast();
    this.taken = taken;
    if (!this.anchors.length) this.closedBy = { taken, revision: this.ctx.store.annotations.revision };
    return true;
  }

  /**
   * Ctrl+Shift+Z in a draft puts back the point Ctrl+Z took (its path follows the edges again); right
   * after Ctrl+Z took the only point it reopens the draft with it. 0: nothing to put back.
   */
  redoDraft(): number | undefined {
    const closed = this.closedBy;
    this.closedBy = null;
    const reopen = !this.anchors.length && closed && closed.revision === this.ctx.store.annotations.revision;
    if (reopen) {
      this.start();
      this.taken = closed.taken;
    }
    if (!this.anchors.length && !reopen) return undefined;
    const pt = this.taken.pop();
    if (!pt) return 0;
    this.addAnchor(pt, false);
    return this.anchors.length;
  }

  /** Drops the draft; on a tool change (not new data) the selection its first point set aside comes back. */
  cancel(newData = false): void {
    this.ctx.assist.cancel();
    this.reset(!newData);
    this.release();
  }

  overlayCovers(): boolean {
    return this.anchors.length > 0;
  }

  overlay = (c: CanvasRenderingContext2D, S: number): void => {
    if (!this.anchors.length) return;
    const color = this.ctx.labelColor();
    c.save();
    c.lineWidth = 2 / S;
    c.strokeStyle = color;
    c.lineJoin = 'round';
    const line = (pts: readonly XY[], dashed: boolean) => {
      c.setLineDash(dashed ? [4 / S, 4 / S] : []);
      c.beginPath();
      pts.forEach((q, i) => (i ? c.lineTo(q.x + 0.5, q.y + 0.5) : c.moveTo(q.x + 0.5, q.y + 0.5)));
      c.stroke();
    };
    for (const s of this.segments) line(s.path ?? [s.from, s.to], !s.path);
    if (this.live) line(this.live, false);
    c.setLineDash([]);
    c.fillStyle = color;
    this.anchors.forEach((a, i) => {
      const r = (i === 0 ? 4 : 3) / S;
      c.fillRect(a.x + 0.5 - r, a.y + 0.5 - r, 2 * r, 2 * r);
    });
    c.restore();
  };

  options() {
    return html`${hint(msg('annotationLayer.scissors.hint'))}
      ${this.anchors.length ? html`<span class="opt-count" data-readout="points">${msg('annotationLayer.scissors.points', { count: this.anchors.length })}</span>` : ''}
      ${statusView(this.ctx.assist)}`;
  }

  /** The image pixel under the pointer, clamped to the image; null without an image. */
  private pixel(p: { x: number; y: number }): XY | null {
    const { itemWidth: w, itemHeight: h } = this.ctx.store.shapes;
    if (!w || !h) return null;
    return { x: Math.min(w - 1, Math.max(0, Math.floor(p.x))), y: Math.min(h - 1, Math.max(0, Math.floor(p.y))) };
  }

  /** `say`: announce the count (a redo's put-back says it in its own words instead). */
  private addAnchor(pt: XY, say = true): void {
    const { ctx } = this;
    const last = this.anchors[this.anchors.length - 1];
    if (last) {
      const live = this.live;
      const seg: Segment = { from: last, to: pt, path: live && same(live[live.length - 1], pt) ? live : null };
      this.segments.push(seg);
      if (!seg.path) void this.fill(seg);
    }
    this.anchors.push(pt);
    this.live = null;
    if (say) ctx.announce(msg('annotationLayer.scissors.points', { count: this.anchors.length }));
    ctx.refresh();
    ctx.redraw();
    void this.buildMap(pt);
  }

  private removeLast(): void {
    this.anchors.pop();
    this.segments.pop();
    this.live = null;
    const last = this.anchors[this.anchors.length - 1];
    if (last) void this.buildMap(last);
    else this.reset(true); // the only point gone: as Escape
    this.ctx.announce(msg('annotationLayer.scissors.points', { count: this.anchors.length }));
    this.ctx.refresh();
    this.ctx.redraw();
  }

  /** A new draft: the old selection leaves the panel and the canvas (see setSelectionAside). */
  private start(): void {
    const { ctx } = this;
    this.giveBack = setSelectionAside(ctx);
    if (ctx.store.hover.set(null)) ctx.refresh();
  }

  /** Ends the draft; `giveBack`: the selection its first point set aside comes back (not after a result). */
  private reset(giveBack = false): void {
    const back = giveBack ? this.giveBack : null;
    this.giveBack = null;
    this.taken = [];
    this.closedBy = null;
    this.epoch++;
    this.anchors = [];
    this.segments = [];
    this.live = null;
    this.wanted = null;
    this.ctx.refresh();
    this.ctx.redraw();
    back?.();
  }

  private release(): void {
    const h = this.handle;
    this.handle = null;
    this.preparing = null;
    if (h)
      void this.ctx.assist
        .backend()
        ?.releaseScissors(h)
        .catch(() => undefined);
  }

  /**
   * A prepared region holding every point of the draft and the visible area (computed again when a
   * point falls outside the current one, e.g. after a pan).
   */
  private async region(b: AssistBackend, key: string, o: AssistCallOptions): Promise<ScissorsHandle> {
    for (;;) {
      const h = this.handle;
      if (h && h.key === key && this.anchors.every((a) => covers(h, a))) return h;
      if (this.preparing) {
        await this.preparing;
        if (this.handle && this.handle !== h) continue;
      }
      const { itemWidth: W, itemHeight: H } = this.ctx.store.shapes;
      const view = this.ctx.assist.visibleRect() ?? { x: 0, y: 0, width: W, height: H };
      let x0 = view.x;
      let y0 = view.y;
      let x1 = view.x + view.width;
      let y1 = view.y + view.height;
      for (const a of this.anchors) {
        x0 = Math.min(x0, a.x);
        y0 = Math.min(y0, a.y);
        x1 = Math.max(x1, a.x + 1);
        y1 = Math.max(y1, a.y + 1);
      }
      x0 = Math.max(0, Math.floor(x0 - MARGIN));
      y0 = Math.max(0, Math.floor(y0 - MARGIN));
      x1 = Math.min(W, Math.ceil(x1 + MARGIN));
      y1 = Math.min(H, Math.ceil(y1 + MARGIN));
      const rect = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
      // finer than a screen pixel is not visible; more than SCISSORS_MAX_PIXELS makes each click slow
      const scale = Math.min(1, this.ctx.view().scale, Math.sqrt(SCISSORS_MAX_PIXELS / (rect.width * rect.height)));
      this.release();
      const p = b.prepareScissors(
        key,
        { rect, scale, maxPixels: SCISSORS_MAX_PIXELS },
        { ...o, lane: 'scissors-prepare' },
      );
      this.preparing = p;
      try {
        const h2 = await p;
        if (this.preparing === p) this.handle = h2;
        else void b.releaseScissors(h2).catch(() => undefined);
      } finally {
        if (this.preparing === p) this.preparing = null;
      }
    }
  }

  /** Builds the cost map of the new last point (the slow step: an action, with progress). */
  private async buildMap(pt: XY): Promise<void> {
    const ep = this.epoch;
    const done = await this.ctx.assist.run(async (key, b, o) => {
      const h = await this.region(b, key, o);
      if (ep !== this.epoch) return false;
      await b.scissorsPath(h, pt, pt, { ...o, lane: 'scissors-anchor' });
      return true;
    });
    if (done && ep === this.epoch) void this.pump();
  }

  /** The path of a segment the pointer had not reached before the click. */
  private async fill(seg: Segment): Promise<void> {
    const ep = this.epoch;
    const path = await this.ctx.assist.run(async (key, b, o) => {
      const h = await this.region(b, key, o);
      return b.scissorsPath(h, seg.from, seg.to, { ...o, lane: null });
    }, 'preview');
    if (path && ep === this.epoch) {
      seg.path = path;
      this.ctx.redraw();
    }
  }

  /** The live path to the newest pointer position (at most one query in flight). */
  private async pump(): Promise<void> {
    const last = this.anchors[this.anchors.length - 1];
    const to = this.wanted;
    const h = this.handle;
    if (this.inFlight || !to || !last || !h || !covers(h, last)) return;
    this.wanted = null;
    this.inFlight = true;
    const ep = this.epoch;
    const path = await this.ctx.assist.run((_key, b, o) => b.scissorsPath(h, last, to, o), 'preview');
    this.inFlight = false;
    if (ep !== this.epoch || !same(this.anchors[this.anchors.length - 1], last)) return;
    if (path) {
      this.live = path;
      this.ctx.redraw();
    }
    if (this.wanted) void this.pump();
  }

  /** Closes the polygon along the edges back to the first point and creates it. */
  private async close(): Promise<void> {
    const { ctx } = this;
    if (this.anchors.length < 3) return;
    const ep = this.epoch;
    const anchors = this.anchors.slice();
    const segments = this.segments.slice();
    const closing: Segment = { from: anchors[anchors.length - 1]!, to: anchors[0]!, path: null };
    const scale = await ctx.assist.run(async (key, b, o) => {
      const h = await this.region(b, key, o);
      for (const s of [...segments, closing])
        if (!s.path) s.path = await b.scissorsPath(h, s.from, s.to, { ...o, lane: 'scissors-close' });
      return h.scale;
    });
    if (scale === undefined || ep !== this.epoch) return;
    const ring: XY[] = [];
    const pinned: number[] = [];
    for (const s of [...segments, closing]) {
      pinned.push(ring.length);
      const path = s.path!;
      // each path starts at the point the previous one ended on
      ring.push(...(ring.length && same(ring[ring.length - 1], path[0]) ? path.slice(1) : path));
    }
    if (same(ring[0], ring[ring.length - 1])) ring.pop();
    const simple = simplifyPath(ring, scissorsTolerance(ctx.view().scale, scale), pinned);
    // nothing made gives the selection back; a new polygon is the selection now
    this.reset(simple.length < 3);
    if (simple.length < 3) return;
    ctx.commit.create('segment', ringsCoordinates([simple]));
  }
}

function covers(h: ScissorsHandle, p: XY): boolean {
  return p.x >= h.rect.x && p.y >= h.rect.y && p.x < h.rect.x + h.rect.width && p.y < h.rect.y + h.rect.height;
}

/** Intelligent scissors (S): a polygon along image edges. */
export const scissorsTool = defineTool({
  id: 'scissors',
  key: 's',
  name: 'Intelligent scissors',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(
    svg`<circle cx="4" cy="12" r="2"></circle><circle cx="12" cy="12" r="2"></circle><path d="M5.4 10.6L11 2M10.6 10.6L5 2"></path>`,
  ),
  picked: (ctx) => {
    ctx.assist.warm();
    return undefined;
  },
  create: (ctx) => new ScissorsTool(ctx),
});
