// Paints one 256-px tile of a TileScene at one zoom level (level z draws at 2^z raster px per image
// px), on the main thread or in the tile worker. Inside a tile, shapes come from the spatial index
// (culling) and their outlines at that level (LOD) are appended, per label colour, into batch Path2Ds
// of BATCH shapes: the colour's fill is the union of its shapes (its batches filled opaque into a
// mask, the mask tinted at the fill colour and composited once; a few filled shapes as one path,
// filled straight), then each batch's outlines are stroked in one call. A dense tile can be
// painted a few shapes at a time (a job over several frames) and ends up exactly like the same tile
// painted at once.
import type { Bounds, Shape } from '../../../geometry/shapes/shape.js';
import { Z_FRONT } from '../model/shape-index.js';
import {
  composeInto,
  flushTileRaster,
  growSegs,
  newOutlineRaster,
  type OutlineRaster,
  rasterFillAlone,
  rasterFillEdges,
  rasterSegments,
  releaseOutlineRaster,
  releaseRasterPools,
  releaseSegs,
  releaseTileRaster,
  type Segs,
  type TileRaster,
  takeSegs,
  takeTileRaster,
} from './outline-raster.js';
import { composePoints, newPointRaster, type PointRaster, releasePointRaster, stampPoints } from './point-raster.js';
import {
  appendShapeSegments,
  buildShapePath,
  hasOutline,
  isFilled,
  POINT_RADIUS,
  ringsOf,
  segmentsCross,
} from './shape-path.js';
import type { TileScene } from './tile-scene.js';

/** Raster tile edge, px. */
export const TILE = 256;
/** Coarsest and finest levels. */
export const MIN_Z = -8;
export const MAX_Z = 6;
/** Shapes drawn between two deadline checks of an incremental tile. */
export const CHUNK = 128;
/**
 * Filled shapes of one colour (in a run) from which its fill goes through a mask; fewer are filled
 * straight as one path. Measured in one page when outlines were a Path2D each: at 100k polygons a
 * level -2 tile holds ~2,700 a colour and the mask made its paint ~30 % faster than one path (addPath
 * was ~35 % of it); at 10k, levels -1 and 0 (~20-70 a colour) the mask's fixed cost made tiles
 * slower, at level -2 (~250) it was even.
 */
const MASK_MIN = 256;
/**
 * Points of one colour group from which they are stamped by the point rasteriser (point-raster.ts)
 * instead of filled and stroked as arcs by Skia; fewer (a tile at a fine level, a selected or
 * hovered point, one brought to front) stay Skia's own arcs.
 */
export const POINTS_MIN = 64;
/** Points stamped between two deadline checks. */
const POINTS_CHUNK = 4096;
/** Outline segments rasterised between two deadline checks. */
const SEGS_CHUNK = 2048;
/**
 * Finest level whose outlines go through the outline rasteriser (outline-raster.ts) instead of
 * Path2D batches stroked by Skia: at z <= 0 shapes are a few raster px and their outlines a few
 * segments each, where a Path2D's binding calls and Skia's per-path hairline set-up cost most.
 */
export const RASTER_MAX_Z = 0;
/** Whether the outline rasteriser is on by default (the page's and the tile worker's; see {@link setOutlineRaster}). */
export const OUTLINE_RASTER_DEFAULT = true;

/**
 * On by default, on the page's thread as in the tile worker ({@link WORKER_OUTLINE_RASTER}, warmed
 * up there while the page builds its scene): a dense coarse tile's pixels must not depend on which
 * thread paints it (a frame after a pan equals a from-scratch render whatever the split of tiles
 * between threads, and neighbouring tiles show no seams); the rasteriser is byte for byte the same
 * on both (float32 segments, tile-worker.test.ts). With a worker such tiles are the worker's only
 * (tile-renderer.ts, {@link rastersTile}): the page paints them for a synchronous render or without
 * a worker. Render bench vs e1d9fe6, same runs (session 26): 100k borrowed 22.3/17.7 % vs
 * 61.4/41.4 %, full resolution 1969/1939 vs 1947/2020 ms; 10k full resolution 509/433 vs 486/357 ms
 * (+13 % mean; the page painting them with the raster instead: 681/662 vs 470/446).
 */
let rasterOn = OUTLINE_RASTER_DEFAULT;
/**
 * Turns the outline rasteriser on or off (on by default; off: every outline a Path2D stroked by
 * Skia, as before). For the bench's and tests' old-versus-new comparisons in one page.
 */
export function setOutlineRaster(on: boolean): void {
  rasterOn = on;
}

/** Whether the tile worker paints coarse dense tiles with the outline rasteriser: as the page does ({@link OUTLINE_RASTER_DEFAULT}). */
export const WORKER_OUTLINE_RASTER = OUTLINE_RASTER_DEFAULT;
/**
 * Outlines a batch Path2D holds. Building one Path2D grows worse than linearly with its size (in one
 * page, 2,000 polygons into one path took 5x as long as into paths of 64), and a native fill or
 * stroke call per shape costs more than its raster at a coarse level: measured on a 6,250-polygon
 * tile (the 100k scene's level -2), batches of 16 painted in 64 ms, 64 in 68, 256 in 89, one a
 * colour in 330, one a shape (the mask as before) in 74.
 */
const BATCH = 16;
/** Device px around a colour's shapes that its fill mask covers (anti-aliased edges). */
const MASK_PAD = 2;
/** Raster px around a tile whose shapes it draws too (stroke width, point radius). */
const PAD = 8;
/**
 * Raster px around a tile within which an outline's bounds must come for the tile to draw it (see
 * `TileScene.isNarrow`): its hairline and anti-aliasing reach 1.5 px past its bounds, a tiny
 * shape's 2 px square 2.5 px. A tile beyond the image's edge used to take every shape within PAD
 * of that edge, none of which reach its pixels: as a dense tile, a worker round trip each (the
 * last ~100 ms of a 10,000-polygon first render, in the render helper's traces).
 */
export const NEAR_PX = 3;

/** A finished tile: an ImageBitmap, or a canvas where ImageBitmaps are not available. */
export type Tile = ImageBitmap | HTMLCanvasElement | OffscreenCanvas;

type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Where a painting of shapes stands: what {@link continueTile} reads and advances. A tile's job is
 * one; {@link drawShapes} paints onto the screen with one of its own.
 */
export interface PaintJob {
  ids: number[];
  /** What is drawn, in order (see {@link planStep}). */
  plan: Plan;
  /** Next group of `plan.groups` to draw. */
  g: number;
  /** Within that group: 0 its fills (into the mask), 1 its outlines. */
  phase: 0 | 1;
  /** Next batch of the group to draw: of `filled` in phase 0, of `filled` then `open` in phase 1. */
  pos: number;
  ctx: Canvas2D;
  /** The fill mask of the group in progress (its own, as a job may span frames). */
  mask: { canvas: HTMLCanvasElement | OffscreenCanvas; ctx: Canvas2D } | null;
  /** The point raster of the group in progress, when its points are stamped. */
  pr?: PointRaster | null;
  /** The outline raster of the group in progress (see {@link Plan.raster}). */
  or?: OutlineRaster | null;
  /** Rasterised groups composited in paint order, not yet drawn onto the canvas (see {@link flushRaster}). */
  tr?: TileRaster | null;
}

/** A tile being painted, maybe over several frames. */
export interface TileJob extends PaintJob {
  key: string;
  z: number;
  tx: number;
  ty: number;
  /** Image rect whose shapes the tile draws (a change inside it restarts the tile). */
  rect: Bounds;
  canvas: HTMLCanvasElement | OffscreenCanvas;
}

/** One colour's shapes of a run between two shapes painted on their own. */
interface Group {
  color: string;
  fill: string;
  /** Batches of the filled outlines (filled, then stroked), BATCH shapes each. */
  filled: Path2D[];
  /** Batches of the outlines only stroked (in a raster plan: every outline Skia strokes). */
  open: Path2D[];
  /**
   * Fills drawn one path each (into the group's mask): self-intersecting shapes, whose nonzero fill
   * summed with other shapes' could cancel (see `segmentsCross` in shape-path.ts). Their outlines
   * are in `open`.
   */
  alone: Path2D[];
  /**
   * In a raster plan, the fill edges of the self-intersecting shapes the rasteriser fills, each
   * resolved alone ({@link rasterFillAlone}); `xends` the quadruple index where each shape's ends.
   */
  xedges: Segs | null;
  xends: number[];
  /** In a raster plan, the outlines the outline rasteriser draws (image-space segment quadruples). */
  segs: Segs | null;
  /** In a raster plan, the edges of the filled shapes whose fill the rasteriser draws (oriented). */
  fedges: Segs | null;
  /** Its points' image-space centres (x, y pairs), not yet in `filled` (see {@link paintPoints}). */
  pts: number[];
  /** How many shapes `filled` and `open` hold. */
  nFilled: number;
  nOpen: number;
  /** Image-space bounds of the filled shapes (their fill mask covers only these). */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Shapes regrouped by colour, their outlines at the job's level in batches (built a few at a time). */
interface Plan {
  z: number;
  /** Next index into the job's `ids` to plan. */
  next: number;
  /** Every id is planned. */
  done: boolean;
  /**
   * Shapes whose outline is plain rings go to the outline rasteriser (outline-raster.ts): their
   * outlines as segments (`Group.segs`), their fill as edges (`Group.fedges`). The other filled
   * shapes are only filled from `Group.filled`, their outlines stroked from `Group.open`.
   */
  raster: boolean;
  /** The run being planned: its group per colour. */
  run: Map<string, Group>;
  /** Groups in drawing order. */
  groups: Group[];
}

/** The key of tile (z, tx, ty). */
export function tileKey(z: number, tx: number, ty: number): string {
  return `${z},${tx},${ty}`;
}

/**
 * The image rect tile (z, tx, ty) draws shapes from: its area plus `pad` raster px (by default the
 * pad of any shape; see NEAR_PX for outlines).
 */
export function tileRect(z: number, tx: number, ty: number, padPx = PAD): Bounds {
  const S = 2 ** z;
  const span = TILE / S;
  const pad = padPx / S;
  const x0 = tx * span;
  const y0 = ty * span;
  return { minX: x0 - pad, minY: y0 - pad, maxX: x0 + span + pad, maxY: y0 + span + pad };
}

/** A TILE×TILE canvas (OffscreenCanvas where available). */
export function makeCanvas(w = TILE, h = TILE): HTMLCanvasElement | OffscreenCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

/**
 * Begins tile (z, tx, ty) on `canvas`: finds its shapes (spatial index, culling) in paint order,
 * clears the canvas and draws the masks (always below the vectors, as the SDK draws them).
 * Returns null when no shape touches the tile.
 */
export function startTile(
  scene: TileScene,
  z: number,
  tx: number,
  ty: number,
  canvas: HTMLCanvasElement | OffscreenCanvas,
): TileJob | null {
  const rect = tileRect(z, tx, ty);
  const ids = scene.idsIn(rect, tileRect(z, tx, ty, NEAR_PX));
  if (!ids.length) return null;
  const S = 2 ** z;
  const ctx = canvas.getContext('2d') as Canvas2D;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, TILE, TILE);
  ctx.setTransform(S, 0, 0, S, -tx * TILE, -ty * TILE);
  drawMasks(scene, ctx, ids, S);
  const plan = newPlan(z, rasterable(ctx, z) && rasterTile(scene, ids, S));
  return { key: tileKey(z, tx, ty), z, tx, ty, rect, ids, plan, g: 0, phase: 0, pos: 0, canvas, ctx, mask: null };
}

/** The masks of `ids` (unsmoothed, at the mask opacity) under their outlines; outlines 1 px at `scale`. */
function drawMasks(scene: TileScene, ctx: Canvas2D, ids: number[], scale: number): void {
  ctx.imageSmoothingEnabled = false;
  ctx.globalAlpha = scene.maskOpacity;
  // No shape of the scene has a mask: no walk over every id of the tile to find none.
  if (scene.maskCount)
    for (const id of ids) {
      const e = scene.entries.get(id)!;
      if (!e.mask) continue;
      // a coarse paint (an assisted tool's preview) where one of its pixels is at most a device pixel
      const c = e.mask.coarse;
      const image = c && c.scale * scale <= 1 ? c.image : e.mask.image;
      ctx.drawImage(image, e.mask.x, e.mask.y, e.mask.width, e.mask.height);
    }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1 / scale;
}

/**
 * Draws shapes `ids` (in paint order) onto `ctx`, whose transform maps image px to `scale` raster
 * px, with level `z`'s outlines: the same masks, colour groups and paint order as a tile. For a
 * frame drawn straight onto the screen (a video frame, whose tracks move every frame).
 */
export function drawShapes(scene: TileScene, ctx: Canvas2D, ids: number[], z: number, scale: number): void {
  drawMasks(scene, ctx, ids, scale);
  const plan = newPlan(z, rasterable(ctx, z) && rasterTile(scene, ids, scale));
  const job: PaintJob = { ids, plan, g: 0, phase: 0, pos: 0, ctx, mask: null };
  continueTile(scene, job, Infinity);
  releaseMask(job);
}

/**
 * Draws the job's vector shapes from where it stopped, a few at a time, until they are all drawn
 * (true) or `deadline` (a `performance.now()` time) has passed (false; call again to go on).
 */
export function continueTile(scene: TileScene, job: PaintJob, deadline: number): boolean {
  const { plan, ctx } = job;
  if (!plan.done && !planStep(scene, plan, job.ids, deadline)) return false;
  const { groups } = plan;
  // Shapes drawn since the last deadline check.
  let n = 0;
  while (job.g < groups.length) {
    const grp = groups[job.g]!;
    if (job.phase === 0 && job.pos === 0 && !job.pr && grp.pts.length) {
      if (!pointsAlone(job, grp)) {
        // A few points, or points among other shapes of their colour: Skia's arcs, as before.
        const S = 2 ** plan.z;
        for (let k = 0; k < grp.pts.length; k += 2) {
          if (grp.nFilled++ % BATCH === 0) grp.filled.push(new Path2D());
          appendPoint(grp.filled[grp.filled.length - 1]!, grp.pts[k]!, grp.pts[k + 1]!, S);
          if (plan.raster) {
            // a raster plan strokes only `open` with Skia
            if (grp.nOpen++ % BATCH === 0) grp.open.push(new Path2D());
            appendPoint(grp.open[grp.open.length - 1]!, grp.pts[k]!, grp.pts[k + 1]!, S);
          }
        }
        grp.pts = [];
      }
    }
    // Skia draws below go over what the rasterised groups before this one composited
    if (job.tr && (grp.pts.length || grp.nFilled || grp.nOpen)) flushRaster(job);
    if (grp.pts.length) {
      if (!paintPoints(job, grp, deadline)) return false;
      next(job);
      continue;
    }
    const { filled, open } = grp;
    if (job.phase === 0) {
      const nAlone = grp.alone.length;
      if (grp.nFilled > 0 && grp.nFilled < MASK_MIN && !nAlone) {
        // A few filled shapes: one path, filled straight (the mask's fixed cost would outweigh them).
        let one = filled[0]!;
        if (filled.length > 1) {
          one = new Path2D();
          for (const b of filled) one.addPath(b);
        }
        ctx.fillStyle = grp.fill;
        ctx.fill(one);
        n += grp.nFilled;
      } else if (grp.nFilled >= MASK_MIN || nAlone) {
        // The union of many: each batch filled opaque into the mask (nonzero: outlines clockwise,
        // holes counter-clockwise), the mask tinted and composited once. A self-intersecting
        // shape's fill is a path of its own (its lobes' windings may be of either sign).
        const m = job.pos === 0 ? beginMask(job, grp) : job.mask!;
        const nb = filled.length;
        while (job.pos < nb + nAlone) {
          const k = job.pos++;
          m.ctx.fill(k < nb ? filled[k]! : grp.alone[k - nb]!);
          if ((n += BATCH) >= CHUNK && job.pos < nb + nAlone) {
            n = 0;
            if (performance.now() >= deadline) return false;
          }
        }
        endMask(job, grp);
      }
      job.phase = 1;
      job.pos = 0;
    }
    // Outlines: 1 px hairlines, drawn segment by segment, one colour (source-over of one colour
    // composites alike in any order): a batch in one call draws what a call per outline drew.
    // A raster plan's rasterised fills and outlines first (over the group's Skia fills, under its
    // Skia outlines, which are of the same colour as its rasterised ones).
    if (job.pos === 0 && grp.segs && !paintSegments(job, grp, deadline)) return false;
    ctx.strokeStyle = grp.color;
    const nf = plan.raster ? 0 : filled.length;
    const total = nf + open.length;
    if (job.tr && total) flushRaster(job);
    while (job.pos < total) {
      const k = job.pos++;
      ctx.stroke(k < nf ? filled[k]! : open[k - nf]!);
      if ((n += BATCH) >= CHUNK && (job.pos < total || job.g + 1 < groups.length)) {
        n = 0;
        if (performance.now() >= deadline) {
          if (job.pos === total) next(job);
          return false;
        }
      }
    }
    next(job);
  }
  if (job.tr) flushRaster(job);
  return true;
}

/** The finished tile: the canvas's bitmap (no copy) where it can, else the canvas itself. */
export function finishTile(job: TileJob): Tile {
  releaseMask(job);
  return 'transferToImageBitmap' in job.canvas ? job.canvas.transferToImageBitmap() : job.canvas;
}

/**
 * The finished tile as a copy of its canvas, which keeps its backing for the next tile (taken now:
 * drawing on the canvas afterwards does not change it). For the tile worker: there
 * `transferToImageBitmap` leaves the canvas without a backing, and making the next one waits for a
 * task of the page's main thread (Chromium asks it whether GPU compositing is on, with software
 * compositing on every new backing), which during a first render is painting tiles of its own for
 * tens of ms at a time.
 */
export function copyTile(job: TileJob): Promise<ImageBitmap> {
  releaseMask(job);
  return createImageBitmap(job.canvas);
}

function next(job: PaintJob): void {
  job.g++;
  job.phase = 0;
  job.pos = 0;
}

/** The device-px rect (x, y, w, h) of `ctx`'s canvas that image rect `g` covers, padded and clipped. */
function deviceRect(ctx: Canvas2D, g: Group): [number, number, number, number] | null {
  const t = ctx.getTransform();
  const x0 = Math.max(0, Math.floor(g.minX * t.a + t.e) - MASK_PAD);
  const y0 = Math.max(0, Math.floor(g.minY * t.d + t.f) - MASK_PAD);
  const x1 = Math.min(ctx.canvas.width, Math.ceil(g.maxX * t.a + t.e) + MASK_PAD);
  const y1 = Math.min(ctx.canvas.height, Math.ceil(g.maxY * t.d + t.f) + MASK_PAD);
  return x1 > x0 && y1 > y0 ? [x0, y0, x1 - x0, y1 - y0] : null;
}

/** Spare mask canvases (a job's goes back when the job ends). */
const masks: Array<{ canvas: HTMLCanvasElement | OffscreenCanvas; ctx: Canvas2D }> = [];

/**
 * Makes a spare mask canvas now, with its 2D context and backing (for the tile worker at its start:
 * there a new canvas backing waits for a task of the page's main thread, see {@link copyTile}).
 */
export function prepareMask(): void {
  if (masks.length) return;
  const canvas = makeCanvas();
  const ctx = canvas.getContext('2d') as Canvas2D;
  backNow(ctx);
  masks.push({ canvas, ctx });
}

/** Makes `ctx`'s canvas backing now (a context makes it on its first drawing), leaving it clear. */
export function backNow(ctx: Canvas2D): void {
  ctx.fillRect(0, 0, 1, 1);
  ctx.clearRect(0, 0, 1, 1);
}

/** Clears the job's mask over the group's rect and sets it up to take the group's fills. */
function beginMask(job: PaintJob, grp: Group): { canvas: HTMLCanvasElement | OffscreenCanvas; ctx: Canvas2D } {
  const { ctx } = job;
  const w = ctx.canvas.width;
  const h = ctx.canvas.height;
  let m = job.mask;
  if (!m) {
    m = masks.pop() ?? null;
    if (!m) {
      const canvas = makeCanvas(w, h);
      m = { canvas, ctx: canvas.getContext('2d') as Canvas2D };
    }
    job.mask = m;
  }
  if (m.canvas.width < w || m.canvas.height < h) {
    m.canvas.width = Math.max(w, m.canvas.width);
    m.canvas.height = Math.max(h, m.canvas.height);
  }
  const c = m.ctx;
  c.setTransform(1, 0, 0, 1, 0, 0);
  const r = deviceRect(ctx, grp);
  if (r) c.clearRect(r[0], r[1], r[2], r[3]);
  c.setTransform(ctx.getTransform());
  c.fillStyle = '#000';
  return m;
}

/** Tints the mask at the group's fill colour and composites it onto the job's canvas. */
function endMask(job: PaintJob, grp: Group): void {
  const { ctx } = job;
  const c = job.mask!.ctx;
  const r = deviceRect(ctx, grp);
  if (!r) return;
  const [x, y, w, h] = r;
  c.setTransform(1, 0, 0, 1, 0, 0);
  c.globalCompositeOperation = 'source-in';
  c.fillStyle = grp.fill;
  c.fillRect(x, y, w, h);
  c.globalCompositeOperation = 'source-over';
  const t = ctx.getTransform();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(job.mask!.canvas, x, y, w, h, x, y, w, h);
  ctx.setTransform(t);
}

/** A point's outline at scale `S` (as {@link buildShapePath} builds it) appended to `p`. */
function appendPoint(p: Path2D, x: number, y: number, S: number): void {
  const rad = POINT_RADIUS / S;
  p.moveTo(x + rad, y);
  p.arc(x, y, rad, 0, Math.PI * 2);
}

/**
 * True when the group's points are stamped by the point rasteriser: enough of them, no other
 * shape in the group, and a transform that only scales (both axes alike) and translates.
 */
function pointsAlone(job: PaintJob, grp: Group): boolean {
  if (grp.pts.length < 2 * POINTS_MIN || grp.nFilled || grp.nOpen || grp.segs?.n) return false;
  const t = job.ctx.getTransform();
  return t.b === 0 && t.c === 0 && t.a === t.d && t.a > 0;
}

/**
 * Stamps the group's points (see point-raster.ts) until all are (then composites them onto the
 * job's canvas and returns true) or `deadline` has passed (false).
 */
function paintPoints(job: PaintJob, grp: Group, deadline: number): boolean {
  const { ctx } = job;
  const t = ctx.getTransform();
  const S = 2 ** job.plan.z;
  let r = job.pr;
  if (!r) {
    const radius = (POINT_RADIUS / S) * t.a;
    const reach = Math.ceil(radius + 2);
    const x0 = Math.max(0, Math.floor(grp.minX * t.a + t.e) - reach);
    const y0 = Math.max(0, Math.floor(grp.minY * t.d + t.f) - reach);
    const x1 = Math.min(ctx.canvas.width, Math.ceil(grp.maxX * t.a + t.e) + reach);
    const y1 = Math.min(ctx.canvas.height, Math.ceil(grp.maxY * t.d + t.f) + reach);
    if (x1 <= x0 || y1 <= y0) return true;
    r = job.pr = newPointRaster(x0, y0, x1 - x0, y1 - y0, radius);
  }
  const n = grp.pts.length / 2;
  while (r.next < n) {
    stampPoints(r, grp.pts, t.a, t.e, t.f, Math.min(n, r.next + POINTS_CHUNK));
    if (r.next < n && performance.now() >= deadline) return false;
  }
  job.pr = null;
  const m = job.mask ?? masks.pop() ?? null;
  const canvas = m ? m.canvas : makeCanvas(ctx.canvas.width, ctx.canvas.height);
  if (m) job.mask = m;
  else job.mask = { canvas, ctx: canvas.getContext('2d') as Canvas2D };
  const mc = job.mask.canvas;
  if (mc.width < ctx.canvas.width || mc.height < ctx.canvas.height) {
    mc.width = Math.max(ctx.canvas.width, mc.width);
    mc.height = Math.max(ctx.canvas.height, mc.height);
  }
  job.mask.ctx.putImageData(composePoints(r, grp.fill, grp.color), r.x, r.y);
  releasePointRaster(r);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(mc, r.x, r.y, r.w, r.h, r.x, r.y, r.w, r.h);
  ctx.setTransform(t);
  return true;
}

/**
 * Fewest shapes a tile holds for the outline rasteriser to paint it: below, its fixed cost per colour
 * group (a fill plane summed and a canvas-sized compose, putImageData and drawImage) outweighs the
 * Path2Ds it saves (bench/tile-raster-measure.ts: a 56-shape tile 1.44x as long, 635 shapes 0.87x).
 * Measured again with the WebAssembly loops, in a worker, each tile timed through the worker's copy
 * (`copyTile`, where Skia's deferred raster work, its `FinalizeFrame`, happens: 60-70 % of a Skia
 * tile's time), the 32-vertex polygons of the render bench (TILE_RASTER_SPARSE=1, 3 runs, medians of
 * 21-31, session 33): the raster costs 2-4x Skia's time at ~15-50 shapes (its compose and flush are
 * ~1.3 ms a tile whatever it holds), even at ~270-330 shapes at z <= -1 and ~330-430 at z = 0, then
 * wins (0.91-0.94x at ~350-410, 0.64-0.82x at 540-760); at z = 1 it is even only at ~450-570 shapes
 * (0.72x at 760), which a uniform scene reaches past ~250,000 polygons. Lowering it to ~330 at
 * z <= -1 would gain a few % on tiles of 330-400 shapes: not worth the pixels it changes (and the
 * page's JS raster, ~1.3x slower than the worker's WebAssembly, paints the same tiles without a worker).
 */
export const RASTER_MIN_SHAPES = 400;

/** The bench's override of {@link RASTER_MIN_SHAPES} and {@link RASTER_MAX_Z} (null: theirs). */
let rasterLimits: { minShapes: number; maxZ: number } | null = null;
/** For bench/tile-raster-measure.ts: rasters tiles of `minShapes` shapes and more at z <= `maxZ` (null: the defaults). */
export function setRasterLimits(l: { minShapes: number; maxZ: number } | null): void {
  rasterLimits = l;
}
const minShapes = () => rasterLimits?.minShapes ?? RASTER_MIN_SHAPES;
const maxZ = () => rasterLimits?.maxZ ?? RASTER_MAX_Z;

/**
 * True when tile shapes `ids` at scale `S` suit the outline rasteriser: enough of them, and none
 * that Skia would fill in a group whose other fills the rasteriser draws (a point, or an ellipse or
 * note big enough to be filled): the two fills would each tint where they overlap, where one
 * union tints once.
 */
function rasterTile(scene: TileScene, ids: number[], S: number): boolean {
  if (ids.length < minShapes()) return false;
  // a scene without points, ellipses or notes: none of its tiles holds one
  if (!scene.roundCount) return true;
  for (let i = 0; i < ids.length; i++) {
    // the kind column only (a columns scene's `entries.get` points its cursor at the whole row)
    const k = scene.kindOf(ids[i]!);
    if (k === 'point') return false;
    if (k === 'ellipse' || k === 'note') {
      const b = scene.entries.get(ids[i]!)!.shape.bounds;
      if ((b.maxX - b.minX) * S >= 12 && (b.maxY - b.minY) * S >= 12) return false;
    }
  }
  return true;
}

/**
 * True when tile (z, tx, ty) of `scene` would be painted with the outline rasteriser (on, z <= 0, dense,
 * no point or filled ellipse; see {@link rasterTile}). With a tile worker such a tile is the worker's
 * only (tile-renderer.ts): the page's thread, where the rasteriser runs cold among the scene build,
 * paints it only without a worker or for a synchronous (reference) render.
 */
export function rastersTile(scene: TileScene, z: number, tx: number, ty: number): boolean {
  if (!rasterOn || z > maxZ()) return false;
  const rect = tileRect(z, tx, ty);
  const near = tileRect(z, tx, ty, NEAR_PX);
  if (scene.fewIn(rect, minShapes() - 1, near)) return false;
  return rasterTile(scene, scene.idsIn(rect, near), 2 ** z);
}

/** True when a plan at level `z` drawn on `ctx` (its transform as it is now) uses the outline rasteriser. */
function rasterable(ctx: Canvas2D, z: number): boolean {
  if (!rasterOn || z > maxZ()) return false;
  const t = ctx.getTransform();
  return t.b === 0 && t.c === 0 && t.a === t.d && t.a > 0;
}

/**
 * Rasterises the group's outline segments (see outline-raster.ts) until all are (then composites
 * them onto the job's canvas at the group's colour and returns true) or `deadline` has passed (false).
 */
function paintSegments(job: PaintJob, grp: Group, deadline: number): boolean {
  const { ctx } = job;
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  const t = ctx.getTransform();
  const segs = grp.segs!;
  const fedges = grp.fedges!;
  if (!segs.n && !fedges.n) {
    // every shape of the group went to Skia
    releaseSegs(segs);
    releaseSegs(fedges);
    grp.segs = null;
    grp.fedges = null;
    return true;
  }
  const r = (job.or ??= newOutlineRaster(W, H));
  const nf = fedges.n / 4;
  const n = segs.n / 4;
  while (r.fnext < nf) {
    rasterFillEdges(r, fedges.a, t.a, t.e, t.f, Math.min(nf, r.fnext + SEGS_CHUNK));
    if ((r.fnext < nf || r.next < n) && performance.now() >= deadline) return false;
  }
  const x = grp.xedges;
  if (x) {
    // the self-intersecting shapes' fills, each resolved alone and added as coverage
    let from = 0;
    for (const end of grp.xends) {
      rasterFillAlone(r, x.a, from, end, t.a, t.e, t.f);
      from = end;
    }
    releaseSegs(x);
    grp.xedges = null;
    grp.xends = [];
  }
  while (r.next < n) {
    rasterSegments(r, segs.a, t.a, t.e, t.f, Math.min(n, r.next + SEGS_CHUNK));
    if (r.next < n && performance.now() >= deadline) return false;
  }
  job.or = null;
  const tr = (job.tr ??= takeTileRaster(W, H));
  composeInto(r, tr, grp.color, grp.fill);
  releaseOutlineRaster(r);
  releaseSegs(segs);
  releaseSegs(fedges);
  grp.segs = null;
  grp.fedges = null;
  return true;
}

/** The ImageData {@link flushRaster} writes into (one per canvas size). */
let rasterImage: ImageData | null = null;

/**
 * Draws the job's composited raster groups onto its canvas at once (through the job's mask canvas:
 * putImageData replaces, drawImage composites source-over), before a Skia draw that goes over them
 * and when the job ends.
 */
function flushRaster(job: PaintJob): void {
  const tr = job.tr!;
  job.tr = null;
  const { ctx } = job;
  const { w: W, h: H } = tr;
  if (!rasterImage || rasterImage.width !== W || rasterImage.height !== H) rasterImage = new ImageData(W, H);
  const rect = flushTileRaster(tr, rasterImage);
  releaseTileRaster(tr);
  if (!rect) return;
  if (!job.mask) {
    const m = masks.pop();
    if (m) job.mask = m;
    else {
      const canvas = makeCanvas(W, H);
      job.mask = { canvas, ctx: canvas.getContext('2d') as Canvas2D };
    }
  }
  const mc = job.mask.canvas;
  if (mc.width < W || mc.height < H) {
    mc.width = Math.max(W, mc.width);
    mc.height = Math.max(H, mc.height);
  }
  const [x, y, w, h] = rect;
  job.mask.ctx.putImageData(rasterImage, 0, 0, x, y, w, h);
  const t = ctx.getTransform();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(mc, x, y, w, h, x, y, w, h);
  ctx.setTransform(t);
}

/**
 * Drops the buffers the painter keeps between tiles for the outline rasteriser (its pooled segment
 * buffers, planes and tile raster, the ImageData it writes through): the tile worker calls it once
 * it has been idle a while, so that a worker at rest does not hold them (#16); the next raster tile
 * allocates them again. The mask canvases stay (a new canvas backing in a worker waits for the page).
 * With `scene`, its sort's scratch keys go too ({@link TileScene.releaseScratch}).
 */
export function releasePaintPools(scene?: TileScene): void {
  scene?.releaseScratch();
  releaseRasterPools();
  rasterImage = null;
  crossSegs.a = new Float32Array(256);
}

/** Ends a job without taking its tile (a warm-up's): its mask canvas goes back for the next job. */
export function dropTile(job: PaintJob): void {
  releaseMask(job);
}

/** Gives the job's mask back for the next job. */
function releaseMask(job: PaintJob): void {
  if (job.mask && masks.length < 2) masks.push(job.mask);
  job.mask = null;
}

/**
 * Regroups shapes `ids` (in paint order) for drawing at level `z`, a few at a time (see
 * {@link planStep}): each run between two shapes the user brought to front or sent to back (painted
 * on their own) is split into one group per colour, in the global colour order; a group fills the
 * union of its filled shapes, then strokes every outline as 1 raster px hairlines (Skia's software
 * stroker is ~20x slower for any wider line). LOD: shapes under 12 raster px are not filled.
 */
function newPlan(z: number, raster: boolean): Plan {
  return { z, next: 0, done: false, raster, run: new Map(), groups: [] };
}

/**
 * Plans `ids` from `plan.next` on, appending their outlines at the plan's level into their colour's
 * batches, until all are planned (true) or `deadline` has passed (false). Outlines are built straight
 * into a batch each time a tile draws the shape: a shape's own Path2D (cached per level, as before)
 * appended with addPath or drawn on its own cost more than its few decimated vertices.
 */
function planStep(scene: TileScene, plan: Plan, ids: number[], deadline: number): boolean {
  const S = 2 ** plan.z;
  while (plan.next < ids.length) {
    const id = ids[plan.next++]!;
    const e = scene.entries.get(id)!;
    const s = e.shape;
    if (hasOutline(s)) {
      // A shape the user brought to front or sent to back (ids are in z order: those come last or
      // first) is painted on its own, after or before the colour groups of the others.
      const alone = e.z < 0 || e.z >= Z_FRONT;
      if (alone) flushRun(scene, plan);
      let g = plan.run.get(e.color);
      if (!g) {
        g = {
          color: e.color,
          fill: e.fill,
          filled: [],
          open: [],
          alone: [],
          xedges: null,
          xends: [],
          segs: plan.raster ? takeSegs() : null,
          fedges: plan.raster ? takeSegs() : null,
          pts: [],
          nFilled: 0,
          nOpen: 0,
          minX: Infinity,
          minY: Infinity,
          maxX: -Infinity,
          maxY: -Infinity,
        };
        plan.run.set(e.color, g);
      }
      const sb = s.bounds;
      const big = (sb.maxX - sb.minX) * S >= 12 && (sb.maxY - sb.minY) * S >= 12;
      if (s.kind === 'point') {
        // by index: no ring array or view read (a worker's row cursor has none)
        const v = ringsOf(s);
        const r = v.arr(0);
        const o = v.off(0);
        g.pts.push(r[o]!, r[o + 1]!);
        if (sb.minX < g.minX) g.minX = sb.minX;
        if (sb.minY < g.minY) g.minY = sb.minY;
        if (sb.maxX > g.maxX) g.maxX = sb.maxX;
        if (sb.maxY > g.maxY) g.maxY = sb.maxY;
      } else if (isFilled(s) && big) {
        const n0 = plan.raster ? g.segs!.n : 0;
        const f0 = plan.raster ? g.fedges!.n : 0;
        if (plan.raster && appendShapeSegments(s, S, g.segs!, g.fedges!)) {
          // a self-intersecting shape's fill edges move to `xedges`, resolved alone
          if (segmentsCross(g.segs!.a, n0, g.segs!.n)) moveEdges(g, f0);
        } else if (selfCrossing(s, S)) {
          g.alone.push(buildShapePath(s, S)!);
          appendOutline(g.open, g.nOpen++, s, S);
        } else {
          appendOutline(g.filled, g.nFilled++, s, S);
          // a raster plan only fills `filled`, and strokes `open`
          if (plan.raster) appendOutline(g.open, g.nOpen++, s, S);
        }
        if (sb.minX < g.minX) g.minX = sb.minX;
        if (sb.minY < g.minY) g.minY = sb.minY;
        if (sb.maxX > g.maxX) g.maxX = sb.maxX;
        if (sb.maxY > g.maxY) g.maxY = sb.maxY;
      } else if (!plan.raster || !appendShapeSegments(s, S, g.segs!)) appendOutline(g.open, g.nOpen++, s, S);
      e.built++;
      if (alone) flushRun(scene, plan);
    }
    if (plan.next % CHUNK === 0 && plan.next < ids.length && performance.now() >= deadline) return false;
  }
  flushRun(scene, plan);
  plan.done = true;
  return true;
}

/** Scratch segments for {@link selfCrossing}. */
const crossSegs: Segs = { a: new Float32Array(256), n: 0 };

/** True when `s`'s rings as drawn at scale `S` cross themselves or each other (see `segmentsCross`). */
function selfCrossing(s: Shape, S: number): boolean {
  crossSegs.n = 0;
  if (!appendShapeSegments(s, S, crossSegs)) return false;
  const crossed = segmentsCross(crossSegs.a, 0, crossSegs.n);
  // a long ring's grown scratch is not kept
  if (crossSegs.a.length > 4096) crossSegs.a = new Float32Array(256);
  return crossed;
}

/** Moves the group's fill edges from quadruple float index `f0` on (one shape's) to its `xedges`. */
function moveEdges(g: Group, f0: number): void {
  const f = g.fedges!;
  const x = (g.xedges ??= takeSegs());
  const len = f.n - f0;
  if (x.n + len > x.a.length) growSegs(x, x.n + len);
  x.a.set(f.a.subarray(f0, f.n), x.n);
  x.n += len;
  f.n = f0;
  g.xends.push(x.n / 4);
}

/** Appends `s`'s outline at scale `S` into the last of `batches`, or a new one every BATCH shapes (`held` so far). */
function appendOutline(batches: Path2D[], held: number, s: Shape, S: number): void {
  if (held % BATCH === 0) batches.push(new Path2D());
  buildShapePath(s, S, batches[batches.length - 1]);
}

/** Ends the run being planned: its colour groups, in the global colour order. */
function flushRun(scene: TileScene, plan: Plan): void {
  if (!plan.run.size) return;
  const colorOrder = scene.colorOrder;
  const ordered = [...plan.run.values()].sort((a, b) => colorOrder.get(a.color)! - colorOrder.get(b.color)!);
  for (const g of ordered) plan.groups.push(g);
  plan.run = new Map();
}
