// The assist engine: held images plus the kernels, with cooperative cancellation between steps.
// Environment-agnostic: the geometry worker runs one, the in-process (Node) backend another.
import type { XY } from '../../entities/geometry-backend.js';
import { encodePlacedSegmentationPng } from '../codec/segmentation-codec.js';
import { DlGeometryError } from '../errors.js';
import { type AssistImage, assertAssistImage, imageToMat } from '../kernels/assist-image.js';
import { type GrabCutParams, grabCutSteps } from '../kernels/grab-cut.js';
import {
  disposeScissors,
  prepareScissors,
  type ScissorsParams,
  type ScissorsState,
  scissorsPath,
} from '../kernels/intelligent-scissors.js';
import { type MagicWandParams, magicWand } from '../kernels/magic-wand.js';
import { type PlacedMask, polygonsFromPlacedMask } from '../kernels/placed-mask.js';
import { type TrackBoxParams, type TrackedBox, trackBoxSteps } from '../kernels/track-box.js';
import { type WatershedParams, watershedScribbles } from '../kernels/watershed.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import type { AssistMaskResult, AssistProgress, AssistStats, MaskOutputOptions } from './assist-types.js';
import { AssistImageCache } from './image-cache.js';

/** What an engine action gets from its caller: a yield point that throws when cancelled, and progress. */
export interface JobContext {
  /** Lets the thread handle messages (a cancel among them); throws if the action was cancelled. */
  checkpoint(): Promise<void>;
  progress(p: AssistProgress): void;
}

/** A prepared scissors region as the engine returns it. */
export interface EngineScissors {
  id: number;
  rect: { x: number; y: number; width: number; height: number };
  scale: number;
}

/** Default image budget of an engine: a 4096² colour image with its scratch memory, plus room for frames. */
export const DEFAULT_ASSIST_MAX_BYTES = 320 * 2 ** 20;

/** How many prepared scissors regions an engine keeps (the current view and the previous one). */
const MAX_SCISSORS = 2;

/**
 * Held images and the assisted-annotation kernels over them. Every action acquires its image, so a
 * drop or an eviction during the action waits for its end.
 */
export class AssistEngine {
  private readonly cache: AssistImageCache;
  private readonly scissors = new Map<number, { key: string; state: ScissorsState }>();
  private nextScissors = 1;
  private readonly allocMask: ((bytes: number, out: MaskOutputOptions) => Uint8Array) | null;

  /**
   * `options.allocMask`: where the magic wand copies a region's bytes (see `WandWorkspace.alloc`; a
   * geometry worker gives memory it already touched), told the call's output options; absent, new
   * arrays.
   */
  constructor(
    readonly cv: OpenCv,
    options: { maxBytes?: number; allocMask?: (bytes: number, out: MaskOutputOptions) => Uint8Array } = {},
  ) {
    this.cache = new AssistImageCache(cv, options.maxBytes ?? DEFAULT_ASSIST_MAX_BYTES);
    this.allocMask = options.allocMask ?? null;
  }

  /** Changes the image budget (evicting at once if needed). */
  setMaxBytes(maxBytes: number): void {
    if (!(Number.isFinite(maxBytes) && maxBytes > 0))
      throw new DlGeometryError('invalid-argument', `assist: maxBytes must be a positive number, got ${maxBytes}`);
    this.cache.maxBytes = maxBytes;
    this.cache.evict();
  }

  /** Holds `image` under `key` as BGR (`'color'`) or grey. */
  setImage(key: string, image: AssistImage, format: 'color' | 'gray' = 'color'): void {
    if (typeof key !== 'string' || !key)
      throw new DlGeometryError('invalid-argument', 'assist: a key is a non-empty string');
    if (format !== 'color' && format !== 'gray')
      throw new DlGeometryError('invalid-argument', `assist: format must be color or gray, got ${format}`);
    assertAssistImage(image);
    // typed-array pixels always convert into a new matrix, which the cache takes over
    this.cache.put(key, imageToMat(this.cv, image, format === 'color' ? 'bgr' : 'gray').mat);
    for (const [id, s] of this.scissors) if (s.key === key) this.releaseScissors(id);
  }

  dropImage(key: string): boolean {
    for (const [id, s] of this.scissors) if (s.key === key) this.releaseScissors(id);
    return this.cache.drop(key);
  }

  has(key: string): boolean {
    return this.cache.has(key);
  }

  stats(): AssistStats {
    return { keys: this.cache.keys(), bytes: this.cache.bytes, maxBytes: this.cache.maxBytes };
  }

  /** Frees everything the engine holds. */
  dispose(): void {
    for (const id of [...this.scissors.keys()]) this.releaseScissors(id);
    this.cache.clear();
  }

  async magicWand(
    key: string,
    params: MagicWandParams,
    out: MaskOutputOptions,
    ctx: JobContext,
  ): Promise<AssistMaskResult> {
    const e = this.cache.acquire(key, 'bgr');
    try {
      ctx.progress({ stage: 'running' });
      const alloc = this.allocMask;
      e.wand.alloc = alloc ? (n) => alloc(n, out) : null;
      return this.maskResult(magicWand(this.cv, e.bgr!, params, e.wand), e, out);
    } finally {
      this.cache.release(e);
    }
  }

  async grabCut(
    key: string,
    params: GrabCutParams,
    out: MaskOutputOptions,
    ctx: JobContext,
  ): Promise<AssistMaskResult> {
    const e = this.cache.acquire(key, 'bgr');
    const steps = grabCutSteps(this.cv, e.bgr!, params);
    try {
      ctx.progress({ stage: 'running', done: 0, total: params.iterations ?? 5 });
      for (;;) {
        const r = steps.next();
        if (r.done) return this.maskResult(r.value, e, out);
        ctx.progress({ stage: 'running', ...r.value });
        await ctx.checkpoint();
      }
    } finally {
      steps.return(undefined as never); // frees the kernel's matrices when cancelled mid-way
      this.cache.release(e);
    }
  }

  prepareScissors(key: string, params: ScissorsParams): EngineScissors {
    const e = this.cache.acquire(key, 'bgr');
    try {
      const state = prepareScissors(this.cv, e.bgr!, params);
      const id = this.nextScissors++;
      this.scissors.set(id, { key, state });
      while (this.scissors.size > MAX_SCISSORS) this.releaseScissors(this.scissors.keys().next().value!);
      return { id, rect: state.rect, scale: state.scale };
    } finally {
      this.cache.release(e);
    }
  }

  scissorsPath(id: number, from: XY, to: XY): XY[] {
    const s = this.scissors.get(id);
    if (!s)
      throw new DlGeometryError(
        'image-missing',
        `assist: scissors region ${id} is gone (released, replaced by newer ones, or the worker restarted); prepare it again`,
      );
    return scissorsPath(this.cv, s.state, from, to);
  }

  releaseScissors(id: number): void {
    const s = this.scissors.get(id);
    if (!s) return;
    this.scissors.delete(id);
    disposeScissors(s.state);
  }

  async watershed(
    key: string,
    params: WatershedParams,
    out: MaskOutputOptions,
    ctx: JobContext,
  ): Promise<Array<{ label: string; mask: AssistMaskResult }>> {
    const e = this.cache.acquire(key, 'bgr');
    try {
      ctx.progress({ stage: 'running' });
      const labels = watershedScribbles(this.cv, e.bgr!, params);
      await ctx.checkpoint();
      return labels.map((l) => ({ label: l.label, mask: this.maskResult(l.mask, e, out) }));
    } finally {
      this.cache.release(e);
    }
  }

  async trackBox(keys: string[], params: TrackBoxParams, ctx: JobContext): Promise<TrackedBox[]> {
    if (!Array.isArray(keys) || !keys.length)
      throw new DlGeometryError('invalid-argument', 'trackBox: expected the keys of at least one frame');
    const missing = keys.filter((k) => !this.cache.has(k));
    if (missing.length)
      throw new DlGeometryError(
        'image-missing',
        `trackBox: ${missing.length} of ${keys.length} frames are not held (first: "${missing[0]}"); set them again`,
      );
    const held = keys.map((k) => this.cache.acquire(k, 'gray'));
    const steps = trackBoxSteps(this.cv, (i) => held[i]!.gray!, keys.length, params);
    try {
      ctx.progress({ stage: 'running', done: 0, total: keys.length - 1 });
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
        ctx.progress({ stage: 'running', done: r.value.done, total: r.value.total });
        await ctx.checkpoint();
      }
    } finally {
      steps.return(undefined as never);
      for (const e of held) this.cache.release(e);
    }
  }

  private maskResult(p: PlacedMask, e: { width: number; height: number }, out: MaskOutputOptions): AssistMaskResult {
    const r: AssistMaskResult = { ...p, imageWidth: e.width, imageHeight: e.height };
    if (out.polygons) r.polygons = polygonsFromPlacedMask(this.cv, p, out.polygons === true ? {} : out.polygons);
    // encodeLater: the caller (worker API, in-process transport) encodes after answering
    if (out.encode && !out.encodeLater) r.dataUrl = encodePlacedSegmentationPng(p, e.width, e.height, out.encode);
    return r;
  }
}
