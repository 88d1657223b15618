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
import { setRasterWasm } from '../src/components/annotation-layer/render/outline-raster.js';

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

/** `?png`: old and new tiles side by side (upscaled 2x, on white) for a screenshot, no timing. */
function showTiles() {
  const cv = document.createElement('canvas');
  cv.id = 'tiles';
  cv.width = 4 * TILE * 2 + 30;
  cv.height = TILE * 2 + 20;
  document.body.append(cv);
  const ctx = cv.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, cv.width, cv.height);
  ctx.imageSmoothingEnabled = false;
  let x = 0;
  for (const [n, z] of [
    [10000, -2],
    [50000, -1],
  ] as const) {
    const sc = scene(n);
    const t = Math.floor(((IMG / 2) * 2 ** z) / TILE);
    for (const on of [false, true]) {
      setOutlineRaster(on);
      const job = startTile(sc, z, t, t, makeCanvas())!;
      continueTile(sc, job, Number.POSITIVE_INFINITY);
      ctx.drawImage(finishTile(job) as ImageBitmap, x, 20, TILE * 2, TILE * 2);
      ctx.fillStyle = '#000';
      ctx.fillText(`${n} z=${z} ${on ? 'new (JS raster)' : 'old (Skia)'}`, x + 4, 12);
      x += TILE * 2 + 10;
    }
  }
  (window as { __bench?: unknown }).__bench = [];
}

/** The tile's RGBA bytes (painted at once). */
function tileBytes(sc: TileScene, z: number, tx: number, ty: number): Uint8ClampedArray {
  const job = startTile(sc, z, tx, ty, makeCanvas())!;
  continueTile(sc, job, Number.POSITIVE_INFINITY);
  const bm = finishTile(job) as ImageBitmap;
  const c = new OffscreenCanvas(TILE, TILE);
  const x = c.getContext('2d')!;
  x.drawImage(bm, 0, 0);
  bm.close();
  return x.getImageData(0, 0, TILE, TILE).data;
}

async function run(search: string) {
  const out: Array<Record<string, number | string>> = [];
  const params = new URLSearchParams(search);
  const reps = Number(params.get('reps') ?? 15);
  // `?wasm`: old = the JS outline rasteriser, new = its WebAssembly loops (and byte identity of the
  // two over the 5×5 tiles around the centre)
  const wasmMode = params.has('wasm');
  if (wasmMode && !(await setRasterWasm(true))) throw new Error('no WebAssembly');
  const mode = async (on: boolean) => {
    if (wasmMode) {
      setOutlineRaster(true);
      await setRasterWasm(on);
    } else setOutlineRaster(on);
  };
  const setStatus = (t: string) => {
    if (typeof document !== 'undefined') document.getElementById('status')!.textContent = t;
  };
  for (const [n, z] of [
    [10000, -3],
    [10000, -2],
    [10000, -1],
    [10000, 0],
    [50000, -1],
    [100000, -1],
  ] as const) {
    const sc = scene(n);
    // the tile at the image's centre
    const t = ((IMG / 2) * 2 ** z) / TILE;
    const tx = Math.floor(t);
    const ty = Math.floor(t);
    const shapes = sc.idsIn(
      {
        minX: (tx * TILE) / 2 ** z,
        minY: (ty * TILE) / 2 ** z,
        maxX: ((tx + 1) * TILE) / 2 ** z,
        maxY: ((ty + 1) * TILE) / 2 ** z,
      },
      {
        minX: (tx * TILE) / 2 ** z,
        minY: (ty * TILE) / 2 ** z,
        maxX: ((tx + 1) * TILE) / 2 ** z,
        maxY: ((ty + 1) * TILE) / 2 ** z,
      },
    ).length;
    const old: number[] = [];
    const neu: number[] = [];
    let diff = -1;
    let tiles = 0;
    if (wasmMode) {
      diff = 0;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) {
          if (tx + dx < 0 || ty + dy < 0 || (tx + dx) * TILE >= IMG * 2 ** z || (ty + dy) * TILE >= IMG * 2 ** z)
            continue;
          await mode(false);
          const a = tileBytes(sc, z, tx + dx, ty + dy);
          await mode(true);
          const b = tileBytes(sc, z, tx + dx, ty + dy);
          tiles++;
          for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
        }
    }
    for (let i = 0; i < 3; i++) {
      await mode(false);
      paintMs(sc, z, tx, ty);
      await mode(true);
      paintMs(sc, z, tx, ty);
    }
    for (let i = 0; i < reps; i++) {
      await mode(false);
      old.push(paintMs(sc, z, tx, ty));
      await mode(true);
      neu.push(paintMs(sc, z, tx, ty));
      await new Promise((r) => setTimeout(r, 0));
    }
    out.push({
      n,
      z,
      shapes,
      oldMs: median(old),
      newMs: median(neu),
      oldMin: Math.min(...old),
      newMin: Math.min(...neu),
      diff,
      tiles,
    });
  }
  (globalThis as { __bench?: unknown }).__bench = out;
  setStatus('done');
}
const inWorker = typeof document === 'undefined';
if (inWorker) {
  // `?worker`: the same measure in a dedicated worker (as the tile worker paints), its page's
  // query posted in, the results posted back
  (globalThis as { __bench?: unknown }).__bench = undefined;
  addEventListener(
    'message',
    (m: MessageEvent<string>) => {
      run(m.data)
        .then(() => postMessage((globalThis as { __bench?: unknown }).__bench))
        .catch((e) => postMessage({ error: String(e) }));
    },
    { once: true },
  );
} else if (new URLSearchParams(location.search).has('png')) showTiles();
else if (new URLSearchParams(location.search).has('worker')) {
  const w = new Worker(new URL('./tile-raster-page.ts', import.meta.url), { type: 'module' });
  w.onmessage = (m) => {
    (window as { __bench?: unknown }).__bench = m.data;
    w.terminate();
  };
  w.postMessage(location.search);
} else
  run(location.search).catch((e) => {
    (window as { __bench?: unknown }).__bench = { error: String(e) };
  });
