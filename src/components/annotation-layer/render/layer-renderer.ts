// The layer's renderer: keeps the tile renderer (and its spatial index) in step with the store's
// shapes and selection, and draws a frame: the cached tiles of every committed shape as
// CSS-transformed canvases below (tile-presenter.ts), the live overlay (selection, hover, tool
// drawing, labels) on a canvas above.
import type { Bounds } from '../../../geometry/shapes/shape.js';
import { type DlView, visibleImageRect } from '../../internal/view.js';
import type { LayerStore } from '../model/layer-store.js';
import { emptyFrameStats, type LayerFrameStats } from './frame-stats.js';
import { drawLive, type LiveScene, liveArea, type OverlayPainter } from './live-overlay.js';
import { TilePresenter } from './tile-presenter.js';
import { levelFor, TileRenderer } from './tile-renderer.js';
import { createTileWorker } from './tile-worker-client.js';

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

/**
 * Most shapes a video frame draws directly rather than through tiles (on a video the tracks move
 * every frame, so tiles would be re-rasterised each frame anyway; past this many, tiles' culling
 * and incremental drawing keep a frame within budget).
 */
const DIRECT_MAX = 2000;

/** Main-thread time for new tiles per frame, ms: while the view moves, at rest, and before the first complete frame. */
const BUDGET = { moving: 4, rest: 8, first: 30 };
/**
 * New placeholder canvases a frame: each is rastered and committed anew, and a level switch needing
 * a dozen at once made one long compositor commit; the rest follow in the next frames.
 */
const NEW_PLACEHOLDERS = 4;
/**
 * Before the first complete frame, a frame that is still incomplete (not sharp) is shown at most
 * this often, ms: each shown frame costs the page (tile canvases made and placed) and Chromium's
 * compositor (a new frame of tile layers) CPU that the tile painters need on a two-core machine
 * (#16). Progress still shows on a long first render.
 */
const FIRST_PARTIAL_MS = 120;
/** A view is at rest this long after its last change, ms (then the ring around it is prefetched). */
const SETTLE_MS = 160;
/** How many times failed tile workers are started again (see `runWorker`). */
const WORKER_RESTARTS = 1;

/** Draws a store. */
export class LayerRenderer {
  readonly tiles = new TileRenderer();
  /** What the last frame showed (see `LayerFrameStats`). */
  readonly stats: LayerFrameStats = emptyFrameStats();
  /**
   * No complete frame since new data: the main thread gives the tiles more time (or all, without a
   * worker), and incomplete frames are shown at most every FIRST_PARTIAL_MS (the first one at once).
   */
  get firstRender(): boolean {
    return this.first;
  }
  set firstRender(on: boolean) {
    if (on && !this.first) this.lastPresent = Number.NEGATIVE_INFINITY;
    this.first = on;
  }
  private first = true;
  private presenter: TilePresenter | null = null;
  private lastLiveArea: [number, number, number, number] | null = null;
  /** What the tile canvases show, to skip them when only the live overlay changed. */
  private baseState = {
    version: -1,
    scale: 0,
    x: Number.NaN,
    y: Number.NaN,
    w: 0,
    h: 0,
    busy: false,
    complete: false,
    pending: 0,
  };
  private lastViewChange = 0;
  private settleTimer?: ReturnType<typeof setTimeout>;
  private size = { width: 0, height: 0, dpr: 1 };
  private worker: ReturnType<typeof createTileWorker> = null;
  /** Times the workers were started again after a failure (see {@link LayerRenderer.runWorker}). */
  private restarts = 0;
  /** When the last frame of the first render was shown (see FIRST_PARTIAL_MS). */
  private lastPresent = Number.NEGATIVE_INFINITY;

  /** `requestFrame` asks for another frame (tiles left to draw, a view that settles, a tile from the worker). */
  constructor(
    private readonly store: LayerStore,
    private readonly requestFrame: () => void,
  ) {
    store.shapes.sink = this.tiles;
    store.selection.subscribe(() => this.exclude());
    store.subscribe(() => this.exclude());
    this.tiles.onTile = () => requestFrame();
  }

  /**
   * Paints dense tiles in workers from now on (when the browser can; otherwise all on the main
   * thread): `count` of them, by default the core rule of `tileWorkerCount`.
   */
  startWorker(count?: number | null): void {
    if (this.worker !== null) return;
    this.restarts = 0;
    this.runWorker(count);
  }

  /**
   * Starts the workers; when the first one fails (the client goes down, the page paints every tile
   * from then on) they are started again once, and get the whole scene: a worker lost to one bad
   * message or an out-of-memory does not leave a 100,000-polygon page to paint on its own thread.
   * A second failure leaves the page alone (a worker that cannot run, not one that crashed once).
   */
  private runWorker(count?: number | null): void {
    const w = createTileWorker(this.tiles, count);
    this.worker = w;
    if (!w) return;
    w.onFailed = () => {
      if (this.worker !== w) return;
      this.worker = null;
      if (this.restarts++ < WORKER_RESTARTS) this.runWorker(count);
    };
    this.tiles.setProducer(w);
  }

  /** How many tile workers run (0: none, all tiles painted on the page; for tests and benchmarks). */
  get tileWorkers(): number {
    return this.worker?.workerCount ?? 0;
  }

  /** Stops the worker and frees the tiles (the element left the page). */
  dispose(): void {
    this.tiles.setProducer(null);
    this.worker?.terminate();
    this.worker = null;
    this.presenter?.dispose();
    this.tiles.dispose();
    this.baseState.version = -1;
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

  /** Notes a view change (while the view moves, the main thread only paints cheap tiles). */
  viewChanged(view: DlView): void {
    const b = this.baseState;
    if (view.scale !== b.scale || view.x !== b.x || view.y !== b.y) this.lastViewChange = performance.now();
  }

  /** Draws one frame: the tile canvases when the view or the tiles changed, the live overlay onto `live`. */
  draw(tilesEl: HTMLElement, live: HTMLCanvasElement, f: FrameInput): void {
    const dpr = devicePixelRatio || 1;
    const b = this.baseState;
    if (f.width !== this.size.width || f.height !== this.size.height || dpr !== this.size.dpr) {
      this.size = { width: f.width, height: f.height, dpr };
      live.width = Math.max(1, Math.round(f.width * dpr));
      live.height = Math.max(1, Math.round(f.height * dpr));
      b.version = -1;
    }
    if (this.presenter?.container !== tilesEl) {
      this.presenter?.dispose();
      this.presenter = new TilePresenter(tilesEl, this.tiles.cache);
      b.version = -1;
    }
    const v = f.view;
    const tiles = this.tiles;
    const now = performance.now();
    const moving = now - this.lastViewChange < SETTLE_MS;
    const moved =
      b.scale !== v.scale ||
      b.x !== v.x ||
      b.y !== v.y ||
      b.w !== f.width ||
      b.h !== f.height ||
      // An edit starts or ends: what the worker is asked for changes (see DrawOptions.busy).
      b.busy !== f.busy;
    const changed = moved || b.version !== tiles.version;
    // Filling in missing tiles waits while the user drags: the edit gets the frame.
    if (changed || ((!b.complete || b.pending) && !f.busy)) {
      const version = tiles.version;
      if (this.store.shapes.frame !== null && tiles.shapeCount <= DIRECT_MAX) {
        // A video frame: the tracks moved, every tile would be redrawn; drawing the shapes is cheaper.
        // The tile worker is not needed meanwhile (see TileRenderer.hold).
        tiles.hold(true);
        this.presenter.direct(live.width, live.height, (ctx) => tiles.drawDirect(ctx, v, f.width, f.height, dpr));
        this.firstRender = false;
        Object.assign(b, {
          version,
          scale: v.scale,
          x: v.x,
          y: v.y,
          w: f.width,
          h: f.height,
          busy: f.busy,
          complete: true,
          pending: 0,
        });
        const level = levelFor(v.scale * dpr);
        Object.assign(this.stats, {
          ...emptyFrameStats(),
          frame: this.stats.frame + 1,
          time: now,
          level,
          ideal: level,
          sharp: true,
        });
      } else {
        tiles.hold(false);
        // Without a worker the first frame after new data draws every tile at once.
        const frame = tiles.frame(v, f.width, f.height, dpr, {
          sync: this.firstRender && !this.worker,
          busy: f.busy,
          newPlaceholders: NEW_PLACEHOLDERS,
          budgetMs: this.firstRender ? BUDGET.first : moving ? BUDGET.moving : BUDGET.rest,
        });
        // Complete: every tile at its level. Sharp (the bench's and the measure): complete but
        // for tiles shown from their four finer tiles, at a level at most one finer than the screen's
        // (downscaled < FINER_SHARP times, never magnified).
        const complete = frame.finer === 0 && frame.borrowed === 0 && frame.missing === 0 && frame.stale === 0;
        const sharp =
          frame.borrowed === 0 &&
          frame.missing === 0 &&
          frame.stale === 0 &&
          frame.level >= frame.ideal &&
          frame.level <= frame.ideal + 1;
        // The first render's incomplete frames are shown at most every FIRST_PARTIAL_MS (the first
        // one at once); a skipped one leaves the last shown frame up, and the frames keep coming
        // (below) until one is shown complete. A complete frame is always shown, sharp or not: it
        // ends the first render and asks for no frame after it.
        const show = !this.firstRender || complete || moved || now - this.lastPresent >= FIRST_PARTIAL_MS;
        if (show) {
          this.presenter.present(frame, v, dpr);
          this.lastPresent = now;
        }
        if (complete) this.firstRender = false;
        Object.assign(b, {
          version,
          scale: v.scale,
          x: v.x,
          y: v.y,
          w: f.width,
          h: f.height,
          busy: f.busy,
          complete,
          pending: frame.pending,
        });
        // The stats are of the frames shown.
        if (show)
          Object.assign(this.stats, {
            frame: this.stats.frame + 1,
            time: now,
            level: frame.level,
            ideal: frame.ideal,
            tiles: frame.tiles,
            finer: frame.finer,
            borrowed: frame.borrowed,
            missing: frame.missing,
            stale: frame.stale,
            pending: frame.pending,
            sharp,
          });
        // Tiles left to paint on the main thread come in the next frames; the worker's call back.
        if (!complete && (!this.worker || !moving)) this.requestFrame();
        if (moving) {
          clearTimeout(this.settleTimer);
          this.settleTimer = setTimeout(() => this.requestFrame(), SETTLE_MS + 10);
        }
      }
    }
    // At rest and complete, or during an edit (whose frames change only the live overlay and leave
    // missing tiles for later), the tiles show as one canvas: a drag frame then costs the compositor
    // one quad, not one scaled quad per tile.
    if (!moving && (b.complete || f.busy)) this.presenter.flatten(live.width, live.height);
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
    // Nothing live (no selection, hover, tool drawing or labels): the canvas is left out of the page,
    // so the compositor does not re-produce its full-size bitmap when the tile layers change (#16).
    const empty = area[2] <= area[0] && area[3] <= area[1] && !scene.overlay && !scene.showLabels;
    const display = empty ? 'none' : '';
    if (live.style.display !== display) live.style.display = display;
    drawLive(ctx, scene);
  }

  /**
   * What the tile canvases show now, composited into a canvas of the layer's device size (the live
   * overlay not included). For tests and snapshots.
   */
  snapshot(): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(this.size.width * this.size.dpr));
    c.height = Math.max(1, Math.round(this.size.height * this.size.dpr));
    this.presenter?.composite(c.getContext('2d')!);
    return c;
  }
}
