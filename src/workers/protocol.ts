// What crosses the worker boundary. Pixel data travels as transferable typed arrays; polygons are packed
// into flat Int32Arrays (no per-vertex objects to clone); errors come back as values because comlink
// keeps only name/message/stack of a thrown error.
import type { FromSegmentationOptions, Mask, XY } from '../entities/geometry-backend.js';
import type { PixelBox } from '../geometry/kernels/from-segmentation.js';
import type { RenderOptions, RenderableAnnotation } from '../geometry/kernels/render.js';
import type { EngineScissors } from '../geometry/assist/assist-engine.js';
import type {
  AssistMaskResult,
  AssistProgress,
  AssistStats,
  MaskOutputOptions,
} from '../geometry/assist/assist-types.js';
import type { AssistImage } from '../geometry/kernels/assist-image.js';
import type { GrabCutParams } from '../geometry/kernels/grab-cut.js';
import type { ScissorsParams } from '../geometry/kernels/intelligent-scissors.js';
import type { MagicWandParams } from '../geometry/kernels/magic-wand.js';
import type { TrackBoxParams, TrackedBox } from '../geometry/kernels/track-box.js';
import type { WatershedParams } from '../geometry/kernels/watershed.js';

/** A failed call, as a value. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
}

/**
 * Every worker method resolves to this. `recycled`: the buffers of the masks the call received, sent
 * back (transferred) so the page can reuse their already-mapped memory for its next mask copy.
 */
export type WireResult<T> = ({ ok: true; value: T } | { ok: false; error: WireError }) & { recycled?: ArrayBuffer[] };

/**
 * Polygons packed flat: `coords` = x0,y0,x1,y1,... of every ring in order; `ringSizes[r]` = vertices of
 * ring r; `polygonRings[p]` = rings of polygon p.
 */
export interface PackedPolygons {
  coords: Int32Array;
  ringSizes: Int32Array;
  polygonRings: Int32Array;
}

/** Kernel options that can be cloned (no AbortSignal). */
export type WireSegmentationOptions = Omit<FromSegmentationOptions, 'signal'>;

/** The API the geometry worker exposes with comlink. */
export interface GeometryWorkerApi {
  /** Loads OpenCV (once) and reports how long the load took, in ms. */
  warm(): Promise<WireResult<{ loadMs: number }>>;
  polygonsFromSegmentation(mask: Mask, options: WireSegmentationOptions): Promise<WireResult<PackedPolygons>>;
  /** Many masks in one call; `onProgress(done, total)` after each (a comlink proxy). */
  polygonsFromSegmentationBatch(
    masks: Mask[],
    options: WireSegmentationOptions,
    onProgress?: (done: number, total: number) => void,
  ): Promise<WireResult<Array<WireResult<PackedPolygons>>>>;
  boxesFromSegmentation(mask: Mask): Promise<WireResult<PixelBox[]>>;
  maskFromPolygon(points: XY[], height: number, width: number): Promise<WireResult<Mask>>;
  decodeSegmentation(
    dataUrl: string,
  ): Promise<WireResult<{ mask: Mask; color: [number, number, number, number] | null }>>;
  encodeSegmentation(mask: Mask, color: [number, number, number]): Promise<WireResult<string>>;
  masksFromInstanceMask(
    mask: Mask,
    instanceMap: Array<[string, number]>,
  ): Promise<WireResult<Array<{ label: string; mask: Mask }>>>;
  renderAnnotations(
    annotations: RenderableAnnotation[],
    options: RenderOptions,
  ): Promise<WireResult<Mask & { channels: 1 | 4 }>>;
  /** Asks the running assist action to stop at its next step (the pool's cooperative abort). */
  cancelCurrent(): Promise<void>;
  // Assisted annotation (src/workers/assist-worker-api.ts): images held in the worker by key.
  /** The image is the first argument: the pool transfers the first argument's buffers. */
  assistSetImage(
    image: WireImage,
    key: string,
    format: 'color' | 'gray',
    options: { maxBytes?: number },
  ): Promise<WireResult<AssistStats>>;
  assistDropImage(key: string): Promise<WireResult<boolean>>;
  assistStats(): Promise<WireResult<AssistStats>>;
  assistMagicWand(
    key: string,
    params: MagicWandParams,
    out: MaskOutputOptions,
    onProgress?: (p: AssistProgress) => void,
  ): Promise<WireResult<WireMaskResult>>;
  assistGrabCut(
    key: string,
    params: GrabCutParams,
    out: MaskOutputOptions,
    onProgress?: (p: AssistProgress) => void,
  ): Promise<WireResult<WireMaskResult>>;
  assistPrepareScissors(key: string, params: ScissorsParams): Promise<WireResult<EngineScissors>>;
  /** The path as x0,y0,x1,y1,... */
  assistScissorsPath(id: number, from: XY, to: XY): Promise<WireResult<Int32Array>>;
  assistReleaseScissors(id: number): Promise<WireResult<void>>;
  assistWatershed(
    key: string,
    params: WatershedParams,
    out: MaskOutputOptions,
    onProgress?: (p: AssistProgress) => void,
  ): Promise<WireResult<Array<{ label: string; mask: WireMaskResult }>>>;
  assistTrackBox(
    keys: string[],
    params: TrackBoxParams,
    onProgress?: (p: AssistProgress) => void,
  ): Promise<WireResult<TrackedBox[]>>;
  /** The PNG data URL of a mask answered with `encodeLater` (its `pngTicket`); the worker forgets it then. */
  assistEncodeKept(ticket: number): Promise<WireResult<string>>;
  /** Test hook: misbehave on purpose ('hang' spins forever, 'crash' throws outside any call). */
  misbehave(kind: 'hang' | 'crash'): Promise<void>;
  /**
   * Bench hook: a fixed integer loop of `steps` steps, timed inside the worker (ms): how fast the core
   * the worker runs on is right now (bench/assist.bench.ts times one before and after each paired
   * prepare, to compare with native OpenCV at equal machine speed).
   */
  benchProbe(steps: number): Promise<WireResult<number>>;
}

/** Image pixels as they travel to the worker: typed arrays (transferred or copied), a bitmap or a video frame. */
export type WireImage = AssistImage | ImageBitmap | VideoFrame;

/** An assist mask result on the wire: polygons packed flat. */
export type WireMaskResult = Omit<AssistMaskResult, 'polygons' | 'dataUrlLater'> & {
  polygons?: PackedPolygons;
  /** With `encodeLater`: the ticket of the mask the worker kept, for `assistEncodeKept`. */
  pngTicket?: number;
};

/** Any thrown value as a failed {@link WireResult} (name, message and a dl-kit error's `code` survive). */
export function fail(e: unknown): { ok: false; error: WireError } {
  const err = e as { name?: unknown; message?: unknown; code?: unknown };
  return {
    ok: false,
    error: {
      name: typeof err?.name === 'string' ? err.name : 'Error',
      message: typeof err?.message === 'string' ? err.message : String(e),
      ...(typeof err?.code === 'string' ? { code: err.code } : {}),
    },
  };
}

/** Packs polygons into flat typed arrays (worker side). */
export function packPolygons(polys: XY[][][]): PackedPolygons {
  let nCoords = 0;
  let nRings = 0;
  for (const p of polys) {
    nRings += p.length;
    for (const r of p) nCoords += r.length * 2;
  }
  const coords = new Int32Array(nCoords);
  const ringSizes = new Int32Array(nRings);
  const polygonRings = new Int32Array(polys.length);
  let c = 0;
  let ri = 0;
  polys.forEach((p, pi) => {
    polygonRings[pi] = p.length;
    for (const r of p) {
      ringSizes[ri++] = r.length;
      for (const v of r) {
        coords[c++] = v.x;
        coords[c++] = v.y;
      }
    }
  });
  return { coords, ringSizes, polygonRings };
}

/** Unpacks {@link packPolygons} (page side). */
export function unpackPolygons(p: PackedPolygons): XY[][][] {
  const out: XY[][][] = [];
  let c = 0;
  let ri = 0;
  for (let pi = 0; pi < p.polygonRings.length; pi++) {
    const rings: XY[][] = [];
    for (let k = 0; k < p.polygonRings[pi]!; k++) {
      const n = p.ringSizes[ri++]!;
      const ring: XY[] = new Array(n);
      for (let v = 0; v < n; v++, c += 2) ring[v] = { x: p.coords[c]!, y: p.coords[c + 1]! };
      rings.push(ring);
    }
    out.push(rings);
  }
  return out;
}
