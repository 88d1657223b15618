// A tile draws the outlines whose bounds come within NEAR_PX raster px of it, not every shape within
// the pad: a tile beyond the image's edge that only the pad reaches is empty at once (no worker round
// trip), while a shape whose hairline reaches over a tile border still paints the neighbour's pixels
// as a drawing without tiles does.
import { describe, expect, it } from 'vitest';
import type { DlView } from '../../internal/view.js';
import { canvas, exactDiff, recorder, rendererOf, type ScenePolygon } from './render-test-utils.js';
import { EMPTY } from './tile-cache.js';

const W = 512;
const H = 384;
/** Level 0, tiles x 3-4 (image x 768-1279), y 0-1: the border between them is image x = 1024. */
const VIEW: DlView = { scale: 1, x: -768, y: 0 };
const BORDER = 1024;

/** An octagon of radius `r` whose bounds end `d` image px left of the border, centred at height `y`. */
function leftOf(d: number, y: number, color = '#ff3b30', r = 8): ScenePolygon {
  const cx = BORDER - d - r;
  const ring = Array.from({ length: 8 }, (_, k) => ({
    x: cx + r * Math.cos((k * Math.PI) / 4),
    y: y + r * Math.sin((k * Math.PI) / 4),
  }));
  return { ring, color };
}

/** `count` octagons (left of the border by `d`) down the view, in three colours. */
function column(count: number, d: number, r = 8): ScenePolygon[] {
  const colors = ['#ff3b30', '#34c759', '#0a84ff'];
  return Array.from({ length: count }, (_, i) => leftOf(d, 12 + (i * (H - 24)) / count, colors[i % 3], r));
}

/** The `w`×`h` px at (x, y) of `c`, as a canvas of their own. */
function crop(c: HTMLCanvasElement, x: number, y: number, w: number, h: number): HTMLCanvasElement {
  const out = canvas(w, h);
  out.ctx.drawImage(c, x, y, w, h, 0, 0, w, h);
  return out.c;
}

/** The largest difference of one RGBA byte between two same-size canvases. */
function maxDiff(a: HTMLCanvasElement, b: HTMLCanvasElement): number {
  const da = a.getContext('2d')!.getImageData(0, 0, a.width, a.height).data;
  const db = b.getContext('2d')!.getImageData(0, 0, b.width, b.height).data;
  let m = 0;
  for (let i = 0; i < da.length; i++) m = Math.max(m, Math.abs(da[i]! - db[i]!));
  return m;
}

describe('tiles at a border', () => {
  it('a shape reaching over a tile border paints the neighbour as a drawing without tiles does (same pixels)', () => {
    // Bounds 0.1-6 px short of the border: the closest ones' hairlines and anti-aliasing cross it.
    const scene = [0.1, 0.5, 1, 1.5, 2, 2.5, 3, 4, 6].flatMap((d, i) =>
      [40, 140, 240, 340].map((y) => leftOf(d, y + i, i % 2 ? '#0a84ff' : '#ff3b30')),
    );
    const r = rendererOf(scene);
    const tiled = canvas(W, H);
    expect(r.draw(tiled.ctx, VIEW, W, H, 1, { sync: true })).toBe(true);
    const direct = canvas(W, H);
    r.drawDirect(direct.ctx, VIEW, W, H, 1);
    // The right-hand tiles (image x >= 1024) against the drawing without tiles: byte for byte.
    const a = crop(tiled.c, BORDER - 768, 0, 256, H);
    const b = crop(direct.c, BORDER - 768, 0, 256, H);
    // The same pixels painted, to within rounding (a tile's bitmap blitted at 1:1 against the same
    // outlines drawn straight: a few units in a few pixels, as with the full pad before).
    const d = exactDiff(a, b);
    expect(d.painted).toBeGreaterThan(0);
    expect(exactDiff(b, a).painted).toBe(d.painted);
    expect(maxDiff(a, b)).toBeLessThanOrEqual(8);
    // And the comparison sees a tile that lost those shapes.
    expect(exactDiff(a, canvas(256, H).c).diff).toBeGreaterThan(0);
  });

  it('a tile only the pad reaches is empty at once, never asked of the worker; a tile with shapes of its own is painted', () => {
    // Tile x 3 is dense (60 outlines); 60 more end 5 px short of the border (within the 8 px pad,
    // beyond NEAR_PX): tiles x 4 draw nothing of them. Tile (4, 1) also holds 3 shapes of its own.
    const own = [0, 1, 2].map((i) => leftOf(-40 - 30 * i, 300));
    const scene = [...column(60, 60, 10), ...column(60, 5, 6), ...own];
    const r = rendererOf(scene);
    const p = recorder();
    r.setProducer(p);
    const { ctx } = canvas(W, H);
    r.draw(ctx, VIEW, W, H, 1, { budgetMs: 0 });
    expect(p.asked.filter((k) => k.startsWith('0,3,'))).toEqual(expect.arrayContaining(['0,3,0', '0,3,1']));
    expect(p.asked).not.toContain('0,4,0');
    expect(r.cache.peek('0,4,0')?.tile).toBe(EMPTY);
    // The tile with 3 shapes of its own is not taken for empty: it is painted within a few frames.
    for (let i = 0; i < 5 && !r.cache.peek('0,4,1'); i++) r.draw(ctx, VIEW, W, H, 1, { budgetMs: 0 });
    const own3 = r.cache.peek('0,4,1');
    expect(own3?.tile).toBeDefined();
    expect(own3?.tile).not.toBe(EMPTY);
  });
});
