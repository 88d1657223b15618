// PNG row filters (PNG spec §9): undoing them is the one piece of PNG decoding both the client codec
// (fflate inflate, pages and workers) and the server's native decoder (node:zlib) share.

/**
 * Undoes the filter of row `y` of inflated PNG data `raw` (each row: one filter-type byte, then
 * `stride` bytes) into `out` (rows of `stride` bytes, rows above `y` already unfiltered). `bpp` is
 * the bytes per pixel (channels of an 8-bit image). Throws on an unknown filter type.
 */
export function unfilterRow(raw: Uint8Array, out: Uint8Array, y: number, stride: number, bpp: number): void {
  const f = raw[y * (stride + 1)]!;
  const src = y * (stride + 1) + 1;
  const dst = y * stride;
  const up = dst - stride;
  const first = y === 0;
  if (f === 0 || (f === 2 && first)) out.set(raw.subarray(src, src + stride), dst);
  else if (f === 1) {
    for (let i = 0; i < bpp; i++) out[dst + i] = raw[src + i]!;
    for (let i = bpp; i < stride; i++) out[dst + i] = (raw[src + i]! + out[dst + i - bpp]!) & 255;
  } else if (f === 2) for (let i = 0; i < stride; i++) out[dst + i] = (raw[src + i]! + out[up + i]!) & 255;
  else if (f === 3)
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = first ? 0 : out[up + i]!;
      out[dst + i] = (raw[src + i]! + ((a + b) >> 1)) & 255;
    }
  else if (f === 4)
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = first ? 0 : out[up + i]!;
      const c = !first && i >= bpp ? out[up + i - bpp]! : 0;
      // Paeth: the neighbour nearest to a + b - c.
      const pa = Math.abs(b - c);
      const pb = Math.abs(a - c);
      const pc = Math.abs(a + b - 2 * c);
      out[dst + i] = (raw[src + i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
    }
  else throw new Error(`unknown PNG filter type ${f} in row ${y}`);
}

/** Undoes the filters of every row: `height` rows of `stride` bytes, `bpp` bytes per pixel. */
export function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) unfilterRow(raw, out, y, stride, bpp);
  return out;
}
