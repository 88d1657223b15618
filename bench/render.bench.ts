// Rendering benchmark of <dl-item-viewer> + <dl-annotation-layer>, side by side with Annotorious 3.8
// (SVG renderer, plain image) in one run, in headless system Chromium.
//
// Same 4096² image, same seeded polygons of 32 vertices (radius 10–60 px), a 1280×800 viewport,
// a 4 s requestAnimationFrame loop zooming 1x→4x→1x while panning. Per target and N: first render,
// pan/zoom frame times (median, p95), vertex-drag frame times, long tasks, JS heap. Floors in the
// same run: our viewer with no layer, and a bare <img> moved by CSS transform (Annotorious's host).
//
// `npm run bench -- render` (all sizes) · `RENDER_BENCH_N=1000,10000 npm run bench -- render`
// · `RENDER_BENCH_TARGETS=dlkit` (ours only) · `RENDER_BENCH_SETTLE=0` (set the shapes right after
// the image is shown instead of 300 ms later; both libraries)
import { mkdirSync, writeFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { join, extname, resolve } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright';
import { chromiumPath, chromiumArgs } from '../scripts/chromium.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, 'node_modules/.cache/dlkit-render-bench');
const DIST = join(WORK, 'dist');
const SIZES = (process.env.RENDER_BENCH_N ?? '1000,10000,50000').split(',').map(Number);
// `RENDER_BENCH_TARGETS=dlkit` skips Annotorious (a quick look at our own numbers; no ratios then).
const TARGETS = (process.env.RENDER_BENCH_TARGETS ?? 'dlkit,annotorious').split(',');
// First render is timed from a displayed, idle page: both libraries wait this long after the image
// is shown. Right after load the page's own first paint of the 4096² image (~50 ms of canvas
// resource production in the same frame) and its GC land inside the measurement.
const SETTLE_MS = Number(process.env.RENDER_BENCH_SETTLE ?? 300);
const LOOP_MS = 4000;
const DRAG_MS = 2000;

// ---- the page (built by Vite in production mode) ---------------------------------------------------
const PAGE_TS = `
import '${ROOT}/src/components/item-viewer/define.js';
import '${ROOT}/src/components/annotation-layer/define.js';
import { createImageAnnotator, W3CImageFormat } from '@annotorious/annotorious';
import '@annotorious/annotorious/annotorious.css';

const W = 1280, H = 800, IMG = 4096;
const raf = () => new Promise((r) => requestAnimationFrame(r));

function polygons(n) {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) | 0), ((s >>> 0) % 1e9) / 1e9);
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = 10 + rnd() * 50, cx = r + rnd() * (IMG - 2 * r), cy = r + rnd() * (IMG - 2 * r);
    const pts = [];
    for (let k = 0; k < 32; k++) {
      const a = (k / 32) * Math.PI * 2, rr = r * (0.8 + 0.2 * rnd());
      pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
    }
    out.push({ id: 'p' + i, label: ['car', 'person', 'sign'][i % 3], pts, cx, cy });
  }
  return out;
}
const ONTOLOGY = { roots: [['car', '#ff3b30'], ['person', '#34c759'], ['sign', '#0a84ff']].map(([tag, color]) => ({ value: { tag, color }, children: [] })) };

function box() {
  const d = document.createElement('div');
  d.style.cssText = 'position:fixed;left:0;top:0;width:' + W + 'px;height:' + H + 'px;overflow:hidden;background:#222';
  document.body.append(d);
  return d;
}

async function setup(target, n) {
  const polys = polygons(n);
  const base = Math.min(W / IMG, H / IMG);
  if (target === 'bare-viewer' || target === 'dlkit') {
    const viewer = document.createElement('dl-item-viewer');
    viewer.noControls = true;
    viewer.style.cssText = 'position:fixed;left:0;top:0;width:' + W + 'px;height:' + H + 'px';
    let layer = null;
    if (target === 'dlkit') {
      layer = document.createElement('dl-annotation-layer');
      layer.noToolbar = true;
      layer.ontology = ONTOLOGY;
      viewer.append(layer);
    }
    const loaded = new Promise((r) => viewer.addEventListener('dl-item-load', r, { once: true }));
    viewer.src = '/image.jpg';
    document.body.append(viewer);
    await loaded;
    const setView = (scale, x, y) => (viewer.view = { scale, x, y });
    setView(base, (W - IMG * base) / 2, (H - IMG * base) / 2);
    await raf(); await raf();
    if (globalThis.__settle) await new Promise((r) => setTimeout(r, globalThis.__settle));
    let first = null;
    if (layer) {
      const anns = polys.map((p) => ({ id: p.id, type: 'segment', label: p.label, creator: 'b', createdAt: null, updatedBy: null, updatedAt: null,
        metadata: { system: { attributes: {} } }, coordinates: [p.pts.map(([x, y]) => ({ x, y }))] }));
      const t0 = performance.now();
      layer.annotations = anns;
      await layer.updateComplete;
      await raf();
      const drawn = performance.now();
      await raf();
      first = { drawn: drawn - t0, presented: performance.now() - t0 };
    }
    return { setView, first, polys, viewer, layer, base };
  }
  // A plain <img> moved by a CSS transform: Annotorious's host, and the floor for it.
  const d = box();
  const inner = document.createElement('div');
  inner.style.cssText = 'position:absolute;left:0;top:0;transform-origin:0 0;width:' + IMG + 'px;height:' + IMG + 'px';
  const img = document.createElement('img');
  img.src = '/image.jpg';
  img.style.cssText = 'display:block;width:' + IMG + 'px;height:' + IMG + 'px';
  inner.append(img);
  d.append(inner);
  await img.decode();
  const setView = (scale, x, y) => (inner.style.transform = 'translate(' + x + 'px,' + y + 'px) scale(' + scale + ')');
  setView(base, (W - IMG * base) / 2, (H - IMG * base) / 2);
  await raf(); await raf();
  if (globalThis.__settle) await new Promise((r) => setTimeout(r, globalThis.__settle));
  let first = null, anno = null;
  if (target === 'annotorious') {
    anno = createImageAnnotator(img, { adapter: W3CImageFormat('image.jpg') });
    const list = polys.map((p) => ({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', id: p.id, body: [{ type: 'TextualBody', purpose: 'tagging', value: p.label }],
      target: { source: 'image.jpg', selector: { type: 'SvgSelector', value: '<svg><polygon points="' + p.pts.map(([x, y]) => x.toFixed(2) + ',' + y.toFixed(2)).join(' ') + '"></polygon></svg>' } } }));
    const t0 = performance.now();
    anno.setAnnotations(list);
    await raf();
    const drawn = performance.now();
    await raf();
    first = { drawn: drawn - t0, presented: performance.now() - t0 };
  }
  return { setView, first, polys, anno, img, base };
}

function stats(deltas) {
  const s = [...deltas].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] ?? NaN;
  const total = deltas.reduce((a, b) => a + b, 0);
  return { frames: deltas.length, fps: deltas.length / (total / 1000), median: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN };
}

async function loop(ms, step) {
  const deltas = [];
  const t0 = performance.now();
  let last = await raf();
  for (;;) {
    const t = await raf();
    deltas.push(t - last);
    last = t;
    if (t - t0 > ms) break;
    step(t - t0);
  }
  return stats(deltas);
}

// Time spent in our own draw code (the rest of a frame is compositing and raster).
const spent = { viewer: 0, layer: 0 };
for (const [tag, key, m] of [['dl-item-viewer', 'viewer', 'draw'], ['dl-annotation-layer', 'layer', 'drawNow']]) {
  const proto = customElements.get(tag).prototype;
  const orig = proto[m];
  proto[m] = function (...a) { const t = performance.now(); try { return orig.apply(this, a); } finally { spent[key] += performance.now() - t; } };
}

window.runBench = async (target, n) => {
  const longTasks = [];
  new PerformanceObserver((l) => longTasks.push(...l.getEntries())).observe({ type: 'longtask' });
  const env = await setup(target, n);
  window.gc?.();
  const heap = performance.memory?.usedJSHeapSize ?? NaN;
  const cx = IMG / 2, cy = IMG / 2;
  // The forced gc() above is itself a long task whose entry arrives asynchronously: let it be
  // delivered, then count only tasks that start inside each measured loop.
  await new Promise((r) => setTimeout(r, 100));
  longTasks.length = 0;
  const panStart = performance.now();
  spent.viewer = spent.layer = 0;
  const panzoom = await loop(${LOOP_MS}, (t) => {
    const z = 1 + 1.5 * (1 - Math.cos((2 * Math.PI * t) / ${LOOP_MS}));
    const scale = env.base * z;
    const px = cx + 500 * Math.sin((2 * Math.PI * t) / ${LOOP_MS}), py = cy + 300 * Math.sin((4 * Math.PI * t) / ${LOOP_MS});
    env.setView(scale, W / 2 - px * scale, H / 2 - py * scale);
  });
  const panLong = longTasks.splice(0).filter((e) => e.startTime >= panStart);
  panzoom.viewerMs = spent.viewer / panzoom.frames;
  panzoom.layerMs = spent.layer / panzoom.frames;
  // Vertex drag: the polygon nearest the centre, at 2x, its first vertex moved in a circle.
  let drag = null, dragLong = [], dragError = null;
  if (target !== 'bare-img' && n) {
    const p = env.polys.reduce((a, b) => (Math.hypot(b.cx - cx, b.cy - cy) < Math.hypot(a.cx - cx, a.cy - cy) ? b : a));
    const scale = env.base * 2;
    env.setView(scale, W / 2 - p.cx * scale, H / 2 - p.cy * scale);
    // Let the view settle (a user zooms, then drags), for both libraries.
    await new Promise((r) => setTimeout(r, 400));
    await raf(); await raf();
    try {
      let handle, moveTarget;
      if (target === 'dlkit') {
        env.layer.select([p.id]);
        await env.layer.updateComplete; await raf();
        handle = env.layer.shadowRoot.querySelector('[data-handle="v:0"]');
        moveTarget = env.layer;
      } else {
        env.anno.setSelected(p.id, true);
        await raf(); await raf();
        handle = document.querySelector('.a9s-handle .a9s-handle-buffer') || document.querySelector('.a9s-handle');
        moveTarget = handle?.closest('svg');
      }
      if (!handle) throw new Error('no vertex handle found');
      const r = handle.getBoundingClientRect();
      const x0 = r.left + r.width / 2, y0 = r.top + r.height / 2;
      const ev = (type, el, x, y) => el.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: type === 'pointermove' ? -1 : 0, buttons: type === 'pointerup' ? 0 : 1 }));
      ev('pointerdown', handle, x0, y0);
      let lx = x0, ly = y0;
      longTasks.length = 0;
      const dragStart = performance.now();
      spent.viewer = spent.layer = 0;
      drag = await loop(${DRAG_MS}, (t) => {
        lx = x0 + 30 * Math.sin((2 * Math.PI * t) / 1000);
        ly = y0 + 30 * (1 - Math.cos((2 * Math.PI * t) / 1000));
        ev('pointermove', moveTarget, lx, ly);
      });
      dragLong = longTasks.splice(0).filter((e) => e.startTime >= dragStart);
      drag.viewerMs = spent.viewer / drag.frames;
      drag.layerMs = spent.layer / drag.frames;
      ev('pointerup', moveTarget, lx, ly);
      await raf();
      // Check that the drag really edited the polygon.
      const moved = target === 'dlkit'
        ? env.layer.annotations.find((a) => a.id === p.id).coordinates[0][0]
        : env.anno.getAnnotationById(p.id);
      drag.check = target === 'dlkit' ? Math.hypot(moved.x - p.pts[0][0], moved.y - p.pts[0][1]) : JSON.stringify(moved).length;
    } catch (e) {
      dragError = String(e);
    }
  }
  const lt = (l) => ({ count: l.length, total: l.reduce((a, e) => a + e.duration, 0), max: l.reduce((a, e) => Math.max(a, e.duration), 0) });
  return { target, n, first: env.first, heap, panzoom, panLong: lt(panLong), drag, dragLong: lt(dragLong), dragError };
};
`;

const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>render bench</title></head>
<body style="margin:0;background:#222"><script type="module" src="./page.ts"></script></body></html>`;

async function buildPage(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  writeFileSync(join(WORK, 'page.ts'), PAGE_TS);
  writeFileSync(join(WORK, 'index.html'), PAGE_HTML);
  await build({
    root: WORK,
    configFile: false,
    logLevel: 'error',
    base: './',
    build: {
      outDir: DIST,
      emptyOutDir: true,
      target: 'es2022',
      minify: process.env.RENDER_BENCH_MINIFY !== '0',
      chunkSizeWarningLimit: 10_000,
    },
  });
  const img = join(WORK, 'image.jpg');
  if (!existsSync(img)) {
    console.log('making the 4096² test image (ImageMagick plasma, seed 7)...');
    execFileSync('convert', ['-size', '4096x4096', '-seed', '7', 'plasma:fractal', '-quality', '90', img]);
  }
  writeFileSync(join(DIST, 'image.jpg'), readFileSync(img));
}

function serve(): Promise<{ url: string; close(): void }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.jpg': 'image/jpeg',
  };
  const server = createServer((req, res) => {
    const path = join(DIST, decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/$/, '/index.html'));
    if (!path.startsWith(DIST) || !existsSync(path) || !statSync(path).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() }),
    ),
  );
}

type Result = {
  target: string;
  n: number;
  first: { drawn: number; presented: number } | null;
  heap: number;
  panzoom: { fps: number; median: number; p95: number; max: number; frames: number; viewerMs: number; layerMs: number };
  panLong: { count: number; total: number; max: number };
  drag: {
    fps: number;
    median: number;
    p95: number;
    max: number;
    check: number;
    viewerMs: number;
    layerMs: number;
  } | null;
  dragLong: { count: number; total: number; max: number };
  dragError: string | null;
};

const f1 = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1);

async function main(): Promise<void> {
  await buildPage();
  if (process.env.RENDER_BENCH_BUILD_ONLY) return;
  const srv = await serve();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...chromiumArgs, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    headless: true,
  });
  const results: Result[] = [];
  const run = async (target: string, n: number) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(300_000);
    await page.goto(srv.url);
    await page.waitForFunction(() => typeof (window as unknown as { runBench?: unknown }).runBench === 'function');
    await page.evaluate((ms) => ((globalThis as unknown as { __settle: number }).__settle = ms), SETTLE_MS);
    const r = (await page.evaluate(
      ([t, k]) =>
        (window as unknown as { runBench(t: string, n: number): Promise<unknown> }).runBench(t as string, k as number),
      [target, n] as const,
    )) as Result;
    await page.close();
    results.push(r);
    const d = r.drag;
    console.log(
      `${target.padEnd(12)} N=${String(n).padStart(6)}  first ${f1(r.first?.presented)} ms  pan/zoom ${f1(r.panzoom.fps)} fps median ${f1(r.panzoom.median)} p95 ${f1(r.panzoom.p95)} ms` +
        `  long tasks ${r.panLong.count} (${f1(r.panLong.total)} ms)  JS draw/frame viewer ${f1(r.panzoom.viewerMs)} layer ${f1(r.panzoom.layerMs)} ms` +
        `  drag ${d ? `${f1(d.fps)} fps p95 ${f1(d.p95)} ms (layer ${f1(d.layerMs)} ms/frame, moved ${f1(d.check)})` : (r.dragError ?? '–')}  heap ${f1(r.heap / 1e6)} MB`,
    );
  };
  try {
    await run('bare-viewer', 0);
    await run('bare-img', 0);
    for (const n of SIZES) for (const t of TARGETS) await run(t, n);
    // The floors once more at the end: the machine is shared, so bracket the run.
    await run('bare-viewer', 0);
    await run('bare-img', 0);
  } finally {
    await browser.close();
    srv.close();
  }
  const floor = (t: string) => {
    const xs = results.filter((r) => r.target === t);
    return { p95: Math.max(...xs.map((r) => r.panzoom.p95)), fps: Math.min(...xs.map((r) => r.panzoom.fps)) };
  };
  const fv = floor('bare-viewer');
  const fi = floor('bare-img');
  console.log(
    `\nFloors (worst of two runs): our viewer, no layer: ${f1(fv.fps)} fps, p95 ${f1(fv.p95)} ms · bare <img> + CSS transform: ${f1(fi.fps)} fps, p95 ${f1(fi.p95)} ms`,
  );
  console.log(
    '\n| N | dl-kit first render | Annotorious first render | dl-kit pan/zoom fps (p95 ms) | Annotorious fps (p95 ms) | fps ratio | dl-kit p95 / floor | dl-kit drag fps (p95) | Annotorious drag fps (p95) | drag fps ratio | long tasks dl-kit / Annotorious | heap MB dl-kit / Annotorious |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const n of SIZES) {
    const a = results.find((r) => r.target === 'dlkit' && r.n === n);
    const b = results.find((r) => r.target === 'annotorious' && r.n === n);
    if (!a || !b) continue;
    const dd = a.drag;
    const bd = b.drag;
    console.log(
      `| ${n} | ${f1(a.first?.presented)} ms | ${f1(b.first?.presented)} ms | ${f1(a.panzoom.fps)} (${f1(a.panzoom.p95)}) | ${f1(b.panzoom.fps)} (${f1(b.panzoom.p95)}) | ${f1(a.panzoom.fps / b.panzoom.fps)}x | ${f1(a.panzoom.p95 / fv.p95)} | ` +
        `${dd ? `${f1(dd.fps)} (${f1(dd.p95)})` : a.dragError} | ${bd ? `${f1(bd.fps)} (${f1(bd.p95)})` : b.dragError} | ${dd && bd ? f1(dd.fps / bd.fps) + 'x' : '–'} | ` +
        `${a.panLong.count + a.dragLong.count} / ${b.panLong.count + b.dragLong.count} | ${f1(a.heap / 1e6)} / ${f1(b.heap / 1e6)} |`,
    );
  }
  console.log(
    `\nFirst render: shapes set ${SETTLE_MS} ms after the image was shown (RENDER_BENCH_SETTLE), for both libraries.`,
  );
  console.log(
    'Targets: dl-kit pan/zoom and drag p95 within 10% of our viewer floor at 10,000; >= 3x Annotorious fps; first render of 10,000 < 300 ms.',
  );
  console.log(
    'Headless Chromium, software rendering (--disable-gpu), 2 shared cores: numbers are noisy; compare ratios within one run.',
  );
}

await main();
