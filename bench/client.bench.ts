// `npm run bench -- client`: time to the first page of 1000 items cold (network) vs warm
// (IndexedDB), and items/s iterating 10,000 items; in Chromium (real IndexedDB, via Vite +
// Playwright with the system Chromium) and in Node (fake-indexeddb: an in-memory stand-in, so
// its "warm" numbers say little about a real browser), side by side.
import 'fake-indexeddb/auto';
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { startHarness } from '../test/api/harness.js';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { measureClient, median, type Sample } from './client-measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const N = 10_000;

function table(title: string, rows: Sample[]): void {
  const ref = median(rows[0]!.ms);
  console.log(`\n${title} (median of ${RUNS} runs; ratio = vs "${rows[0]!.name}")`);
  console.log('case'.padEnd(46) + 'median ms'.padStart(11) + 'ratio'.padStart(9) + 'items/s'.padStart(12));
  for (const r of rows) {
    const m = median(r.ms);
    const ips = r.items ? Math.round(r.items / (m / 1000)).toString() : '';
    console.log(
      r.name.padEnd(46) + m.toFixed(1).padStart(11) + (m / ref).toFixed(2).padStart(8) + 'x' + ips.padStart(12),
    );
  }
}

const h = await startHarness();
try {
  const ds = await h.dataset('bench-10k');
  await h.seedItems(ds, N);
  console.log(`client bench: ${N} items, pages of 1000, local server on loopback (machine shared: numbers are noisy)`);

  const exe = findChromium();
  if (!exe) console.log('\nChromium: skipped (no system Chromium found; set CHROMIUM_PATH)');
  else {
    const vite = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
    await vite.listen();
    const origin = vite.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs, headless: true });
    try {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error('page error:', e));
      await page.goto(`${origin}/bench/client-page.html`);
      await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true, undefined, {
        timeout: 120_000,
      });
      const rows = (await page.evaluate(
        (p) => (window as unknown as { runClientBench: (p: unknown) => unknown }).runClientBench(p),
        {
          baseUrl: h.url,
          token: h.token,
          datasetId: ds,
          runs: RUNS,
          dbPrefix: `bench-${Date.now()}`,
        },
      )) as Sample[];
      table('Chromium, real IndexedDB', rows);
    } finally {
      await browser.close();
      await vite.close();
    }
  }

  table(
    'Node, fake-indexeddb (in-memory stand-in for IndexedDB)',
    await measureClient({
      baseUrl: h.url,
      token: h.token,
      datasetId: ds,
      runs: RUNS,
      dbPrefix: `bench-node-${Date.now()}`,
    }),
  );
} finally {
  await h.close();
}
