// Shows a frame's tiles as canvases, each placed by a CSS transform, so Chromium's compositor moves
// and scales them: a pan or zoom frame sets a few dozen transforms and rasterises nothing (measured
// in bench/render-trace.ts: blitting the tiles into one full-view canvas every frame made the main
// thread rasterise the whole view at commit, ~2x the bare viewer's CPU per frame). Every tile's
// edges are rounded to whole device pixels, neighbours sharing the rounded edge: the compositor
// anti-aliases the edges of a quad at a fractional position, which left a lighter line where a
// shape crossed two tiles. A tile's bitmap moves into its canvas without a copy ('bitmaprenderer').
// A tile that is not ready shows a placeholder painted once from another level's cached tiles
// (borrowed), or nothing (missing).
//
// At rest the tiles are flattened into one canvas at screen resolution (`flatten`): the display
// compositor redraws the whole damaged area every frame, and the live canvas above damages all of
// it whenever the overlay changes (a vertex drag), so every separate, scaled tile quad would be
// re-sampled on every drag frame (bench/render-trace.ts: 63 quads and ~15 ms of the display
// compositor per drag frame, against 24 quads and ~10 ms with one canvas). Any change to what the
// tiles show brings the tile canvases back.
import type { DlView } from '../../internal/view.js';
import { type CachedTile, EMPTY, type TileCache } from './tile-cache.js';
import { TILE, type Tile } from './tile-painter.js';
import { drawFallback, type TileFrame, tileScreenRect } from './tile-renderer.js';

/** A shown canvas and its device-pixel rect. */
interface Shown {
  el: HTMLCanvasElement;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  transform: string;
}

/** The tile canvases of a layer. */
export class TilePresenter {
  /** Canvases shown now, by tile key (a tile's or a placeholder's). */
  private shown = new Map<string, Shown>();
  private placeholders = new Map<string, HTMLCanvasElement>();
  /** Placeholder canvases no longer shown, reused (a level switch replaces a dozen at once). */
  private pool: HTMLCanvasElement[] = [];
  private level: number | null = null;
  private dpr = 1;
  private pixelated = false;
  /** The flattened tiles shown instead of the tile canvases (null: the tile canvases show). */
  private flat: HTMLCanvasElement | null = null;
  /** The one canvas shows a frame drawn straight from the shapes (`direct`), not the tiles. */
  private isDirect = false;

  constructor(
    readonly container: HTMLElement,
    private readonly cache: TileCache,
  ) {
    // A tile leaving the cache leaves the layer, and its canvas lets go of its bitmap.
    cache.onDrop = (key, t) => this.drop(key, t);
  }

  private drop(key: string, t: CachedTile): void {
    const s = this.shown.get(key);
    if (s && s.el === t.tile) {
      this.unflatten();
      s.el.remove();
      this.shown.delete(key);
    }
    freeTile(t.tile);
  }

  /** The DOM canvas of a cached tile (its bitmap moves into a new 'bitmaprenderer' canvas once). */
  private elementOf(key: string, t: CachedTile): HTMLCanvasElement {
    if (t.tile instanceof HTMLCanvasElement) return t.tile;
    const el = document.createElement('canvas');
    el.width = TILE;
    el.height = TILE;
    const ctx = el.getContext('bitmaprenderer');
    if (ctx && t.tile instanceof ImageBitmap) ctx.transferFromImageBitmap(t.tile);
    else el.getContext('2d')?.drawImage(t.tile, 0, 0);
    this.cache.replace(key, el);
    return el;
  }

  /** Shows `frame` for `view` at `dpr`. */
  present(frame: TileFrame, view: DlView, dpr: number): void {
    const { level, S, cells } = frame;
    if (this.isDirect) this.unflatten();
    if (level !== this.level) {
      this.clearPlaceholders();
      this.level = level;
    }
    this.dpr = dpr;
    // At 1:1 the compositor samples the nearest pixel; below it, smoothly.
    const pixelated = (view.scale * dpr) / S > 0.999;
    if (pixelated !== this.pixelated) {
      this.unflatten();
      this.pixelated = pixelated;
      this.container.style.imageRendering = pixelated ? 'pixelated' : '';
    }
    const keep = new Set<string>();
    for (const c of cells) {
      let el: HTMLCanvasElement | undefined;
      if (c.tile) {
        if (c.tile.tile === EMPTY) continue;
        el = this.elementOf(c.key, c.tile);
        this.dropPlaceholder(c.key);
      } else if (c.fallback) {
        el = this.placeholders.get(c.key);
        if (!el) {
          el = this.pool.pop();
          const ctx = (el ??= placeholderCanvas()).getContext('2d')!;
          ctx.clearRect(0, 0, TILE, TILE);
          drawFallback(ctx, c.fallback, 0, 0, TILE, TILE);
          this.placeholders.set(c.key, el);
        }
      }
      if (!el) continue;
      keep.add(c.key);
      const [x0, y0, x1, y1] = tileScreenRect(view, dpr, S, c.tx, c.ty);
      let s = this.shown.get(c.key);
      if (s?.el !== el) {
        this.unflatten();
        s?.el.remove();
        s = { el, x0: Number.NaN, y0: 0, x1: 0, y1: 0, transform: '' };
        this.shown.set(c.key, s);
        this.container.append(el);
      }
      if (s.x0 !== x0 || s.y0 !== y0 || s.x1 !== x1 || s.y1 !== y1) {
        Object.assign(s, { x0, y0, x1, y1 });
        const t = `matrix(${(x1 - x0) / TILE / dpr},0,0,${(y1 - y0) / TILE / dpr},${x0 / dpr},${y0 / dpr})`;
        if (t !== s.transform) {
          this.unflatten();
          el.style.transform = s.transform = t;
        }
      }
    }
    for (const [key, s] of this.shown)
      if (!keep.has(key)) {
        this.unflatten();
        s.el.remove();
        this.shown.delete(key);
      }
    for (const key of [...this.placeholders.keys()]) if (!keep.has(key)) this.dropPlaceholder(key);
  }

  /**
   * Shows the tile canvases as one canvas of the layer's `width`×`height` device px until what they
   * show changes (call at rest: drawing it costs the main thread about one full-view blit). With no
   * tile canvas shown (no shapes in view) there is nothing to flatten and no canvas is made: an empty
   * full-view canvas would still cost the compositor a full-size bitmap (~12 ms of the page's thread
   * at 1280x800 in this VM), and in the first render, whose first tiles replace it, a second one (#16).
   */
  flatten(width: number, height: number): void {
    if (this.flat || this.shown.size === 0) return;
    const c = document.createElement('canvas');
    c.className = 'flat';
    c.width = Math.max(1, width);
    c.height = Math.max(1, height);
    this.composite(c.getContext('2d')!);
    this.flat = c;
    this.container.append(c);
    this.container.classList.add('flat');
  }

  /**
   * Shows one canvas of `width`×`height` device px that `paint` draws (cleared first) instead of
   * the tile canvases, until the next `present`: a frame drawn straight from the shapes (a video
   * frame).
   */
  direct(width: number, height: number, paint: (ctx: CanvasRenderingContext2D) => void): void {
    let c = this.flat;
    if (!c || !this.isDirect) {
      this.unflatten();
      c = document.createElement('canvas');
      c.className = 'flat';
      this.flat = c;
      this.isDirect = true;
      this.container.append(c);
      this.container.classList.add('flat');
    }
    if (c.width !== Math.max(1, width) || c.height !== Math.max(1, height)) {
      c.width = Math.max(1, width);
      c.height = Math.max(1, height);
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    paint(ctx);
  }

  /** True while the tiles show as one flattened canvas. */
  get flattened(): boolean {
    return this.flat !== null;
  }

  /** Shows the tile canvases again (what they show is about to change). */
  private unflatten(): void {
    const c = this.flat;
    if (!c) return;
    this.flat = null;
    this.isDirect = false;
    this.container.classList.remove('flat');
    c.remove();
    c.width = 0;
  }

  private dropPlaceholder(key: string): void {
    const el = this.placeholders.get(key);
    if (!el) return;
    if (this.shown.get(key)?.el === el) {
      this.unflatten();
      el.remove();
      this.shown.delete(key);
    }
    this.placeholders.delete(key);
    if (this.pool.length < POOL) this.pool.push(el);
    else el.width = 0;
  }

  private clearPlaceholders(): void {
    for (const key of [...this.placeholders.keys()]) this.dropPlaceholder(key);
  }

  /**
   * Draws what the layer shows into `ctx` (device px of the layer, cleared first): the same tiles
   * and placeholders in the same rects. For tests and snapshots.
   */
  composite(ctx: CanvasRenderingContext2D): void {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    if (this.isDirect && this.flat) {
      ctx.drawImage(this.flat, 0, 0);
      return;
    }
    ctx.imageSmoothingEnabled = !this.pixelated;
    for (const s of this.shown.values()) ctx.drawImage(s.el, s.x0, s.y0, s.x1 - s.x0, s.y1 - s.y0);
  }

  /** Device px ratio of the last frame. */
  get devicePixelRatio(): number {
    return this.dpr;
  }

  /** Removes every tile canvas. */
  dispose(): void {
    this.unflatten();
    for (const s of this.shown.values()) s.el.remove();
    this.shown.clear();
    this.clearPlaceholders();
    for (const el of this.pool) el.width = 0;
    this.pool = [];
    this.level = null;
  }
}

/** Placeholder canvases kept for reuse. */
const POOL = 16;

function placeholderCanvas(): HTMLCanvasElement {
  const el = document.createElement('canvas');
  el.width = TILE;
  el.height = TILE;
  return el;
}

/** Lets a tile's pixels go: an ImageBitmap is closed, a 'bitmaprenderer' canvas drops its bitmap. */
function freeTile(t: Tile): void {
  if (t === EMPTY) return;
  if (t instanceof HTMLCanvasElement) {
    const ctx = t.getContext('bitmaprenderer');
    if (ctx) ctx.transferFromImageBitmap(null);
    else t.width = 0;
  } else if ('close' in t) t.close();
}
