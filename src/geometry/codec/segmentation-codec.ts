// The Dataloop `binary` annotation codec (spec §1.5): an RGBA PNG as a data URL.
// Pure JS (png.ts on fflate and mask-png.ts to decode and encode, fast-png for unusual PNGs), so Node and workers produce identical pixels and
// identical bytes; the browser's canvas is never used (premultiplied alpha and colour management would
// alter values).
import { decode as decodePng } from 'fast-png';
import type { Mask } from '../../entities/geometry-backend.js';
import { DlGeometryError } from '../errors.js';
import { assertMask } from '../mask.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { readMaskPayloadHeader } from '../../entities/annotations/mask-header.js';
import { pngDataProblem } from './png-check.js';
import { decodeAlphaPng } from './png.js';
import { PNG_DATA_URL_PREFIX, segmentationPngBytes } from './segmentation-encode.js';

export { PNG_DATA_URL_PREFIX, encodePlacedSegmentationPng } from './segmentation-encode.js';

/** RGBA colour of a decoded segmentation (first non-zero pixel), or `null` when every pixel is 0. */
export type Rgba = [number, number, number, number];

/** What {@link decodeSegmentationPng} returns. */
export interface DecodedSegmentation {
  /** 1 where alpha > 127, else 0. */
  mask: Mask;
  /** The first pixel (row-major) with any non-zero channel, as the full RGBA tuple. */
  color: Rgba | null;
}

/**
 * Decodes a `binary` annotation's data URL as the SDK does: strip the first 22 characters,
 * base64-decode, mask = alpha > 127, colour = first non-zero pixel's RGBA.
 * Throws {@link DlGeometryError} (`invalid-png`) for data that is not a PNG with an alpha channel.
 *
 * @example
 * const { mask, color } = decodeSegmentationPng(annotation.coordinates);
 */
export function decodeSegmentationPng(dataUrl: string): DecodedSegmentation {
  if (typeof dataUrl !== 'string' || dataUrl.length <= PNG_DATA_URL_PREFIX.length) {
    throw new DlGeometryError(
      'invalid-png',
      `segmentation: expected a "${PNG_DATA_URL_PREFIX}..." string, got ${typeof dataUrl === 'string' ? `${dataUrl.length} characters` : typeof dataUrl}`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(dataUrl.slice(PNG_DATA_URL_PREFIX.length));
  } catch {
    throw new DlGeometryError('invalid-png', 'segmentation: the text after the 22-character prefix is not base64');
  }
  // Nothing is allocated for pixels before the header is checked: a mask may declare at most
  // MAX_MASK_PIXELS, and its image data must not inflate past what it declares (a "bomb").
  const header = readMaskPayloadHeader(dataUrl.slice(PNG_DATA_URL_PREFIX.length));
  if (typeof header === 'string') throw new DlGeometryError('invalid-png', `segmentation: ${header}`);
  let png: PngPixels;
  try {
    // The fast path inflates into a buffer of exactly the declared size.
    const fast = decodeAlphaPng(bytes);
    if (!fast) {
      const problem = pngDataProblem(bytes, header);
      if (problem) throw new Error(problem);
    }
    png = fast ? { ...fast, depth: 8 } : (decodePng(bytes) as PngPixels);
  } catch (e) {
    throw new DlGeometryError('invalid-png', `segmentation: not a decodable PNG (${(e as Error).message})`);
  }
  return rgbaToSegmentation(png);
}

type PngPixels = Pick<ReturnType<typeof decodePng>, 'width' | 'height' | 'channels' | 'data'> &
  Partial<Pick<ReturnType<typeof decodePng>, 'palette' | 'transparency'>> & { depth: number };

function rgbaToSegmentation(png: PngPixels): DecodedSegmentation {
  const { width, height, channels, depth, palette, transparency } = png;
  const n = width * height;
  const src = png.data;
  const mask = new Uint8Array(n);
  let color: Rgba | null = null;
  if (palette) {
    // Indexed PNG: Pillow gives mode "P"; we expand through the palette and tRNS (alpha 255 when absent).
    const bitsPerPx = depth;
    const rowBytes = Math.ceil((width * bitsPerPx) / 8);
    const bytes = src as Uint8Array;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let idx: number;
        if (bitsPerPx === 8) idx = bytes[y * rowBytes + x]!;
        else {
          const bit = x * bitsPerPx;
          idx = (bytes[y * rowBytes + (bit >> 3)]! >> (8 - bitsPerPx - (bit & 7))) & ((1 << bitsPerPx) - 1);
        }
        const rgb = palette[idx] ?? [0, 0, 0];
        const a = transparency && idx < transparency.length ? transparency[idx]! : 255;
        const i = y * width + x;
        mask[i] = a > 127 ? 1 : 0;
        if (!color && (rgb[0] || rgb[1] || rgb[2] || a)) color = [rgb[0]!, rgb[1]!, rgb[2]!, a];
      }
    }
    return { mask: { width, height, data: mask }, color };
  }
  if (channels !== 4 && channels !== 2) {
    throw new DlGeometryError(
      'invalid-png',
      `segmentation: the PNG has ${channels} channel(s) and no alpha; Dataloop masks are RGBA`,
    );
  }
  if (depth !== 8 && depth !== 16)
    throw new DlGeometryError('invalid-png', `segmentation: unsupported PNG bit depth ${depth}`);
  const shift = depth === 16 ? 8 : 0; // 16-bit samples: keep the high byte
  const alphaAt = channels - 1;
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    const a = src[j + alphaAt]! >> shift;
    mask[i] = a > 127 ? 1 : 0;
    if (color === null) {
      if (channels === 4) {
        const r = src[j]! >> shift;
        const g = src[j + 1]! >> shift;
        const b = src[j + 2]! >> shift;
        if (r || g || b || a) color = [r, g, b, a];
      } else {
        const v = src[j]! >> shift;
        if (v || a) color = [v, v, v, a];
      }
    }
  }
  return { mask: { width, height, data: mask }, color };
}

/**
 * Encodes a mask as the SDK's `Segmentation.to_coordinates`: `geo = mask / max(mask)` when
 * `max > 1`, then RGBA `(r·geo, g·geo, b·geo, 255·geo)` truncated to bytes, PNG, base64, prefix.
 * Only the first three components of `color` are used.
 *
 * @example
 * encodeSegmentationPng({ width: 2, height: 1, data: new Uint8Array([0, 1]) }, [255, 0, 0]);
 */
export function encodeSegmentationPng(mask: Mask, color: readonly number[]): string {
  assertMask(mask);
  return (
    PNG_DATA_URL_PREFIX + bytesToBase64(segmentationPngBytes(mask.width, mask.height, { x: 0, y: 0, mask }, color))
  );
}
