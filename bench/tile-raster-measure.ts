// Micro-measure (not a test, not part of `npm run bench`): one dense coarse tile of the render bench's
// scene painted with the outline rasteriser off (old) and on (new), interleaved in one page, in
// headless system Chromium: the 10k scene's centre tile at level -2, the 50k and 100k scenes' at -1.
// `npx tsx bench/tile-raster-measure.ts` (TILE_RASTER_REPS=15; TILE_RASTER_WORKER=1 measures in a dedicated worker, as the tile worker paints; TILE_RASTER_PNG=out.png also screenshots old
// and new tiles side by side, upscaled 2x). TILE_RASTER_SPARSE=1: sparse tiles (~20-400 shapes at
// levels -2..1) painted by Skia and by the outline rasteriser (WebAssembly on), each timed through the
// worker's copy of the tile (createImageBitmap, where Skia's deferred raster work happens);
// TILE_RASTER_TARGETS=250,300 the shapes a tile (about). With TILE_RASTER_PNG and TILE_RASTER_REPS=0: a
// screenshot of sparse tiles at levels -1, 0, 1 both ways and their difference, no timing.
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';

const exe = findChromium();
if (!exe) throw new Error('Chromium not found (set CHROMIUM_PATH)');
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error', clearScreen: false });
await server.listen();
const url = server.resolvedUrls!.local[0]!;
const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs });
try {
  const p = await browser.newPage();
  p.on('pageerror', (e) => console.log('page error:', e.message));
  // TILE_RASTER_REPS=0 with TILE_RASTER_PNG: the screenshot only
  const timed = process.env.TILE_RASTER_REPS !== '0';
  if (timed) {
    await p.goto(
      `${url}bench/tile-raster-page.html?reps=${process.env.TILE_RASTER_REPS ?? 15}${process.env.TILE_RASTER_WORKER ? '&worker' : ''}${process.env.TILE_RASTER_WASM ? '&wasm' : ''}${process.env.TILE_RASTER_SPARSE ? `&sparse&targets=${process.env.TILE_RASTER_TARGETS ?? '20,50,100,200,300,400,800'}` : ''}`,
    );
    await p.waitForFunction(() => (window as { __bench?: unknown }).__bench, null, { timeout: 240_000, polling: 200 });
  }
  const r = timed ? await p.evaluate(() => (window as { __bench?: unknown }).__bench) : [];
  if (process.env.TILE_RASTER_PNG) {
    const sparse = !!process.env.TILE_RASTER_SPARSE;
    await p.goto(`${url}bench/tile-raster-page.html?${sparse ? 'sparsepng' : 'png'}`);
    await p.waitForFunction(() => (window as { __bench?: unknown }).__bench, null, { timeout: 300_000 });
    await p.locator('#tiles').screenshot({ path: process.env.TILE_RASTER_PNG });
    if (sparse) console.log(JSON.stringify(await p.evaluate(() => (window as { __bench?: unknown }).__bench)));
    console.log(`tiles: ${process.env.TILE_RASTER_PNG}`);
  }
  if (!Array.isArray(r)) console.log('page failed:', r);
  else if (!timed) {
    // screenshot only
  } else if (process.env.TILE_RASTER_SPARSE) {
    console.log(
      'Skia: rasteriser off; raster: outline rasteriser (wasm), threshold lifted. ms = median through copyTile (draw-only ms in brackets)',
    );
    console.log(
      'N       level  shapes  Skia ms (draw) / min     raster ms (draw) / min   raster/Skia  +readback S/R   px differ  >8       max',
    );
    for (const x of r as Array<Record<string, number>>)
      console.log(
        `${String(x.n).padEnd(8)}${String(x.z).padEnd(7)}${String(x.shapes).padEnd(8)}${`${x.skia!.toFixed(2)} (${x.skiaDraw!.toFixed(2)}) / ${x.skiaMin!.toFixed(2)}`.padEnd(25)}${`${x.raster!.toFixed(2)} (${x.rasterDraw!.toFixed(2)}) / ${x.rasterMin!.toFixed(2)}`.padEnd(25)}${(x.raster! / x.skia!).toFixed(2).padEnd(13)}${`${x.skiaRead!.toFixed(2)}/${x.rasterRead!.toFixed(2)}`.padEnd(16)}${`${(x.differ! * 100).toFixed(1)} %`.padEnd(11)}${`${(x.over8! * 100).toFixed(1)} %`.padEnd(9)}${x.maxd}`,
      );
  } else {
    if (process.env.TILE_RASTER_WASM) console.log('old: JS outline rasteriser, new: its WebAssembly loops');
    console.log('N       level  shapes  old ms (median/min)  new ms (median/min)  new/old  bytes differing (tiles)');
    for (const x of r as Array<Record<string, number>>)
      console.log(
        `${String(x.n).padEnd(8)}${String(x.z).padEnd(7)}${String(x.shapes).padEnd(8)}${`${x.oldMs!.toFixed(1)} / ${x.oldMin!.toFixed(1)}`.padEnd(21)}${`${x.newMs!.toFixed(1)} / ${x.newMin!.toFixed(1)}`.padEnd(21)}${(x.newMs! / x.oldMs!).toFixed(2).padEnd(9)}${x.diff! >= 0 ? `${x.diff} (${x.tiles})` : ''}`,
      );
  }
} finally {
  await browser.close();
  await server.close();
}
