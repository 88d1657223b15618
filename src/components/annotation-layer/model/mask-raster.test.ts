// Chromium: MaskRaster's row-wise read / write and replace() against a plain per-pixel reference (a
// full-size array of the item), and its canvas against its bytes (alpha where a pixel is set).
import { describe, expect, it } from 'vitest';
import { MASK_FILL_ALPHA, MaskRaster } from './mask-raster.js';

const W = 97;
const H = 61;
const rng = (seed: number) => {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / 0x1000000;
};

/** The canvas' alpha > 0 at every region pixel equals the byte there. */
function canvasMatches(m: MaskRaster): boolean {
  const set = (v: number | undefined) => v === 1;
  if (!m.width) return true;
  const c = m.canvas;
  const px = (c.getContext('2d') as OffscreenCanvasRenderingContext2D).getImageData(0, 0, m.width, m.height).data;
  for (let i = 0; i < m.width * m.height; i++) if (px[4 * i + 3]! > 0 !== set(m.data[i])) return false;
  return true;
}

/** The raster's bytes expanded to the item, the plain way. */
function expand(m: MaskRaster): Uint8Array {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < m.height; y++)
    for (let x = 0; x < m.width; x++) out[(m.y + y) * W + m.x + x] = m.data[y * m.width + x]!;
  return out;
}

describe('MaskRaster', () => {
  it('read and write of random rects (inside, across and outside the region) equal a per-pixel reference', () => {
    const r = rng(5);
    const m = new MaskRaster(W, H, '#ff0000');
    const ref = new Uint8Array(W * H);
    for (let k = 0; k < 40; k++) {
      const x = Math.floor(r() * (W + 20)) - 10;
      const y = Math.floor(r() * (H + 20)) - 10;
      const rect = { x, y, width: 1 + Math.floor(r() * 40), height: 1 + Math.floor(r() * 30) };
      // read first: zero outside the region and the item
      const got = m.read(rect);
      for (let j = 0; j < rect.height; j++)
        for (let i = 0; i < rect.width; i++) {
          const X = rect.x + i;
          const Y = rect.y + j;
          const want = X >= 0 && Y >= 0 && X < W && Y < H ? ref[Y * W + X]! : 0;
          expect(got[j * rect.width + i], `read (${X}, ${Y}) of write ${k}`).toBe(want);
        }
      const bytes = new Uint8Array(rect.width * rect.height).map(() => (r() < 0.5 ? 1 : 0));
      m.write(rect, bytes);
      for (let j = 0; j < rect.height; j++)
        for (let i = 0; i < rect.width; i++) {
          const X = rect.x + i;
          const Y = rect.y + j;
          if (X >= 0 && Y >= 0 && X < W && Y < H) ref[Y * W + X] = bytes[j * rect.width + i]!;
        }
      expect(expand(m)).toEqual(ref);
    }
    expect(canvasMatches(m)).toBe(true);
  });

  it('replace() takes the new box and bytes, drawn from a paint, from a coarse paint then in idle bands, or from the bytes', async () => {
    const r = rng(9);
    const box = { x: 10, y: 7, width: 50, height: 40 };
    const data = new Uint8Array(box.width * box.height).map(() => (r() < 0.6 ? 1 : 0));
    /** A bitmap of the bytes in the raster's colour, one pixel per `k`² pixels (top-left of each block). */
    const paintOf = async (k: number) => {
      const w = Math.ceil(box.width / k);
      const h = Math.ceil(box.height / k);
      const img = new ImageData(w, h);
      for (let j = 0; j < h; j++)
        for (let i = 0; i < w; i++)
          if (data[j * k * box.width + i * k]) img.data.set([255, 0, 0, MASK_FILL_ALPHA], 4 * (j * w + i));
      return createImageBitmap(img, { premultiplyAlpha: 'none' });
    };
    for (const how of ['paint', 'coarse', 'bytes'] as const) {
      const m = new MaskRaster(W, H, '#ff0000');
      m.write({ x: 0, y: 0, width: 30, height: 30 }, new Uint8Array(900).fill(1));
      const v = m.version;
      const p = { ...box, mask: { width: box.width, height: box.height, data: data.slice() } };
      const paint = how === 'bytes' ? undefined : await paintOf(how === 'coarse' ? 4 : 1);
      const ok = m.replace(p, paint, how === 'coarse' ? 4 : 1);
      // a full-resolution paint is drawn as it came, no canvas made for it until one is needed
      if (how === 'paint') expect(m.image).toBe(paint);
      expect(ok).toBe(true);
      expect(m.version).toBeGreaterThan(v);
      expect(m.bounds).toEqual(box);
      expect(m.data).toEqual(data);
      expect(m.coarse).toBe(how === 'coarse');
      if (how === 'coarse') {
        m.sharpenWhenIdle();
        const t = performance.now();
        while (m.coarse && performance.now() - t < 10_000) await new Promise((res) => setTimeout(res, 10));
        expect(m.coarse).toBe(false);
      }
      expect(canvasMatches(m), how).toBe(true);
    }
    // fromPlaced takes a full-resolution paint as is too; a write then draws it into a canvas first
    const bmp = await paintOf(1);
    const f = MaskRaster.fromPlaced(
      { ...box, mask: { width: box.width, height: box.height, data: data.slice() } },
      W,
      H,
      '#ff0000',
      bmp,
    );
    expect(f.image).toBe(bmp);
    f.write({ x: box.x, y: box.y, width: 2, height: 1 }, new Uint8Array([1, 0]));
    expect(f.image).not.toBe(bmp);
    expect(canvasMatches(f)).toBe(true);
    // a box partly outside the item is refused (the caller writes it pixel by pixel)
    const m = new MaskRaster(W, H, '#ff0000');
    expect(m.replace({ x: W - 5, y: 0, mask: { width: 10, height: 2, data: new Uint8Array(20) } })).toBe(false);
    expect(m.bounds.width).toBe(0);
  });
});
