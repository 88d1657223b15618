// Mask checks and helpers shared by the kernels. A Mask is one byte per pixel, row-major.
import type { Mask } from '../entities/geometry-backend.js';
import { DlGeometryError } from './errors.js';

export type { Mask } from '../entities/geometry-backend.js';

/** Inclusive pixel bounds `[x0, x1] × [y0, y1]`. */
export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Throws {@link DlGeometryError} unless `mask` is a well-formed Mask: `width`/`height` non-negative
 * integers, `data` a Uint8Array of exactly `width * height` bytes, and (unless `allowEmpty`) not 0×0.
 */
export function assertMask(mask: unknown, what = 'mask', allowEmpty = false): asserts mask is Mask {
  const m = mask as Partial<Mask> | null;
  if (!m || typeof m !== 'object')
    throw new DlGeometryError(
      'invalid-mask',
      `${what}: expected {width, height, data}, got ${m === null ? 'null' : typeof m}`,
    );
  const { width, height, data } = m;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! < 0 || height! < 0) {
    throw new DlGeometryError(
      'invalid-mask',
      `${what}: width and height must be non-negative integers, got ${width}x${height}`,
    );
  }
  if (!(data instanceof Uint8Array)) {
    throw new DlGeometryError(
      'invalid-mask',
      `${what}.data: expected a Uint8Array, got ${data === null ? 'null' : ((data as unknown as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? typeof data)}`,
    );
  }
  if (data.length !== width! * height!) {
    throw new DlGeometryError(
      'invalid-mask',
      `${what}.data: length ${data.length} does not match width*height = ${width}*${height} = ${width! * height!}`,
    );
  }
  if (!allowEmpty && (width === 0 || height === 0)) {
    throw new DlGeometryError('empty-mask', `${what}: a ${width}x${height} mask has no pixels`);
  }
}

/**
 * Largest value and the bounding rectangle of the non-zero pixels in one pass (`rect` is `null`
 * for an all-zero mask). Kernels crop to this rectangle: findContours on the crop gives the same
 * contours, shifted.
 */
export function maskMaxAndBounds(mask: Mask): { max: number; rect: PixelRect | null } {
  const { width, height, data } = mask;
  let max = 0;
  let x0 = width;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      const v = data[row + x]!;
      if (v !== 0) {
        if (first < 0) first = x;
        last = x;
        if (v > max) max = v;
      }
    }
    if (first >= 0) {
      if (y0 < 0) y0 = y;
      y1 = y;
      if (first < x0) x0 = first;
      if (last > x1) x1 = last;
    }
  }
  return { max, rect: y0 < 0 ? null : { x0, y0, x1, y1 } };
}

/** Grows `rect` by `pad` pixels, clamped to the mask. */
export function padRect(rect: PixelRect, pad: number, width: number, height: number): PixelRect {
  return {
    x0: Math.max(0, rect.x0 - pad),
    y0: Math.max(0, rect.y0 - pad),
    x1: Math.min(width - 1, rect.x1 + pad),
    y1: Math.min(height - 1, rect.y1 + pad),
  };
}

/**
 * The SDK's threshold as a lookup table: value `v` is foreground when `(1.0 * v) / max > 0.5`
 * (float64 division, exactly as numpy; `max = 0` gives NaN and nothing is foreground).
 */
export function thresholdTable(max: number): Uint8Array {
  const t = new Uint8Array(256);
  for (let v = 0; v < 256; v++) t[v] = v / max > 0.5 ? 255 : 0;
  return t;
}
