// The tile painter in Chromium: a colour's fill is the union of its shapes over the whole tile
// (shapes far apart in paint order included), dense tiles (their fills through a mask) match the
// independent reference drawing, and a tile painted a few shapes at a time, with other tiles painted
// in between, equals the same tile painted at once.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import {
  blockDiff,
  canvas,
  paintTileAtOnce,
  polygonScene,
  referenceRender,
  rendererOf,
  tilePixels,
} from './render-test-utils.js';
import {
  CHUNK,
  continueTile,
  finishTile,
  makeCanvas,
  RASTER_MAX_Z,
  RASTER_MIN_SHAPES,
  rastersTile,
  setRasterLimits,
  startTile,
  TILE,
} from './tile-painter.js';
import { TileScene } from './tile-scene.js';

/** A square ring of edge `d` at (x, y). */
function square(x: number, y: number, d: number) {
  return [
    { x, y },
    { x: x + d, y },
    { x: x + d, y: y + d },
    { x, y: y + d },
  ];
}

const alphaAt = (p: Uint8ClampedArray, x: number, y: number) => p[(y * TILE + x) * 4 + 3]!;

describe('tile painter', () => {
  it("fills a colour's shapes as one union over the whole tile, however far apart in paint order", () => {
    const scene = new TileScene();
    // Shapes 0 and 400 overlap (same colour); 399 small ones of the same colour lie elsewhere, so
    // the two are in different chunks of the painter's work.
    scene.set(0, parseShape('segment', [square(20, 20, 100)]), '#0a84ff', 0);
    for (let i = 1; i < 400; i++)
      scene.set(i, parseShape('segment', [square(150 + (i % 20) * 5, 150 + Math.floor(i / 20) * 5, 3)]), '#0a84ff', i);
    scene.set(400, parseShape('segment', [square(70, 70, 100)]), '#0a84ff', 400);
    const p = paintTileAtOnce(scene, 0, 0, 0);
    const single = alphaAt(p, 40, 40);
    // The fill is translucent (~0.18): a doubled fill in the overlap would be ~0.33.
    expect(single).toBeGreaterThan(30);
    expect(single).toBeLessThan(60);
    expect(alphaAt(p, 100, 100)).toBe(single);
    expect(alphaAt(p, 140, 140)).toBe(single);
  });

  it('paints the colours in their global order, each union under the next colour', () => {
    const scene = new TileScene();
    // Red registers first (lower in the colour order), so blue's union is on top of red's everywhere.
    scene.set(0, parseShape('segment', [square(20, 20, 100)]), '#ff0000', 0);
    scene.set(1, parseShape('segment', [square(60, 60, 100)]), '#0000ff', 1);
    for (let i = 2; i < 300; i++)
      scene.set(i, parseShape('segment', [square(200, 200, 3)]), i % 2 ? '#ff0000' : '#0000ff', i);
    scene.set(300, parseShape('segment', [square(40, 40, 100)]), '#ff0000', 300);
    const p = paintTileAtOnce(scene, 0, 0, 0);
    const at = (x: number, y: number) => [...p.slice((y * TILE + x) * 4, (y * TILE + x) * 4 + 4)];
    // In the overlap of all three: red's union (once), then blue over it — as where only shape 0 and 1 overlap.
    expect(at(100, 100)).toEqual(at(70, 70));
    const [r, , b] = at(100, 100);
    expect(b).toBeGreaterThan(r!);
  });

  it('paints a tile a few shapes at a time, other tiles painted in between, exactly as at once', () => {
    const scene = new TileScene();
    let s = 11;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const colors = ['#ff3b30', '#34c759', '#0a84ff'];
    for (let i = 0; i < 2000; i++) {
      const r = 4 + rnd() * 30;
      const cx = rnd() * 512;
      const cy = rnd() * 256;
      const ring = [];
      for (let k = 0; k < 16; k++)
        ring.push({ x: cx + r * Math.cos((k / 16) * 2 * Math.PI), y: cy + r * Math.sin((k / 16) * 2 * Math.PI) });
      scene.set(i, parseShape('segment', [ring]), colors[i % 3]!, i);
    }
    const once = paintTileAtOnce(scene, 0, 0, 0);
    const job = startTile(scene, 0, 0, 0, makeCanvas())!;
    let steps = 0;
    // A past deadline: every call does one step; tile (1, 0) painted whole between two steps.
    while (!continueTile(scene, job, 0)) {
      steps++;
      paintTileAtOnce(scene, 0, 1, 0);
    }
    // One step a CHUNK of shapes planned (outlines appended into their colour's batch), then one a
    // colour drawn.
    expect(job.ids.length).toBeGreaterThan(5 * CHUNK);
    expect(steps).toBeGreaterThanOrEqual(Math.floor(job.ids.length / CHUNK));
    const slow = tilePixels(finishTile(job) as ImageBitmap);
    let painted = 0;
    let diff = 0;
    for (let i = 0; i < once.length; i++) {
      if (once[i] !== slow[i]) diff++;
      if (i % 4 === 3 && once[i]) painted++;
    }
    expect(painted).toBeGreaterThan(TILE * TILE * 0.3);
    expect(diff).toBe(0);
  });

  it('dense tiles (hundreds of shapes a colour, filled through the mask) match the reference drawing', () => {
    // ~1,000 polygons of each colour over 3 x 2 tiles of level 0: every tile's colours take the mask.
    const scene = polygonScene(3000, 768, 512, 5, 10, 24);
    const view = { scale: 1, x: 0, y: 0 };
    const r = rendererOf(scene);
    const { c, ctx } = canvas(768, 512);
    expect(r.draw(ctx, view, 768, 512, 1, { sync: true })).toBe(true);
    const ref = referenceRender(scene, view, 768, 512);
    expect(blockDiff(c, ref).bad).toBe(0);
    // The comparison sees a colour's fills missing (drawn without the green ones).
    const noGreen = referenceRender(
      scene.filter((p) => p.color !== '#34c759'),
      view,
      768,
      512,
    );
    expect(blockDiff(c, noGreen).bad).toBeGreaterThan(0);
  });

  it('paints a mask added to a scene of points only, by set or by setMask, and none once it is gone', () => {
    const scene = new TileScene();
    // 400 points (one colour: the point rasteriser's group) over the tile but off the mask's square.
    for (let i = 0; i < 400; i++)
      scene.set(i, parseShape('point', { x: 8 + (i % 20) * 6, y: 8 + Math.floor(i / 20) * 6 }), '#0a84ff', i);
    const red = document.createElement('canvas');
    red.width = red.height = 40;
    const rc = red.getContext('2d')!;
    rc.fillStyle = '#ff0000';
    rc.fillRect(0, 0, 40, 40);
    const mask = { image: red, x: 180, y: 180, width: 40, height: 40 };
    const binary = () => ({
      ...parseShape('binary', 'data:,'),
      bounds: { minX: 180, minY: 180, maxX: 220, maxY: 220 },
    });
    const redAt = (p: Uint8ClampedArray, x: number, y: number) => [p[(y * TILE + x) * 4]!, alphaAt(p, x, y)];
    expect(scene.maskCount).toBe(0);
    expect(redAt(paintTileAtOnce(scene, 0, 0, 0), 200, 200)).toEqual([0, 0]);
    // A mask shape added after the points (as the layer adds one once it is decoded).
    scene.set(1000, binary(), '#ff0000', 1000, mask);
    expect(scene.maskCount).toBe(1);
    let p = paintTileAtOnce(scene, 0, 0, 0);
    expect(redAt(p, 200, 200)).toEqual([255, 255]);
    // The points are painted as well (a point centre: the fill of #0a84ff, red 10, no mask red).
    expect(alphaAt(p, 8, 8)).toBeGreaterThan(0);
    expect(p[(8 * TILE + 8) * 4]).toBeLessThan(20);
    // Gone, the tile has no red; then given to an existing shape (as the tile worker does).
    scene.delete(1000);
    expect(scene.maskCount).toBe(0);
    expect(redAt(paintTileAtOnce(scene, 0, 0, 0), 200, 200)).toEqual([0, 0]);
    scene.set(1000, binary(), '#ff0000', 1000);
    expect(scene.maskCount).toBe(0);
    expect(scene.setMask(1000, mask)).toBe(true);
    expect(scene.setMask(2000, mask)).toBe(false);
    expect(scene.maskCount).toBe(1);
    p = paintTileAtOnce(scene, 0, 0, 0);
    expect(redAt(p, 200, 200)).toEqual([255, 255]);
    // Replaced with a shape of no mask, then a mask taken off: the count follows.
    scene.set(1000, binary(), '#ff0000', 1000, mask);
    expect(scene.maskCount).toBe(1);
    scene.setMask(1000, undefined);
    expect(scene.maskCount).toBe(0);
    expect(redAt(paintTileAtOnce(scene, 0, 0, 0), 200, 200)).toEqual([0, 0]);
    scene.set(1000, binary(), '#ff0000', 1000, mask);
    scene.clear();
    expect(scene.maskCount).toBe(0);
  });

  // The outline rasteriser's rule (session 33, bench/tile-raster-measure.ts TILE_RASTER_SPARSE=1,
  // timed through the worker's copy of the tile with Skia's deferred raster work: it wins from
  // ~300-400 shapes at z <= 0, so the threshold stays), and the bench's override of it.
  it('rasters a tile from RASTER_MIN_SHAPES shapes at z <= RASTER_MAX_Z, none with a point; the bench lifts both', () => {
    const scene = new TileScene();
    let count = 0;
    const add = (n: number) => {
      for (; count < n; count++)
        scene.set(
          count,
          parseShape('segment', [square(2 + (count % 20) * 6, 2 + Math.floor(count / 20) * 6, 3)]),
          '#0a84ff',
          count,
        );
    };
    add(RASTER_MIN_SHAPES - 1);
    expect(rastersTile(scene, 0, 0, 0)).toBe(false);
    add(RASTER_MIN_SHAPES);
    expect(rastersTile(scene, 0, 0, 0)).toBe(true);
    expect(rastersTile(scene, -1, 0, 0)).toBe(true);
    expect(rastersTile(scene, RASTER_MAX_Z + 1, 0, 0)).toBe(false);
    try {
      setRasterLimits({ minShapes: 1, maxZ: RASTER_MAX_Z + 1 });
      expect(rastersTile(scene, RASTER_MAX_Z + 1, 0, 0)).toBe(true);
      const sparse = new TileScene();
      for (let i = 0; i < 20; i++) sparse.set(i, parseShape('segment', [square(2 + i * 6, 2, 3)]), '#0a84ff', i);
      expect(rastersTile(sparse, 0, 0, 0)).toBe(true);
      sparse.set(20, parseShape('point', { x: 60, y: 60 }), '#0a84ff', 20);
      expect(rastersTile(sparse, 0, 0, 0)).toBe(false);
    } finally {
      setRasterLimits(null);
    }
    expect(rastersTile(scene, RASTER_MAX_Z + 1, 0, 0)).toBe(false);
    scene.set(RASTER_MIN_SHAPES, parseShape('point', { x: 60, y: 60 }), '#0a84ff', RASTER_MIN_SHAPES);
    expect(rastersTile(scene, 0, 0, 0)).toBe(false);
  });
});
