// The assist backend for Node (scripts, servers, tests): the engine runs in the calling thread, OpenCV
// loaded on first use. Long actions yield between steps, so a signal can cancel them.
import { encodePlacedSegmentationPng } from '../codec/segmentation-codec.js';
import { DlGeometryError } from '../errors.js';
import type { AssistImage } from '../kernels/assist-image.js';
import { loadOpenCv } from '../opencv/load-opencv.js';
import { AssistClient, type AssistTransport, type TransportCallOptions } from './assist-client.js';
import { AssistEngine, type JobContext } from './assist-engine.js';
import type { AssistBackend, AssistImageData, AssistMaskResult, MaskOutputOptions } from './assist-types.js';

/** Options of {@link createInProcessAssist}. */
export interface InProcessAssistOptions {
  /** Most bytes of images held; least recently used images are dropped beyond it. @default 320 MiB */
  maxBytes?: number;
}

const macrotask: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((r) => setImmediate(r))
    : () => new Promise((r) => setTimeout(r, 0));

/** Typed-array pixels from what the caller gave (ImageData counts as RGBA); bitmaps need a browser worker. */
export function pixelsOf(data: AssistImageData, where: string): AssistImage {
  const d = data as Partial<AssistImage> & { data?: unknown; colorSpace?: unknown };
  if (d && typeof d === 'object' && ['rgba', 'rgb', 'bgr', 'gray'].includes(d.format as string))
    return d as AssistImage;
  if (d && typeof d === 'object' && d.data instanceof Uint8ClampedArray && Number.isInteger(d.width))
    return { width: d.width!, height: d.height!, format: 'rgba', data: d.data }; // ImageData
  throw new DlGeometryError(
    'invalid-argument',
    `${where}: expected pixels ({ width, height, format, data } or ImageData); bitmaps and video frames need the worker backend`,
  );
}

/** `encodeLater`: the PNG in the next macrotask, from the result's own mask (the engine skipped it). */
function encodeAfter(r: AssistMaskResult, out: MaskOutputOptions): AssistMaskResult {
  const color = out.encode;
  if (!color || !out.encodeLater) return r;
  r.dataUrlLater = macrotask().then(() => encodePlacedSegmentationPng(r, r.imageWidth, r.imageHeight, color));
  r.dataUrlLater.catch(() => undefined); // a caller that never reads it gets no unhandled rejection
  return r;
}

class InProcessTransport implements AssistTransport {
  private engine: AssistEngine | null = null;
  private loading: Promise<AssistEngine> | null = null;

  constructor(private readonly options: InProcessAssistOptions) {}

  get ready(): boolean {
    return this.engine !== null;
  }

  private load(): Promise<AssistEngine> {
    this.loading ??= loadOpenCv().then(({ cv }) => (this.engine = new AssistEngine(cv, this.options)));
    return this.loading;
  }

  async preload(): Promise<void> {
    await this.load();
  }

  async setImage(key: string, data: AssistImageData, o: { format: 'color' | 'gray'; signal?: AbortSignal }) {
    const engine = await this.load();
    o.signal?.throwIfAborted();
    engine.setImage(key, pixelsOf(data, 'setImage'), o.format);
  }

  async dropImage(key: string): Promise<void> {
    (await this.load()).dropImage(key);
  }

  private async job<T>(o: TransportCallOptions, f: (e: AssistEngine, ctx: JobContext) => T | Promise<T>): Promise<T> {
    const engine = await this.load();
    o.signal.throwIfAborted();
    const ctx: JobContext = {
      async checkpoint() {
        await macrotask();
        o.signal.throwIfAborted();
      },
      progress: (p) => o.onProgress?.(p),
    };
    return f(engine, ctx);
  }

  magicWand: AssistTransport['magicWand'] = async (key, params, out, o) =>
    encodeAfter(await this.job(o, (e, ctx) => e.magicWand(key, params, out, ctx)), out);
  grabCut: AssistTransport['grabCut'] = async (key, params, out, o) =>
    encodeAfter(await this.job(o, (e, ctx) => e.grabCut(key, params, out, ctx)), out);
  prepareScissors: AssistTransport['prepareScissors'] = (key, params, o) =>
    this.job(o, (e) => e.prepareScissors(key, params));
  scissorsPath: AssistTransport['scissorsPath'] = (id, from, to, o) => this.job(o, (e) => e.scissorsPath(id, from, to));
  releaseScissors: AssistTransport['releaseScissors'] = async (id) => (await this.load()).releaseScissors(id);
  watershed: AssistTransport['watershed'] = async (key, params, out, o) =>
    (await this.job(o, (e, ctx) => e.watershed(key, params, out, ctx))).map((l) => ({
      label: l.label,
      mask: encodeAfter(l.mask, out),
    }));
  trackBox: AssistTransport['trackBox'] = (keys, params, o) => this.job(o, (e, ctx) => e.trackBox(keys, params, ctx));
  stats: AssistTransport['stats'] = async () => (await this.load()).stats();
}

/**
 * An {@link AssistBackend} that runs the kernels in the calling thread (Node: scripts, servers,
 * tests). Same behaviour as the browser's worker backend, except that it takes typed-array pixels
 * only (no bitmaps) and returns no preview bitmaps. A cancelled call rejects with the signal's reason
 * (an `AbortError`).
 *
 * @example
 * const assist = createInProcessAssist();
 * await assist.setImage('photo', { width, height, format: 'rgb', data });
 * const obj = await assist.grabCut('photo', { rect: { x: 40, y: 30, width: 200, height: 160 } }, { polygons: true });
 */
export function createInProcessAssist(options: InProcessAssistOptions = {}): AssistBackend {
  return new AssistClient(new InProcessTransport(options));
}
