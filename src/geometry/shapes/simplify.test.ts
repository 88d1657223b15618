import { describe, expect, it } from 'vitest';
import { simplifyPath } from './simplify.js';

const line = (n: number, f: (i: number) => { x: number; y: number }) => Array.from({ length: n }, (_, i) => f(i));

/** Largest distance from a point of `orig` to the polyline `simp`. */
function deviation(orig: { x: number; y: number }[], simp: { x: number; y: number }[]): number {
  let worst = 0;
  for (const p of orig) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 1; i < simp.length; i++) {
      const a = simp[i - 1]!;
      const b = simp[i]!;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const l = dx * dx + dy * dy;
      const t = l ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l)) : 0;
      best = Math.min(best, Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

describe('simplifyPath', () => {
  it('a straight pixel staircase becomes its two ends', () => {
    const stairs = line(41, (i) => ({ x: i, y: Math.floor(i / 2) }));
    const s = simplifyPath(stairs, 1);
    expect(s).toEqual([stairs[0], stairs[40]]);
  });

  it('keeps the corners of an L and stays within epsilon of every input point', () => {
    const l = [...line(30, (i) => ({ x: i, y: 0 })), ...line(30, (i) => ({ x: 29, y: i + 1 }))];
    const s = simplifyPath(l, 0.5);
    expect(s).toEqual([
      { x: 0, y: 0 },
      { x: 29, y: 0 },
      { x: 29, y: 30 },
    ]);
    const wavy = line(200, (i) => ({ x: i, y: Math.round(10 * Math.sin(i / 9)) }));
    const w = simplifyPath(wavy, 0.8);
    expect(w.length).toBeLessThan(wavy.length / 3);
    expect(deviation(wavy, w)).toBeLessThanOrEqual(0.8 + 1e-9);
  });

  it('pinned indices stay, duplicates go, short inputs come back as copies', () => {
    const pts = line(11, (i) => ({ x: i, y: 0 }));
    expect(simplifyPath(pts, 1, [4, 7])).toEqual([pts[0], pts[4], pts[7], pts[10]]);
    const dup = [
      { x: 0, y: 0 },
      { x: 0, y: 0 },
      { x: 5, y: 0 },
    ];
    expect(simplifyPath(dup, 1, [1])).toEqual([
      { x: 0, y: 0 },
      { x: 5, y: 0 },
    ]);
    const one = [{ x: 3, y: 4 }];
    const copy = simplifyPath(one, 1);
    expect(copy).toEqual(one);
    expect(copy[0]).not.toBe(one[0]);
  });
});
