// The outline rasteriser in Chromium: its 1-px lines against Skia's own hairlines (the canvas
// stroking the same segments), within a per-pixel bound; and a coarse tile, whose outlines it draws,
// against the same tile with every outline stroked by Skia.
import { afterEach, describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { line, newOutlineRaster, outlineRasterCount, releaseOutlineRaster } from './outline-raster.js';
import { paintTileAtOnce, polygonScene } from './render-test-utils.js';
import { setOutlineRaster, TILE } from './tile-painter.js';
import { TileScene } from './tile-scene.js';

/** Seeded segments in a W×W canvas: polylines of small shapes (3-30 px), tiny squares, long lines. */
function segments(W: number, seed = 7): number[][] {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const out: number[][] = [];
  for (let i = 0; i < 60; i++) {
    // a small polygon, as a coarse level draws one: a few segments
    const r = 1.5 + rnd() * 14;
    const cx = 20 + rnd() * (W - 40);
    const cy = 20 + rnd() * (W - 40);
    const k = 3 + Math.floor(rnd() * 8);
    const ring: number[] = [];
    for (let j = 0; j < k; j++) {
      const a = (j / k) * Math.PI * 2;
      ring.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
    }
    for (let j = 0; j < k; j++)
      out.push([ring[2 * j]!, ring[2 * j + 1]!, ring[(2 * j + 2) % (2 * k)]!, ring[(2 * j + 3) % (2 * k)]!]);
  }
  for (let i = 0; i < 40; i++) {
    // a 2-px square, as a shape under 3 raster px is drawn
    const x = 10 + rnd() * (W - 20);
    const y = 10 + rnd() * (W - 20);
    out.push([x, y, x + 2, y], [x + 2, y, x + 2, y + 2], [x + 2, y + 2, x, y + 2], [x, y + 2, x, y]);
  }
  for (let i = 0; i < 12; i++) out.push([rnd() * W, rnd() * W, rnd() * W, rnd() * W]);
  return out;
}

/** Alpha (0..255) of `segs` stroked 1 px wide by the canvas, one subpath a segment. */
function skiaAlpha(W: number, segs: number[][]): Uint8ClampedArray {
  const c = new OffscreenCanvas(W, W);
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#000';
  const p = new Path2D();
  for (const [x0, y0, x1, y1] of segs) {
    p.moveTo(x0!, y0!);
    p.lineTo(x1!, y1!);
  }
  ctx.stroke(p);
  const d = ctx.getImageData(0, 0, W, W).data;
  const a = new Uint8ClampedArray(W * W);
  for (let i = 0; i < W * W; i++) a[i] = d[4 * i + 3]!;
  return a;
}

/** Per-pixel |a - b|: its max, mean over pixels either draws, and the ratio of total ink. */
function compare(a: ArrayLike<number>, b: ArrayLike<number>) {
  let max = 0;
  let sum = 0;
  let n = 0;
  let inkA = 0;
  let inkB = 0;
  for (let i = 0; i < a.length; i++) {
    inkA += a[i]!;
    inkB += b[i]!;
    if (!a[i] && !b[i]) continue;
    const d = Math.abs(a[i]! - b[i]!);
    max = Math.max(max, d);
    sum += d;
    n++;
  }
  return { max, mean: sum / n, ink: inkA / inkB };
}

afterEach(() => setOutlineRaster(true));

describe('outline raster', () => {
  it("draws 1-px lines as Skia's hairlines do, within a per-pixel bound", () => {
    const W = 256;
    const segs = segments(W);
    const r = newOutlineRaster(W, W);
    for (const [x0, y0, x1, y1] of segs) line(r, x0!, y0!, x1!, y1!);
    const ours = new Uint8ClampedArray(W * W);
    for (let i = 0; i < W * W; i++) ours[i] = r.cov[i]! * 255 + 0.5;
    releaseOutlineRaster(r);
    const { max, mean, ink } = compare(ours, skiaAlpha(W, segs));
    console.log(`outline raster vs Skia: max ${max}, mean ${mean.toFixed(2)}, ink ${ink.toFixed(3)}`);
    // Bounds (alpha 0..255): no pixel further than 44 % of full coverage (line ends and joins
    // differ by a fraction of a pixel), on average a few %, and as much ink (not heavier, not lighter).
    expect(max).toBeLessThanOrEqual(112);
    expect(mean).toBeLessThan(6);
    expect(ink).toBeGreaterThan(0.97);
    expect(ink).toBeLessThan(1.03);
  });

  it('clears its plane when released (the next raster starts blank)', () => {
    const r = newOutlineRaster(64, 64);
    line(r, 3.2, 5.7, 60.1, 40.3);
    releaseOutlineRaster(r);
    const r2 = newOutlineRaster(64, 64);
    expect(r2.cov.some((c) => c !== 0)).toBe(false);
    releaseOutlineRaster(r2);
  });

  it('draws the outlines of a coarse tile, close to the same tile stroked by Skia', () => {
    const scene = new TileScene();
    // 1,200 polygons of radius 4-40 image px in 1024²: at level -2 they are 2-20 raster px
    polygonScene(1200, 1024, 1024, 5, 4, 40).forEach((p, i) =>
      scene.set(i, parseShape('segment', [p.ring]), p.color, i),
    );
    const before = outlineRasterCount();
    const ours = paintTileAtOnce(scene, -2, 0, 0);
    expect(outlineRasterCount()).toBeGreaterThan(before);
    setOutlineRaster(false);
    const mid = outlineRasterCount();
    const skia = paintTileAtOnce(scene, -2, 0, 0);
    expect(outlineRasterCount()).toBe(mid);
    let max = 0;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < TILE * TILE * 4; i++) {
      if (!ours[i] && !skia[i]) continue;
      const d = Math.abs(ours[i]! - skia[i]!);
      max = Math.max(max, d);
      sum += d;
      n++;
    }
    console.log(`coarse tile vs Skia: max ${max}, mean ${(sum / n).toFixed(2)} over ${n} channels`);
    expect(sum / n).toBeLessThan(8);
  });
});
