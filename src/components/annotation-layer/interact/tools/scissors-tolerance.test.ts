// The scissors polygon's simplification tolerance: one screen pixel, at least 0.75 computation px.
import { describe, expect, it } from 'vitest';
import { simplifyPath } from '../../../../geometry/shapes/simplify.js';
import { scissorsTolerance } from './scissors-tolerance.js';

describe('scissorsTolerance', () => {
  it('is one screen pixel when zoomed out, 0.75 computation px when zoomed in', () => {
    expect(scissorsTolerance(0.25, 0.25)).toBe(4); // 1 screen px = 4 image px
    expect(scissorsTolerance(0.5, 0.5)).toBe(2);
    expect(scissorsTolerance(1, 1)).toBe(1);
    expect(scissorsTolerance(2, 1)).toBe(0.75);
    expect(scissorsTolerance(8, 1)).toBe(0.75);
    // a region computed coarser than the view (maxPixels): its grid sets the floor
    expect(scissorsTolerance(0.5, 0.2)).toBe(3.75);
    expect(scissorsTolerance(Number.NaN, 1)).toBe(0.75);
  });

  it('keeps a wavy edge traced zoomed out at about one point per screen pixel of detail, no denser', () => {
    // a path along a sine edge at image resolution, seen at 1/4 zoom
    const path = Array.from({ length: 2000 }, (_, i) => ({ x: i, y: Math.round(40 * Math.sin(i / 60)) }));
    const zoom = 0.25;
    const before = simplifyPath(path, 0.75 / zoom);
    const after = simplifyPath(path, scissorsTolerance(zoom, zoom));
    expect(after.length).toBeLessThan(before.length);
    // on screen the kept polygon still follows the path within one pixel
    for (const p of path) {
      let best = Number.POSITIVE_INFINITY;
      for (let k = 1; k < after.length; k++) {
        const a = after[k - 1]!;
        const b = after[k]!;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy));
      }
      expect(best * zoom).toBeLessThanOrEqual(1 + 1e-9);
    }
  });
});
