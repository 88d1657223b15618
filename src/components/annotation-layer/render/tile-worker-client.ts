// The main thread's side of the tile worker: mirrors every scene change to it (shapes batched per
// task into one packed message, in order with everything else), asks it for tiles and hands the
// painted ones to the tile renderer. Masks go over as ImageBitmaps; until one has arrived, tiles
// touching its shape are painted on the main thread. A mask's full-resolution paint can be made in
// the worker instead, from its bytes sent in bands (`maskPainter`): the page gets a bitmap of it and
// the worker keeps its canvas, so neither the page's thread paints the whole region nor a copy of it
// crosses back. If the worker fails, the renderer goes on alone.
import type { Bounds, Shape } from '../../../geometry/shapes/shape.js';
import type { MaskPainter, MaskPaintJob } from '../model/mask-raster.js';
import type { MaskImage } from '../model/shape-index.js';
import { tileRect } from './tile-painter.js';
import type { TileProducer, TileRenderer } from './tile-renderer.js';
import {
  type FromTileWorker,
  packedBuffers,
  packShapes,
  type ShapesToPack,
  type ToTileWorker,
} from './tile-worker-protocol.js';

/**
 * How many tile workers a page runs by default: the geometry pool's core rule,
 * `min(2, hardwareConcurrency - 1)`, at least 1 — a second worker only where a core is left for the
 * page. Two workers halve the borrowed frames of a 100,000-polygon pan/zoom where they have their
 * own cores, but on two cores three busy threads cost frame time, fps and the first frame, and each
 * worker holds a copy of the scene (#16). `cores` defaults to `navigator.hardwareConcurrency`.
 */
export function tileWorkerCount(
  cores: number = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1,
): number {
  return Math.max(1, Math.min(2, Math.floor(cores) - 1));
}

/**
 * Tile workers for `renderer` (`count`, by default {@link tileWorkerCount}; a count that is not a
 * positive number means the default), or null where workers with OffscreenCanvas are not available.
 */
export function createTileWorker(renderer: TileRenderer, count?: number | null): TileWorkerClient | null {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return null;
  const n =
    count !== undefined && count !== null && Number.isFinite(count) && count >= 1
      ? Math.floor(count)
      : tileWorkerCount();
  const workers: Worker[] = [];
  for (let i = 0; i < n; i++) {
    try {
      // In exactly this form so Vite recognises and bundles the worker (see create-geometry-worker.ts).
      workers.push(new Worker(new URL('./tile.worker.js', import.meta.url), { type: 'module', name: 'dl-kit-tiles' }));
    } catch {
      break;
    }
  }
  if (!workers.length) return null;
  return new TileWorkerClient(workers, renderer);
}

/** A request sent to one worker and not answered yet. */
interface Sent {
  key: string;
  seq: number;
  /** The message sent (asked again as it was if its worker fails). */
  r: Render;
  /** Cancelled while it was the worker's first unanswered request: it may be being painted. */
  cancelled: boolean;
}

/** One tile worker of the client. */
interface Lane {
  worker: Worker;
  /** Requests sent and not answered, in the order sent (the worker paints them in that order). */
  sent: Sent[];
  /** Tiles it sent back. */
  tiles: number;
}

type Render = Extract<ToTileWorker, { t: 'render' }>;

/**
 * Requests one worker holds while the view is at rest (~0.5 s of 100,000-polygon level -1 tiles).
 * The render bench's forced page GC right after the first full-resolution frame blocks the main
 * thread for longer than 16 tiles (their results arrive at once after it): a worker holding 4 idled
 * through most of it, and the zoom in from rest found 28-39 of the next level's ~55 tiles painted;
 * holding 16, 46-47; holding 32, 47-52 (100,000 polygons).
 */
export const REST_CAPACITY = 32;

/**
 * Paints tiles in one or more workers for a TileRenderer. Each worker holds the whole scene; tile
 * requests wait here in the order asked and go to a worker with room (at most `perWorker`
 * unanswered each, so a tile asked later never waits inside one worker while the other is free).
 * Masks live in the first worker only (their bitmaps and full-resolution paints, `maskPainter`):
 * tiles touching one are painted there. If the first worker fails, the renderer goes on alone; if
 * another one fails, its requests go to the rest.
 */
export class TileWorkerClient implements TileProducer {
  /** Requests in flight: enough to keep the workers busy while the main thread is in a long frame. */
  readonly capacity: number;
  /**
   * Requests in flight while the view is at rest (the prefetch): one worker holds them all, so it
   * paints on through a long task of the page, which sends no request meanwhile (see
   * {@link REST_CAPACITY}). Two or more workers keep `capacity` (2 each: not measured deeper).
   */
  readonly restCapacity: number;
  /** Unanswered requests a worker may hold (one painting, the next ready behind it). */
  private readonly perWorker: number;
  private lanes: Lane[];
  /** Requests not sent to a worker yet, in the order asked (by key: a later request replaces). */
  private queue = new Map<string, Render>();
  /** Bounds of the shapes with a mask (only the first worker has their masks). */
  private masked = new Map<number, Bounds>();
  private failed = false;
  /** Told once the client went down (its first worker failed), after the renderer was left alone. */
  onFailed: () => void = () => {};
  /** Shapes set since the last flush, one slot per id in first-set order (see `ShapesToPack`). */
  private sets: ShapesToPack = { ids: [], shapes: [], colors: [], z: [] };
  /**
   * The slot of each id in `sets`, plus 1 (0: none), by id (ids are integers >= 0, as the scene's
   * grid requires): a Map of 1,000,000 ids was ~0.5 s of a first load's page task and its heap (#16).
   */
  private slotOf = new Int32Array(1024);
  /** How many ids have a slot in `sets`. */
  private slotted = 0;
  private flushQueued = false;
  /** Shapes whose mask bitmap is still on its way (their bounds). */
  private pendingMasks = new Map<number, Bounds>();
  private maskVersion = new Map<number, number>();
  private paintJobs = 0;
  /** Paints ended and not answered yet. */
  private ending = new Map<number, { resolve: (b: ImageBitmap) => void; reject: (e: Error) => void }>();
  /** Bitmaps of the worker's paints whose canvas it still keeps (a mask sent with one of them is not copied). */
  private painted = new WeakMap<ImageBitmap, number>();

  constructor(
    workers: Worker | Worker[],
    private readonly renderer: TileRenderer,
  ) {
    const list = Array.isArray(workers) ? workers : [workers];
    this.lanes = list.map((worker) => ({ worker, sent: [], tiles: 0 }));
    // One worker: its own queue holds them all (as before the second worker).
    this.capacity = list.length > 1 ? 3 * list.length : 4;
    this.restCapacity = list.length > 1 ? this.capacity : REST_CAPACITY;
    this.perWorker = list.length > 1 ? 2 : this.restCapacity;
    for (const lane of this.lanes) {
      lane.worker.onmessage = (e: MessageEvent<FromTileWorker>) => this.message(lane, e.data);
      lane.worker.onerror = () => this.laneFailed(lane);
    }
  }

  /** How many workers paint tiles (for tests and benchmarks). */
  get workerCount(): number {
    return this.lanes.length;
  }

  /** Tiles each worker still running has sent back, first worker first (for tests and benchmarks). */
  get tilesPerWorker(): number[] {
    return this.lanes.map((l) => l.tiles);
  }

  private message(lane: Lane, m: FromTileWorker): void {
    if (this.failed) return;
    if (m.t === 'tile') {
      const i = lane.sent.findIndex((r) => r.seq === m.seq);
      if (i >= 0) lane.sent.splice(i, 1);
      lane.tiles++;
      // the next request goes out before the renderer's frame work
      this.pump();
      this.renderer.receive(m.key, m.bitmap, m.seq);
    } else if (m.t === 'dropped') {
      const gone = new Set(m.seqs);
      lane.sent = lane.sent.filter((r) => !gone.has(r.seq));
      this.pump();
    } else if (m.t === 'painted') this.paintDone(m.job, m.bitmap);
    else this.laneFailed(lane);
  }

  /** A worker failed: the first one takes the client down; another one hands its requests to the rest. */
  private laneFailed(lane: Lane): void {
    if (this.failed) return;
    if (lane === this.lanes[0]) {
      this.fail();
      return;
    }
    lane.worker.terminate();
    this.lanes = this.lanes.filter((l) => l !== lane);
    // Its requests not cancelled are asked again, first in line (their seq stays: the renderer waits for it).
    const again = new Map<string, Render>();
    for (const r of lane.sent) {
      if (!r.cancelled) again.set(r.key, r.r);
    }
    lane.sent = [];
    for (const [k, r] of this.queue) again.set(k, r);
    this.queue = again;
    this.pump();
  }

  private fail(): void {
    this.failed = true;
    for (const w of this.ending.values()) w.reject(new Error('the tile worker failed'));
    this.ending.clear();
    this.renderer.setProducer(null);
    this.terminate();
    this.renderer.onTile();
    this.onFailed();
  }

  /** Stops the workers. */
  terminate(): void {
    for (const lane of this.lanes) lane.worker.terminate();
    this.queue.clear();
  }

  /** Sends a message to the first worker (masks and their paints), after the batched shapes. */
  private post(m: ToTileWorker, transfer: Transferable[] = []): void {
    this.flush();
    this.lanes[0]!.worker.postMessage(m, transfer);
  }

  /** Sends a scene message to every worker, after the batched shapes. */
  private postAll(m: ToTileWorker): void {
    this.flush();
    for (const lane of this.lanes) lane.worker.postMessage(m);
  }

  /** Sends the batched shapes now (see `TileRenderer.batch`). */
  send(): void {
    this.flush();
  }

  /** Sends the batched shapes now (before any other message, so the worker sees changes in order). */
  private flush(): void {
    if (!this.slotted) {
      if (this.sets.ids.length) this.clearSets(); // only emptied slots: nothing to send
      return;
    }
    const shapes = packShapes(this.sets);
    this.clearSets();
    const m = { t: 'shapes', shapes } satisfies ToTileWorker;
    // copied to the others, then transferred to the first
    for (let i = this.lanes.length - 1; i >= 1; i--) this.lanes[i]!.worker.postMessage(m);
    this.lanes[0]!.worker.postMessage(m, packedBuffers(shapes));
  }

  private clearSets(): void {
    const slotOf = this.slotOf;
    for (const id of this.sets.ids) slotOf[id] = 0;
    this.sets = { ids: [], shapes: [], colors: [], z: [] };
    this.slotted = 0;
  }

  set(id: number, shape: Shape, color: string, z: number, mask?: MaskImage): void {
    // A later set of an id in the same task replaces it in its slot (the order of first sets stays).
    const s = this.sets;
    if (id >= this.slotOf.length) {
      const next = new Int32Array(Math.max(id + 1, 2 * this.slotOf.length));
      next.set(this.slotOf);
      this.slotOf = next;
    }
    const slot = this.slotOf[id]! - 1;
    if (slot < 0) {
      this.slotOf[id] = s.ids.length + 1;
      this.slotted++;
      s.ids.push(id);
      s.shapes.push(shape);
      s.colors.push(color);
      s.z.push(z);
    } else {
      s.shapes[slot] = shape;
      s.colors[slot] = color;
      s.z[slot] = z;
    }
    // A task's shapes go as one message at its end. Batches of 16,384 while a task sets many let
    // the worker index early, but on two cores its unpacking competed with this thread: in the
    // render bench the first frame came 80-240 ms later at 50,000-100,000 polygons and full
    // resolution no sooner (#16).
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    if (mask) this.sendMask(id, shape.bounds, mask);
    // a replaced shape keeps its mask (a new one follows when it changed)
    else if (this.masked.has(id)) this.masked.set(id, union(this.masked.get(id)!, shape.bounds));
  }

  /** Makes masks' full-resolution paints in the worker (see `MaskPainter`). */
  readonly maskPainter: MaskPainter = {
    begin: (width, height, rgba) => this.beginPaint(width, height, rgba),
  };

  private beginPaint(width: number, height: number, rgba: number): MaskPaintJob {
    const job = ++this.paintJobs;
    this.post({ t: 'paintBegin', job, width, height, rgba });
    return {
      rows: (y, bytes) => {
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        this.post({ t: 'paintRows', job, y, bytes: own }, [own.buffer]);
      },
      end: () =>
        new Promise<ImageBitmap>((resolve, reject) => {
          this.ending.set(job, { resolve, reject });
          this.post({ t: 'paintEnd', job });
        }),
      drop: () => {
        this.ending.get(job)?.reject(new Error('dropped'));
        this.ending.delete(job);
        this.post({ t: 'paintDrop', job });
      },
    };
  }

  /** A paint's bitmap arrived: hand it over; unless a mask is sent with it in this task, the worker drops its canvas. */
  private paintDone(job: number, bitmap: ImageBitmap | null): void {
    const w = this.ending.get(job);
    this.ending.delete(job);
    if (!w || !bitmap) {
      bitmap?.close();
      if (bitmap) this.post({ t: 'paintDrop', job });
      w?.reject(new Error('the tile worker lost the paint'));
      return;
    }
    this.painted.set(bitmap, job);
    w.resolve(bitmap);
    setTimeout(() => {
      if (this.painted.get(bitmap) !== job) return;
      this.painted.delete(bitmap);
      this.post({ t: 'paintDrop', job });
    }, 0);
  }

  private sendMask(id: number, bounds: Bounds, mask: MaskImage): void {
    this.masked.set(
      id,
      union(bounds, { minX: mask.x, minY: mask.y, maxX: mask.x + mask.width, maxY: mask.y + mask.height }),
    );
    const version = (this.maskVersion.get(id) ?? 0) + 1;
    this.maskVersion.set(id, version);
    if (mask.coarse && mask.image === mask.coarse.image) {
      // Only a coarse paint so far (an assisted tool's preview; its full-resolution paint follows and is
      // sent then): not sent, since the transfer of a bitmap the page keeps drawing copies it on the
      // page's thread (10-70 ms for a view-sized one in the assist bench). Tiles touching it are painted
      // on the main thread meanwhile.
      this.pendingMasks.set(id, bounds);
      return;
    }
    const job = typeof ImageBitmap !== 'undefined' && mask.image instanceof ImageBitmap && this.painted.get(mask.image);
    if (job) {
      // the worker painted this one and kept its canvas: no copy of the bitmap crosses back
      this.painted.delete(mask.image as ImageBitmap);
      this.pendingMasks.delete(id);
      this.post({ t: 'maskPainted', id, job, x: mask.x, y: mask.y, width: mask.width, height: mask.height });
      return;
    }
    this.pendingMasks.set(id, bounds);
    createImageBitmap(mask.image as ImageBitmapSource).then(
      (bitmap) => {
        if (this.maskVersion.get(id) !== version) return bitmap.close();
        this.post({ t: 'mask', id, bitmap, x: mask.x, y: mask.y, width: mask.width, height: mask.height }, [bitmap]);
        this.pendingMasks.delete(id);
        // Tiles painted meanwhile were painted on the main thread; nothing to redo.
      },
      () => this.pendingMasks.delete(id),
    );
  }

  delete(id: number): void {
    const slot = id < this.slotOf.length ? this.slotOf[id]! - 1 : -1;
    if (slot >= 0) {
      // emptied, not spliced: a set after it takes a new slot at the end, as a Map re-insert did
      this.sets.shapes[slot] = null;
      this.slotOf[id] = 0;
      this.slotted--;
    }
    this.pendingMasks.delete(id);
    this.maskVersion.delete(id);
    this.masked.delete(id);
    this.postAll({ t: 'delete', ids: [id] });
  }

  clear(): void {
    this.clearSets();
    this.pendingMasks.clear();
    this.maskVersion.clear();
    this.masked.clear();
    this.postAll({ t: 'clear' });
  }

  setExcluded(ids: number[]): void {
    this.postAll({ t: 'exclude', ids });
  }

  setFillOpacity(a: number): void {
    this.postAll({ t: 'opacity', a });
  }

  setMaskOpacity(a: number): void {
    this.post({ t: 'maskOpacity', a });
  }

  blocked(b: Bounds): boolean {
    for (const m of this.pendingMasks.values())
      if (m.maxX >= b.minX && m.minX <= b.maxX && m.maxY >= b.minY && m.minY <= b.maxY) return true;
    return false;
  }

  request(key: string, z: number, tx: number, ty: number, seq: number): void {
    if (this.failed) return;
    this.queue.delete(key);
    this.queue.set(key, { t: 'render', key, z, tx, ty, seq });
    this.pump();
  }

  cancel(keys: string[]): void {
    if (this.failed) return;
    const byLane = new Map<Lane, string[]>();
    for (const key of keys) {
      if (this.queue.delete(key)) continue;
      for (const lane of this.lanes) {
        const i = lane.sent.findIndex((r) => r.key === key && !r.cancelled);
        if (i < 0) continue;
        // The worker paints one at a time in the order sent: only its first unanswered one may have
        // begun (its result still comes); the others are dropped there and free their place now.
        if (i === 0) lane.sent[0]!.cancelled = true;
        else lane.sent.splice(i, 1);
        const list = byLane.get(lane) ?? [];
        list.push(key);
        byLane.set(lane, list);
        break;
      }
    }
    if (byLane.size) this.flush();
    for (const [lane, list] of byLane) lane.worker.postMessage({ t: 'cancel', keys: list } satisfies ToTileWorker);
    this.pump();
  }

  /**
   * Sends waiting requests, in the order asked, to the workers with room (the least busy first). A
   * tile touching a mask waits for the first worker; a tile a worker may still be painting for a
   * cancelled request waits for that result (the renderer takes it when nothing changed since).
   */
  private pump(): void {
    if (!this.queue.size) return;
    let flushed = false;
    for (const [key, r] of this.queue) {
      let best: Lane | null = null;
      let busy = false;
      for (const lane of this.lanes) {
        if (lane.sent.some((x) => x.key === key)) busy = true;
        if (lane.sent.length < this.perWorker && (!best || lane.sent.length < best.sent.length)) best = lane;
      }
      if (!best) break;
      if (busy) continue;
      if (best !== this.lanes[0] && this.touchesMask(r)) {
        if (this.lanes[0]!.sent.length >= this.perWorker) continue;
        best = this.lanes[0]!;
      }
      if (!flushed) {
        this.flush();
        flushed = true;
      }
      this.queue.delete(key);
      best.sent.push({ key, seq: r.seq, r, cancelled: false });
      best.worker.postMessage(r);
    }
  }

  /** True when tile `r` may draw a shape with a mask (only the first worker has the masks). */
  private touchesMask(r: Render): boolean {
    if (!this.masked.size || this.lanes.length < 2) return false;
    const b = tileRect(r.z, r.tx, r.ty);
    for (const m of this.masked.values())
      if (m.maxX >= b.minX && m.minX <= b.maxX && m.maxY >= b.minY && m.minY <= b.maxY) return true;
    return false;
  }
}

function union(a: Bounds, b: Bounds): Bounds {
  return {
    minX: Math.min(a.minX, b.minX),
    minY: Math.min(a.minY, b.minY),
    maxX: Math.max(a.maxX, b.maxX),
    maxY: Math.max(a.maxY, b.maxY),
  };
}
