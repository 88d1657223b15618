// The browser's assist backend: every action runs in a geometry worker that holds the item's image.
// Pixels cross once per item (bitmaps and video frames transferred, typed arrays copied in slices or
// transferred); actions are aborted cooperatively, so the worker keeps its images and OpenCV.
import * as Comlink from 'comlink';
import type { XY } from '../entities/geometry-backend.js';
import { AssistClient, type AssistTransport, type TransportCallOptions } from '../geometry/assist/assist-client.js';
import type {
  AssistBackend,
  AssistImageData,
  AssistMaskResult,
  AssistProgress,
} from '../geometry/assist/assist-types.js';
import { pixelsOf } from '../geometry/assist/in-process-assist.js';
import { DlGeometryError } from '../geometry/errors.js';
import type { AssistImage } from '../geometry/kernels/assist-image.js';
import type { GeometryWorkerPool } from './pool.js';
import { unpackPolygons, type WireImage, type WireMaskResult } from './protocol.js';

/** Bytes copied between checks of the time budget, and the longest main-thread stretch of a copy (ms). */
const COPY_SLICE = 2 << 20;
const COPY_BUDGET_MS = 8;

function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((r) => setTimeout(r, 0));
}

/** Copies typed-array pixels in slices, yielding to the page between them (no long task for 64 MB). */
async function copyPixels(img: AssistImage): Promise<AssistImage> {
  const src = img.data;
  const data = new Uint8Array(src.length);
  let since = performance.now();
  for (let o = 0; o < src.length; o += COPY_SLICE) {
    if (o > 0 && performance.now() - since > COPY_BUDGET_MS) {
      await yieldToEventLoop();
      since = performance.now();
    }
    data.set(src.subarray(o, Math.min(src.length, o + COPY_SLICE)), o);
  }
  return { width: img.width, height: img.height, format: img.format, data };
}

function isDrawable(x: unknown): x is ImageBitmap | VideoFrame {
  return (
    (typeof ImageBitmap !== 'undefined' && x instanceof ImageBitmap) ||
    (typeof VideoFrame !== 'undefined' && x instanceof VideoFrame)
  );
}

/** A wire result as the caller gets it; a kept mask's PNG is asked for at once (queued after the answer). */
function unwire(w: WireMaskResult, pool: GeometryWorkerPool): AssistMaskResult {
  const { polygons, pngTicket, ...rest } = w;
  const r: AssistMaskResult = polygons ? { ...rest, polygons: unpackPolygons(polygons) } : rest;
  if (pngTicket !== undefined) {
    // not under the lane's signal: a newer click must not lose this mask's PNG; in the background
    // (the worker encodes in slices): a newer click is answered between two slices, not after it
    r.dataUrlLater = pool.call('assistEncodeKept', [pngTicket], { background: true });
    r.dataUrlLater.catch(() => undefined); // a caller that never reads it gets no unhandled rejection
  }
  return r;
}

function proxied(f?: (p: AssistProgress) => void): ((p: AssistProgress) => void) | undefined {
  return f ? Comlink.proxy(f) : undefined;
}

class WorkerTransport implements AssistTransport {
  constructor(
    private readonly pool: () => GeometryWorkerPool,
    private readonly maxBytes: number | undefined,
  ) {}

  get ready(): boolean {
    return this.pool().ready;
  }

  async preload(): Promise<void> {
    await this.pool().prewarm();
  }

  async setImage(
    key: string,
    data: AssistImageData,
    o: { format: 'color' | 'gray'; transfer: boolean; signal?: AbortSignal; timeout?: number },
  ): Promise<void> {
    let wire: WireImage;
    let transfer: Transferable[];
    if (isDrawable(data)) {
      wire = data;
      transfer = [data as Transferable];
    } else {
      const px = pixelsOf(data, 'setImage');
      const own = o.transfer && px.data.byteOffset === 0 && px.data.byteLength === px.data.buffer.byteLength;
      wire = own ? px : await copyPixels(px);
      transfer = [wire.data.buffer as ArrayBuffer];
    }
    // the pool transfers the first argument's buffers
    await this.pool().call('assistSetImage', [wire, key, o.format, { maxBytes: this.maxBytes }], {
      signal: o.signal,
      timeout: o.timeout,
      transfer,
    });
  }

  async dropImage(key: string): Promise<void> {
    await this.pool().call('assistDropImage', [key]);
  }

  private opts(o: TransportCallOptions) {
    return { signal: o.signal, timeout: o.timeout, cooperative: true };
  }

  magicWand: AssistTransport['magicWand'] = async (key, params, out, o) =>
    unwire(
      await this.pool().call('assistMagicWand', [key, params, out, proxied(o.onProgress)], this.opts(o)),
      this.pool(),
    );

  grabCut: AssistTransport['grabCut'] = async (key, params, out, o) =>
    unwire(
      await this.pool().call('assistGrabCut', [key, params, out, proxied(o.onProgress)], this.opts(o)),
      this.pool(),
    );

  prepareScissors: AssistTransport['prepareScissors'] = (key, params, o) =>
    this.pool().call('assistPrepareScissors', [key, params], this.opts(o));

  scissorsPath: AssistTransport['scissorsPath'] = async (id, from, to, o) => {
    const flat = await this.pool().call(
      'assistScissorsPath',
      [id, { x: from.x, y: from.y }, { x: to.x, y: to.y }],
      this.opts(o),
    );
    const path: XY[] = new Array(flat.length / 2);
    for (let i = 0; i < path.length; i++) path[i] = { x: flat[2 * i]!, y: flat[2 * i + 1]! };
    return path;
  };

  releaseScissors: AssistTransport['releaseScissors'] = async (id) => {
    await this.pool().call('assistReleaseScissors', [id]);
  };

  watershed: AssistTransport['watershed'] = async (key, params, out, o) =>
    (await this.pool().call('assistWatershed', [key, params, out, proxied(o.onProgress)], this.opts(o))).map((l) => ({
      label: l.label,
      mask: unwire(l.mask, this.pool()),
    }));

  trackBox: AssistTransport['trackBox'] = (keys, params, o) =>
    this.pool().call('assistTrackBox', [keys, params, proxied(o.onProgress)], this.opts(o));

  stats: AssistTransport['stats'] = () => this.pool().call('assistStats', []);
}

/** Options of {@link createWorkerAssist}. */
export interface WorkerAssistOptions {
  /** Most bytes of images the worker holds; least recently used images are dropped beyond it. @default 320 MiB */
  maxBytes?: number;
}

/**
 * An {@link AssistBackend} over a geometry worker pool of one worker (the images live in that
 * worker). `getAssist()` returns the page's shared one; create your own for another pool.
 *
 * @example
 * const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
 * const assist = createWorkerAssist(() => pool, { maxBytes: 256 * 2 ** 20 });
 */
export function createWorkerAssist(pool: () => GeometryWorkerPool, options: WorkerAssistOptions = {}): AssistBackend {
  const checked = () => {
    const p = pool();
    if (p.size !== 1)
      throw new DlGeometryError(
        'invalid-argument',
        `createWorkerAssist: the pool must have exactly one worker (it holds the images), this one has ${p.size}`,
      );
    return p;
  };
  return new AssistClient(new WorkerTransport(checked, options.maxBytes));
}
