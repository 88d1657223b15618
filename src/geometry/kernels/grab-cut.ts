// Box to object: OpenCV GrabCut on a bounded region around a box, refined with foreground/background
// strokes. Runs one iteration per step so a caller can yield, report progress and cancel between them.
import type { XY } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import {
  type CvMat,
  clipRegion,
  drawStroke,
  finite,
  imageToMat,
  type KernelImage,
  type PixelRegion,
} from './assist-image.js';
import { type PlacedMask, placedMaskFromMat } from './placed-mask.js';

/** A refinement stroke: pixels under it are certainly object (`'fg'`) or certainly background (`'bg'`). */
export interface GrabCutStroke {
  kind: 'fg' | 'bg';
  /** A polyline in image coordinates (one point draws a dot). */
  points: XY[];
  /** Brush radius in image pixels. @default 3 */
  radius?: number;
}

/** Parameters of {@link grabCut}. */
export interface GrabCutParams {
  /** The box around the object, image pixels. Outside it is background. */
  rect: { x: number; y: number; width: number; height: number };
  /** GrabCut iterations, 1..10. @default 5 */
  iterations?: number;
  /** Foreground/background strokes drawn over the box's initial labelling. */
  strokes?: GrabCutStroke[];
  /**
   * Background pixels around the box the model learns from, in pixels. The computation covers only
   * the box plus this margin (clipped to the image).
   * @default max(16, 10% of the box's longer side)
   */
  margin?: number;
  /**
   * Largest region (box + margin) computed at full resolution, in pixels; a larger one is shrunk
   * (`INTER_AREA`) to fit and the result scaled back (`INTER_NEAREST`), so one call stays short
   * (GrabCut's graph cut grows faster than the pixel count on textured photos).
   * @default 262144 (512²)
   */
  maxPixels?: number;
  /** Seed of OpenCV's RNG (GrabCut's k-means), so that a call's result does not depend on earlier calls. @default 1 */
  seed?: number;
}

/** Progress of a stepped kernel: `done` of `total` steps. */
export interface KernelProgress {
  done: number;
  total: number;
}

const GC_BGD = 0;
const GC_FGD = 1;
const GC_PR_FGD = 3;

interface Plan {
  roi: PixelRegion;
  /** The box in (scaled) ROI coordinates. */
  box: PixelRegion;
  scale: number;
  iterations: number;
  strokes: Array<{ value: number; pts: number[]; thickness: number; radius: number }>;
  seed: number;
}

/** Resolves and checks the parameters against a `width × height` image. */
export function planGrabCut(params: GrabCutParams, width: number, height: number): Plan {
  if (!params || typeof params !== 'object') throw new DlGeometryError('invalid-argument', 'grabCut: expected params');
  const box = clipRegion(params.rect, width, height, 'grabCut.rect');
  const iterations = params.iterations ?? 5;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10)
    throw new DlGeometryError('invalid-argument', `grabCut.iterations: expected an integer 1..10, got ${iterations}`);
  const margin = Math.round(
    params.margin == null
      ? Math.max(16, 0.1 * Math.max(box.width, box.height))
      : finite(params.margin, 'grabCut.margin'),
  );
  if (margin < 0) throw new DlGeometryError('invalid-argument', `grabCut.margin: expected >= 0, got ${margin}`);
  const maxPixels = params.maxPixels ?? 1 << 18;
  if (!(Number.isFinite(maxPixels) && maxPixels >= 1024))
    throw new DlGeometryError('invalid-argument', `grabCut.maxPixels: expected a number >= 1024, got ${maxPixels}`);
  const x0 = Math.max(0, box.x - margin);
  const y0 = Math.max(0, box.y - margin);
  const x1 = Math.min(width, box.x + box.width + margin);
  const y1 = Math.min(height, box.y + box.height + margin);
  const roi = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  if (roi.width === box.width && roi.height === box.height)
    throw new DlGeometryError(
      'invalid-argument',
      'grabCut.rect: the box covers the whole region, so there is no background to learn from (give a margin or a smaller box)',
    );
  const scale = roi.width * roi.height > maxPixels ? Math.sqrt(maxPixels / (roi.width * roi.height)) : 1;
  const s = (v: number) => Math.round(v * scale);
  const sbox = {
    x: s(box.x - x0),
    y: s(box.y - y0),
    width: Math.max(1, s(box.width)),
    height: Math.max(1, s(box.height)),
  };
  const strokes = (params.strokes ?? []).map((st, i) => {
    if (!st || (st.kind !== 'fg' && st.kind !== 'bg'))
      throw new DlGeometryError('invalid-argument', `grabCut.strokes[${i}].kind: expected 'fg' or 'bg'`);
    if (!Array.isArray(st.points) || !st.points.length)
      throw new DlGeometryError('invalid-argument', `grabCut.strokes[${i}].points: expected at least one point`);
    const radius = Math.max(1, Math.round(finite(st.radius ?? 3, `grabCut.strokes[${i}].radius`) * scale));
    const pts = st.points.flatMap((p, k) => [
      s(finite(p?.x, `grabCut.strokes[${i}].points[${k}].x`) - x0),
      s(finite(p?.y, `grabCut.strokes[${i}].points[${k}].y`) - y0),
    ]);
    return { value: st.kind === 'fg' ? GC_FGD : GC_BGD, pts, thickness: 2 * radius + 1, radius };
  });
  const seed = params.seed ?? 1;
  if (!Number.isInteger(seed)) throw new DlGeometryError('invalid-argument', `grabCut.seed: expected an integer`);
  return { roi, box: sbox, scale, iterations, strokes, seed };
}

/**
 * GrabCut as steps: yields `{done, total}` after each iteration and returns the object as a
 * {@link PlacedMask}. The labels start as background outside the box and "probably object" inside,
 * strokes painted over them as certain object / background; then `grabCut(GC_INIT_WITH_MASK, 1)` and
 * `iterations - 1` more `grabCut(GC_EVAL, 1)` calls, which is exactly one
 * `grabCut(..., iterations, GC_INIT_WITH_MASK)` (the models travel in `bgdModel`/`fgdModel`). The
 * result is the pixels labelled object or probably object. Abandoning the generator (`return()`)
 * frees its memory.
 */
export function* grabCutSteps(
  cv: OpenCv,
  image: KernelImage,
  params: GrabCutParams,
): Generator<KernelProgress, PlacedMask, void> {
  const { mat: bgr, owned } = imageToMat(cv, image, 'bgr');
  const mats: CvMat[] = [];
  const track = <M extends CvMat>(m: M): M => {
    mats.push(m);
    return m;
  };
  try {
    const plan = planGrabCut(params, bgr.cols, bgr.rows);
    const { roi, box } = plan;
    let src = track(bgr.roi(new cv.Rect(roi.x, roi.y, roi.width, roi.height)));
    if (plan.scale !== 1) {
      const small = track(new cv.Mat());
      cv.resize(
        src,
        small,
        new cv.Size(Math.max(1, Math.round(roi.width * plan.scale)), Math.max(1, Math.round(roi.height * plan.scale))),
        0,
        0,
        cv.INTER_AREA,
      );
      src = small;
    }
    const labels = track(cv.Mat.zeros(src.rows, src.cols, cv.CV_8UC1));
    const bw = Math.min(box.width, src.cols - box.x);
    const bh = Math.min(box.height, src.rows - box.y);
    const inside = track(labels.roi(new cv.Rect(box.x, box.y, bw, bh)));
    inside.setTo(new cv.Scalar(GC_PR_FGD));
    for (const s of plan.strokes) drawStroke(cv, labels, s.value, s.pts, s.radius, s.thickness);
    const bgdModel = track(new cv.Mat());
    const fgdModel = track(new cv.Mat());
    const r = new cv.Rect(box.x, box.y, bw, bh);
    cv.setRNGSeed(plan.seed);
    for (let i = 0; i < plan.iterations; i++) {
      cv.grabCut(src, labels, r, bgdModel, fgdModel, 1, i === 0 ? cv.GC_INIT_WITH_MASK : cv.GC_EVAL);
      if (i + 1 < plan.iterations) yield { done: i + 1, total: plan.iterations };
    }
    // object = GC_FGD (1) or GC_PR_FGD (3): the odd labels
    const fg = track(new cv.Mat());
    const odd = track(new cv.Mat(labels.rows, labels.cols, cv.CV_8UC1, new cv.Scalar(1)));
    cv.bitwise_and(labels, odd, fg);
    let out = fg;
    if (plan.scale !== 1) {
      out = track(new cv.Mat());
      cv.resize(fg, out, new cv.Size(roi.width, roi.height), 0, 0, cv.INTER_NEAREST);
    }
    return placedMaskFromMat(cv, out, roi.x, roi.y);
  } finally {
    for (const m of mats.reverse()) m.delete();
    if (owned) bgr.delete();
  }
}

/**
 * Box to object in one call: {@link grabCutSteps} run to the end. The mask equals native OpenCV's
 * for the same steps (`cv2.setRNGSeed(seed)`, the same label mask, `cv2.grabCut(..., iterations,
 * cv2.GC_INIT_WITH_MASK)` on the same region), pixel for pixel.
 *
 * @example
 * const { cv } = await loadOpenCv();
 * const obj = grabCut(cv, image, { rect: { x: 40, y: 30, width: 200, height: 160 }, iterations: 5 });
 * const refined = grabCut(cv, image, { rect, strokes: [{ kind: 'bg', points: [{ x: 60, y: 50 }], radius: 4 }] });
 */
export function grabCut(cv: OpenCv, image: KernelImage, params: GrabCutParams): PlacedMask {
  const steps = grabCutSteps(cv, image, params);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
