// Watershed from scribbles: strokes of two or more labels seed OpenCV's marker-based watershed, which
// grows them over the region until they meet at image edges; each label gets the pixels it won.
import type { XY } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import {
  type CvMat,
  clipRegion,
  drawStroke,
  finite,
  type KernelImage,
  type PixelRegion,
  withImageMat,
} from './assist-image.js';
import { emptyPlacedMask, type PlacedMask } from './placed-mask.js';

/** One scribble: a polyline (or a dot) of a label. Several scribbles may share a label. */
export interface WatershedScribble {
  /** The label the pixels under the stroke belong to (an ontology label, or any name). */
  label: string;
  /** Image coordinates. */
  points: XY[];
  /** Brush radius in image pixels. @default 2 */
  radius?: number;
}

/** Parameters of {@link watershedScribbles}. */
export interface WatershedParams {
  /** Strokes of at least two different labels. */
  scribbles: WatershedScribble[];
  /**
   * The region to segment (every pixel in it ends up in some label's mask except the one-pixel
   * boundaries between them). Default: the whole image; pass the visible area or a box around the
   * object to keep a call short on a large image.
   */
  rect?: { x: number; y: number; width: number; height: number };
}

/** One label's result of {@link watershedScribbles}. */
export interface LabelPlacedMask {
  label: string;
  mask: PlacedMask;
}

/**
 * Marker-based watershed: each label's scribbles are drawn into an `int32` marker image (label `k`,
 * in order of first appearance, is marker `k + 1`; lines of `2·radius + 1` pixels, LINE_8, a single
 * point as a filled circle), `cv.watershed(bgr[rect], markers)` floods the rest, and each label gets
 * the pixels with its marker (boundaries, marker −1, belong to none). The markers equal native
 * OpenCV's `cv2.watershed` on the same inputs, pixel for pixel.
 *
 * @example
 * const [cat, rest] = watershedScribbles(cv, image, {
 *   scribbles: [
 *     { label: 'cat', points: [{ x: 120, y: 90 }, { x: 140, y: 110 }] },
 *     { label: 'background', points: [{ x: 10, y: 10 }, { x: 300, y: 12 }] },
 *   ],
 * });
 */
export function watershedScribbles(cv: OpenCv, image: KernelImage, params: WatershedParams): LabelPlacedMask[] {
  if (!params || typeof params !== 'object' || !Array.isArray(params.scribbles))
    throw new DlGeometryError('invalid-argument', 'watershed: expected { scribbles: [...] }');
  return withImageMat(cv, image, 'bgr', (bgr) => {
    const rect = params.rect
      ? clipRegion(params.rect, bgr.cols, bgr.rows, 'watershed.rect')
      : { x: 0, y: 0, width: bgr.cols, height: bgr.rows };
    const labels: string[] = [];
    const strokes = params.scribbles.map((s, i) => {
      if (!s || typeof s.label !== 'string')
        throw new DlGeometryError('invalid-argument', `watershed.scribbles[${i}].label: expected a string`);
      if (!Array.isArray(s.points) || !s.points.length)
        throw new DlGeometryError('invalid-argument', `watershed.scribbles[${i}].points: expected at least one point`);
      let k = labels.indexOf(s.label);
      if (k < 0) k = labels.push(s.label) - 1;
      const radius = Math.max(0, Math.round(finite(s.radius ?? 2, `watershed.scribbles[${i}].radius`)));
      const pts = s.points.flatMap((p, j) => [
        Math.round(finite(p?.x, `watershed.scribbles[${i}].points[${j}].x`)) - rect.x,
        Math.round(finite(p?.y, `watershed.scribbles[${i}].points[${j}].y`)) - rect.y,
      ]);
      return { marker: k + 1, radius, pts };
    });
    if (labels.length < 2)
      throw new DlGeometryError(
        'invalid-argument',
        `watershed.scribbles: need strokes of at least two labels, got ${labels.length}`,
      );
    const markers = cv.Mat.zeros(rect.height, rect.width, cv.CV_32SC1);
    const roi = bgr.roi(new cv.Rect(rect.x, rect.y, rect.width, rect.height));
    let src: CvMat = roi;
    try {
      for (const s of strokes) drawStroke(cv, markers, s.marker, s.pts, s.radius, 2 * s.radius + 1);
      if (!roi.isContinuous()) {
        src = new cv.Mat();
        roi.copyTo(src);
      }
      cv.watershed(src, markers);
      return splitMarkers(markers.data32S, rect, labels);
    } finally {
      if (src !== roi) src.delete();
      roi.delete();
      markers.delete();
    }
  });
}

/** One tight placed mask per label from the flooded markers (one pass for the boxes, one per label copy). */
function splitMarkers(d: Int32Array, rect: PixelRegion, labels: string[]): LabelPlacedMask[] {
  const n = labels.length;
  const x0 = new Int32Array(n + 1).fill(rect.width);
  const y0 = new Int32Array(n + 1).fill(rect.height);
  const x1 = new Int32Array(n + 1).fill(-1);
  const y1 = new Int32Array(n + 1).fill(-1);
  const area = new Float64Array(n + 1);
  for (let y = 0; y < rect.height; y++) {
    const row = y * rect.width;
    for (let x = 0; x < rect.width; x++) {
      const k = d[row + x]!;
      if (k <= 0 || k > n) continue;
      area[k]!++;
      if (x < x0[k]!) x0[k] = x;
      if (x > x1[k]!) x1[k] = x;
      if (y < y0[k]!) y0[k] = y;
      y1[k] = y;
    }
  }
  return labels.map((label, i) => {
    const k = i + 1;
    if (!area[k]) return { label, mask: emptyPlacedMask() };
    const w = x1[k]! - x0[k]! + 1;
    const h = y1[k]! - y0[k]! + 1;
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      const src = (y0[k]! + y) * rect.width + x0[k]!;
      for (let x = 0; x < w; x++) if (d[src + x] === k) data[y * w + x] = 1;
    }
    return {
      label,
      mask: { x: rect.x + x0[k]!, y: rect.y + y0[k]!, mask: { width: w, height: h, data }, area: area[k]! },
    };
  });
}
