// Image headers and thumbnails. Sizes are checked against files written by ImageMagick (an
// independent encoder) and against hand-built headers from the format specifications.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { readImageInfo } from '../images/image-info.js';
import { makePngThumbnail, resizeBox } from '../images/thumbnail.js';
import { decodePngNative } from '../images/png-decode-native.js';
import { encodePngNative, maskDataUrl } from '../images/generate.js';

let hasMagick = false;
try {
  execFileSync('convert', ['-version'], { stdio: 'ignore' });
  hasMagick = true;
} catch {
  hasMagick = false;
}

describe('readImageInfo', () => {
  it.skipIf(!hasMagick)('reads PNG, JPEG (baseline and progressive), GIF, WebP sizes as ImageMagick wrote them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlkit-img-'));
    try {
      const cases: [string, string[], string][] = [
        ['a.png', [], 'image/png'],
        ['b.jpg', [], 'image/jpeg'],
        ['c.jpg', ['-interlace', 'JPEG'], 'image/jpeg'],
        ['d.gif', [], 'image/gif'],
        ['e.webp', [], 'image/webp'],
        ['f.webp', ['-define', 'webp:lossless=true'], 'image/webp'],
      ];
      for (const [name, extra, mimetype] of cases) {
        const out = join(dir, name);
        execFileSync('convert', ['-size', '123x45', 'gradient:red-blue', ...extra, out]);
        expect([name, readImageInfo(readFileSync(out))]).toEqual([name, { mimetype, width: 123, height: 45 }]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads hand-built headers (GIF89a, WebP VP8X, JPEG with an APP0 before SOF0)', () => {
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x2c, 0x01, 0x90, 0x00, 0, 0]);
    expect(readImageInfo(gif)).toEqual({ mimetype: 'image/gif', width: 300, height: 144 });
    const webp = new Uint8Array(30);
    webp.set([0x52, 0x49, 0x46, 0x46], 0);
    webp.set([0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58], 8);
    webp.set([0x1f, 0x03, 0x00], 24); // width-1 = 799
    webp.set([0x57, 0x02, 0x00], 27); // height-1 = 599
    expect(readImageInfo(webp)).toEqual({ mimetype: 'image/webp', width: 800, height: 600 });
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0,
      0, 0,
    ]);
    expect(readImageInfo(jpeg)).toEqual({ mimetype: 'image/jpeg', width: 640, height: 480 });
    expect(readImageInfo(new TextEncoder().encode('<svg></svg>'))).toBeUndefined();
    expect(readImageInfo(new Uint8Array([0xff, 0xd8, 0xff]))).toBeUndefined();
  });
});

describe('PNG decode and thumbnails', () => {
  it('the native-zlib decoder agrees with fast-png for every filter type and channel count', () => {
    for (const [w, h, ch] of [
      [37, 21, 3],
      [50, 40, 4],
      [13, 7, 1],
      [9, 9, 2],
    ] as const) {
      const data = new Uint8Array(w * h * ch).map((_, i) => (i * 7919) % 251);
      const png = encode({ width: w, height: h, channels: ch, depth: 8, data });
      expect(Buffer.from(decodePngNative(png)!.data).equals(Buffer.from(decode(png).data as Uint8Array))).toBe(true);
    }
  });

  it('resizeBox averages source boxes (2x2 -> 1 is the mean, rounded)', () => {
    const src = new Uint8Array([0, 10, 20, 31]);
    expect(Array.from(resizeBox(src, 2, 2, 1, 1).data)).toEqual([Math.round((0 + 10 + 20 + 31) / 4)]);
    const r = resizeBox(new Uint8Array(600 * 300 * 3).fill(77), 600, 300, 3, 256);
    expect([r.width, r.height, r.data[0], r.data.at(-1)]).toEqual([256, 128, 77, 77]);
  });

  it('a thumbnail is a PNG with the longest side 256 and the same average colour', () => {
    const w = 1000,
      h = 500;
    const data = new Uint8Array(w * h * 3);
    for (let i = 0; i < data.length; i += 3) data.set([200, 100, 50], i);
    const t = decode(makePngThumbnail(encodePngNative(w, h, 3, data))!);
    expect([t.width, t.height, t.channels]).toEqual([256, 128, 3]);
    expect(Array.from(t.data.slice(0, 3))).toEqual([200, 100, 50]);
  });

  it('mask data URLs follow spec §1.5: RGBA, label colour with alpha 255 inside, 0,0,0,0 outside', () => {
    const url = maskDataUrl(4, 3, [10, 20, 30], (x, y) => x === 1 && y === 2);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = decode(Buffer.from(url.slice(22), 'base64'));
    expect([png.width, png.height, png.channels]).toEqual([4, 3, 4]);
    const px = (x: number, y: number) => Array.from(png.data.slice((y * 4 + x) * 4, (y * 4 + x) * 4 + 4));
    expect(px(1, 2)).toEqual([10, 20, 30, 255]);
    expect(px(0, 0)).toEqual([0, 0, 0, 0]);
  });
});
