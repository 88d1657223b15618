// Runs in headless Chromium from a production build (driven by assist.bench.ts). `?mode=startup`: how
// long preloadAssist() takes (worker script + OpenCV, cold or from the HTTP/code cache). `?mode=full`:
// the assisted actions on the 4096² scene through the worker, timed from the page (call to result),
// with main-thread long tasks per action window and the results' checksums for the identity check.
// `?mode=pairs`: the paired part (equal machine speed with native OpenCV): the page loads the scene into
// a worker of its own and exposes `window.__measure(op)`, one scissors prepare or GrabCut per call, each
// with a CPU probe in that worker just before and just after it; the bench alternates it with native.
import '../src/workers/register.js';
import '../src/components/item-viewer/define.js';
import '../src/components/annotation-layer/define.js';
import {
  createGeometryWorker,
  createWorkerAssist,
  GeometryWorkerPool,
  getAssist,
  preloadAssist,
} from '../src/workers/index.js';
import type { AssistMaskResult } from '../src/geometry/assist/assist-types.js';
import type { BenchSpec } from './assist-spec.js';

const query = new URLSearchParams(location.search);
const mode = query.get('mode') ?? 'full';
/**
 * A fixed integer loop on the page's thread (~5 ms on a quiet machine), timed: the machine's speed
 * next to each scissors prepare. A prepare slow together with its probe is the machine (another
 * process, a busy host), not the worker's code. The first call warms the loop up.
 */
let probeSink = 0;
function cpuProbe(): number {
  const run = () => {
    let h = probeSink | 0;
    for (let i = 0; i < 4_000_000; i++) h = (Math.imul(h ^ i, 0x2c1b3c6d) + (h >>> 13)) | 0;
    probeSink = h;
  };
  if (!probeSink) run();
  const t = performance.now();
  run();
  return performance.now() - t;
}

/** `?only=wand,scissors`: run only these actions (ASSIST_BENCH_ONLY in the bench). */
const only = query.get('only')?.split(',');
const wants = (action: string) => !only || only.includes(action);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same checksum as bench/assist-native.py, over the set pixels of a placed mask in an `n`-wide image. */
function checksum(r: AssistMaskResult, n: number): [number, number] {
  let count = 0;
  let h = 0;
  const { width, height, data } = r.mask;
  for (let j = 0; j < height; j++)
    for (let i = 0; i < width; i++) {
      if (!data[j * width + i]) continue;
      const idx = (r.y + j) * n + r.x + i;
      count++;
      h = (h + (idx % 1000003) * ((idx % 97) + 1)) % 1000000007;
    }
  return [count, h];
}

async function startup() {
  const t0 = performance.now();
  await preloadAssist();
  const ms = performance.now() - t0;
  await sleep(50);
  const res = performance
    .getEntriesByType('resource')
    .filter((e) => /\.(wasm|js)$/.test(e.name))
    .map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name.split('/').pop(), ms: r.duration, transferSize: r.transferSize, size: r.decodedBodySize };
    });
  return { preloadMs: ms, resources: res };
}

async function full() {
  const spec = (await (await fetch('/spec.json')).json()) as BenchSpec;
  const long: PerformanceEntry[] = [];
  new PerformanceObserver((l) => long.push(...l.getEntries())).observe({ type: 'longtask', buffered: false });
  // an action's windows: a whole action, or (the layer's clicks) one span per click, so that the bench's
  // own work between clicks (copying and counting the mask, resetting the layer) is in no window
  const windows: Record<string, Array<[number, number]>> = {};
  const errors: Record<string, string> = {};
  const span = (name: string, a: number, b: number) => {
    (windows[name] ??= []).push([a, b]);
    performance.measure(`window ${name}`, { start: a, end: b });
  };
  /**
   * One action's window; a failure is reported and the other actions still run. The caller's code after
   * it starts in a task of its own (a task that starts in a window counts as the window's). `split`: the
   * action records its own spans (see {@link span}) and the whole call is no window.
   */
  const win = async <T>(name: string, f: () => Promise<T>, split = false): Promise<T | null> => {
    const action =
      name === 'sendFrames'
        ? 'track'
        : name === 'wandLayer' || name === 'wandParts' || name === 'wandClick'
          ? 'wand'
          : name;
    if (name !== 'setImage' && !wants(action)) return null;
    await sleep(100); // let the previous window's tasks end
    const a = performance.now();
    let r: T | null = null;
    try {
      r = await f();
    } catch (e) {
      errors[name] = String((e as Error)?.message ?? e);
    }
    if (!split) span(name, a, performance.now());
    await sleep(0);
    return r;
  };
  // GrabCut's graph cut on a textured 512² region takes seconds on a loaded machine: no pool timeout
  const slow = { timeout: 3_600_000 };
  const assist = getAssist();
  const t0 = performance.now();
  await preloadAssist();
  const preloadMs = performance.now() - t0;

  // the scene, as a layer has it: an image turned into a bitmap (bench set-up, outside the windows)
  const n = spec.size;
  const { rgba, bitmap } = await sceneBitmap(n);
  const setImageMs = await win('setImage', async () => {
    const a = performance.now();
    await assist.setImage('scene', bitmap, { timeout: 600_000 });
    return performance.now() - a;
  });

  // magic wand: every click twice (the first warms the kernel's paths), timed call to result
  // results are checksummed after their window: the bench's own pixel loop must not count as the action's
  const wandRaw = await win('wand', async () => {
    const out: Array<{ ms: number[]; result: AssistMaskResult }> = [];
    for (const c of spec.wand) {
      const ms: number[] = [];
      let r: AssistMaskResult | null = null;
      for (let k = 0; k < spec.runs + 1; k++) {
        const a = performance.now();
        r = await assist.magicWand('scene', { x: c.x, y: c.y, tolerance: c.tolerance });
        if (k > 0) ms.push(performance.now() - a);
      }
      out.push({ ms, result: r! });
    }
    return out;
  });
  const wand = wandRaw?.map((w) => ({ ms: w.ms, checksum: checksum(w.result, n), area: w.result.area })) ?? null;

  // the wand as the layer's tool asks it (mask output: the Dataloop PNG and the preview bitmap made in
  // the worker), one click per spec click: what a user waits for before the annotation exists
  const wandLayer = await win('wandLayer', async () => {
    const out: Array<{ ms: number; area: number }> = [];
    for (const c of spec.wand) {
      const a = performance.now();
      const r = await assist.magicWand(
        'scene',
        { x: c.x, y: c.y, tolerance: c.tolerance },
        { encode: [255, 0, 0], preview: [255, 0, 0, 102] },
      );
      out.push({ ms: performance.now() - a, area: r.area });
      r.preview?.close();
    }
    return out;
  });

  // the parts of the large layer clicks: the same click with no output (flood + the mask's transfer),
  // with the PNG only, with the preview only; each click's parts interleaved, the median of `runs` each
  const wandParts = await win('wandParts', async () => {
    const big = spec.wand.filter((_, i) => (wand?.[i]?.area ?? 0) > 1e6);
    const ask = { flood: {}, png: { encode: [255, 0, 0] }, preview: { preview: [255, 0, 0, 102] } } as const;
    const out: Array<Record<keyof typeof ask, number>> = [];
    for (const c of big) {
      const ms: Record<string, number[]> = { flood: [], png: [], preview: [] };
      for (let k = 0; k < spec.runs; k++)
        for (const [name, o] of Object.entries(ask)) {
          const a = performance.now();
          const r = await assist.magicWand('scene', { x: c.x, y: c.y, tolerance: c.tolerance }, o as never);
          ms[name]!.push(performance.now() - a);
          r.preview?.close();
        }
      const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1]!;
      out.push({ flood: med(ms.flood!), png: med(ms.png!), preview: med(ms.preview!) });
    }
    return out;
  });

  // the wand in a real <dl-annotation-layer> over a <dl-item-viewer> showing the scene at fit zoom:
  // a pointer click on the layer (PointerEvents at the clicked pixel's client point) to the result
  // shown (the store has the mask, then the frame in which the layer drew it), and to the
  // dl-annotation-create event (the Dataloop JSON with its PNG); the same masks as native
  const wandClickRaw = wants('wand') ? await layerWand(spec, rgba, win, span) : null;
  const wandClick =
    wandClickRaw?.map((w) => ({
      shownMs: w.shownMs,
      jsonMs: w.jsonMs,
      area: w.area,
      checksum: checksum(w.result, n),
    })) ?? null;

  const grabCutRaw = await win('grabCut', async () => {
    const ms: number[] = [];
    let r: AssistMaskResult | null = null;
    for (let k = 0; k < spec.runs + 1; k++) {
      const a = performance.now();
      r = await assist.grabCut('scene', { rect: spec.grabCut.rect, iterations: spec.grabCut.iterations });
      if (k > 0) ms.push(performance.now() - a);
    }
    return { ms, result: r! };
  });
  const grabCut = grabCutRaw && { ms: grabCutRaw.ms, checksum: checksum(grabCutRaw.result, n) };

  const scissors = await win('scissors', async () => {
    const prepareMs: number[] = [];
    // the first prepare of the page (cold in its worker unless an action ran before it): timed apart
    const f0 = performance.now();
    let h = await assist.prepareScissors('scene', { rect: spec.scissors.rect }, slow);
    const firstMs = performance.now() - f0;
    const probeMs: number[] = [];
    for (let k = 0; k < spec.runs; k++) {
      await assist.releaseScissors(h);
      probeMs.push(cpuProbe());
      const a = performance.now();
      h = await assist.prepareScissors('scene', { rect: spec.scissors.rect }, slow);
      const b = performance.now();
      prepareMs.push(b - a);
      // the bench finds the worker's tasks in this span of its trace (their CPU time per prepare)
      performance.measure(`sciss prepare ${k}`, { start: a, end: b });
    }
    const anchor = spec.scissors.anchor;
    const a = performance.now();
    await assist.scissorsPath(h, anchor, anchor, slow); // builds the anchor's map
    const anchorMs = performance.now() - a;
    // pointer moves: one query per move, each waits for the previous answer (what a pointermove handler does)
    const queryMs: number[] = [];
    const lengths: number[] = [];
    let last: Array<{ x: number; y: number }> = [];
    for (const p of spec.scissors.moves) {
      const b = performance.now();
      last = await assist.scissorsPath(h, anchor, p);
      queryMs.push(performance.now() - b);
      lengths.push(last.length);
    }
    return { firstMs, prepareMs, probeMs, anchorMs, queryMs, lengths, lastPath: last.flatMap((p) => [p.x, p.y]) };
  });

  const watershedRaw = await win('watershed', async () => {
    const ms: number[] = [];
    let r: AssistMaskResult | null = null;
    for (let k = 0; k < spec.runs + 1; k++) {
      const a = performance.now();
      const labels = await assist.watershed(
        'scene',
        { rect: spec.watershed.rect, scribbles: spec.watershed.scribbles.map((s, i) => ({ ...s, label: `l${i}` })) },
        slow,
      );
      if (k > 0) ms.push(performance.now() - a);
      r = labels[0]!.mask;
    }
    return { ms, result: r! };
  });
  const watershed = watershedRaw && { ms: watershedRaw.ms, checksum: checksum(watershedRaw.result, n) };

  // tracking: frames decoded elsewhere (here: fetched raw grey frames) and sent once, then tracked
  const frames = wants('track') ? new Uint8Array(await (await fetch('/frames.gray')).arrayBuffer()) : new Uint8Array(0);
  const fsz = spec.fw * spec.fh;
  const keys = Array.from({ length: spec.nframes }, (_, i) => `f${i}`);
  const sendMs = await win('sendFrames', async () => {
    const a = performance.now();
    for (let i = 0; i < spec.nframes; i++)
      await assist.setImage(
        keys[i]!,
        { width: spec.fw, height: spec.fh, format: 'gray', data: frames.subarray(i * fsz, (i + 1) * fsz) },
        { format: 'gray' },
      );
    return performance.now() - a;
  });
  const track = await win('track', async () => {
    const a = performance.now();
    const boxes = await assist.trackBox(keys, { box: spec.track.box }, slow);
    const mfMs = performance.now() - a;
    const b = performance.now();
    const mil = await assist.trackBox(keys, { box: spec.track.box, method: 'mil' }, slow);
    return { medianflowMs: mfMs, medianflow: boxes, milMs: performance.now() - b, mil };
  });

  // control: the same time of idle main thread (timers only), the machine's own long tasks
  const total = Object.values(windows)
    .flat()
    .reduce((s, [a, b]) => s + b - a, 0);
  const i0 = performance.now();
  while (performance.now() - i0 < Math.min(total, 20_000)) await sleep(20);
  windows.idle = [[i0, performance.now()]];
  performance.measure('idle control', { start: i0, end: performance.now() });
  await sleep(300);
  const longTasks: Record<string, number[]> = {};
  for (const [k, spans] of Object.entries(windows))
    longTasks[k] = long
      .filter((e) => spans.some(([a, b]) => e.startTime >= a && e.startTime < b))
      .map((e) => Math.round(e.duration));
  return {
    preloadMs,
    setImageMs,
    sendMs,
    wand,
    wandLayer,
    wandParts,
    wandClick,
    grabCut,
    scissors,
    watershed,
    track,
    longTasks,
    errors,
  };
}

/** What the bench reads of the layer (private fields, present on every version it compares). */
interface LayerInside {
  store: {
    annotations: { keys(): readonly string[] };
    shapes: {
      masks: Map<
        string,
        { raster: { x: number; y: number; width: number; height: number; data: Uint8Array; coarse?: boolean } }
      >;
    };
    subscribe(l: (changes: Array<{ key: string; before: unknown; after: unknown }>) => void): () => void;
  };
  toolFor(id: string): { setTolerance(t: number): void };
}

/** A mask on its box, as the bench copies it out of the layer. */
type Placed = { x: number; y: number; mask: { width: number; height: number; data: Uint8Array } };

/**
 * The wand in a real layer. Each click is a window of its own (`span`): from just before the click
 * (in the task that dispatches it) until the mask is shown at full resolution (the layer paints it
 * in idle bands after the PNG) and its dl-annotation-create is out. The bench's own work is outside
 * every window, in tasks of its own: the layer's set-up and removal, the copy of the mask for the
 * identity check, counting its area, and the reset between clicks (`layer.annotations = []`).
 */
async function layerWand(
  spec: BenchSpec,
  rgba: Uint8ClampedArray<ArrayBuffer>,
  win: <T>(name: string, f: () => Promise<T>, split?: boolean) => Promise<T | null>,
  span: (name: string, a: number, b: number) => void,
) {
  const n = spec.size;
  // set-up (outside the windows): the scene as a PNG the viewer decodes (lossless: the same pixels)
  const c = new OffscreenCanvas(n, n);
  c.getContext('2d')!.putImageData(new ImageData(rgba, n, n), 0, 0);
  const blob = await c.convertToBlob({ type: 'image/png' });
  const viewer = document.createElement('dl-item-viewer') as HTMLElement & {
    blob: Blob;
    view: { scale: number; x: number; y: number };
    noControls: boolean;
  };
  viewer.style.cssText = 'position:fixed;left:0;top:0;width:1280px;height:800px';
  viewer.noControls = true;
  const layer = document.createElement('dl-annotation-layer') as HTMLElement & {
    annotations: unknown[];
    tool: string;
    updateComplete: Promise<unknown>;
  };
  layer.annotations = [];
  viewer.append(layer);
  const loaded = new Promise((r) => viewer.addEventListener('dl-item-load', r, { once: true }));
  viewer.blob = blob;
  document.body.append(viewer);
  await loaded;
  layer.tool = 'magic-wand';
  await layer.updateComplete;
  const inside = layer as unknown as LayerInside;
  const click = (x: number, y: number) => {
    const v = viewer.view;
    const r = layer.getBoundingClientRect();
    const o = { clientX: r.left + v.x + (x + 0.5) * v.scale, clientY: r.top + v.y + (y + 0.5) * v.scale };
    const e = { bubbles: true, composed: true, pointerId: 1, isPrimary: true, pointerType: 'mouse', button: 0, ...o };
    layer.dispatchEvent(new PointerEvent('pointerdown', { ...e, buttons: 1 }));
    layer.dispatchEvent(new PointerEvent('pointerup', { ...e, buttons: 0 }));
  };
  /** One click (a window of its own when `name` is given): ms to the frame showing it, ms to its create event, its mask. */
  const one = async (w: BenchSpec['wand'][number], name?: string) => {
    let shown: (v: { ms: number; key: string }) => void = () => {};
    const shownAt = new Promise<{ ms: number; key: string }>((r) => (shown = r));
    const json = new Promise<number>((r) =>
      layer.addEventListener('dl-annotation-create', () => r(performance.now()), { once: true }),
    );
    const ch = new MessageChannel();
    const a = performance.now();
    await sleep(0); // the window starts before the task that clicks
    inside.toolFor('magic-wand').setTolerance(w.tolerance);
    const t0 = performance.now();
    const off = inside.store.subscribe((changes) => {
      const made = changes.find((x) => !x.before && x.after);
      if (!made) return;
      off();
      // the layer drew in this frame's animation callbacks (it asked first); the task after it is the frame out
      requestAnimationFrame(() => {
        ch.port1.onmessage = () => shown({ ms: performance.now() - t0, key: made.key });
        ch.port2.postMessage(0);
      });
    });
    click(w.x, w.y);
    const s = await shownAt;
    const j = (await json) - t0;
    const rr = inside.store.shapes.masks.get(s.key)!.raster;
    // the action goes on until its full-resolution paint is done (idle bands after the PNG)
    for (const end = performance.now() + 5000; rr.coarse && performance.now() < end; ) await sleep(5);
    if (name) span(name, a, performance.now());
    await sleep(0); // the bench's own work below starts outside the window
    const result = { x: rr.x, y: rr.y, mask: { width: rr.width, height: rr.height, data: rr.data.slice() } };
    await sleep(50);
    layer.annotations = [];
    await sleep(100);
    return { shownMs: s.ms, jsonMs: j, result };
  };
  try {
    await one(spec.wand[0]!); // sends the image to the worker (the layer's own key), warms the paths
    const raw = await win(
      'wandClick',
      async () => {
        const out: Array<{ shownMs: number[]; jsonMs: number[]; result: Placed }> = [];
        for (const w of spec.wand) {
          const shownMs: number[] = [];
          const jsonMs: number[] = [];
          let result: Placed | null = null;
          for (let k = 0; k < spec.runs; k++) {
            const r = await one(w, 'wandClick');
            shownMs.push(r.shownMs);
            jsonMs.push(r.jsonMs);
            result = r.result;
          }
          out.push({ shownMs, jsonMs, result: result! });
        }
        return out;
      },
      true,
    );
    // outside the windows: each mask's area
    return raw?.map((r) => {
      const { result } = r;
      let area = 0;
      for (const v of result.mask.data) area += v ? 1 : 0;
      return {
        shownMs: r.shownMs,
        jsonMs: r.jsonMs,
        area,
        result: { ...result, area, imageWidth: n, imageHeight: n } as AssistMaskResult,
      };
    });
  } finally {
    await sleep(0);
    viewer.remove();
  }
}

/** Steps of the worker's CPU probe (benchProbe): ~5 ms on a quiet machine. */
const PROBE_STEPS = 4_000_000;

/**
 * The paired part: the scene in a worker of the page's own (the same worker code as getAssist()'s, but
 * its pool is at hand for the probe), then `window.__measure(op)` answers one timed action (page call to
 * result, as in the full run) with the worker's CPU probes before and after it, and `window.__end()`
 * stops the worker.
 */
async function pairs() {
  const spec = (await (await fetch('/spec.json')).json()) as BenchSpec;
  const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1, timeout: 3_600_000 });
  const assist = createWorkerAssist(() => pool);
  await assist.preload();
  const n = spec.size;
  const { bitmap } = await sceneBitmap(n);
  await assist.setImage('scene', bitmap);
  await pool.call('benchProbe', [PROBE_STEPS]); // warms the loop up
  let handle: Awaited<ReturnType<typeof assist.prepareScissors>> | null = null;
  const w = window as unknown as {
    __measure: (op: 'scissors' | 'grabCut', wantChecksum?: boolean) => Promise<unknown>;
    __end: () => void;
  };
  w.__measure = async (op, wantChecksum) => {
    if (handle !== null) await assist.releaseScissors(handle);
    handle = null;
    const before = await pool.call('benchProbe', [PROBE_STEPS]);
    const a = performance.now();
    let r: AssistMaskResult | null = null;
    if (op === 'scissors') handle = await assist.prepareScissors('scene', { rect: spec.scissors.rect });
    else r = await assist.grabCut('scene', { rect: spec.grabCut.rect, iterations: spec.grabCut.iterations });
    const ms = performance.now() - a;
    const after = await pool.call('benchProbe', [PROBE_STEPS]);
    return { ms, probe: [before, after], ...(r && wantChecksum ? { checksum: checksum(r, n) } : {}) };
  };
  w.__end = () => pool.dispose();
  return { ready: true };
}

(mode === 'startup' ? startup() : mode === 'pairs' ? pairs() : full()).then(
  (r) => {
    (window as { __bench?: unknown }).__bench = r;
  },
  (e: unknown) => {
    (window as { __bench?: unknown }).__bench = { error: String((e as Error)?.stack ?? e) };
  },
);

/** The bench's n×n scene (RGB from the bench's server) as RGBA pixels and as a bitmap made from them. */
async function sceneBitmap(n: number): Promise<{ rgba: Uint8ClampedArray<ArrayBuffer>; bitmap: ImageBitmap }> {
  const rgb = new Uint8Array(await (await fetch('/scene.rgb')).arrayBuffer());
  const rgba = new Uint8ClampedArray(n * n * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i]!;
    rgba[j + 1] = rgb[i + 1]!;
    rgba[j + 2] = rgb[i + 2]!;
    rgba[j + 3] = 255;
  }
  const bitmap = await createImageBitmap(new ImageData(rgba, n, n), {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
  return { rgba, bitmap };
}
