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
          // The cheap estimate is an upper bound, and "at most n" from it is never wrong.
          expect(g.estimate(b)).toBeGreaterThanOrEqual(want.length);
          for (const n of [0, 1, 3, 10]) if (g.estimate(b, n) <= n) expect(want.length).toBeLessThanOrEqual(n);
        },
      ),
      { numRuns: 200 },
    );
  });
});
