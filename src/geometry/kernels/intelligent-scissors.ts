// Intelligent scissors (OpenCV's segmentation::IntelligentScissorsMB): edge features of a region are
// computed once (applyImage), a cost map is built once per anchor (buildMap), and the path from the
// anchor to any pointer position is then a cheap walk back through that map (getContour).
import type { XY } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import { type CvMat, clipRegion, finite, type KernelImage, type PixelRegion, withImageMat } from './assist-image.js';
import { CANNY_NON_EDGE_WEIGHT, computeScissorsFeatures } from './scissors-features.js';

/**
 * OpenCV.js's `segmentation_IntelligentScissorsMB` (the package's typings do not declare it). The
 * setters and `applyImage*` return the tool for chaining as a new handle to a copy that shares the
 * tool's state: unless that handle is deleted too, `delete()` of the tool frees nothing (its features
 * and map, ~15 MB for a 1280x800 view, stay in the WASM heap for good). Call them through
 * {@link chained}.
 */
export interface IntelligentScissorsMB {
  setEdgeFeatureCannyParameters(low: number, high: number): IntelligentScissorsMB;
  setGradientMagnitudeMaxLimit(limit: number): IntelligentScissorsMB;
  applyImage(image: CvMat): IntelligentScissorsMB;
  applyImageFeatures(
    nonEdge: CvMat,
    gradientDirection: CvMat,
    gradientMagnitude: CvMat,
    image: CvMat,
  ): IntelligentScissorsMB;
  setWeights(nonEdge: number, gradientDirection: number, gradientMagnitude: number): IntelligentScissorsMB;
  buildMap(source: InstanceType<OpenCv['Point']>): void;
  getContour(target: InstanceType<OpenCv['Point']>, contour: CvMat, backward: boolean): void;
  delete(): void;
}

/**
 * Deletes the handle a chaining call of {@link IntelligentScissorsMB} returned (a copy sharing the
 * tool's state, which would keep that state alive after the tool's own `delete()`).
 *
 * @example
 * chained(tool.setGradientMagnitudeMaxLimit(200));
 */
export function chained(ret: IntelligentScissorsMB | undefined): void {
  if (ret && typeof ret.delete === 'function') ret.delete();
}

function createTool(cv: OpenCv): IntelligentScissorsMB {
  const Ctor = (cv as unknown as { segmentation_IntelligentScissorsMB?: new () => IntelligentScissorsMB })
    .segmentation_IntelligentScissorsMB;
  if (typeof Ctor !== 'function')
    throw new DlGeometryError('invalid-argument', 'prepareScissors: this OpenCV.js build has no IntelligentScissorsMB');
  return new Ctor();
}

/** Parameters of {@link prepareScissors}. */
export interface ScissorsParams {
  /** The region paths may run in (usually the visible part of the image), image pixels. */
  rect: { x: number; y: number; width: number; height: number };
  /**
   * Resolution of the computation relative to the image, (0, 1]: pass the view's zoom when zoomed
   * out (a path finer than a screen pixel is not visible). Lowered further to respect `maxPixels`.
   * @default 1
   */
  scale?: number;
  /** Most pixels computed; larger regions are shrunk. @default 2073600 (1920×1080) */
  maxPixels?: number;
  /** Canny thresholds of the edge feature (OpenCV's sample and CVAT use 32, 100). @default [32, 100] */
  canny?: [number, number];
  /** Gradient magnitudes above this count as the same strong edge. @default 200 */
  gradientMaxLimit?: number;
}

/** A prepared region: keep it while the view stays, query paths, then {@link disposeScissors}. */
export interface ScissorsState {
  /** The computed region, image pixels. */
  readonly rect: PixelRegion;
  /** Computation pixels per image pixel. */
  readonly scale: number;
  /** Width and height of the computed (scaled) region. */
  readonly size: { width: number; height: number };
  /** The OpenCV tool (features applied; map built for `anchor`). */
  tool: IntelligentScissorsMB | null;
  /** The anchor the current map was built for, in computation coordinates. */
  anchor: { x: number; y: number } | null;
}

/**
 * Computes the edge features of `params.rect` of the image (at `scale`): the expensive step, done
 * once per view. Exactly native OpenCV's `IntelligentScissorsMB` with
 * `setEdgeFeatureCannyParameters(canny)`, `setGradientMagnitudeMaxLimit(limit)` and
 * `applyImage(bgr[rect])`.
 *
 * @example
 * const s = prepareScissors(cv, image, { rect: { x: 0, y: 0, width: 1280, height: 800 } });
 * const path = scissorsPath(cv, s, { x: 100, y: 100 }, { x: 240, y: 180 }); // anchor → pointer
 * disposeScissors(s);
 */
export function prepareScissors(cv: OpenCv, image: KernelImage, params: ScissorsParams): ScissorsState {
  if (!params || typeof params !== 'object')
    throw new DlGeometryError('invalid-argument', 'prepareScissors: expected params');
  return withImageMat(cv, image, 'bgr', (bgr) => {
    const rect = clipRegion(params.rect, bgr.cols, bgr.rows, 'prepareScissors.rect');
    const maxPixels = params.maxPixels ?? 1920 * 1080;
    if (!(Number.isFinite(maxPixels) && maxPixels >= 64))
      throw new DlGeometryError('invalid-argument', `prepareScissors.maxPixels: expected >= 64, got ${maxPixels}`);
    let scale = finite(params.scale ?? 1, 'prepareScissors.scale');
    if (!(scale > 0 && scale <= 1))
      throw new DlGeometryError('invalid-argument', `prepareScissors.scale: expected (0, 1], got ${scale}`);
    const area = rect.width * rect.height;
    if (area * scale * scale > maxPixels) scale = Math.sqrt(maxPixels / area);
    const [lo, hi] = params.canny ?? [32, 100];
    const limit = params.gradientMaxLimit ?? 200;
    finite(lo, 'prepareScissors.canny[0]');
    finite(hi, 'prepareScissors.canny[1]');
    finite(limit, 'prepareScissors.gradientMaxLimit');
    const roi = bgr.roi(new cv.Rect(rect.x, rect.y, rect.width, rect.height));
    let src = roi;
    try {
      const size =
        scale === 1
          ? { width: rect.width, height: rect.height }
          : {
              width: Math.max(1, Math.round(rect.width * scale)),
              height: Math.max(1, Math.round(rect.height * scale)),
            };
      if (scale !== 1) {
        src = new cv.Mat();
        cv.resize(roi, src, new cv.Size(size.width, size.height), 0, 0, cv.INTER_AREA);
      }
      const tool = createTool(cv);
      try {
        // the setters validate the parameters as for applyImage; the features are ours
        chained(tool.setEdgeFeatureCannyParameters(lo, hi));
        chained(tool.setGradientMagnitudeMaxLimit(limit));
        if (src.type() === cv.CV_8UC3) applyFeatures(cv, tool, src, lo, hi, limit);
        else chained(tool.applyImage(src));
      } catch (e) {
        tool.delete();
        throw e;
      }
      return { rect, scale, size, tool, anchor: null };
    } finally {
      if (src !== roi) src.delete();
      roi.delete();
    }
  });
}

/**
 * `tool.applyImage(src)` for a BGR matrix, done as {@link computeScissorsFeatures} (one pass of
 * typed-array loops, about twice as fast as OpenCV.js's scalar WASM) and `applyImageFeatures`: the
 * same maps bit for bit, hence the same paths. The features are written straight into the matrices'
 * WASM memory (all three allocated first, so no allocation moves the heap under the views).
 */
function applyFeatures(cv: OpenCv, tool: IntelligentScissorsMB, src: CvMat, lo: number, hi: number, limit: number) {
  const w = src.cols;
  const h = src.rows;
  const nonEdge = new cv.Mat(h, w, cv.CV_8UC1);
  const direction = new cv.Mat(h, w, cv.CV_32FC2);
  const magnitude = new cv.Mat(h, w, cv.CV_32FC1);
  try {
    const step = src.step[0]!;
    // of a region of interest, `data` starts at its first pixel but is only width·height pixels long,
    // while its rows lie `step` (the parent's row) apart: view the whole span
    const first = src.data;
    const span = new Uint8Array(first.buffer, first.byteOffset, (h - 1) * step + 3 * w);
    computeScissorsFeatures(
      span,
      0,
      step,
      w,
      h,
      { cannyLow: lo, cannyHigh: hi, gradientMaxLimit: limit },
      { nonEdge: nonEdge.data, direction: direction.data32F, magnitude: magnitude.data32F },
    );
    // applyImage weighs its 0/255 non-edge map by 0.43 / 255; the other weights stay the defaults
    chained(tool.setWeights(CANNY_NON_EDGE_WEIGHT, 0.43, 0.14));
    chained(tool.applyImageFeatures(nonEdge, direction, magnitude, src));
  } finally {
    nonEdge.delete();
    direction.delete();
    magnitude.delete();
  }
}

/** An image point in computation coordinates, clamped to the region. */
function toLocal(s: ScissorsState, p: XY, what: string): { x: number; y: number } {
  const x = Math.round((finite(p?.x, `${what}.x`) - s.rect.x) * s.scale);
  const y = Math.round((finite(p?.y, `${what}.y`) - s.rect.y) * s.scale);
  return { x: Math.min(s.size.width - 1, Math.max(0, x)), y: Math.min(s.size.height - 1, Math.max(0, y)) };
}

/**
 * Builds the cost map of `anchor` (once per anchor: a shortest-path search over the whole region,
 * the costly step after {@link prepareScissors}). {@link scissorsPath} calls it when its `from`
 * differs from the current anchor; call it on the click so that the first pointer move is cheap.
 */
export function setScissorsAnchor(cv: OpenCv, s: ScissorsState, anchor: XY): void {
  if (!s.tool) throw new DlGeometryError('invalid-argument', 'scissors: this state was disposed');
  const a = toLocal(s, anchor, 'anchor');
  if (s.anchor && s.anchor.x === a.x && s.anchor.y === a.y) return;
  s.tool.buildMap(new cv.Point(a.x, a.y));
  s.anchor = a;
}

/**
 * The edge-following path from `from` (the last anchor) to `to` (the pointer), in image coordinates,
 * `from` first. Points outside the region are clamped to it. Cheap once the anchor's map exists.
 */
export function scissorsPath(cv: OpenCv, s: ScissorsState, from: XY, to: XY): XY[] {
  setScissorsAnchor(cv, s, from);
  const t = toLocal(s, to, 'to');
  const contour = new cv.Mat();
  try {
    s.tool!.getContour(new cv.Point(t.x, t.y), contour, false);
    const d = contour.data32S;
    const out: XY[] = [];
    const inv = 1 / s.scale;
    for (let k = 0; k < d.length; k += 2) {
      const x = s.scale === 1 ? d[k]! + s.rect.x : Math.round(d[k]! * inv) + s.rect.x;
      const y = s.scale === 1 ? d[k + 1]! + s.rect.y : Math.round(d[k + 1]! * inv) + s.rect.y;
      const last = out[out.length - 1];
      if (!last || last.x !== x || last.y !== y) out.push({ x, y });
    }
    return out;
  } finally {
    contour.delete();
  }
}

/** Frees the OpenCV memory of a prepared region. */
export function disposeScissors(s: ScissorsState): void {
  s.tool?.delete();
  s.tool = null;
  s.anchor = null;
}
