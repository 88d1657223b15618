// Magic wand: the region of similar colour under the pointer is previewed live (the worker answers a
// 4096² click in well under 100 ms, so the user sees what a click would take before making it); a
// click makes it a mask or a polygon (the bar's Output), Shift adds it to the selected mask or
// polygon, Alt subtracts it. `[` / `]` and Shift+wheel change the tolerance (plain wheel still zooms).
// Each click is one undo step once its result is in; Ctrl+Z while a click is still working in the
// worker cancels that click (not the step before it), and Ctrl+Shift+Z right after runs it again.
import { html, svg } from 'lit';
import type { AssistMaskResult } from '../../../../geometry/assist/assist-types.js';
import { msg } from '../../../strings.js';
import { hexToRgb } from '../../../internal/label-colors.js';
import { defineTool, type LayerPointer, type Tool, type ToolContext } from '../tool.js';
import {
  type AssistOutput,
  createFromResults,
  hint,
  isEmptyResult,
  newLabel,
  outputChoice,
  outputOptions,
  placedMaskOf,
  replaceGeometry,
  selectedRegion,
  statusView,
} from './assist-common.js';
import { toolIcon } from './icon.js';

/** Tolerance steps of `[` / `]` and of one wheel notch. */
const KEY_STEP = 4;
const WHEEL_STEP = 2;

/** What a preview or a click asks: the seed pixel and the tolerance. */
interface Seed {
  x: number;
  y: number;
  tolerance: number;
}

/** A click as made: what it asks, and what it makes or edits (a rerun makes the same). */
interface Click {
  seed: Seed;
  mode: 'replace' | 'add' | 'subtract';
  /** The selected mask / polygon it adds to or subtracts from (null: a new annotation). */
  target: string | null;
  /** A new annotation's output and label (a target keeps its own). */
  output: AssistOutput;
  label: string;
}

const sameSeed = (a: Seed | null, b: Seed | null) =>
  !!a && !!b && a.x === b.x && a.y === b.y && a.tolerance === b.tolerance;

/** The magic wand of one layer. */
export class MagicWandTool implements Tool {
  /** Largest difference per colour channel from the clicked pixel (0..255). */
  tolerance = 32;
  output: AssistOutput = 'mask';
  /** The preview shown: its seed, its region's bitmap (label colour) and where it goes. */
  private preview: { seed: Seed; bitmap: ImageBitmap; x: number; y: number } | null = null;
  /** The preview asked for while one is in flight (latest only: the worker never queues moves). */
  private wanted: Seed | null = null;
  private inFlight = false;
  /** Clicks in progress (no preview while one runs: the region is about to change). */
  private clicking = 0;
  /** Clicks whose result is not in yet (Ctrl+Z cancels them); `cancelled` drops the answer. */
  private waiting = new Map<{ cancelled: boolean }, Click>();
  /**
   * The clicks Ctrl+Z cancelled, the store's revision and the item shown then (the session's
   * `itemLoads`): Ctrl+Shift+Z runs them again.
   */
  private cancelledBy: { clicks: Click[]; revision: number; loads: number } | null = null;
  /**
   * The annotations' revision when {@link redoDraft} last refused to put a click back: until an edit,
   * an undo, a click or a tool change, a redo has nothing to redo (the history's would be a step older
   * than the refused click).
   */
  private redoRefusedAt: number | null = null;
  readonly draftInput = 'click';

  constructor(private readonly ctx: ToolContext) {}

  down(p: LayerPointer): undefined {
    const { ctx } = this;
    p.claim();
    const seed = this.seedAt(p.x, p.y);
    if (!seed) return undefined;
    const mode = p.altKey ? 'subtract' : p.shiftKey ? 'add' : 'replace';
    const target = mode === 'replace' ? null : selectedRegion(ctx);
    if (mode === 'subtract' && !target) {
      ctx.announce(msg('annotationLayer.wand.noTarget'));
      return undefined;
    }
    this.cancelledBy = null; // a new click: a redo is the history's again
    this.redoRefusedAt = null;
    void this.click({ seed, mode, target, output: this.output, label: newLabel(ctx) });
    ctx.redraw();
    return undefined;
  }

  idle(p: LayerPointer): void {
    this.ctx.assist.warm();
    this.ask(this.seedAt(p.x, p.y));
    this.ctx.redraw();
  }

  wheel(p: LayerPointer, deltaY: number): boolean {
    // Shift+wheel: tolerance; the plain wheel keeps zooming (the wand is used zoomed in).
    if (!p.shiftKey || !deltaY) return false;
    this.setTolerance(this.tolerance + (deltaY < 0 ? WHEEL_STEP : -WHEEL_STEP));
    return true;
  }

  key(key: string): boolean {
    if (key === '[' || key === ']') {
      this.setTolerance(this.tolerance + (key === ']' ? KEY_STEP : -KEY_STEP));
      return true;
    }
    if (key === 'Escape' && this.ctx.assist.cancel()) {
      this.ctx.announce(msg('annotationLayer.assist.cancelled'));
      return true;
    }
    return false;
  }

  /** Tool change: forgets the cancelled clicks. Another item or new data: their redo says why not (redoDraft). */
  cancel(newData = false): void {
    if (!newData) this.cancelledBy = null;
    this.redoRefusedAt = null;
    this.ctx.assist.cancel();
    this.dropPreview();
  }

  overlayCovers(): boolean {
    return this.preview !== null;
  }

  overlay = (c: CanvasRenderingContext2D): void => {
    const pv = this.preview;
    const at = this.ctx.pointer();
    if (!pv || !at || this.clicking) return;
    c.save();
    c.imageSmoothingEnabled = false;
    c.globalAlpha = 0.55;
    c.drawImage(pv.bitmap, pv.x, pv.y);
    c.restore();
  };

  options() {
    return html`${outputChoice(this.output, (v) => {
      this.output = v;
      this.ctx.refresh();
    })}
      <span class="opt" role="group" aria-label=${msg('annotationLayer.wand.tolerance')} data-option="tolerance">
        <span class="opt-label">${msg('annotationLayer.wand.tolerance')}</span>
        <button type="button" data-action="less" title=${msg('annotationLayer.wand.less')} aria-label=${msg('annotationLayer.wand.less')} @click=${() => this.setTolerance(this.tolerance - KEY_STEP)}>−</button>
        <output class="readout" data-readout="tolerance" aria-live="polite">${this.tolerance}</output>
        <button type="button" data-action="more" title=${msg('annotationLayer.wand.more')} aria-label=${msg('annotationLayer.wand.more')} @click=${() => this.setTolerance(this.tolerance + KEY_STEP)}>+</button>
      </span>
      ${hint(msg('annotationLayer.wand.hint'))} ${statusView(this.ctx.assist)}`;
  }

  /**
   * Ctrl+Z while a click's result is not in yet cancels the click (it never becomes a step); with
   * none waiting the undo is the history's (each click is a step).
   */
  undoDraft(): boolean {
    this.cancelledBy = null;
    this.redoRefusedAt = null;
    if (!this.waiting.size) return false;
    for (const w of this.waiting.keys()) w.cancelled = true;
    const clicks = [...this.waiting.values()];
    this.waiting.clear();
    this.cancelledBy = { clicks, revision: this.ctx.store.annotations.revision, loads: this.ctx.assist.itemLoads };
    this.ctx.assist.cancel();
    this.ctx.announce(msg('annotationLayer.assist.cancelled'));
    return true;
  }

  /**
   * Ctrl+Shift+Z right after Ctrl+Z cancelled a click runs that click again (the same pixel,
   * tolerance, mode and target: the answer it would have given), as a draft's redo puts back the
   * input its undo took; the history's redo would redo a step older than the click. Anything that
   * changed the annotations since (an edit, another undo), a new click or a tool change forgets it.
   * Another item shown since (a host may keep passing the same annotations), or a new annotation's
   * label gone from the ontology, keeps it from running: the words say why, and the redos after it
   * have nothing to redo (0) until something changes, rather than the history's older step.
   */
  redoDraft(): number | string | undefined {
    const c = this.cancelledBy;
    this.cancelledBy = null;
    const revision = this.ctx.store.annotations.revision;
    if (this.redoRefusedAt !== null && this.redoRefusedAt === revision) return 0;
    this.redoRefusedAt = null;
    if (!c || c.revision !== revision) return undefined;
    const refuse = (words: string) => {
      this.redoRefusedAt = revision;
      return words;
    };
    if (c.loads !== this.ctx.assist.itemLoads) return refuse(msg('annotationLayer.clickNotPutBack.item'));
    const gone = c.clicks.find((k) => !k.target && this.ctx.store.newLabel(k.label) === null);
    if (gone) return refuse(msg('annotationLayer.clickNotPutBack.label', { label: gone.label }));
    for (const click of c.clicks) void this.click(click);
    this.ctx.redraw();
    return c.clicks.length;
  }

  /** Sets the tolerance (0..255), shows it, and previews the region under the pointer with it. */
  setTolerance(v: number): void {
    const t = Math.max(0, Math.min(255, Math.round(v)));
    if (t === this.tolerance) return;
    this.tolerance = t;
    this.ctx.refresh();
    const at = this.ctx.pointer();
    if (at) this.ask(this.seedAt(at.x, at.y));
  }

  /** The image pixel under (x, y) with the current tolerance; null off the image. */
  private seedAt(x: number, y: number): Seed | null {
    const { itemWidth: w, itemHeight: h } = this.ctx.store.shapes;
    const px = Math.floor(x);
    const py = Math.floor(y);
    if (!w || !h || px < 0 || py < 0 || px >= w || py >= h) return null;
    return { x: px, y: py, tolerance: this.tolerance };
  }

  /** Previews the region of `seed` (the newest wins; at most one preview in flight). */
  private ask(seed: Seed | null): void {
    if (!seed) {
      this.wanted = null;
      return;
    }
    if (sameSeed(seed, this.preview?.seed ?? null)) return;
    this.wanted = seed;
    if (!this.inFlight && !this.clicking) void this.previewNext();
  }

  private async previewNext(): Promise<void> {
    const seed = this.wanted;
    this.wanted = null;
    if (!seed || sameSeed(seed, this.preview?.seed ?? null)) return;
    this.inFlight = true;
    const { ctx } = this;
    const [red, green, blue] = hexToRgb(ctx.store.shapes.colorOf(newLabel(ctx)));
    const r = await ctx.assist.run(
      (key, b, o) => b.magicWand(key, seed, { ...o, lane: 'magic-wand-preview', preview: [red, green, blue, 255] }),
      'preview',
    );
    this.inFlight = false;
    if (r) this.showPreview(seed, r);
    if (this.wanted && !this.clicking && ctx.isConnected()) void this.previewNext();
  }

  private showPreview(seed: Seed, r: AssistMaskResult): void {
    this.dropPreview();
    if (!r.preview) return;
    this.preview = { seed, bitmap: r.preview, x: r.x, y: r.y };
    this.ctx.redraw();
  }

  private dropPreview(): void {
    this.preview?.bitmap.close();
    this.preview = null;
    this.ctx.redraw();
  }

  /** A click: the region as a new annotation, or added to / subtracted from the selected one. */
  private async click(click: Click): Promise<void> {
    const { ctx } = this;
    const { seed, mode, target } = click;
    this.clicking++;
    this.dropPreview();
    const wait = { cancelled: false };
    this.waiting.set(wait, click);
    try {
      // a Shift / Alt click on a mask still waiting for its PNG edits it once it has the PNG
      if (target && ctx.commit.pending.has(target)) await ctx.commit.pending.settled(target);
      if (wait.cancelled || (target && !ctx.store.json(target))) return;
      const base = target ? placedMaskOf(ctx, target) : null;
      const targetJson = target ? ctx.store.json(target)! : null;
      const label = targetJson?.label ?? click.label;
      const output: AssistOutput = targetJson ? (targetJson.type === 'binary' ? 'mask' : 'polygon') : click.output;
      // the mask shows as soon as its pixels are here; its PNG (and the events) follow (PendingMasks)
      const r = await ctx.assist.run((key, b, o) =>
        b.magicWand(
          key,
          { ...seed, mode: target ? mode : 'replace', base },
          { ...o, lane: 'magic-wand', ...outputOptions(ctx, output, label, true) },
        ),
      );
      this.waiting.delete(wait);
      if (!r || wait.cancelled || !ctx.isConnected()) {
        r?.preview?.close();
        return;
      }
      if (target) {
        // the target may have been deleted or changed while the worker ran: then nothing to edit
        if (ctx.store.json(target) !== targetJson) {
          r.preview?.close();
          return;
        }
        if (await replaceGeometry(ctx, target, r, mode === 'add' ? 'add' : 'subtract'))
          ctx.announce(msg(mode === 'add' ? 'annotationLayer.wand.added' : 'annotationLayer.wand.subtracted'));
        return;
      }
      if (isEmptyResult(r, output)) {
        r.preview?.close();
        ctx.announce(msg('annotationLayer.assist.nothing'));
        return;
      }
      createFromResults(ctx, [{ result: r, output, label }]);
    } finally {
      this.waiting.delete(wait);
      this.clicking--;
      ctx.redraw();
      const at = ctx.pointer();
      if (!this.clicking && at) this.ask(this.seedAt(at.x, at.y));
    }
  }
}

/** Magic wand (W): click a region of similar colour. */
export const magicWandTool = defineTool({
  id: 'magic-wand',
  key: 'w',
  name: 'Magic wand',
  cursor: 'crosshair',
  draws: true,
  icon: toolIcon(
    svg`<path d="M2.5 13.5l7-7"></path><path d="M11.5 1.5v2M11.5 7.5v2M8.5 4.5h-2M16.5 4.5h-2M9.4 2.4l.9.9M13.6 6.6l.9.9M13.6 2.4l-.9.9" stroke-width="1.2"></path>`,
  ),
  picked: (ctx) => {
    ctx.assist.warm();
    return undefined;
  },
  create: (ctx) => new MagicWandTool(ctx),
});
