// At rest the worker is kept busy with what the next moves need: the ring of tiles around the view,
// then the finer level over the view where a zoom in reaches it and the coarser level over the view
// (a zoom from rest starts sharp). While the view moves, with the views its motion leads to, not past
// a turning point; zooming in, with the finer level over the view at the crossing; panning, with the
// ring's side ahead.
// Read from the requests a recording producer receives.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { DlView } from '../../internal/view.js';
import { canvas, polygonScene, recorder, rendererOf } from './render-test-utils.js';
import { EMPTY } from './tile-cache.js';
import { crossing, quadraticFit, type TileRenderer, tileRange } from './tile-renderer.js';
import { REST_CAPACITY } from './tile-worker-client.js';

const W = 512;
const H = 384;

describe('prefetch at rest', () => {
  it('asks for the visible tiles, the ring, then the finer level over the view at the crossing and the coarser one over the view', () => {
    const r = rendererOf(polygonScene(200, 4096, 4096));
    const p = recorder();
    r.setProducer(p);
    // At 0.75x (level 0) the zoom in crosses to level 1 at 1x: over 0.75 of the view, about its centre.
    const view: DlView = { scale: 0.75, x: -1500 * 0.75, y: -1200 * 0.75 };
    const { ctx } = canvas(W, H);
    r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    const levelOf = (k: string) => Number(k.split(',')[0]);
    const at = (z: number) => p.asked.filter((k) => levelOf(k) === z);
    const [tx0, ty0, tx1, ty1] = tileRange(view, W, H, 1);
    // Level 0: the ring around the view, every tile of it: asked for, or known empty (no shape
    // reaches it: cached at once, not queued behind the worker's dense tiles).
    const asked = new Set(p.asked);
    const empty = (k: string) => r.cache.peek(k)?.tile === EMPTY;
    let emptyRing = 0;
    for (let ty = ty0 - 1; ty <= ty1 + 1; ty++)
      for (let tx = tx0 - 1; tx <= tx1 + 1; tx++)
        if (tx < tx0 || tx > tx1 || ty < ty0 || ty > ty1) {
          const k = `0,${tx},${ty}`;
          expect(asked.has(k) !== empty(k)).toBe(true);
          if (empty(k)) emptyRing++;
        }
    // 200 polygons over 4096² leave some of the ring's tiles empty: those were not asked for.
    expect(emptyRing).toBeGreaterThan(0);
    const [a0, b0, a1, b1] = tileRange(view, W, H, 0.5);
    const coarser = Array.from(
      { length: (b1 - b0 + 1) * (a1 - a0 + 1) },
      (_, i) => `-1,${a0 + (i % (a1 - a0 + 1))},${b0 + Math.floor(i / (a1 - a0 + 1))}`,
    );
    expect(at(-1).sort()).toEqual(coarser.filter((k) => !empty(k)).sort());
    // The finer level covers the view at the crossing (1x about the view's centre): every tile of it
    // asked for or known empty, none outside it.
    const cx = 1500 + W / 2 / 0.75;
    const cy = 1200 + H / 2 / 0.75;
    const cross: DlView = { scale: 1, x: W / 2 - cx, y: H / 2 - cy };
    const [f0, g0, f1, g1] = tileRange(cross, W, H, 2);
    const fine = at(1).map((k) => k.split(',').map(Number) as [number, number, number]);
    expect(fine.length).toBeGreaterThan(0);
    for (const [, tx, ty] of fine) {
      expect(tx >= f0 && tx <= f1 && ty >= g0 && ty <= g1, `1,${tx},${ty}`).toBe(true);
    }
    for (let ty = g0; ty <= g1; ty++)
      for (let tx = f0; tx <= f1; tx++) expect(asked.has(`1,${tx},${ty}`) !== empty(`1,${tx},${ty}`)).toBe(true);
    // ...which reaches well past the view's central half (the x range of the central half is
    // [cx - W / 3, cx + W / 3) in image px at 0.75x; tiles of level 1 are 128 image px wide).
    expect(fine.some(([, tx]) => 128 * (tx + 1) <= cx - W / 3 || 128 * tx >= cx + W / 3)).toBe(true);
    // Visible tiles come first, the other levels last: the finer level before the coarser one.
    const firstOther = p.asked.findIndex((k) => levelOf(k) !== 0);
    expect(p.asked.slice(firstOther).every((k) => levelOf(k) !== 0)).toBe(true);
    const lastFine = p.asked.findLastIndex((k) => levelOf(k) === 1);
    const firstCoarse = p.asked.findIndex((k) => levelOf(k) === -1);
    expect(firstCoarse).toBeGreaterThan(lastFine);
  });
});

describe('prefetch while moving', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for no level past the one where a slowing zoom stops', () => {
    // A zoom in slowing to a stop: log2 scale 0.9 - c (400 - t)² from -0.9 at t = 0, stopping at
    // 0.9 (scale 1.87, level 1) at t = 400 ms. At t = 240 ms it is at 0.612 (level 1) rising at
    // 0.0036 per ms: straight on, 150, 400 and 800 ms ahead would be levels 2, 3 and 4.
    const r = rendererOf(polygonScene(3000, 1024, 1024));
    const p = recorder();
    r.setProducer(p);
    const { ctx } = canvas(W, H);
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const c = 1.8 / 400 ** 2;
    // The slowing shows from the fifth recorded view on (a fit over the last ~300 ms); before, the
    // motion is extrapolated straight.
    let from = 0;
    for (let t = 0; t <= 240; t += 16) {
      now = 1000 + t;
      if (t === 80) from = p.asked.length;
      const scale = 2 ** (0.9 - c * (400 - t) ** 2);
      // Centred on image point (512, 512).
      r.draw(ctx, { scale, x: W / 2 - 512 * scale, y: H / 2 - 384 * scale }, W, H, 1, { budgetMs: 0 });
    }
    const levels = new Set(p.asked.slice(from).map((k) => Number(k.split(',')[0])));
    expect([...levels].every((z) => z <= 1)).toBe(true);
    // What the worker still holds: level 1 (asked for before the crossing, as the zoom in went
    // towards it), nothing finer.
    const held = new Set(p.asked.filter((k) => !p.cancelled.includes(k)).map((k) => Number(k.split(',')[0])));
    expect(held.has(1)).toBe(true);
    expect(Math.max(...held)).toBe(1);
  });
});

/** A recording producer of `capacity` that also tracks its live requests (asked, not cancelled). */
function live(capacity = 64) {
  const p = recorder();
  const now = new Set<string>();
  const request = p.request;
  const cancel = p.cancel;
  return Object.assign(p, {
    capacity,
    live: now,
    request: (key: string, z: number, tx: number, ty: number, seq: number) => {
      now.add(key);
      request(key, z, tx, ty, seq);
    },
    cancel: (keys: string[]) => {
      for (const k of keys) now.delete(k);
      cancel(keys);
    },
  });
}

const levelOf = (k: string) => Number(k.split(',')[0]);

/** The tiles of level z over `v` that hold something (the renderer caches the others empty at once). */
function tilesOver(r: TileRenderer, z: number, v: DlView): string[] {
  const [tx0, ty0, tx1, ty1] = tileRange(v, W, H, 2 ** z);
  const keys: string[] = [];
  for (let ty = ty0; ty <= ty1; ty++)
    for (let tx = tx0; tx <= tx1; tx++) {
      const k = `${z},${tx},${ty}`;
      if (r.cache.peek(k)?.tile !== EMPTY) keys.push(k);
    }
  return keys;
}

/** View at `scale` centred on image point (cx, cy). */
const centred = (scale: number, cx: number, cy: number): DlView => ({
  scale,
  x: W / 2 - cx * scale,
  y: H / 2 - cy * scale,
});

describe('prefetch while zooming out', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for no coarser tile whose four finer tiles are cached: the frame shows it sharp from them', () => {
    // The whole 1024² image at level -1 (painted here), then a fast zoom out about its centre: log2
    // scale from -1 falling 0.002 per ms, so the views 400 and 800 ms ahead are at levels -2 and -3
    // while the frames stay at level -1 (the render bench's zoom out extrapolated past its lowest scale).
    const r = rendererOf(polygonScene(3000, 1024, 1024));
    const p = recorder();
    // Each request checked as it is made: were the four finer tiles of a coarser one cached then?
    const covered: string[] = [];
    const request = p.request;
    p.request = (key, z, tx, ty, seq) => {
      if (z < r.frameStats.level) {
        let n = 0;
        for (let i = 0; i < 4; i++) if (r.cache.fresh(`${z + 1},${2 * tx + (i & 1)},${2 * ty + (i >> 1)}`)) n++;
        if (n === 4) covered.push(key);
      }
      request(key, z, tx, ty, seq);
    };
    r.setProducer(p);
    const clock = { now: 1000 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const { ctx } = canvas(W, H);
    r.draw(ctx, centred(0.5, 512, 512), W, H, 1, { sync: true });
    for (const k of ['-1,0,0', '-1,1,0', '-1,0,1', '-1,1,1']) expect(r.cache.fresh(k), k).toBe(true);
    for (let t = 16; t <= 160; t += 16) {
      clock.now = 1000 + t;
      r.draw(ctx, centred(2 ** (-1 - 0.002 * t), 512, 512), W, H, 1, { budgetMs: 0 });
      expect(r.frameStats.level).toBe(-1);
    }
    // The image's one level -2 tile is over views ahead (asked without the rule), but its four
    // level -1 tiles are cached: not asked for. Nor any other coarser tile over them.
    expect(covered).toEqual([]);
    expect(p.asked).not.toContain('-2,0,0');
  });
});

describe('prefetch of the next level while zooming in', () => {
  afterEach(() => vi.restoreAllMocks());

  /**
   * A slow zoom in about image point (512, 384): log2 scale from -0.5 rising 0.0002 per ms, so the
   * crossing to level 1 (scale 1) is ~2.3 s away and even the view 800 ms ahead stays at level 0.
   */
  function zoomIn(r: TileRenderer, from: number, to: number, clock: { now: number }) {
    const { ctx } = canvas(W, H);
    for (let t = from; t <= to; t += 16) {
      clock.now = 1000 + t;
      r.draw(ctx, centred(2 ** (-0.5 + 0.0002 * t), 512, 384), W, H, 1, { budgetMs: 0 });
    }
  }

  it('asks for the finer level over the view at the crossing and cancels it when the zoom turns back', () => {
    const r = rendererOf(polygonScene(3000, 1024, 1024));
    const p = live();
    r.setProducer(p);
    const clock = { now: 1000 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    zoomIn(r, 0, 160, clock);
    // Still at level 0 (scale 0.73), the whole of level 1 over the crossing view (1x, same centre) is
    // in the worker's queue: the at-rest prefetch of the first frame was kept, and completed.
    const want = tilesOver(r, 1, centred(1, 512, 384));
    expect(want.length).toBeGreaterThan(12);
    expect(r.frameStats.ideal).toBe(0);
    for (const k of want) expect(p.live.has(k), k).toBe(true);
    // Nothing of level 1 outside that view, nor of level 2.
    const [tx0, ty0, tx1, ty1] = tileRange(centred(1, 512, 384), W, H, 2);
    for (const k of p.live) {
      const [z, tx, ty] = k.split(',').map(Number) as [number, number, number];
      expect(z).toBeLessThan(2);
      if (z === 1) expect(tx >= tx0 && tx <= tx1 && ty >= ty0 && ty <= ty1, k).toBe(true);
    }
    const { ctx } = canvas(W, H);
    // The zoom turns back: the finer level's requests are cancelled.
    const fine = [...p.live].filter((k) => levelOf(k) === 1);
    expect(fine.length).toBeGreaterThan(0);
    for (let t = 176; t <= 400; t += 16) {
      clock.now = 1000 + t;
      r.draw(ctx, centred(2 ** (-0.5 + 0.0002 * 160 - 0.0004 * (t - 160)), 512, 384), W, H, 1, { budgetMs: 0 });
    }
    for (const k of fine) expect(p.live.has(k), k).toBe(false);
    expect([...p.live].some((k) => levelOf(k) === 1)).toBe(false);
  });

  it('keeps the at-rest prefetch in flight when a zoom in starts from rest: none of it cancelled, none asked twice', () => {
    const r = rendererOf(polygonScene(3000, 1024, 1024));
    const p = live();
    r.setProducer(p);
    const clock = { now: 1000 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const { ctx } = canvas(W, H);
    // At rest (level 0, whole): the worker holds the ring, the finer level over the crossing view
    // and the coarser level, none answered yet.
    r.draw(ctx, centred(2 ** -0.5, 512, 384), W, H, 1, { sync: true });
    for (let t = 16; t <= 500; t += 16) {
      clock.now = 1000 + t;
      r.draw(ctx, centred(2 ** -0.5, 512, 384), W, H, 1, { budgetMs: 0 });
    }
    const fine = [...p.live].filter((k) => levelOf(k) === 1);
    expect(fine.length).toBeGreaterThan(12);
    expect(p.cancelled).toEqual([]);
    // 500 ms later the zoom in starts (the slow one above, the crossing ~2.5 s away): its first
    // frame has no velocity yet. The finer level over the crossing view is what the zoom needs:
    // not one of those requests is cancelled, not one asked again.
    for (let t = 516; t <= 700; t += 16) {
      clock.now = 1000 + t;
      r.draw(ctx, centred(2 ** (-0.5 + 0.0002 * (t - 500)), 512, 384), W, H, 1, { budgetMs: 0 });
    }
    expect(r.frameStats.ideal).toBe(0);
    for (const k of fine) expect(p.live.has(k), k).toBe(true);
    expect(p.cancelled.filter((k) => levelOf(k) === 1)).toEqual([]);
    expect(p.asked.filter((k) => levelOf(k) === 1).length).toBe(new Set(p.asked.filter((k) => levelOf(k) === 1)).size);
  });

  it('gives the worker the finer level only while it has room: visible tiles displace those requests', () => {
    const r = rendererOf(polygonScene(3000, 1024, 1024));
    const p = live(4);
    r.setProducer(p);
    const clock = { now: 1000 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const { ctx } = canvas(W, H);
    // The current level whole (painted here): the worker's four places go to the finer level.
    r.draw(ctx, centred(2 ** -0.5, 512, 384), W, H, 1, { sync: true });
    zoomIn(r, 16, 160, clock);
    expect(p.live.size).toBe(4);
    expect([...p.live].every((k) => levelOf(k) === 1)).toBe(true);
    // A pan down reveals a row of level-0 tiles: they take the worker's places, the finer requests
    // are cancelled.
    clock.now = 1000 + 176;
    const step = centred(2 ** (-0.5 + 0.0002 * 176), 512, 384 + 300);
    r.draw(ctx, step, W, H, 1, { budgetMs: 0 });
    const visible = new Set(tilesOver(r, 0, step).filter((k) => !r.cache.fresh(k)));
    expect(visible.size).toBeGreaterThanOrEqual(4);
    expect([...p.live].every((k) => visible.has(k))).toBe(true);
    expect(p.live.size).toBe(4);
    expect(p.cancelled.some((k) => levelOf(k) === 1)).toBe(true);
  });

  it('never queues a visible tile behind requests for views to come: those not begun are asked again after it', () => {
    const r = rendererOf(polygonScene(4000, 2048, 2048));
    // Room for everything: no request is displaced for want of a place.
    const p = live(64);
    r.setProducer(p);
    const clock = { now: 1000 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const { ctx } = canvas(W, H);
    // At 1x, panning right at 0.3 px/ms (the columns ahead asked for the views to come), then
    // turning down at 1 px/ms from t = 160: the rows below come into view while those requests wait.
    const at = (t: number): DlView => ({ scale: 1, x: -1000 - 0.3 * t, y: -1000 - Math.max(0, t - 160) });
    r.draw(ctx, at(0), W, H, 1, { sync: true });
    let checked = 0;
    for (let t = 16; t <= 480; t += 16) {
      clock.now = 1000 + t;
      r.draw(ctx, at(t), W, H, 1, { budgetMs: 0 });
      const visible = new Set(tilesOver(r, 0, at(t)).filter((k) => !r.cache.fresh(k)));
      if (!visible.size) continue;
      // The worker's queue (live requests in the order asked): every visible tile not painted yet,
      // ahead of every request for a view to come but the oldest one (the worker may be painting it).
      const queue = [...p.live];
      for (const k of visible) expect(queue).toContain(k);
      const lastVisible = Math.max(...[...visible].map((k) => queue.indexOf(k)));
      expect(queue.slice(1, lastVisible).filter((k) => !visible.has(k))).toEqual([]);
      if (queue.slice(lastVisible).some((k) => !visible.has(k))) checked++;
    }
    // Frames with visible tiles missing while requests for views to come were queued too (behind them).
    expect(checked).toBeGreaterThan(0);
  });

  it('crossing(): when a motion reaches d, straight on or slowing down; null when it stops short', () => {
    expect(crossing({ v: 0.001, stop: Infinity, a: 0 }, 0.5)).toBeCloseTo(500, 9);
    // Slowing: 0.002 t - 0.000001 t² / 2 reaches 1 at t = 585.8 (stops at t = 2000, at 2).
    expect(crossing({ v: 0.002, stop: 2000, a: -0.000001 }, 1)).toBeCloseTo(2000 - Math.sqrt(2e6), 6);
    expect(crossing({ v: 0.002, stop: 2000, a: -0.000001 }, 2.5)).toBeNull();
    // A tiny deceleration (a fit of a straight line) is straight on.
    expect(crossing({ v: 0.001, stop: 1e15, a: -1e-18 }, 0.5)).toBeCloseTo(500, 6);
    expect(crossing({ v: -0.001, stop: Infinity, a: 0 }, 0.5)).toBeNull();
  });
});

describe('prefetch of the ring a pan moves towards', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for the tiles just past the leading edge, not the trailing ones', () => {
    const r = rendererOf(polygonScene(3000, 4096, 4096));
    const p = live();
    r.setProducer(p);
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { ctx } = canvas(W, H);
    // At 1x, image x [1288, 1800) in view (level-0 column 7 spans [1792, 2048)), panning right at
    // 0.1 px/ms: even 800 ms ahead the view ends at 1880, inside column 7.
    let view: DlView = { scale: 1, x: -1288, y: -1000 };
    for (let t = 0; t <= 160; t += 16) {
      now = 1000 + t;
      view = { scale: 1, x: -1288 - 0.1 * t, y: -1000 };
      r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    }
    const [tx0, ty0, tx1, ty1] = tileRange(view, W, H, 1);
    expect(tx1).toBe(7);
    const col = (tx: number) => Array.from({ length: ty1 - ty0 + 1 }, (_, i) => `0,${tx},${ty0 + i}`);
    const lead = col(tx1 + 1).filter((k) => r.cache.peek(k)?.tile !== EMPTY);
    expect(lead.length).toBeGreaterThan(0);
    for (const k of lead) expect(p.live.has(k), k).toBe(true);
    for (const k of [...col(tx0 - 1), `0,${tx1 + 1},${ty0 - 1}`, `0,${tx1 + 1},${ty1 + 1}`])
      expect(p.live.has(k), k).toBe(false);
  });
});

describe('order of the visible tiles while panning', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for them nearest where the pan leads first: of two as far from the centre, the leading one first', () => {
    // ~120 polygons a tile: none cheap enough for the main thread to paint at once.
    const r = rendererOf(polygonScene(8000, 2048, 2048));
    // The worker takes nothing while the pan gets its velocity, then every visible tile at once.
    const p = Object.assign(recorder(), { capacity: 0 });
    r.setProducer(p);
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { ctx } = canvas(W, H);
    // At 1x, image x [1000, 1512) (columns 3-5) panning right at 0.2 px/ms (80 px, a third of a
    // tile, in LEAD_MS); the tile range stays symmetric about the view's centre column.
    let view: DlView = { scale: 1, x: -1000, y: -1000 };
    for (let t = 0; t <= 96; t += 16) {
      now = 1000 + t;
      if (t === 96) p.capacity = 1000;
      view = { scale: 1, x: -1000 - 0.2 * t, y: -1000 };
      r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    }
    const [tx0, ty0, tx1, ty1] = tileRange(view, W, H, 1);
    const pos = (k: string) => p.asked.indexOf(k);
    let pairs = 0;
    for (let ty = ty0; ty <= ty1; ty++)
      for (let tx = tx0; 2 * tx < tx0 + tx1; tx++) {
        const left = `0,${tx},${ty}`;
        const right = `0,${tx0 + tx1 - tx},${ty}`;
        if (pos(left) < 0 || pos(right) < 0) continue;
        pairs++;
        expect(pos(right), `${right} before ${left}`).toBeLessThan(pos(left));
      }
    expect(tx1 - tx0).toBe(2);
    expect(pairs).toBeGreaterThanOrEqual(2);
  });
});

describe('quadraticFit', () => {
  it('recovers the velocity and acceleration of a parabola at t = 0', () => {
    // y = 3 + 2 t - 0.5 t² (velocity 2, acceleration -1), sampled at uneven times up to t = 0.
    const pts = [-9, -7.5, -5, -4, -2.2, -1, 0].map((t) => [t, 3 + 2 * t - 0.5 * t * t] as [number, number]);
    const [v, a] = quadraticFit(pts)!;
    expect(v).toBeCloseTo(2, 9);
    expect(a).toBeCloseTo(-1, 9);
  });

  it('is null when the times cannot tell a parabola', () => {
    expect(
      quadraticFit([
        [0, 1],
        [0, 2],
        [0, 3],
      ]),
    ).toBeNull();
    expect(
      quadraticFit([
        [-1, 1],
        [0, 2],
      ]),
    ).toBeNull();
  });
});

describe('requests held at rest', () => {
  afterEach(() => vi.restoreAllMocks());

  it('holds restCapacity requests while the view is at rest, capacity once it moves', () => {
    // 20,000 polygons over 4096²: at 0.75x the visible tiles, the ring and the next levels hold
    // far more than 16 tiles with shapes.
    const r = rendererOf(polygonScene(20000, 4096, 4096));
    const p = Object.assign(live(4), { restCapacity: REST_CAPACITY });
    r.setProducer(p);
    const { ctx } = canvas(W, H);
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const at = (x: number, y: number): DlView => ({ scale: 0.75, x: -x * 0.75, y: -y * 0.75 });
    r.draw(ctx, at(1500, 1200), W, H, 1, { budgetMs: 0 });
    // At rest: the worker holds REST_CAPACITY (with 4 it idled through a long page task, a GC, before a zoom).
    expect(p.live.size).toBe(p.restCapacity);
    // A pan far away, a frame every 16 ms: nothing is asked past 4 while it moves; the requests held
    // from rest go as the moving view stops wanting them (its first frame, without a velocity yet,
    // still wants the at-rest list), down to 4.
    const held: number[] = [];
    for (let k = 1; k <= 6; k++) {
      now = 1000 + 16 * k;
      r.draw(ctx, at(1500 - 200 * k, 1200 - 150 * k), W, H, 1, { budgetMs: 0 });
      held.push(p.live.size);
    }
    for (let k = 1; k < held.length; k++) expect(held[k]).toBeLessThanOrEqual(held[k - 1]!);
    expect(held.slice(3).every((n) => n <= 4)).toBe(true);
    // At rest again (no new view for longer than a motion's gap): restCapacity again, as tiles come back.
    now += 1000;
    r.draw(ctx, at(300, 300), W, H, 1, { budgetMs: 0 });
    expect(p.live.size).toBe(p.restCapacity);
  });
});

describe('tiles left to the worker', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are known from the scene, not queried again each frame while the worker sends tiles', () => {
    // ~500 shapes a level -1 tile: every visible tile is the outline rasteriser's, so the worker's.
    const r = rendererOf(polygonScene(8000, 2048, 2048, 5, 5, 15));
    const p = recorder();
    r.setProducer(p);
    const view: DlView = { scale: 0.5, x: -256, y: -256 };
    const { ctx } = canvas(W, H);
    r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    const [tx0, ty0, tx1, ty1] = tileRange(view, W, H, 0.5);
    const visible: string[] = [];
    for (let ty = ty0; ty <= ty1; ty++) for (let tx = tx0; tx <= tx1; tx++) visible.push(`-1,${tx},${ty}`);
    expect(visible.length).toBeGreaterThanOrEqual(4);
    // all asked of the worker, none painted here
    for (const k of visible) expect(p.asked.includes(k) && !r.cache.peek(k), k).toBe(true);
    // One arrives (an empty one will do): the next frame still leaves the others to the worker,
    // without asking the scene again which tiles the rasteriser paints (at a 10,000-polygon first
    // render that was ~5 ms of the page's thread for each tile the worker sent).
    r.receive(visible[0]!, null, p.seqs.get(visible[0]!)!);
    const idsIn = vi.spyOn(r.scene, 'idsIn');
    r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    expect(idsIn).not.toHaveBeenCalled();
    for (const k of visible.slice(1)) expect(r.cache.peek(k), k).toBeUndefined();
    expect(p.cancelled).toEqual([]);
    // A scene change asks again: a shape added to a visible tile may change which painter it needs.
    const ring = [700, 710, 710, 700].map((x, i) => ({ x, y: i < 2 ? 700 : 710 }));
    r.set(9000, parseShape('segment', [ring]), '#ff3b30', 9000);
    r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
    expect(idsIn).toHaveBeenCalled();
  });
});
