// `npm run bench -- geometry`: polygonsFromSegmentation (dtlpy Polygon.from_segmentation, all instances)
// on 512², 2048², 4096² masks with ~50 blobs:
//   - native OpenCV (Debian python3-opencv via /usr/bin/python3): the SDK's own pipeline and the bare cv2 calls
//   - Node in-process (OpenCV.js)
//   - the geometry worker in headless Chromium (round trip incl. copy + transfer), cold and warm start,
//     and the number of main-thread long tasks (> 50 ms) during the conversions (PerformanceObserver,
//     wall clock), with the same tasks' CPU time from a light Chromium trace: on this shared 2-core
//     machine a descheduled task can last 50+ ms while using a few ms of CPU.
// One run, medians. The machine is shared: treat numbers as rough.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { loadOpenCv } from '../src/geometry/opencv/load-opencv.js';
import { boxesFromSegmentation, polygonsFromSegmentation } from '../src/geometry/kernels/from-segmentation.js';
import { packPolygons } from '../src/workers/protocol.js';
import { type AbSize, cleanBaseline, prepareBaseline, runInterleaved } from './geometry-baseline.js';
import { benchMask, BENCH_SIZES } from './geometry-masks.js';
import { pageTasks, type PageTask } from './geometry-trace-tasks.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** GEOMETRY_BENCH_SIZES=4096: only these mask sizes (comma-separated), in every part. */
const SIZES = process.env.GEOMETRY_BENCH_SIZES
  ? process.env.GEOMETRY_BENCH_SIZES.split(',').map(Number)
  : [...BENCH_SIZES];
/**
 * GEOMETRY_BENCH_BASELINE=<git ref> (e.g. 38d96e5): also that ref's worker round trip, interleaved call by
 * call with this tree's in the same browser (bench/geometry-baseline.ts); GEOMETRY_BENCH_ROUNDS pairs per size.
 */
const BASELINE = process.env.GEOMETRY_BENCH_BASELINE;
const ROUNDS = Number(process.env.GEOMETRY_BENCH_ROUNDS ?? 15);
/** GEOMETRY_BENCH_AB_ONLY=1 (with a baseline): only the interleaved comparison, no native/Node/full page. */
const AB_ONLY = !!BASELINE && process.env.GEOMETRY_BENCH_AB_ONLY === '1';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
/** Lower quartile: on a loaded machine the calls that were not descheduled. */
const quartile = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 4)]! : NaN;
};
const checksumOf = (coords: Int32Array) => coords.reduce((a, v, k) => (a + v * ((k % 97) + 1)) % 1_000_000_007, 0);
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

const dir = mkdtempSync(join(tmpdir(), 'dlkit-geo-bench-'));
const masks = SIZES.map((n) => ({ n, data: benchMask(n) }));

// ---- native
let native: {
  opencv: string;
  sizes: Array<{ n: number; sdkMs: number[]; coreMs: number[]; polygons: number; vertices: number; checksum: number }>;
} | null = null;
if (AB_ONLY) {
  // native skipped: only the interleaved comparison
} else if (existsSync('/usr/bin/python3')) {
  const args = [String(RUNS)];
  for (const m of masks) {
    const p = join(dir, `mask-${m.n}.bin`);
    writeFileSync(p, m.data);
    args.push(String(m.n), p);
  }
  const r = spawnSync('/usr/bin/python3', ['bench/geometry-native.py', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status === 0) native = JSON.parse(r.stdout);
  else console.log(`native OpenCV unavailable (python3-opencv?): ${r.stderr.trim().split('\n').pop()}`);
} else console.log('native OpenCV unavailable: /usr/bin/python3 not found');

// ---- Node in-process
const t0 = performance.now();
const { cv } = await loadOpenCv();
const nodeLoadMs = performance.now() - t0;
const nodeRes = masks.map(({ n, data }) => {
  const mask = { width: n, height: n, data };
  polygonsFromSegmentation(cv, mask, { maxInstances: null });
  const ms: number[] = [];
  const bms: number[] = [];
  let packed = packPolygons([]);
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const polys = polygonsFromSegmentation(cv, mask, { maxInstances: null });
    ms.push(performance.now() - t);
    packed = packPolygons(polys);
    const tb = performance.now();
    boxesFromSegmentation(cv, mask);
    bms.push(performance.now() - tb);
  }
  return {
    n,
    ms,
    bms,
    polygons: packed.polygonRings.length,
    vertices: packed.coords.length / 2,
    checksum: checksumOf(packed.coords),
  };
});

// ---- Chromium worker
type PageOut = {
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
  idleLongTasks: number;
  convertMs: number;
  longTaskSteps?: Record<string, number>;
};
let page: PageOut | null = null;
/** The page's main-thread tasks from a light Chromium trace ('toplevel' + User Timing): wall and CPU time. */
let traced: PageTask[] = [];
/** The interleaved comparison with GEOMETRY_BENCH_BASELINE, per size. */
let ab: AbSize[] = [];
const loadBefore = loadavg()[0]!;
const exe = findChromium();
if (!exe) console.log('Chromium not found: worker columns skipped (set CHROMIUM_PATH)');
else {
  const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error', clearScreen: false });
  await server.listen();
  const url = server.resolvedUrls!.local[0]!;
  const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs });
  try {
    if (BASELINE) {
      const baselinePage = prepareBaseline(BASELINE);
      try {
        ab = await runInterleaved(browser, url, baselinePage, SIZES, ROUNDS);
      } catch (e) {
        console.log(`baseline ${BASELINE} failed: ${(e as Error).message}`);
      } finally {
        cleanBaseline();
      }
    }
    if (!AB_ONLY) {
      const p = await browser.newPage();
      p.on('pageerror', (e) => console.log('page error:', e.message));
      await browser.startTracing(p, { categories: ['toplevel', 'blink.user_timing'] });
      await p.goto(`${url}bench/geometry-page.html?runs=${RUNS}&trace=1&sizes=${SIZES.join(',')}`);
      await p.waitForFunction(() => (window as { __bench?: unknown }).__bench, null, {
        timeout: 600_000,
        polling: 500,
      });
      const r = await p.evaluate(() => (window as { __bench?: unknown }).__bench);
      try {
        traced = pageTasks(JSON.parse((await browser.stopTracing()).toString('utf8')));
      } catch (e) {
        console.log(`trace unavailable: ${(e as Error).message}`);
      }
      if ((r as { error?: string }).error) console.log('page failed:', (r as { error: string }).error);
      else page = r as PageOut;
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

const loadAfter = loadavg()[0]!;

// ---- table
if (!AB_ONLY) {
  // ---- table
  console.log(
    `\npolygonsFromSegmentation(maxInstances: null), ~50 blobs, median of ${RUNS} warm runs, ms (native: ${native ? `OpenCV ${native.opencv}` : 'n/a'})`,
  );
  const rows: string[][] = [
    [
      'mask',
      'native SDK',
      'native cv2',
      'Node',
      'worker',
      'worker/SDK',
      'worker/cv2',
      'boxes worker',
      'PNG enc worker',
      'PNG dec worker',
      'long tasks',
      'polys',
      'identical',
    ],
  ];
  for (const { n } of masks) {
    const nat = native?.sizes.find((s) => s.n === n);
    const nd = nodeRes.find((s) => s.n === n)!;
    const w = page?.sizes.find((s) => s.n === n);
    const sdk = nat ? median(nat.sdkMs) : NaN;
    const core = nat ? median(nat.coreMs) : NaN;
    const wm = w ? median(w.polygonsMs) : NaN;
    const same = [
      nat && nat.checksum === nd.checksum && nat.polygons === nd.polygons,
      !w || (w.checksum === nd.checksum && w.polygons === nd.polygons),
    ];
    rows.push([
      `${n}²`,
      f(sdk),
      f(core),
      f(median(nd.ms)),
      f(wm),
      `${f(wm / sdk)}x`,
      `${f(wm / core)}x`,
      w ? f(median(w.boxesMs)) : 'n/a',
      w ? f(median(w.encodeMs)) : 'n/a',
      w ? f(median(w.decodeMs)) : 'n/a',
      w ? String(w.longTasks ?? 'n/a') : 'n/a',
      String(nd.polygons),
      same.every(Boolean) ? 'yes' : `NO (${same})`,
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
  console.log(
    `\nstart-up: Node OpenCV load ${f(nodeLoadMs)} ms; Chromium worker cold ${page ? f(page.coldStartMs) : 'n/a'} ms, warm (cached script) ${page ? f(page.warmStartMs) : 'n/a'} ms (Vite dev server)`,
  );
  console.log(
    `main-thread long tasks (> 50 ms) during worker conversions: ${page ? `${page.longTasks}${page.longTasks ? ` (${page.longTaskMs.join(', ')} ms)` : ''} in ${f(page.convertMs)} ms; control, same time idle: ${page.idleLongTasks}` : 'n/a'}`,
  );
  if (page?.longTaskSteps && page.longTasks)
    console.log(
      `  started during (page-side step): ${Object.entries(page.longTaskSteps)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (traced.length) {
    const inWin = traced.filter((t) => t.window?.startsWith('window'));
    const wallLong = inWin.filter((t) => t.wallMs > 50);
    const maxCpu = Math.max(0, ...inWin.map((t) => t.cpuMs ?? 0));
    console.log(
      `  same windows in a Chromium trace (wall / CPU time per task): ${wallLong.length} task(s) > 50 ms wall${wallLong.length ? ` (${wallLong.map((t) => `${t.wallMs.toFixed(0)}/${t.cpuMs?.toFixed(1) ?? '?'} ms`).join(', ')})` : ''}, ` +
        `${inWin.filter((t) => (t.cpuMs ?? 0) > 50).length} > 50 ms on CPU; most CPU in one task ${maxCpu.toFixed(1)} ms (of ${inWin.length} tasks)`,
    );
  }
  console.log(
    `machine: ${availableParallelism()} cores, 1-min load average ${loadBefore.toFixed(1)} before the Chromium part, ${loadAfter.toFixed(1)} after (above the core count, tasks get descheduled: wall-clock long tasks with little CPU; see bench/geometry-trace.ts)`,
  );
}
const big = page?.sizes.find((s) => s.n === 4096);
const nat4 = native?.sizes.find((s) => s.n === 4096);
if (big && nat4) {
  const ratio = median(big.polygonsMs) / median(nat4.sdkMs);
  console.log(
    `target: 4096² worker within 1.5x of native (SDK pipeline): ${ratio <= 1.5 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x; vs bare cv2 calls ${(median(big.polygonsMs) / median(nat4.coreMs)).toFixed(2)}x)`,
  );
}

// ---- interleaved with the baseline
if (ab.length) {
  console.log(
    `\nworker round trip (polygonsFromSegmentation via the worker backend), this tree vs ${BASELINE}, interleaved in one browser: ${ROUNDS} pairs per size, order alternating, ms`,
  );
  const abRows: string[][] = [
    [
      'mask',
      'this tree',
      `baseline ${BASELINE}`,
      'ratio of medians',
      'ratio of p25',
      'median pair ratio',
      'boxes this/baseline',
      'pairs slower',
      'identical',
    ],
  ];
  for (const r of ab) {
    const nd = nodeRes.find((s) => s.n === r.n);
    const same =
      r.current.checksum === r.baseline.checksum &&
      r.current.polygons === r.baseline.polygons &&
      (!nd || (nd.checksum === r.current.checksum && nd.polygons === r.current.polygons));
    abRows.push([
      `${r.n}²`,
      `${f(median(r.current.ms))} (${f(Math.min(...r.current.ms))}–${f(Math.max(...r.current.ms))})`,
      `${f(median(r.baseline.ms))} (${f(Math.min(...r.baseline.ms))}–${f(Math.max(...r.baseline.ms))})`,
      `${(median(r.current.ms) / median(r.baseline.ms)).toFixed(3)}x`,
      `${(quartile(r.current.ms) / quartile(r.baseline.ms)).toFixed(3)}x`,
      `${median(r.pairRatios).toFixed(3)}x`,
      `${f(median(r.current.boxesMs))} / ${f(median(r.baseline.boxesMs))}`,
      `${r.pairRatios.filter((x) => x > 1).length}/${r.pairRatios.length}`,
      same ? 'yes' : 'NO',
    ]);
  }
  const w = abRows[0]!.map((_, c) => Math.max(...abRows.map((r) => r[c]!.length)));
  for (const r of abRows) console.log(r.map((c, i) => c.padStart(w[i]!)).join('  '));
  console.log('(ratios above 1: this tree is slower; "identical": same polygons as the baseline and as Node)');
}
