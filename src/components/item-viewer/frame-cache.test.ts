// FrameCache.trim against a second implementation of its rule: sort every frame but the pinned one
// by distance from the centre (frames behind it count double), farthest first, equal distances in
// the order they were stored, and drop from the front until the capacity is met.
import { describe, expect, it } from 'vitest';
import { FrameCache } from './frame-cache.js';

class Frame {
  closed = false;
  constructor(readonly n: number) {}
  close(): void {
    this.closed = true;
  }
}

/** The frames `trim` must keep, worked out by sorting. */
function keptBySorting(stored: number[], capacity: number, centre: number, pinned?: number): number[] {
  const d = (n: number) => (n < centre ? (centre - n) * 2 : n - centre);
  const drop = stored
    .filter((n) => n !== pinned)
    .map((n, i) => ({ n, i }))
    .sort((a, b) => d(b.n) - d(a.n) || a.i - b.i)
    .slice(0, Math.max(0, stored.length - capacity))
    .map((x) => x.n);
  return stored.filter((n) => !drop.includes(n));
}

describe('FrameCache', () => {
  it('trims the farthest frames (behind counts double, the first stored of equals first), never the pinned one', () => {
    let s = 5;
    const rnd = (k: number) => (s = (s * 1103515245 + 12345) >>> 0) % k;
    for (let round = 0; round < 300; round++) {
      const capacity = 1 + rnd(12);
      const cache = new FrameCache<Frame>(capacity);
      const stored: number[] = [];
      const frames = new Map<number, Frame>();
      for (let i = 0; i < capacity + rnd(20); i++) {
        const n = rnd(60);
        if (frames.has(n)) continue;
        const f = new Frame(n);
        frames.set(n, f);
        stored.push(n);
        cache.set(n, f);
      }
      const centre = rnd(60);
      const pinned = rnd(2) ? stored[rnd(stored.length)] : undefined;
      const want = keptBySorting(stored, capacity, centre, pinned);
      cache.trim(centre, pinned);
      const kept = stored.filter((n) => cache.has(n));
      expect(kept, `round ${round}: capacity ${capacity}, centre ${centre}, pinned ${pinned}`).toEqual(want);
      for (const n of stored) expect(frames.get(n)!.closed).toBe(!kept.includes(n));
    }
  });

  it('keeps the pinned frame even when it alone is over capacity', () => {
    const cache = new FrameCache<Frame>(0);
    const f = new Frame(3);
    cache.set(3, f);
    cache.trim(100, 3);
    expect(cache.has(3)).toBe(true);
    expect(f.closed).toBe(false);
  });

  it('delete closes and forgets one frame; forEach visits the stored frames in the order they were stored', () => {
    const cache = new FrameCache<Frame>(10);
    const frames = [7, 2, 9].map((n) => new Frame(n));
    for (const f of frames) cache.set(f.n, f);
    cache.delete(2);
    cache.delete(40);
    expect([cache.has(2), cache.size, frames.map((f) => f.closed)]).toEqual([false, 2, [false, true, false]]);
    const seen: Array<[number, number]> = [];
    cache.forEach((f, n) => seen.push([n, f.n]));
    expect(seen).toEqual([
      [7, 7],
      [9, 9],
    ]);
  });
});
