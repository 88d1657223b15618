import { Unzlib } from 'fflate';

/** What {@link pngDataProblem} needs from the IHDR (already checked for size limits). */
export interface PngDims {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Bytes the image data of this header inflates to (filter bytes included), or `undefined` for a
 * header no PNG may have.
 */
export function pngRawSize(h: PngDims): number | undefined {
  const ch = CHANNELS[h.colorType];
  if (!ch || !DEPTHS[h.colorType]!.includes(h.bitDepth) || (h.interlace !== 0 && h.interlace !== 1)) return undefined;
  const rowBytes = (w: number) => Math.ceil((w * ch * h.bitDepth) / 8);
  if (h.interlace === 0) return h.height * (1 + rowBytes(h.width));
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((h.width - x0) / dx);
    const rows = Math.ceil((h.height - y0) / dy);
    if (w > 0 && rows > 0) total += rows * (1 + rowBytes(w));
  }
  return total;
}

/**
 * Check a whole PNG file against its (already size-checked) header without holding its pixels:
 * chunks are well-formed and the IDAT stream inflates to exactly the size the header declares,
 * counted as it streams (a few KB of memory). A compressed "bomb" stops being read at the first
 * byte past the declared size. Returns a sentence when something is wrong, else `undefined`.
 */
export function pngDataProblem(bytes: Uint8Array, h: PngDims): string | undefined {
  const expected = pngRawSize(h);
  if (expected === undefined) return `the PNG header is invalid (bit depth ${h.bitDepth}, colour type ${h.colorType})`;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let inflated = 0;
  let over = false;
  let failed: string | undefined;
  const unzlib = new Unzlib((chunk) => {
    inflated += chunk.length;
    if (inflated > expected) over = true;
  });
  let p = 8;
  let sawEnd = false;
  let sawData = false;
  try {
    while (p + 12 <= bytes.length && !over) {
      const len = dv.getUint32(p);
      const type = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!);
      if (p + 12 + len > bytes.length) return `the PNG's ${type} chunk is cut off`;
      if (type === 'IDAT') {
        sawData = true;
        // Feed in slices so a bomb is noticed after at most one slice's worth of output.
        for (let o = 0; o < len && !over; o += 4096)
          unzlib.push(bytes.subarray(p + 8 + o, p + 8 + Math.min(len, o + 4096)));
      } else if (type === 'IEND') {
        sawEnd = true;
        break;
      }
      p += 12 + len;
    }
    if (!over && sawData) unzlib.push(new Uint8Array(0), true);
  } catch (e) {
    failed = (e as Error).message;
  }
  if (over) return `the PNG's image data inflates to more than the ${expected} bytes its header declares`;
  if (failed) return `the PNG's image data does not inflate (${failed})`;
  if (!sawData) return 'the PNG has no image data (IDAT)';
  if (!sawEnd) return 'the PNG has no IEND chunk';
  if (inflated !== expected) return `the PNG's image data is ${inflated} bytes, its header declares ${expected}`;
  return undefined;
}
