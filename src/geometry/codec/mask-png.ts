// Masks as RGBA PNGs, fast: a mask is long runs of one value, so each row is encoded run by run
// (run-deflate.ts) straight from the one-byte-per-pixel values and a value → RGBA table; the RGBA
// image and the filtered byte stream are never built. Only the region that holds the mask is read:
// rows and columns outside it are runs of value 0.
import { rgbaPngFile } from './png.js';
import { RunDeflater } from './run-deflate.js';

/** One byte per pixel over a region `(x, y, mask.width × mask.height)` of a larger image. */
export interface MaskRegion {
  x: number;
  y: number;
  mask: { width: number; height: number; data: Uint8Array };
}

/**
 * Encodes a `width × height` RGBA PNG whose pixel is `lut[4v .. 4v+3]` for the mask value `v` at that
 * pixel (0 outside `region`; parts of the region outside the image are dropped). Every row uses
 * filter None. Deterministic: the same input gives the same bytes in Node, workers and pages.
 * `binary: true` promises that every value is 0 or 1: runs are then found with the engine's native
 * search (`indexOf`), several times faster than a scan in JS; other values would be misread.
 *
 * @example
 * const lut = new Uint8Array(256 * 4);
 * lut.set([255, 0, 0, 255], 4); // value 1 → opaque red
 * const png = encodeMaskPng(4096, 4096, { x: 10, y: 20, mask }, lut);
 */
export function encodeMaskPng(
  width: number,
  height: number,
  region: MaskRegion,
  lut: Uint8Array,
  options: { binary?: boolean } = {},
): Uint8Array {
  const { mask } = region;
  const rw = mask.width;
  const d = mask.data;
  // The region clipped to the image, in image and region coordinates.
  const x0 = Math.max(0, region.x);
  const x1 = Math.min(width, region.x + rw);
  const y0 = Math.max(0, region.y);
  const y1 = Math.min(height, region.y + mask.height);
  const z = new RunDeflater(Math.max(1 << 12, height * ((width >> 6) + 8)));
  const w32 = (d.byteOffset & 3) === 0 ? new Uint32Array(d.buffer, d.byteOffset, d.length >> 2) : null;
  let pv = 0;
  let pc = 0;
  const flush = () => {
    const o = pv * 4;
    z.repeat(lut[o]!, lut[o + 1]!, lut[o + 2]!, lut[o + 3]!, pc);
  };
  for (let y = 0; y < height; y++) {
    z.literal(0); // filter None
    if (y < y0 || y >= y1 || x0 >= x1) {
      pv = 0;
      pc = width;
      flush();
      continue;
    }
    pv = 0;
    pc = x0;
    const row = (y - region.y) * rw - region.x;
    if (options.binary) {
      // the row's part inside the region: each run ends at the first byte of the other value
      const r = d.subarray(row + x0, row + x1);
      for (let i = 0; i < r.length; ) {
        const v = r[i]!;
        let e = r.indexOf(v ^ 1, i);
        if (e < 0) e = r.length;
        if (v === pv) pc += e - i;
        else {
          if (pc) flush();
          pv = v;
          pc = e - i;
        }
        i = e;
      }
    } else {
      let pw = 0; // pv in each byte of a word
      for (let x = x0; x < x1; ) {
        const i = row + x;
        // Inside a run, four pixels at a time (an aligned word that repeats the run's value).
        if (w32 && (i & 3) === 0 && x + 4 <= x1 && w32[i >> 2] === pw) {
          pc += 4;
          x += 4;
          continue;
        }
        const v = d[i]!;
        if (v === pv) pc++;
        else {
          if (pc) flush();
          pv = v;
          pw = v * 0x01010101;
          pc = 1;
        }
        x++;
      }
    }
    if (pv === 0) pc += width - x1;
    else {
      flush();
      pv = 0;
      pc = width - x1;
    }
    if (pc) flush();
  }
  return rgbaPngFile(width, height, z.finish());
}
