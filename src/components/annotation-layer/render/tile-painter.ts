// Paints one 256-px tile of a TileScene at one zoom level (level z draws at 2^z raster px per image
// px), on the main thread or in the tile worker. Inside a tile, shapes come from the spatial index
// (culling) and their outlines at that level (LOD) are appended into one batch Path2D per label colour
// (and run, see planStep): the colour's fill is that path filled once (nonzero: outlines clockwise,
// holes counter-clockwise, so the fill is the union of its shapes), then its outlines are stroked in
// one call. A dense tile can be planned a few shapes at a time (a job over several frames) and ends
// up exactly like the same tile painted at once.
import type { Bounds } from '../../../geometry/shapes/shape.js';
import { Z_FRONT } from '../model/shape-index.js';
import { buildShapePath, hasOutline, isFilled } from './shape-path.js';
import type { TileScene } from './tile-scene.js';

/** Raster tile edge, px. */
export const TILE = 256;
/** Coarsest and finest levels. */
export const MIN_Z = -8;
export const MAX_Z = 6;
/** Shapes drawn between two deadline checks of an incremental tile. */
export const CHUNK = 128;
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
  ctx: Canvas2D;
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

/** One colour's shapes of a run, as batch paths at the plan's level. */
interface Group {
  color: string;
  fill: string;
  /** Outlines of the filled shapes (filled, then stroked), null when none. */
  filled: Path2D | null;
  /** Outlines only stroked, null when none. */
  open: Path2D | null;
}

/** Shapes regrouped by colour, their outlines at the job's level (built a few at a time). */
interface Plan {
  z: number;
  /** Next index into the job's `ids` to plan. */
  next: number;
  /** Every id is planned. */
  done: boolean;
  /** The run being planned: its groups per colour. */
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
  const plan = newPlan(z);
  return { key: tileKey(z, tx, ty), z, tx, ty, rect, ids, plan, g: 0, canvas, ctx };
}

/** The masks of `ids` (unsmoothed, at the mask opacity) under their outlines; outlines 1 px at `scale`. */
function drawMasks(scene: TileScene, ctx: Canvas2D, ids: number[], scale: number): void {
  ctx.imageSmoothingEnabled = false;
  ctx.globalAlpha = scene.maskOpacity;
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
  const job: PaintJob = { ids, plan: newPlan(z), g: 0, ctx };
  continueTile(scene, job, Infinity);
}

/**
 * Draws the job's vector shapes from where it stopped, a few at a time, until they are all drawn
 * (true) or `deadline` (a `performance.now()` time) has passed (false; call again to go on).
 */
export function continueTile(scene: TileScene, job: PaintJob, deadline: number): boolean {
  const { plan, ctx } = job;
  if (!plan.done && !planStep(scene, plan, job.ids, deadline)) return false;
  const { groups } = plan;
  // One fill and one or two strokes a colour. Strokes of one colour composite the same in any order
  // (source-over of one colour), and 1 px hairlines are drawn segment by segment: one call for all of
  // a colour's outlines draws what one call per outline drew, without a native call per shape.
  while (job.g < groups.length) {
    const grp = groups[job.g++]!;
    ctx.strokeStyle = grp.color;
    if (grp.filled) {
      ctx.fillStyle = grp.fill;
      ctx.fill(grp.filled);
      ctx.stroke(grp.filled);
    }
    if (grp.open) ctx.stroke(grp.open);
    if (job.g < groups.length && performance.now() >= deadline) return false;
  }
  return true;
}

/** The finished tile: the canvas's bitmap (no copy) where it can, else the canvas itself. */
export function finishTile(job: TileJob): Tile {
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
  return createImageBitmap(job.canvas);
}

/** Makes `ctx`'s canvas backing now (a context makes it on its first drawing), leaving it clear. */
export function backNow(ctx: Canvas2D): void {
  ctx.fillRect(0, 0, 1, 1);
  ctx.clearRect(0, 0, 1, 1);
}

/**
 * Regroups shapes `ids` (in paint order) for drawing at level `z`, a few at a time (see
 * {@link planStep}): each run between two shapes the user brought to front or sent to back (painted
 * on their own) is split into one group per colour, in the global colour order; a group fills the
 * union of its filled shapes, then strokes every outline as 1 raster px hairlines (Skia's software
 * stroker is ~20x slower for any wider line). LOD: shapes under 12 raster px are not filled.
 */
function newPlan(z: number): Plan {
  return { z, next: 0, done: false, run: new Map(), groups: [] };
}

/**
 * Plans `ids` from `plan.next` on, appending their outlines at the plan's level into their colour's
 * batch paths, until all are planned (true) or `deadline` has passed (false). Outlines are built
 * straight into the batch, each time a tile draws the shape: a shape's own Path2D appended with
 * addPath cost more (a native copy per shape and tile, and a cached Path2D per shape and level on the
 * heap) than its few decimated vertices.
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
      if (!g) plan.run.set(e.color, (g = { color: e.color, fill: e.fill, filled: null, open: null }));
      const sb = s.bounds;
      const big = (sb.maxX - sb.minX) * S >= 12 && (sb.maxY - sb.minY) * S >= 12;
      const target = isFilled(s) && (big || s.kind === 'point') ? (g.filled ??= new Path2D()) : (g.open ??= new Path2D());
      buildShapePath(s, S, target);
      e.built++;
      if (alone) flushRun(scene, plan);
    }
    if (plan.next % CHUNK === 0 && plan.next < ids.length && performance.now() >= deadline) return false;
  }
  flushRun(scene, plan);
  plan.done = true;
  return true;
}

/** Ends the run being planned: its colour groups, in the global colour order. */
function flushRun(scene: TileScene, plan: Plan): void {
  if (!plan.run.size) return;
  const colorOrder = scene.colorOrder;
  const ordered = [...plan.run.values()].sort((a, b) => colorOrder.get(a.color)! - colorOrder.get(b.color)!);
  for (const g of ordered) plan.groups.push(g);
  plan.run = new Map();
}
