// dtlpy `Polygon.from_segmentation` and `Box.from_segmentation` (spec §3.1, §3.2) on OpenCV.js.
import type { FromSegmentationOptions, Mask, XY } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import { assertMask, padRect, thresholdTable } from '../mask.js';
import { numpyArgsort } from '../numpy-argsort.js';
import type { OpenCv } from '../opencv/load-opencv.js';

/** Options of the kernel (the entity-level options minus the worker's `signal`). */
export type SegmentationKernelOptions = Omit<FromSegmentationOptions, 'signal'>;

/** An axis-aligned box in integer pixel indices, as `Box.from_segmentation` returns it. */
export interface PixelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Traced {
  /** Contour points (x, y pairs) in full-mask coordinates. */
  contours: Int32Array[];
  /** RETR_TREE hierarchy: [next, previous, firstChild, parent] per contour. */
  hierarchy: Int32Array;
  areas: Float64Array;
}

function checkOptions(o: SegmentationKernelOptions): void {
  if (o.epsilon != null && !(Number.isFinite(o.epsilon) && o.epsilon >= 0)) {
    throw new DlGeometryError(
      'invalid-argument',
      `fromSegmentation: epsilon must be a finite number >= 0, got ${o.epsilon}`,
    );
  }
  if (o.maxInstances != null && !(Number.isInteger(o.maxInstances) && o.maxInstances >= 0)) {
    throw new DlGeometryError(
      'invalid-argument',
      `fromSegmentation: maxInstances must be an integer >= 0 or null, got ${o.maxInstances}`,
    );
  }
  if (o.minArea != null && Number.isNaN(o.minArea)) {
    throw new DlGeometryError('invalid-argument', 'fromSegmentation: minArea is NaN');
  }
}

/**
 * Thresholds (`value / max > 0.5`) and traces the mask with `findContours(RETR_TREE, CHAIN_APPROX_NONE)`.
 * The pixel passes run inside OpenCV (memcpy, norm, threshold, boundingRect), and only the
 * non-empty bounding box (plus a 1-pixel margin) is traced: border following depends only on the
 * pixels and findContours pads its input with zeros (BORDER_ISOLATED), so the contours are the same,
 * shifted back by the crop offset.
 *
 * Two shortcuts, both exact: the maximum of an 8-bit mask is its `NORM_INF` (half the time of
 * `minMaxLoc`, which also tracks locations), and when the threshold keeps every non-zero pixel (a 0/1
 * mask: max 1) the threshold pass is skipped, since findContours treats every non-zero pixel as 1.
 */
function trace(cv: OpenCv, mask: Mask): Traced | null {
  const { width, height, data } = mask;
  const src = new cv.Mat(height, width, cv.CV_8UC1);
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  let roi: InstanceType<OpenCv['Mat']> | null = null;
  try {
    src.data.set(data);
    const max = cv.norm(src, cv.NORM_INF); // max |value| = max value for unsigned 8-bit, exactly
    if (!(max > 0)) return null; // all zero: the SDK divides by 0, NaN > 0.5 is false, no contours
    // value / max > 0.5 is monotonic in value: it holds exactly for value > t
    const lut = thresholdTable(max);
    let t = 0;
    while (t < 255 && !lut[t + 1]) t++;
    if (t > 0) cv.threshold(src, src, t, 255, cv.THRESH_BINARY); // t = 0 keeps every non-zero pixel: nothing to do
    const b = cv.boundingRect(src) as { x: number; y: number; width: number; height: number };
    if (b.width <= 0 || b.height <= 0) return null;
    const r = padRect({ x0: b.x, y0: b.y, x1: b.x + b.width - 1, y1: b.y + b.height - 1 }, 1, width, height);
    roi = src.roi(new cv.Rect(r.x0, r.y0, r.x1 - r.x0 + 1, r.y1 - r.y0 + 1));
    cv.findContours(roi, contours, hierarchy, cv.RETR_TREE, cv.CHAIN_APPROX_NONE);
    const n = contours.size();
    const out: Int32Array[] = new Array(n);
    const areas = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = contours.get(i);
      try {
        areas[i] = cv.contourArea(c, false);
        const pts = new Int32Array(c.data32S);
        for (let k = 0; k < pts.length; k += 2) {
          pts[k] += r.x0;
          pts[k + 1] += r.y0;
        }
        out[i] = pts;
      } finally {
        c.delete();
      }
    }
    return { contours: out, hierarchy: n ? new Int32Array(hierarchy.data32S) : new Int32Array(0), areas };
  } finally {
    roi?.delete();
    src.delete();
    contours.delete();
    hierarchy.delete();
  }
}

/** approxPolyDP(closed) of one contour; a single remaining point falls back to the raw contour (SDK). */
function approximate(cv: OpenCv, pts: Int32Array, epsilon: number): XY[] {
  const c = cv.matFromArray(pts.length / 2, 1, cv.CV_32SC2, pts as unknown as number[]);
  const a = new cv.Mat();
  try {
    cv.approxPolyDP(c, a, epsilon, true);
    const ap = a.rows === 1 ? pts : a.data32S;
    const ring: XY[] = new Array(ap.length / 2);
    for (let k = 0; k < ap.length; k += 2) ring[k / 2] = { x: ap[k]!, y: ap[k + 1]! };
    return ring;
  } finally {
    c.delete();
    a.delete();
  }
}

function arcLengthClosed(cv: OpenCv, pts: Int32Array): number {
  const c = cv.matFromArray(pts.length / 2, 1, cv.CV_32SC2, pts as unknown as number[]);
  try {
    return cv.arcLength(c, true);
  } finally {
    c.delete();
  }
}

/**
 * Indices sorted by area descending exactly as dtlpy (`areas.argsort()[::-1]`, numpy's quicksort, so
 * equal areas come out in numpy's order; see numpy-argsort.ts), filtered by `area > minArea`, cut at
 * `maxInstances`.
 */
function selectContours(
  areas: Float64Array,
  candidates: number[] | null,
  minArea: number,
  maxInstances: number | null,
): number[] {
  const idx = candidates ?? Array.from(areas, (_, i) => i);
  const vals = idx.map((i) => areas[i]!);
  const order = numpyArgsort(vals);
  const kept: number[] = [];
  for (let k = order.length - 1; k >= 0; k--) {
    const i = idx[order[k]!]!;
    if (areas[i]! > minArea) kept.push(i);
  }
  return maxInstances == null ? kept : kept.slice(0, maxInstances);
}

/**
 * dtlpy's `Polygon.from_segmentation` (spec §3.1) as a plain function over a loaded OpenCV.js:
 * threshold `> 0.5` of `mask / max`, `findContours(RETR_TREE, CHAIN_APPROX_NONE)`, area sort
 * descending (numpy's tie order), keep `area > minArea`, first `maxInstances` (default 1, `null` = all),
 * `approxPolyDP(closed)` with `epsilon` (default `0.0005 * arcLength` of the first kept contour, reused
 * for all), single-point fallback to the raw contour. Always returns an array of polygons; each polygon
 * is a list of rings with exactly one ring unless `holes: true`, where each outer border (even depth in
 * the hierarchy) is followed by its holes (its direct children) and holes are not separate polygons.
 *
 * @example
 * const { cv } = await loadOpenCv();
 * const [largest] = polygonsFromSegmentation(cv, mask);        // largest[0] is the ring
 * const all = polygonsFromSegmentation(cv, mask, { maxInstances: null, holes: true });
 */
export function polygonsFromSegmentation(cv: OpenCv, mask: Mask, options: SegmentationKernelOptions = {}): XY[][][] {
  assertMask(mask);
  checkOptions(options);
  const traced = trace(cv, mask);
  if (!traced?.contours.length) return [];
  const { contours, hierarchy, areas } = traced;
  const minArea = options.minArea ?? 0;
  const maxInstances = options.maxInstances === undefined ? 1 : options.maxInstances;
  let epsilon = options.epsilon ?? null;
  const out: XY[][][] = [];
  if (!options.holes) {
    for (const i of selectContours(areas, null, minArea, maxInstances)) {
      epsilon ??= 0.0005 * arcLengthClosed(cv, contours[i]!);
      out.push([approximate(cv, contours[i]!, epsilon)]);
    }
    return out;
  }
  const depth = new Int32Array(contours.length);
  for (let i = 0; i < contours.length; i++) {
    let d = 0;
    for (let p = hierarchy[i * 4 + 3]!; p >= 0; p = hierarchy[p * 4 + 3]!) d++;
    depth[i] = d;
  }
  const outers: number[] = [];
  for (let i = 0; i < contours.length; i++) if (depth[i]! % 2 === 0) outers.push(i);
  for (const i of selectContours(areas, outers, minArea, maxInstances)) {
    epsilon ??= 0.0005 * arcLengthClosed(cv, contours[i]!);
    const rings = [approximate(cv, contours[i]!, epsilon)];
    for (let c = hierarchy[i * 4 + 2]!; c >= 0; c = hierarchy[c * 4]!)
      rings.push(approximate(cv, contours[c]!, epsilon));
    out.push(rings);
  }
  return out;
}

/**
 * dtlpy's `Box.from_segmentation` (spec §3.2): one box per polygon of
 * `polygonsFromSegmentation(mask, { maxInstances: null })` (holes included as their own polygons),
 * `left/top/right/bottom` = min/max of the approximated vertices.
 */
export function boxesFromSegmentation(cv: OpenCv, mask: Mask): PixelBox[] {
  return polygonsFromSegmentation(cv, mask, { maxInstances: null }).map(([ring]) => {
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const p of ring!) {
      if (p.x < left) left = p.x;
      if (p.x > right) right = p.x;
      if (p.y < top) top = p.y;
      if (p.y > bottom) bottom = p.y;
    }
    return { left, top, right, bottom };
  });
}
