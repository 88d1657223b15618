// Selecting a shape takes it out of the tiles (it is drawn live): its tiles keep showing their old
// pixels, counted stale, until painted again — a dense tile never leaves a hole under the shape
// the user is about to drag. During an edit (busy) nothing is painted (the worker's queue is
// cancelled), and editing the live shape leaves every tile as it is.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { DlView } from '../../internal/view.js';
import {
  blockDiff,
  canvas,
  exactDiff,
  polygonScene,
  recorder,
  referenceRender,
  rendererOf,
} from './render-test-utils.js';
import type { TileRenderer } from './tile-renderer.js';

const W = 512;
const H = 384;
const view: DlView = { scale: 1, x: -300, y: -200 };

/**
 * A dense scene (every tile holds far more shapes than the main thread paints at once), all wound
 * the same way (the renderer fills a colour's polygons as one nonzero path, the reference one by one).
 */
const scene = () =>
  polygonScene(3000, 1536, 1280, 5, 10, 30).map((p) => {
    let area = 0;
    p.ring.forEach((q, i) => {
      const r = p.ring[(i + 1) % p.ring.length]!;
      area += q.x * r.y - r.x * q.y;
    });
    return area < 0 ? { ...p, ring: [...p.ring].reverse() } : p;
  });

/** Share of 8x8 blocks off the reference (level of detail moves an outline by a pixel here and there). */
const badShare = (a: HTMLCanvasElement, b: HTMLCanvasElement) => {
  const d = blockDiff(a, b);
  return d.bad / d.blocks;
};

function show(r: TileRenderer, opts: Parameters<TileRenderer['draw']>[5]): { c: HTMLCanvasElement; complete: boolean } {
  const { c, ctx } = canvas(W, H);
  const complete = r.draw(ctx, view, W, H, 1, opts);
  return { c, complete };
}

/** The index of a polygon well inside the view. */
function inView(s: ReturnType<typeof scene>): number {
  const i = s.findIndex((p) => p.ring.every((q) => q.x > 500 && q.x < 700 && q.y > 350 && q.y < 500));
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

describe('stale tiles of a selected shape', () => {
  it('keep showing until painted again, counted stale; then the frame equals the reference without the shape', () => {
    const s = scene();
    const r = rendererOf(s);
    const before = show(r, { sync: true });
    expect(before.complete).toBe(true);
    // (Dense same-colour overlaps fill as one union in the tiles, so the reference is a from-scratch
    // renderer below; this one only shows the shape is where it should be.)
    expect(badShare(before.c, referenceRender(s, view, W, H))).toBeLessThan(0.1);
    const i = inView(s);
    r.setExcluded([i]);
    // An edit frame paints nothing: the old pixels (the shape still in them) show, nothing is missing.
    const during = show(r, { busy: true });
    expect(during.complete).toBe(false);
    expect(r.frameStats.stale).toBeGreaterThan(0);
    expect(r.frameStats.missing).toBe(0);
    expect(r.frameStats.borrowed).toBe(0);
    expect(exactDiff(during.c, before.c).diff).toBe(0);
    // Painted again: the shape has left the tiles (it is drawn live by the layer).
    const fresh = rendererOf(s);
    fresh.setExcluded([i]);
    const without = show(fresh, { sync: true }).c;
    expect(blockDiff(during.c, without).bad).toBeGreaterThan(0);
    let last = during;
    for (let n = 0; n < 500 && !last.complete; n++) last = show(r, { budgetMs: 0 });
    expect(last.complete).toBe(true);
    expect(r.frameStats.stale).toBe(0);
    expect(exactDiff(last.c, without).diff).toBe(0);
  });

  it('an edit cancels the worker requests not started and asks for nothing; at its end stale and missing tiles are asked for', () => {
    const s = scene();
    const r = rendererOf(s);
    // Only part of the view painted: tiles left and right of the shape are missing.
    const p = recorder();
    show(r, { sync: true });
    const far: DlView = { scale: 1, x: -700, y: -200 };
    r.setProducer(p);
    const { ctx } = canvas(W, H);
    // At rest, the worker is asked for the missing tiles (and the ring around the view).
    r.draw(ctx, far, W, H, 1, { budgetMs: 0 });
    const before = [...p.asked];
    expect(before.length).toBeGreaterThan(0);
    r.setExcluded([inView(s)]);
    r.draw(ctx, far, W, H, 1, { busy: true });
    const stale = r.frameStats.stale;
    expect(stale).toBeGreaterThan(0);
    expect(r.frameStats.missing + r.frameStats.borrowed).toBeGreaterThan(0);
    // The requests not started are cancelled; nothing new is asked for.
    expect(p.cancelled.sort()).toEqual([...before].sort());
    expect(p.asked.length).toBe(before.length);
    // The edit ends: the missing tiles and the stale ones are asked for.
    const key = before[0]!; // the visible missing tile nearest the centre
    const old = p.seqs.get(key)!;
    r.draw(ctx, far, W, H, 1, { budgetMs: 0 });
    const after = p.asked.slice(before.length);
    expect(after).toContain(key);
    const stales = after.filter((k) => r.cache.peek(k)?.stale);
    expect(stales.length).toBe(stale);
    // A stale tile's result replaces it.
    const rendered = r.tilesRendered;
    r.receive(stales[0]!, null, p.seqs.get(stales[0]!)!);
    expect(r.tilesRendered).toBe(rendered + 1);
    expect(r.cache.fresh(stales[0]!)).toBe(true);
    // A late result of the request cancelled during the edit (the worker had begun it) is used when
    // no change reached its tile since (see tile-cancel.test.ts for one that did): the tile shows at
    // once, and the result of the new request is dropped.
    expect(p.seqs.get(key)).toBeGreaterThan(old);
    expect(r.cache.peek(key)).toBeUndefined();
    r.receive(key, null, old);
    expect(r.cache.fresh(key)).toBe(true);
    expect(r.tilesRendered).toBe(rendered + 2);
    expect(p.cancelled.at(-1), 'the new request is cancelled').toBe(key);
    r.receive(key, null, p.seqs.get(key)!);
    expect(r.tilesRendered).toBe(rendered + 2);
  });

  it('editing the selected shape leaves every tile as it is; deselecting it paints its new place', () => {
    const s = scene();
    const r = rendererOf(s);
    const i = inView(s);
    r.setExcluded([i]);
    show(r, { sync: true });
    const keys = [...r.cache.keys()];
    const rendered = r.tilesRendered;
    const moved = s.map((q, k) => (k === i ? { ...q, ring: q.ring.map((v) => ({ x: v.x + 60, y: v.y + 40 })) } : q));
    r.set(i, parseShape('segment', [moved[i]!.ring]), moved[i]!.color, i);
    const again = show(r, { budgetMs: 0 });
    expect(again.complete).toBe(true);
    expect(r.tilesRendered).toBe(rendered);
    expect([...r.cache.keys()].sort()).toEqual(keys.sort());
    r.setExcluded([]);
    const shown = show(r, { sync: true });
    const fresh = show(rendererOf(moved), { sync: true });
    expect(exactDiff(shown.c, fresh.c).diff).toBe(0);
    expect(exactDiff(shown.c, show(rendererOf(s), { sync: true }).c).diff).toBeGreaterThan(0);
  });
});
