// CPU profile of dense raster tiles painted in a dedicated worker (as the tile worker paints, WebAssembly
// on): `npx tsx bench/tile-raster-profile.ts [N:z,...]` (TILE_RASTER_REPS=100; TILE_RASTER_EXTRA='&spread&wcopy':
// the page's options, see runProfile in tile-raster-page.ts; the sampler's trace slows the tiles ~1.2x). Prints, per tile, the median
// ms and the worker's self (TILE_RASTER_COLS=1: the scene kept in columns, as the tile worker keeps it) and inclusive ms per function, per tile. Not part of `npm run bench`.
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import type { TraceEvent } from './geometry-trace-tasks.js';
import { threadProfile } from './trace-profile.js';

const exe = findChromium();
if (!exe) throw new Error('Chromium not found (set CHROMIUM_PATH)');
const spec = process.argv[2] ?? '100000:-1';
const reps = Number(process.env.TILE_RASTER_REPS ?? 100);
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error', clearScreen: false });
await server.listen();
const url = server.resolvedUrls!.local[0]!;
const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs });
try {
  for (const item of spec.split(',')) {
    const p = await browser.newPage();
    p.on('pageerror', (e) => console.log('page error:', e.message));
    await browser.startTracing(p, {
      categories: ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler', '__metadata'],
    });
    await p.goto(
      `${url}bench/tile-raster-page.html?worker&profile=${item}&reps=${reps}${process.env.TILE_RASTER_COLS ? '&cols' : ''}${process.env.TILE_RASTER_EXTRA ?? ''}`,
    );
    await p.waitForFunction(() => (window as { __bench?: unknown }).__bench, null, { timeout: 240_000, polling: 200 });
    const r = (await p.evaluate(() => (window as { __bench?: unknown }).__bench)) as Array<Record<string, number>>;
    const buf = await browser.stopTracing();
    const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const w = events.find(
      (e) => e.name === 'thread_name' && /DedicatedWorker/.test(String((e.args as { name?: string }).name)),
    );
    if (!w) throw new Error('no worker thread');
    const prof = threadProfile(events, w.pid, w.tid);
    if (!prof) throw new Error('no profile');
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    // the profiled span: the samples from the first to the last inside a paint loop (the busiest 90 % of samples)
    let total = 0;
    for (let i = 0; i < prof.ts.length - 1; i++) {
      const dt = (prof.ts[i + 1]! - prof.ts[i]!) / 1000;
      const s = prof.stacks[i]!;
      if (!s.some((f) => f.startsWith('runProfile'))) continue;
      if (!s.some((f) => f.startsWith('paintMs'))) continue;
      total += dt;
      const top = s[0]!;
      self.set(top, (self.get(top) ?? 0) + dt);
      for (const f of new Set(s)) incl.set(f, (incl.get(f) ?? 0) + dt);
    }
    const x = r[0]!;
    const tiles = reps + 3;
    console.log(
      `== N=${x.n} z=${x.z}: median ${x.ms!.toFixed(2)} ms/tile; sampled inside paintMs ${(total / tiles).toFixed(2)} ms/tile (${tiles} tiles)`,
    );
    console.log('-- self ms/tile');
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
      console.log(`${(v / tiles).toFixed(3).padStart(8)}  ${k}`);
    console.log('-- inclusive ms/tile');
    for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40))
      console.log(`${(v / tiles).toFixed(3).padStart(8)}  ${k}`);
    await p.close();
  }
} finally {
  await browser.close();
  await server.close();
}
