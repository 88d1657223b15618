// Runs in headless Chromium (driven by geometry.bench.ts): worker cold/warm start, per-operation worker
// time, and main-thread long tasks (> 50 ms) during the conversions.
import { createGeometryWorker, createWorkerBackend, GeometryWorkerPool, packPolygons } from '../src/workers/index.js';
import { benchMask, BENCH_SIZES } from './geometry-masks.js';

interface PageResult {
  coldStartMs: number;
  warmStartMs: number;
  sizes: Array<{
    n: number;
    longTasks?: number;
    polygonsMs: number[];
    boxesMs: number[];
    decodeMs: number[];
    encodeMs: number[];
    polygons: number;
    vertices: number;
    checksum: number;
  }>;
  longTasks: number;
  longTaskMs: number[];
  /** Long tasks in an idle window as long as the conversions: the machine's own noise. */
  idleLongTasks: number;
  convertMs: number;
  /** Which page-side step each long task in the conversion windows started in (attribution). */
  longTaskSteps: Record<string, number>;
}

declare global {
  interface Window {
    __bench?: PageResult | { error: string };
    __drive?: {
      /** A polygons and a boxes round trip on the same mask, as the full page's loop makes them (ms each). */
      polygons(n: number): Promise<{ ms: number; boxesMs: number; polygons: number; checksum: number }>;
      dispose(): void;
    };
  }
}

const RUNS = Number(new URLSearchParams(location.search).get('runs') ?? 7);
/** `?trace=1` (bench/geometry-trace.ts): steps and windows also become User Timing measures in the trace. */
const TRACE = new URLSearchParams(location.search).has('trace');
/** `?sizes=4096` (GEOMETRY_BENCH_SIZES): only these mask sizes. */
const SIZES = (new URLSearchParams(location.search).get('sizes') ?? BENCH_SIZES.join(',')).split(',').map(Number);

async function main(): Promise<PageResult> {
  // Entries arrive asynchronously, so they are matched to the conversion windows by start time.
  const all: PerformanceEntry[] = [];
  const windows: Array<[number, number]> = [];
  // page-side steps inside the windows, to attribute each long task to what the main thread was doing
  const steps: Array<[string, number, number]> = [];
  const step = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const a = performance.now();
    const r = await f();
    steps.push([name, a, performance.now()]);
    if (TRACE) performance.measure(`step ${name}`, { start: a, end: performance.now() });
    return r;
  };
  new PerformanceObserver((l) => {
    all.push(...l.getEntries());
  }).observe({ type: 'longtask', buffered: false });

  // cold: a new worker loads the bundle and OpenCV; warm: a second worker once the script is cached
  let pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
  let t = performance.now();
  await pool.prewarm();
  const coldStartMs = performance.now() - t;
  pool.dispose();
  pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
  t = performance.now();
  await pool.prewarm();
  const warmStartMs = performance.now() - t;

  const backend = createWorkerBackend(() => pool);
  const sizes: PageResult['sizes'] = [];
  // All masks first: generating 4096² is a long task of the bench's own, and generated between two
  // windows it ran in the task that resolved the previous size's last call, so it was counted (and
  // attributed to 'decode call' at 2048²). A trace showed it: bench/geometry-trace.ts.
  const inputs = SIZES.map((n) => ({ n, data: benchMask(n) }));
  for (const { n, data } of inputs) {
    const mask = { width: n, height: n, data };
    await new Promise((r) => setTimeout(r, 50)); // let the generation's (or the previous window's) tasks end before measuring
    const polygonsMs: number[] = [];
    const boxesMs: number[] = [];
    const decodeMs: number[] = [];
    const encodeMs: number[] = [];
    let polygons = 0;
    let vertices = 0;
    let checksum = 0;
    const w0 = performance.now();
    for (let i = 0; i < RUNS + 1; i++) {
      // the library path a caller that keeps its mask takes: the worker backend copies (in slices) and transfers
      const t0 = performance.now();
      const polys = await step('polygons call', () => backend.polygonsFromSegmentation(mask, { maxInstances: null }));
      const dt = performance.now() - t0;
      if (i > 0) polygonsMs.push(dt); // first call per size warms the kernel's JIT paths
      const packed = await step('checksum (bench)', () => packPolygons(polys));
      polygons = polys.length;
      vertices = packed.coords.length / 2;
      checksum = await step('checksum (bench)', () =>
        packed.coords.reduce((a, v, k) => (a + v * ((k % 97) + 1)) % 1_000_000_007, 0),
      );
      const t1 = performance.now();
      await step('boxes call', () => backend.boxesFromSegmentation(mask));
      if (i > 0) boxesMs.push(performance.now() - t1);
      const t2 = performance.now();
      const url = await step('encode call', () => backend.encodeSegmentation(mask, [255, 0, 0]));
      const t3 = performance.now();
      await step('decode call', () => backend.decodeSegmentation(url));
      if (i > 0) {
        encodeMs.push(t3 - t2);
        decodeMs.push(performance.now() - t3);
      }
    }
    windows.push([w0, performance.now()]);
    if (TRACE) performance.measure(`window ${n}`, { start: w0, end: performance.now() });
    sizes.push({ n, polygonsMs, boxesMs, decodeMs, encodeMs, polygons, vertices, checksum });
  }
  pool.dispose();
  const convertMs = windows.reduce((a, [x, y]) => a + y - x, 0);
  // control: the same length of idle main thread (timers only), to tell contention from our own work
  const i0 = performance.now();
  while (performance.now() - i0 < convertMs) await new Promise((r) => setTimeout(r, 20));
  const idle: [number, number] = [i0, performance.now()];
  if (TRACE) performance.measure('idle control', { start: i0, end: idle[1] });
  await new Promise((r) => setTimeout(r, 200)); // let the observer deliver
  const long = all.filter((e) => windows.some(([a, b]) => e.startTime >= a && e.startTime < b));
  sizes.forEach(
    (z, k) => (z.longTasks = all.filter((e) => e.startTime >= windows[k]![0] && e.startTime < windows[k]![1]).length),
  );
  const idleLong = all.filter((e) => e.startTime >= idle[0] && e.startTime < idle[1]);
  const longTaskSteps: Record<string, number> = {};
  for (const e of long) {
    const st = steps.find(([, a, b]) => e.startTime >= a - 1 && e.startTime < b);
    const k = `${st ? st[0] : 'between steps'}`;
    longTaskSteps[k] = (longTaskSteps[k] ?? 0) + 1;
  }
  return {
    longTaskSteps,
    coldStartMs,
    warmStartMs,
    sizes,
    longTasks: long.length,
    longTaskMs: long.map((e) => Math.round(e.duration)),
    idleLongTasks: idleLong.length,
    convertMs,
  };
}

/**
 * `?drive=1` (geometry.bench.ts's interleaved comparison with a baseline ref): one warm worker and the
 * masks of `?sizes=`, and `window.__drive.polygons(n)` times one round trip at a time, so the bench can
 * alternate calls between this tree's page and the baseline's page (A B B A …) on a loaded machine.
 */
async function drive(): Promise<void> {
  const sizes = SIZES;
  const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
  await pool.prewarm();
  const backend = createWorkerBackend(() => pool);
  const masks = new Map(sizes.map((n) => [n, { width: n, height: n, data: benchMask(n) }]));
  window.__drive = {
    async polygons(n: number) {
      const mask = masks.get(n);
      if (!mask) throw new Error(`no ${n}² mask on this page (sizes=${sizes})`);
      const t0 = performance.now();
      const polys = await backend.polygonsFromSegmentation(mask, { maxInstances: null });
      const ms = performance.now() - t0;
      const packed = packPolygons(polys);
      const checksum = packed.coords.reduce((a, v, k) => (a + v * ((k % 97) + 1)) % 1_000_000_007, 0);
      // the boxes call of the full page's iteration too (PNG encode/decode are left out: slow, and not compared)
      const t1 = performance.now();
      await backend.boxesFromSegmentation(mask);
      const boxesMs = performance.now() - t1;
      return { ms, boxesMs, polygons: polys.length, checksum };
    },
    dispose: () => pool.dispose(),
  };
}

if (new URLSearchParams(location.search).has('drive'))
  drive().then(
    () => {
      document.getElementById('status')!.textContent = 'ready';
    },
    (e: unknown) => {
      window.__bench = { error: String((e as Error)?.stack ?? e) };
    },
  );
else
  main().then(
    (r) => {
      window.__bench = r;
      document.getElementById('status')!.textContent = 'done';
    },
    (e: unknown) => {
      window.__bench = { error: String((e as Error)?.stack ?? e) };
    },
  );
