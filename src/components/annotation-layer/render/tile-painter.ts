// Paints one 256-px tile of a TileScene at one zoom level (level z draws at 2^z raster px per image
// px), on the main thread or in the tile worker. Inside a tile, shapes come from the spatial index
// (culling), their cached image-space Path2D at that level (LOD) is batched per label colour into one
// fill and one stroke. A dense tile can be painted a chunk of shapes at a time (a job over several
// frames) and ends up exactly like the same tile painted at once.
import type { Bounds } from '../../../geometry/shapes/shape.js';
import { Z_FRONT } from '../model/shape-index.js';
import { buildShapePath, isFilled } from './shape-path.js';
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

/** A finished tile: an ImageBitmap, or a canvas where ImageBitmaps are not available. */
export type Tile = ImageBitmap | HTMLCanvasElement | OffscreenCanvas;

type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A tile being painted (possibly over several frames). */
export interface TileJob {
  key: string;
  z: number;
  tx: number;
  ty: number;
  /** Image rect whose shapes the tile draws (a change inside it restarts the tile). */
  rect: Bounds;
  ids: number[];
  /** Next index into `ids` to draw. */
  pos: number;
  canvas: HTMLCanvasElement | OffscreenCanvas;
  ctx: Canvas2D;
}

/** The key of tile (z, tx, ty). */
export function tileKey(z: number, tx: number, ty: number): string {
  return `${z},${tx},${ty}`;
}

/** The image rect tile (z, tx, ty) draws shapes from (its area plus the stroke pad). */
export function tileRect(z: number, tx: number, ty: number): Bounds {
  const S = 2 ** z;
  const span = TILE / S;
  const pad = PAD / S;
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
  const ids = scene.idsIn(rect);
  if (!ids.length) return null;
  const S = 2 ** z;
  const ctx = canvas.getContext('2d') as Canvas2D;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, TILE, TILE);
  ctx.setTransform(S, 0, 0, S, -tx * TILE, -ty * TILE);
  drawMasks(scene, ctx, ids, S);
  return { key: tileKey(z, tx, ty), z, tx, ty, rect, ids, pos: 0, canvas, ctx };
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
 * px, with level `z`'s outlines: the same masks, colour batches and paint order as a tile. For a
 * frame drawn straight onto the screen (a video frame, whose tracks move every frame).
 */
export function drawShapes(scene: TileScene, ctx: Canvas2D, ids: number[], z: number, scale: number): void {
  drawMasks(scene, ctx, ids, scale);
  drawChunk(scene, ctx, ids, 0, ids.length, z);
}

/**
 * Draws the job's vector shapes from `job.pos` on, a chunk at a time, until they are all drawn
 * (true) or `deadline` (a `performance.now()` time) has passed (false; call again to go on).
 */
export function continueTile(scene: TileScene, job: TileJob, deadline: number): boolean {
  const { ids, ctx, z } = job;
  while (job.pos < ids.length) {
    drawChunk(scene, ctx, ids, job.pos, Math.min(ids.length, job.pos + CHUNK), z);
    job.pos = Math.min(ids.length, job.pos + CHUNK);
    if (job.pos < ids.length && performance.now() >= deadline) return false;
  }
  return true;
}

/** The finished tile: the canvas's bitmap (no copy) where it can, else the canvas itself. */
export function finishTile(job: TileJob): Tile {
  return 'transferToImageBitmap' in job.canvas ? job.canvas.transferToImageBitmap() : job.canvas;
}

/**
 * Draws shapes `ids[from..to)` batched by colour: one fill and one stroke per colour. Strokes
 * are 1 raster px hairlines: Skia's software stroker is ~20x slower for any wider line. Fills are
 * nonzero (2-3x faster than evenodd): with every outline clockwise and every hole counter-clockwise
 * (shape-path.ts) a colour's fill is the union of its shapes, holes included.
 */
function drawChunk(scene: TileScene, ctx: Canvas2D, ids: number[], from: number, to: number, z: number): void {
  const S = 2 ** z;
  let batches: Batches = new Map();
  for (let i = from; i < to; i++) {
    const e = scene.entries.get(ids[i]!)!;
    // A shape the user brought to front or sent to back (ids are in z order: those come last or
    // first) is painted on its own, after or before the colour batches of the others.
    const alone = e.z < 0 || e.z >= Z_FRONT;
    if (alone) {
      flush(scene, ctx, batches);
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
    if (!b) batches.set(e.color, (b = { closed: new Path2D(), open: new Path2D(), fill: e.fill }));
    // LOD: shapes under 12 raster px get no fill (fills are most of the raster cost, measured).
    const sb = e.shape.bounds;
    const big = (sb.maxX - sb.minX) * S >= 12 && (sb.maxY - sb.minY) * S >= 12;
    if (!isFilled(e.shape) || (!big && e.shape.kind !== 'point')) b.open.addPath(p);
    else b.closed.addPath(p);
    if (alone) {
      flush(scene, ctx, batches);
      batches = new Map();
    }
  }
  flush(scene, ctx, batches);
}

type Batches = Map<string, { closed: Path2D; open: Path2D; fill: string }>;

/** Paints per-colour batches in the global colour order. */
function flush(scene: TileScene, ctx: Canvas2D, batches: Batches): void {
  const order = scene.colorOrder;
  const ordered = [...batches].sort((a, b) => order.get(a[0])! - order.get(b[0])!);
  for (const [color, b] of ordered) {
    ctx.fillStyle = b.fill;
    ctx.fill(b.closed);
    ctx.strokeStyle = color;
    ctx.stroke(b.closed);
    ctx.stroke(b.open);
  }
}
