// Diagnostic (not part of `npm run bench`): traces the render bench's first render (from
// `annotations` set to the first sharp frame) with V8 CPU samples and prints, per busy thread of the
// page (its main thread, the tile worker), each task's start, wall and CPU time and what JavaScript
// ran in it (self time by function), and the thread's idle gaps. Where the first render's wall time
// goes: the scene build, the message to the worker, its unpack, each tile's paint, waits.
// `npx tsx bench/render-first-trace.ts [target=dlkit] [n=10000] [trace.json]` (`RENDER_BENCH_MINIFY=0`
// keeps function names; target `baseline` with `RENDER_BENCH_BASELINE=<ref>`).
import { readFileSync } from 'node:fs';
import type { TraceEvent } from './geometry-trace-tasks.js';
import { tracedRun } from './render-harness.js';
import { profileSpan, threadProfile } from './trace-profile.js';

const target = process.argv[2] ?? 'dlkit';
const n = Number(process.argv[3] ?? 10000);
const out = process.argv[4] ?? '/tmp/dlkit-first-trace.json';
// RENDER_TRACE_READ=1: only read an earlier trace `out`.
let result: { first: { presented: number; sharp: number | null } | null } | null = null;
if (!process.env.RENDER_TRACE_READ)
  result = await tracedRun(target, n, { loopMs: 500, dragMs: 300, settleMs: 300, settleLimitMs: 10_000 }, out, [
    'toplevel',
    'blink.user_timing',
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'v8',
    // RENDER_TRACE_CATS=cc,blink,gpu,viz: also the compositor's and Blink's own events (canvas
    // produce, display-list updates), for the commits of the first frames.
    ...(process.env.RENDER_TRACE_CATS ? process.env.RENDER_TRACE_CATS.split(',') : []),
    ...(process.env.RENDER_TRACE_SAMPLES === '0' ? [] : ['disabled-by-default-v8.cpu_profiler']),
  ]);

const events = (JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
const names = new Map<string, string>();
for (const e of events)
  if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name));
const mark = (m: string) => events.find((e) => (e.cat ?? '').includes('user_timing') && e.name === m)?.ts;
const a = mark('bench:first');
const b = mark('bench:first-sharp');
if (a === undefined || b === undefined) throw new Error('no first-render marks in the trace');
const tasks = events.filter(
  (e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.ts + (e.dur ?? 0) >= a && e.ts < b,
);
const threads = new Map<string, TraceEvent[]>();
for (const t of tasks) {
  const k = `${t.pid}:${t.tid}`;
  if (!threads.has(k)) threads.set(k, []);
  threads.get(k)!.push(t);
}
const ms = (us: number) => (us / 1000).toFixed(1);
console.log(
  `first render: ${ms(b - a)} ms (page: first ${result?.first?.presented?.toFixed(0)}, full res ${result?.first?.sharp?.toFixed(0)})`,
);
for (const [k, list] of threads) {
  const name = names.get(k) ?? k;
  const cpu = list.reduce((s, t) => s + (t.tdur ?? 0), 0);
  if (cpu < 5000) continue;
  const [pid, tid] = k.split(':').map(Number);
  const prof = threadProfile(events, pid!, tid!);
  console.log(`\n== ${name} (${k}): ${list.length} tasks, CPU ${ms(cpu)} ms`);
  let prev = a;
  for (const t of list.sort((x, y) => x.ts - y.ts)) {
    const gap = t.ts - prev;
    if ((t.dur ?? 0) < 2000 && gap < 5000) {
      prev = Math.max(prev, t.ts + (t.dur ?? 0));
      continue;
    }
    const top = prof ? profileSpan(prof, t.ts, t.ts + (t.dur ?? 0), 6) : null;
    const self = top?.self
      .slice(0, 5)
      .map(([f, x]) => `${f.replace(/ https?:\S+/, '')} ${x.toFixed(1)}`)
      .join('; ');
    console.log(
      `  +${ms(t.ts - a).padStart(7)}  gap ${ms(Math.max(0, gap)).padStart(6)}  wall ${ms(t.dur ?? 0).padStart(6)}  cpu ${ms(t.tdur ?? 0).padStart(6)}  ${self ?? ''}`,
    );
    if (process.env.STACKS && top)
      for (const [s, x] of top.stacks.slice(0, 4)) console.log(`        ${x.toFixed(1)} ${s}`);
    prev = Math.max(prev, t.ts + (t.dur ?? 0));
  }
}

// Marks (performance.mark; add them where a phase begins and ends, e.g. the store reset, the scene
// build, the post to the worker, each tile) in the first render, per thread, and each thread's GC time
// (MinorGC/MajorGC events): a timeline without the CPU sampler's ~2x overhead with RENDER_TRACE_SAMPLES=0.
const marks = events
  .filter((e) => (e.cat ?? '').includes('user_timing') && e.ts >= a && e.ts <= b + 1000 && !e.name.startsWith('bench:'))
  .sort((x, y) => x.ts - y.ts);
if (marks.length) console.log('\n== marks');
for (const m of marks)
  console.log(`  +${ms(m.ts - a).padStart(7)}  ${(names.get(`${m.pid}:${m.tid}`) ?? '').padEnd(14)} ${m.name}`);
const gcs = new Map<string, number>();
for (const e of events)
  if (e.ph === 'X' && /^(MinorGC|MajorGC)$/.test(e.name) && e.ts >= a && e.ts < b) {
    const k = `${names.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    gcs.set(k, (gcs.get(k) ?? 0) + (e.dur ?? 0));
  }
for (const [k, v] of gcs) console.log(`  GC ${k}: ${ms(v)} ms`);
