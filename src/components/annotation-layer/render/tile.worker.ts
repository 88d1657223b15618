// The tile worker: a copy of the layer's tile scene (kept in step by messages, in order) and the
// same painter as the main thread, on an OffscreenCanvas. It paints the tiles it is asked for and
// sends each back as an ImageBitmap (a copy of its canvas, transferred: see copyTile). Requests
// queue and are painted one per task, so a 'cancel' (an edit began: the main thread wants the CPU)
// drops the ones not started.
import { paintMaskRows } from '../model/mask-paint.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import {
  backNow,
  continueTile,
  copyTile,
  dropTile,
  prepareMask,
  releasePaintPools,
  setOutlineRaster,
  startTile,
  TILE,
  WORKER_OUTLINE_RASTER,
} from './tile-painter.js';
import { setRasterWasm } from './outline-raster.js';
import { TileScene } from './tile-scene.js';
import { type FromTileWorker, packShapes, type ShapesToPack, type ToTileWorker } from './tile-worker-protocol.js';

// Columns: the posted batches are kept and read by index, no object per shape (scene-columns.ts).
const scene = new TileScene({ columns: true });
const canvas = new OffscreenCanvas(TILE, TILE);
// The canvases (the tile's, a colour fill's mask) get their backing now, while the page is idle: a
// new canvas backing in a worker waits for a task of the page's main thread (Chromium asks it
// whether GPU compositing is on), which during a first render is busy for tens of ms at a time with
// tiles (a worker's first tile took 100-170 ms, its next ones 20-40).
backNow(canvas.getContext('2d') as OffscreenCanvasRenderingContext2D);
prepareMask();
setOutlineRaster(WORKER_OUTLINE_RASTER);
// The outline rasteriser's hot loops in WebAssembly (compiled now, ~4 KB; the JS loops until it is
// ready, and where WebAssembly is missing): the same bytes, ~1.3x faster a dense coarse tile (#16).
void setRasterWasm(true);
/**
 * The warm-up waits this long for the page's first shapes (ms): a worker whose page sends shapes
 * sooner (a layer given its annotations at once: most of a test suite's, an item opened with a few
 * boxes) skips it, where it cost ~4 dense tiles of CPU for each worker (the browser tests of five
 * layer files 36 vs 30.5 s). A page that shows its image first (the render bench: shapes 300 ms
 * after the image) gets it in that idle time; warming when a big scene comes instead competed with
 * the page's build (10k full resolution 539-853 vs 452-486 ms).
 */
const WARM_AFTER_MS = 200;
let warmTimer: ReturnType<typeof setTimeout> | undefined = WORKER_OUTLINE_RASTER
  ? setTimeout(() => {
      warmTimer = undefined;
      warmUp();
    }, WARM_AFTER_MS)
  : undefined;
/** Called on the page's first shapes or tile request: too late to warm without delaying them. */
function noWarmUp(): void {
  if (warmTimer === undefined) return;
  clearTimeout(warmTimer);
  warmTimer = undefined;
}

/**
 * Paints a made-up dense coarse tile a few times while the page is idle before its scene (see
 * WARM_AFTER_MS): the outline rasteriser's loops run optimised from the first real tile on, and its
 * scratch buffers are grown (a cold first tile took 200 ms wall, 75 ms CPU).
 */
function warmUp(): void {
  // A columns scene fed one packed batch, as the real scene is: the painter's code is optimised on
  // the row cursor it will meet (warmed on plain shapes, it deopted on the first real tile).
  const warm = new TileScene({ columns: true });
  const batch: ShapesToPack = { ids: [], shapes: [], colors: [], z: [] };
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const colors = ['#ff3b30', '#34c759', '#0a84ff', '#ffcc00', '#af52de', '#5ac8fa'];
  for (let i = 0; i < 700; i++) {
    const r = 3 + rnd() * (i % 3 ? 10 : 30);
    const cx = rnd() * 512;
    const cy = rnd() * 512;
    const k = 12 + Math.floor(rnd() * 20);
    const ring = new Float64Array(2 * k);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let j = 0; j < k; j++) {
      const a = (j * 2 * Math.PI) / k;
      const x = cx + r * Math.cos(a);
      const y = cy + r * Math.sin(a);
      ring[2 * j] = x;
      ring[2 * j + 1] = y;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    const shape: Shape = { kind: 'segment', rings: [ring], closed: true, bounds: { minX, minY, maxX, maxY } };
    batch.ids.push(i);
    batch.shapes.push(shape);
    batch.colors.push(colors[i % colors.length]!);
    batch.z.push(i);
  }
  // cloned: a batch as a message delivers it (a deserialised object's map, not the literal's)
  warm.setPacked(structuredClone(packShapes(batch)));
  for (let round = 0; round < 4; round++) {
    const job = startTile(warm, -1, 0, 0, canvas);
    if (!job) continue;
    continueTile(warm, job, Infinity);
    dropTile(job);
  }
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, TILE, TILE);
}
const post = (m: FromTileWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
type Render = Extract<ToTileWorker, { t: 'render' }>;
const queue = new Map<string, Render>();
let scheduled = false;
/** Full-resolution mask paints made here from their bytes (see 'paintBegin' in tile-worker-protocol.ts). */
const paints = new Map<number, { canvas: OffscreenCanvas; rgba: number }>();

/** Paints rows `y`.. of paint `p` from 0/1 bytes: every pixel of those rows written (MaskRaster's own paint). */
function paintRows(p: { canvas: OffscreenCanvas; rgba: number }, y: number, bytes: Uint8Array): void {
  const w = p.canvas.width;
  const h = Math.min(Math.floor(bytes.length / w), p.canvas.height - y);
  if (h <= 0) return;
  paintMaskRows(p.canvas.getContext('2d') as OffscreenCanvasRenderingContext2D, bytes, 0, w, y, h, p.rgba);
}

// The loop yields between tiles through a MessageChannel, not setTimeout(0): Chromium clamps nested
// timeouts to at least 4 ms after five levels, in workers too, so a chain of setTimeout(0) idled ~4 ms
// after every tile (a 100k-shape first render paints hundreds of tiles). A channel message is a task
// of its own, so 'render' and 'cancel' messages still run between two tiles.
const tick = new MessageChannel();
tick.port1.onmessage = () => {
  const [first] = queue.values();
  if (!first) {
    scheduled = false;
    return;
  }
  queue.delete(first.key);
  clearTimeout(idleTimer);
  idleTimer = undefined;
  let sent: Promise<void> | undefined;
  try {
    sent = paint(first);
  } catch (err) {
    post({ t: 'error', message: String((err as Error)?.message ?? err) });
  }
  // The next tile waits for this one's bitmap to be sent: its promise resolves in a task of this
  // thread, which queued behind the next tick would send each tile only after the next was painted.
  if (sent) void sent.then(next);
  else next();
};

function next(): void {
  scheduled = false;
  schedule();
  if (!scheduled) idleSoon();
}

/**
 * How long the worker waits with no tile to paint before it drops the painter's pooled buffers
 * (ms): ~2-4 MB of rasteriser buffers that a worker at rest would keep (#16). Panning and zooming
 * keep it busy; a pause this long costs the next raster tile its allocations again.
 */
const IDLE_RELEASE_MS = 1000;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function idleSoon(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (!queue.size) releasePaintPools(scene);
  }, IDLE_RELEASE_MS);
}

function schedule(): void {
  if (scheduled || !queue.size) return;
  scheduled = true;
  tick.port2.postMessage(0);
}

/** Paints a requested tile; the promise resolves once it has been sent (undefined: sent already). */
function paint(m: Render): Promise<void> | undefined {
  const job = startTile(scene, m.z, m.tx, m.ty, canvas);
  if (!job) {
    post({ t: 'tile', key: m.key, bitmap: null, seq: m.seq });
    return;
  }
  continueTile(scene, job, Infinity);
  return copyTile(job).then(
    (bitmap) => post({ t: 'tile', key: m.key, bitmap, seq: m.seq }, [bitmap]),
    (err) => post({ t: 'error', message: String((err as Error)?.message ?? err) }),
  );
}

self.onmessage = (e: MessageEvent<ToTileWorker>) => {
  const m = e.data;
  if (m.t === 'shapes' || m.t === 'render') noWarmUp();
  try {
    switch (m.t) {
      case 'shapes':
        // A mask keeps its bitmap when its shape is replaced (a new bitmap follows when it changed).
        scene.setPacked(m.shapes);
        break;
      case 'delete':
        for (const id of m.ids) scene.delete(id);
        break;
      case 'clear':
        scene.clear();
        break;
      case 'exclude':
        scene.setExcluded(m.ids);
        break;
      case 'opacity':
        scene.fillOpacity = m.a;
        scene.restyle();
        break;
      case 'maskOpacity':
        scene.maskOpacity = m.a;
        break;
      case 'mask': {
        const mask = { image: m.bitmap, x: m.x, y: m.y, width: m.width, height: m.height };
        if (!scene.setMask(m.id, mask)) m.bitmap.close();
        break;
      }
      case 'paintBegin':
        paints.set(m.job, { canvas: new OffscreenCanvas(Math.max(1, m.width), Math.max(1, m.height)), rgba: m.rgba });
        break;
      case 'paintRows': {
        const p = paints.get(m.job);
        if (p) paintRows(p, m.y, m.bytes);
        break;
      }
      case 'paintEnd': {
        const p = paints.get(m.job);
        if (!p) {
          post({ t: 'painted', job: m.job, bitmap: null });
          break;
        }
        // the page gets a bitmap of it; the canvas stays here for the mask's tiles ('maskPainted')
        const job = m.job;
        createImageBitmap(p.canvas).then(
          (bitmap) => post({ t: 'painted', job, bitmap }, [bitmap]),
          () => post({ t: 'painted', job, bitmap: null }),
        );
        break;
      }
      case 'paintDrop':
        paints.delete(m.job);
        break;
      case 'maskPainted': {
        const p = paints.get(m.job);
        paints.delete(m.job);
        if (p) scene.setMask(m.id, { image: p.canvas, x: m.x, y: m.y, width: m.width, height: m.height });
        break;
      }
      case 'render':
        queue.set(m.key, m);
        schedule();
        break;
      case 'cancel': {
        const seqs: number[] = [];
        for (const k of m.keys) {
          const r = queue.get(k);
          if (!r) continue;
          queue.delete(k);
          seqs.push(r.seq);
        }
        if (seqs.length) post({ t: 'dropped', seqs });
        break;
      }
    }
  } catch (err) {
    post({ t: 'error', message: String((err as Error)?.message ?? err) });
  }
};
