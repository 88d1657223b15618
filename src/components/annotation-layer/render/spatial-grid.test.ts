// The spatial index of the renderer (run in the browser project with the other component tests).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellKey, SpatialGrid } from './spatial-grid.js';

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

  it('keeps every cell key a small integer (below 2^30, a V8 Smi) and still finds entries beyond the clamped cells, exactly', () => {
    // The extreme clamped cells: keys a Map holds without a heap number each.
    for (const [cx, cy] of [
      [-(1 << 14), -(1 << 14)],
      [(1 << 14) - 1, (1 << 14) - 1],
      [0, 0],
      [-1, (1 << 14) - 1],
    ] as const) {
      const k = cellKey(cx, cy);
      expect(Number.isInteger(k) && k >= 0 && k < 2 ** 30).toBe(true);
    }
    // Distinct cells, distinct keys (a row does not run into the next).
    expect(cellKey(0, (1 << 14) - 1)).not.toBe(cellKey(1, -(1 << 14)));
    // Entries past +-2^14 cells (128 px cells: 2,097,152 px) share the edge cells; the exact bounds
    // test keeps queries exact there.
    const g = new SpatialGrid(128);
    g.set(1, { minX: 3e6, minY: 3e6, maxX: 3e6 + 10, maxY: 3e6 + 10 });
    g.set(2, { minX: 4e6, minY: -4e6, maxX: 4e6 + 10, maxY: -4e6 + 10 });
    g.set(3, { minX: 10, minY: 10, maxX: 20, maxY: 20 });
    g.set(4, { minX: 5e6, minY: 5e6, maxX: 5e6 + 10, maxY: 5e6 + 10 });
    expect(g.search({ minX: 3e6, minY: 3e6, maxX: 3e6 + 1, maxY: 3e6 + 1 })).toEqual([1]);
    expect(g.search({ minX: 5e6 + 5, minY: 5e6 + 5, maxX: 6e6, maxY: 6e6 })).toEqual([4]);
    expect(g.search({ minX: 4e6, minY: -4e6, maxX: 4e6, maxY: -4e6 })).toEqual([2]);
    expect(g.search({ minX: 2.5e6, minY: 2.5e6, maxX: 2.6e6, maxY: 2.6e6 })).toEqual([]);
    expect(g.estimate({ minX: 3e6, minY: 3e6, maxX: 3e6 + 1, maxY: 3e6 + 1 })).toBeGreaterThanOrEqual(1);
    g.delete(1);
    expect(g.search({ minX: 0, minY: 0, maxX: 6e6, maxY: 6e6 }).sort((a, b) => a - b)).toEqual([3, 4]);
  });
});
