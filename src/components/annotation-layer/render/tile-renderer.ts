// The layer's tile renderer: every committed shape is rasterised into 256-px tiles per zoom level
// (level z draws at 2^z raster px per image px), tiles are cached (LRU) and shown by a presenter —
// CSS-transformed tile canvases in the layer (tile-presenter.ts), or blits into a 2D context (`draw`).
//
// Each frame shows one level, never coarser than the screen: the ideal level (tiles downscaled at
// most 2x), or the next finer one while it is complete (a zoom-out keeps sharp tiles until the new
// level is ready). New tiles come from two producers: the tile worker (tile-worker-client.ts), which
// paints dense tiles off the main thread, and the main thread within a per-frame budget (cheap
// tiles at once, a dense tile a chunk at a time). The worker is kept busy with what the view needs
// now, then with what it will need next (the view's motion extrapolated), then with the ring around
// it. A visible tile that is not ready yet is shown from the four tiles of the next finer level
// when they are all cached (sharp: see FINER_SHARP), else from another level's cached tiles
// (borrowed) or not at all (missing); `frameStats` counts each.
import type { Bounds, Shape } from '../../../geometry/shapes/shape.js';
import type { DlView } from '../../internal/view.js';
import type { MaskPainter } from '../model/mask-raster.js';
import type { MaskImage, ShapeSink } from '../model/shape-index.js';
import { type CachedTile, EMPTY, releaseTile, TileCache } from './tile-cache.js';
import {
  continueTile,
  drawShapes,
  finishTile,
  MAX_Z,
  MIN_Z,
  makeCanvas,
  rastersTile,
  NEAR_PX,
  startTile,
  TILE,
  type Tile,
  type TileJob,
  tileKey,
  tileRect,
} from './tile-painter.js';
import { TileScene } from './tile-scene.js';

export { TILE } from './tile-painter.js';

/** Options of one frame. */
export interface DrawOptions {
  /** Draw every missing visible tile now (a reference render, or the first render without a worker). */
  sync?: boolean;
  /** Main-thread time for new tiles in this frame, ms (a frame with a tile in progress draws at least one chunk). @default 4 */
  budgetMs?: number;
  /**
   * At most this many placeholders not in the last frame (the rest show as missing until the next
   * frames). @default Infinity
   */
  newPlaceholders?: number;
  /**
   * An edit is in progress: no tile is painted (the worker's requests not started are cancelled);
   * stale and missing tiles wait for the edit to end.
   */
  busy?: boolean;
}

/** Paints tiles off the main thread (see tile-worker-client.ts). */
export interface TileProducer extends ShapeSink {
  /** Tiles it may work on at once. */
  readonly capacity: number;
  /**
   * Tiles it may hold while the view is at rest (absent: `capacity`): the prefetch queued deep
   * enough that the worker keeps painting through a long task of the page (a GC, the host's work),
   * when no result is received and no request sent.
   */
  readonly restCapacity?: number;
  /** Starts painting a tile; the result comes back through `TileRenderer.receive` with the same `seq`. */
  request(key: string, z: number, tx: number, ty: number, seq: number): void;
  setExcluded(ids: number[]): void;
  setFillOpacity(a: number): void;
  setMaskOpacity(a: number): void;
  /** True when tiles touching image rect `b` must be painted on the main thread (a mask not sent yet). */
  blocked(b: Bounds): boolean;
  /** Drops requests it has not started (their results, if any, are ignored). */
  cancel(keys: string[]): void;
  /** Sends the shape changes it batches now (see {@link TileRenderer.batch}); absent: it batches none. */
  send?(): void;
}

/** One visible tile of a frame. */
export interface FrameCell {
  key: string;
  tx: number;
  ty: number;
  /** The tile at the frame's level, or undefined when it is not ready. */
  tile: CachedTile | undefined;
  /** For a tile not ready: what shows in its place from another level (null: nothing). */
  fallback: Fallback;
}

/** What a frame shows: its level and visible tiles. */
export interface TileFrame {
  level: number;
  ideal: number;
  /** Raster px per image px at `level`. */
  S: number;
  cells: FrameCell[];
  /** Visible tiles with something in them (ready or not). */
  tiles: number;
  /**
   * Visible tiles shown from the four cached tiles of the next finer level, the frame's level being
   * no finer than the screen's: downscaled less than 4x, never magnified (see FINER_SHARP). Sharp,
   * so counted apart from `borrowed`; still painted at their own level for an exact frame at rest.
   */
  finer: number;
  /** Visible tiles shown from another level's tiles beyond that bound (coarser, magnified; or only some finer ones). */
  borrowed: number;
  missing: number;
  /** Visible tiles shown from their own level's stale pixels (a shape just selected still in them). */
  stale: number;
  /** Tiles still to paint for this view (visible, or wanted next). */
  pending: number;
}

/** How a tile that is not ready is shown from another level's cache. */
export type Fallback =
  | { kind: 'coarser'; keys: string[]; tile: Tile; sx: number; sy: number; size: number }
  /** `sharp`: all four finer tiles, within the FINER_SHARP bound. */
  | { kind: 'finer'; keys: string[]; parts: Array<{ tile: Tile; i: number }>; sharp: boolean }
  | null;

/**
 * The sharpness bound: a tile shows sharp when its raster is downscaled less than this many times
 * on screen and never magnified. The screen's own level is downscaled 1-2x; the next finer level
 * 2-4x (a 1 px outline then covers at least a quarter of a screen px: no blur, only lighter, as the
 * finer level kept whole during a zoom out already is). Two levels finer (4-8x) is not sharp.
 */
export const FINER_SHARP = 4;

/** Shapes a tile may hold to be painted at once on the main thread even while the view moves (~0.3 ms). */
const CHEAP = 32;
/** Whether tiles the outline rasteriser paints are left to the worker (see {@link TileRenderer.workerOnly}). */
const WORKER_ONLY_RASTER = true;
/**
 * At most this many visible tiles of a frame are shown from placeholders; with more missing (or more
 * new ones than a frame may make), a whole complete coarser level is shown when there is one.
 */
const PLACEHOLDERS = 12;
/** How long after the last view change the view counts as moving, ms. */
const MOVING_MS = 150;

/** How far ahead of the view's centre, ms of its pan, its visible tiles are painted from while it moves. */
const LEAD_MS = 400;

/** A pan faster than this, CSS px per ms, has the ring's side it moves towards prefetched. */
const PAN_PX_MS = 0.05;

/** Requests cancelled after the worker may have begun them whose late results are still taken. */
const CANCELLED_KEPT = 32;

/** Scene changes held during a batch (slot i: set when `shapes[i]`, else delete; `clear`: clear first). */
interface Deferred {
  ids: number[];
  shapes: Array<Shape | null>;
  colors: string[];
  z: number[];
  masks: Array<MaskImage | undefined>;
  clear: boolean;
}

/** A request to the producer: its tile, its number, and whether a change made it stale since. */
interface InFlight {
  stale: boolean;
  z: number;
  tx: number;
  ty: number;
  seq: number;
}

/** Tile-cached canvas renderer over a spatial index. */
export class TileRenderer implements ShapeSink {
  readonly scene = new TileScene();
  readonly cache = new TileCache();
  /** Tiles painted since creation, by either producer (for tests and benchmarks). */
  tilesRendered = 0;
  /** Bumped whenever what the tiles show may have changed. */
  version = 0;
  /**
   * Bumped when the scene changed (shapes, selection, styles), not when a tile arrives: what depends
   * on the shapes alone (`rasterKeys`) stays valid while the worker's tiles come in.
   */
  private sceneVersion = 0;
  /** The last frame's level and tile counts. */
  frameStats: Omit<TileFrame, 'cells' | 'S'> = {
    level: 0,
    ideal: 0,
    tiles: 0,
    finer: 0,
    borrowed: 0,
    missing: 0,
    stale: 0,
    pending: 0,
  };
  /** Tiles kept besides the visible ones (default: 320, or four screens' worth if more). */
  maxTiles: number | undefined;
  /** Told when a tile arrived from the worker (the layer schedules a frame). */
  onTile: () => void = () => {};
  /**
   * Diagnostics (the render bench's RENDER_BENCH_FRAMELOG): told each request to the worker (`info`
   * 1: a tile the frame shows, 0: one for a view to come), each cancel, and each result used or dropped.
   */
  trace: ((event: 'req' | 'cancel' | 'recv' | 'drop', key: string, info: number) => void) | null = null;

  private producer: TileProducer | null = null;
  /** The producer is not told scene changes (see {@link TileRenderer.hold}). */
  private held = false;
  /** Scene changes the producer missed while held: it gets the whole scene again on release. */
  private missed = false;
  /** The last frame's placeholders (the presenter keeps them while the level stays). */
  private placeholders = { level: Number.NaN, keys: new Set<string>() };
  /** Tiles the worker is painting: whether a change made them stale since they were asked for. */
  private inFlight = new Map<string, InFlight>();
  /**
   * Requests cancelled while the worker may already be painting them (a view moved on, or the main
   * thread took the tile over): a result that still comes back is used if nothing changed since.
   */
  private cancelled = new Map<string, InFlight>();
  /** Numbers the worker's requests (a result of a cancelled request is told from a later one's). */
  private seq = 0;
  /**
   * Tiles the outline rasteriser would paint (see {@link rastersTile}), by key, at `sceneVersion`:
   * with a worker the main thread leaves them to it (a JS raster cold on this thread, among the
   * scene build, made a 10,000-polygon first render at full resolution ~45 % slower). Kept while
   * tiles arrive: keyed by `version`, every tile from the worker made the next frame query the
   * scene again for each visible tile still in flight (the steal check), ~5 ms of the page's CPU a
   * frame at a 10,000-polygon first render, taken from the worker on a two-core machine (#16).
   */
  private rasterKeys = new Map<string, { version: number; raster: boolean }>();
  /** What the last frame wanted painted, best first (the worker is refilled from it). */
  private wanted: Array<[string, number, number, number]> = [];
  /** How many of `wanted`'s first entries the frame shows (the rest are for views to come). */
  private wantedNow = 0;
  /** The tile the main thread is painting over several frames (at most one). */
  private job: TileJob | null = null;
  private jobCanvas: HTMLCanvasElement | OffscreenCanvas | null = null;
  private scratch: HTMLCanvasElement | OffscreenCanvas | null = null;
  private lastLevel: number | null = null;
  /** Tiles the last frame's screen shows at most at its ideal level. */
  private screenTiles = 100;
  /** Recent views (time, log2 scale, image centre) for motion prediction. */
  private history: Array<{ t: number; ls: number; cx: number; cy: number }> = [];
  /**
   * The view moved at the last frame (the producer then holds `capacity` requests, else
   * `restCapacity`). Set only in `frame()`: a result arriving between frames (`receive()` ->
   * `feedProducer`) uses the last frame's value, which is harmless (the next frame, due anyway while
   * moving, corrects the count) but is not "now".
   */
  private moving = false;
  /** Scene changes of a {@link TileRenderer.batch} in progress, applied to `scene` at its end. */
  private deferred: Deferred | null = null;

  constructor() {
    this.scene.onChange = (b, removed) => this.changed(b, removed);
  }

  /** The spatial index of the shapes. */
  get grid() {
    return this.scene.grid;
  }

  get fillOpacity(): number {
    return this.scene.fillOpacity;
  }
  set fillOpacity(a: number) {
    this.scene.fillOpacity = a;
  }

  /** Opacity of the masks (multiplies their own colour alpha); call `invalidateAll` after a change. */
  get maskOpacity(): number {
    return this.scene.maskOpacity;
  }
  set maskOpacity(a: number) {
    this.scene.maskOpacity = a;
    this.producer?.setMaskOpacity(a);
  }

  /** Paints tiles in `p` too (the tile worker); null: the main thread only. */
  setProducer(p: TileProducer | null): void {
    this.producer = p;
    this.inFlight.clear();
    this.cancelled.clear();
    this.missed = this.held;
    if (!p || this.held) return;
    for (const [id, e] of this.scene.entries) p.set(id, e.shape, e.color, e.z, e.mask);
    p.setExcluded([...this.scene.excluded]);
    p.setFillOpacity(this.scene.fillOpacity);
    p.setMaskOpacity(this.scene.maskOpacity);
  }

  // ---- the scene (ShapeSink) ---------------------------------------------------------------------

  /** Adds or replaces shape `id` (z is the paint order; higher on top). */
  set(id: number, shape: Shape, color: string, z: number, mask?: MaskImage): void {
    const d = this.deferred;
    if (d) {
      d.ids.push(id);
      d.shapes.push(shape);
      d.colors.push(color);
      d.z.push(z);
      d.masks.push(mask);
    } else this.scene.set(id, shape, color, z, mask);
    if (this.held) this.missed = true;
    else this.producer?.set(id, shape, color, z, mask);
  }

  /**
   * Runs `run`, a batch of scene changes (a whole scene set at once), telling the producer each
   * change as it comes but indexing them in this thread's scene only after the producer has been
   * sent the batch (`TileProducer.send`): the worker unpacks and indexes its copy while this thread
   * indexes its own, instead of idling through both (at a first render the worker's unpack then its
   * tiles were serial after the page's whole scene build, #16). The scene is the same as with the
   * changes made one by one, in the same order, once `batch` returns; `run` must not read it.
   */
  batch(run: () => void): void {
    if (this.deferred || !this.producer?.send || this.held) {
      run();
      return;
    }
    const d: Deferred = { ids: [], shapes: [], colors: [], z: [], masks: [], clear: false };
    this.deferred = d;
    try {
      run();
    } finally {
      this.deferred = null;
      this.producer?.send?.();
      if (d.clear) this.scene.clear();
      for (let i = 0; i < d.ids.length; i++) {
        const shape = d.shapes[i];
        if (shape) this.scene.set(d.ids[i]!, shape, d.colors[i]!, d.z[i]!, d.masks[i]);
        else this.scene.delete(d.ids[i]!);
      }
    }
  }

  /** Makes masks' full-resolution paints off the main thread: the producer's, while it is told scene changes. */
  get maskPainter(): MaskPainter | null {
    return this.held ? null : (this.producer?.maskPainter ?? null);
  }

  /** Removes shape `id`. */
  delete(id: number): void {
    const d = this.deferred;
    if (d) {
      d.ids.push(id);
      d.shapes.push(null);
      d.colors.push('');
      d.z.push(0);
      d.masks.push(undefined);
    } else this.scene.delete(id);
    if (this.held) this.missed = true;
    else this.producer?.delete(id);
  }

  /** Removes every shape and tile. */
  clear(): void {
    const d = this.deferred;
    if (d) {
      // what came before is cleared anyway: the scene is cleared first when the batch is applied
      d.clear = true;
      for (const a of [d.ids, d.shapes, d.colors, d.z, d.masks]) a.length = 0;
    } else this.scene.clear();
    if (this.held) this.missed = true;
    else this.producer?.clear();
  }

  /**
   * Holds (`true`) or releases the producer. While held it is told no scene change: a video frame is
   * drawn directly ({@link TileRenderer.drawDirect}), and mirroring 50 moving tracks to the worker on
   * every frame only cost the seek CPU (the message, the worker's re-index) on a 2-core machine.
   * The tiles are dropped when the hold begins (scene changes then skip the per-tile invalidation);
   * on release a producer that missed changes is cleared and sent the whole scene again.
   */
  hold(on: boolean): void {
    if (on === this.held) return;
    if (on) this.changed(null);
    this.held = on;
    const p = this.producer;
    if (on || !p || !this.missed) return;
    this.missed = false;
    p.clear();
    this.setProducer(p);
  }

  /** Shapes drawn live by the caller instead of in tiles (the selection while it is edited). */
  setExcluded(ids: Iterable<number>): void {
    const next = [...ids];
    const before = this.scene.excluded;
    if (next.length === before.size && next.every((id) => before.has(id))) return;
    this.scene.setExcluded(next);
    this.producer?.setExcluded(next);
  }

  /** Refreshes the fill colours after `fillOpacity` changed. */
  restyle(): void {
    this.producer?.setFillOpacity(this.scene.fillOpacity);
    this.scene.restyle();
  }

  /** Drops the tiles that draw anything of image rect `b`. */
  invalidate(b: Bounds): void {
    this.changed(b);
  }

  /** Drops every tile (colours or style changed). */
  invalidateAll(): void {
    this.changed(null);
  }

  /** `removed`: shapes only left the tiles (selected): their tiles keep showing, stale, until painted again. */
  private changed(b: Bounds | null, removed = false): void {
    this.version++;
    this.sceneVersion++;
    // Held (video frames drawn directly): the tiles were all dropped when the hold began.
    if (this.held) return;
    const j = this.job;
    if (j && (!b || intersects(b, j.rect))) this.job = null;
    for (const f of this.inFlight.values()) if (!b || intersects(b, tileRect(f.z, f.tx, f.ty))) f.stale = true;
    for (const f of this.cancelled.values()) if (!b || intersects(b, tileRect(f.z, f.tx, f.ty))) f.stale = true;
    this.cache.invalidate(b, removed);
  }

  // ---- tiles from the worker ---------------------------------------------------------------------

  /** A tile painted by the producer (null: nothing in it) for request `seq`. Stale results are dropped. */
  receive(key: string, bitmap: ImageBitmap | null, seq: number): void {
    let f = this.inFlight.get(key);
    if (f && f.seq === seq) this.inFlight.delete(key);
    else {
      // The result of a request cancelled after the worker had begun it (still good unless stale),
      // or of one whose entry is gone (the producer changed): the scene may have changed since.
      f = this.cancelled.get(key);
      if (f?.seq === seq) this.cancelled.delete(key);
      else f = undefined;
    }
    if (!f || f.stale || this.cache.fresh(key)) {
      this.trace?.('drop', key, bitmap ? 1 : 0);
      if (bitmap) bitmap.close();
    } else {
      this.trace?.('recv', key, bitmap ? 1 : 0);
      this.tilesRendered++;
      this.cache.set(key, { tile: bitmap ?? EMPTY, z: f.z, tx: f.tx, ty: f.ty });
      this.version++;
      // A late result of a cancelled request may arrive while the tile is asked for again: that
      // request is not needed any more.
      if (this.inFlight.has(key)) this.cancel([key]);
    }
    this.feedProducer();
    this.onTile();
  }

  /**
   * Cancels the worker's requests `keys` (those it has not begun are dropped; a result of one it
   * has begun is still used if nothing changed meanwhile, see `receive`).
   */
  private cancel(keys: string[]): void {
    if (!keys.length || !this.producer) return;
    this.producer.cancel(keys);
    if (this.trace) for (const k of keys) if (this.inFlight.has(k)) this.trace('cancel', k, 0);
    const gone: InFlight[] = [];
    const goneKeys: string[] = [];
    for (const k of keys) {
      const f = this.inFlight.get(k);
      if (!f) continue;
      this.inFlight.delete(k);
      this.cancelled.delete(k);
      gone.push(f);
      goneKeys.push(k);
    }
    // The worker takes requests in the order they were asked: of one cancel, the first asked are
    // the likeliest begun, so they are recorded last (the trim below drops the oldest records).
    const order = gone.map((_, i) => i).sort((i, j) => gone[j]!.seq - gone[i]!.seq);
    for (const i of order) this.cancelled.set(goneKeys[i]!, gone[i]!);
    // Requests the worker dropped never answer: keep only the latest few.
    for (const k of this.cancelled.keys()) {
      if (this.cancelled.size <= CANCELLED_KEPT) break;
      this.cancelled.delete(k);
    }
  }

  /** Gives the worker the best wanted tiles it is not painting yet. */
  private feedProducer(): void {
    const p = this.producer;
    if (!p) return;
    const capacity = this.moving ? p.capacity : Math.max(p.capacity, p.restCapacity ?? 0);
    // A request made stale by a change is cancelled (its result would be dropped) and, when still
    // wanted, asked for again below: the worker paints it from the changed scene.
    const stale: string[] = [];
    for (const [k, f] of this.inFlight) if (f.stale) stale.push(k);
    this.cancel(stale);
    // The worker takes requests in the order asked: a tile the frame shows is never queued behind
    // requests for views to come. Those asked before it (but the oldest request, which the worker
    // is likeliest painting) are cancelled and asked again below, after it. In the render bench's
    // zoom out a tile a pan revealed waited ~80 ms behind two coarser predicted tiles (50,000
    // polygons: 5 borrowed frames); a tile asked as the pan ring's, visible since, likewise.
    if (this.inFlight.size > 1) {
      const now = new Set<string>();
      for (let i = 0; i < this.wantedNow; i++) now.add(this.wanted[i]![0]);
      let last = this.visibleToAsk(p) ? Infinity : -1;
      let oldest = Infinity;
      for (const [k, f] of this.inFlight) {
        if (f.seq < oldest) oldest = f.seq;
        if (now.has(k) && f.seq > last) last = f.seq;
      }
      const behind: string[] = [];
      for (const [k, f] of this.inFlight) if (!now.has(k) && f.seq < last && f.seq !== oldest) behind.push(k);
      this.cancel(behind);
    }
    // Visible cheap tiles are asked of the worker too, like dense ones: left to the main thread
    // alone, they cost pan frames at 100,000 polygons (render bench, same run: frame p95 33.3
    // against 16.7 ms in 3 of 3 rounds).
    // A tile the frame shows takes the place of a request for a view to come when the worker is
    // full: that request is cancelled (the worker drops it if not begun; a result it has begun is
    // still taken). Left in the queue, such requests made a tile the pan had just revealed wait for
    // up to four other tiles (~20 ms each at 50,000 polygons).
    let rank: Map<string, number> | null = null;
    for (let i = 0; i < this.wanted.length; i++) {
      const [key, z, tx, ty] = this.wanted[i]!;
      if (this.inFlight.has(key) || this.cache.fresh(key) || this.job?.key === key) continue;
      if (p.blocked(tileRect(z, tx, ty))) continue;
      if (this.inFlight.size >= capacity) {
        if (i >= this.wantedNow) break;
        if (!rank) {
          rank = new Map();
          for (let j = 0; j < this.wanted.length; j++) rank.set(this.wanted[j]![0], j);
        }
        let worst: string | null = null;
        let worstRank = this.wantedNow - 1;
        for (const k of this.inFlight.keys()) {
          const r = rank.get(k) ?? Infinity;
          if (r > worstRank) {
            worstRank = r;
            worst = k;
          }
        }
        if (worst === null) break;
        this.cancel([worst]);
      }
      const seq = ++this.seq;
      this.inFlight.set(key, { stale: false, z, tx, ty, seq });
      this.trace?.('req', key, i < this.wantedNow ? 1 : 0);
      p.request(key, z, tx, ty, seq);
    }
  }

  /** True when a tile the frame shows is still to be asked of producer `p`. */
  private visibleToAsk(p: TileProducer): boolean {
    for (let i = 0; i < this.wantedNow; i++) {
      const [key, z, tx, ty] = this.wanted[i]!;
      if (this.inFlight.has(key) || this.cache.fresh(key) || this.job?.key === key) continue;
      if (!p.blocked(tileRect(z, tx, ty))) return true;
    }
    return false;
  }

  // ---- one frame ---------------------------------------------------------------------------------

  /**
   * Plans the frame of `view` (a `w`×`h` CSS px area at `dpr`): picks the level, paints what the
   * main thread may paint now, asks the worker for the rest, and lists the visible tiles.
   */
  frame(view: DlView, w: number, h: number, dpr: number, opts: DrawOptions = {}): TileFrame {
    const t0 = performance.now();
    const s = view.scale * dpr;
    const moving = this.noteView(t0, view, w, h);
    this.moving = moving;
    // Tiles a screen shows at most at its ideal level (tiles downscaled 2x): the cache keeps several
    // screens, and a finer level or a predicted view may need at most twice that.
    const screen = Math.ceil((w * dpr) / (TILE / 2) + 1) * Math.ceil((h * dpr) / (TILE / 2) + 1);
    this.cache.max = this.maxTiles ?? Math.max(320, 4 * screen);
    this.screenTiles = screen;
    const ideal = levelFor(s);
    let level = ideal;
    let whole = false;
    const last = this.lastLevel;
    if (!opts.sync) {
      const missing = this.missingAt(view, w, h, ideal, PLACEHOLDERS);
      // Missing tiles of the ideal level this frame could show no placeholder for (past the cap, or
      // past the new placeholders a frame may make): blank, where a complete coarser level shows all.
      // A level switch made only 4 new placeholders a frame and left up to 8 tiles blank for 1-2
      // frames (render bench, 1,000,000 points: 0-4 of ~220 frames; 50k/100k: 2-6).
      const blank =
        missing > PLACEHOLDERS ? missing : missing > 0 ? this.blanksAt(view, w, h, ideal, opts.newPlaceholders) : 0;
      if (missing > 0 && last !== null && last !== ideal && Math.abs(last - ideal) <= 2) {
        // A finer level that still covers the view is sharp: keep it (a zoom out stays sharp until
        // the new level is ready). With tiles that would be blank, a complete other level beats holes.
        const finer = last > ideal;
        if ((finer || blank > 0) && this.missingAt(view, w, h, last, 0, finer ? 2 * screen : Infinity) === 0) {
          level = last;
          whole = !finer;
        }
      }
      // Tiles that would be blank (no placeholder this frame) at the level kept. A complete coarser
      // level (up to two up) shows whole instead, magnified but never blank, also when the view
      // stays at its level or the last level no longer covers it. At 1,000,000 points the worker
      // trails every pan; the frame kept its ideal level once it had reached it, and 75-90 of ~225
      // render bench frames showed up to 44 blank tiles while the level two up was cached whole.
      if (level === ideal && blank > 0)
        for (let z = ideal - 1; z >= Math.max(MIN_Z, ideal - 2); z--)
          if (this.missingAt(view, w, h, z, 0) === 0) {
            level = z;
            whole = true;
            break;
          }
    }
    this.lastLevel = level;
    const cells = this.cells(view, w, h, level, true);
    // What to paint: the shown level's missing tiles, then the ideal level's (while a finer one is shown).
    const todo = cells.filter((c) => !c.tile || c.tile.stale).map((c) => ({ z: level, c }));
    if (level !== ideal)
      for (const c of this.cells(view, w, h, ideal, false)) if (!c.tile || c.tile.stale) todo.push({ z: ideal, c });
    // While the view pans, each level's tiles are painted nearest where its centre will be LEAD_MS
    // ahead first, not nearest where it is: of two tiles as far from the centre, the one the pan
    // leaves last goes first, and the trailing edge's tiles go last (often cancelled as they leave,
    // unpainted). Nearest the centre, a zoom in's trailing tiles at the render bench's first crossing
    // (100,000 polygons, ~30 ms of the worker each) were painted after they had left the view, while
    // the leading ones waited (frames borrowed until the last of them).
    const lead = moving ? this.lead(t0) : null;
    if (lead) {
      const at = (z: number, c: FrameCell) => {
        const span = TILE / 2 ** z;
        return ((c.tx + 0.5) * span - lead[0]) ** 2 + ((c.ty + 0.5) * span - lead[1]) ** 2;
      };
      const key = todo.map(({ z, c }) => (z === level ? 0 : 1) * 1e30 + at(z, c));
      const order = todo.map((_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
      const sorted = order.map((i) => todo[i]!);
      todo.length = 0;
      todo.push(...sorted);
    }
    // A tile in progress that scrolled out of view (or belongs to another level) is not worth finishing.
    const j = this.job;
    if (j && !todo.some(({ c }) => c.key === j.key)) this.job = null;
    const budget = opts.busy ? 0 : opts.sync ? Infinity : (opts.budgetMs ?? 4);
    const deadline = t0 + budget;
    // The main thread: cheap tiles at once (no worker round trip), the tile in progress, and
    // (without a worker, or at rest) dense ones a chunk at a time. At rest, with no tile of its own
    // left, it then takes over the visible tile the worker would reach last, cancelling that request:
    // it used to paint the tile the worker was painting already (the first visible tiles of a
    // 100,000-polygon first render were painted twice at its end, one result dropped).
    // A tile no shape reaches (beyond the image's edge) is known empty at once, outside the budget:
    // asked of the worker, each such tile waited behind its dense ones for a round trip (the last
    // ~60 ms of a 10,000-polygon first render, in the render helper's traces).
    if (!opts.sync && !opts.busy)
      for (const { z, c } of todo) {
        if ((c.tile && !c.tile.stale) || this.job?.key === c.key) continue;
        if (!this.scene.fewIn(tileRect(z, c.tx, c.ty), 0, tileRect(z, c.tx, c.ty, NEAR_PX))) continue;
        if (this.inFlight.has(c.key)) this.cancel([c.key]);
        this.tilesRendered++;
        c.tile = { tile: EMPTY, z, tx: c.tx, ty: c.ty };
        this.cache.set(c.key, c.tile);
      }
    let worked = false;
    for (const pass of [0, 1]) {
      if (pass === 1 && (moving || !this.producer || opts.sync)) break;
      let steal: string | null = null;
      if (pass === 1) {
        if (this.job || opts.busy || (worked && performance.now() >= deadline)) break;
        let latest = -1;
        for (const { z, c } of todo) {
          const f = this.inFlight.get(c.key);
          if (f && f.seq > latest && (!c.tile || c.tile.stale) && !this.workerOnly(z, c.tx, c.ty, c.key)) {
            latest = f.seq;
            steal = c.key;
          }
        }
        if (steal === null) break;
        this.cancel([steal]);
      }
      for (const { z, c } of todo) {
        if (c.tile && !c.tile.stale) continue;
        if (opts.sync) {
          c.tile = this.paintNow(z, c.tx, c.ty);
          continue;
        }
        if (opts.busy) break;
        const elsewhere = this.inFlight.has(c.key);
        const mine = this.job?.key === c.key;
        const cheap =
          !mine && !elsewhere && this.scene.fewIn(tileRect(z, c.tx, c.ty), CHEAP, tileRect(z, c.tx, c.ty, NEAR_PX));
        // While the view moves, dense tiles are the worker's: painting them here too, a chunk at a
        // time within the 4 ms budget, cost pan/zoom fps at every size (bench, same run: 10k 33-51
        // against 45-53 fps, 50k 22-27 against 44-55) and did not lower the borrowed frames.
        if (pass === 0 && !mine && !cheap && (elsewhere || (this.producer && moving) || this.job)) continue;
        // A tile the outline rasteriser paints is the worker's (warm there; the page's would be cold)
        if (pass === 0 && !mine && !cheap && this.workerOnly(z, c.tx, c.ty, c.key)) continue;
        if (pass === 1 && c.key !== steal) continue;
        if (worked && performance.now() >= deadline) break;
        worked = true;
        const t = cheap ? this.paintNow(z, c.tx, c.ty) : this.advance(z, c.tx, c.ty, deadline);
        if (t) c.tile = t;
      }
    }
    // The worker: what is still missing, then what the view will need next (not during an edit:
    // on a two-core machine prefetching the ring takes CPU the drag's frames need).
    // During an edit nothing is painted: on a two-core machine the worker's tiles (a dense one takes
    // it 20-50 ms) take CPU from the drag's frames. Stale tiles keep their old pixels meanwhile (the
    // edited shape drawn live over them), missing ones wait; requests not started are cancelled.
    this.wanted = opts.busy
      ? []
      : todo.filter(({ c }) => !c.tile || c.tile.stale).map(({ z, c }) => [c.key, z, c.tx, c.ty]);
    this.wantedNow = this.wanted.length;
    if (this.producer) {
      if (!opts.busy) this.predict(view, w, h, dpr, level, t0, moving);
      // Requests this frame no longer wants (a view or level the view has left; every request
      // during an edit) are cancelled: the worker does not spend the next seconds on them.
      const keep = new Set(this.wanted.map((x) => x[0]));
      this.cancel([...this.inFlight.keys()].filter((k) => !keep.has(k)));
      this.feedProducer();
    }
    // Counts and fallbacks; the frame's tiles and their borrowed sources are safe from eviction.
    let tiles = 0;
    let finer = 0;
    let borrowed = 0;
    let missing = 0;
    let stale = 0;
    // Beyond the sharpness bound (a finer level kept whole two levels up): every tile counts borrowed.
    const tooFine = 2 ** level / s >= FINER_SHARP;
    // The next finer level's tiles, downscaled this much, are within the bound (and not magnified).
    const down = 2 ** (level + 1) / s;
    const finerSharp = down >= 1 && down < FINER_SHARP;
    const pinned = new Set<string>();
    const slots = this.placeholderBudget(level, opts.newPlaceholders);
    for (const c of cells) {
      pinned.add(c.key);
      if (c.tile) {
        if (c.tile.tile !== EMPTY) {
          tiles++;
          if (c.tile.stale) stale++;
          // A whole frame of a coarser level: every tile is borrowed (and magnified).
          if (whole || tooFine) borrowed++;
        }
        continue;
      }
      tiles++;
      // Placeholders cost a small raster each: only the ones nearest the centre get one, a few new a frame.
      c.fallback = slots.allows(c.key) ? this.fallback(level, c.tx, c.ty, finerSharp) : null;
      if (c.fallback) {
        slots.take(c.key);
        if (c.fallback.kind === 'finer' && c.fallback.sharp && !tooFine) finer++;
        else borrowed++;
        for (const k of c.fallback.keys) pinned.add(k);
      } else missing++;
    }
    this.cache.evict(pinned, level);
    this.placeholders = { level, keys: slots.taken };
    const pending = this.wanted.length;
    this.frameStats = { level, ideal, tiles, finer, borrowed, missing, stale, pending };
    return { level, ideal, S: 2 ** level, cells, tiles, finer, borrowed, missing, stale, pending };
  }

  /** The visible tiles of `level`, nearest the view's centre first (`touch`: mark them used). */
  private cells(view: DlView, w: number, h: number, level: number, touch: boolean): FrameCell[] {
    const [tx0, ty0, tx1, ty1] = tileRange(view, w, h, 2 ** level);
    const cx = (tx0 + tx1) / 2;
    const cy = (ty0 + ty1) / 2;
    const cells: FrameCell[] = [];
    for (let ty = ty0; ty <= ty1; ty++)
      for (let tx = tx0; tx <= tx1; tx++) {
        const key = tileKey(level, tx, ty);
        cells.push({ key, tx, ty, tile: touch ? this.cache.get(key) : this.cache.peek(key), fallback: null });
      }
    return cells.sort((a, b) => dist2(a, cx, cy) - dist2(b, cx, cy));
  }

  /**
   * How many visible tiles of `level` are not cached (counting stops past `stop`); Infinity when
   * more than `max` tiles are visible.
   */
  private missingAt(view: DlView, w: number, h: number, level: number, stop: number, max = Infinity): number {
    const [tx0, ty0, tx1, ty1] = tileRange(view, w, h, 2 ** level);
    if ((tx1 - tx0 + 1) * (ty1 - ty0 + 1) > max) return Infinity;
    let n = 0;
    for (let ty = ty0; ty <= ty1; ty++)
      for (let tx = tx0; tx <= tx1; tx++) if (!this.cache.peek(tileKey(level, tx, ty)) && ++n > stop) return n;
    return n;
  }

  /**
   * The frame's placeholder rule for `level`: at most PLACEHOLDERS, of them at most `fresh` that
   * were not placeholders of the last frame at this level. Tiles are offered nearest the centre first.
   */
  private placeholderBudget(level: number, fresh = Infinity) {
    const had = this.placeholders.level === level ? this.placeholders.keys : null;
    const taken = new Set<string>();
    let added = 0;
    return {
      taken,
      allows: (key: string) => taken.size < PLACEHOLDERS && ((had?.has(key) ?? false) || added < fresh),
      take: (key: string) => {
        if (!had?.has(key)) added++;
        taken.add(key);
      },
    };
  }

  /**
   * How many visible tiles of `level` not cached would get no placeholder this frame (the frame's
   * placeholderBudget), every missing tile taken to have a fallback (true whenever a complete level
   * up to two up is cached, the only case this decides).
   */
  private blanksAt(view: DlView, w: number, h: number, level: number, fresh?: number): number {
    const slots = this.placeholderBudget(level, fresh);
    let blank = 0;
    for (const c of this.cells(view, w, h, level, false)) {
      if (c.tile) continue;
      if (slots.allows(c.key)) slots.take(c.key);
      else blank++;
    }
    return blank;
  }

  /**
   * The image point the view's centre reaches LEAD_MS ahead at its velocity over the last ~120 ms
   * (straight on); null without a velocity.
   */
  private lead(now: number): [number, number] | null {
    const h1 = this.history.at(-1);
    const h0 = this.history.find((x) => now - x.t < 120);
    if (!h1 || !h0 || h1.t <= h0.t) return null;
    const k = LEAD_MS / (h1.t - h0.t);
    return [h1.cx + (h1.cx - h0.cx) * k, h1.cy + (h1.cy - h0.cy) * k];
  }

  /** Records the view; true while it is moving. */
  private noteView(t: number, view: DlView, w: number, h: number): boolean {
    const ls = Math.log2(view.scale);
    const cx = (w / 2 - view.x) / view.scale;
    const cy = (h / 2 - view.y) / view.scale;
    const last = this.history.at(-1);
    if (!last || last.ls !== ls || last.cx !== cx || last.cy !== cy) {
      this.history.push({ t, ls, cx, cy });
      if (this.history.length > 24) this.history.shift();
    }
    const end = this.history.at(-1)!;
    return t - end.t < MOVING_MS && this.history.length > 1;
  }

  /**
   * Adds to `wanted` the tiles the view will need next: while it moves, the views 150, 400 and 800 ms
   * ahead (its motion over the last ~120 ms extrapolated, at their own levels, nearest each view's
   * centre first); at rest (and on a motion's first frame, before it has a velocity), the ring of
   * tiles around it, then the next finer and coarser levels.
   * A motion that slows down is extrapolated to where it stops, not past it: a zoom turning back
   * extrapolated straight asked for a level it never reached (the render bench's 50,000-polygon
   * zoom out asked for four tiles of 12,500 polygons each, ~100-270 ms of the worker apiece, while
   * the level it came back to waited). A tile no shape reaches is cached empty at once instead of
   * taking a place in the worker's queue (beyond the image's edge, such tiles waited there behind
   * dense ones for up to ~400 ms).
   */
  private predict(view: DlView, w: number, h: number, dpr: number, level: number, now: number, moving: boolean): void {
    const seen = new Set(this.wanted.map((x) => x[0]));
    const add = (z: number, tx: number, ty: number) => {
      const key = tileKey(z, tx, ty);
      if (seen.has(key) || this.cache.fresh(key)) return;
      seen.add(key);
      const r = tileRect(z, tx, ty);
      if (this.scene.fewIn(r, 0, tileRect(z, tx, ty, NEAR_PX))) {
        if (this.inFlight.has(key)) this.cancel([key]);
        this.tilesRendered++;
        this.cache.set(key, { tile: EMPTY, z, tx, ty });
        return;
      }
      // A tile coarser than the frame's level whose four finer tiles are cached fresh: a frame at its
      // level shows it from them, sharp (see `fallback`), and painting it is the worker's time lost.
      // The render bench's 100,000-polygon zoom out, extrapolated past the loop's lowest scale, asked
      // for the 13 level -3 tiles over the image (50-90 ms of the worker each) while level -2 was whole.
      if (z < level) {
        const f = this.finerParts(z, tx, ty);
        if (f.parts.length === 4 && f.fresh) return;
      }
      this.wanted.push([key, z, tx, ty]);
    };
    /** Adds the tiles of level z over `v` (`w`×`h` CSS px), nearest its centre first. */
    const addView = (z: number, v: DlView, vw: number, vh: number) => {
      const [tx0, ty0, tx1, ty1] = tileRange(v, vw, vh, 2 ** z);
      const cx = (tx0 + tx1) / 2;
      const cy = (ty0 + ty1) / 2;
      const list: Array<{ tx: number; ty: number }> = [];
      for (let ty = ty0; ty <= ty1; ty++) for (let tx = tx0; tx <= tx1; tx++) list.push({ tx, ty });
      list.sort((a, b) => dist2(a, cx, cy) - dist2(b, cx, cy));
      for (const c of list) add(z, c.tx, c.ty);
    };
    const h1 = this.history.at(-1)!;
    const h0 = this.history.find((x) => now - x.t < 120) ?? h1;
    const dt = h1.t - h0.t;
    if (moving && dt > 0) {
      // Velocity over the last ~120 ms; its change from a quadratic fit over the last ~300 ms
      // (frame times jitter by a few ms: a difference of two short spans' velocities was as much
      // noise as signal).
      const recent = this.history.filter((x) => now - x.t < 300);
      const motion = (k: 'ls' | 'cx' | 'cy') => {
        const v = (h1[k] - h0[k]) / dt;
        const fit = recent.length >= 5 ? quadraticFit(recent.map((x) => [x.t - h1.t, x[k] - h1[k]])) : null;
        if (!fit) return { v, stop: Infinity, a: 0 };
        const [fv, a] = fit;
        // Slowing down: constant deceleration until it stops (a turning point), then still.
        return a * fv < 0 ? { v: fv, stop: -fv / a, a } : { v, stop: Infinity, a: 0 };
      };
      const at = (m: { v: number; stop: number; a: number }, ahead: number) => {
        const t = Math.min(ahead, m.stop);
        return m.v * t + 0.5 * m.a * t * t;
      };
      const mls = motion('ls');
      const mx = motion('cx');
      const my = motion('cy');
      // Zooming in towards the next level's threshold (not stopping short of it): that level over
      // the view at the crossing (2^level / s of this one, about the zoom's centre then), centre out.
      // The worker paints it while the current level's tiles are done: at 50,000 polygons the
      // ~50 tiles of level -1 (~8 ms each) were missing at the bench's crossing, 0.4 s into a zoom
      // in from rest, while level -2 had long been whole (13 of its ~17 borrowed frames). Asked for
      // after the nearest predicted view when the crossing comes within 800 ms, else after them all;
      // cancelled with the rest of a frame's requests once the zoom turns back or stops short.
      const ideal = levelFor(view.scale * dpr);
      let cross: { t: number; v: DlView } | null = null;
      if (mls.v > 0 && ideal < MAX_Z) {
        const t = crossing(mls, ideal - Math.log2(dpr) - h1.ls);
        if (t !== null) {
          const scale = 2 ** ideal / dpr;
          const ta = Math.min(t, 800);
          const cx = h1.cx + at(mx, ta);
          const cy = h1.cy + at(my, ta);
          cross = { t, v: { scale, x: w / 2 - cx * scale, y: h / 2 - cy * scale } };
        }
      }
      const addCross = () => {
        if (cross) addView(ideal + 1, cross.v, w, h);
        cross = null;
      };
      for (const ahead of [150, 400, 800]) {
        if (ahead === 400 && cross && cross.t <= 800) addCross();
        // Within the viewer's zoom range; a jump (a refit) extrapolates to nonsense: skip views
        // that would need far more tiles than a screen.
        const scale = Math.min(64, Math.max(1 / 64, 2 ** (h1.ls + at(mls, ahead))));
        const cx = h1.cx + at(mx, ahead);
        const cy = h1.cy + at(my, ahead);
        const v = { scale, x: w / 2 - cx * scale, y: h / 2 - cy * scale };
        const z = levelFor(scale * dpr);
        const [tx0, ty0, tx1, ty1] = tileRange(v, w, h, 2 ** z);
        if ((tx1 - tx0 + 1) * (ty1 - ty0 + 1) > 2 * this.screenTiles) continue;
        addView(z, v, w, h);
      }
      addCross();
      // Last, while the worker has room: the ring's side the view pans towards, at its own level
      // (the next tiles a pan reveals past the predicted views). Not while the zoom leaves the
      // level within ~400 ms: its tiles would not be shown.
      const vx = mx.v * view.scale;
      const vy = my.v * view.scale;
      if (Math.hypot(vx, vy) > PAN_PX_MS && Math.abs(mls.v) * 400 < 0.25) {
        const [tx0, ty0, tx1, ty1] = tileRange(view, w, h, 2 ** level);
        const sx = Math.abs(vx) > PAN_PX_MS / 2 ? Math.sign(vx) : 0;
        const sy = Math.abs(vy) > PAN_PX_MS / 2 ? Math.sign(vy) : 0;
        const list: Array<{ tx: number; ty: number }> = [];
        for (let ty = ty0 - 1; ty <= ty1 + 1; ty++)
          for (let tx = tx0 - 1; tx <= tx1 + 1; tx++) {
            const ox = tx < tx0 ? -1 : tx > tx1 ? 1 : 0;
            const oy = ty < ty0 ? -1 : ty > ty1 ? 1 : 0;
            if ((ox || oy) && (ox === 0 || ox === sx) && (oy === 0 || oy === sy)) list.push({ tx, ty });
          }
        const mcx = (tx0 + tx1) / 2;
        const mcy = (ty0 + ty1) / 2;
        list.sort((a, b) => dist2(a, mcx, mcy) - dist2(b, mcx, mcy));
        for (const c of list) add(level, c.tx, c.ty);
      }
    } else {
      // At rest, and while the motion has no velocity: the first frame of a motion from rest (its
      // one view within the last ~120 ms, the view before long still; likewise 120-150 ms after a
      // motion's last change). Its list left empty,
      // that frame cancelled every prefetch in flight (the render bench at 100,000 polygons, 4-6
      // requests for the next finer level its zoom in needs at ~400 ms) and the next frame asked
      // for the same tiles again ~20-45 ms later, the workers idle or repainting meanwhile.
      const [tx0, ty0, tx1, ty1] = tileRange(view, w, h, 2 ** level);
      for (let ty = ty0 - 1; ty <= ty1 + 1; ty++)
        for (let tx = tx0 - 1; tx <= tx1 + 1; tx++)
          if (tx < tx0 || tx > tx1 || ty < ty0 || ty > ty1) add(level, tx, ty);
      // Then the next zoom levels, so a zoom from rest starts sharp: the finer one over the view at
      // the crossing (2^level / s of this one, 1/2 to all of it: what a zoom in shows at that
      // level first; the central half alone left ~60 % of those tiles unasked at the render
      // bench's 1.28x crossing), then the coarser level over the view (a quarter of its tiles).
      // Finer first: a zoom in needs its level at the crossing, while a zoom out keeps
      // the current level (sharp, finer) over what it showed; and a coarser tile holds four times
      // the shapes (at 50,000 polygons the coarser level's 4 tiles were ~500 ms of the worker that
      // the render bench's zoom in waited for).
      if (level < MAX_Z) {
        const f = Math.min(1, Math.max(0.5, (view.scale * dpr) / 2 ** level));
        const part = { scale: view.scale, x: view.x - (w * (1 - f)) / 2, y: view.y - (h * (1 - f)) / 2 };
        addView(level + 1, part, w * f, h * f);
      }
      if (level > MIN_Z) addView(level - 1, view, w, h);
    }
  }

  /** True when tile (z, tx, ty) is left to the worker: there is one, and the outline rasteriser paints the tile. */
  private workerOnly(z: number, tx: number, ty: number, key: string): boolean {
    if (!this.producer || !WORKER_ONLY_RASTER) return false;
    const k = this.rasterKeys.get(key);
    if (k && k.version === this.sceneVersion) return k.raster;
    if (this.rasterKeys.size > 4 * this.cache.max) this.rasterKeys.clear();
    const raster = rastersTile(this.scene, z, tx, ty);
    this.rasterKeys.set(key, { version: this.sceneVersion, raster });
    return raster;
  }

  /** Paints tile (z, tx, ty) now on the main thread and caches it. */
  private paintNow(z: number, tx: number, ty: number): CachedTile {
    const key = tileKey(z, tx, ty);
    const t = { tile: this.renderTile(z, tx, ty), z, tx, ty };
    this.cache.set(key, t);
    return t;
  }

  /** Starts or continues the main thread's incremental tile until `deadline`; the tile when done. */
  private advance(z: number, tx: number, ty: number, deadline: number): CachedTile | undefined {
    const key = tileKey(z, tx, ty);
    let job = this.job;
    if (!job || job.key !== key) {
      this.tilesRendered++;
      const started = startTile(this.scene, z, tx, ty, (this.jobCanvas ??= makeCanvas()));
      if (!started) {
        const t = { tile: EMPTY as Tile, z, tx, ty };
        this.cache.set(key, t);
        return t;
      }
      this.job = job = started;
    }
    if (!continueTile(this.scene, job, deadline)) return undefined;
    this.job = null;
    const t = { tile: finishTile(job), z, tx, ty };
    // An HTMLCanvasElement job canvas (no OffscreenCanvas) is the tile itself: use a new one next time.
    if (t.tile === this.jobCanvas) this.jobCanvas = null;
    this.cache.set(key, t);
    return t;
  }

  /** Renders one whole tile now on the main thread; EMPTY when no shape touches it. */
  renderTile(z: number, tx: number, ty: number): Tile {
    this.tilesRendered++;
    const offscreen = typeof OffscreenCanvas !== 'undefined';
    const job = startTile(this.scene, z, tx, ty, offscreen ? (this.scratch ??= makeCanvas()) : makeCanvas());
    if (!job) return EMPTY;
    continueTile(this.scene, job, Infinity);
    return finishTile(job);
  }

  /**
   * How a tile that is not ready can be shown from the cache: with `sharpFiner`, the four finer
   * tiles when all are cached (sharp within FINER_SHARP: pass it only when level `z` is no finer
   * than the screen's); else a coarser level's tile covering it (up to 3 levels up; blurry beats
   * empty), else the finer tiles there are, else null.
   */
  fallback(z: number, tx: number, ty: number, sharpFiner = false): Fallback {
    if (sharpFiner) {
      const f = this.finerParts(z, tx, ty);
      // Stale tiles (a just-selected shape still in them) are not the frame's pixels.
      if (f.parts.length === 4 && f.fresh) return { kind: 'finer', keys: f.keys, parts: f.parts, sharp: true };
    }
    for (let up = 1; up <= 3; up++) {
      const f = 2 ** up;
      const key = tileKey(z - up, Math.floor(tx / f), Math.floor(ty / f));
      const parent = this.cache.peek(key);
      if (!parent) continue;
      const sub = TILE / f;
      return {
        kind: 'coarser',
        keys: [key],
        tile: parent.tile,
        sx: (((tx % f) + f) % f) * sub,
        sy: (((ty % f) + f) % f) * sub,
        size: sub,
      };
    }
    const f = this.finerParts(z, tx, ty);
    return f.parts.length ? { kind: 'finer', keys: f.keys, parts: f.parts, sharp: false } : null;
  }

  /** The cached tiles of level z + 1 inside tile (z, tx, ty). */
  private finerParts(
    z: number,
    tx: number,
    ty: number,
  ): { keys: string[]; parts: Array<{ tile: Tile; i: number }>; fresh: boolean } {
    const parts: Array<{ tile: Tile; i: number }> = [];
    const keys: string[] = [];
    let fresh = true;
    for (let i = 0; i < 4; i++) {
      const key = tileKey(z + 1, tx * 2 + (i & 1), ty * 2 + (i >> 1));
      const c = this.cache.peek(key);
      if (!c) continue;
      if (c.stale) fresh = false;
      parts.push({ tile: c.tile, i });
      keys.push(key);
    }
    return { keys, parts, fresh };
  }

  /** Draws the layer for `view` into `ctx` (a `w`×`h` CSS px canvas at `dpr`). Returns true when complete. */
  draw(
    ctx: CanvasRenderingContext2D,
    view: DlView,
    w: number,
    h: number,
    dpr: number,
    opts: DrawOptions = {},
  ): boolean {
    const f = this.frame(view, w, h, dpr, opts);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = (view.scale * dpr) / f.S <= 0.999;
    for (const c of f.cells) {
      const [x0, y0, x1, y1] = tileScreenRect(view, dpr, f.S, c.tx, c.ty);
      if (c.tile) {
        if (c.tile.tile !== EMPTY) ctx.drawImage(c.tile.tile, x0, y0, x1 - x0, y1 - y0);
        continue;
      }
      drawFallback(ctx, c.fallback, x0, y0, x1 - x0, y1 - y0);
    }
    return f.finer === 0 && f.borrowed === 0 && f.missing === 0 && f.stale === 0;
  }

  /** Shapes held (committed ones, drawn in tiles or by {@link drawDirect}). */
  get shapeCount(): number {
    return this.scene.entries.size;
  }

  /**
   * Draws the shapes in view straight onto `ctx` (a `w`×`h` CSS px canvas at `dpr`, cleared by the
   * caller), no tiles: for a video frame, where every track moves on every frame and tiles would be
   * re-rasterised each time. The same outlines (the screen's level), colour batches, masks and paint
   * order as a tile.
   */
  drawDirect(ctx: CanvasRenderingContext2D, view: DlView, w: number, h: number, dpr: number): void {
    const s = view.scale * dpr;
    const pad = 8 / s;
    const ids = this.scene.idsIn({
      minX: -view.x / view.scale - pad,
      minY: -view.y / view.scale - pad,
      maxX: (w - view.x) / view.scale + pad,
      maxY: (h - view.y) / view.scale + pad,
    });
    if (!ids.length) return;
    ctx.setTransform(s, 0, 0, s, view.x * dpr, view.y * dpr);
    drawShapes(this.scene, ctx, ids, levelFor(s), s);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  /** Frees every tile. */
  dispose(): void {
    this.cache.invalidate(null);
    if (this.jobCanvas && 'close' in this.jobCanvas) releaseTile(this.jobCanvas as unknown as Tile);
    this.job = null;
  }
}

/** Draws a borrowed tile into the `w`×`h` px rect at (dx, dy). */
export function drawFallback(
  ctx: CanvasRenderingContext2D,
  fb: Fallback,
  dx: number,
  dy: number,
  w: number,
  h: number,
): void {
  if (!fb) return;
  if (fb.kind === 'coarser') {
    if (fb.tile !== EMPTY) ctx.drawImage(fb.tile, fb.sx, fb.sy, fb.size, fb.size, dx, dy, w, h);
    return;
  }
  for (const { tile, i } of fb.parts)
    if (tile !== EMPTY) ctx.drawImage(tile, dx + (i & 1) * (w / 2), dy + (i >> 1) * (h / 2), w / 2, h / 2);
}

/** The device-pixel rect of tile (tx, ty) of scale S in `view` at `dpr`: edges rounded, shared by neighbours. */
export function tileScreenRect(
  view: DlView,
  dpr: number,
  S: number,
  tx: number,
  ty: number,
): [number, number, number, number] {
  const step = (TILE * view.scale * dpr) / S;
  const ox = view.x * dpr;
  const oy = view.y * dpr;
  return [
    Math.round(ox + tx * step),
    Math.round(oy + ty * step),
    Math.round(ox + (tx + 1) * step),
    Math.round(oy + (ty + 1) * step),
  ];
}

/** The level for `s` device px per image px: the coarsest one at least as fine (tiles downscaled ≤ 2x). */
export function levelFor(s: number): number {
  // `+ 0`: at s = 1 the ceiling is -0, which stats would report as "-0".
  return Math.max(MIN_Z, Math.min(MAX_Z, Math.ceil(Math.log2(s) - 1e-9))) + 0;
}

/** Inclusive tile range `[tx0, ty0, tx1, ty1]` of level scale S covering a `w`×`h` CSS px view. */
export function tileRange(view: DlView, w: number, h: number, S: number): [number, number, number, number] {
  const span = TILE / S;
  return [
    Math.floor(-view.x / view.scale / span),
    Math.floor(-view.y / view.scale / span),
    Math.floor((w - view.x) / view.scale / span),
    Math.floor((h - view.y) / view.scale / span),
  ];
}

function intersects(a: Bounds, b: Bounds): boolean {
  return a.maxX >= b.minX && a.minX <= b.maxX && a.maxY >= b.minY && a.minY <= b.maxY;
}

/**
 * Least-squares fit of y = c0 + v t + a t² / 2 to points [t, y]: [v, a] (velocity and acceleration
 * at t = 0), or null when the times do not determine them.
 */
export function quadraticFit(pts: Array<[number, number]>): [number, number] | null {
  // Normal equations of the basis 1, t, t².
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let y0 = 0;
  let y1 = 0;
  let y2 = 0;
  for (const [t, y] of pts) {
    const t2 = t * t;
    s0++;
    s1 += t;
    s2 += t2;
    s3 += t2 * t;
    s4 += t2 * t2;
    y0 += y;
    y1 += y * t;
    y2 += y * t2;
  }
  const det = (m: number[]) =>
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  const d = det([s0, s1, s2, s1, s2, s3, s2, s3, s4]);
  if (!(Math.abs(d) > 1e-12 * (s0 * s2 * s4 || 1))) return null;
  // Cramer's rule for the t and t² coefficients.
  const c1 = det([s0, y0, s2, s1, y1, s3, s2, y2, s4]) / d;
  const c2 = det([s0, s1, y0, s1, s2, y1, s2, s3, y2]) / d;
  return [c1, 2 * c2];
}

/**
 * When a motion `m` (velocity v, and, slowing down, deceleration a until `stop`) has moved by `d`,
 * ms from now; null when it never gets there.
 */
export function crossing(m: { v: number; stop: number; a: number }, d: number): number | null {
  if (d <= 0) return 0;
  if (!(m.v > 0)) return null;
  const a = Number.isFinite(m.stop) ? m.a : 0;
  // v t + a t² / 2 = d, the first root, in the form that keeps its digits when a is tiny.
  const disc = m.v * m.v + 2 * a * d;
  if (disc < 0) return null;
  return (2 * d) / (m.v + Math.sqrt(disc));
}

function dist2(c: { tx: number; ty: number }, cx: number, cy: number): number {
  return (c.tx - cx) ** 2 + (c.ty - cy) ** 2;
}
