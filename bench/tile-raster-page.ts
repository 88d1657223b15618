// Page of bench/tile-raster-measure.ts: one dense coarse tile of the render bench's scene (4096²
// image, N polygons of 32 vertices, radius 10-60 px, 3 colours, seeded as render-page.ts seeds
// them), painted by the tile painter with the outline rasteriser off (old: every outline a Path2D
// stroked by Skia) and on (new), interleaved, in one page.
import { parseShape } from '../src/entities/annotations/shape-coordinates.js';
import {
  continueTile,
  finishTile,
  makeCanvas,
  setOutlineRaster,
  startTile,
  TILE,
} from '../src/components/annotation-layer/render/tile-painter.js';
import { TileScene } from '../src/components/annotation-layer/render/tile-scene.js';

const IMG = 4096;
const COLORS = ['#ff3b30', '#34c759', '#0a84ff'];

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) | 0;
    return ((s >>> 0) % 1e9) / 1e9;
  };
}

function scene(n: number): TileScene {
  const rnd = rng(12345);
  const sc = new TileScene();
  for (let i = 0; i < n; i++) {
    const r = 10 + rnd() * 50;
    const cx = r + rnd() * (IMG - 2 * r);
    const cy = r + rnd() * (IMG - 2 * r);
    const ring: Array<{ x: number; y: number }> = [];
    for (let k = 0; k < 32; k++) {
      const a = (k / 32) * Math.PI * 2;
      const rr = r * (0.8 + 0.2 * rnd());
      ring.push({ x: cx + rr * Math.cos(a), y: cy + rr * Math.sin(a) });
    }
    sc.set(i, parseShape('segment', [ring]), COLORS[i % 3]!, i);
  }
  return sc;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;

function paintMs(sc: TileScene, z: number, tx: number, ty: number): number {
  const t0 = performance.now();
  const job = startTile(sc, z, tx, ty, makeCanvas())!;
  continueTile(sc, job, Number.POSITIVE_INFINITY);
  const tile = finishTile(job) as ImageBitmap;
  const ms = performance.now() - t0;
  tile.close();
  return ms;
}

async function run() {
  const out: Array<Record<string, number | string>> = [];
  const reps = Number(new URLSearchParams(location.search).get('reps') ?? 15);
  for (const [n, z] of [
    [10000, -2],
    [50000, -1],
    [100000, -1],
  ] as const) {
    const sc = scene(n);
    // the tile at the image's centre
    const t = (IMG / 2) * 2 ** z / TILE;
    const tx = Math.floor(t);
    const ty = Math.floor(t);
    const shapes = sc.idsIn(
      { minX: (tx * TILE) / 2 ** z, minY: (ty * TILE) / 2 ** z, maxX: ((tx + 1) * TILE) / 2 ** z, maxY: ((ty + 1) * TILE) / 2 ** z },
      { minX: (tx * TILE) / 2 ** z, minY: (ty * TILE) / 2 ** z, maxX: ((tx + 1) * TILE) / 2 ** z, maxY: ((ty + 1) * TILE) / 2 ** z },
    ).length;
    const old: number[] = [];
    const neu: number[] = [];
    for (let i = 0; i < 3; i++) {
      setOutlineRaster(false);
      paintMs(sc, z, tx, ty);
      setOutlineRaster(true);
      paintMs(sc, z, tx, ty);
    }
    for (let i = 0; i < reps; i++) {
      setOutlineRaster(false);
      old.push(paintMs(sc, z, tx, ty));
      setOutlineRaster(true);
      neu.push(paintMs(sc, z, tx, ty));
      await new Promise((r) => setTimeout(r, 0));
    }
    out.push({ n, z, shapes, oldMs: median(old), newMs: median(neu), oldMin: Math.min(...old), newMin: Math.min(...neu) });
  }
  (window as { __bench?: unknown }).__bench = out;
  document.getElementById('status')!.textContent = 'done';
}
run().catch((e) => {
  (window as { __bench?: unknown }).__bench = { error: String(e) };
});
