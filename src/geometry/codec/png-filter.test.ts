// The shared PNG row-filter reversal against a forward filter written from the PNG specification (W3C PNG, section 9.2 filter types).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unfilter, unfilterRow } from './png-filter.js';

/** Filters `pixels` (rows of `stride` bytes) with filter type `types[y]` per row, as an encoder does. */
function filterRows(pixels: Uint8Array, height: number, stride: number, bpp: number, types: number[]): Uint8Array {
  const raw = new Uint8Array((stride + 1) * height);
  const px = (x: number, y: number) => (x < 0 || y < 0 ? 0 : pixels[y * stride + x]!);
  for (let y = 0; y < height; y++) {
    const t = types[y]!;
    raw[y * (stride + 1)] = t;
    for (let x = 0; x < stride; x++) {
      const v = px(x, y);
      const a = px(x - bpp, y);
      const b = px(x, y - 1);
      const c = px(x - bpp, y - 1);
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][t]!;
      raw[y * (stride + 1) + 1 + x] = (v - pred) & 255;
    }
  }
  return raw;
}

describe('PNG row filters', () => {
  it('undo every filter type, mixed per row, for 1-4 bytes per pixel (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer(),
        (bpp, width, height, seed) => {
          const stride = width * bpp;
          let s = seed | 1;
          // Half the cases draw from 4 values only: Paeth ties (which neighbour wins) happen often then.
          const range = seed & 1 ? 255 : 3;
          const pixels = Uint8Array.from(
            { length: stride * height },
            () => ((s = (s * 48271) % 2147483647) >>> 3) & range,
          );
          const types = Array.from({ length: height }, (_, y) => (((seed + y * 7) % 5) + 5) % 5);
          const raw = filterRows(pixels, height, stride, bpp, types);
          expect(unfilter(raw, height, stride, bpp)).toEqual(pixels);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names an unknown filter type and its row', () => {
    const raw = new Uint8Array([0, 1, 2, 7, 3, 4]);
    const out = new Uint8Array(4);
    unfilterRow(raw, out, 0, 2, 1);
    expect(() => unfilterRow(raw, out, 1, 2, 1)).toThrow('unknown PNG filter type 7 in row 1');
  });
});
