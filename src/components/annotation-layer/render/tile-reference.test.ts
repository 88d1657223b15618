// The tile renderer against an independent reference: a plain canvas drawing of the same polygons
// (render-test-utils.ts: every vertex, at device resolution, no tiles). Frames after eviction, after
// a shape changed while its tile was out of the cache, and frames that borrow other levels' tiles
// are compared with it; the frame stats count borrowed and missing tiles on known scenarios.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { DlView } from '../../internal/view.js';
import { blockDiff, canvas, exactDiff, polygonScene, referenceRender, rendererOf } from './render-test-utils.js';
import { tileRange } from './tile-renderer.js';

const W = 512;
const H = 384;
/** Shapes everywhere (no empty tile) in a 1400×1100 image. */
const SCENE = polygonScene(260, 1400, 1100);

function frame(r: ReturnType<typeof rendererOf>, view: DlView, opts = {}, w = W, h = H) {
  const { c, ctx } = canvas(w, h);
  const complete = r.draw(ctx, view, w, h, 1, opts);
  return { c, complete, stats: { ...r.frameStats } };
}

describe('tiles against an independent reference drawing', () => {
  it('a complete frame matches the reference, and the comparison catches a missing or wrong shape', () => {
    const view = { scale: 0.8, x: -100, y: -60 };
    const r = rendererOf(SCENE);
    const f = frame(r, view, { sync: true });
    expect(f.complete).toBe(true);
    const ref = referenceRender(SCENE, view, W, H);
    const d = blockDiff(f.c, ref);
    expect(d.bad).toBe(0);
    // The comparison sees one shape fewer.
    const onScreen = (q: { x: number; y: number }) =>
      q.x * 0.8 - 100 > 20 && q.y * 0.8 - 60 > 20 && q.x * 0.8 - 100 < W - 20 && q.y * 0.8 - 60 < H - 20;
    const visible = SCENE.findIndex((p) => p.ring.every(onScreen));
    const without = referenceRender(
      SCENE.filter((_, i) => i !== visible),
      view,
      W,
      H,
    );
    expect(blockDiff(f.c, without).bad).toBeGreaterThan(0);
  });

  it('tiles evicted and painted again, and a shape moved while its tile was evicted, match the reference', () => {
    const scene = SCENE.map((p) => ({ ...p, ring: [...p.ring] }));
    const r = rendererOf(scene);
    r.maxTiles = 4; // fewer than one view shows: every view evicts the last one's tiles
    const views = [
      { scale: 1, x: 0, y: 0 },
      { scale: 1, x: -700, y: 0 },
      { scale: 1, x: -700, y: -600 },
      { scale: 1, x: 0, y: -600 },
    ];
    const painted: number[] = [];
    for (const [i, view] of [...views, views[0]!].entries()) {
      const before = r.tilesRendered;
      const f = frame(r, view, { sync: true });
      painted.push(r.tilesRendered - before);
      expect(f.complete).toBe(true);
      // Only the visible tiles are kept beyond the limit.
      const [tx0, ty0, tx1, ty1] = tileRange(view, W, H, 1);
      expect(r.cache.size).toBeLessThanOrEqual(Math.max(4, (tx1 - tx0 + 1) * (ty1 - ty0 + 1)));
      expect(blockDiff(f.c, referenceRender(scene, view, W, H)).bad, `view ${i}`).toBe(0);
    }
    // The first view's tiles were evicted, so coming back painted them all again.
    expect(painted.at(-1)).toBe(painted[0]);
    expect(painted[0]).toBe(6);
    // Move a polygon of the first view while the renderer shows the third (its tiles are not cached).
    frame(r, views[2]!, { sync: true });
    const k = scene.findIndex(
      (p) => p.ring[0]!.x > 60 && p.ring[0]!.x < 400 && p.ring[0]!.y > 60 && p.ring[0]!.y < 300,
    );
    const moved = scene[k]!.ring.map((q) => ({ x: q.x + 90, y: q.y + 40 }));
    const old = scene[k]!.ring;
    scene[k] = { ...scene[k]!, ring: moved };
    r.set(k, parseShape('segment', [moved]), scene[k]!.color, k);
    const back = frame(r, views[0]!, { sync: true });
    expect(blockDiff(back.c, referenceRender(scene, views[0]!, W, H)).bad).toBe(0);
    // ...and not the old picture.
    const stale = scene.map((p, i) => (i === k ? { ...p, ring: old } : p));
    expect(blockDiff(back.c, referenceRender(stale, views[0]!, W, H)).bad).toBeGreaterThan(0);
  });

  it('a frame whose level is not painted yet borrows the coarser level: counted, and the shapes are where they belong', () => {
    const r = rendererOf(SCENE);
    const wide = { scale: 0.5, x: 0, y: 0 };
    expect(frame(r, wide, { sync: true }).complete).toBe(true);
    // Zoom in 2x on the middle: level 0, nothing painted there (busy: no tile may be painted now).
    const zoomed = { scale: 1, x: -150, y: -120 };
    const f = frame(r, zoomed, { busy: true });
    const [tx0, ty0, tx1, ty1] = tileRange(zoomed, W, H, 1);
    const cells = (tx1 - tx0 + 1) * (ty1 - ty0 + 1);
    expect(cells).toBeLessThanOrEqual(12);
    expect(f.complete).toBe(false);
    expect(f.stats).toMatchObject({ level: 0, ideal: 0, tiles: cells, borrowed: cells, missing: 0 });
    // Blurry (magnified 2x) but every shape where it is: close to the reference at block level.
    const ref = referenceRender(SCENE, zoomed, W, H);
    const d = blockDiff(f.c, ref, 16, 40);
    expect(d.bad / d.blocks).toBeLessThan(0.02);
    // ...and far from an empty frame (the comparison would see missing tiles).
    expect(blockDiff(canvas(W, H).c, ref, 16, 40).bad / d.blocks).toBeGreaterThan(0.2);
    // Once painted, the same view is exact: equal to a fresh renderer's frame.
    const done = frame(r, zoomed, { sync: true });
    expect(done.stats).toMatchObject({ borrowed: 0, missing: 0 });
    expect(exactDiff(done.c, frame(rendererOf(SCENE), zoomed, { sync: true }).c).diff).toBe(0);
  });

  it('a level switch makes at most newPlaceholders placeholders a frame: with more tiles missing, the complete coarser level shows whole, none blank', () => {
    // A 768×576 view: 4×3 tiles at level 0, all of them placeholders at once without the bound.
    const [w, h] = [768, 576];
    const wide = { scale: 0.5, x: 0, y: 0 };
    const zoomed = { scale: 1, x: -150, y: -120 };
    const [tx0, ty0, tx1, ty1] = tileRange(zoomed, w, h, 1);
    expect([tx0, ty0, tx1, ty1]).toEqual([0, 0, 3, 2]);
    const cells = 12;
    // Level -1 (the whole image at 0.5: 700×550, inside the view) shows the zoomed view in these tiles.
    const [c0, d0, c1, d1] = tileRange(zoomed, w, h, 0.5);
    const coarse = (c1 - c0 + 1) * (d1 - d0 + 1);
    const ref = referenceRender(SCENE, zoomed, w, h);
    const blankRef = blockDiff(canvas(w, h).c, ref, 16, 40);
    expect(blankRef.bad / blankRef.blocks).toBeGreaterThan(0.2);
    /** No hole: blurry at most, every shape where it is (a blank tile is ~1/12 of the view). */
    const holeless = (c: HTMLCanvasElement) => {
      const d = blockDiff(c, ref, 16, 40);
      return d.bad / d.blocks < 0.02;
    };
    const r = rendererOf(SCENE);
    expect(frame(r, wide, { sync: true }, w, h).complete).toBe(true);
    // The switch with 12 tiles missing: 4 placeholders would leave 8 tiles blank; level -1 shows whole.
    for (let i = 0; i < 3; i++) {
      const f = frame(r, zoomed, { busy: true, newPlaceholders: 4 }, w, h);
      expect(f.stats).toMatchObject({ level: -1, ideal: 0, tiles: coarse, borrowed: coarse, missing: 0 });
      expect(holeless(f.c)).toBe(true);
    }
    /** Paints level 0 over image x 150..150+pw, y 120..120+ph, then shows level -1 again (the last level). */
    const paint = (pw: number, ph: number) => {
      expect(frame(r, zoomed, { sync: true }, pw, ph).stats.level).toBe(0);
      expect(frame(r, wide, { sync: true }, w, h).stats.level).toBe(-1);
    };
    // 6 painted (tiles 0-2 × 0-1), 6 missing: still more than 4 new placeholders, still level -1.
    paint(512, 384);
    const six = frame(r, zoomed, { busy: true, newPlaceholders: 4 }, w, h);
    expect(six.stats).toMatchObject({ level: -1, ideal: 0, borrowed: coarse, missing: 0 });
    // 8 painted (tiles 0-3 × 0-1), 4 missing: the switch, 4 placeholders, none blank.
    paint(768, 384);
    const four = frame(r, zoomed, { busy: true, newPlaceholders: 4 }, w, h);
    expect(four.stats).toMatchObject({ level: 0, ideal: 0, tiles: cells, borrowed: 4, missing: 0 });
    expect(holeless(four.c)).toBe(true);
    // The next frames keep them (no new placeholder needed).
    expect(frame(r, zoomed, { busy: true, newPlaceholders: 4 }, w, h).stats).toMatchObject({
      level: 0,
      borrowed: 4,
      missing: 0,
    });
    // Without the bound the switch borrows every tile at once.
    const r2 = rendererOf(SCENE);
    frame(r2, wide, { sync: true }, w, h);
    const all = frame(r2, zoomed, { busy: true }, w, h);
    expect(all.stats).toMatchObject({ level: 0, ideal: 0, tiles: cells, borrowed: cells, missing: 0 });
    expect(holeless(all.c)).toBe(true);
  });

  it('a pan at its level revealing more tiles than placeholders may show shows the complete coarser level whole, none blank', () => {
    const [w, h] = [1280, 800];
    const r = rendererOf(SCENE);
    // Level -1 over the whole image (1400×1100 at 0.5: 700×550, inside the view).
    expect(frame(r, { scale: 0.5, x: 0, y: 0 }, { sync: true }, w, h).complete).toBe(true);
    // Level 0 on a small view: the frame's level is now the ideal one, 4 of its tiles painted.
    const a = frame(r, { scale: 1, x: 0, y: 0 }, { sync: true }, 512, 384);
    expect(a.complete).toBe(true);
    expect(a.stats.level).toBe(0);
    // The full view at the same level: image x 120..1400, y 300..1100 (tiles 0-5 × 1-4; 0-1 × 1 painted).
    const view = { scale: 1, x: -120, y: -300 };
    const [tx0, ty0, tx1, ty1] = tileRange(view, w, h, 1);
    expect([tx0, ty0, tx1, ty1]).toEqual([0, 1, 5, 4]);
    const unpainted = (tx1 - tx0 + 1) * (ty1 - ty0 + 1) - 2;
    expect(unpainted).toBeGreaterThan(12); // more than the placeholders a frame shows
    const f = frame(r, view, { busy: true }, w, h);
    // Level -1 whole: every tile borrowed (magnified 2x), none missing.
    const [c0, d0, c1, d1] = tileRange(view, w, h, 0.5);
    expect(f.stats).toMatchObject({ level: -1, ideal: 0, missing: 0, tiles: (c1 - c0 + 1) * (d1 - d0 + 1) });
    expect(f.stats.borrowed).toBe(f.stats.tiles);
    // Blurry but every shape where it is, no hole: close to the reference at block level.
    const ref = referenceRender(SCENE, view, w, h);
    const d = blockDiff(f.c, ref, 16, 40);
    expect(d.bad / d.blocks).toBeLessThan(0.02);
    expect(blockDiff(canvas(w, h).c, ref, 16, 40).bad / d.blocks).toBeGreaterThan(0.2);
  });

  it('shows a tile from its four finer tiles when zooming out (sharp: finer), borrows where only some are cached, and counts a tile with no other level as missing', () => {
    const r = rendererOf(SCENE);
    const near = { scale: 1, x: -300, y: -200 };
    expect(frame(r, near, { sync: true }).complete).toBe(true);
    const far = { scale: 0.5, x: 0, y: 0 };
    const f = frame(r, far, { busy: true });
    // Expected from the tile grid alone: a level -1 cell shows its 4 children when all are cached
    // (finer: downscaled 2-4x, sharp), borrows when only some are.
    const cached = new Set<string>();
    const [a0, b0, a1, b1] = tileRange(near, W, H, 1);
    for (let y = b0; y <= b1; y++) for (let x = a0; x <= a1; x++) cached.add(`${x},${y}`);
    const [tx0, ty0, tx1, ty1] = tileRange(far, W, H, 0.5);
    let finer = 0;
    let borrowed = 0;
    let missing = 0;
    for (let y = ty0; y <= ty1; y++)
      for (let x = tx0; x <= tx1; x++) {
        const kids = [0, 1, 2, 3].filter((i) => cached.has(`${2 * x + (i & 1)},${2 * y + (i >> 1)}`)).length;
        if (kids === 4) finer++;
        else if (kids) borrowed++;
        else missing++;
      }
    expect(finer).toBeGreaterThan(0);
    expect(borrowed).toBeGreaterThan(0);
    expect(missing).toBeGreaterThan(0);
    expect(f.stats).toMatchObject({
      level: -1,
      ideal: -1,
      finer,
      borrowed,
      missing,
      tiles: finer + borrowed + missing,
    });
    expect(f.complete).toBe(false);
    // Where the finer tiles were, the frame matches the reference; where nothing was, it is empty.
    const ref = referenceRender(SCENE, far, W, H);
    const inNear = (q: { x: number; y: number }) => q.x > 300 && q.x < 300 + W && q.y > 200 && q.y < 200 + H;
    const innerScene = SCENE.filter((p) => p.ring.every(inNear));
    expect(innerScene.length).toBeGreaterThan(5);
    // Crop both to the near view's area (image 300..812 × 200..584 → screen 150..406 × 100..292).
    const crop = (c: HTMLCanvasElement) => {
      const o = canvas(256, 192);
      o.ctx.drawImage(c, 150, 100, 256, 192, 0, 0, 256, 192);
      return o.c;
    };
    const d = blockDiff(crop(f.c), crop(ref), 16, 40);
    expect(d.bad / d.blocks).toBeLessThan(0.05);
    // A fresh renderer shows nothing and says so.
    const empty = rendererOf(SCENE);
    const e = frame(empty, far, { busy: true });
    expect(e.stats).toMatchObject({ borrowed: 0, missing: (tx1 - tx0 + 1) * (ty1 - ty0 + 1) });
    expect(exactDiff(e.c, canvas(W, H).c).painted).toBe(0);
  });

  it('the sharpness bound: a finer level kept whole one level up is sharp (finer: 0, borrowed: 0), two levels up counts every tile borrowed', () => {
    // Level 0 cached over the whole image (1400×1100 at 1 px per image px).
    const r = rendererOf(SCENE);
    expect(frame(r, { scale: 1, x: 0, y: 0 }, { sync: true }, 1400, 1100).complete).toBe(true);
    // Zoomed out to 0.4 (ideal level -1): level 0 still covers the view and is kept, downscaled 2.5x.
    const one = frame(r, { scale: 0.4, x: 0, y: 0 }, { busy: true });
    expect(one.stats).toMatchObject({ level: 0, ideal: -1, finer: 0, borrowed: 0, missing: 0 });
    // To 0.24 (ideal -2), a view inside the image: level 0 is kept whole again, now downscaled 4.2x:
    // past FINER_SHARP, all borrowed.
    const two = frame(r, { scale: 0.24, x: 0, y: 0 }, { busy: true }, 330, 260);
    expect(two.stats.level).toBe(0);
    expect(two.stats.ideal).toBe(-2);
    expect(two.stats.tiles).toBeGreaterThan(0);
    expect(two.stats.borrowed).toBe(two.stats.tiles);
    expect(two.complete).toBe(false);
  });

  it('with many tiles missing after a big zoom in, shows the whole coarser level (borrowed, magnified) instead of holes', () => {
    const r = rendererOf(SCENE);
    const w = 1024;
    const h = 768;
    const wide = { scale: 0.6, x: 0, y: 0 };
    expect(frame(r, wide, { sync: true }, w, h).stats.level).toBe(0);
    // 2.5x: level 1 would need ~50 tiles; the whole of level 0 is cached and covers the view.
    const zoomed = { scale: 1.5, x: -300, y: -200 };
    const f = frame(r, zoomed, { busy: true }, w, h);
    const [tx0, ty0, tx1, ty1] = tileRange(zoomed, w, h, 1);
    const cells = (tx1 - tx0 + 1) * (ty1 - ty0 + 1);
    expect(f.stats).toMatchObject({ level: 0, ideal: 1, tiles: cells, borrowed: cells, missing: 0 });
    const d = blockDiff(f.c, referenceRender(SCENE, zoomed, w, h), 16, 40);
    expect(d.bad / d.blocks).toBeLessThan(0.02);
  });
});
