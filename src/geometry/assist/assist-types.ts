// The public shapes of assisted annotation: what a tool passes in, what it gets back, and the
// backend interface that both the in-process (Node) and the worker (browser) backends implement.
import type { XY } from '../../entities/geometry-backend.js';
import type { AssistImage, PixelRegion } from '../kernels/assist-image.js';
import type { SegmentationKernelOptions } from '../kernels/from-segmentation.js';
import type { GrabCutParams } from '../kernels/grab-cut.js';
import type { ScissorsParams } from '../kernels/intelligent-scissors.js';
import type { MagicWandParams } from '../kernels/magic-wand.js';
import type { PlacedMask } from '../kernels/placed-mask.js';
import type { TrackBoxParams, TrackedBox } from '../kernels/track-box.js';
import type { WatershedParams } from '../kernels/watershed.js';

/** Pixels an assist backend accepts for an image or a video frame. */
export type AssistImageData =
  | AssistImage
  /** Canvas pixels (RGBA). */
  | ImageData
  /** Browser worker backend only: transferred to the worker and read there (zero copy on the page). */
  | ImageBitmap
  /** Browser worker backend only: a decoded video frame (WebCodecs), transferred like a bitmap. */
  | VideoFrame;

/**
 * What {@link AssistBackend.setImage} takes: pixels, or a function that produces them. Give a
 * function (e.g. `() => createImageBitmap(img)`) and the backend calls it again by itself whenever
 * it must send the image again (evicted from the worker's cache, or the worker restarted); give
 * pixels and such a call rejects with `DlGeometryError('image-missing')` instead.
 */
export type AssistImageSource = AssistImageData | (() => AssistImageData | Promise<AssistImageData>);

/** Options of {@link AssistBackend.setImage}. */
export interface SetImageOptions {
  /**
   * How the backend keeps the pixels: `'color'` (BGR, for every tool) or `'gray'` (a third of the
   * memory, enough for tracking).
   * @default 'color'
   */
  format?: 'color' | 'gray';
  /**
   * Worker backend: give typed-array pixels' buffer to the worker instead of copying it (the caller's
   * array is detached afterwards). Bitmaps and video frames are always transferred.
   * @default false
   */
  transfer?: boolean;
  signal?: AbortSignal;
  /** Longest wait, ms (worker backend: reading a 4096² bitmap takes a moment on a slow machine). */
  timeout?: number;
}

/** Progress of an assisted action, for an indicator. */
export interface AssistProgress {
  /**
   * `'starting'`: OpenCV is still loading (the first action after a page load can wait for it);
   * `'image'`: the image is being sent again; `'running'`: the computation runs, `done` of `total`
   * steps when the action has steps (GrabCut iterations, tracked frames).
   */
  stage: 'starting' | 'image' | 'running';
  done?: number;
  total?: number;
}

/** Options of every assisted action. */
export interface AssistCallOptions {
  /** Cancels the call (it rejects with an abort error, see {@link isAbortError}). */
  signal?: AbortSignal;
  /** Progress reports (see {@link AssistProgress}). */
  onProgress?: (p: AssistProgress) => void;
  /**
   * Calls in the same lane replace each other: a new call cancels the previous one if it has not
   * finished. By default each method is its own lane (a new magic-wand click cancels the pending one,
   * a pointer move cancels the pending scissors query, and neither cancels the other); `null` opts out.
   * @default the method name
   */
  lane?: string | null;
  /** Longest wait for the result, ms (worker backend; the worker is restarted after it). */
  timeout?: number;
}

/** What to compute besides the mask of a mask-producing action. */
export interface MaskOutputOptions {
  /**
   * Also trace polygons, as `Polygon.fromSegmentation` does (for a `segment` result): `true` for its
   * defaults (the largest polygon), or its options (`{ maxInstances: null }` for all).
   */
  polygons?: boolean | SegmentationKernelOptions;
  /**
   * Also encode the mask, drawn full size in this RGB colour, as the PNG data URL a `binary`
   * annotation stores (`new Segmentation({ label, dataUrl })`): done where the mask is, so the page
   * never builds or copies the full-size mask.
   */
  encode?: [number, number, number];
  /**
   * Worker backend: also return a preview bitmap of the mask's box, the mask in this RGBA colour
   * (0..255 each) and the rest transparent, ready for `drawImage` — no pixel loop on the page.
   */
  preview?: [number, number, number, number];
  /**
   * With `preview`: one preview pixel per `previewScale × previewScale` image pixels (nearest, an
   * integer ≥ 1; draw it at the mask's size, unsmoothed). A preview at the view's resolution costs a
   * fraction of a full-size one on a large region (a 4096² image at fit zoom is ~800 screen px).
   * @default 1
   */
  previewScale?: number;
  /**
   * With `encode`: answer as soon as the mask (and preview) are ready and encode the PNG after it,
   * in {@link AssistMaskResult.dataUrlLater} (the mask shows a frame sooner; the PNG of a large region
   * is most of a click's time). Not cancelled by a newer call of the lane nor by `cancelAll`.
   * @default false
   */
  encodeLater?: boolean;
}

/** A mask-producing action's result: the mask on its bounding box, and what was asked besides. */
export interface AssistMaskResult extends PlacedMask {
  /** Size of the image the mask belongs to (for `expandPlacedMask`). */
  imageWidth: number;
  imageHeight: number;
  /** With `polygons`: the polygons in image coordinates (each a list of rings). */
  polygons?: XY[][][];
  /** With `encode`: the full-size mask as a `data:image/png;base64,` URL (a `binary` annotation's coordinates). */
  dataUrl?: string;
  /**
   * With `preview` on the worker backend: the mask's box as a bitmap (draw it at `x`, `y`, scaled to
   * the mask's size when `previewScale` > 1).
   */
  preview?: ImageBitmap;
  /** With `preview`: image pixels per preview pixel (see {@link MaskOutputOptions.previewScale}). */
  previewScale?: number;
  /**
   * With `encode` and `encodeLater`: the PNG data URL, once encoded after the answer (`dataUrl` is
   * then absent). It rejects when the worker lost the mask (restarted, or more than a few PNGs were
   * pending): encode the mask yourself then (`encodePlacedSegmentationPng`).
   */
  dataUrlLater?: Promise<string>;
}

/** One label's result of {@link AssistBackend.watershed}. */
export interface AssistLabelResult {
  label: string;
  mask: AssistMaskResult;
}

/** A prepared intelligent-scissors region (see {@link AssistBackend.prepareScissors}). */
export interface ScissorsHandle {
  /** The image it was prepared on. */
  readonly key: string;
  /** The computed region, image pixels. */
  readonly rect: PixelRegion;
  /** Computation pixels per image pixel. */
  readonly scale: number;
}

/** What an assist backend holds. */
export interface AssistStats {
  /** Keys of the images held, least recently used first. */
  keys: string[];
  /** Bytes held (pixels and per-image scratch memory). */
  bytes: number;
  /** The budget: least recently used images are dropped beyond it. */
  maxBytes: number;
}

/**
 * Assisted annotation: magic wand, GrabCut, intelligent scissors, watershed and box tracking on an
 * image held by the backend. Two implementations with the same behaviour: the worker backend
 * (`getAssist()` / `createWorkerAssist()` in browsers: OpenCV in a worker, the page never blocks)
 * and the in-process backend (`createInProcessAssist()` in Node).
 *
 * The image is sent once per item ({@link setImage}) and named by its key afterwards. Each method
 * is a lane: a new call cancels the previous unfinished call of the same lane (see
 * {@link AssistCallOptions.lane}); `signal` cancels explicitly; `onProgress` reports long actions.
 *
 * @example
 * const assist = getAssist();                     // browser: the page's worker backend
 * requestIdleCallback(() => void assist.preload()); // after an item opens: OpenCV loads off the critical path
 * await assist.setImage(item.id, () => createImageBitmap(img));
 * const region = await assist.magicWand(item.id, { x, y, tolerance: 32 }, { polygons: true, encode: [255, 0, 0] });
 * const asPolygon = new Polygon({ label: 'cat', points: region.polygons![0]![0]! });   // a `segment`
 * const asMask = new Segmentation({ label: 'cat', dataUrl: region.dataUrl! });          // a `binary`
 */
export interface AssistBackend {
  /** Loads OpenCV (in the worker) now, so that the first action does not wait for it. */
  preload(): Promise<void>;
  /** True once OpenCV is loaded: an action starts computing at once. */
  readonly ready: boolean;
  /** Gives the backend an image (or video frame) under `key`, replacing what it held under that key. */
  setImage(key: string, source: AssistImageSource, options?: SetImageOptions): Promise<void>;
  /** Forgets an image (e.g. when its item closes) and frees its memory. */
  dropImage(key: string): Promise<void>;
  /** The magic wand: the connected region of similar colour around a pixel, combined with a base selection. */
  magicWand(
    key: string,
    params: MagicWandParams,
    options?: AssistCallOptions & MaskOutputOptions,
  ): Promise<AssistMaskResult>;
  /** Box to object (GrabCut), optionally refined by strokes. */
  grabCut(
    key: string,
    params: GrabCutParams,
    options?: AssistCallOptions & MaskOutputOptions,
  ): Promise<AssistMaskResult>;
  /** Computes the edge features of a region (the visible area) for intelligent-scissors paths. */
  prepareScissors(key: string, params: ScissorsParams, options?: AssistCallOptions): Promise<ScissorsHandle>;
  /**
   * The edge-following path from `from` (the last anchor) to `to` (the pointer), image coordinates.
   * The first query from a new anchor builds its cost map (the slow part: call it on the click with
   * `to = from`); later queries from the same anchor are cheap.
   */
  scissorsPath(handle: ScissorsHandle, from: XY, to: XY, options?: AssistCallOptions): Promise<XY[]>;
  /** Frees a prepared scissors region. */
  releaseScissors(handle: ScissorsHandle): Promise<void>;
  /** Watershed from scribbles of two or more labels: one mask per label. */
  watershed(
    key: string,
    params: WatershedParams,
    options?: AssistCallOptions & MaskOutputOptions,
  ): Promise<AssistLabelResult[]>;
  /**
   * Tracks a box from the first frame through the others (frames set before with
   * `setImage(key, frame, { format: 'gray' })`). Entries up to the first frame where the object is
   * lost (`ok: false`, then tracking stops).
   */
  trackBox(frameKeys: string[], params: TrackBoxParams, options?: AssistCallOptions): Promise<TrackedBox[]>;
  /** Cancels every unfinished call (e.g. on Esc or when the item closes). */
  cancelAll(): void;
  /** What the backend holds now. */
  stats(): Promise<AssistStats>;
}

/**
 * True for the rejection of a cancelled assisted call: a DOM `AbortError` (in-process backend), a
 * `DlWorkerError` with code `'aborted'` (worker backend), or anything else whose name says so.
 */
export function isAbortError(e: unknown): boolean {
  const x = e as { name?: unknown; code?: unknown } | null;
  return !!x && (x.name === 'AbortError' || (x.name === 'DlWorkerError' && x.code === 'aborted'));
}
