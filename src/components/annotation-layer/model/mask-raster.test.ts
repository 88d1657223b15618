// Chromium: MaskRaster's row-wise read / write and replace() against a plain per-pixel reference (a
// full-size array of the item), and its canvas against its bytes (alpha where a pixel is set).
import { describe, expect, it } from 'vitest';
import { MASK_FILL_ALPHA, type MaskPainter, MaskRaster } from './mask-raster.js';

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

  it('has a painter make the full paint of a coarse one: every row sent, its bitmap swapped in; an edit or a failure meanwhile paints on the page', async () => {
    const box = { x: 3, y: 5, width: 1200, height: 700 }; // more than one 256 Kpx band
    const r = rng(4);
    const data = new Uint8Array(box.width * box.height).map(() => (r() < 0.5 ? 1 : 0));
    const coarse = () => createImageBitmap(new ImageData(box.width / 4, box.height / 4));
    /** A painter that collects the rows and answers with a bitmap of them (or fails when told). */
    const fake = (fail = false) => {
      const log = {
        rgba: 0,
        rows: new Uint8Array(box.width * box.height),
        sent: 0,
        dropped: 0,
        bitmap: null as ImageBitmap | null,
      };
      const painter: MaskPainter = {
        begin: (w, h, rgba) => {
          log.rgba = rgba;
          return {
            rows: (y, bytes) => {
              log.rows.set(bytes, y * w);
              log.sent += bytes.length;
            },
            end: async () => {
              if (fail) throw new Error('lost');
              const img = new ImageData(w, h);
              const px = new Uint32Array(img.data.buffer);
              for (let i = 0; i < px.length; i++) if (log.rows[i]) px[i] = log.rgba;
              log.bitmap = await createImageBitmap(img, { premultiplyAlpha: 'none' });
              return log.bitmap;
            },
            drop: () => log.dropped++,
          };
        },
      };
      return { log, painter };
    };
    const settle = async (m: MaskRaster) => {
      const t = performance.now();
      while (m.coarse && performance.now() - t < 10_000) await new Promise((res) => setTimeout(res, 10));
    };
    const placed = () => ({ ...box, mask: { width: box.width, height: box.height, data: data.slice() } });

    // the painter's bitmap becomes the full paint, and onSharp runs once
    const { log, painter } = fake();
    const m = MaskRaster.fromPlaced(placed(), 1300, 800, '#ff0000', await coarse(), 4);
    m.painter = () => painter;
    let sharp = 0;
    m.onSharp = () => sharp++;
    m.sharpenWhenIdle();
    await settle(m);
    expect(m.coarse).toBe(false);
    expect(sharp).toBe(1);
    expect(log.sent).toBe(data.length);
    expect(log.rows).toEqual(data);
    expect(log.rgba).toBe(new Uint32Array(new Uint8ClampedArray([255, 0, 0, MASK_FILL_ALPHA]).buffer)[0]);
    expect(m.image).toBe(log.bitmap);
    expect(canvasMatches(m)).toBe(true);

    // an edit before the painter is done: the job is dropped and the page paints it (with the edit)
    const e = fake();
    const m2 = MaskRaster.fromPlaced(placed(), 1300, 800, '#ff0000', await coarse(), 4);
    m2.painter = () => e.painter;
    m2.sharpenWhenIdle();
    m2.write({ x: box.x, y: box.y, width: 2, height: 1 }, new Uint8Array([1, 0]));
    expect(e.log.dropped).toBe(1);
    expect(m2.coarse).toBe(false);
    expect(m2.image).not.toBe(e.log.bitmap);
    expect(canvasMatches(m2)).toBe(true);

    // the painter fails: the page paints it in idle time after all
    const f = fake(true);
    const m3 = MaskRaster.fromPlaced(placed(), 1300, 800, '#ff0000', await coarse(), 4);
    m3.painter = () => f.painter;
    let sharp3 = 0;
    m3.onSharp = () => sharp3++;
    m3.sharpenWhenIdle();
    await settle(m3);
    expect(m3.coarse).toBe(false);
    expect(sharp3).toBe(1);
    expect(f.log.sent).toBe(data.length);
    expect(canvasMatches(m3)).toBe(true);
  });
});
