// The AssistBackend behaviour both backends share, over a transport (in-process engine, or the geometry
// worker): lanes (a new call cancels the previous one of its lane), cancelAll, the 'starting' progress
// while OpenCV loads, and recovery from a lost image (re-sent from its loader, then the call retried).
import type { XY } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import type { GrabCutParams } from '../kernels/grab-cut.js';
import type { ScissorsParams } from '../kernels/intelligent-scissors.js';
import type { MagicWandParams } from '../kernels/magic-wand.js';
import type { TrackBoxParams, TrackedBox } from '../kernels/track-box.js';
import type { WatershedParams } from '../kernels/watershed.js';
import type { EngineScissors } from './assist-engine.js';
import type {
  AssistBackend,
  AssistCallOptions,
  AssistImageData,
  AssistImageSource,
  AssistLabelResult,
  AssistMaskResult,
  AssistProgress,
  AssistStats,
  MaskOutputOptions,
  ScissorsHandle,
  SetImageOptions,
} from './assist-types.js';

/** Per-call options a transport gets: always a signal (the lane's), maybe progress and a timeout. */
export interface TransportCallOptions {
  signal: AbortSignal;
  onProgress?: (p: AssistProgress) => void;
  timeout?: number;
}

/** How an {@link AssistClient} reaches an engine. */
export interface AssistTransport {
  /** True once OpenCV is loaded. */
  readonly ready: boolean;
  preload(): Promise<void>;
  setImage(
    key: string,
    data: AssistImageData,
    options: { format: 'color' | 'gray'; transfer: boolean; signal?: AbortSignal; timeout?: number },
  ): Promise<void>;
  dropImage(key: string): Promise<void>;
  magicWand(
    key: string,
    params: MagicWandParams,
    out: MaskOutputOptions,
    opts: TransportCallOptions,
  ): Promise<AssistMaskResult>;
  grabCut(
    key: string,
    params: GrabCutParams,
    out: MaskOutputOptions,
    opts: TransportCallOptions,
  ): Promise<AssistMaskResult>;
  prepareScissors(key: string, params: ScissorsParams, opts: TransportCallOptions): Promise<EngineScissors>;
  scissorsPath(id: number, from: XY, to: XY, opts: TransportCallOptions): Promise<XY[]>;
  releaseScissors(id: number): Promise<void>;
  watershed(
    key: string,
    params: WatershedParams,
    out: MaskOutputOptions,
    opts: TransportCallOptions,
  ): Promise<AssistLabelResult[]>;
  trackBox(keys: string[], params: TrackBoxParams, opts: TransportCallOptions): Promise<TrackedBox[]>;
  stats(): Promise<AssistStats>;
}

interface HandleState {
  id: number;
  params: ScissorsParams;
}

function outputs(o: AssistCallOptions & MaskOutputOptions): MaskOutputOptions {
  const out: MaskOutputOptions = {};
  if (o.polygons) out.polygons = o.polygons;
  if (o.encode) out.encode = [o.encode[0], o.encode[1], o.encode[2]];
  if (o.preview) out.preview = o.preview;
  if (o.previewScale !== undefined) out.previewScale = o.previewScale;
  if (o.encodeLater) out.encodeLater = true;
  return out;
}

function isImageMissing(e: unknown): boolean {
  return e instanceof DlGeometryError && e.code === 'image-missing';
}

/** An {@link AssistBackend} over a transport. Create one with `createInProcessAssist()` or `createWorkerAssist()`. */
export class AssistClient implements AssistBackend {
  private readonly loaders = new Map<
    string,
    { load: () => AssistImageData | Promise<AssistImageData>; format: 'color' | 'gray' }
  >();
  private readonly lanes = new Map<string, AbortController>();
  private readonly running = new Set<AbortController>();
  private readonly handles = new WeakMap<ScissorsHandle, HandleState>();

  constructor(private readonly transport: AssistTransport) {}

  get ready(): boolean {
    return this.transport.ready;
  }

  preload(): Promise<void> {
    return this.transport.preload();
  }

  async setImage(key: string, source: AssistImageSource, options: SetImageOptions = {}): Promise<void> {
    if (typeof key !== 'string' || !key)
      throw new DlGeometryError('invalid-argument', 'setImage: a key is a non-empty string');
    const format = options.format ?? 'color';
    if (typeof source === 'function') this.loaders.set(key, { load: source, format });
    else this.loaders.delete(key);
    const data = typeof source === 'function' ? await source() : source;
    options.signal?.throwIfAborted();
    await this.transport.setImage(key, data, {
      format,
      transfer: !!options.transfer,
      signal: options.signal,
      timeout: options.timeout,
    });
  }

  async dropImage(key: string): Promise<void> {
    this.loaders.delete(key);
    await this.transport.dropImage(key);
  }

  magicWand(
    key: string,
    params: MagicWandParams,
    options: AssistCallOptions & MaskOutputOptions = {},
  ): Promise<AssistMaskResult> {
    return this.run('magicWand', options, [key], (o) => this.transport.magicWand(key, params, outputs(options), o));
  }

  grabCut(
    key: string,
    params: GrabCutParams,
    options: AssistCallOptions & MaskOutputOptions = {},
  ): Promise<AssistMaskResult> {
    return this.run('grabCut', options, [key], (o) => this.transport.grabCut(key, params, outputs(options), o));
  }

  async prepareScissors(key: string, params: ScissorsParams, options: AssistCallOptions = {}): Promise<ScissorsHandle> {
    const s = await this.run('prepareScissors', options, [key], (o) => this.transport.prepareScissors(key, params, o));
    const handle: ScissorsHandle = Object.freeze({ key, rect: s.rect, scale: s.scale });
    this.handles.set(handle, { id: s.id, params });
    return handle;
  }

  scissorsPath(handle: ScissorsHandle, from: XY, to: XY, options: AssistCallOptions = {}): Promise<XY[]> {
    const h = this.handles.get(handle);
    if (!h)
      return Promise.reject(
        new DlGeometryError('invalid-argument', 'scissorsPath: the handle does not come from this backend'),
      );
    return this.run(
      'scissorsPath',
      options,
      [handle.key],
      (o) => this.transport.scissorsPath(h.id, from, to, o),
      // the region is gone (the worker restarted, or it was replaced): prepare it again, same parameters
      async (o) => {
        h.id = (await this.transport.prepareScissors(handle.key, h.params, o)).id;
      },
    );
  }

  async releaseScissors(handle: ScissorsHandle): Promise<void> {
    const h = this.handles.get(handle);
    if (!h) return;
    this.handles.delete(handle);
    await this.transport.releaseScissors(h.id);
  }

  watershed(
    key: string,
    params: WatershedParams,
    options: AssistCallOptions & MaskOutputOptions = {},
  ): Promise<AssistLabelResult[]> {
    return this.run('watershed', options, [key], (o) => this.transport.watershed(key, params, outputs(options), o));
  }

  trackBox(frameKeys: string[], params: TrackBoxParams, options: AssistCallOptions = {}): Promise<TrackedBox[]> {
    return this.run('trackBox', options, frameKeys, (o) => this.transport.trackBox(frameKeys, params, o));
  }

  cancelAll(): void {
    for (const c of [...this.running]) c.abort(new DOMException('cancelled (cancelAll)', 'AbortError'));
  }

  stats(): Promise<AssistStats> {
    return this.transport.stats();
  }

  /** Re-sends the images among `keys` the engine lost, from their loaders; false if one has none. */
  private async restore(keys: string[], signal: AbortSignal): Promise<boolean> {
    const held = new Set((await this.transport.stats()).keys);
    const lost = [...new Set(keys)].filter((k) => !held.has(k));
    if (lost.some((k) => !this.loaders.has(k))) return false;
    for (const k of lost) {
      signal.throwIfAborted();
      const l = this.loaders.get(k)!;
      // a loader may hand out the same typed array every time: copy it (bitmaps are transferred anyway)
      await this.transport.setImage(k, await l.load(), { format: l.format, transfer: false, signal });
    }
    return true;
  }

  private async run<T>(
    method: string,
    options: AssistCallOptions,
    keys: string[],
    call: (o: TransportCallOptions) => Promise<T>,
    again?: (o: TransportCallOptions) => Promise<void>,
  ): Promise<T> {
    const lane = options.lane === undefined ? method : options.lane;
    const ctl = new AbortController();
    if (lane !== null) {
      this.lanes.get(lane)?.abort(new DOMException(`superseded by a newer ${lane} call`, 'AbortError'));
      this.lanes.set(lane, ctl);
    }
    const outer = options.signal;
    const onOuter = () => ctl.abort(outer?.reason);
    if (outer?.aborted) ctl.abort(outer.reason);
    else outer?.addEventListener('abort', onOuter, { once: true });
    this.running.add(ctl);
    // A worker's progress comes through a port of its own (a Comlink proxy), not in order with the
    // call's answer: a report can arrive after the call settled. Its caller has moved on by then (a
    // late "frame 11 of 12" put track forward's progress bar back over its result, for good).
    let live = true;
    const report = options.onProgress;
    const onProgress =
      report &&
      ((p: AssistProgress) => {
        if (live) report(p);
      });
    const o: TransportCallOptions = { signal: ctl.signal, onProgress, timeout: options.timeout };
    try {
      ctl.signal.throwIfAborted();
      if (!this.transport.ready) onProgress?.({ stage: 'starting' });
      try {
        return await call(o);
      } catch (e) {
        if (!isImageMissing(e) || ctl.signal.aborted) throw e;
        onProgress?.({ stage: 'image' });
        if (!(await this.restore(keys, ctl.signal))) throw e;
        if (again) {
          try {
            return await call(o);
          } catch (e2) {
            if (!isImageMissing(e2)) throw e2;
            await again(o);
          }
        }
        return await call(o);
      }
    } finally {
      live = false;
      this.running.delete(ctl);
      outer?.removeEventListener('abort', onOuter);
      if (lane !== null && this.lanes.get(lane) === ctl) this.lanes.delete(lane);
    }
  }
}
