// Node: the fast PNG paths against fast-png (a second, independent decoder/encoder).
import { describe, expect, it } from 'vitest';
import { decode, encode } from 'fast-png';
import { decodeAlphaPng, encodeRgbaPng } from './png.js';
import { base64ToBytes } from './base64.js';
import { codecFixture, renderFixture } from '../../../test/fixtures/geometry/fixtures.js';

const noise = (n: number, seed: number) => {
  let s = seed;
  return new Uint8Array(n).map(() => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24) & (s & 0x100 ? 255 : 7));
};

describe('png.ts', () => {
  it('decodes cv2-written PNGs (adaptive filters) exactly like fast-png', () => {
    const urls = [
      codecFixture.binary01.dataUrl,
      codecFixture.binary255.dataUrl,
      ...renderFixture.annotations.filter((a) => a.type === 'binary').map((a) => a.coordinates as string),
    ];
    for (const u of urls) {
      const bytes = base64ToBytes(u.slice(22));
      const mine = decodeAlphaPng(bytes)!;
      const ref = decode(bytes);
      expect(mine).not.toBeNull();
      expect([mine.width, mine.height, mine.channels]).toEqual([ref.width, ref.height, ref.channels]);
      expect(mine.data).toEqual(ref.data);
    }
  });
  it('decodes every filter type fast-png writes for noisy RGBA and grey+alpha', () => {
    for (const [w, h, ch] of [
      [1, 1, 4],
      [17, 9, 4],
      [64, 33, 2],
      [5, 40, 2],
    ] as const) {
      const data = noise(w * h * ch, w * 31 + h);
      const bytes = encode({ width: w, height: h, data, channels: ch, depth: 8 });
      const mine = decodeAlphaPng(bytes)!;
      expect(mine.data).toEqual(decode(bytes).data);
    }
  });
  it('encodes so that fast-png reads back the same pixels, deterministically', () => {
    const data = noise(23 * 11 * 4, 7);
    const a = encodeRgbaPng(23, 11, data);
    expect(encodeRgbaPng(23, 11, data)).toEqual(a);
    const back = decode(a);
    expect([back.width, back.height, back.channels, back.depth]).toEqual([23, 11, 4, 8]);
    expect(back.data).toEqual(data);
  });
  it('leaves other PNG kinds to the general decoder and rejects garbage', () => {
    const rgb = encode({ width: 2, height: 2, data: new Uint8Array(12), channels: 3, depth: 8 });
    expect(decodeAlphaPng(rgb)).toBeNull();
    expect(() => decodeAlphaPng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow();
    const good = encodeRgbaPng(4, 4, new Uint8Array(64));
    expect(() => decodeAlphaPng(good.subarray(0, 40))).toThrow();
  });
});
