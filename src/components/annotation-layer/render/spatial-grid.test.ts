// The spatial index of the renderer (run in the browser project with the other component tests).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpatialGrid } from './spatial-grid.js';

const rect = fc.record({
  x: fc.integer({ min: -500, max: 3000 }),
  y: fc.integer({ min: -500, max: 3000 }),
  w: fc.integer({ min: 0, max: 700 }),
  h: fc.integer({ min: 0, max: 700 }),
});
const bounds = (r: { x: number; y: number; w: number; h: number }) => ({
  minX: r.x,
  minY: r.y,
  maxX: r.x + r.w,
  maxY: r.y + r.h,
});

describe('SpatialGrid', () => {
  it('search returns exactly the entries a brute-force scan finds, after inserts, moves and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(rect, { minLength: 1, maxLength: 60 }),
        fc.array(rect, { maxLength: 20 }),
        rect,
        (items, moves, q) => {
          const g = new SpatialGrid(64);
          const live = new Map<number, ReturnType<typeof bounds>>();
          items.forEach((r, i) => (g.set(i, bounds(r)), live.set(i, bounds(r))));
          moves.forEach((r, i) => {
            const id = i % items.length;
            if (i % 3 === 2) g.delete(id), live.delete(id);
            else g.set(id, bounds(r)), live.set(id, bounds(r));
          });
          const b = bounds(q);
          const want = [...live]
            .filter(([, e]) => e.maxX >= b.minX && e.minX <= b.maxX && e.maxY >= b.minY && e.minY <= b.maxY)
            .map(([id]) => id)
            .sort((a, c) => a - c);
          expect(g.search(b).sort((a, c) => a - c)).toEqual(want);
          // The bounds kept per id (a typed array) are the last ones set; deleted ids have none.
          expect(g.size).toBe(live.size);
          for (let id = 0; id < items.length; id++) expect(g.get(id)).toEqual(live.get(id));
          // The cheap estimate is an upper bound, and "at most n" from it is never wrong.
          expect(g.estimate(b)).toBeGreaterThanOrEqual(want.length);
          for (const n of [0, 1, 3, 10]) if (g.estimate(b, n) <= n) expect(want.length).toBeLessThanOrEqual(n);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes ids past its initial capacity, answers a query wider than the populated area by scanning, and refuses a non-integer id', () => {
    const g = new SpatialGrid(64);
    g.set(5000, { minX: 10, minY: 10, maxX: 20, maxY: 20 });
    g.set(3, { minX: 900, minY: 900, maxX: 950, maxY: 950 });
    expect(g.search({ minX: -1e6, minY: -1e6, maxX: 1e6, maxY: 1e6 }).sort((a, b) => a - b)).toEqual([3, 5000]);
    expect(g.search({ minX: 0, minY: 0, maxX: 15, maxY: 15 })).toEqual([5000]);
    g.delete(5000);
    expect(g.search({ minX: -1e6, minY: -1e6, maxX: 1e6, maxY: 1e6 })).toEqual([3]);
    expect(() => g.set(1.5, { minX: 0, minY: 0, maxX: 1, maxY: 1 })).toThrow(/1\.5/);
    expect(() => g.set(-1, { minX: 0, minY: 0, maxX: 1, maxY: 1 })).toThrow(/-1/);
  });
});
