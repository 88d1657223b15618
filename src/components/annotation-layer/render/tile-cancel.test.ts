// The worker's requests that no frame needs any more are cancelled, and the main thread never paints
// a tile the worker holds: it takes the one the worker would reach last over, cancelling it first.
// A cancelled request's late result (the worker had begun it) is shown only if nothing changed in
// its tile since: a frame then still equals a from-scratch render. Read from a recording producer.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { DlView } from '../../internal/view.js';
import { canvas, exactDiff, polygonScene, recorder, rendererOf } from './render-test-utils.js';
import { TILE, tileRect } from './tile-painter.js';
import { type TileRenderer, tileRange } from './tile-renderer.js';

const W = 512;
const H = 384;
/** Dense: every tile holds far more shapes than the main thread paints at once. */
const scene = () => polygonScene(3000, 2048, 2048, 5, 10, 30);

/** The frame of `view` drawn by `r` into a fresh canvas. */
function show(r: TileRenderer, view: DlView, opts: Parameters<TileRenderer['draw']>[5]) {
  const { c, ctx } = canvas(W, H);
  const complete = r.draw(ctx, view, W, H, 1, opts);
  return { c, complete };
}

/** Tile (z, tx, ty) of `r` as the worker would send it. */
async function bitmapOf(r: TileRenderer, z: number, tx: number, ty: number): Promise<ImageBitmap> {
  const { c, ctx } = canvas(TILE, TILE);
  const t = r.renderTile(z, tx, ty);
  ctx.drawImage(t, 0, 0);
  return createImageBitmap(c);
}

describe('cancelled tile requests', () => {
  it('a view left behind has its requests cancelled; a late result is shown only if its tile did not change', async () => {
    const s = scene();
    const r = rendererOf(s);
    const p = recorder();
    r.setProducer(p);
    const a: DlView = { scale: 1, x: -200, y: -200 };
    // At rest with no main-thread time: the visible tiles (and the ring) go to the worker.
    show(r, a, { budgetMs: 0 });
    const asked = [...p.asked];
    expect(asked.length).toBeGreaterThan(4);
    expect(p.cancelled).toEqual([]);
    // The view jumps far away and zooms out: nothing asked for view a is wanted any more.
    const b: DlView = { scale: 0.5, x: -400, y: -500 };
    show(r, b, { budgetMs: 0 });
    const [tx0, ty0, tx1, ty1] = tileRange(a, W, H, 1);
    const visibleA = asked.filter((k) => {
      const [z, tx, ty] = k.split(',').map(Number) as [number, number, number];
      return z === 0 && tx >= tx0 && tx <= tx1 && ty >= ty0 && ty <= ty1;
    });
    expect(visibleA.length).toBeGreaterThan(0);
    for (const k of visibleA) expect(p.cancelled, k).toContain(k);
    // Two of them come back late (the worker had begun them), painted from the scene as it was.
    const seqs = new Map(p.seqs);
    const [changedKey, keptKey] = [visibleA[0]!, visibleA.at(-1)!];
    const [cz, cx, cy] = changedKey.split(',').map(Number) as [number, number, number];
    const [kz, kx, ky] = keptKey.split(',').map(Number) as [number, number, number];
    const old = rendererOf(s);
    const changedOld = await bitmapOf(old, cz, cx, cy);
    const keptOld = await bitmapOf(old, kz, kx, ky);
    // Meanwhile a shape inside the first tile (and no other of the view) moves.
    const rect = tileRect(cz, cx, cy);
    const inside = s.findIndex((q) =>
      q.ring.every((v) => v.x > rect.minX + 40 && v.x < rect.maxX - 40 && v.y > rect.minY + 40 && v.y < rect.maxY - 40),
    );
    expect(inside).toBeGreaterThanOrEqual(0);
    const moved = s.map((q, i) =>
      i === inside ? { ...q, ring: q.ring.map((v) => ({ x: v.x + 12, y: v.y + 9 })) } : q,
    );
    r.set(inside, parseShape('segment', [moved[inside]!.ring]), moved[inside]!.color, inside);
    const rendered = r.tilesRendered;
    r.receive(changedKey, changedOld, seqs.get(changedKey)!);
    expect(r.cache.peek(changedKey), 'a stale late result is dropped').toBeUndefined();
    r.receive(keptKey, keptOld, seqs.get(keptKey)!);
    expect(r.cache.fresh(keptKey), 'an unchanged late result is used').toBe(true);
    expect(r.tilesRendered).toBe(rendered + 1);
    // Back at view a: the frame equals a from-scratch render of the changed scene (the stale tile
    // was never shown; the late one that was kept is exact).
    const back = show(r, a, { sync: true });
    expect(back.complete).toBe(true);
    const fresh = show(rendererOf(moved), a, { sync: true });
    expect(exactDiff(back.c, fresh.c).diff).toBe(0);
    // The test can fail: the old scene's frame differs from it.
    expect(exactDiff(show(rendererOf(s), a, { sync: true }).c, fresh.c).diff).toBeGreaterThan(0);
  });

  it('at rest the main thread takes over a tile the worker holds only after cancelling it; the frame is exact', () => {
    const s = scene();
    const r = rendererOf(s);
    const rec = recorder();
    // A worker that takes three tiles at once and never answers: the main thread must finish alone.
    const p = { ...rec, capacity: 3 };
    r.setProducer(p);
    const view: DlView = { scale: 1, x: -300, y: -300 };
    let frame = show(r, view, { budgetMs: 2 });
    const seen = new Set<string>();
    for (let n = 0; n < 2000 && !frame.complete; n++) {
      // Whatever the worker holds now is not painted on the main thread before it is cancelled.
      const held = [...rec.asked].filter((k) => !rec.cancelled.includes(k));
      const before = new Map(held.map((k) => [k, r.cache.fresh(k)]));
      frame = show(r, view, { budgetMs: 2 });
      for (const [k, was] of before)
        if (!was && r.cache.fresh(k)) {
          expect(rec.cancelled, `${k} painted while the worker held it`).toContain(k);
          seen.add(k);
        }
    }
    expect(frame.complete).toBe(true);
    // It did take tiles over.
    expect(seen.size).toBeGreaterThan(0);
    // And the frame is exact.
    const ref = show(rendererOf(s), view, { sync: true });
    expect(exactDiff(frame.c, ref.c).diff).toBe(0);
  });
  it("leaves a tile the outline rasteriser paints to the worker, also at rest with time to spare, and a frame of the worker's tiles equals a from-scratch render", async () => {
    // Level -2 at a quarter scale: the four visible tiles hold ~750 polygons each (dense, coarse)
    const s = scene();
    const r = rendererOf(s);
    const p = recorder();
    r.setProducer(p);
    const v: DlView = { scale: 0.25, x: 0, y: 0 };
    for (let i = 0; i < 3; i++) show(r, v, { budgetMs: 1000 });
    const dense = ['-2,0,0', '-2,1,0', '-2,0,1', '-2,1,1'];
    for (const k of dense) {
      expect(p.asked, k).toContain(k);
      expect(r.cache.peek(k), `the main thread did not paint ${k}`).toBeUndefined();
    }
    expect(p.cancelled.filter((k) => k.startsWith('-2,'))).toEqual([]);
    // The worker's tiles (its rasteriser is the page's, byte for byte: tile-worker.test.ts)
    const ref = rendererOf(s);
    for (const k of dense) {
      const [z, tx, ty] = k.split(',').map(Number) as [number, number, number];
      r.receive(k, await bitmapOf(ref, z, tx, ty), p.seqs.get(k)!);
    }
    const got = show(r, v, {});
    expect(got.complete).toBe(true);
    const want = show(rendererOf(s), v, { sync: true });
    const d = exactDiff(got.c, want.c);
    expect(d.painted).toBeGreaterThan(0);
    expect(d.diff).toBe(0);
  });
});
