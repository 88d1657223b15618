// Diagnostic (not part of `npm run bench`): runs the geometry bench page under a detailed Chromium
// trace and prints every main-thread task over 50 ms with its CPU time, the window and page-side step
// it started in, and what ran inside it (GC, message (de)serialisation, script...).
// `npx tsx bench/geometry-trace.ts [runs] [trace.json]`
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { pageTasks, TASK_TRACE_CATEGORIES } from './geometry-trace-tasks.js';

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
    categories: TASK_TRACE_CATEGORIES,
  });
  await page.goto(`${url}bench/geometry-page.html?runs=${runs}&trace=1`);
  await page.waitForFunction(() => (window as { __bench?: unknown }).__bench, null, { timeout: 600_000, polling: 500 });
  bench = await page.evaluate(() => (window as { __bench?: unknown }).__bench);
  await browser.stopTracing();
} finally {
  await browser.close();
  await server.close();
}
const b = bench as {
  longTasks?: number;
  longTaskMs?: number[];
  longTaskSteps?: Record<string, number>;
  error?: string;
};
console.log(
  `page (PerformanceObserver): ${b.error ?? `${b.longTasks} long tasks ${JSON.stringify(b.longTaskMs)} ${JSON.stringify(b.longTaskSteps)}`}`,
);
const tasks = pageTasks(JSON.parse(readFileSync(out, 'utf8')), true);
for (const t of tasks.filter((x) => x.wallMs > 50)) {
  console.log(
    `\nmain-thread task ${t.wallMs.toFixed(1)} ms (${t.cpuMs == null ? 'CPU n/a' : `${t.cpuMs.toFixed(1)} ms on CPU`}) in ${t.window ?? 'no window'}, ${t.step ?? 'no step'}`,
  );
  for (const [name, ms] of t.inner.slice(0, 12)) console.log(`  ${ms.toFixed(1)} ms ${name}`);
}
for (const w of [...new Set(tasks.map((t) => t.window).filter(Boolean))]) {
  const ts = tasks.filter((t) => t.window === w);
  console.log(
    `${w}: ${ts.length} tasks, most CPU in one task ${Math.max(...ts.map((t) => t.cpuMs ?? 0)).toFixed(1)} ms, most wall ${Math.max(...ts.map((t) => t.wallMs)).toFixed(1)} ms`,
  );
}
