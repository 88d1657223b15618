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
for (const [phase, a, b, frames] of phases) {
  if (a === undefined || b === undefined) continue;
  const per = new Map<string, number>();
  for (const t of tasks) {
    if (t.ts < a || t.ts >= b) continue;
    const k = `${procs.get(t.pid) ?? t.pid} / ${names.get(`${t.pid}:${t.tid}`) ?? t.tid}`;
    per.set(k, (per.get(k) ?? 0) + t.tdur! / 1000);
  }
  const rows = [...per].filter(([, ms]) => ms / frames > 0.05).sort((x, y) => y[1] - x[1]);
  console.log(
    `\n${phase}: ${((b - a) / 1000).toFixed(0)} ms wall${frames > 1 ? `, ${frames} frames; CPU ms per frame by thread` : '; CPU ms by thread'}`,
  );
  for (const [k, ms] of rows) console.log(`  ${(ms / frames).toFixed(2).padStart(8)}  ${k}`);
}
// The page's main thread in pan/zoom: where its CPU goes (self time of the biggest event names).
const pa = at('bench:panzoom');
const pb = at('bench:settle');
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
