// The outline rasteriser's WebAssembly loops (wasm/outline-raster.ts, #16) against its JS loops:
// whole coarse tiles painted by the tile painter both ways must be byte for byte the same (dense
// scenes, fractional scales, self-crossing and tiny shapes); the flush keeps the image's bytes
// where nothing is covered, as the JS loop does; rasters alive while the module's memory grows keep
// their planes. (outline-raster-exact.test.ts runs both against the reference loops plane by plane.)
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import {
  composeInto,
  flushTileRaster,
  newOutlineRaster,
  outlineRasterCount,
  rasterFillEdges,
  rasterSegments,
  rasterWasmActive,
  rasterWasmMemoryBytes,
  releaseOutlineRaster,
  releaseRasterPools,
  releaseTileRaster,
  setRasterWasm,
  takeTileRaster,
} from './outline-raster.js';
import { paintTileAtOnce, polygonScene } from './render-test-utils.js';
import { TILE } from './tile-painter.js';
import { TileScene } from './tile-scene.js';

const IMG = 1024;

function scene(rings: Array<Array<{ x: number; y: number }>>): TileScene {
  const COLORS = ['#ff3b30', '#34c759', '#0a84ff', 'rgba(200,100,50,0.6)'];
  const sc = new TileScene();
  rings.forEach((ring, i) => sc.set(i, parseShape('segment', [ring]), COLORS[i % COLORS.length]!, i));
  return sc;
}

/** Seeded shapes: 5-point stars (self-crossing) and specks under 2 px wide, with some polygons. */
function oddRings(n: number, seed: number): Array<Array<{ x: number; y: number }>> {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const out: Array<Array<{ x: number; y: number }>> = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    const r = kind === 0 ? 0.2 + rnd() * 2 : kind === 1 ? 4 + rnd() * 30 : 3 + rnd() * 15;
    const cx = rnd() * IMG;
    const cy = rnd() * IMG;
    const K = kind === 1 ? 5 : 7;
    const ring = [];
    for (let k = 0; k < K; k++) {
      const a = kind === 1 ? (k * 4 * Math.PI) / 5 : (k / K) * 2 * Math.PI;
      ring.push({ x: cx + r * Math.cos(a), y: cy + r * (0.6 + 0.4 * rnd()) * Math.sin(a) });
    }
    out.push(ring);
  }
  return out;
}

/** Tiles of level `z` around the image's centre (`k`×`k`, within the image). */
function tiles(z: number, k: number): Array<[number, number]> {
  const n = Math.ceil((IMG * 2 ** z) / TILE);
  const c = Math.floor(n / 2);
  const out: Array<[number, number]> = [];
  for (let ty = c - (k >> 1); ty < c - (k >> 1) + k; ty++)
    for (let tx = c - (k >> 1); tx < c - (k >> 1) + k; tx++)
      if (tx >= 0 && ty >= 0 && tx < n && ty < n) out.push([tx, ty]);
  return out;
}

/** Paints each tile with the JS loops and with WebAssembly's; returns [tiles, differing bytes, painted px]. */
async function compare(sc: TileScene, z: number, k: number): Promise<[number, number, number]> {
  let n = 0;
  let diff = 0;
  let painted = 0;
  for (const [tx, ty] of tiles(z, k)) {
    await setRasterWasm(false);
    const a = paintTileAtOnce(sc, z, tx, ty);
    expect(await setRasterWasm(true)).toBe(true);
    const before = outlineRasterCount();
    const b = paintTileAtOnce(sc, z, tx, ty);
    // the tile went through the outline rasteriser
    if (outlineRasterCount() === before) continue;
    n++;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    for (let i = 3; i < a.length; i += 4) if (a[i]) painted++;
  }
  return [n, diff, painted];
}

describe('outline raster in WebAssembly', () => {
  beforeAll(async () => {
    expect(await setRasterWasm(true)).toBe(true);
  });
  afterAll(async () => {
    await setRasterWasm(false);
  });

  it('paints dense coarse tiles byte for byte as the JS loops (levels -2, -1, 0)', async () => {
    const sc = scene(polygonScene(8000, IMG, IMG, 7, 5, 30).map((p) => p.ring));
    for (const [z, k] of [
      [-2, 2],
      [-1, 3],
      [0, 2],
    ] as const) {
      const [n, diff, painted] = await compare(sc, z, k);
      expect(n, `level ${z}: tiles rasterised`).toBeGreaterThan(0);
      expect(painted, `level ${z}: painted px`).toBeGreaterThan(1000 * n);
      expect(diff, `level ${z}: bytes differing over ${n} tiles`).toBe(0);
    }
  });

  it('paints self-crossing stars, small polygons and specks under 2 px byte for byte as the JS loops', async () => {
    for (const [rings, z] of [
      [oddRings(3000, 11), -1],
      [oddRings(3000, 12), -2],
      [polygonScene(2000, IMG, IMG, 5, 1, 6).map((p) => p.ring), -1],
    ] as const) {
      const [n, diff, painted] = await compare(scene(rings as Array<Array<{ x: number; y: number }>>), z, 3);
      expect(n).toBeGreaterThan(0);
      expect(painted).toBeGreaterThan(100);
      expect(diff, `level ${z}: bytes differing over ${n} tiles`).toBe(0);
    }
  });

  it("flushes over an image's bytes as the JS loop does (uncovered pixels keep their colour bytes)", async () => {
    const W = 64;
    const e = new Float32Array([10.5, 4, 50.25, 30.75, 50.25, 30.75, 5, 40, 5, 40, 10.5, 4]);
    const out: Uint8ClampedArray[] = [];
    for (const on of [false, true]) {
      await setRasterWasm(on);
      const img = { data: new Uint8ClampedArray(4 * W * W).fill(77), width: W, height: W } as unknown as ImageData;
      const t = takeTileRaster(W, W);
      expect(!!t.wp).toBe(on);
      const r = newOutlineRaster(W, W);
      rasterSegments(r, e, 1, 0, 0, 3);
      composeInto(r, t, '#ff3b30', 'rgba(0,0,0,0)');
      releaseOutlineRaster(r);
      expect(flushTileRaster(t, img)).toEqual([4, 3, 48, 39]);
      releaseTileRaster(t);
      out.push(img.data);
    }
    let diff = 0;
    for (let i = 0; i < out[0]!.length; i++) if (out[0]![i] !== out[1]![i]) diff++;
    expect(diff).toBe(0);
    // pixels of the rect with no coverage kept their colour bytes (77), alpha 0
    let kept = 0;
    for (let i = 0; i < out[1]!.length; i += 4) if (out[1]![i + 3] === 0 && out[1]![i] === 77) kept++;
    expect(kept).toBeGreaterThan(1000);
  });

  it('gives its memory back when the pools are dropped: the pooled tile raster too, a new instance each time', async () => {
    expect(await setRasterWasm(true)).toBe(true);
    releaseRasterPools();
    // resolves true while the new instance is made (review32 #2: it resolved false then)
    expect(await setRasterWasm(true)).toBe(true);
    const fresh = rasterWasmMemoryBytes();
    expect(fresh).toBeGreaterThan(0);
    const img = new ImageData(256, 256);
    const after: number[] = [];
    for (let k = 0; k < 5; k++) {
      // a tile's raster taken, flushed and pooled, as the tile painter does, then the worker idles
      const t = takeTileRaster(256, 256);
      expect(t.wp).toBeTruthy();
      expect(rasterWasmMemoryBytes()).toBeGreaterThanOrEqual(fresh + 20 * 256 * 256);
      expect(flushTileRaster(t, img)).toBeNull();
      releaseTileRaster(t);
      releaseRasterPools();
      expect(await setRasterWasm(true)).toBe(true);
      expect(rasterWasmActive()).toBe(true);
      after.push(rasterWasmMemoryBytes());
    }
    // every release gave the tile raster's ~1.25 MB back (it grew by that much per round before)
    expect(after).toEqual([fresh, fresh, fresh, fresh, fresh]);
  });

  it('gives its memory back past a raster a paint left alive, which still draws (JS loops on the old memory)', async () => {
    expect(await setRasterWasm(true)).toBe(true);
    releaseRasterPools();
    expect(await setRasterWasm(true)).toBe(true);
    const fresh = rasterWasmMemoryBytes();
    const e = new Float32Array([10.5, 4, 50.25, 30.75, 50.25, 30.75, 5, 40, 5, 40, 10.5, 4]);
    // a paint that threw: its raster never released
    const left = newOutlineRaster(256, 256);
    rasterFillEdges(left, e, 1, 0, 0, 3);
    expect(rasterWasmMemoryBytes()).toBeGreaterThan(fresh);
    releaseRasterPools();
    expect(await setRasterWasm(true)).toBe(true);
    expect(rasterWasmMemoryBytes()).toBe(fresh);
    // the raster left alive goes on with the JS loops; a new one is in the new instance
    rasterSegments(left, e, 1, 0, 0, 3);
    const fresh2 = newOutlineRaster(256, 256);
    expect(fresh2.wc).toBeTruthy();
    releaseOutlineRaster(fresh2);
    await setRasterWasm(false);
    const ref = newOutlineRaster(256, 256);
    rasterFillEdges(ref, e, 1, 0, 0, 3);
    rasterSegments(ref, e, 1, 0, 0, 3);
    let d = 0;
    for (let i = 0; i < ref.cov.length; i++) if (ref.cov[i] !== left.cov[i]) d++;
    for (let i = 0; i < ref.fill.length; i++) if (ref.fill[i] !== left.fill[i]) d++;
    expect(d).toBe(0);
    expect(left.cov.some((v) => v > 0)).toBe(true);
    releaseOutlineRaster(left);
    releaseOutlineRaster(ref);
  });

  it('reuses freed memory: a big free block holds several small planes, neighbours freed together hold a big one', async () => {
    releaseRasterPools();
    expect(await setRasterWasm(true)).toBe(true);
    // two 256² tile rasters (1 MB + 256 KB each): one pooled, one freed (its two blocks free)
    // and a 240² raster (the one each round draws with, 460 KB)
    const t1 = takeTileRaster(256, 256);
    const t2 = takeTileRaster(256, 256);
    const r0 = newOutlineRaster(240, 240);
    releaseTileRaster(t1);
    releaseTileRaster(t2);
    releaseOutlineRaster(r0);
    const top = rasterWasmMemoryBytes();
    const e = new Float32Array([10.5, 4, 50.25, 30.75, 50.25, 30.75, 5, 40, 5, 40, 10.5, 4]);
    const grew: string[] = [];
    for (let round = 0; round < 6; round++) {
      // a tile's colour groups: rasters of ~80 KB each (10 of them, ~0.8 MB) alive at once, as a
      // job sliced over tasks holds them; they fit in the freed tile raster's 1.25 MB
      const rs = Array.from({ length: 10 }, (_, i) => newOutlineRaster(100 + (i % 3), 100));
      if (rasterWasmMemoryBytes() !== top) grew.push(`round ${round}: small planes to ${rasterWasmMemoryBytes()}`);
      // each plane its own bytes, and clear (blocks split and merged hold only cleared bytes)
      const blocks = rs
        .flatMap((r) => [
          [r.wc!, r.cov.byteLength],
          [r.wf!, r.fill.byteLength],
        ])
        .sort((x, y) => x[0]! - y[0]!);
      for (let i = 1; i < blocks.length; i++)
        expect(blocks[i]![0]).toBeGreaterThanOrEqual(blocks[i - 1]![0]! + blocks[i - 1]![1]!);
      for (const r of rs) expect(r.cov.some((v) => v !== 0) || r.fill.some((v) => v !== 0)).toBe(false);
      for (const r of rs) releaseOutlineRaster(r);
      // then a tile raster of another size (900 KB + 225 KB), in the blocks the small ones left
      const t = takeTileRaster(240 - round, 240);
      if (rasterWasmMemoryBytes() !== top) grew.push(`round ${round}: tile raster to ${rasterWasmMemoryBytes()}`);
      expect(t.px.some((v) => v !== 0)).toBe(false);
      // something drawn in each round, so that a block given back not clear would show in the next
      const r = newOutlineRaster(t.w, t.h);
      rasterSegments(r, e, 1, 0, 0, 3);
      rasterFillEdges(r, e, 1, 0, 0, 3);
      composeInto(r, t, '#ff3b30', '#34c759');
      releaseOutlineRaster(r);
      expect(flushTileRaster(t, new ImageData(t.w, t.h))).not.toBeNull();
      releaseTileRaster(t); // the pool holds the 256² one: freed
      if (rasterWasmMemoryBytes() !== top) grew.push(`round ${round}: drawing to ${rasterWasmMemoryBytes()}`);
    }
    // the memory never grew past what the first rasters took
    expect(grew).toEqual([]);
  });

  it('random rasters taken and given back: planes never overlap and come clear; all given back, the memory holds one as big', async () => {
    releaseRasterPools();
    expect(await setRasterWasm(true)).toBe(true);
    let s = 7;
    const rnd = (n: number) => {
      s = (s * 16807) % 2147483647;
      return s % n;
    };
    const e = new Float32Array([10.5, 4, 50.25, 30.75, 50.25, 30.75, 5, 40, 5, 40, 10.5, 4]);
    const live: ReturnType<typeof newOutlineRaster>[] = [];
    for (let step = 0; step < 400; step++) {
      if (live.length && (live.length >= 12 || rnd(2))) {
        releaseOutlineRaster(live.splice(rnd(live.length), 1)[0]!);
        continue;
      }
      const r = newOutlineRaster(8 + rnd(200), 8 + rnd(200));
      expect(r.cov.some((v) => v !== 0) || r.fill.some((v) => v !== 0), `step ${step}: clear`).toBe(false);
      rasterSegments(r, e, 1, 0, 0, 3); // dirtied: its release clears it
      rasterFillEdges(r, e, 1, 0, 0, 3);
      live.push(r);
      const blocks = live
        .flatMap((q) => [
          [q.wc!, q.cov.byteLength],
          [q.wf!, q.fill.byteLength],
        ])
        .sort((x, y) => x[0]! - y[0]!);
      for (let i = 1; i < blocks.length; i++)
        expect(blocks[i]![0], `step ${step}: overlap`).toBeGreaterThanOrEqual(blocks[i - 1]![0]! + blocks[i - 1]![1]!);
    }
    for (const r of live.splice(0)) releaseOutlineRaster(r);
    // everything back in one piece: a tile raster (20 bytes a pixel) as big as the memory past the
    // scratch (64 KB) fits without growing it
    const bytes = rasterWasmMemoryBytes();
    const side = Math.floor(Math.sqrt((bytes - 65536 - 1024) / 20));
    expect(side).toBeGreaterThan(200);
    const t = takeTileRaster(side, side);
    expect(rasterWasmMemoryBytes()).toBe(bytes);
    expect(t.px.some((v) => v !== 0)).toBe(false);
    releaseTileRaster(t);
  });

  it('a new instance that fails to be made is caught, and made at the next release', async () => {
    expect(await setRasterWasm(true)).toBe(true);
    const spy = vi.spyOn(WebAssembly, 'instantiate').mockRejectedValueOnce(new RangeError('out of memory'));
    try {
      // (an unhandled rejection here fails the run)
      releaseRasterPools();
      await vi.waitFor(() => expect(spy).toHaveBeenCalledTimes(1));
      await new Promise((r) => setTimeout(r, 0));
      expect(rasterWasmActive()).toBe(false);
      // the worker asks once at start: the next idle release makes it
      releaseRasterPools();
      await vi.waitFor(() => expect(rasterWasmActive()).toBe(true));
      expect(spy).toHaveBeenCalledTimes(2);
      expect(await setRasterWasm(true)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps the planes of rasters alive while its memory grows', async () => {
    releaseRasterPools();
    expect(await setRasterWasm(true)).toBe(true);
    const e = new Float32Array(
      polygonScene(60, 500, 500, 9, 5, 40).flatMap((p) => {
        const q: number[] = [];
        p.ring.forEach((v, i) => {
          const w = p.ring[(i + 1) % p.ring.length]!;
          q.push(v.x, v.y, w.x, w.y);
        });
        return q;
      }),
    );
    const n = e.length / 4;
    const a = newOutlineRaster(500, 500);
    rasterFillEdges(a, e, 1, 0, 0, n);
    rasterSegments(a, e, 1, 0, 0, n >> 1);
    const buf = a.cov.buffer;
    // more rasters (~2 MB each) than the memory holds: it grows, a's views are made again
    const more = Array.from({ length: 4 }, () => newOutlineRaster(500, 500));
    expect(a.cov.buffer).not.toBe(buf);
    rasterSegments(a, e, 1, 0, 0, n);
    for (const m of more) releaseOutlineRaster(m);
    // the same planes as a raster drawn by the JS loops
    await setRasterWasm(false);
    const b = newOutlineRaster(500, 500);
    rasterFillEdges(b, e, 1, 0, 0, n);
    rasterSegments(b, e, 1, 0, 0, n);
    expect(a.wc && !b.wc).toBeTruthy();
    const same = (x: Float32Array, y: Float32Array) => {
      const u = new Uint32Array(x.buffer, x.byteOffset, x.length);
      const v = new Uint32Array(y.buffer, y.byteOffset, y.length);
      let d = 0;
      for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) d++;
      return d;
    };
    expect(same(a.cov, b.cov)).toBe(0);
    expect(same(a.fill, b.fill)).toBe(0);
    expect(a.cov.some((v) => v > 0) && a.fill.some((v) => v !== 0)).toBe(true);
    expect([a.x0, a.y0, a.x1, a.y1, a.fx0, a.fx1, a.fy0, a.fy1]).toEqual([
      b.x0,
      b.y0,
      b.x1,
      b.y1,
      b.fx0,
      b.fx1,
      b.fy0,
      b.fy1,
    ]);
    releaseOutlineRaster(a);
    releaseOutlineRaster(b);
    expect(rasterWasmActive()).toBe(false);
  });
});
