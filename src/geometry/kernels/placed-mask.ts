// A mask that covers only its bounding box, placed in a larger image. The assisted tools answer with
// these: a region picked on a 4096² image usually covers a small part of it, and the crop is what
// travels between threads and what a preview draws.
import type { Mask, XY } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import { assertMask } from '../mask.js';
import type { OpenCv } from '../opencv/load-opencv.js';
import type { CvMat } from './assist-image.js';
import { polygonsFromSegmentation, type SegmentationKernelOptions } from './from-segmentation.js';

/**
 * A 0/1 mask placed at column `x`, row `y` of an image: pixel `(i, j)` of `mask` is image pixel
 * `(x + i, y + j)`. `mask` is the tight bounding box of the set pixels; an empty result is a 0×0
 * mask at (0, 0) with `area` 0.
 */
export interface PlacedMask {
  x: number;
  y: number;
  mask: Mask;
  /** Number of set pixels. */
  area: number;
}

/** The empty {@link PlacedMask}. */
export function emptyPlacedMask(): PlacedMask {
  return { x: 0, y: 0, mask: { width: 0, height: 0, data: new Uint8Array(0) }, area: 0 };
}

/** Throws `invalid-mask` unless `p` is a well-formed {@link PlacedMask} (empty allowed). */
export function assertPlacedMask(p: unknown, what = 'mask'): asserts p is PlacedMask {
  const o = p as Partial<PlacedMask> | null;
  if (!o || typeof o !== 'object') throw new DlGeometryError('invalid-mask', `${what}: expected {x, y, mask}`);
  if (!Number.isInteger(o.x) || !Number.isInteger(o.y))
    throw new DlGeometryError('invalid-mask', `${what}: x and y must be integers, got ${o.x}, ${o.y}`);
  assertMask(o.mask, `${what}.mask`, true);
}

/**
 * The set pixels of a 0/1 CV_8UC1 matrix as a {@link PlacedMask}, offset by `(ox, oy)`. Only the
 * bounding box of the set pixels (found inside OpenCV) is copied out.
 */
export function placedMaskFromMat(cv: OpenCv, m: CvMat, ox: number, oy: number): PlacedMask {
  const b = cv.boundingRect(m) as { x: number; y: number; width: number; height: number };
  if (b.width <= 0 || b.height <= 0) return emptyPlacedMask();
  const roi = m.roi(new cv.Rect(b.x, b.y, b.width, b.height));
  const copy = new cv.Mat();
  try {
    roi.copyTo(copy);
    const data = new Uint8Array(copy.data);
    return { x: ox + b.x, y: oy + b.y, mask: { width: b.width, height: b.height, data }, area: cv.countNonZero(copy) };
  } finally {
    roi.delete();
    copy.delete();
  }
}

/**
 * The same pixels as a {@link PlacedMask} (tight box), from a full-size 0/1 mask. Pure JS, for callers
 * without OpenCV.
 */
export function placedMaskFromMask(mask: Mask): PlacedMask {
  assertMask(mask, 'mask', true);
  const { width, height, data } = mask;
  let x0 = width;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x]) {
        if (y0 < 0) y0 = y;
        y1 = y;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
      }
    }
  }
  if (y0 < 0) return emptyPlacedMask();
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const out = new Uint8Array(w * h);
  let area = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = data[(y0 + y) * width + x0 + x] ? 1 : 0;
      out[y * w + x] = v;
      area += v;
    }
  return { x: x0, y: y0, mask: { width: w, height: h, data: out }, area };
}

/**
 * The placed mask drawn into a zero `width × height` mask (pixels outside the image are dropped):
 * what a `binary` annotation (`Segmentation`) stores.
 *
 * @example
 * const full = expandPlacedMask(result, item.width, item.height);
 * const dataUrl = encodeSegmentationPng(full, [255, 0, 0]);
 */
export function expandPlacedMask(p: PlacedMask, width: number, height: number): Mask {
  assertPlacedMask(p);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    throw new DlGeometryError('invalid-argument', `expandPlacedMask: bad size ${width}x${height}`);
  const out = new Uint8Array(width * height);
  const { mask } = p;
  for (let j = 0; j < mask.height; j++) {
    const y = p.y + j;
    if (y < 0 || y >= height) continue;
    const i0 = Math.max(0, -p.x);
    const i1 = Math.min(mask.width, width - p.x);
    for (let i = i0; i < i1; i++) if (mask.data[j * mask.width + i]) out[y * width + p.x + i] = 1;
  }
  return { width, height, data: out };
}

/**
 * `base ∪ other` (`'add'`) or `base \ other` (`'subtract'`), as a tight {@link PlacedMask}: how Shift
 * and Alt combine a new magic-wand region with the current selection.
 */
export function combinePlacedMasks(base: PlacedMask, other: PlacedMask, op: 'add' | 'subtract'): PlacedMask {
  assertPlacedMask(base, 'base');
  assertPlacedMask(other, 'other');
  if (op !== 'add' && op !== 'subtract')
    throw new DlGeometryError('invalid-argument', `combinePlacedMasks: op must be add or subtract, got ${op}`);
  if (!base.area) return op === 'add' ? other : emptyPlacedMask();
  if (!other.area) return base;
  const x0 = op === 'add' ? Math.min(base.x, other.x) : base.x;
  const y0 = op === 'add' ? Math.min(base.y, other.y) : base.y;
  const x1 = op === 'add' ? Math.max(base.x + base.mask.width, other.x + other.mask.width) : base.x + base.mask.width;
  const y1 =
    op === 'add' ? Math.max(base.y + base.mask.height, other.y + other.mask.height) : base.y + base.mask.height;
  const w = x1 - x0;
  const data = new Uint8Array(w * (y1 - y0));
  const paint = (p: PlacedMask, v: number) => {
    const { mask } = p;
    for (let j = 0; j < mask.height; j++) {
      const y = p.y + j - y0;
      if (y < 0 || y >= y1 - y0) continue;
      for (let i = 0; i < mask.width; i++) {
        const x = p.x + i - x0;
        if (x >= 0 && x < w && mask.data[j * mask.width + i]) data[y * w + x] = v;
      }
    }
  };
  paint(base, 1);
  paint(other, op === 'add' ? 1 : 0);
  const tight = placedMaskFromMask({ width: w, height: y1 - y0, data });
  return { ...tight, x: tight.x + x0, y: tight.y + y0 };
}

/**
 * dtlpy's `Polygon.from_segmentation` of the placed mask, in image coordinates: the same polygons as
 * {@link polygonsFromSegmentation} on the full-size mask (findContours pads with zeros, so tracing the
 * tight crop gives the same contours, shifted), without building the full-size mask.
 */
export function polygonsFromPlacedMask(cv: OpenCv, p: PlacedMask, options: SegmentationKernelOptions = {}): XY[][][] {
  assertPlacedMask(p);
  if (!p.area) return [];
  const polys = polygonsFromSegmentation(cv, p.mask, options);
  for (const poly of polys)
    for (const ring of poly)
      for (const v of ring) {
        v.x += p.x;
        v.y += p.y;
      }
  return polys;
}
