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
import type { TileProducer, TileRenderer } from './tile-renderer.js';
import {
  type FromTileWorker,
  packedBuffers,
  packShapes,
  type ShapesToPack,
  type ToTileWorker,
} from './tile-worker-protocol.js';

/** A tile worker, or null where workers with OffscreenCanvas are not available. */
export function createTileWorker(renderer: TileRenderer): TileWorkerClient | null {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return null;
  let w: Worker;
  try {
    // In exactly this form so Vite recognises and bundles the worker (see create-geometry-worker.ts).
    w = new Worker(new URL('./tile.worker.js', import.meta.url), { type: 'module', name: 'dl-kit-tiles' });
  } catch {
    return null;
  }
  return new TileWorkerClient(w, renderer);
}

/** Paints tiles in a worker for a TileRenderer. */
export class TileWorkerClient implements TileProducer {
  /** Requests in flight: enough to keep the worker busy while the main thread is in a long frame. */
  readonly capacity = 4;
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
    private readonly worker: Worker,
    private readonly renderer: TileRenderer,
  ) {
    worker.onmessage = (e: MessageEvent<FromTileWorker>) => {
      const m = e.data;
      if (m.t === 'tile') renderer.receive(m.key, m.bitmap, m.seq);
      else if (m.t === 'painted') this.paintDone(m.job, m.bitmap);
      else this.fail();
    };
    worker.onerror = () => this.fail();
  }

  private fail(): void {
    for (const w of this.ending.values()) w.reject(new Error('the tile worker failed'));
    this.ending.clear();
    this.renderer.setProducer(null);
    this.terminate();
    this.renderer.onTile();
  }

  /** Stops the worker. */
  terminate(): void {
    this.worker.terminate();
  }

  private post(m: ToTileWorker, transfer: Transferable[] = []): void {
    this.flush();
    this.worker.postMessage(m, transfer);
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
    this.worker.postMessage({ t: 'shapes', shapes } satisfies ToTileWorker, packedBuffers(shapes));
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
    this.post({ t: 'delete', ids: [id] });
  }

  clear(): void {
    this.clearSets();
    this.pendingMasks.clear();
    this.maskVersion.clear();
    this.post({ t: 'clear' });
  }

  setExcluded(ids: number[]): void {
    this.post({ t: 'exclude', ids });
  }

  setFillOpacity(a: number): void {
    this.post({ t: 'opacity', a });
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
    this.post({ t: 'render', key, z, tx, ty, seq });
  }

  cancel(keys: string[]): void {
    this.post({ t: 'cancel', keys });
  }
}
