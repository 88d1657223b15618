// The page of the render benchmark (bench/render.bench.ts) and its trace (bench/render-trace.ts),
// built by Vite in production mode. A host page's own requestAnimationFrame loop drives every view
// change through the public `viewer.view` property (Annotorious: a CSS transform on its image's
// container, as its host would). Same 4096² image, same seeded shapes, 1280×800.
import '../src/components/item-viewer/define.js';
import '../src/components/annotation-layer/define.js';
import * as annotorious from '@annotorious/annotorious';
import '@annotorious/annotorious/annotorious.css';
import type { DlAnnotationLayer } from '../src/components/annotation-layer/define.js';

/**
 * What a layer that reports its frames (`renderStats`) says of its last frame; a layer without it
 * (an older ref run as the baseline) is timed without the sharpness columns.
 */
interface LayerFrameStats {
  frame: number;
  time: number;
  /** Tiles shown from their four finer tiles (sharp within the bound; absent in older builds). */
  finer?: number;
  borrowed: number;
  missing: number;
  /** Visible tiles showing stale pixels (absent in older refs). */
  stale?: number;
  level: number;
  ideal: number;
  sharp: boolean;
  /** Visible tiles with something in them, and tiles still to paint (RENDER_BENCH_FRAMELOG; absent in older refs). */
  tiles?: number;
  pending?: number;
}
import type { DlItemViewer } from '../src/components/item-viewer/item-viewer.js';

// The package's .d.ts does not resolve these two exports (its type chain is incomplete); they exist at runtime.
const { createImageAnnotator, W3CImageFormat } = annotorious as unknown as {
  // biome-ignore lint/suspicious/noExplicitAny: the annotator is driven through a few calls only
  createImageAnnotator(img: HTMLImageElement, opts: unknown): any;
  W3CImageFormat(source: string): unknown;
};

const W = 1280;
const H = 800;
const IMG = 4096;
const raf = () => new Promise<number>((r) => requestAnimationFrame(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Options of one run (set by the driver). */
export interface RunOptions {
  loopMs: number;
  dragMs: number;
  /** Wait after the image is shown before the shapes are set (both libraries). */
  settleMs: number;
  /** Wait at most this long for full resolution after a view change stops. */
  settleLimitMs: number;
  /** Pan at a constant 2x instead of zooming 1x→4x→1x (a diagnostic of steady-state frames). */
  panOnly?: boolean;
  /** Record the tile renderer's worker requests, cancels and results from setup to the end of the pan/zoom loop (RENDER_BENCH_FRAMELOG). */
  trace?: boolean;
  /** Tile workers of the layer (its `tileWorkers` override; unset: the layer's core rule). RENDER_BENCH_TILE_WORKERS. */
  tileWorkers?: number;
  /** Diagnostic: this many timed gc() calls and 100 ms between setup and the loop (RENDER_BENCH_GC_BEFORE_LOOP; default none). */
  gcBeforeLoop?: number;
}

interface Poly {
  id: string;
  label: string;
  pts: Array<[number, number]>;
  cx: number;
  cy: number;
}

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) | 0;
    return ((s >>> 0) % 1e9) / 1e9;
  };
}

/** N polygons of 32 vertices, radius 10-60 px, uniformly over the image (seeded). */
function polygons(n: number): Poly[] {
  const rnd = rng(12345);
  const out: Poly[] = [];
  for (let i = 0; i < n; i++) {
    const r = 10 + rnd() * 50;
    const cx = r + rnd() * (IMG - 2 * r);
    const cy = r + rnd() * (IMG - 2 * r);
    const pts: Array<[number, number]> = [];
    for (let k = 0; k < 32; k++) {
      const a = (k / 32) * Math.PI * 2;
      const rr = r * (0.8 + 0.2 * rnd());
      pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
    }
    out.push({ id: `p${i}`, label: ['car', 'person', 'sign'][i % 3]!, pts, cx, cy });
  }
  return out;
}

/** N points uniformly over the image (seeded). */
function points(n: number): Poly[] {
  const rnd = rng(777);
  const out: Poly[] = [];
  for (let i = 0; i < n; i++) {
    const cx = rnd() * IMG;
    const cy = rnd() * IMG;
    out.push({ id: `q${i}`, label: ['car', 'person', 'sign'][i % 3]!, pts: [[cx, cy]], cx, cy });
  }
  return out;
}

const ONTOLOGY = {
  roots: [
    ['car', '#ff3b30'],
    ['person', '#34c759'],
    ['sign', '#0a84ff'],
  ].map(([tag, color]) => ({ value: { tag, color }, children: [] })),
};

function json(p: Poly, type: string) {
  return {
    id: p.id,
    type,
    label: p.label,
    creator: 'b',
    createdAt: null,
    updatedBy: null,
    updatedAt: null,
    metadata: { system: { attributes: {} } },
    coordinates: type === 'point' ? { x: p.pts[0]![0], y: p.pts[0]![1], z: 0 } : [p.pts.map(([x, y]) => ({ x, y }))],
  };
}

/** The 4096² test image as a JPEG data URL: smooth colour fields plus seeded noise, drawn here. */
async function makeImage(): Promise<string> {
  const c = new OffscreenCanvas(IMG, IMG);
  const ctx = c.getContext('2d')!;
  const rnd = rng(7);
  ctx.fillStyle = '#5a6a50';
  ctx.fillRect(0, 0, IMG, IMG);
  for (let i = 0; i < 400; i++) {
    const x = rnd() * IMG;
    const y = rnd() * IMG;
    const r = 50 + rnd() * 700;
    const g = ctx.createRadialGradient(x, y, 0, x, y, r);
    const col = `${(rnd() * 255) | 0},${(rnd() * 255) | 0},${(rnd() * 255) | 0}`;
    g.addColorStop(0, `rgba(${col},0.5)`);
    g.addColorStop(1, `rgba(${col},0)`);
    ctx.fillStyle = g;
    ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  const noise = ctx.getImageData(0, 0, IMG, IMG);
  const d = noise.data;
  for (let i = 0; i < d.length; i += 4) {
    const v = (rnd() - 0.5) * 40;
    d[i] += v;
    d[i + 1] += v;
    d[i + 2] += v;
  }
  ctx.putImageData(noise, 0, 0);
  const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return new Promise((res) => {
    const r = new FileReader();
    r.onload = () => res(r.result as string);
    r.readAsDataURL(blob);
  });
}

interface Env {
  setView(scale: number, x: number, y: number): void;
  polys: Poly[];
  base: number;
  viewer?: DlItemViewer;
  layer?: DlAnnotationLayer;
  // biome-ignore lint/suspicious/noExplicitAny: Annotorious's annotator type is not needed here
  anno?: any;
  first: { presented: number; sharp: number | null } | null;
  /** The JSON the page built and gave the layer: the page keeps it, as a host keeps its data. */
  input?: unknown[];
}

/** The layer's stats hook (absent in a baseline build from before it existed). */
const statsOf = (layer: DlAnnotationLayer | undefined): LayerFrameStats | undefined =>
  (layer as { renderStats?: LayerFrameStats } | undefined)?.renderStats;

/**
 * Resolves with the first animation frame whose layer stats are complete and sharp (or null after
 * `limit` ms). `shown`: the layer's last frame already shows the view whose time is measured (the
 * view stopped before `t0`); sharp then means 0 ms, as the layer draws nothing new for it.
 */
async function untilSharp(layer: DlAnnotationLayer, t0: number, limit: number, shown = false): Promise<number | null> {
  if (!statsOf(layer)) return null;
  if (shown && statsOf(layer)!.sharp) return 0;
  for (;;) {
    const t = await raf();
    const s = statsOf(layer)!;
    (window as unknown as { frameLog: number[][] }).frameLog.push([...frameRow(t - t0 + 100_000, s), s.sharp ? 1 : 0]);
    if (s.sharp && s.time >= t0) return s.time - t0;
    if (t - t0 > limit) return null;
  }
}

async function setup(target: string, n: number, opts: RunOptions): Promise<Env> {
  const isPoints = target.endsWith('-points');
  const polys = isPoints ? points(n) : polygons(n);
  const base = Math.min(W / IMG, H / IMG);
  if (target === 'bare-viewer' || target.startsWith('dlkit') || target.startsWith('baseline')) {
    const viewer = document.createElement('dl-item-viewer') as DlItemViewer;
    viewer.noControls = true;
    viewer.style.cssText = `position:fixed;left:0;top:0;width:${W}px;height:${H}px`;
    let layer: DlAnnotationLayer | undefined;
    if (target !== 'bare-viewer') {
      layer = document.createElement('dl-annotation-layer') as DlAnnotationLayer;
      layer.noToolbar = true;
      layer.ontology = ONTOLOGY;
      // read when the layer connects (below, with the viewer)
      if (opts.tileWorkers) layer.tileWorkers = opts.tileWorkers;
      viewer.append(layer);
    }
    const loaded = new Promise((r) => viewer.addEventListener('dl-item-load', r, { once: true }));
    viewer.src = '/image.jpg';
    document.body.append(viewer);
    await loaded;
    const setView = (scale: number, x: number, y: number) => {
      viewer.view = { scale, x, y };
    };
    setView(base, (W - IMG * base) / 2, (H - IMG * base) / 2);
    await raf();
    await raf();
    await sleep(opts.settleMs);
    let first: Env['first'] = null;
    let input: unknown[] | undefined;
    if (layer) {
      const type = isPoints ? 'point' : 'segment';
      const anns = polys.map((p) => json(p, type));
      input = anns;
      performance.mark('bench:first');
      const t0 = performance.now();
      layer.annotations = anns;
      await layer.updateComplete;
      await raf();
      const presented = performance.now() - t0;
      const sharp = await untilSharp(layer, t0, 60_000);
      performance.mark('bench:first-sharp');
      first = { presented, sharp };
    }
    return { setView, first, polys, viewer, layer, base, input };
  }
  // A plain <img> moved by a CSS transform: Annotorious's host, and the floor for it.
  const d = document.createElement('div');
  d.style.cssText = `position:fixed;left:0;top:0;width:${W}px;height:${H}px;overflow:hidden;background:#222`;
  document.body.append(d);
  const inner = document.createElement('div');
  inner.style.cssText = `position:absolute;left:0;top:0;transform-origin:0 0;width:${IMG}px;height:${IMG}px`;
  const img = document.createElement('img');
  img.src = '/image.jpg';
  img.style.cssText = `display:block;width:${IMG}px;height:${IMG}px`;
  inner.append(img);
  d.append(inner);
  await img.decode();
  const setView = (scale: number, x: number, y: number) => {
    inner.style.transform = `translate(${x}px,${y}px) scale(${scale})`;
  };
  setView(base, (W - IMG * base) / 2, (H - IMG * base) / 2);
  await raf();
  await raf();
  await sleep(opts.settleMs);
  let first: Env['first'] = null;
  let anno: Env['anno'];
  if (target === 'annotorious') {
    anno = createImageAnnotator(img, { adapter: W3CImageFormat('image.jpg') });
    const list = polys.map((p) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      id: p.id,
      body: [{ type: 'TextualBody', purpose: 'tagging', value: p.label }],
      target: {
        source: 'image.jpg',
        selector: {
          type: 'SvgSelector',
          value: `<svg><polygon points="${p.pts.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ')}"></polygon></svg>`,
        },
      },
    }));
    const t0 = performance.now();
    anno.setAnnotations(list);
    await raf();
    await raf();
    // SVG draws every shape exactly in the frame it presents.
    const presented = performance.now() - t0;
    first = { presented, sharp: presented };
  }
  return { setView, first, polys, anno, base };
}

function stats(deltas: number[]) {
  const s = [...deltas].sort((a, b) => a - b);
  // Nearest rank rounded up: with the few frames of a slow target (Annotorious at 50,000 draws
  // ~2 frames in the loop) rounding down made "p95" the median and hid the long frames.
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * (s.length - 1)))] ?? NaN;
  const total = deltas.reduce((a, b) => a + b, 0);
  return {
    frames: deltas.length,
    fps: deltas.length / (total / 1000),
    median: q(0.5),
    p95: q(0.95),
    max: s.at(-1) ?? NaN,
  };
}

/** Per-frame sharpness of the layer in a loop (null without a layer). */
interface Sharpness {
  frames: number;
  /** Frames not complete at full resolution: tiles borrowed or missing, or magnified. */
  notSharp: number;
  /** Frames with any visible tile borrowed from another level or missing. */
  incompleteFrames: number;
  borrowedFrames: number;
  missingFrames: number;
  /** Frames drawn coarser than the screen (magnified tiles). */
  magnifiedFrames: number;
  /** Frames with a tile shown from its four finer tiles (sharp: downscaled < 4x; not in incompleteFrames). */
  finerFrames: number;
  /** Frames in which the layer drew nothing new although the view changed. */
  staleFrames: number;
}

/** One frame-log row: [ms, level, ideal, tiles, finer, borrowed, missing, pending]. */
function frameRow(ms: number, s: LayerFrameStats): number[] {
  return [Math.round(ms), s.level, s.ideal, s.tiles ?? 0, s.finer ?? 0, s.borrowed, s.missing, s.pending ?? 0];
}

/** Every tracked frame of the last loop: frameRow()s (RENDER_BENCH_FRAMELOG). */
const frameLog: number[][] = [];
(window as unknown as { frameLog: number[][] }).frameLog = frameLog;

async function loop(ms: number, step: (t: number) => void, layer?: DlAnnotationLayer) {
  frameLog.length = 0;
  const deltas: number[] = [];
  const sh: Sharpness = {
    frames: 0,
    notSharp: 0,
    incompleteFrames: 0,
    borrowedFrames: 0,
    missingFrames: 0,
    magnifiedFrames: 0,
    finerFrames: 0,
    staleFrames: 0,
  };
  const tracked = statsOf(layer) ? layer : undefined;
  let lastFrame = statsOf(tracked)?.frame ?? 0;
  const t0 = performance.now();
  let last = await raf();
  for (;;) {
    const t = await raf();
    deltas.push(t - last);
    last = t;
    if (tracked) {
      // The layer drew in this animation frame before this callback (its callback was queued first).
      const s = statsOf(tracked)!;
      sh.frames++;
      if (s.frame === lastFrame) sh.staleFrames++;
      lastFrame = s.frame;
      if (!s.sharp) sh.notSharp++;
      if (s.borrowed || s.missing || s.stale) sh.incompleteFrames++;
      if (s.borrowed) sh.borrowedFrames++;
      if (s.missing) sh.missingFrames++;
      if (s.level < s.ideal) sh.magnifiedFrames++;
      if (s.finer) sh.finerFrames++;
      frameLog.push(frameRow(t - t0, s));
    }
    if (t - t0 > ms) break;
    step(t - t0);
  }
  return { ...stats(deltas), sharpness: tracked ? sh : null };
}

// Time spent in our own draw code (the rest of a frame is compositing and raster).
const spent = { viewer: 0, layer: 0 };
for (const [tag, key, m] of [
  ['dl-item-viewer', 'viewer', 'draw'],
  ['dl-annotation-layer', 'layer', 'drawNow'],
] as const) {
  const proto = customElements.get(tag)!.prototype as Record<string, (...a: unknown[]) => unknown>;
  const orig = proto[m]!;
  proto[m] = function (this: unknown, ...a: unknown[]) {
    const t = performance.now();
    try {
      return orig.apply(this, a);
    } finally {
      spent[key] += performance.now() - t;
    }
  };
}

declare global {
  interface Window {
    runBench(target: string, n: number, opts: RunOptions): Promise<unknown>;
    setupHeap(target: string, n: number, opts: RunOptions): Promise<{ heap: number; gcMs: number[] }>;
    layerOwnHeap(): Promise<number>;
    makeImage(): Promise<string>;
    gc?: () => void;
  }
  interface Performance {
    memory?: { usedJSHeapSize: number };
  }
}

window.makeImage = makeImage;

/**
 * A full GC, twice: one `gc()` can leave garbage that the next frees (floating garbage, it seems, of
 * marking already under way). At 100,000 polygons, after the first render, one gc() left 4.3 MB (43 B a
 * shape) that the next freed on one build and 0.3 MB on another, with the same reachable heap in
 * a snapshot (bench/render-heap.ts RENDER_HEAP_AT=setup): the heap column then read the GC's timing.
 */
function fullGc(): void {
  window.gc?.();
  window.gc?.();
}

/** The last run's page state (for {@link window.layerOwnHeap}, after the run). */
let lastEnv: Env | undefined;

/**
 * The JS heap the layer itself holds, bytes: the page's heap with the layer, less the same page once
 * the layer's annotations are emptied and the element removed (both after a forced GC). The page's
 * own data — its seed polygons and the JSON it built and gave the layer, which it keeps — is in both,
 * so it is not counted (the "page" heap column counts it). Run after the workers' heap is measured:
 * it ends the layer. NaN without a layer or without `gc()`.
 */
window.layerOwnHeap = async () => {
  const env = lastEnv;
  if (!env?.layer || !window.gc || !performance.memory) return Number.NaN;
  fullGc();
  const withLayer = performance.memory.usedJSHeapSize;
  env.layer.annotations = [];
  await env.layer.updateComplete;
  env.layer.remove();
  env.layer = undefined;
  await raf();
  await raf();
  await sleep(100);
  fullGc();
  return withLayer - performance.memory.usedJSHeapSize;
};

/**
 * The heap pass (a page of its own, before the timed one: render-harness.ts runTarget): the same
 * setup as the timed run (first render to full resolution), then two forced GCs, each timed, and the
 * page's JS heap. The timed run forces no GC: a forced GC blocks this thread while the tile workers
 * keep painting, a head start no host page gives. At 100,000 polygons each gc() here took 0.35-0.56 s
 * (session 35); with the two before the loop (RENDER_BENCH_GC_BEFORE_LOOP=2) main's frames with
 * borrowed tiles read 0.4 %, with one 5-7 %, with none 8-11 %.
 */
window.setupHeap = async (target, n, opts) => {
  const env = await setup(target, n, opts);
  lastEnv = env;
  const gcMs: number[] = [];
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    window.gc?.();
    gcMs.push(window.gc ? performance.now() - t : Number.NaN);
  }
  const heap = performance.memory?.usedJSHeapSize ?? NaN;
  // bench/render-heap.ts RENDER_HEAP_AT=setup: its snapshot of the heap the bench measures here
  await (window as unknown as { benchHeapHook?: () => Promise<void> }).benchHeapHook?.();
  return { heap, gcMs };
};

window.runBench = async (target, n, opts) => {
  const longTasks: PerformanceEntry[] = [];
  new PerformanceObserver((l) => longTasks.push(...l.getEntries())).observe({ type: 'longtask' });
  performance.mark('bench:setup');
  const env = await setup(target, n, opts);
  lastEnv = env;
  // RENDER_BENCH_FRAMELOG: the tile renderer's worker traffic ([ms, event, key, info]; ms from the loop's start).
  const traceLog: Array<[number, string, string, number]> = [];
  const tiles = (env.layer as unknown as { renderer?: { tiles?: { trace?: unknown } } } | undefined)?.renderer?.tiles;
  if (opts.trace && tiles && 'trace' in tiles)
    tiles.trace = (e: string, key: string, info: number) => traceLog.push([performance.now(), e, key, info]);
  // No forced GC and no wait here: setup returned in the animation frame of the first full-resolution
  // frame; the loop's clock starts at the next frame and its first view change is set in the one
  // after (the page heap is read in the heap pass, setupHeap). RENDER_BENCH_GC_BEFORE_LOOP=1|2 (diagnostic):
  // the old head start, that many timed gc() calls and 100 ms before the loop.
  const gcMs: number[] = [];
  if (opts.gcBeforeLoop && window.gc) {
    for (let i = 0; i < opts.gcBeforeLoop; i++) {
      const t = performance.now();
      window.gc();
      gcMs.push(performance.now() - t);
    }
    await sleep(100);
  }
  const cx = IMG / 2;
  const cy = IMG / 2;
  // Count only long tasks that start inside each measured loop (setup's arrive asynchronously too: filtered by start).
  longTasks.length = 0;
  const panStart = performance.now();
  spent.viewer = spent.layer = 0;
  performance.mark('bench:panzoom');
  let lastView = { scale: 0, x: 0, y: 0 };
  const panzoom = await loop(
    opts.loopMs,
    (t) => {
      const z = opts.panOnly ? 2 : 1 + 1.5 * (1 - Math.cos((2 * Math.PI * t) / opts.loopMs));
      const scale = env.base * z;
      const px = cx + 500 * Math.sin((2 * Math.PI * t) / opts.loopMs);
      const py = cy + 300 * Math.sin((4 * Math.PI * t) / opts.loopMs);
      lastView = { scale, x: W / 2 - px * scale, y: H / 2 - py * scale };
      env.setView(lastView.scale, lastView.x, lastView.y);
    },
    env.layer,
  );
  performance.mark('bench:settle');
  if (tiles && 'trace' in tiles) tiles.trace = null;
  (window as unknown as { tileTrace: unknown }).tileTrace = traceLog.map(([t, e, k, i]) => [
    Math.round(t - panStart),
    e,
    k,
    i,
  ]);
  const panLog = frameLog.slice();
  (window as unknown as { frameLog: number[][] }).frameLog = panLog;
  const panLong = longTasks.splice(0).filter((e) => e.startTime >= panStart);
  const panzoomSpent = { viewerMs: spent.viewer / panzoom.frames, layerMs: spent.layer / panzoom.frames };
  // After the view stops: time until the layer shows the last view complete at full resolution.
  let settle: number | null = null;
  // The loop set its last view before its last frame, which the layer drew.
  if (env.layer) settle = await untilSharp(env.layer, performance.now(), opts.settleLimitMs, true);
  // Vertex drag: the polygon nearest the centre, at 2x, its first vertex moved in a circle.
  let drag: (ReturnType<typeof stats> & { layerMs: number; check: number }) | null = null;
  let dragLong: PerformanceEntry[] = [];
  let dragStart = 0;
  let dragError: string | null = null;
  if (target !== 'bare-img' && !target.endsWith('-points') && n) {
    performance.mark('bench:drag');
    const p = env.polys.reduce((a, b) => (Math.hypot(b.cx - cx, b.cy - cy) < Math.hypot(a.cx - cx, a.cy - cy) ? b : a));
    const scale = env.base * 2;
    env.setView(scale, W / 2 - p.cx * scale, H / 2 - p.cy * scale);
    // Let the view settle (a user zooms, then drags), for both libraries.
    await sleep(400);
    await raf();
    await raf();
    try {
      let handle: Element | null | undefined;
      let moveTarget: Element | null | undefined;
      if (env.layer) {
        env.layer.select([p.id]);
        await env.layer.updateComplete;
        await raf();
        handle = env.layer.shadowRoot!.querySelector('[data-handle="v:0"]');
        moveTarget = env.layer;
      } else {
        env.anno.setSelected(p.id, true);
        await raf();
        await raf();
        handle = document.querySelector('.a9s-handle .a9s-handle-buffer') || document.querySelector('.a9s-handle');
        moveTarget = handle?.closest('svg');
      }
      if (!handle || !moveTarget) throw new Error('no vertex handle found');
      const r = handle.getBoundingClientRect();
      const x0 = r.left + r.width / 2;
      const y0 = r.top + r.height / 2;
      const ev = (type: string, el: Element, x: number, y: number) =>
        el.dispatchEvent(
          new PointerEvent(type, {
            bubbles: true,
            composed: true,
            cancelable: true,
            clientX: x,
            clientY: y,
            pointerId: 1,
            pointerType: 'mouse',
            isPrimary: true,
            button: type === 'pointermove' ? -1 : 0,
            buttons: type === 'pointerup' ? 0 : 1,
          }),
        );
      ev('pointerdown', handle, x0, y0);
      let lx = x0;
      let ly = y0;
      longTasks.length = 0;
      dragStart = performance.now();
      spent.viewer = spent.layer = 0;
      const mt = moveTarget;
      const d = await loop(opts.dragMs, (t) => {
        lx = x0 + 30 * Math.sin((2 * Math.PI * t) / 1000);
        ly = y0 + 30 * (1 - Math.cos((2 * Math.PI * t) / 1000));
        ev('pointermove', mt, lx, ly);
      });
      dragLong = longTasks.splice(0).filter((e) => e.startTime >= dragStart);
      const layerMs = spent.layer / d.frames;
      ev('pointerup', mt, lx, ly);
      await raf();
      // Check that the drag really edited the polygon.
      let check: number;
      if (env.layer) {
        const moved = (
          env.layer.annotations.find((a) => a.id === p.id)!.coordinates as Array<Array<{ x: number; y: number }>>
        )[0]![0]!;
        check = Math.hypot(moved.x - p.pts[0]![0], moved.y - p.pts[0]![1]);
      } else check = JSON.stringify(env.anno.getAnnotationById(p.id)).length;
      drag = { ...d, layerMs, check };
    } catch (e) {
      dragError = String(e);
    }
  }
  performance.mark('bench:end');
  // Where each long task started in its loop (ms) and how long it took: which step of the run it belongs to.
  const lt = (l: PerformanceEntry[], start: number) => ({
    count: l.length,
    total: l.reduce((a, e) => a + e.duration, 0),
    max: l.reduce((a, e) => Math.max(a, e.duration), 0),
    at: l.map((e) => [Math.round(e.startTime - start), Math.round(e.duration)] as [number, number]),
  });
  return {
    target,
    n,
    first: env.first,
    gcMs,
    panzoom: { ...panzoom, ...panzoomSpent },
    panLong: lt(panLong, panStart),
    settle,
    drag,
    dragLong: lt(dragLong, dragStart),
    dragError,
    lastView,
    tileWorkers: (env.layer as unknown as { renderer?: { tileWorkers?: number } } | undefined)?.renderer?.tileWorkers,
  };
};
