// At rest the worker is kept busy with what the next moves need: the ring of tiles around the view,
// then the coarser level over the view and the finer level over its central half (a zoom from rest
// starts sharp). Read from the requests a recording producer receives.
import { describe, expect, it } from 'vitest';
import type { DlView } from '../../internal/view.js';
import { canvas, polygonScene, recorder, rendererOf } from './render-test-utils.js';
import { tileRange } from './tile-renderer.js';

const W = 512;
const H = 384;

describe('prefetch at rest', () => {
  it('asks for the visible tiles, the ring, then the coarser level over the view and the finer one over its centre', () => {
    const r = rendererOf(polygonScene(200, 4096, 4096));
    const p = recorder();
    r.setProducer(p);
    const view: DlView = { scale: 1, x: -1500, y: -1200 };
    const { ctx } = canvas(W, H);
    r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    const levelOf = (k: string) => Number(k.split(',')[0]);
    const at = (z: number) => p.asked.filter((k) => levelOf(k) === z);
    const [tx0, ty0, tx1, ty1] = tileRange(view, W, H, 1);
    // Level 0: the ring around the view, every tile of it.
    const asked = new Set(p.asked);
    for (let ty = ty0 - 1; ty <= ty1 + 1; ty++)
      for (let tx = tx0 - 1; tx <= tx1 + 1; tx++)
        if (tx < tx0 || tx > tx1 || ty < ty0 || ty > ty1) expect(asked.has(`0,${tx},${ty}`)).toBe(true);
    const [a0, b0, a1, b1] = tileRange(view, W, H, 0.5);
    expect(at(-1).sort()).toEqual(
      Array.from(
        { length: (b1 - b0 + 1) * (a1 - a0 + 1) },
        (_, i) => `-1,${a0 + (i % (a1 - a0 + 1))},${b0 + Math.floor(i / (a1 - a0 + 1))}`,
      ).sort(),
    );
    // The finer level covers the central half of the view and nothing outside the view.
    const fine = at(1).map((k) => k.split(',').map(Number) as [number, number, number]);
    expect(fine.length).toBeGreaterThan(0);
    for (const [, tx, ty] of fine) {
      // Tile (tx, ty) of level 1 spans image px [128 tx, 128 tx + 128): it must touch the view's centre half.
      expect(128 * (tx + 1)).toBeGreaterThan(1500 + W / 4);
      expect(128 * tx).toBeLessThan(1500 + (3 * W) / 4);
      expect(128 * (ty + 1)).toBeGreaterThan(1200 + H / 4);
      expect(128 * ty).toBeLessThan(1200 + (3 * H) / 4);
    }
    // Visible tiles come first, the other levels last.
    const firstOther = p.asked.findIndex((k) => levelOf(k) !== 0);
    expect(p.asked.slice(firstOther).every((k) => levelOf(k) !== 0)).toBe(true);
  });
});
