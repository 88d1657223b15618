// The main thread's side of the tile worker: mirrors every scene change to it (shapes batched per
// task into one packed message, in order with everything else), asks it for tiles and hands the
// painted ones to the tile renderer. Masks go over as ImageBitmaps; until one has arrived, tiles
// touching its shape are painted on the main thread. If the worker fails, the renderer goes on alone.
import type { Bounds, Shape } from '../../../geometry/shapes/shape.js';
import type { MaskImage } from '../model/shape-index.js';
import type { TileProducer, TileRenderer } from './tile-renderer.js';
import {
  type FromTileWorker,
  packedBuffers,
  packShapes,
  type ShapeToPack,
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
  private sets = new Map<number, ShapeToPack>();
  private flushQueued = false;
  /** Shapes whose mask bitmap is still on its way (their bounds). */
  private pendingMasks = new Map<number, Bounds>();
  private maskVersion = new Map<number, number>();

  constructor(
    private readonly worker: Worker,
    private readonly renderer: TileRenderer,
  ) {
    worker.onmessage = (e: MessageEvent<FromTileWorker>) => {
      const m = e.data;
      if (m.t === 'tile') renderer.receive(m.key, m.bitmap, m.seq);
      else this.fail();
    };
    worker.onerror = () => this.fail();
  }

  private fail(): void {
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

  /** Sends the batched shapes now (before any other message, so the worker sees changes in order). */
  private flush(): void {
    if (!this.sets.size) return;
    const shapes = packShapes([...this.sets.values()]);
    this.sets.clear();
    this.worker.postMessage({ t: 'shapes', shapes } satisfies ToTileWorker, packedBuffers(shapes));
  }

  set(id: number, shape: Shape, color: string, z: number, mask?: MaskImage): void {
    this.sets.set(id, { id, shape, color, z });
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    if (mask) this.sendMask(id, shape.bounds, mask);
  }

  private sendMask(id: number, bounds: Bounds, mask: MaskImage): void {
    const version = (this.maskVersion.get(id) ?? 0) + 1;
    this.maskVersion.set(id, version);
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
    this.sets.delete(id);
    this.pendingMasks.delete(id);
    this.maskVersion.delete(id);
    this.post({ t: 'delete', ids: [id] });
  }

  clear(): void {
    this.sets.clear();
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
