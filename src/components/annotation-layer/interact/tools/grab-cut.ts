// Box to object (GrabCut): drag a box around an object and it becomes a mask or a polygon (the bar's
// Output). Strokes inside the box then refine it: object strokes (what must be in) or background
// strokes (what must be out), Q switches the kind, Alt draws the other one; each refinement is one
// undo step on the same annotation: Ctrl+Z takes back the last stroke's result (its strokes leave the
// canvas at once), Ctrl+Shift+Z puts it back with its strokes and the object goes on from there;
// Ctrl+Z or Escape while a run is still working cancels it (a first run: the box goes). The box drag
// sets the selection aside; a first run cancelled or finding nothing gives it back. Enter (or a drag
// outside the box) ends the object. The engine bounds the work: the box plus a margin, shrunk to at most 512²
// pixels, 5 iterations.
import { html, svg } from 'lit';
import type { XY } from '../../../../entities/geometry-backend.js';
import type { GrabCutStroke } from '../../../../geometry/kernels/grab-cut.js';
import { msg } from '../../../strings.js';
import { defineTool, type Gesture, type LayerPointer, type Tool, type ToolContext } from '../tool.js';
import {
  type AssistOutput,
  choice,
  createFromResults,
  drawStroke,
  geometryOf,
  hint,
  isEmptyResult,
  newLabel,
  outputChoice,
  outputOptions,
  replaceGeometry,
  statusView,
} from './assist-common.js';
import { toolIcon } from './icon.js';
import { rectDrag } from './rect-drag.js';

/** Stroke colours: object (green) and background (red). */
export const STROKE_COLORS = { fg: '#22c55e', bg: '#ef4444' } as const;
/** Stroke radius in screen px (the hint need not be precise; it stays the same size at any zoom). */
const STROKE_PX = 5;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One object being made: its box, its strokes, its annotation, and the geometry after each step. */
interface Session {
  rect: Box;
  /** The box plus the margin GrabCut learns the background from: strokes count only in there. */
  roi: Box;
  /** The strokes shown: those of the result at `at`, then any drawn since (their run is working). */
  strokes: GrabCutStroke[];
  key: string | null;
  output: AssistOutput;
  label: string;
  /**
   * Geometry fingerprint after each result, with the strokes that made it. An undo moves `at` back
   * along it and a redo forward (the results after `at` are kept for the redo); a new result drops them.
   */
  history: Array<{ geometry: string | null; strokes: readonly GrabCutStroke[] }>;
  /** The result the annotation shows now (-1: the first result's creation was undone). */
  at: number;
  /** The newest run (older runs' answers are dropped). */
  run: number;
  /** A run is working (Ctrl+Z cancels it). */
  working: boolean;
  /** Gives back the selection the box drag set aside, until the first result makes the annotation. */
  giveBack: (() => void) | null;
}

/** The box-to-object tool of one layer. */
export class GrabCutTool implements Tool {
  output: AssistOutput = 'mask';
  /** The kind of the next stroke (Alt draws the other one). */
  strokeKind: 'fg' | 'bg' = 'fg';
  private session: Session | null = null;
  private drawing: GrabCutStroke | null = null;

  constructor(private readonly ctx: ToolContext) {}

  down(p: LayerPointer): Gesture | undefined {
    const { ctx } = this;
    p.claim();
    const s = this.current();
    if (s?.key && inside(s.roi, p)) {
      const kind = p.altKey ? (this.strokeKind === 'fg' ? 'bg' : 'fg') : this.strokeKind;
      return this.stroke(s, p, kind);
    }
    // a new box: an object whose first run is still working is dropped (its selection comes back first)
    if (this.session) this.end();
    return rectDrag(ctx, p, 'rect', (x0, y0, x1, y1, giveBack) => void this.box(x0, y0, x1, y1, giveBack));
  }

  idle(): void {
    this.ctx.assist.warm();
  }

  key(key: string): boolean {
    const { ctx } = this;
    if (key === 'q') {
      this.strokeKind = this.strokeKind === 'fg' ? 'bg' : 'fg';
      ctx.announce(msg('annotationLayer.grabcut.strokeKind', { kind: this.kindName(this.strokeKind) }));
      ctx.refresh();
      return true;
    }
    if (key === 'Escape') {
      if (this.cancelRun()) return true;
      if (ctx.assist.cancel()) {
        ctx.announce(msg('annotationLayer.assist.cancelled'));
        return true;
      }
      if (!this.current()) return false;
      this.end();
      return true;
    }
    if (key === 'Enter') {
      if (!this.current()) return false;
      this.end();
      ctx.announce(msg('annotationLayer.grabcut.done'));
      return true;
    }
    if (key === 'Backspace' || key === 'Delete') {
      const s = this.current();
      if (!s?.strokes.length) return false;
      s.strokes.pop();
      ctx.redraw();
      void this.run(s);
      return true;
    }
    return false;
  }

  /** Drops the object (its annotation stays); on a tool change a first run's selection comes back. */
  cancel(newData = false): void {
    this.ctx.assist.cancel();
    this.end(!newData);
  }

  /**
   * Ctrl+Z while a run works cancels it (the strokes it was given leave; a first run's box goes and
   * the selection comes back); otherwise the undo is the history's (each result is a step).
   */
  undoDraft(): boolean {
    return this.cancelRun();
  }

  /**
   * Cancels the run that is working (Ctrl+Z, Escape) at once, in this task: "Cancelled" is said and
   * the selection a first run's box set aside comes back with it ("Cancelled · Selected Car box"),
   * not later when the cancelled answer arrives (whose selection update would replace the words).
   */
  private cancelRun(): boolean {
    const s = this.current();
    if (!s?.working) return false;
    const { ctx } = this;
    s.run++; // its answer is dropped
    s.working = false;
    ctx.assist.cancel();
    ctx.announce(msg('annotationLayer.assist.cancelled'), true); // the selection given back joins it
    if (s.at < 0) this.end();
    else {
      s.strokes = s.history[s.at]!.strokes.slice();
      ctx.redraw();
    }
    return true;
  }

  /** After the history's undo / redo: the strokes shown are those of the result the annotation shows. */
  historyMoved(): void {
    this.current();
    this.ctx.redraw();
    this.ctx.refresh();
  }

  overlayCovers(): boolean {
    return this.shown() !== null || this.drawing !== null;
  }

  overlay = (c: CanvasRenderingContext2D, S: number): void => {
    const s = this.shown();
    if (s) {
      c.save();
      c.setLineDash([6 / S, 4 / S]);
      c.lineWidth = 1.5 / S;
      c.strokeStyle = this.ctx.labelColor();
      c.strokeRect(s.rect.x, s.rect.y, s.rect.width, s.rect.height);
      c.restore();
      for (const st of s.strokes) drawStroke(c, st.points, st.radius ?? 3, STROKE_COLORS[st.kind]);
    }
    const d = this.drawing;
    if (d) drawStroke(c, d.points, d.radius ?? 3, STROKE_COLORS[d.kind]);
  };

  options() {
    return html`${outputChoice(this.output, (v) => {
      this.output = v;
      this.ctx.refresh();
    })}
      ${choice(
        msg('annotationLayer.assist.strokes'),
        [
          {
            value: 'fg',
            text: msg('annotationLayer.assist.object'),
            title: `${msg('annotationLayer.assist.object')} (Q)`,
          },
          {
            value: 'bg',
            text: msg('annotationLayer.assist.background'),
            title: `${msg('annotationLayer.assist.background')} (Q)`,
          },
        ] as const,
        this.strokeKind,
        (v) => {
          this.strokeKind = v;
          this.ctx.refresh();
        },
        'strokes',
      )}
      ${hint(msg('annotationLayer.grabcut.hint'))} ${statusView(this.ctx.assist)}`;
  }

  private kindName(k: 'fg' | 'bg'): string {
    return msg(k === 'fg' ? 'annotationLayer.assist.object' : 'annotationLayer.assist.background');
  }

  /**
   * The session, if its annotation is as one of its results left it: an undo or a redo moves it to
   * that result (its strokes shown again). Null while the creation is undone (a redo brings the
   * object back) and, the session ended, when the annotation was edited otherwise or deleted.
   */
  private current(): Session | null {
    const s = this.session;
    if (!s?.key) return s;
    const g = geometryOf(this.ctx, s.key);
    if (g === null) {
      // the creation undone: a redo of it goes on with the first result
      if (s.at >= 0) {
        s.at = -1;
        s.strokes = [];
        s.run++;
        s.working = false;
      }
      return null;
    }
    const i = this.find(s, g);
    if (i < 0) {
      this.end();
      return null;
    }
    if (i !== s.at) {
      s.at = i;
      s.strokes = s.history[i]!.strokes.slice();
      s.run++; // a run of the strokes before the move is old news
      s.working = false;
    }
    return s;
  }

  /** The result of `s` with geometry `g`: the current one, else the nearest before it, else after it. */
  private find(s: Session, g: string): number {
    if (s.at >= 0 && s.history[s.at]!.geometry === g) return s.at;
    for (let i = Math.min(s.at, s.history.length) - 1; i >= 0; i--) if (s.history[i]!.geometry === g) return i;
    for (let i = s.at + 1; i < s.history.length; i++) if (s.history[i]!.geometry === g) return i;
    return -1;
  }

  /** The session whose box and strokes show: not while its creation is undone. */
  private shown(): Session | null {
    const s = this.session;
    return s && (!s.key || s.at >= 0) ? s : null;
  }

  /** Ends the object; `giveBack`: before its first result, the selection the box set aside comes back. */
  private end(giveBack = true): void {
    const back = giveBack && !this.session?.key ? this.session?.giveBack : null;
    this.session = null;
    this.drawing = null;
    this.ctx.redraw();
    this.ctx.refresh();
    back?.();
  }

  private async box(x0: number, y0: number, x1: number, y1: number, giveBack: (() => void) | null): Promise<void> {
    const { ctx } = this;
    const W = ctx.store.shapes.itemWidth;
    const H = ctx.store.shapes.itemHeight;
    const bx0 = Math.max(0, Math.floor(x0));
    const by0 = Math.max(0, Math.floor(y0));
    const bx1 = Math.min(W, Math.ceil(x1));
    const by1 = Math.min(H, Math.ceil(y1));
    if (bx1 - bx0 < 2 || by1 - by0 < 2) {
      giveBack?.();
      return;
    }
    const rect = { x: bx0, y: by0, width: bx1 - bx0, height: by1 - by0 };
    // the engine's default margin: max(16, 10% of the longer side)
    const m = Math.round(Math.max(16, 0.1 * Math.max(rect.width, rect.height)));
    const rx0 = Math.max(0, bx0 - m);
    const ry0 = Math.max(0, by0 - m);
    const roi = { x: rx0, y: ry0, width: Math.min(W, bx1 + m) - rx0, height: Math.min(H, by1 + m) - ry0 };
    this.session = {
      rect,
      roi,
      strokes: [],
      key: null,
      output: this.output,
      label: newLabel(ctx),
      history: [],
      at: -1,
      run: 0,
      working: false,
      giveBack,
    };
    ctx.redraw();
    await this.run(this.session);
  }

  private stroke(s: Session, start: LayerPointer, kind: 'fg' | 'bg'): Gesture {
    const { ctx } = this;
    const radius = Math.max(1, Math.round(STROKE_PX / ctx.view().scale));
    const points: XY[] = [{ x: Math.round(start.x), y: Math.round(start.y) }];
    const stroke: GrabCutStroke = { kind, points, radius };
    this.drawing = stroke;
    ctx.redraw();
    return {
      move: (p) => {
        const q = { x: Math.round(p.x), y: Math.round(p.y) };
        const last = points[points.length - 1]!;
        if (q.x !== last.x || q.y !== last.y) points.push(q);
        ctx.redraw();
      },
      up: () => {
        this.drawing = null;
        if (this.session !== s || s.at < 0) return;
        s.strokes.push(stroke);
        ctx.redraw();
        void this.run(s);
      },
    };
  }

  /** GrabCut with the session's box and strokes; the first result makes the annotation, later ones change it. */
  private async run(s: Session): Promise<void> {
    const { ctx } = this;
    const id = ++s.run;
    const strokes = s.strokes.slice();
    s.working = true;
    const r = await ctx.assist.run((key, b, o) =>
      b.grabCut(key, { rect: s.rect, strokes }, { ...o, ...outputOptions(ctx, s.output, s.label) }),
    );
    if (this.session !== s || id !== s.run || !ctx.isConnected()) {
      r?.preview?.close();
      return;
    }
    s.working = false;
    if (!r || isEmptyResult(r, s.output)) {
      r?.preview?.close();
      if (r) ctx.announce(msg('annotationLayer.assist.nothing'), !s.key); // a selection given back joins it
      // what this run added is not in the annotation: drop it (all of it, and the box, when there is
      // no annotation yet: the selection the box set aside comes back)
      if (!s.key) this.end();
      else s.strokes = s.history[s.at]!.strokes.slice();
      ctx.redraw();
      return;
    }
    if (!s.key) {
      const [key] = createFromResults(ctx, [{ result: r, output: s.output, label: s.label }]);
      if (!key) return this.end();
      s.key = key;
      s.giveBack = null; // the new object is selected now
    } else {
      if (geometryOf(ctx, s.key) !== s.history[s.at]!.geometry) {
        // edited meanwhile (another tool): this object is over
        r.preview?.close();
        return this.end();
      }
      if (await replaceGeometry(ctx, s.key, r, 'refine')) ctx.announce(msg('annotationLayer.grabcut.refined'));
      if (this.session !== s) return;
    }
    // a new result: the ones an undo stepped back from are gone (so is the store's redo)
    s.history.length = s.at + 1;
    s.history.push({ geometry: geometryOf(ctx, s.key), strokes });
    s.at = s.history.length - 1;
    ctx.redraw();
  }
}

function inside(b: Box, p: { x: number; y: number }): boolean {
  return p.x >= b.x && p.y >= b.y && p.x <= b.x + b.width && p.y <= b.y + b.height;
}

/** Box to object (G): GrabCut in a dragged box, refined with strokes. */
export const grabCutTool = defineTool({
  id: 'grabcut',
  key: 'g',
  name: 'Box to object',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(
    svg`<rect x="1.5" y="1.5" width="13" height="13" rx="1" stroke-dasharray="2.5 2"></rect><path d="M5 11c0-3 1.5-6 3.5-6S12 8 11 11z" fill="currentColor" fill-opacity="0.35"></path>`,
  ),
  picked: (ctx) => {
    ctx.assist.warm();
    return undefined;
  },
  create: (ctx) => new GrabCutTool(ctx),
});
