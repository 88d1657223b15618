// The point rasteriser (point-raster.ts) in Chromium: a colour group of many points, stamped, looks
// like the canvas's own arcs of the same points (filled at the fill colour, stroked as a 1-px
// hairline): same centres, coverage within a small tolerance at anti-aliased edge pixels only. A
// point straddling a tile border is drawn the same in both tiles (no seam), overlapping points fill
// as one union, and a few points (or a point among other shapes of its colour) stay the canvas's arcs.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import { canvas, paintTileAtOnce, tilePixels } from './render-test-utils.js';
import { pointRasterCount } from './point-raster.js';
import { continueTile, finishTile, makeCanvas, POINTS_MIN, startTile, TILE } from './tile-painter.js';
import { TileScene } from './tile-scene.js';

/** Seeded points: a grid `step` image px apart over `w`×`h` at (x0, y0), each jittered by < 1 px. */
function grid(x0: number, y0: number, w: number, h: number, step: number, seed = 7): Array<[number, number]> {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const out: Array<[number, number]> = [];
  for (let y = y0; y < y0 + h; y += step) for (let x = x0; x < x0 + w; x += step) out.push([x + rnd(), y + rnd()]);
  return out;
}

function sceneOf(pts: Array<[number, number]>, color = '#0a84ff'): TileScene {
  const scene = new TileScene();
  pts.forEach(([x, y], i) => scene.set(i, parseShape('point', { x, y }), color, i));
  return scene;
}

/**
 * The canvas's own drawing of tile (z, tx, ty): every point an arc of 4 raster px, filled at
 * `fill`, then stroked 1 raster px wide at `color` (no code shared with the painter). Each point is
 * its own path: Skia strokes a hairline arc a little differently (up to ~80 of 255 at a few edge
 * pixels) when other arcs share its path, so one path would not be the canvas's drawing of a point.
 */
function arcs(
  pts: Array<[number, number]>,
  z: number,
  tx: number,
  ty: number,
  color: string,
  fill: string,
): Uint8ClampedArray {
  const S = 2 ** z;
  const { ctx } = canvas(TILE, TILE);
  ctx.setTransform(S, 0, 0, S, -tx * TILE, -ty * TILE);
  ctx.fillStyle = fill;
  ctx.lineWidth = 1 / S;
  ctx.strokeStyle = color;
  for (const [x, y] of pts) {
    const p = new Path2D();
    p.moveTo(x + 4 / S, y);
    p.arc(x, y, 4 / S, 0, Math.PI * 2);
    ctx.fill(p);
  }
  for (const [x, y] of pts) {
    const p = new Path2D();
    p.moveTo(x + 4 / S, y);
    p.arc(x, y, 4 / S, 0, Math.PI * 2);
    ctx.stroke(p);
  }
  return ctx.getImageData(0, 0, TILE, TILE).data;
}

/**
 * Per pixel the largest difference of its premultiplied RGBA bytes (a colour at alpha 1/255 read
 * back unpremultiplied can be any value): how many pixels differ at all, by more than `tol`, the
 * largest difference, and each drawing's total alpha.
 */
function compare(a: Uint8ClampedArray, b: Uint8ClampedArray, tol: number) {
  let differ = 0;
  let over = 0;
  let max = 0;
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < a.length; i += 4) {
    // Not within 8 px of the tile's edge: there the canvas clips the reference's hairlines, and
    // Skia then strokes an arc a little differently (up to ~80 of 255 at a pixel).
    const x = (i / 4) % TILE;
    const y = Math.floor(i / 4 / TILE);
    if (x < 8 || y < 8 || x >= TILE - 8 || y >= TILE - 8) continue;
    let m = 0;
    for (let c = 0; c < 4; c++) {
      const pa = c === 3 ? a[i + 3]! : (a[i + c]! * a[i + 3]!) / 255;
      const pb = c === 3 ? b[i + 3]! : (b[i + c]! * b[i + 3]!) / 255;
      m = Math.max(m, Math.abs(pa - pb));
    }
    if (m >= 1) differ++;
    if (m > tol) over++;
    max = Math.max(max, m);
    sumA += a[i + 3]!;
    sumB += b[i + 3]!;
  }
  return { differ, over, max, sumA, sumB };
}

describe('point rasteriser', () => {
  it("draws many points as the canvas's arcs of them: same centres, coverage within a small tolerance", () => {
    // 256 points 16 raster px apart (discs of radius 4 apart), at level 0 and at level 2 (S = 4).
    for (const z of [0, 2]) {
      const S = 2 ** z;
      const pts = grid(4 / S, 4 / S, 256 / S, 256 / S, 16 / S);
      expect(pts.length).toBeGreaterThanOrEqual(POINTS_MIN);
      const scene = sceneOf(pts);
      const before = pointRasterCount();
      const got = paintTileAtOnce(scene, z, 0, 0);
      expect(pointRasterCount()).toBe(before + 1);
      const want = arcs(pts, z, 0, 0, '#0a84ff', scene.fillOf('#0a84ff'));
      const d = compare(got, want, 24);
      // A stamp's centre is placed to 1/16 px: most edge pixels are within a few levels of the
      // canvas's, but Skia subdivides a hairline arc by where it lies, so an arc moved by that
      // much shifts the odd ring pixel by more (seen up to 68 of 255 in ~10,000 differing pixels).
      // Bounded: no pixel beyond 96, at most one pixel beyond 24 in 16 points, total coverage
      // within 1 %.
      expect(d.max).toBeLessThanOrEqual(96);
      expect(d.over).toBeLessThanOrEqual(pts.length / 16);
      expect(Math.abs(d.sumA - d.sumB) / d.sumB).toBeLessThan(0.01);
      // Centres: every point's centre pixel is the fill alone, as in the canvas's drawing.
      for (const [x, y] of pts) {
        const i = (Math.floor(y * S) * TILE + Math.floor(x * S)) * 4;
        for (let c = 0; c < 4; c++) expect(Math.abs(got[i + c]! - want[i + c]!)).toBeLessThanOrEqual(2);
      }
    }
  });

  it('draws a point straddling a tile border the same in both tiles (no seam)', () => {
    // Points every 12 px over a 2×2-tile area, many on or near the tile borders (x, y = 256).
    const pts = grid(200, 200, 112, 112, 3.7, 5);
    const scene = sceneOf(pts);
    const before = pointRasterCount();
    const tiles = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ].map(([tx, ty]) => paintTileAtOnce(scene, 0, tx!, ty!));
    expect(pointRasterCount()).toBe(before + 4);
    // The four tiles side by side against one 512² drawing of the same points by the same painter
    // at the same level (tile rect (0,0) of a 512-px canvas): byte for byte.
    const whole = canvas(512, 512);
    for (const [k, [tx, ty]] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ].entries())
      whole.ctx.putImageData(new ImageData(new Uint8ClampedArray(tiles[k]!), TILE), tx! * TILE, ty! * TILE);
    const data = whole.ctx.getImageData(0, 0, 512, 512).data;
    // Each column pair across x = 256 (and row pair across y = 256) against a tile painted at an
    // offset of half a tile in image px (1/2 tile = 128 px: rect 128..384 covers both borders).
    const shifted = new TileScene();
    pts.forEach(([x, y], i) => shifted.set(i, parseShape('point', { x: x - 128, y: y - 128 }), '#0a84ff', i));
    const mid = paintTileAtOnce(shifted, 0, 0, 0);
    let diff = 0;
    let painted = 0;
    for (let y = 0; y < TILE; y++)
      for (let x = 0; x < TILE; x++)
        for (let c = 0; c < 4; c++) {
          const a = data[((y + 128) * 512 + x + 128) * 4 + c]!;
          const b = mid[(y * TILE + x) * 4 + c]!;
          if (a !== b) diff++;
          if (c === 3 && a) painted++;
        }
    expect(painted).toBeGreaterThan(10_000);
    expect(diff).toBe(0);
  });

  it('paints a tile of many points over several calls exactly as at once', () => {
    // 10,000 points over a level -2 tile (1024 image px): more than one chunk of stamping.
    const scene = sceneOf(grid(0, 0, 1024, 1024, 10.24, 9));
    const once = paintTileAtOnce(scene, -2, 0, 0);
    const job = startTile(scene, -2, 0, 0, makeCanvas())!;
    let calls = 1;
    // A deadline already passed: each call does one step and stops.
    while (!continueTile(scene, job, 0)) calls++;
    expect(calls).toBeGreaterThan(2);
    const stepped = tilePixels(finishTile(job) as ImageBitmap);
    let diff = 0;
    for (let i = 0; i < once.length; i++) if (once[i] !== stepped[i]) diff++;
    expect(diff).toBe(0);
  });

  it('fills overlapping points as one union (no doubled fill)', () => {
    // Pairs of points 2 px apart at pixel centres (discs of radius 4 overlap), 100 pairs.
    const pts = grid(10, 10, 236, 236, 24, 3).flatMap(
      ([x, y]): Array<[number, number]> => [
        [Math.floor(x) + 0.5, Math.floor(y) + 0.5],
        [Math.floor(x) + 2.5, Math.floor(y) + 0.5],
      ],
    );
    const scene = sceneOf(pts);
    const p = paintTileAtOnce(scene, 0, 0, 0);
    const alpha = (x: number, y: number) => p[(y * TILE + x) * 4 + 3]!;
    // The fill alone, once: 0.18 of 255.
    const once = Math.round(255 * scene.fillOpacity);
    for (const [x, y] of pts.filter((_, i) => i % 2 === 0)) {
      // Pixel (x + 1, y) (centre 1 px from both points): inside both discs, 3 px from both rings.
      expect(Math.abs(alpha(Math.floor(x) + 1, Math.floor(y)) - once)).toBeLessThanOrEqual(1);
    }
  });

  it("leaves a few points, and points among other shapes of their colour, to the canvas's arcs", () => {
    const few = grid(20, 20, 200, 200, 40);
    expect(few.length).toBeLessThan(POINTS_MIN);
    let before = pointRasterCount();
    paintTileAtOnce(sceneOf(few), 0, 0, 0);
    expect(pointRasterCount()).toBe(before);
    const mixed = sceneOf(grid(4, 4, 248, 248, 16));
    mixed.set(
      10_000,
      parseShape('box', [
        { x: 30, y: 30 },
        { x: 90, y: 90 },
      ]),
      '#0a84ff',
      10_000,
    );
    before = pointRasterCount();
    paintTileAtOnce(mixed, 0, 0, 0);
    expect(pointRasterCount()).toBe(before);
  });
});
