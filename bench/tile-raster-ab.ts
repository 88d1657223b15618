// A/B of dense raster tiles painted in dedicated workers (WebAssembly on): a base source tree's
// worker and this tree's in one page, driven tile by tile, alternating:
// `npx tsx bench/tile-raster-ab.ts <base-dir (absolute)> [N:z,...]` (TILE_RASTER_REPS=15 per round,
// TILE_RASTER_ROUNDS=3, TILE_RASTER_COLS=1: scenes kept in columns, as the tile worker keeps them).
// The base tree needs this tree's bench/tile-raster-page.ts (copied in). Not part of `npm run bench`.
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';

const exe = findChromium();
if (!exe) throw new Error('Chromium not found (set CHROMIUM_PATH)');
const baseDir = process.argv[2];
if (!baseDir?.startsWith('/')) throw new Error('usage: tile-raster-ab.ts <absolute base-dir> [N:z,...]');
const spec = (process.argv[3] ?? '10000:-2,50000:-1,100000:-2,100000:-1,100000:0').split(',');
const reps = Number(process.env.TILE_RASTER_REPS ?? 15);
const rounds = Number(process.env.TILE_RASTER_ROUNDS ?? 3);
const cols = !!process.env.TILE_RASTER_COLS;
const server = await createServer({
  server: { port: 0, host: '127.0.0.1', fs: { allow: [process.cwd(), baseDir] } },
  logLevel: 'error',
  clearScreen: false,
});
await server.listen();
const url = server.resolvedUrls!.local[0]!;
const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs });
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const lines: string[] = [];
try {
  const p = await browser.newPage();
  p.on('pageerror', (e) => console.log('page error:', e.message));
  await p.goto(`${url}bench/tile-raster-page.html?ab=${encodeURIComponent(baseDir)}`);
  await p.waitForFunction(() => (window as { __ask?: unknown }).__ask, null, { timeout: 60_000 });
  const ask = (i: number, msg: unknown) =>
    p.evaluate(
      ([i, msg]) => (window as unknown as { __ask: (i: number, m: unknown) => Promise<unknown> }).__ask(i, msg),
      [i, msg] as const,
    );
  for (const item of spec) {
    const [n, z] = item.split(':').map(Number) as [number, number];
    for (const i of [0, 1]) {
      const r = await ask(i, { scene: [n, z], cols });
      if (r !== 0) throw new Error(JSON.stringify(r));
      for (let k = 0; k < 3; k++) await ask(i, { paint: true });
    }
    const meds: number[][] = [[], []];
    for (let round = 0; round < rounds; round++) {
      const ms: number[][] = [[], []];
      for (let k = 0; k < reps; k++)
        for (const i of k % 2 ? [1, 0] : [0, 1]) {
          const v = await ask(i, { paint: true });
          if (typeof v !== 'number') throw new Error(JSON.stringify(v));
          ms[i]!.push(v);
        }
      meds[0]!.push(median(ms[0]!));
      meds[1]!.push(median(ms[1]!));
    }
    const sp = meds[0]!.map((x, i) => x / meds[1]![i]!);
    lines.push(
      `${item.padEnd(12)}${meds[0]!
        .map((x) => x.toFixed(2))
        .join(' ')
        .padEnd(20)}${meds[1]!
        .map((x) => x.toFixed(2))
        .join(' ')
        .padEnd(20)}${sp
        .map((x) => x.toFixed(2))
        .join(' ')
        .padEnd(18)}${median(sp).toFixed(2)}`,
    );
    console.log(lines[lines.length - 1]);
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(
  `\nworkers, WebAssembly on, ${cols ? 'columns scene (as the tile worker keeps it)' : 'object scene'}; median ms of ${reps} paints per round, base and new interleaved paint by paint`,
);
console.log('N:z         base ms (rounds)    new ms (rounds)     speedup (rounds)  median');
for (const l of lines) console.log(l);
