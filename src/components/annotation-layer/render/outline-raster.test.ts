// The outline rasteriser in Chromium: its 1-px lines against Skia's own hairlines (the canvas
// stroking the same segments), within a per-pixel bound; and a coarse tile, whose outlines it draws,
// against the same tile with every outline stroked by Skia.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import {
  line,
  newOutlineRaster,
  outlineRasterCount,
  rasterFillEdges,
  releaseOutlineRaster,
  resolveFill,
} from './outline-raster.js';
import { Z_FRONT } from '../model/shape-index.js';
import { paintTileAtOnce, polygonScene, tilePixels } from './render-test-utils.js';
import { buildShapePath } from './shape-path.js';
import {
  continueTile,
  finishTile,
  makeCanvas,
  OUTLINE_RASTER_DEFAULT,
  setOutlineRaster,
  startTile,
  TILE,
} from './tile-painter.js';
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

beforeEach(() => setOutlineRaster(true));
afterEach(() => setOutlineRaster(OUTLINE_RASTER_DEFAULT));

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

  it('fills as Skia fills the same edges (nonzero union, holes open), within a per-pixel bound', () => {
    const W = 256;
    let sd = 19;
    const rnd = () => (sd = (sd * 16807) % 2147483647) / 2147483647;
    // overlapping polygons (either orientation, some with a hole), some reaching past the canvas
    const rings: number[][][] = [];
    for (let i = 0; i < 80; i++) {
      const r = 2 + rnd() * 30;
      const cx = -20 + rnd() * (W + 40);
      const cy = -20 + rnd() * (W + 40);
      const k = 3 + Math.floor(rnd() * 10);
      const dir = rnd() < 0.5 ? 1 : -1;
      const ring: number[] = [];
      for (let j = 0; j < k; j++) {
        const a = (dir * j * 2 * Math.PI) / k;
        const rr = r * (0.7 + 0.3 * rnd());
        ring.push(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
      }
      const hole: number[] = [];
      if (i % 4 === 0)
        for (let j = 0; j < 6; j++)
          hole.push(cx + 0.3 * r * Math.cos((-j * Math.PI) / 3), cy + 0.3 * r * Math.sin((-j * Math.PI) / 3));
      rings.push(hole.length ? [ring, hole] : [ring]);
    }
    // edges as the painter orients them: outlines clockwise on screen, holes counter-clockwise
    const area = (r: number[]) => {
      let a = 0;
      for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) a += r[j]! * r[i + 1]! - r[i]! * r[j + 1]!;
      return a;
    };
    const edges: number[] = [];
    const p = new Path2D();
    for (const shape of rings)
      shape.forEach((ring, k) => {
        const rev = area(ring) < 0 === (k === 0);
        const n = ring.length / 2;
        for (let j = 0; j < n; j++) {
          const a = [ring[2 * j]!, ring[2 * j + 1]!];
          const b = [ring[(2 * j + 2) % ring.length]!, ring[(2 * j + 3) % ring.length]!];
          if (rev) edges.push(b[0]!, b[1]!, a[0]!, a[1]!);
          else edges.push(a[0]!, a[1]!, b[0]!, b[1]!);
        }
        const pts = rev ? [...Array(n).keys()].reverse() : [...Array(n).keys()];
        pts.forEach((j, m) => (m ? p.lineTo : p.moveTo).call(p, ring[2 * j]!, ring[2 * j + 1]!));
        p.closePath();
      });
    const r = newOutlineRaster(W, W);
    rasterFillEdges(r, edges, 1, 0, 0, edges.length / 4);
    resolveFill(r);
    const ours = new Uint8ClampedArray(W * W);
    for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) ours[y * W + x] = r.fill[y * (W + 2) + x]! * 255 + 0.5;
    releaseOutlineRaster(r);
    const c = new OffscreenCanvas(W, W);
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = '#000';
    ctx.fill(p);
    const d = ctx.getImageData(0, 0, W, W).data;
    const skia = new Uint8ClampedArray(W * W);
    for (let i = 0; i < W * W; i++) skia[i] = d[4 * i + 3]!;
    const { max, mean, ink } = compare(ours, skia);
    console.log(`fill raster vs Skia: max ${max}, mean ${mean.toFixed(2)}, ink ${ink.toFixed(4)}`);
    // edge pixels differ by a fraction of their coverage (Skia's analytic AA rounds its own way); a
    // few (measured: one pixel at 155 of 255; not yet tracked down, maybe a sharp vertex or the
    // canvas-edge clipping) by more: the mean and the ink hold it to a handful of pixels
    expect(max).toBeLessThanOrEqual(160);
    expect(mean).toBeLessThan(2);
    expect(Math.abs(ink - 1)).toBeLessThan(0.01);
  });

  it('clears its plane when released (the next raster starts blank)', () => {
    const r = newOutlineRaster(64, 64);
    line(r, 3.2, 5.7, 60.1, 40.3);
    rasterFillEdges(r, [10, 10, 50, 12, 50, 12, 30, 60, 30, 60, 10, 10], 1, 0, 0, 3);
    resolveFill(r);
    releaseOutlineRaster(r);
    const r2 = newOutlineRaster(64, 64);
    expect(r2.cov.some((c) => c !== 0)).toBe(false);
    expect(r2.fill.some((c) => c !== 0)).toBe(false);
    releaseOutlineRaster(r2);
  });

  it('takes its two planes back for the next raster (no new plane per colour group)', () => {
    // a tile's colour groups each take a raster: the planes of the one before, not new ones (a
    // 264 KB fill plane a group, dropped, was the worker's garbage)
    const r0 = newOutlineRaster(256, 256);
    line(r0, 3.2, 5.7, 200.1, 40.3);
    rasterFillEdges(r0, [10, 10, 50, 12, 50, 12, 30, 60, 30, 60, 10, 10], 1, 0, 0, 3);
    const kept = new Set<ArrayBufferLike>([r0.cov.buffer, r0.fill.buffer]);
    releaseOutlineRaster(r0);
    for (let g = 0; g < 3; g++) {
      const r = newOutlineRaster(256, 256);
      expect(kept.has(r.cov.buffer)).toBe(true);
      expect(kept.has(r.fill.buffer)).toBe(true);
      expect(r.cov.buffer).not.toBe(r.fill.buffer);
      releaseOutlineRaster(r);
    }
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

  it('leaves a sparse tile to Skia', () => {
    const scene = new TileScene();
    polygonScene(60, 1024, 1024, 5, 4, 40).forEach((p, i) => scene.set(i, parseShape('segment', [p.ring]), p.color, i));
    const before = outlineRasterCount();
    paintTileAtOnce(scene, -2, 0, 0);
    expect(outlineRasterCount()).toBe(before);
  });

  it('tints a filled ellipse or point over a filled polygon of its colour once, as Skia does', () => {
    for (const kind of ['ellipse', 'point'] as const) {
      const scene = new TileScene();
      // a dense tile (level -2's tile (0, 0): all 600 small polygons, in its top 300 image px)
      polygonScene(600, 1024, 300, 5, 4, 20, ['#0a84ff']).forEach((p, i) =>
        scene.set(i, parseShape('segment', [p.ring]), p.color, i),
      );
      const sq = [
        { x: 100, y: 500 },
        { x: 900, y: 500 },
        { x: 900, y: 900 },
        { x: 100, y: 900 },
      ];
      scene.set(1000, parseShape('segment', [sq]), '#0a84ff', 1000);
      scene.set(
        1001,
        kind === 'ellipse'
          ? parseShape('ellipse', { center: { x: 300, y: 700 }, rx: 120, ry: 100, angle: 0 })
          : parseShape('point', { x: 300, y: 700 }),
        '#0a84ff',
        1001,
      );
      const px = paintTileAtOnce(scene, -2, 0, 0);
      // alpha inside both (the ellipse's or point's centre) and inside the polygon only
      const both = px[(175 * TILE + 75) * 4 + 3]!;
      const one = px[(175 * TILE + 175) * 4 + 3]!;
      expect(one).toBeGreaterThan(0);
      expect(both, kind).toBe(one);
    }
  });

  it('paints a coarse tile in many steps, another tile painted in between, exactly as at once', () => {
    const scene = new TileScene();
    // 6,000 polygons in 2048²: level -2's tile (0, 0) holds ~1,500 (over 2,048 fill edges a colour)
    polygonScene(6000, 2048, 2048, 9, 8, 60).forEach((p, i) =>
      scene.set(i, parseShape('segment', [p.ring]), p.color, i),
    );
    const once = paintTileAtOnce(scene, -2, 0, 0);
    const before = outlineRasterCount();
    const job = startTile(scene, -2, 0, 0, makeCanvas())!;
    let steps = 0;
    // a past deadline: each call does one step
    while (!continueTile(scene, job, 0)) {
      steps++;
      paintTileAtOnce(scene, -2, 1, 0);
    }
    expect(outlineRasterCount()).toBeGreaterThan(before);
    expect(steps).toBeGreaterThan(20);
    const slow = tilePixels(finishTile(job) as ImageBitmap);
    let diff = 0;
    let painted = 0;
    for (let i = 0; i < once.length; i++) {
      if (once[i] !== slow[i]) diff++;
      if (i % 4 === 3 && once[i]) painted++;
    }
    expect(painted).toBeGreaterThan(TILE * TILE * 0.3);
    expect(diff).toBe(0);
  });

  it('draws a shape Skia strokes over the rasterised groups painted before it, as if they were drawn first', () => {
    // a dense tile of two colours, rasterised, and a small ellipse brought to front (its outline a
    // Skia stroke): it goes over the rasterised groups, which are composited into one buffer first
    const dense = () => {
      const scene = new TileScene();
      polygonScene(900, 1024, 1024, 11, 6, 40, ['#0a84ff', '#34c759']).forEach((p, i) =>
        scene.set(i, parseShape('segment', [p.ring]), p.color, i),
      );
      return scene;
    };
    const ellipse = parseShape('ellipse', { center: { x: 500, y: 480 }, rx: 18, ry: 12, angle: 20 });
    const withIt = dense();
    withIt.set(5000, ellipse, '#ff3b30', Z_FRONT + 1);
    const before = outlineRasterCount();
    const ours = paintTileAtOnce(withIt, -2, 0, 0);
    expect(outlineRasterCount()).toBeGreaterThan(before);
    // the same tile without it, then the ellipse stroked over it as the painter strokes it
    const scene = dense();
    const job = startTile(scene, -2, 0, 0, makeCanvas())!;
    expect(continueTile(scene, job, Infinity)).toBe(true);
    const bitmap = finishTile(job) as ImageBitmap;
    const c = new OffscreenCanvas(TILE, TILE);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const under = ctx.getImageData(0, 0, TILE, TILE).data;
    ctx.setTransform(0.25, 0, 0, 0.25, 0, 0);
    ctx.lineWidth = 4;
    ctx.strokeStyle = '#ff3b30';
    ctx.stroke(buildShapePath(ellipse, 0.25)!);
    const expected = ctx.getImageData(0, 0, TILE, TILE).data;
    let diff = 0;
    let changed = 0;
    for (let i = 0; i < ours.length; i++) {
      if (ours[i] !== expected[i]) diff++;
      if (ours[i] !== under[i]) changed++;
    }
    expect(changed, 'the ellipse is on the tile').toBeGreaterThan(20);
    expect(diff).toBe(0);
  });
});
