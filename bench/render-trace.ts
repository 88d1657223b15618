// Diagnostic (not part of `npm run bench`): runs the render bench page under a Chromium trace and
// prints the CPU (thread) time per pan/zoom frame on every busy thread — the page's main thread,
// its compositor and raster threads, its workers, the GPU process's display compositor — and the
// main thread's biggest trace events by CPU. On a loaded machine wall-clock frame times mean little;
// CPU time per frame is what compares designs.
// `npx tsx bench/render-trace.ts [target=dlkit] [n=10000] [trace.json]` (`RENDER_TRACE_PAN=1`: pan only, at 2x;
// target `baseline` with `RENDER_BENCH_BASELINE=<ref>`: that ref's layer, as in the bench)
import { readFileSync } from 'node:fs';
import type { TraceEvent } from './geometry-trace-tasks.js';
import { tracedRun } from './render-harness.js';

const target = process.argv[2] ?? 'dlkit';
const n = Number(process.argv[3] ?? 10000);
const out = process.argv[4] ?? '/tmp/dlkit-render-trace.json';

const result = await tracedRun(
  target,
  n,
  { loopMs: 4000, dragMs: 2000, settleMs: 300, settleLimitMs: 10_000, panOnly: process.env.RENDER_TRACE_PAN === '1' },
  out,
  [
    'toplevel',
    'blink.user_timing',
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'cc',
    'viz',
    'gpu',
    'v8',
    'blink',
  ],
);

const events = (JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
const names = new Map<string, string>();
const procs = new Map<number, string>();
for (const e of events) {
  if (e.ph !== 'M') continue;
  if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name));
  if (e.name === 'process_name') procs.set(e.pid, String(e.args?.name));
}
const marks = events.filter((e) => (e.cat ?? '').includes('user_timing') && e.name.startsWith('bench:'));
const at = (m: string) => marks.find((e) => e.name === m)?.ts;
const phases: Array<[string, number | undefined, number | undefined, number]> = [
  ['setup + first render', at('bench:setup'), at('bench:panzoom'), 1],
  ['pan/zoom', at('bench:panzoom'), at('bench:settle'), result.panzoom.frames],
  ['settle', at('bench:settle'), at('bench:drag') ?? at('bench:end'), 1],
  ['drag', at('bench:drag'), at('bench:end'), (result.drag as { frames?: number } | null)?.frames ?? 1],
];
const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.tdur != null);
/** Adds event `e`'s CPU and wall time (ms) to `key`'s sums in `sums`. */
function addTime(sums: Map<string, { cpu: number; wall: number }>, key: string, e: TraceEvent): void {
  const r = sums.get(key) ?? { cpu: 0, wall: 0 };
  r.cpu += (e.tdur ?? 0) / 1000;
  r.wall += (e.dur ?? 0) / 1000;
  sums.set(key, r);
}
for (const [phase, a, b, frames] of phases) {
  if (a === undefined || b === undefined) continue;
  // CPU time, and wall time inside tasks: a thread in tasks most of the phase but on a core much
  // less of it is runnable and waiting for a core (both cores taken), not idle.
  const per = new Map<string, { cpu: number; wall: number }>();
  for (const t of tasks) {
    if (t.ts < a || t.ts >= b) continue;
    addTime(per, `${procs.get(t.pid) ?? t.pid} / ${names.get(`${t.pid}:${t.tid}`) ?? t.tid}`, t);
  }
  const rows = [...per].filter(([, r]) => r.cpu / frames > 0.05).sort((x, y) => y[1].cpu - x[1].cpu);
  const wall = (b - a) / 1000;
  console.log(
    `\n${phase}: ${wall.toFixed(0)} ms wall${frames > 1 ? `, ${frames} frames; CPU ms per frame by thread` : '; CPU ms by thread'}` +
      ' (% of the phase on a core / in tasks)',
  );
  for (const [k, r] of rows)
    console.log(
      `  ${(r.cpu / frames).toFixed(2).padStart(8)}  ${k} (${((100 * r.cpu) / wall).toFixed(0)} % / ${((100 * r.wall) / wall).toFixed(0)} %)`,
    );
  const cores = [...per.values()].reduce((n, r) => n + r.cpu, 0) / wall;
  console.log(`  ${cores.toFixed(2)} cores busy on average (these threads)`);
}
// The tile workers in pan/zoom: where their time goes (FinalizeFrame: Skia rasterising the tile's
// recorded paths; the rest of a task is mostly the painter's JS).
const pa = at('bench:panzoom');
const pb = at('bench:settle');
if (pa !== undefined && pb !== undefined) {
  const by = new Map<string, { cpu: number; wall: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || e.tdur == null || e.ts < pa || e.ts >= pb) continue;
    if (!(names.get(`${e.pid}:${e.tid}`) ?? '').includes('Worker')) continue;
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'OffscreenCanvasRenderingContext2D::FinalizeFrame')
      continue;
    addTime(by, e.name, e);
  }
  console.log('\npan/zoom, workers, ms CPU / wall:');
  for (const [k, r] of by) console.log(`  ${r.cpu.toFixed(0).padStart(6)} / ${r.wall.toFixed(0).padStart(6)}  ${k}`);
}
// The page's main thread in pan/zoom: where its CPU goes (self time of the biggest event names).
const main = tasks.find((t) => names.get(`${t.pid}:${t.tid}`) === 'CrRendererMain' && t.ts >= (pa ?? 0));
if (pa !== undefined && pb !== undefined && main) {
  const inMain = events.filter(
    (e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts >= pa && e.ts < pb && e.tdur != null,
  );
  const by = new Map<string, number>();
  for (const e of inMain) by.set(e.name, (by.get(e.name) ?? 0) + e.tdur! / 1000);
  console.log(`\npan/zoom, page main thread, CPU ms per frame by event (inclusive):`);
  for (const [k, ms] of [...by].sort((x, y) => y[1] - x[1]).slice(0, 18))
    console.log(`  ${(ms / result.panzoom.frames).toFixed(2).padStart(8)}  ${k}`);
}
const sh = result.panzoom.sharpness;
console.log(
  `\n${target} N=${n}: ${result.panzoom.frames} frames, p95 ${result.panzoom.p95.toFixed(1)} ms` +
    (sh
      ? `, not sharp ${sh.notSharp} (borrowed/missing ${sh.incompleteFrames}, magnified ${sh.magnifiedFrames})`
      : '') +
    `, first ${result.first?.presented?.toFixed(0)} / full res ${result.first?.sharp?.toFixed(0)} ms, settle ${result.settle?.toFixed(0)} ms`,
);
