// Page of bench/tile-raster-measure.ts: one dense coarse tile of the render bench's scene (4096²
// image, N polygons of 32 vertices, radius 10-60 px, 3 colours, seeded as render-page.ts seeds
// them), painted by the tile painter with the outline rasteriser off (old: every outline a Path2D
// stroked by Skia) and on (new), interleaved, in one page.
import { parseShape } from '../src/entities/annotations/shape-coordinates.js';
import {
  continueTile,
  copyTile,
  finishTile,
  makeCanvas,
  setOutlineRaster,
  setRasterLimits,
  startTile,
  TILE,
} from '../src/components/annotation-layer/render/tile-painter.js';
import { TileScene } from '../src/components/annotation-layer/render/tile-scene.js';
import { packShapes } from '../src/components/annotation-layer/render/tile-worker-protocol.js';
import type { Shape } from '../src/geometry/shapes/shape.js';
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

/** `?cols`: scenes kept as the tile worker keeps them (columns over packed batches, see scene-columns.ts). */
let COLS = false;

function scene(n: number, cols = COLS): TileScene {
  const rnd = rng(12345);
  const sc = new TileScene({ columns: cols });
  if (cols) {
    // in batches of 10,000, as the page posts them to the worker
    const B = 10000;
    for (let i0 = 0; i0 < n; i0 += B) {
      const ids: number[] = [];
      const shapes: Shape[] = [];
      const colors: string[] = [];
      const z: number[] = [];
      for (let i = i0; i < Math.min(n, i0 + B); i++) {
        const r = 10 + rnd() * 50;
        const cx = r + rnd() * (IMG - 2 * r);
        const cy = r + rnd() * (IMG - 2 * r);
        const ring: Array<{ x: number; y: number }> = [];
        for (let k = 0; k < 32; k++) {
          const a = (k / 32) * Math.PI * 2;
          const rr = r * (0.8 + 0.2 * rnd());
          ring.push({ x: cx + rr * Math.cos(a), y: cy + rr * Math.sin(a) });
        }
        ids.push(i);
        shapes.push(parseShape('segment', [ring]));
        colors.push(COLORS[i % 3]!);
        z.push(i);
      }
      sc.setPacked(packShapes({ ids, shapes, colors, z }));
    }
    return sc;
  }
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

/**
 * `?sparsepng`: sparse tiles (the 10k scene plus a thin zigzag polyline, specks, a self-crossing
 * polygon, a box and a polygon in a label's hash colour near the image's centre) at levels -1, 0
 * and 1, painted as the worker paints them by Skia and by the outline rasteriser (threshold lifted),
 * side by side upscaled 3x over white, with their difference (x4, over white) for a screenshot.
 */
async function showSparseTiles() {
  await setRasterWasm(true);
  const sc = scene(10000);
  let id = 10000;
  const C = 2048;
  const zig: Array<{ x: number; y: number }> = [];
  for (let k = 0; k <= 12; k++) zig.push({ x: C + 6 + k * 9, y: C + 10 + (k % 2) * 14 });
  sc.set(id++, parseShape('polyline', [zig]), '#ff9500', id);
  const line: Array<{ x: number; y: number }> = [];
  for (let k = 0; k <= 8; k++) line.push({ x: C + 4 + k * 14, y: C + 40 + k * 3.3 });
  sc.set(id++, parseShape('polyline', [line]), '#5856d6', id);
  for (let k = 0; k < 12; k++) {
    const x = C + 8 + (k % 6) * 18;
    const y = C + 62 + Math.floor(k / 6) * 10;
    const r = 0.3 + (k % 4) * 0.4;
    sc.set(
      id++,
      parseShape('segment', [
        [
          { x: x - r, y: y - r },
          { x: x + r, y: y - r },
          { x: x + r, y: y + r },
          { x: x - r, y: y + r },
        ],
      ]),
      COLORS[k % 3]!,
      id,
    );
  }
  // self-crossing (a bow tie) and a box
  sc.set(
    id++,
    parseShape('segment', [
      [
        { x: C + 10, y: C + 86 },
        { x: C + 60, y: C + 120 },
        { x: C + 60, y: C + 86 },
        { x: C + 10, y: C + 120 },
      ],
    ]),
    '#af52de',
    id,
  );
  sc.set(
    id++,
    parseShape('box', [
      { x: C + 70, y: C + 84 },
      { x: C + 110, y: C + 114 },
    ]),
    '#ff2d55',
    id,
  );
  // a label's hash colour (hsl to hex as the label palette makes one)
  const ring: Array<{ x: number; y: number }> = [];
  for (let k = 0; k < 24; k++) {
    const a = (k / 24) * Math.PI * 2;
    ring.push({ x: C + 100 + 18 * Math.cos(a), y: C + 30 + 12 * Math.sin(a) });
  }
  sc.set(id++, parseShape('segment', [ring]), '#3da58a', id);
  const K = 3;
  const cv = document.createElement('canvas');
  cv.id = 'tiles';
  cv.width = 3 * (TILE * K + 10);
  cv.height = 3 * (TILE * K + 24);
  document.body.append(cv);
  const ctx = cv.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, cv.width, cv.height);
  ctx.imageSmoothingEnabled = false;
  const bytes = async (raster: boolean, z: number, t: number) => {
    setOutlineRaster(true);
    setRasterLimits(raster ? { minShapes: 1, maxZ: 1 } : { minShapes: 1e9, maxZ: 1 });
    const job = startTile(sc, z, t, t, makeCanvas())!;
    continueTile(sc, job, Number.POSITIVE_INFINITY);
    return copyTile(job);
  };
  const stats: unknown[] = [];
  let y = 0;
  for (const z of [-1, 0, 1]) {
    const t = Math.floor((C * 2 ** z) / TILE);
    const a = await bytes(false, z, t);
    const b = await bytes(true, z, t);
    const diff = new OffscreenCanvas(TILE, TILE);
    const over = (bm: ImageBitmap) => {
      const c = new OffscreenCanvas(TILE, TILE).getContext('2d')!;
      c.fillStyle = '#fff';
      c.fillRect(0, 0, TILE, TILE);
      c.drawImage(bm, 0, 0);
      return c.getImageData(0, 0, TILE, TILE);
    };
    const ia = over(a);
    const ib = over(b);
    const d = new ImageData(TILE, TILE);
    let n = 0;
    let n8 = 0;
    let max = 0;
    let sumA = 0;
    let sumB = 0;
    for (let i = 0; i < ia.data.length; i += 4) {
      let m = 0;
      for (let c = 0; c < 3; c++) {
        m = Math.max(m, Math.abs(ia.data[i + c]! - ib.data[i + c]!));
        sumA += 255 - ia.data[i + c]!;
        sumB += 255 - ib.data[i + c]!;
      }
      if (m) n++;
      if (m > 8) n8++;
      max = Math.max(max, m);
      const v = 255 - Math.min(255, m * 4);
      d.data[i] = 255;
      d.data[i + 1] = v;
      d.data[i + 2] = v;
      d.data[i + 3] = 255;
    }
    diff.getContext('2d')!.putImageData(d, 0, 0);
    stats.push({ z, differ: n / (TILE * TILE), over8: n8 / (TILE * TILE), max, inkSkia: sumA, inkRaster: sumB });
    let x = 0;
    for (const [img, label] of [
      [a, `z=${z} Skia`],
      [b, `z=${z} raster (wasm)`],
      [diff, `z=${z} |diff| x4 (${((n / (TILE * TILE)) * 100).toFixed(1)} % px, max ${max})`],
    ] as const) {
      ctx.fillStyle = '#000';
      ctx.font = '14px sans-serif';
      ctx.fillText(label, x + 4, y + 16);
      ctx.drawImage(img, 0, 0, TILE, TILE, x, y + 22, TILE * K, TILE * K);
      ctx.strokeStyle = '#888';
      ctx.strokeRect(x, y + 22, TILE * K, TILE * K);
      x += TILE * K + 10;
    }
    y += TILE * K + 24;
  }
  setRasterLimits(null);
  (window as { __bench?: unknown }).__bench = stats;
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

/**
 * One tile painted as the tile worker paints it, timed through its copy (`copyTile`:
 * createImageBitmap of the canvas, where Skia's deferred raster work, FinalizeFrame, happens):
 * [ms to the end of the draw calls, ms through the copy].
 */
async function paintCopyMs(
  sc: TileScene,
  z: number,
  tx: number,
  ty: number,
  canvas: OffscreenCanvas | HTMLCanvasElement,
): Promise<[number, number, number]> {
  const t0 = performance.now();
  const job = startTile(sc, z, tx, ty, canvas)!;
  continueTile(sc, job, Number.POSITIVE_INFINITY);
  const t1 = performance.now();
  const bm = await copyTile(job);
  const t2 = performance.now();
  // a readback of the bitmap drawn whole: were any of its raster work still deferred, it is done here
  readCtx.drawImage(bm, 0, 0);
  readCtx.getImageData(0, 0, 1, 1);
  const t3 = performance.now();
  bm.close();
  return [t1 - t0, t2 - t0, t3 - t0];
}
const readCtx = new OffscreenCanvas(TILE, TILE).getContext('2d', { willReadFrequently: false })!;

/** The tile's RGBA bytes as the worker makes it (through copyTile). */
async function copyBytes(sc: TileScene, z: number, tx: number, ty: number): Promise<Uint8ClampedArray> {
  const job = startTile(sc, z, tx, ty, makeCanvas())!;
  continueTile(sc, job, Number.POSITIVE_INFINITY);
  const bm = await copyTile(job);
  const c = new OffscreenCanvas(TILE, TILE);
  const x = c.getContext('2d')!;
  x.drawImage(bm, 0, 0);
  bm.close();
  return x.getImageData(0, 0, TILE, TILE).data;
}

/**
 * `?sparse`: sparse tiles (~20-400 shapes; the scene's N chosen per level so that its centre tile
 * holds about that many) painted by Skia (rasteriser off) and by the outline rasteriser (its
 * shape threshold and finest level lifted), interleaved, each timed through the worker's copy.
 */
async function runSparse(reps: number, targets: number[], levels = [-2, -1, 0, 1]) {
  const out: Array<Record<string, number | string>> = [];
  if (!(await setRasterWasm(true))) throw new Error('no WebAssembly');
  const cvSkia = makeCanvas();
  const cvRaster = makeCanvas();
  for (const z of levels)
    for (const target of targets) {
      const side = TILE / 2 ** z;
      const n = Math.round((target * IMG * IMG) / (side + 70) ** 2);
      const sc = scene(n);
      const t = Math.floor(((IMG / 2) * 2 ** z) / TILE);
      const shapes = sc.idsIn(
        {
          minX: (t * TILE) / 2 ** z,
          minY: (t * TILE) / 2 ** z,
          maxX: ((t + 1) * TILE) / 2 ** z,
          maxY: ((t + 1) * TILE) / 2 ** z,
        },
        {
          minX: (t * TILE) / 2 ** z,
          minY: (t * TILE) / 2 ** z,
          maxX: ((t + 1) * TILE) / 2 ** z,
          maxY: ((t + 1) * TILE) / 2 ** z,
        },
      ).length;
      // Skia: the worker's own path for a tile under the threshold (rasteriser on, tile too sparse)
      const skia = (_on: boolean) => {
        setOutlineRaster(true);
        setRasterLimits({ minShapes: 1e9, maxZ: 1 });
      };
      const raster = () => {
        setOutlineRaster(true);
        setRasterLimits({ minShapes: 1, maxZ: 1 });
      };
      // pixels: Skia's tile against the raster's, the 3x3 tiles around the centre
      let differ = 0;
      let over8 = 0;
      let maxd = 0;
      let px = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          skia(true);
          const a = await copyBytes(sc, z, t + dx, t + dy);
          raster();
          const b = await copyBytes(sc, z, t + dx, t + dy);
          for (let i = 0; i < a.length; i += 4) {
            // the difference as seen over black and over white (unpremultiplied colour of a
            // nearly transparent pixel means nothing)
            let d = 0;
            const aa = a[i + 3]! / 255;
            const ba = b[i + 3]! / 255;
            for (let c = 0; c < 3; c++) {
              const pa = a[i + c]! * aa;
              const pb = b[i + c]! * ba;
              d = Math.max(d, Math.abs(pa - pb), Math.abs(pa + 255 * (1 - aa) - pb - 255 * (1 - ba)));
            }
            d = Math.round(d);
            px++;
            if (d) differ++;
            if (d > 8) over8++;
            if (d > maxd) maxd = d;
          }
        }
      const sk: number[] = [];
      const ra: number[] = [];
      const skDraw: number[] = [];
      const raDraw: number[] = [];
      const skRead: number[] = [];
      const raRead: number[] = [];
      for (let i = 0; i < 3 + reps; i++) {
        skia(true);
        const a = await paintCopyMs(sc, z, t, t, cvSkia);
        raster();
        const b = await paintCopyMs(sc, z, t, t, cvRaster);
        if (i < 3) continue;
        skRead.push(a[2]);
        raRead.push(b[2]);
        skDraw.push(a[0]);
        sk.push(a[1]);
        raDraw.push(b[0]);
        ra.push(b[1]);
        await new Promise((r) => setTimeout(r, 0));
      }
      out.push({
        n,
        z,
        shapes,
        skiaDraw: median(skDraw),
        skia: median(sk),
        skiaMin: Math.min(...sk),
        rasterDraw: median(raDraw),
        raster: median(ra),
        rasterMin: Math.min(...ra),
        skiaRead: median(skRead),
        rasterRead: median(raRead),
        differ: differ / px,
        over8: over8 / px,
        maxd,
      });
    }
  setRasterLimits(null);
  setOutlineRaster(true);
  (globalThis as { __bench?: unknown }).__bench = out;
}

/**
 * `?profile=N:z,N:z`: only the WebAssembly raster's centre tiles, `reps` times each (for a CPU profile,
 * bench/tile-raster-profile.ts). `&spread`: the 4×4 tiles around the centre in turn, as a pan paints
 * new tiles (the same tile each time keeps its shapes in cache). `&wcopy`: as the tile worker paints,
 * one canvas kept and each tile taken by `copyTile`, timed through the copy.
 */
async function runProfile(spec: string, reps: number) {
  if (!(await setRasterWasm(true))) throw new Error('no WebAssembly');
  setOutlineRaster(true);
  const out: Array<Record<string, number | string>> = [];
  for (const item of spec.split(',')) {
    const [n, z] = item.split(':').map(Number) as [number, number];
    const sc = scene(n);
    const t = Math.floor(((IMG / 2) * 2 ** z) / TILE);
    for (let i = 0; i < 3; i++) paintMs(sc, z, t, t);
    const ms: number[] = [];
    performance.mark(`profile-${n}-${z}-start`);
    const t0 = performance.now();
    const spread = SEARCH.has('spread');
    const wcopy = SEARCH.has('wcopy');
    const cv = makeCanvas();
    for (let i = 0; i < reps; i++) {
      const d = spread ? i % 16 : 10; // 10: the centre tile (t, t)
      const tx = t - 2 + (d % 4);
      const ty = t - 2 + Math.floor(d / 4);
      if (wcopy) {
        const a = performance.now();
        const job = startTile(sc, z, tx, ty, cv)!;
        continueTile(sc, job, Number.POSITIVE_INFINITY);
        (await copyTile(job)).close();
        ms.push(performance.now() - a);
      } else ms.push(paintMs(sc, z, tx, ty));
    }
    out.push({ n, z, ms: median(ms), t0, t1: performance.now() });
    await new Promise((r) => setTimeout(r, 50));
  }
  (globalThis as { __bench?: unknown }).__bench = out;
}

let SEARCH = new URLSearchParams();
async function run(search: string) {
  const out: Array<Record<string, number | string>> = [];
  const params = new URLSearchParams(search);
  SEARCH = params;
  COLS = params.has('cols');
  if (params.has('profile')) return runProfile(params.get('profile')!, Number(params.get('reps') ?? 100));
  if (params.has('sparse'))
    return runSparse(
      Number(params.get('reps') ?? 15),
      (params.get('targets') ?? '20,50,100,200,300,400,800').split(',').map(Number),
      params.has('zs') ? params.get('zs')!.split(',').map(Number) : undefined,
    );
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
if (inWorker && (globalThis as { name?: string }).name === 'serve') {
  // a worker driven tile by tile (bench/tile-raster-ab.ts: two source trees' workers in one page,
  // interleaved): {scene: [N, z]} builds the scene (WebAssembly on), {paint: true} paints its centre
  // tile once and answers the ms
  let sc: TileScene | null = null;
  let z = 0;
  let t = 0;
  addEventListener('message', (m: MessageEvent<{ scene?: [number, number]; cols?: boolean; paint?: boolean }>) => {
    void (async () => {
      if (m.data.scene) {
        COLS = !!m.data.cols;
        if (!(await setRasterWasm(true))) throw new Error('no WebAssembly');
        setOutlineRaster(true);
        sc = null;
        sc = scene(m.data.scene[0]);
        z = m.data.scene[1];
        t = Math.floor(((IMG / 2) * 2 ** z) / TILE);
        postMessage(0);
      } else postMessage(paintMs(sc!, z, t, t));
    })().catch((e) => postMessage({ error: String(e) }));
  });
} else if (inWorker) {
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
} else if (new URLSearchParams(location.search).has('sparsepng')) void showSparseTiles();
else if (new URLSearchParams(location.search).has('png')) showTiles();
else if (new URLSearchParams(location.search).has('ab')) {
  // `?ab=<base tree's absolute path>`: its page module's worker and this tree's, driven by the measure
  const mk = (u: string) => new Worker(u, { type: 'module', name: 'serve' });
  const ws = [
    mk(`/@fs${new URLSearchParams(location.search).get('ab')}/bench/tile-raster-page.ts`),
    mk(new URL('./tile-raster-page.ts', import.meta.url).href),
  ];
  const ask = (i: number, msg: unknown) =>
    new Promise<unknown>((res) => {
      ws[i]!.onmessage = (m) => res(m.data);
      ws[i]!.postMessage(msg);
    });
  (window as { __ask?: unknown }).__ask = ask;
  (window as { __bench?: unknown }).__bench = [];
} else if (new URLSearchParams(location.search).has('worker')) {
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
