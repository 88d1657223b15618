// The layer's renderer: keeps the tile renderer (and its spatial index) in step with the store's
// shapes and selection, and draws a frame onto the layer's two canvases — the cached tiles of every
// committed shape below, the live overlay (selection, hover, tool drawing, labels) above.
import type { Bounds } from '../../../geometry/shapes/shape.js';
import { visibleImageRect, type DlView } from '../../internal/view.js';
import type { LayerStore } from '../model/layer-store.js';
import { drawLive, liveArea, type LiveScene, type OverlayPainter } from './live-overlay.js';
import { TileRenderer } from './tile-renderer.js';

/**
 * Most shapes a video frame draws directly rather than through tiles (on a video the tracks move
 * every frame, so tiles would be re-rasterised each frame anyway; past this many, tiles' culling
 * and incremental drawing keep a frame within budget).
 */
const DIRECT_MAX = 2000;

/** One frame's input besides the store. */
export interface FrameInput extends Omit<LiveScene, 'store' | 'dpr' | 'visibleKeys' | 'overlay' | 'maskOpacity'> {
  /** What the tool and its gesture paint, in order (absent ones skipped). */
  overlays: Array<OverlayPainter | undefined>;
  /** CSS size of the layer. */
  width: number;
  height: number;
  /** A drag is in progress: missing tiles wait, the edit gets the frame. */
  busy: boolean;
}

/** Draws a store. */
export class LayerRenderer {
  readonly tiles = new TileRenderer();
  /** The next frame is the first after new data: draw every tile at once (see `draw`). */
  firstRender = true;
  private lastLiveArea: [number, number, number, number] | null = null;
  /** What the base (tiles) canvas shows, to skip redrawing it when only the live overlay changed. */
  private baseState = { version: -1, scale: 0, x: NaN, y: NaN, complete: false, moving: false };
  private lastViewChange = 0;
  private settleTimer?: ReturnType<typeof setTimeout>;
  private size = { width: 0, height: 0, dpr: 1 };

  /** `requestFrame` asks for another frame (tiles left to draw, a view that settles). */
  constructor(
    private readonly store: LayerStore,
    private readonly requestFrame: () => void,
  ) {
    store.shapes.sink = this.tiles;
    store.selection.subscribe(() => this.exclude());
    store.subscribe(() => this.exclude());
  }

  /** The selection is drawn live, not in tiles, so editing it never re-rasterises a tile. */
  private exclude(): void {
    this.tiles.setExcluded([...this.store.selection].map((k) => this.store.shapes.idOf(k)));
  }

  /** Keys of the annotations whose shapes intersect image rect `r` (the spatial index). */
  keysIn(r: Bounds): string[] {
    return this.tiles.grid.search(r).map((id) => this.store.shapes.keyOf(id));
  }

  /** Sets the masks' opacity (0–1): every tile redraws. */
  setMaskOpacity(v: number): void {
    if (v === this.tiles.maskOpacity) return;
    this.tiles.maskOpacity = v;
    this.tiles.invalidateAll();
    this.requestFrame();
  }

  /** Notes a view change (a moving view keeps its tile level, see TileRenderer `moving`). */
  viewChanged(view: DlView): void {
    const b = this.baseState;
    if (view.scale !== b.scale || view.x !== b.x || view.y !== b.y) this.lastViewChange = performance.now();
  }

  /** Draws one frame: the tiles onto `base` when they changed, the live overlay onto `live`. */
  draw(base: HTMLCanvasElement, live: HTMLCanvasElement, f: FrameInput): void {
    const dpr = devicePixelRatio || 1;
    const b = this.baseState;
    if (f.width !== this.size.width || f.height !== this.size.height || dpr !== this.size.dpr) {
      this.size = { width: f.width, height: f.height, dpr };
      for (const k of [base, live]) {
        k.width = Math.max(1, Math.round(f.width * dpr));
        k.height = Math.max(1, Math.round(f.height * dpr));
      }
      b.version = -1;
    }
    const v = f.view;
    const tiles = this.tiles;
    const moving = performance.now() - this.lastViewChange < 150;
    // The tiles canvas only changes with the view or the tiles; an edit frame redraws the live canvas alone.
    const changed =
      b.version !== tiles.version || b.scale !== v.scale || b.x !== v.x || b.y !== v.y || b.moving !== moving;
    // Filling in missing tiles waits while the user drags: the edit gets the frame.
    if (changed || (!b.complete && !f.busy)) {
      const ctx = base.getContext('2d')!;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, base.width, base.height);
      const version = tiles.version;
      if (this.store.shapes.frame !== null && tiles.shapeCount <= DIRECT_MAX) {
        // A video frame: the tracks moved, every tile would be redrawn; drawing the shapes is cheaper.
        tiles.drawDirect(ctx, v, f.width, f.height, dpr);
        Object.assign(b, { version, scale: v.scale, x: v.x, y: v.y, complete: true, moving });
        this.firstRender = false;
      } else {
        // A large first render shows every shape at half resolution at once (a quarter of the raster
        // work), then refines to full resolution over the next frames.
        const bias = this.firstRender && this.store.shapes.size > 2000 ? 1 : 0;
        const complete =
          tiles.draw(ctx, v, f.width, f.height, dpr, { sync: this.firstRender, moving, levelBias: bias }) && !bias;
        Object.assign(b, { version, scale: v.scale, x: v.x, y: v.y, complete, moving });
        this.firstRender = false;
        if (!complete) this.requestFrame();
        if (moving) {
          clearTimeout(this.settleTimer);
          this.settleTimer = setTimeout(() => this.requestFrame(), 160);
        }
      }
    }
    // Clear only what the overlay covered last frame and covers now: a small damage rect keeps the
    // compositor from re-blending the whole viewport on every drag frame.
    const overlays = f.overlays.filter((o) => !!o);
    const scene: LiveScene = {
      ...f,
      overlay: overlays.length ? (ctx, S) => overlays.forEach((o) => o(ctx, S)) : null,
      store: this.store,
      dpr,
      maskOpacity: this.tiles.maskOpacity,
      visibleKeys: () => {
        const r = visibleImageRect(v, f.width, f.height);
        return this.keysIn({ minX: r.x, minY: r.y, maxX: r.x + r.width, maxY: r.y + r.height });
      },
    };
    const ctx = live.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const area = liveArea(scene, live.width, live.height);
    const prev = this.lastLiveArea ?? area;
    const x0 = Math.min(prev[0], area[0]);
    const y0 = Math.min(prev[1], area[1]);
    const x1 = Math.max(prev[2], area[2]);
    const y1 = Math.max(prev[3], area[3]);
    if (x1 > x0 && y1 > y0) ctx.clearRect(x0, y0, x1 - x0, y1 - y0);
    this.lastLiveArea = area;
    drawLive(ctx, scene);
  }
}
