// Node: the segmentation PNG codec (spec §1.5) against numpy/cv2-made fixtures.
import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { decodeSegmentationPng, encodeSegmentationPng, PNG_DATA_URL_PREFIX } from './segmentation-codec.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { DlGeometryError } from '../errors.js';
import { codecFixture, decodeRle } from '../../../test/fixtures/geometry/fixtures.js';

const pixels = (url: string) => decode(base64ToBytes(url.slice(22)));

describe('encodeSegmentationPng', () => {
  it('fractional geo truncates exactly as numpy (colour * mask / max, alpha 255 * geo)', () => {
    const { mask, color, rgba } = codecFixture.gradient;
    const png = pixels(encodeSegmentationPng(decodeRle(mask), color));
    expect(png.channels).toBe(4);
    expect(png.depth).toBe(8);
    expect(Array.from(png.data)).toEqual(Array.from(decodeRle(rgba).data));
  });
  it('0/1 and 0/255 masks give (r,g,b,255) on, (0,0,0,0) off, like the cv2-written reference', () => {
    for (const c of [codecFixture.binary01, codecFixture.binary255]) {
      const mine = pixels(encodeSegmentationPng(decodeRle(c.mask), c.color));
      expect(Array.from(mine.data)).toEqual(Array.from(pixels(c.dataUrl).data));
    }
  });
  it('rejects bad masks and colours with typed errors', () => {
    expect(() => encodeSegmentationPng({ width: 2, height: 2, data: new Uint8Array(3) }, [1, 2, 3])).toThrow(
      DlGeometryError,
    );
    expect(() => encodeSegmentationPng({ width: 1, height: 1, data: new Uint8Array(1) }, [1, NaN, 3])).toThrow(
      DlGeometryError,
    );
  });
});

describe('decodeSegmentationPng', () => {
  it('decodes PNGs written by another encoder (cv2): mask = alpha > 127, colour = first non-zero pixel', () => {
    const c = codecFixture.binary255;
    const { mask, color } = decodeSegmentationPng(c.dataUrl);
    const want = decodeRle(c.mask).data.map((v) => (v ? 1 : 0));
    expect(Array.from(mask.data)).toEqual(Array.from(want));
    expect(color).toEqual([250, 0, 1, 255]);
  });
  it('alpha threshold is strictly > 127, colour is the full RGBA of the first non-zero pixel', () => {
    const { mask, color } = decodeSegmentationPng(
      encodeSegmentationPng({ width: 4, height: 1, data: new Uint8Array([0, 127, 128, 255]) }, [10, 20, 30]),
    );
    // geo = v/255: alpha = trunc(255 * v / 255) = v -> 127 is off, 128 on; first non-zero pixel is index 1
    expect(Array.from(mask.data)).toEqual([0, 0, 1, 1]);
    expect(color).toEqual([
      Math.trunc((10 * 127) / 255),
      Math.trunc((20 * 127) / 255),
      Math.trunc((30 * 127) / 255),
      127,
    ]);
  });
  it('strips exactly 22 characters: anything else there is ignored, as in the SDK', () => {
    const url = codecFixture.binary01.dataUrl;
    const other = 'data:image/xyz;base64,' + url.slice(22);
    expect(other.slice(0, 22).length).toBe(PNG_DATA_URL_PREFIX.length);
    expect(decodeSegmentationPng(other).mask.data).toEqual(decodeSegmentationPng(url).mask.data);
  });
  it('round trip decode(encode(mask)) is the identity for 0/1 masks of odd sizes', () => {
    for (const [w, h] of [
      [1, 1],
      [7, 3],
      [33, 65],
    ] as const) {
      const data = new Uint8Array(w * h).map((_, i) => ((i * 2654435761) >>> 28) & 1);
      expect(decodeSegmentationPng(encodeSegmentationPng({ width: w, height: h, data }, [1, 2, 3])).mask.data).toEqual(
        data,
      );
    }
  });
  it('corrupt data is a typed invalid-png error', () => {
    const bad = (s: string) => {
      try {
        decodeSegmentationPng(s);
      } catch (e) {
        expect(e).toBeInstanceOf(DlGeometryError);
        expect((e as DlGeometryError).code).toBe('invalid-png');
        return;
      }
      throw new Error('no error');
    };
    bad(PNG_DATA_URL_PREFIX + 'not base64 at all!!');
    bad(PNG_DATA_URL_PREFIX + bytesToBase64(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3])));
    const url = codecFixture.binary01.dataUrl;
    bad(url.slice(0, 60)); // truncated PNG
    bad('data:');
    bad(42 as unknown as string);
  });
});
