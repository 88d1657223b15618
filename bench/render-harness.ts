// Shared by bench/render.bench.ts and bench/render-trace.ts: builds bench/render-page.html with Vite
// (production mode), makes the 4096² test image once (drawn by the page itself, cached), serves both
// over loopback with cross-origin isolation (so `performance.measureUserAgentSpecificMemory` can
// count the JS heap of the page's workers too) and runs one target per fresh page.
import { execSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright';
import { build } from 'vite';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import type { RunOptions } from './render-page.js';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, 'node_modules/.cache/dlkit-render-bench');
const DIST = join(WORK, 'dist');
// Outside node_modules: Vite leaves TypeScript decorators untransformed in files under node_modules.
const BASE = join(ROOT, '.tmp/render-baseline');
const DIST_BASE = join(WORK, 'dist-baseline');
const IMAGE = join(WORK, 'image-v2.jpg');

/** One target's measurements, as the page reports them (plus the heap of its workers). */
export interface RenderResult {
  target: string;
  n: number;
  /** The layer's tile workers (undefined: no layer, or a layer without the count). */
  tileWorkers?: number;
  first: { presented: number; sharp: number | null } | null;
  /**
   * The page's JS heap after the first render to full resolution and two forced GCs, bytes: read in
   * the heap pass, a page of its own before the timed one (which forces no GC).
   */
  heap: number;
  /** The heap pass's two gc() calls, ms each (NaN without gc()). */
  heapGcMs: number[];
  /** gc() calls forced between setup and the loop of the timed run, ms each (RENDER_BENCH_GC_BEFORE_LOOP; empty by default). */
  gcMs: number[];
  /** JS heap of the page's dedicated workers, bytes (NaN when not measurable). */
  workerHeap: number;
  /**
   * The JS heap the layer itself holds on the page, bytes: `heap` less the page's own data (its seed
   * polygons and its JSON input, which the page keeps); see `layerOwnHeap` in render-page.ts. NaN
   * without a layer.
   */
  layerHeap: number;
  panzoom: {
    fps: number;
    median: number;
    p95: number;
    max: number;
    frames: number;
    viewerMs: number;
    layerMs: number;
    sharpness: {
      frames: number;
      notSharp: number;
      incompleteFrames: number;
      borrowedFrames: number;
      missingFrames: number;
      magnifiedFrames: number;
      finerFrames: number;
      staleFrames: number;
    } | null;
  };
  /** `at`: each long task's start in the loop and duration, ms. */
  panLong: { count: number; total: number; max: number; at: Array<[number, number]> };
  settle: number | null;
  drag: { fps: number; median: number; p95: number; max: number; check: number; layerMs: number } | null;
  dragLong: { count: number; total: number; max: number; at: Array<[number, number]> };
  dragError: string | null;
}

/**
 * Builds the page into the cache folder. With `baselineRef` (a git ref, e.g. `main`), also builds
 * the same page against that ref's `src/`, served under `/baseline/`, to compare in one run.
 */
export async function buildPage(baselineRef?: string): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  await buildFrom(ROOT, DIST);
  if (!baselineRef) return;
  rmSync(BASE, { recursive: true, force: true });
  mkdirSync(join(BASE, 'bench'), { recursive: true });
  execSync(`git archive ${JSON.stringify(baselineRef)} src tsconfig.json | tar -x -C ${JSON.stringify(BASE)}`, {
    cwd: ROOT,
  });
  for (const f of ['render-page.ts', 'render-page.html']) copyFileSync(join(ROOT, 'bench', f), join(BASE, 'bench', f));
  symlinkSync(join(ROOT, 'node_modules'), join(BASE, 'node_modules'));
  await buildFrom(BASE, DIST_BASE);
}

async function buildFrom(root: string, outDir: string): Promise<void> {
  await build({
    root: join(root, 'bench'),
    configFile: false,
    logLevel: 'error',
    base: './',
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: process.env.RENDER_BENCH_MINIFY !== '0',
      chunkSizeWarningLimit: 10_000,
      rollupOptions: { input: join(root, 'bench/render-page.html') },
    },
  });
}

/** Serves the built page and the test image on a loopback port. */
export function serve(): Promise<{ url: string; close(): void }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.jpg': 'image/jpeg',
  };
  const server = createServer((req, res) => {
    let name = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    let dir = DIST;
    if (name.startsWith('/baseline/')) {
      dir = DIST_BASE;
      name = name.slice('/baseline'.length);
    }
    if (name === '/') name = '/render-page.html';
    const path = name === '/image.jpg' ? IMAGE : join(dir, name);
    if ((!path.startsWith(dir + '/') && path !== IMAGE) || !existsSync(path) || !statSync(path).isFile())
      return res.writeHead(404).end();
    res
      .writeHead(200, {
        'content-type': types[extname(path)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cross-origin-resource-policy': 'same-origin',
      })
      .end(readFileSync(path));
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() }),
    ),
  );
}

/** Headless system Chromium with precise heap numbers, `gc()` and eager memory measurement. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      ...chromiumArgs,
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
      '--enable-blink-features=ForceEagerMeasureMemory',
    ],
    headless: true,
  });
}

/** Makes the test image once (the page draws it; cached next to the build). */
export async function ensureImage(browser: Browser, url: string): Promise<void> {
  if (existsSync(IMAGE)) return;
  console.log('making the 4096² test image (drawn by the page, seeded)...');
  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(300_000);
    await page.goto(url);
    await page.waitForFunction(() => typeof window.makeImage === 'function');
    const dataUrl = await page.evaluate(() => window.makeImage());
    writeFileSync(IMAGE, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  } finally {
    await page.close();
  }
}

/**
 * Runs `target` with `n` shapes: first the heap pass on a fresh page (setup, two timed forced GCs,
 * the page's heap; `hooks.heap` runs on that page first), then the timed run on another fresh
 * 1280×800 page, which forces no GC between its first render and its loop (`hooks.start`/`stop`).
 */
export async function runTarget(
  browser: Browser,
  url: string,
  target: string,
  n: number,
  opts: RunOptions,
  hooks: {
    heap?(page: Page): Promise<void>;
    start?(page: Page): Promise<void>;
    stop?(page: Page): Promise<void>;
  } = {},
): Promise<RenderResult> {
  const heapPass = await onPage(browser, url, target, n, async (page) => {
    await hooks.heap?.(page);
    return page.evaluate(([t, k, o]) => window.setupHeap(t, k, o), [target, n, opts] as const);
  });
  // Let the closed page's renderer let go of its memory before the timed page starts.
  await new Promise((r) => setTimeout(r, 500));
  return onPage(browser, url, target, n, async (page) => {
    await hooks.start?.(page);
    const r = (await page.evaluate(([t, k, o]) => window.runBench(t, k, o), [target, n, opts] as const)) as Omit<
      RenderResult,
      'workerHeap' | 'layerHeap' | 'heap' | 'heapGcMs'
    >;
    await hooks.stop?.(page);
    if (process.env.RENDER_BENCH_FRAMELOG) {
      // The last loop's frames (the drag's when there is one; RENDER_BENCH_FRAMELOG=pan: pan/zoom only).
      const log = (await page.evaluate(() => (window as unknown as { frameLog: number[][] }).frameLog)) as number[][];
      console.error(`[${target} ${n}] frames (ms level ideal tiles finer borrowed missing pending):`);
      for (const f of log)
        if (f[4] || f[5] || f[6] || f[1]! < f[2]! || f[0]! >= 100_000) console.error(`  ${f.join(' ')}`);
      const trace = (await page.evaluate(
        () => (window as unknown as { tileTrace?: unknown[] }).tileTrace ?? [],
      )) as unknown[][];
      if (trace.length) console.error(`[${target} ${n}] TRACE ${JSON.stringify(trace)}`);
    }
    const workers = await workerHeap(page);
    // last: it ends the layer
    const layerHeap = await page.evaluate(() => window.layerOwnHeap());
    return { ...r, heap: heapPass.heap, heapGcMs: heapPass.gcMs, workerHeap: workers, layerHeap };
  });
}

/** `body` on a fresh 1280×800 page of the bench at `url`, page errors said on stderr; closes the page. */
async function onPage<T>(
  browser: Browser,
  url: string,
  target: string,
  n: number,
  body: (page: Page) => Promise<T>,
): Promise<T> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    page.setDefaultTimeout(600_000);
    // A page error would silently stop the layer's frames: say so.
    page.on('pageerror', (e) => console.error(`[${target} ${n}] page error: ${e.stack ?? e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[${target} ${n}] console error: ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    return await body(page);
  } finally {
    await page.close();
  }
}

/** JS heap of the page's dedicated workers, bytes: the browser's own memory measurement, or NaN. */
async function workerHeap(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const p = performance as Performance & {
      measureUserAgentSpecificMemory?: () => Promise<{
        breakdown: Array<{ bytes: number; attribution: Array<{ scope?: string }> }>;
      }>;
    };
    if (!crossOriginIsolated || !p.measureUserAgentSpecificMemory) return Number.NaN;
    const m = await p.measureUserAgentSpecificMemory();
    return m.breakdown
      .filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
      .reduce((a, b) => a + b.bytes, 0);
  });
}

/**
 * One run of the bench page under a Chromium trace written to `out` (the diagnostics
 * render-trace.ts and render-first-trace.ts): builds the page (target `baseline`: the layer of
 * RENDER_BENCH_BASELINE), serves it, runs `target` with `n` shapes, and stops everything it started.
 */
export async function tracedRun(
  target: string,
  n: number,
  opts: RunOptions,
  out: string,
  categories: string[],
): Promise<RenderResult> {
  await buildPage(target === 'baseline' ? process.env.RENDER_BENCH_BASELINE : undefined);
  const srv = await serve();
  const browser = await launch();
  try {
    await ensureImage(browser, srv.url);
    return await runTarget(browser, target === 'baseline' ? `${srv.url}baseline/` : srv.url, target, n, opts, {
      start: (page) => browser.startTracing(page, { path: out, categories }),
      stop: async () => {
        await browser.stopTracing();
      },
    });
  } finally {
    await browser.close();
    srv.close();
  }
}
