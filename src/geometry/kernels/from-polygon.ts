// dtlpy `Segmentation.from_polygon` (spec §3.3) on OpenCV.js.
import type { Mask, XY } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import type { OpenCv } from '../opencv/load-opencv.js';

/** Throws `invalid-vertex` unless every vertex is a pair of finite numbers within int32 range. */
export function assertVertices(points: readonly XY[], what = 'polygon'): void {
  if (!Array.isArray(points)) throw new DlGeometryError('invalid-argument', `${what}: expected an array of {x, y}`);
  points.forEach((p, i) => {
    for (const k of ['x', 'y'] as const) {
      const v = p?.[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) >= 2 ** 31) {
        throw new DlGeometryError('invalid-vertex', `${what}[${i}].${k}: expected a finite number, got ${v}`);
      }
    }
  });
}

/**
 * Filled polygon mask as dtlpy's `Segmentation.from_polygon`: zeros of `height × width`, vertices
 * truncated toward zero (`astype(int)`), `drawContours(..., color=1, thickness=-1)` (LINE_8, boundary
 * included). Returns a 0/1 mask.
 *
 * @example
 * const m = maskFromPolygon(cv, [{ x: 2, y: 2 }, { x: 2, y: 13 }, { x: 13, y: 13 }], 16, 16);
 */
export function maskFromPolygon(cv: OpenCv, points: readonly XY[], height: number, width: number): Mask {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new DlGeometryError(
      'invalid-argument',
      `fromPolygon: shape must be positive integers [height, width], got [${height}, ${width}]`,
    );
  }
  assertVertices(points);
  if (!points.length) throw new DlGeometryError('invalid-argument', 'fromPolygon: the polygon has no vertices');
  const ints = new Int32Array(points.length * 2);
  points.forEach((p, i) => {
    ints[2 * i] = Math.trunc(p.x);
    ints[2 * i + 1] = Math.trunc(p.y);
  });
  const img = cv.Mat.zeros(height, width, cv.CV_8UC1);
  const c = cv.matFromArray(points.length, 1, cv.CV_32SC2, ints as unknown as number[]);
  const vec = new cv.MatVector();
  try {
    vec.push_back(c);
    cv.drawContours(img, vec, -1, new cv.Scalar(1), -1, cv.LINE_8);
    return { width, height, data: new Uint8Array(img.data) };
  } finally {
    img.delete();
    c.delete();
    vec.delete();
  }
}
