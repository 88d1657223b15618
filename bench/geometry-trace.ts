// Diagnostic (not part of `npm run bench`): runs the geometry bench page under a Chromium trace and
// prints every main-thread task over 50 ms with what took the time inside it (GC, message
// deserialisation, script...). `npx tsx bench/geometry-trace.ts [runs] [trace.json]`
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';

const runs = Number(process.argv[2] ?? 7);
const out = process.argv[3] ?? '/tmp/dlkit-geometry-trace.json';
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error', clearScreen: false });
await server.listen();
const url = server.resolvedUrls!.local[0]!;
const browser = await chromium.launch({ executablePath: findChromium()!, args: chromiumArgs });
let bench: unknown;
try {
  const page = await browser.newPage();
  await browser.startTracing(page, {
    path: out,
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.gc', 'blink', 'ipc', 'scheduler', 'loading', 'blink.user_timing'],
  });
  await page.goto(`${url}bench/geometry-page.html?runs=${runs}&trace=1`);
  await page.waitForFunction(() => (window as { __bench?: unknown }).__bench, null, { timeout: 600_000, polling: 500 });
  bench = await page.evaluate(() => (window as { __bench?: unknown }).__bench);
  await browser.stopTracing();
} finally {
  await browser.close();
  await server.close();
}
const b = bench as { longTasks?: number; longTaskMs?: number[]; longTaskSteps?: Record<string, number>; error?: string };
console.log(`page: ${b.error ?? `${b.longTasks} long tasks ${JSON.stringify(b.longTaskMs)} ${JSON.stringify(b.longTaskSteps)}`}`);

interface Ev { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; cat?: string; args?: Record<string, unknown> }
const events = (JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: Ev[] }).traceEvents;
const key = (e: Ev) => `${e.pid}:${e.tid}`;
const threadName = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(key(e), String((e.args as { name?: string })?.name));
// the bench page's renderer is the one running the geometry worker
const workerPids = new Set([...threadName].filter(([, n]) => n === 'DedicatedWorker thread').map(([k]) => k.split(':')[0]));
const main = new Set([...threadName].filter(([k, n]) => n === 'CrRendererMain' && workerPids.has(k.split(':')[0])).map(([k]) => k));
const onMain = events.filter((e) => main.has(key(e)));
// User Timing measures from geometry-page.ts (?trace=1): 'window N', 'idle control', 'step NAME'
const measures = onMain.filter((e) => (e.cat ?? '').includes('user_timing') && e.ph === 'b');
const ends = new Map(onMain.filter((e) => (e.cat ?? '').includes('user_timing') && e.ph === 'e').map((e) => [`${e.name}@${(e as { id2?: { local?: string } }).id2?.local ?? (e as { id?: string }).id}`, e.ts]));
const span = (m: Ev) => [m.ts, ends.get(`${m.name}@${(m as { id2?: { local?: string } }).id2?.local ?? (m as { id?: string }).id}`) ?? m.ts] as const;
const within = (ts: number, prefix: string) => measures.filter((m) => m.name.startsWith(prefix)).find((m) => { const [a, b] = span(m); return ts >= a && ts < b; })?.name;
const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 50_000);
let counted = 0;
for (const t of tasks) {
  const where = within(t.ts, 'window') ?? within(t.ts, 'idle') ?? 'outside the measured windows';
  if (where.startsWith('window')) counted++;
  const inner = onMain.filter((e) => e.ph === 'X' && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur! && e !== t && (e.dur ?? 0) > 2000);
  const cpu = t.tdur != null ? `${(t.tdur / 1000).toFixed(1)} ms on CPU` : 'CPU time n/a';
  console.log(`\nmain-thread task ${(t.dur! / 1000).toFixed(1)} ms (${cpu}) in ${where}, step: ${within(t.ts, 'step') ?? '-'}`);
  for (const e of inner.sort((x, y) => x.ts - y.ts).slice(0, 12)) console.log(`  +${((e.ts - t.ts) / 1000).toFixed(1)} ${(e.dur! / 1000).toFixed(1)} ms ${e.name}`);
}
console.log(`\n${tasks.length} main-thread tasks > 50 ms in the trace, ${counted} inside conversion windows (${out})`);
