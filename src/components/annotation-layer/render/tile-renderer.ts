// The layer's renderer: every committed shape is rasterised into 256-px tiles per zoom level
// (level z draws at 2^z raster px per image px), tiles are cached (LRU) and blitted each frame.
// A pan or zoom frame therefore costs a few dozen drawImage calls whatever the shape count; new
// tiles are drawn within a per-frame time budget (a dense tile is drawn a chunk of shapes per
// frame), showing the neighbouring level's tiles until they are ready. Inside a tile, shapes come
// from the spatial index (culling), their cached image-space Path2D at that level (LOD) is batched
// per label colour into one fill and one stroke.
import type { Bounds, Shape } from '../../../geometry/shapes/shape.js';
import type { DlView } from '../../internal/view.js';
import { withAlpha } from '../model/label-colors.js';
import { Z_FRONT, type MaskImage, type ShapeSink } from '../model/shape-index.js';
import { buildShapePath, isFilled } from './shape-path.js';
import { SpatialGrid } from './spatial-grid.js';

/** Raster tile edge, px. */
export const TILE = 256;
const MAX_TILES = 320;
const MIN_Z = -8;
const MAX_Z = 6;

interface Entry {
  shape: Shape;
  color: string;
  fill: string;
  /** Outline per level (index `z - MIN_Z`), image space (LOD), built on first use. */
  paths: Array<Path2D | null | undefined> | null;
  /** How many outlines were built (culling tests read it). */
  built: number;
  mask?: MaskImage;
  z: number;
}

type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function makeCanvas(w: number, h: number): HTMLCanvasElement | OffscreenCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

/** Options of one frame. */
export interface DrawOptions {
  /** Draw every missing tile now (first render); otherwise stay within `budgetMs`. */
  sync?: boolean;
  /**
   * The view is animating: keep the current level while it is within one level of the ideal one
   * (tiles scale at most 2x), so a continuous zoom re-rasterises once per 4x instead of every 2x.
   */
  moving?: boolean;
  /** Draw this many levels coarser than ideal (a fast first frame, refined on the next ones). @default 0 */
  levelBias?: number;
  /** Time for new tiles in this frame, ms (a frame always draws at least one chunk). @default 4 */
  budgetMs?: number;
  /** Fill opacity of closed shapes. @default 0.18 */
  fillOpacity?: number;
}

/** Tile-cached canvas renderer over a spatial index. */
export class TileRenderer implements ShapeSink {
  readonly grid = new SpatialGrid(128);
  private entries = new Map<number, Entry>();
  /**
   * Finished tiles as ImageBitmaps (`transferToImageBitmap`, no copy): drawing an ImageBitmap is a
   * plain blit, while drawing a canvas makes Chromium snapshot it on every call.
   */
  private tiles = new Map<string, Tile>();
  private scratch: HTMLCanvasElement | OffscreenCanvas | null = null;
  private excluded = new Set<number>();
  /** Global paint order of colours, so every tile layers the colour batches the same way. */
  private colorOrder = new Map<string, number>();
  /** Fill style per colour at the current `fillOpacity`. */
  private fills = new Map<string, string>();
  /** Tiles rendered since creation (for tests and benchmarks). */
  tilesRendered = 0;
  fillOpacity = 0.18;
  /** Opacity of the masks (multiplies their own colour alpha); call `invalidateAll` after a change. */
  maskOpacity = 1;
  /** Most finished tiles kept (least recently drawn evicted first); small in tests to force eviction. */
  maxTiles = MAX_TILES;

  /** Adds or replaces shape `id` (z is the paint order; higher on top). */
  set(id: number, shape: Shape, color: string, z: number, mask?: MaskImage): void {
    const old = this.entries.get(id);
    if (old) this.invalidate(old.shape.bounds);
    let fill = this.fills.get(color);
    if (fill === undefined) {
      this.colorOrder.set(color, this.colorOrder.size);
      this.fills.set(color, (fill = withAlpha(color, this.fillOpacity)));
    }
    this.entries.set(id, { shape, color, fill, paths: null, built: 0, mask, z });
    if (shape.kind === 'class' || shape.kind === 'other') this.grid.delete(id);
    else this.grid.set(id, shape.bounds);
    this.invalidate(shape.bounds);
  }

  /** Removes shape `id`. */
  delete(id: number): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.entries.delete(id);
    this.grid.delete(id);
    this.invalidate(old.shape.bounds);
  }

  /** Removes every shape and tile. */
  clear(): void {
    this.entries.clear();
    this.grid.clear();
    this.invalidateAll();
  }

  /** Shapes drawn live by the caller instead of in tiles (the selection while it is edited). */
  setExcluded(ids: Iterable<number>): void {
    const next = new Set(ids);
    for (const id of this.excluded) if (!next.has(id)) this.invalidateId(id);
    for (const id of next) if (!this.excluded.has(id)) this.invalidateId(id);
    this.excluded = next;
  }

  private invalidateId(id: number): void {
    const e = this.entries.get(id);
    if (e) this.invalidate(e.shape.bounds);
  }

  /** Bumped whenever what the tiles show may have changed (callers redraw their cached composite). */
  version = 0;
  private lastZ: number | null = null;

  /** Drops the tiles that draw anything of image rect `b`. */
  invalidate(b: Bounds): void {
    this.version++;
    const j = this.job;
    if (j && b.maxX >= j.rect.minX && b.minX <= j.rect.maxX && b.maxY >= j.rect.minY && b.minY <= j.rect.maxY)
      this.job = null;
    if (!this.tiles.size) return;
    for (const [k, c] of this.tiles) {
      const [z, tx, ty] = k.split(',').map(Number);
      const S = 2 ** z;
      const pad = 8 / S;
      const x0 = (tx * TILE) / S;
      const y0 = (ty * TILE) / S;
      const x1 = x0 + TILE / S;
      const y1 = y0 + TILE / S;
      if (b.maxX + pad >= x0 && b.minX - pad <= x1 && b.maxY + pad >= y0 && b.minY - pad <= y1) {
        this.tiles.delete(k);
        release(c);
      }
    }
  }

  /** Drops every tile (colours or style changed). */
  invalidateAll(): void {
    this.version++;
    this.job = null;
    for (const c of this.tiles.values()) release(c);
    this.tiles.clear();
  }

  /** Refreshes the fill colours after `fillOpacity` changed. */
  restyle(): void {
    for (const c of this.fills.keys()) this.fills.set(c, withAlpha(c, this.fillOpacity));
    for (const e of this.entries.values()) e.fill = this.fills.get(e.color)!;
    this.invalidateAll();
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
    const t0 = performance.now();
    const budget = opts.budgetMs ?? 4;
    const s = view.scale * dpr;
    const ideal = Math.max(MIN_Z, Math.min(MAX_Z, Math.ceil(Math.log2(s) - 1e-9)));
    const z = opts.levelBias
      ? Math.max(MIN_Z, ideal - opts.levelBias)
      : opts.moving && this.lastZ !== null && Math.abs(ideal - this.lastZ) <= 1
        ? this.lastZ
        : ideal;
    this.lastZ = z;
    const S = 2 ** z;
    const k = s / S; // screen (device) px per raster px
    const ox = view.x * dpr;
    const oy = view.y * dpr;
    const span = TILE / S; // image px per tile
    const tx0 = Math.floor(-view.x / view.scale / span);
    const ty0 = Math.floor(-view.y / view.scale / span);
    const tx1 = Math.floor((w - view.x) / view.scale / span);
    const ty1 = Math.floor((h - view.y) / view.scale / span);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = k < 1;
    // A tile in progress that scrolled out of view (or belongs to another level) is not worth finishing.
    const j = this.job;
    if (j && (j.z !== z || j.tx < tx0 || j.tx > tx1 || j.ty < ty0 || j.ty > ty1)) this.job = null;
    let complete = true;
    let worked = false;
    for (let ty = ty0; ty <= ty1; ty++)
      for (let tx = tx0; tx <= tx1; tx++) {
        const key = `${z},${tx},${ty}`;
        let tile: Tile | undefined = this.tiles.get(key);
        if (tile) {
          this.tiles.delete(key);
          this.tiles.set(key, tile);
        } else if (opts.sync) {
          tile = this.renderTile(z, tx, ty);
          this.store(key, tile);
        } else if (!worked || performance.now() - t0 < budget) {
          // Every frame makes progress (at least one chunk), then goes on while within budget.
          worked = true;
          tile = this.advance(key, z, tx, ty, t0 + budget);
          if (tile) this.store(key, tile);
        }
        const dx = ox + tx * TILE * k;
        const dy = oy + ty * TILE * k;
        if (tile) {
          if (tile !== EMPTY) ctx.drawImage(tile, dx, dy, TILE * k, TILE * k);
        } else {
          complete = false;
          this.drawFallback(ctx, z, tx, ty, dx, dy, TILE * k);
        }
      }
    return complete;
  }

  /** Shapes held (committed ones, drawn in tiles or by {@link drawDirect}). */
  get shapeCount(): number {
    return this.entries.size;
  }

  /**
   * Draws the shapes in view straight onto `ctx`, no tiles: for a video frame, where every track
   * moves on every frame and tiles would be re-rasterised (a canvas allocated per tile) each time.
   * The same outlines (LOD level), colour batches, masks and paint order as a tile.
   */
  drawDirect(ctx: CanvasRenderingContext2D, view: DlView, w: number, h: number, dpr: number): void {
    const s = view.scale * dpr;
    const z = Math.max(MIN_Z, Math.min(MAX_Z, Math.ceil(Math.log2(s) - 1e-9)));
    const pad = 8 / s;
    const rect = {
      minX: -view.x / view.scale - pad,
      minY: -view.y / view.scale - pad,
      maxX: (w - view.x) / view.scale + pad,
      maxY: (h - view.y) / view.scale + pad,
    };
    this.ids.length = 0;
    const ids: number[] = [];
    for (const id of this.grid.search(rect, this.ids)) if (!this.excluded.has(id)) ids.push(id);
    if (!ids.length) return;
    ids.sort((a, b) => this.entries.get(a)!.z - this.entries.get(b)!.z);
    ctx.setTransform(s, 0, 0, s, view.x * dpr, view.y * dpr);
    this.drawMasks(ctx, ids, s);
    this.drawChunk(ctx, ids, 0, ids.length, z);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  /** The tile being drawn over several frames (at most one). */
  private job: TileJob | null = null;
  private jobCanvas: OffscreenCanvas | null = null;

  /** Starts or continues the incremental drawing of tile `key` until `deadline`; the tile when done. */
  private advance(key: string, z: number, tx: number, ty: number, deadline: number): Tile | undefined {
    let job = this.job;
    if (!job || job.key !== key) {
      if (job) return undefined; // one tile at a time: the one in progress (visible) finishes first
      const offscreen = typeof OffscreenCanvas !== 'undefined';
      const started = this.startTile(
        z,
        tx,
        ty,
        offscreen ? (this.jobCanvas ??= new OffscreenCanvas(TILE, TILE)) : null,
      );
      if (!started) return EMPTY;
      this.job = job = started;
    }
    if (!this.continueTile(job, deadline)) return undefined;
    this.job = null;
    return finishTile(job);
  }

  private drawFallback(
    ctx: CanvasRenderingContext2D,
    z: number,
    tx: number,
    ty: number,
    dx: number,
    dy: number,
    size: number,
  ): void {
    // A coarser level's tile covering this one (blurry for a few frames beats empty).
    for (let up = 1; up <= 3; up++) {
      const f = 2 ** up;
      const parent = this.tiles.get(`${z - up},${Math.floor(tx / f)},${Math.floor(ty / f)}`);
      if (parent && parent !== EMPTY) {
        const sub = TILE / f;
        ctx.drawImage(parent, (((tx % f) + f) % f) * sub, (((ty % f) + f) % f) * sub, sub, sub, dx, dy, size, size);
        return;
      }
      if (parent === EMPTY) return;
    }
    // Or the four finer tiles.
    for (let i = 0; i < 4; i++) {
      const c = this.tiles.get(`${z + 1},${tx * 2 + (i & 1)},${ty * 2 + (i >> 1)}`);
      if (c && c !== EMPTY) ctx.drawImage(c, dx + (i & 1) * (size / 2), dy + (i >> 1) * (size / 2), size / 2, size / 2);
    }
  }

  private store(key: string, tile: Tile): void {
    this.tiles.set(key, tile);
    while (this.tiles.size > this.maxTiles) {
      const [k0, c0] = this.tiles.entries().next().value as [string, Tile];
      this.tiles.delete(k0);
      release(c0);
    }
  }

  private ids: number[] = [];

  /** Renders one whole tile now; EMPTY when no shape touches it. */
  renderTile(z: number, tx: number, ty: number): Tile {
    const offscreen = typeof OffscreenCanvas !== 'undefined';
    const job = this.startTile(z, tx, ty, offscreen ? (this.scratch ??= makeCanvas(TILE, TILE)) : null);
    if (!job) return EMPTY;
    this.continueTile(job, Infinity);
    return finishTile(job);
  }

  /**
   * Begins tile (z, tx, ty): finds its shapes (spatial index, culling), sorts them by paint order,
   * clears the canvas and draws the masks (always below the vectors, as the SDK draws them).
   * Returns null when no shape touches the tile.
   */
  private startTile(
    z: number,
    tx: number,
    ty: number,
    canvas: HTMLCanvasElement | OffscreenCanvas | null,
  ): TileJob | null {
    const S = 2 ** z;
    const span = TILE / S;
    const pad = 8 / S;
    const x0 = tx * span;
    const y0 = ty * span;
    this.ids.length = 0;
    const rect = { minX: x0 - pad, minY: y0 - pad, maxX: x0 + span + pad, maxY: y0 + span + pad };
    const found = this.grid.search(rect, this.ids);
    const ids: number[] = [];
    for (const id of found) if (!this.excluded.has(id)) ids.push(id);
    this.tilesRendered++;
    if (!ids.length) return null;
    ids.sort((a, b) => this.entries.get(a)!.z - this.entries.get(b)!.z);
    const c = canvas ?? makeCanvas(TILE, TILE);
    const ctx = c.getContext('2d') as Canvas2D;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, TILE, TILE);
    ctx.setTransform(S, 0, 0, S, -tx * TILE, -ty * TILE);
    this.drawMasks(ctx, ids, S);
    return { key: `${z},${tx},${ty}`, z, tx, ty, rect, ids, pos: 0, canvas: c, ctx };
  }

  /**
   * Draws the tile's vector shapes from `job.pos` on, a chunk at a time, until they are all drawn
   * (true) or `deadline` (a `performance.now()` time) has passed (false; the next frame goes on).
   * A dense tile (thousands of shapes) thus never holds a frame for longer than the budget.
   */
  private continueTile(job: TileJob, deadline: number): boolean {
    const { ids, ctx, z } = job;
    while (job.pos < ids.length) {
      this.drawChunk(ctx, ids, job.pos, Math.min(ids.length, job.pos + CHUNK), z);
      job.pos = Math.min(ids.length, job.pos + CHUNK);
      if (job.pos < ids.length && performance.now() >= deadline) return false;
    }
    return true;
  }

  /**
   * Draws shapes `ids[from..to)` batched by colour: one fill and one stroke per colour. Strokes
   * are 1 raster px hairlines: Skia's software stroker is ~20x slower for any wider line. Fills are
   * nonzero (2-3x faster than evenodd) except for polygons with holes, batched apart.
   */
  /** The masks of `ids` (unsmoothed, at the mask opacity) under their outlines; outlines 1 px at `scale`. */
  private drawMasks(ctx: Canvas2D | CanvasRenderingContext2D, ids: number[], scale: number): void {
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = this.maskOpacity;
    for (const id of ids) {
      const e = this.entries.get(id)!;
      if (!e.mask) continue;
      const c = e.mask.coarse;
      const image = c && c.scale * scale <= 1 ? c.image : e.mask.image;
      ctx.drawImage(image, e.mask.x, e.mask.y, e.mask.width, e.mask.height);
    }
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1 / scale;
  }

  private drawChunk(ctx: Canvas2D, ids: number[], from: number, to: number, z: number): void {
    const S = 2 ** z;
    let batches = new Map<string, { closed: Path2D; holes: Path2D | null; open: Path2D; fill: string }>();
    for (let i = from; i < to; i++) {
      const e = this.entries.get(ids[i])!;
      // A shape the user brought to front or sent to back (ids are in z order: those come last or
      // first) is painted on its own, after or before the colour batches of the others.
      if (e.z < 0 || e.z >= Z_FRONT) {
        this.flush(ctx, batches);
        batches = new Map();
      }
      // The outline at this level is built once per shape and cached: measured faster than
      // appending vertices into the batch per tile (each lineTo is a native call, and shapes
      // straddling tiles or re-rendered tiles would repeat them).
      const paths = (e.paths ??= []);
      let p = paths[z - MIN_Z];
      if (p === undefined) {
        p = buildShapePath(e.shape, S);
        paths[z - MIN_Z] = p;
        e.built++;
      }
      if (!p) continue;
      let b = batches.get(e.color);
      if (!b) batches.set(e.color, (b = { closed: new Path2D(), holes: null, open: new Path2D(), fill: e.fill }));
      // LOD: shapes under 12 raster px get no fill (fills are most of the raster cost, measured).
      const sb = e.shape.bounds;
      const big = (sb.maxX - sb.minX) * S >= 12 && (sb.maxY - sb.minY) * S >= 12;
      if (!isFilled(e.shape) || (!big && e.shape.kind !== 'point')) b.open.addPath(p);
      else if (e.shape.rings.length > 1) (b.holes ??= new Path2D()).addPath(p);
      else b.closed.addPath(p);
      if (e.z < 0 || e.z >= Z_FRONT) {
        this.flush(ctx, batches);
        batches = new Map();
      }
    }
    this.flush(ctx, batches);
  }

  /** Paints per-colour batches in the global colour order. */
  private flush(
    ctx: Canvas2D,
    batches: Map<string, { closed: Path2D; holes: Path2D | null; open: Path2D; fill: string }>,
  ): void {
    const ordered = [...batches].sort((a, b) => this.colorOrder.get(a[0])! - this.colorOrder.get(b[0])!);
    for (const [color, b] of ordered) {
      ctx.fillStyle = b.fill;
      ctx.fill(b.closed);
      if (b.holes) ctx.fill(b.holes, 'evenodd');
      ctx.strokeStyle = color;
      ctx.stroke(b.closed);
      if (b.holes) ctx.stroke(b.holes);
      ctx.stroke(b.open);
    }
  }
}

/** Shapes drawn between two deadline checks of an incremental tile. */
const CHUNK = 128;

/** A tile being drawn over several frames. */
interface TileJob {
  key: string;
  z: number;
  tx: number;
  ty: number;
  /** Image rect whose shapes the tile draws (an invalidation inside it restarts the tile). */
  rect: Bounds;
  ids: number[];
  /** Next index into `ids` to draw. */
  pos: number;
  canvas: HTMLCanvasElement | OffscreenCanvas;
  ctx: Canvas2D;
}

function finishTile(job: TileJob): Tile {
  return 'transferToImageBitmap' in job.canvas ? job.canvas.transferToImageBitmap() : job.canvas;
}

type Tile = ImageBitmap | HTMLCanvasElement | OffscreenCanvas;

/** Marker for a tile with nothing in it (never drawn). */
const EMPTY = { width: 0, height: 0 } as unknown as ImageBitmap;

function release(t: Tile): void {
  if (t !== EMPTY && 'close' in t) t.close();
}
