// The decoder's guards: a mask header over the pixel limit is refused before any pixel buffer
// exists, and image data that inflates past its declared size (a "bomb") is refused while it is
// counted, never held.
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pngDataUrl, rawPng } from '../../entities/annotations/test-utils/raw-png.js';
import { DlGeometryError } from '../errors.js';
import { pngDataProblem, pngRawSize } from './png-check.js';
import { decodeSegmentationPng } from './segmentation-codec.js';

const header = (width: number, height: number, colorType = 6, bitDepth = 8) => ({
  width,
  height,
  bitDepth,
  colorType,
  interlace: 0,
});

describe('pngRawSize', () => {
  it('counts a filter byte per row and packs sub-byte depths', () => {
    expect(pngRawSize(header(10, 3))).toBe(3 * (1 + 40));
    expect(pngRawSize(header(10, 3, 3, 1))).toBe(3 * (1 + 2));
    expect(pngRawSize({ ...header(8, 8), interlace: 1 })).toBe(
      // Adam7 passes of an 8x8 RGBA image: 1,1,2,2,4,4,8 columns x 1,1,1,2,2,4,4 rows.
      [
        [1, 1],
        [1, 1],
        [2, 1],
        [2, 2],
        [4, 2],
        [4, 4],
        [8, 4],
      ].reduce((n, [w, h]) => n + h! * (1 + w! * 4), 0),
    );
    expect(pngRawSize(header(4, 4, 2, 4))).toBeUndefined();
  });
});

describe('pngDataProblem', () => {
  it('accepts image data of exactly the declared size', () => {
    expect(pngDataProblem(rawPng({ width: 9, height: 7 }), header(9, 7))).toBeUndefined();
  });

  it('stops reading a bomb at the first byte past the declared size', () => {
    const bomb = rawPng({ width: 8, height: 6, idat: zlibSync(new Uint8Array(8 * 1024 * 1024)) });
    expect(bomb.length).toBeLessThan(100_000);
    expect(pngDataProblem(bomb, header(8, 6))).toMatch(/inflates to more than the 198 bytes/);
  });

  it('refuses short, corrupt and cut data', () => {
    expect(pngDataProblem(rawPng({ width: 8, height: 6, idat: zlibSync(new Uint8Array(10)) }), header(8, 6))).toMatch(
      /is 10 bytes, its header declares 198/,
    );
    expect(pngDataProblem(rawPng({ width: 8, height: 6, idat: new Uint8Array([1, 2, 3, 4]) }), header(8, 6))).toMatch(
      /does not inflate/,
    );
    expect(pngDataProblem(rawPng({ width: 8, height: 6, noEnd: true }), header(8, 6))).toMatch(/no IEND/);
    expect(pngDataProblem(rawPng({ width: 8, height: 6 }).subarray(0, 50), header(8, 6))).toMatch(/cut off/);
  });
});

describe('decodeSegmentationPng refuses before it allocates', () => {
  it('a header over the pixel limit (20000 x 20000 would be 1.6 GB of RGBA)', () => {
    const url = pngDataUrl(rawPng({ width: 20000, height: 20000, idat: zlibSync(new Uint8Array(100)) }));
    expect(() => decodeSegmentationPng(url)).toThrow(DlGeometryError);
    expect(() => decodeSegmentationPng(url)).toThrow(/more than/);
  });

  it('a palette PNG (the general decoder) whose data is a bomb', () => {
    const bomb = rawPng({ width: 8, height: 6, colorType: 3, idat: zlibSync(new Uint8Array(8 * 1024 * 1024)) });
    expect(() => decodeSegmentationPng(pngDataUrl(bomb))).toThrow(/inflates to more than/);
  });

  it('an RGBA bomb on the fast path is cut at the declared size: the mask has the declared size', () => {
    const bomb = rawPng({ width: 8, height: 6, idat: zlibSync(new Uint8Array(8 * 1024 * 1024)) });
    const { mask } = decodeSegmentationPng(pngDataUrl(bomb));
    expect([mask.width, mask.height, mask.data.length]).toEqual([8, 6, 48]);
  });
});
