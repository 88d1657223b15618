// Encoding the Dataloop `binary` annotation (spec §1.5): the SDK's `Segmentation.to_coordinates`
// (value → colour · value / max, RGBA PNG, base64, data-URL prefix) on the run-length PNG encoder.
// Kept apart from the decoder so that page code that only encodes does not pull in fast-png.
import { DlGeometryError } from '../errors.js';
import { assertMask } from '../mask.js';
import { bytesToBase64 } from './base64.js';
import {
  encodeMaskPng,
  encodeMaskPngSliced,
  type MaskRegion,
  type SlicedEncodeOptions,
  yieldMacrotask,
} from './mask-png.js';

/** The prefix Dataloop writes; the SDK strips exactly this many characters (22) before decoding. */
export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

/**
 * `encodeSegmentationPng` (segmentation-codec.ts) of a mask given as a region of a `width × height` image (0 outside
 * it, parts outside the image dropped), without building the full-size mask: the same bytes as
 * encoding the expanded mask, in time that grows with the region, not the image.
 *
 * @example
 * const url = encodePlacedSegmentationPng(wandResult, item.width, item.height, [255, 0, 0]);
 */
export function encodePlacedSegmentationPng(
  region: MaskRegion,
  width: number,
  height: number,
  color: readonly number[],
): string {
  checkPlaced(region, width, height);
  return PNG_DATA_URL_PREFIX + bytesToBase64(segmentationPngBytes(width, height, region, color));
}

/**
 * {@link encodePlacedSegmentationPng} in slices of about `sliceMs` of work (the rows, then the base64
 * text), awaiting `yieldTo` between them: a worker encoding a large mask in the background answers
 * other messages within a slice. The same data URL.
 *
 * @example
 * const url = await encodePlacedSegmentationPngSliced(wandResult, item.width, item.height, [255, 0, 0]);
 */
export async function encodePlacedSegmentationPngSliced(
  region: MaskRegion,
  width: number,
  height: number,
  color: readonly number[],
  options: Omit<SlicedEncodeOptions, 'binary'> = {},
): Promise<string> {
  checkPlaced(region, width, height);
  const { lut, binary } = segmentationLut(region, color);
  const png = await encodeMaskPngSliced(width, height, region, lut, { ...options, binary });
  const sliceMs = options.sliceMs ?? 4;
  const yieldTo = options.yieldTo ?? yieldMacrotask;
  // base64 in pieces of a multiple of 3 bytes (their texts concatenate), yielding between long stretches
  const parts: string[] = [PNG_DATA_URL_PREFIX];
  let since = performance.now();
  for (let o = 0; o < png.length; o += BASE64_PIECE) {
    if (o > 0 && performance.now() - since > sliceMs) {
      await yieldTo();
      since = performance.now();
    }
    parts.push(bytesToBase64(png.subarray(o, o + BASE64_PIECE)));
  }
  return parts.join('');
}

/** Bytes per base64 piece of the sliced encode (a multiple of 3). */
const BASE64_PIECE = 3 * 2 ** 17;

function checkPlaced(region: MaskRegion, width: number, height: number): void {
  if (!region || typeof region !== 'object' || !Number.isInteger(region.x) || !Number.isInteger(region.y))
    throw new DlGeometryError('invalid-mask', 'segmentation region: expected integer x, y and a mask');
  assertMask(region.mask, 'segmentation region.mask', true);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    throw new DlGeometryError('invalid-argument', `segmentation: bad image size ${width}x${height}`);
}

/**
 * The PNG bytes of `encodeSegmentationPng` (segmentation-codec.ts) for a region of a `width × height` image; checks
 * the colour (the caller checks the mask).
 */
export function segmentationPngBytes(
  width: number,
  height: number,
  region: MaskRegion,
  color: readonly number[],
): Uint8Array {
  const { lut, binary } = segmentationLut(region, color);
  return encodeMaskPng(width, height, region, lut, { binary });
}

/** The value → RGBA table of the SDK's colouring, and whether the mask holds only 0 and 1; checks the colour. */
function segmentationLut(region: MaskRegion, color: readonly number[]): { lut: Uint8Array; binary: boolean } {
  if (!Array.isArray(color) || color.length < 3 || color.slice(0, 3).some((c) => !Number.isFinite(c))) {
    throw new DlGeometryError(
      'invalid-argument',
      `segmentation colour: expected [r, g, b] numbers, got ${JSON.stringify(color)}`,
    );
  }
  const max = maxValue(region.mask.data);
  // Per-value lookup: numpy computes (v / max) * c in float64 and casts to uint8 by truncation.
  const div = Math.max(max, 1);
  const lut = new Uint8Array(256 * 4);
  const cs = [color[0]!, color[1]!, color[2]!, 255];
  for (let v = 0; v < 256; v++) {
    const geo = div === 1 ? v : v / div;
    for (let k = 0; k < 4; k++) lut[v * 4 + k] = toUint8(cs[k]! * geo);
  }
  return { lut, binary: max <= 1 };
}

// numpy's float -> uint8 cast truncates toward zero and wraps modulo 256 (C behaviour on x86 for
// in-range values); colours are 0..255 and geo 0..1 so only truncation matters in practice.
function toUint8(v: number): number {
  return Math.trunc(v) & 0xff;
}

/** The largest value; a 0/1 mask (the usual case) is recognised four bytes at a time. */
function maxValue(data: Uint8Array): number {
  if ((data.byteOffset & 3) === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
    let or = 0;
    for (let i = 0; i < words.length; i++) or |= words[i]!;
    for (let i = words.length * 4; i < data.length; i++) or |= data[i]!;
    if ((or & 0xfefefefe) === 0) return or ? 1 : 0;
  }
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  return max;
}
