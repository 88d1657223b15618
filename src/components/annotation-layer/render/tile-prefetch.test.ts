// At rest the worker is kept busy with what the next moves need: the ring of tiles around the view,
// then the finer level over its central half and the coarser level over the view (a zoom from rest
// starts sharp). While the view moves, with the views its motion leads to, not past a turning point.
// Read from the requests a recording producer receives.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DlView } from '../../internal/view.js';
import { canvas, polygonScene, recorder, rendererOf } from './render-test-utils.js';
import { EMPTY } from './tile-cache.js';
import { quadraticFit, tileRange } from './tile-renderer.js';

const W = 512;
const H = 384;

describe('prefetch at rest', () => {
  it('asks for the visible tiles, the ring, then the finer level over its centre and the coarser one over the view', () => {
    const r = rendererOf(polygonScene(200, 4096, 4096));
    const p = recorder();
    r.setProducer(p);
    const view: DlView = { scale: 1, x: -1500, y: -1200 };
    const { ctx } = canvas(W, H);
    r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    const levelOf = (k: string) => Number(k.split(',')[0]);
    const at = (z: number) => p.asked.filter((k) => levelOf(k) === z);
    const [tx0, ty0, tx1, ty1] = tileRange(view, W, H, 1);
    // Level 0: the ring around the view, every tile of it: asked for, or known empty (no shape
    // reaches it: cached at once, not queued behind the worker's dense tiles).
    const asked = new Set(p.asked);
    const empty = (k: string) => r.cache.peek(k)?.tile === EMPTY;
    let emptyRing = 0;
    for (let ty = ty0 - 1; ty <= ty1 + 1; ty++)
      for (let tx = tx0 - 1; tx <= tx1 + 1; tx++)
        if (tx < tx0 || tx > tx1 || ty < ty0 || ty > ty1) {
          const k = `0,${tx},${ty}`;
          expect(asked.has(k) !== empty(k)).toBe(true);
          if (empty(k)) emptyRing++;
        }
    // 200 polygons over 4096² leave some of the ring's tiles empty: those were not asked for.
    expect(emptyRing).toBeGreaterThan(0);
    const [a0, b0, a1, b1] = tileRange(view, W, H, 0.5);
    const coarser = Array.from(
      { length: (b1 - b0 + 1) * (a1 - a0 + 1) },
      (_, i) => `-1,${a0 + (i % (a1 - a0 + 1))},${b0 + Math.floor(i / (a1 - a0 + 1))}`,
    );
    expect(at(-1).sort()).toEqual(coarser.filter((k) => !empty(k)).sort());
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
    // Visible tiles come first, the other levels last: the finer level before the coarser one.
    const firstOther = p.asked.findIndex((k) => levelOf(k) !== 0);
    expect(p.asked.slice(firstOther).every((k) => levelOf(k) !== 0)).toBe(true);
    const lastFine = p.asked.findLastIndex((k) => levelOf(k) === 1);
    const firstCoarse = p.asked.findIndex((k) => levelOf(k) === -1);
    expect(firstCoarse).toBeGreaterThan(lastFine);
  });
});

describe('prefetch while moving', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for no level past the one where a slowing zoom stops', () => {
    // A zoom in slowing to a stop: log2 scale 0.9 - c (400 - t)² from -0.9 at t = 0, stopping at
    // 0.9 (scale 1.87, level 1) at t = 400 ms. At t = 240 ms it is at 0.612 (level 1) rising at
    // 0.0036 per ms: straight on, 150, 400 and 800 ms ahead would be levels 2, 3 and 4.
    const r = rendererOf(polygonScene(3000, 1024, 1024));
    const p = recorder();
    r.setProducer(p);
    const { ctx } = canvas(W, H);
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const c = 1.8 / 400 ** 2;
    // The slowing shows from the fifth recorded view on (a fit over the last ~300 ms); before, the
    // motion is extrapolated straight.
    let from = 0;
    for (let t = 0; t <= 240; t += 16) {
      now = 1000 + t;
      if (t === 80) from = p.asked.length;
      const scale = 2 ** (0.9 - c * (400 - t) ** 2);
      // Centred on image point (512, 512).
      r.draw(ctx, { scale, x: W / 2 - 512 * scale, y: H / 2 - 384 * scale }, W, H, 1, { budgetMs: 0 });
    }
    const levels = new Set(p.asked.slice(from).map((k) => Number(k.split(',')[0])));
    expect(levels.has(1)).toBe(true);
    expect(Math.max(...levels)).toBe(1);
  });
});

describe('quadraticFit', () => {
  it('recovers the velocity and acceleration of a parabola at t = 0', () => {
    // y = 3 + 2 t - 0.5 t² (velocity 2, acceleration -1), sampled at uneven times up to t = 0.
    const pts = [-9, -7.5, -5, -4, -2.2, -1, 0].map((t) => [t, 3 + 2 * t - 0.5 * t * t] as [number, number]);
    const [v, a] = quadraticFit(pts)!;
    expect(v).toBeCloseTo(2, 9);
    expect(a).toBeCloseTo(-1, 9);
  });

  it('is null when the times cannot tell a parabola', () => {
    expect(
      quadraticFit([
        [0, 1],
        [0, 2],
        [0, 3],
      ]),
    ).toBeNull();
    expect(
      quadraticFit([
        [-1, 1],
        [0, 2],
      ]),
    ).toBeNull();
  });
});
