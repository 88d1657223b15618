// Rendering benchmark of <dl-item-viewer> + <dl-annotation-layer>, side by side with Annotorious 3.8
// (SVG renderer over a plain image) in one run, in headless system Chromium (page: render-page.ts).
//
// Same 4096² image, same seeded polygons of 32 vertices (radius 10–60 px), 1280×800 viewport, a 4 s
// loop of the page's own requestAnimationFrame zooming 1x→4x→1x while panning, every view set through
// the public `viewer.view`. Per target and N: first render (first frame presented, and first frame
// complete at full resolution), pan/zoom frame times, per frame whether any visible tile came from
// another level or was missing (the layer's `renderStats`), time to full resolution after the view
// stops, vertex-drag frame times, long tasks, JS heap per shape (page + its workers; and the layer's own on
// the page, without the page's data: see render-page.ts layerOwnHeap). Floors in the
// same run, before and after: our viewer with no layer, and a bare <img> moved by CSS transform.
//
// `npm run bench -- render` · `RENDER_BENCH_N=10000,100000` (polygon counts) · `RENDER_BENCH_POINTS=1000000`
// (point counts, empty for none) · `RENDER_BENCH_ANNOTORIOUS_N=10000,50000` · `RENDER_BENCH_TARGETS=dlkit`
// (ours only) · `RENDER_BENCH_SETTLE=0` (set the shapes right after the image is shown) ·
// `RENDER_BENCH_BASELINE=main` (the layer of that git ref as target `baseline`, same run, same page) ·
// `RENDER_BENCH_REPEAT=2` (each size's baseline and ours, polygons and points, run that many times, interleaved: A B A B).
// `RENDER_BENCH_TILE_WORKERS=2` (the layer's tile workers, its `tileWorkers` override; unset: its core rule) ·
// `RENDER_BENCH_BASELINE_TILE_WORKERS=1` (the same for the baseline's layer; e.g. with RENDER_BENCH_BASELINE=HEAD, an A/B of
// the worker count alone).
// `RENDER_BENCH_FRAMELOG=1` (diagnostic: per target, every pan/zoom frame not complete at its level, and the frames after the view
// stopped: ms, level, ideal, tiles, finer, borrowed, missing, pending, on stderr).
// `RENDER_BENCH_GC_BEFORE_LOOP=2` (diagnostic: that many timed gc() calls and 100 ms between the first full-resolution frame
// and the pan/zoom loop, the head start the bench gave the tile workers before session 35; default none).
import { buildPage, ensureImage, launch, type RenderResult, runTarget, serve } from './render-harness.js';
import type { RunOptions } from './render-page.js';

const list = (v: string | undefined, d: string) => (v ?? d).split(',').filter(Boolean).map(Number);
const SIZES = list(process.env.RENDER_BENCH_N, '10000,50000,100000');
const POINTS = list(process.env.RENDER_BENCH_POINTS, '1000000');
// Annotorious at 100,000 polygons takes minutes per phase (~1 fps at 50,000): not run by default.
const ANNO_SIZES = list(process.env.RENDER_BENCH_ANNOTORIOUS_N, '10000,50000');
const TARGETS = (process.env.RENDER_BENCH_TARGETS ?? 'dlkit,annotorious').split(',');
// A git ref (e.g. `main`) whose layer runs as target `baseline` next to ours, in the same run.
const BASELINE = process.env.RENDER_BENCH_BASELINE;
const REPEAT = Math.max(1, Number(process.env.RENDER_BENCH_REPEAT ?? 1) || 1);
const OPTS: RunOptions = {
  loopMs: 4000,
  dragMs: 2000,
  // First render is timed from a displayed, idle page: both libraries wait this long after the image
  // is shown (right after load the page's own first paint and GC land inside the measurement).
  settleMs: Number(process.env.RENDER_BENCH_SETTLE ?? 300),
  settleLimitMs: 10_000,
  trace: !!process.env.RENDER_BENCH_FRAMELOG,
  gcBeforeLoop: Number(process.env.RENDER_BENCH_GC_BEFORE_LOOP) || 0,
};
const workers = (v: string | undefined) => (Number(v) >= 1 ? Math.floor(Number(v)) : undefined);
const TILE_WORKERS = workers(process.env.RENDER_BENCH_TILE_WORKERS);
const BASELINE_TILE_WORKERS = workers(process.env.RENDER_BENCH_BASELINE_TILE_WORKERS);

const f1 = (x: number | null | undefined) =>
  x === undefined || x === null || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1);
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '–');

/** " at 1200+58 ms, …": where in its loop each long task started, and its length. */
const longAt = (l: RenderResult['panLong']) =>
  l.at?.length ? ` at ${l.at.map(([t, ms]) => `${t}+${ms}`).join(', ')} ms` : '';

async function main(): Promise<void> {
  await buildPage(BASELINE);
  if (process.env.RENDER_BENCH_BUILD_ONLY) return;
  const srv = await serve();
  const browser = await launch();
  const results: RenderResult[] = [];
  const run = async (target: string, n: number) => {
    const r = await runTarget(browser, target.startsWith('baseline') ? `${srv.url}baseline/` : srv.url, target, n, {
      ...OPTS,
      tileWorkers: target.startsWith('baseline') ? BASELINE_TILE_WORKERS : TILE_WORKERS,
    });
    results.push(r);
    const d = r.drag;
    const sh = r.panzoom.sharpness;
    console.log(
      `${target.padEnd(12)} N=${String(n).padStart(7)}${r.tileWorkers === undefined ? '' : ` tile workers ${r.tileWorkers}`}  first ${f1(r.first?.presented)} ms, full res ${f1(r.first?.sharp)} ms` +
        `  pan/zoom ${f1(r.panzoom.fps)} fps p95 ${f1(r.panzoom.p95)} ms` +
        (sh
          ? `  not sharp ${sh.notSharp}/${sh.frames} (borrowed ${sh.borrowedFrames}, missing ${sh.missingFrames}, magnified ${sh.magnifiedFrames}; sharp from finer tiles ${sh.finerFrames})`
          : '') +
        `  settle ${f1(r.settle)} ms  long tasks ${r.panLong.count} (${f1(r.panLong.total)} ms${longAt(r.panLong)})  JS/frame viewer ${f1(r.panzoom.viewerMs)} layer ${f1(r.panzoom.layerMs)} ms` +
        `  drag ${d ? `${f1(d.fps)} fps p95 ${f1(d.p95)} ms (layer ${f1(d.layerMs)} ms/frame, moved ${f1(d.check)}, long tasks ${r.dragLong.count}${longAt(r.dragLong)})` : (r.dragError ?? '–')}` +
        `  heap pass gc() ${r.heapGcMs.map((x) => `${f1(x)} ms`).join(' + ')}${r.gcMs.length ? `, gc() before the loop ${r.gcMs.map((x) => `${f1(x)} ms`).join(' + ')}` : ''}` +
        `  heap ${f1(r.heap / 1e6)} MB + workers ${f1(r.workerHeap / 1e6)} MB (layer's own on the page ${f1(r.layerHeap / 1e6)} MB)`,
    );
  };
  try {
    await ensureImage(browser, srv.url);
    await run('bare-viewer', 0);
    await run('bare-img', 0);
    for (const n of SIZES) {
      // On a loaded machine a single pair says little: interleave the repeats (A B A B).
      for (let i = 0; i < REPEAT; i++) {
        if (BASELINE) await run('baseline', n);
        if (TARGETS.includes('dlkit')) await run('dlkit', n);
      }
      if (TARGETS.includes('annotorious') && ANNO_SIZES.includes(n)) await run('annotorious', n);
    }
    // Points: the baseline's layer too when there is one (same run).
    if (TARGETS.includes('dlkit'))
      for (const n of POINTS)
        for (let i = 0; i < REPEAT; i++) {
          if (BASELINE) await run('baseline-points', n);
          await run('dlkit-points', n);
        }
    // The floors once more at the end: the machine is shared, so bracket the run.
    await run('bare-viewer', 0);
    await run('bare-img', 0);
  } finally {
    await browser.close();
    srv.close();
  }
  const floor = (t: string) => {
    const xs = results.filter((r) => r.target === t);
    return {
      p95: Math.max(...xs.map((r) => r.panzoom.p95)),
      fps: Math.min(...xs.map((r) => r.panzoom.fps)),
      heap: Math.min(...xs.map((r) => r.heap)),
      workerHeap: Math.min(...xs.map((r) => r.workerHeap)),
    };
  };
  const fv = floor('bare-viewer');
  const fi = floor('bare-img');
  console.log(
    `\nFloors (worst of two runs): our viewer, no layer: ${f1(fv.fps)} fps, p95 ${f1(fv.p95)} ms · bare <img> + CSS transform: ${f1(fi.fps)} fps, p95 ${f1(fi.p95)} ms`,
  );
  const perShape = (r: RenderResult, f: { heap: number; workerHeap: number }) => {
    const page = (r.heap - f.heap) / r.n;
    const workers = Number.isNaN(r.workerHeap) ? Number.NaN : (r.workerHeap - (f.workerHeap || 0)) / r.n;
    return `${f1(page)} + ${f1(workers)} B`;
  };
  console.log(
    "\n| target | N | first frame / full resolution (ms) | pan/zoom fps | frame p95 ms (/ floor) | frames borrowed or missing (magnified; sharp from finer tiles) | full res after view stops (ms) | drag p95 ms (/ floor) | long tasks | JS heap per shape, page + workers | layer's own JS heap per shape, page |",
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results.filter((x) => x.n)) {
    const f = r.target === 'annotorious' ? fi : fv;
    const sh = r.panzoom.sharpness;
    console.log(
      `| ${r.target}${r.tileWorkers === undefined ? '' : ` (${r.tileWorkers}w)`} | ${r.n} | ${f1(r.first?.presented)} / ${f1(r.first?.sharp)} | ${f1(r.panzoom.fps)} | ${f1(r.panzoom.p95)} (${f1(r.panzoom.p95 / f.p95)}x) | ` +
        `${sh ? `${pct(sh.incompleteFrames, sh.frames)} (${pct(sh.magnifiedFrames, sh.frames)}; ${pct(sh.finerFrames ?? 0, sh.frames)})` : r.target === 'annotorious' ? 'SVG: every frame exact' : '–'} | ` +
        `${r.target === 'annotorious' ? '0 (SVG)' : f1(r.settle)} | ${r.drag ? `${f1(r.drag.p95)} (${f1(r.drag.p95 / f.p95)}x)` : (r.dragError ?? '–')} | ` +
        `${r.panLong.count + r.dragLong.count} | ${perShape(r, r.target === 'annotorious' ? fi : fv)} | ${f1(r.layerHeap / r.n)} B |`,
    );
  }
  console.log(
    `\nFirst render: shapes set ${OPTS.settleMs} ms after the image was shown (RENDER_BENCH_SETTLE), for both libraries; "full resolution" is the first frame the layer reports complete and sharp.`,
  );
  console.log(
    "Sharpness bound: a frame counts sharp (not borrowed) when every visible tile is its own level's, or is shown from the four cached tiles of the next finer level while the frame's level is no finer than the screen's: every tile downscaled less than 4x, never magnified (\"sharp from finer tiles\" counts such frames; layer renderStats.finer).",
  );
  console.log(
    'Targets: frame p95 and drag p95 within 1.1x of the floor; <= 5 % frames borrowed or missing; full resolution within 100 ms after the view stops; first full-resolution render of 10,000 <= 300 ms, of 100,000 <= 2 s.',
  );
  console.log(
    `Pan/zoom loop: setup returns in the animation frame of the first full-resolution frame; the loop's clock starts at the next frame and its first view change is set in the one after, with no forced GC and no wait in between${OPTS.gcBeforeLoop ? ` (here RENDER_BENCH_GC_BEFORE_LOOP=${OPTS.gcBeforeLoop}: that many gc() calls and 100 ms in between, a diagnostic)` : ''}. Before session 35 the bench forced one, then two, gc() there to read the heap (at 100,000 polygons a block of the page thread while the tile workers kept painting: a head start a host page does not give); the heap is now read in a separate pass.`,
  );
  console.log(
    "Heap: \"page\" is the page's JS heap after two forced GCs (one left floating garbage: render-page.ts fullGc) less the bare viewer's, read in the heap pass: a fresh page before the timed one, same setup to the first full-resolution frame, then the GCs (their ms per run above), per shape: it counts the page's own data too (its seed polygons, ~1.5 KB a 32-vertex polygon, and the JSON it built and gave the layer, which the layer keeps by reference; bench/render-heap.ts). \"Workers\": the page's workers' JS heap at the end of the timed run (after its loops). \"Layer's own\": the timed page's heap at its end (two forced GCs, after the loops) less the same page once the layer is emptied and removed (page data kept). Both are usedJSHeapSize: typed-array data (the layer's Float64Array rings, ~0.5 KB a polygon) is off that heap and in neither.",
  );
  console.log(
    'Headless Chromium, software rendering (--disable-gpu): numbers are noisy on a shared machine; compare ratios within one run.',
  );
}

await main();
