// Image headers and thumbnails. Sizes are checked against files written by libvips (sharp, an
// encoder independent of this server's header reader) and against hand-built headers from the
// format specifications; thumbnails are made by libvips and refused past the pixel limit from the
// header alone.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { zlibSync } from 'fflate';
import sharp from 'sharp';
import { rawPng } from '../../src/entities/annotations/test-utils/raw-png.js';
import { readImageInfo } from '../images/image-info.js';
import { makeThumbnail, MAX_THUMBNAIL_INPUT_PIXELS, overPixelLimit } from '../images/thumbnail.js';
import { maskDataUrl } from '../images/generate.js';

const gradient = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 100, b: 50 } } });

describe('readImageInfo', () => {
  it('reads PNG, JPEG (baseline and progressive), GIF, WebP (lossy, lossless, with alpha) sizes as libvips wrote them', async () => {
    const cases: [string, Promise<Buffer>, string][] = [
      ['png', gradient(123, 45).png().toBuffer(), 'image/png'],
      ['jpeg', gradient(123, 45).jpeg().toBuffer(), 'image/jpeg'],
      ['progressive jpeg', gradient(123, 45).jpeg({ progressive: true }).toBuffer(), 'image/jpeg'],
      ['gif', gradient(123, 45).gif().toBuffer(), 'image/gif'],
      ['webp (VP8)', gradient(123, 45).webp({ quality: 50 }).toBuffer(), 'image/webp'],
      ['webp (VP8L)', gradient(123, 45).webp({ lossless: true }).toBuffer(), 'image/webp'],
      ['webp (VP8X)', gradient(123, 45).ensureAlpha(0.5).webp().toBuffer(), 'image/webp'],
    ];
    for (const [name, bytes, mimetype] of cases)
      expect([name, readImageInfo(new Uint8Array(await bytes))]).toEqual([name, { mimetype, width: 123, height: 45 }]);
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

describe('thumbnails', () => {
  it.each([
    ['png', () => gradient(1000, 500).png().toBuffer(), 'image/png', 0],
    ['jpeg', () => gradient(1000, 500).jpeg().toBuffer(), 'image/jpeg', 3],
    ['gif', () => gradient(1000, 500).gif().toBuffer(), 'image/gif', 8],
    ['webp', () => gradient(1000, 500).webp().toBuffer(), 'image/webp', 6],
  ])(
    'a %s becomes a thumbnail with the longest side 256 and the same colour',
    async (_n, make, mimetype, tolerance) => {
      const dir = mkdtempSync(join(tmpdir(), 'dlkit-thumb-'));
      try {
        const path = join(dir, 'src');
        writeFileSync(path, await make());
        const t = (await makeThumbnail(path, mimetype))!;
        const jpeg = mimetype === 'image/jpeg';
        expect([t.kind, t.mimetype]).toEqual(jpeg ? ['jpeg', 'image/jpeg'] : ['png', 'image/png']);
        const { data, info } = await sharp(t.bytes).raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([256, 128]);
        const mid = (64 * 256 + 128) * info.channels;
        for (const [k, want] of [200, 100, 50].entries())
          expect(Math.abs(data[mid + k]! - want)).toBeLessThanOrEqual(tolerance);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('a small image is not enlarged; a broken file gets no thumbnail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlkit-thumb-'));
    try {
      writeFileSync(join(dir, 'small'), await gradient(40, 30).png().toBuffer());
      const t = (await makeThumbnail(join(dir, 'small'), 'image/png'))!;
      expect([decode(t.bytes).width, decode(t.bytes).height]).toEqual([40, 30]);
      writeFileSync(join(dir, 'broken'), new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0, 0x11, 8, 0, 16, 0, 32, 3]));
      expect(await makeThumbnail(join(dir, 'broken'), 'image/jpeg')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('headers declaring more than the pixel limit are refused before decoding, for every format', async () => {
    const side = 12000; // 144 Mpx
    expect(side * side).toBeGreaterThan(MAX_THUMBNAIL_INPUT_PIXELS);
    const u16be = (n: number) => [n >> 8, n & 255];
    const u16le = (n: number) => [n & 255, n >> 8];
    const u24le = (n: number) => [n & 255, (n >> 8) & 255, n >> 16];
    const headers: [string, Uint8Array][] = [
      ['png', rawPng({ width: side, height: side, idat: zlibSync(new Uint8Array(10)) })],
      [
        'jpeg',
        new Uint8Array([
          0xff,
          0xd8,
          0xff,
          0xc0,
          0,
          0x11,
          8,
          ...u16be(side),
          ...u16be(side),
          3,
          1,
          0x22,
          0,
          2,
          0x11,
          1,
          3,
          0x11,
          1,
        ]),
      ],
      ['gif', new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, ...u16le(side), ...u16le(side), 0, 0, 0])],
      [
        'webp',
        new Uint8Array([
          0x52,
          0x49,
          0x46,
          0x46,
          0,
          0,
          0,
          0,
          0x57,
          0x45,
          0x42,
          0x50,
          0x56,
          0x50,
          0x38,
          0x58,
          10,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          ...u24le(side - 1),
          ...u24le(side - 1),
        ]),
      ],
    ];
    const dir = mkdtempSync(join(tmpdir(), 'dlkit-thumb-'));
    try {
      for (const [name, bytes] of headers) {
        expect([name, overPixelLimit(bytes)]).toEqual([name, true]);
        writeFileSync(join(dir, name), bytes);
        expect([name, await makeThumbnail(join(dir, name), `image/${name}`)]).toEqual([name, undefined]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a JPEG whose size is behind 300 KB of metadata (past what the header reader reads) is held to the limit by libvips', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlkit-thumb-'));
    try {
      const real = await gradient(300, 200).jpeg().toBuffer();
      // APP2 segments of filler (64 KB each) between SOI and the rest: the header reader stops at 256 KB.
      const app2 = Buffer.concat([Buffer.from([0xff, 0xe2, 0xff, 0xff]), Buffer.alloc(0xfffd)]);
      const bytes = Buffer.concat([real.subarray(0, 2), ...new Array(5).fill(app2), real.subarray(2)]);
      expect(readImageInfo(bytes.subarray(0, 256 * 1024))).toBeUndefined();
      writeFileSync(join(dir, 'meta.jpg'), bytes);
      expect((await makeThumbnail(join(dir, 'meta.jpg'), 'image/jpeg'))?.kind).toBe('jpeg');
      expect(await makeThumbnail(join(dir, 'meta.jpg'), 'image/jpeg', 300 * 200 - 1)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
