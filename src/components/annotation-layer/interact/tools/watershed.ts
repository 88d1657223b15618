// Watershed from scribbles: strokes in two or more labels (each stroke takes the label of new
// annotations when it starts: the digit keys or the picker), or a label and the background (Q, or
// Alt while drawing); Enter floods the visible area from them (OpenCV's marker watershed) and makes
// one mask per label, all in one undo step. Background strokes make no annotation. The strokes are a
// draft, as a polygon's vertices: the first sets the selection aside (Escape, Clear, a tool change or
// taking back the last stroke gives it back), Backspace or Ctrl+Z takes back the last stroke and
// Ctrl+Shift+Z puts it back (reopening the strokes when Ctrl+Z took the only one).
import { html, svg } from 'lit';
import type { XY } from '../../../../entities/geometry-backend.js';
import type { AssistMaskResult } from '../../../../geometry/assist/assist-types.js';
import { encodePlacedSegmentationPng } from '../../../../geometry/codec/segmentation-encode.js';
import type { WatershedScribble } from '../../../../geometry/kernels/watershed.js';
import { msg } from '../../../strings.js';
import { hexToRgb } from '../../../internal/label-colors.js';
import { MASK_FILL_ALPHA } from '../../model/mask-raster.js';
import { defineTool, type Gesture, type LayerPointer, type Tool, type ToolContext } from '../tool.js';
import { choice, createFromResults, drawStroke, hint, newLabel, statusView } from './assist-common.js';
import { toolIcon } from './icon.js';
import { setSelectionAside } from './set-aside.js';

/** The watershed label of background strokes (not an ontology label: no annotation is made for it). */
const BACKGROUND = '\u0000background';
/** Colour of background strokes. */
export const BACKGROUND_STROKE = '#64748b';
/** Stroke radius in screen px. */
const STROKE_PX = 5;
/** Margin around the strokes, image px, when they reach past the visible area. */
const MARGIN = 16;

interface Scribble {
  /** An ontology label, or null for the background. */
  label: string | null;
  points: XY[];
  radius: number;
}

/** The watershed tool of one layer. */
export class WatershedTool implements Tool {
  /** What the next stroke marks (Alt draws the other one). */
  strokeKind: 'label' | 'background' = 'label';
  private strokes: Scribble[] = [];
  private drawing: Scribble | null = null;
  private epoch = 0;
  /** Gives back the selection the first stroke set aside. */
  private giveBack: (() => void) | null = null;
  /** The strokes Ctrl+Z took back, newest last (Ctrl+Shift+Z puts them back; a new stroke forgets them). */
  private taken: Scribble[] = [];
  /** Ctrl+Z took the only stroke: what it took and the store's revision then (a redo reopens the strokes). */
  private closedBy: { taken: Scribble[]; revision: number } | null = null;

  /** The input a draft redo puts back (the layer's announcement). */
  readonly draftInput = 'stroke';

  constructor(private readonly ctx: ToolContext) {}

  down(p: LayerPointer): Gesture | undefined {
    const { ctx } = this;
    p.claim();
    // a label key or the picker then picks the next stroke's label instead of relabelling a selection
    this.closedBy = null;
    this.taken = [];
    if (!this.strokes.length) this.giveBack = setSelectionAside(ctx);
    const kind = p.altKey ? (this.strokeKind === 'label' ? 'background' : 'label') : this.strokeKind;
    const s: Scribble = {
      label: kind === 'background' ? null : newLabel(ctx),
      points: [{ x: Math.round(p.x), y: Math.round(p.y) }],
      radius: Math.max(1, Math.round(STROKE_PX / ctx.view().scale)),
    };
    this.drawing = s;
    ctx.redraw();
    return {
      move: (q) => {
        const pt = { x: Math.round(q.x), y: Math.round(q.y) };
        const last = s.points[s.points.length - 1]!;
        if (pt.x !== last.x || pt.y !== last.y) s.points.push(pt);
        ctx.redraw();
      },
      up: () => {
        this.drawing = null;
        this.strokes.push(s);
        ctx.refresh();
        ctx.redraw();
      },
      // Escape mid stroke: only it goes; the first one's selection comes back
      cancel: () => {
        this.drawing = null;
        if (!this.strokes.length) this.clear(true);
      },
    };
  }

  idle(): void {
    this.ctx.assist.warm();
  }

  /**
   * While this tool is active a label key picks the next stroke's label, also right after a result
   * (whose masks, of several labels, are selected: one key must not relabel them all as one label).
   * A key while background strokes are chosen switches back to label strokes.
   */
  labelKey(): boolean {
    if (this.strokeKind !== 'label') {
      this.strokeKind = 'label';
      this.ctx.refresh();
    }
    return true;
  }

  key(key: string): boolean {
    const { ctx } = this;
    if (key === 'q') {
      this.setKind(this.strokeKind === 'label' ? 'background' : 'label');
      return true;
    }
    if (key === 'Escape') {
      if (ctx.assist.cancel()) {
        ctx.announce(msg('annotationLayer.assist.cancelled'));
        return true;
      }
      if (!this.strokes.length) return false;
      this.clear(true);
      return true;
    }
    if (!this.strokes.length) return false;
    if (key === 'Enter') void this.run();
    else if (key === 'Backspace' || key === 'Delete') this.removeLast();
    else return false;
    return true;
  }

  /** Ctrl+Z while strokes are drawn takes back the last one, as Backspace (Ctrl+Shift+Z puts it back). */
  undoDraft(): boolean {
    // no strokes: the undo is the history's, and so is a redo then
    this.closedBy = null;
    if (!this.strokes.length) return false;
    const taken = [...this.taken, this.strokes[this.strokes.length - 1]!];
    this.removeLast();
    this.taken = taken;
    if (!this.strokes.length) this.closedBy = { taken, revision: this.ctx.store.annotations.revision };
    return true;
  }

  /** Ctrl+Shift+Z puts back the stroke Ctrl+Z took (reopening the strokes when it took the only one). */
  redoDraft(): number | undefined {
    const closed = this.closedBy;
    this.closedBy = null;
    const reopen = !this.strokes.length && closed && closed.revision === this.ctx.store.annotations.revision;
    if (reopen) {
      this.giveBack = setSelectionAside(this.ctx);
      this.taken = closed.taken;
    }
    if (!this.strokes.length && !reopen) return undefined;
    const s = this.taken.pop();
    if (!s) return 0;
    this.strokes.push(s);
    this.ctx.refresh();
    this.ctx.redraw();
    return this.strokes.length;
  }

  /** Drops the strokes; on a tool change (not new data) the selection the first one set aside comes back. */
  cancel(newData = false): void {
    this.ctx.assist.cancel();
    this.clear(!newData);
  }

  /** Takes back the last stroke; the last one gone, the selection comes back (as Escape). */
  private removeLast(): void {
    this.strokes.pop();
    this.epoch++; // a run of the old strokes is old news
    if (!this.strokes.length) this.clear(true);
    this.ctx.announce(msg('annotationLayer.watershed.strokes', { count: this.strokes.length }));
    this.ctx.refresh();
    this.ctx.redraw();
  }

  overlayCovers(): boolean {
    return this.strokes.length > 0 || this.drawing !== null;
  }

  overlay = (c: CanvasRenderingContext2D): void => {
    const colour = (s: Scribble) => (s.label === null ? BACKGROUND_STROKE : this.ctx.store.shapes.colorOf(s.label));
    for (const s of this.strokes) drawStroke(c, s.points, s.radius, colour(s));
    if (this.drawing) drawStroke(c, this.drawing.points, this.drawing.radius, colour(this.drawing));
  };

  options() {
    const label = newLabel(this.ctx);
    return html`${choice(
      msg('annotationLayer.assist.strokes'),
      [
        { value: 'label', text: label, title: `${label} (Q)` },
        {
          value: 'background',
          text: msg('annotationLayer.assist.background'),
          title: `${msg('annotationLayer.assist.background')} (Q)`,
        },
      ] as const,
      this.strokeKind,
      (v) => this.setKind(v),
      'strokes',
    )}
      <button type="button" class="opt-action" data-action="run" ?disabled=${!this.strokes.length} @click=${() => void this.run()}>${msg('annotationLayer.watershed.run')}</button>
      <button type="button" class="opt-action" data-action="clear" ?disabled=${!this.strokes.length} @click=${() => this.clear(true)}>${msg('annotationLayer.watershed.clear')}</button>
      ${hint(msg('annotationLayer.watershed.hint'))} ${statusView(this.ctx.assist)}`;
  }

  private setKind(k: 'label' | 'background'): void {
    this.strokeKind = k;
    this.ctx.announce(
      msg('annotationLayer.watershed.strokeLabel', {
        label: k === 'label' ? newLabel(this.ctx) : msg('annotationLayer.assist.background'),
      }),
    );
    this.ctx.refresh();
  }

  /** Drops the strokes; `giveBack`: the selection the first one set aside comes back (not after a result). */
  private clear(giveBack = false): void {
    const back = giveBack ? this.giveBack : null;
    this.giveBack = null;
    this.taken = [];
    this.closedBy = null;
    this.epoch++;
    this.strokes = [];
    this.drawing = null;
    this.ctx.refresh();
    this.ctx.redraw();
    back?.();
  }

  /** The watershed of the strokes over the visible area (and the strokes): one mask per label. */
  private async run(): Promise<void> {
    const { ctx } = this;
    const strokes = this.strokes.slice();
    const labels = [...new Set(strokes.map((s) => s.label))];
    if (labels.length < 2) {
      ctx.announce(msg('annotationLayer.watershed.needTwo'));
      return;
    }
    const { itemWidth: W, itemHeight: H } = ctx.store.shapes;
    const view = ctx.assist.visibleRect() ?? { x: 0, y: 0, width: W, height: H };
    let x0 = view.x;
    let y0 = view.y;
    let x1 = view.x + view.width;
    let y1 = view.y + view.height;
    for (const s of strokes)
      for (const p of s.points) {
        x0 = Math.min(x0, p.x - s.radius - MARGIN);
        y0 = Math.min(y0, p.y - s.radius - MARGIN);
        x1 = Math.max(x1, p.x + s.radius + MARGIN);
        y1 = Math.max(y1, p.y + s.radius + MARGIN);
      }
    x0 = Math.max(0, Math.floor(x0));
    y0 = Math.max(0, Math.floor(y0));
    const rect = { x: x0, y: y0, width: Math.min(W, Math.ceil(x1)) - x0, height: Math.min(H, Math.ceil(y1)) - y0 };
    const scribbles: WatershedScribble[] = strokes.map((s) => ({
      label: s.label ?? BACKGROUND,
      points: s.points,
      radius: s.radius,
    }));
    const objects = labels.filter((l): l is string => l !== null);
    // one label: its mask is encoded and painted in the worker, in its colour; several: each is
    // encoded here in its own colour from its region (the worker's encode takes one colour per call)
    const rgb = objects.length === 1 ? hexToRgb(ctx.store.shapes.colorOf(objects[0]!)) : null;
    const ep = this.epoch;
    const results = await ctx.assist.run((key, b, o) =>
      b.watershed(key, { scribbles, rect }, rgb ? { ...o, encode: rgb, preview: [...rgb, MASK_FILL_ALPHA] } : o),
    );
    if (!results || ep !== this.epoch || !ctx.isConnected()) {
      for (const r of results ?? []) r.mask.preview?.close();
      return;
    }
    const items: Array<{ result: AssistMaskResult; output: 'mask'; label: string }> = [];
    for (const r of results) {
      if (r.label === BACKGROUND) {
        r.mask.preview?.close();
        continue;
      }
      if (!r.mask.dataUrl && r.mask.area) {
        // Encoded here from the region (the run-length encoder never builds the full-size mask), one
        // label per task so that several large labels do not add up to one long task.
        await new Promise((resolve) => setTimeout(resolve, 0));
        r.mask.dataUrl = encodePlacedSegmentationPng(
          r.mask,
          r.mask.imageWidth,
          r.mask.imageHeight,
          hexToRgb(ctx.store.shapes.colorOf(r.label)),
        );
      }
      items.push({ result: r.mask, output: 'mask', label: r.label });
    }
    if (ep !== this.epoch) return;
    const back = this.giveBack;
    this.clear();
    if (createFromResults(ctx, items).length) return;
    // nothing made (all background): as Escape, the selection the first stroke set aside comes back
    ctx.announce(msg('annotationLayer.assist.nothing'), true); // the selection given back joins it
    back?.();
  }
}

/** Watershed (T): masks grown from scribbles of two or more labels. */
export const watershedTool = defineTool({
  id: 'watershed',
  key: 't',
  name: 'Watershed',
  cursor: 'crosshair',
  icon: toolIcon(
    svg`<path d="M2 13c2-1 3-4 6-4s4 3 6 4"></path><path d="M4 6c1-2 2-3 4-3" stroke-dasharray="2 1.5"></path><path d="M10 6.5c1 .5 2 1.5 2.5 3" stroke-dasharray="2 1.5"></path>`,
  ),
  picked: (ctx) => {
    ctx.assist.warm();
    return undefined;
  },
  create: (ctx) => new WatershedTool(ctx),
});
