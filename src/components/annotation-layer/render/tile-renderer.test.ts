// TileRenderer in Chromium: a dense tile drawn a chunk per frame ends up exactly like the same tile
// drawn at once, and an edit in the middle of it restarts the tile.
import { describe, expect, it } from 'vitest';
import { TileRenderer, TILE, type TileProducer } from './tile-renderer.js';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';

function scene(n: number, seed = 7): TileRenderer {
  const r = new TileRenderer();
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const colors = ['#ff3b30', '#34c759', '#0a84ff'];
  for (let i = 0; i < n; i++) {
    const cx = 10 + rnd() * 236;
    const cy = 10 + rnd() * 236;
    const rad = 3 + rnd() * 12;
    const ring = [];
    for (let k = 0; k < 12; k++)
      ring.push({ x: cx + rad * Math.cos((k / 12) * 2 * Math.PI), y: cy + rad * Math.sin((k / 12) * 2 * Math.PI) });
    r.set(i, parseShape('segment', [ring]), colors[i % 3]!, i);
  }
  return r;
}

function canvas(): { c: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const c = document.createElement('canvas');
  c.width = TILE;
  c.height = TILE;
  return { c, ctx: c.getContext('2d', { willReadFrequently: true })! };
}

const view = { scale: 1, x: 0, y: 0 };
// The drawn area: exactly tile (0, 0) of level 0 (a width of TILE would touch the next tiles too).
const W = TILE - 1;

describe('TileRenderer incremental tiles', () => {
  it('draws a dense tile over several frames, pixel-identical to drawing it at once', () => {
    const N = 3000; // one 256-px tile at level 0 holds all of them: several chunks
    const a = scene(N);
    const b = scene(N);
    const A = canvas();
    const B = canvas();
    expect(a.draw(A.ctx, view, W, W, 1, { sync: true })).toBe(true);
    let frames = 0;
    let done = false;
    while (!done && frames < 1000) {
      B.ctx.clearRect(0, 0, TILE, TILE);
      // A zero budget: every frame draws exactly one chunk of the tile.
      done = b.draw(B.ctx, view, W, W, 1, { budgetMs: 0 });
      frames++;
    }
    expect(done).toBe(true);
    // More than one frame was needed, and no frame drew the whole tile.
    expect(frames).toBeGreaterThan(2);
    expect(b.tilesRendered).toBe(1);
    const pa = A.ctx.getImageData(0, 0, TILE, TILE).data;
    const pb = B.ctx.getImageData(0, 0, TILE, TILE).data;
    let painted = 0;
    let diff = 0;
    for (let i = 0; i < pa.length; i++) {
      if (pa[i] !== pb[i]) diff++;
      if (i % 4 === 3 && pa[i]) painted++;
    }
    expect(painted).toBeGreaterThan(TILE * TILE * 0.5);
    expect(diff).toBe(0);
  });

  it('restarts a tile in progress when a shape inside it changes, and shows the change', () => {
    const r = scene(3000);
    const { ctx } = canvas();
    expect(r.draw(ctx, view, W, W, 1, { budgetMs: 0 })).toBe(false);
    expect(r.draw(ctx, view, W, W, 1, { budgetMs: 0 })).toBe(false);
    const started = r.tilesRendered;
    // A big black square over everything, on top: drawn only if the tile restarted with it.
    r.set(
      5000,
      parseShape('box', [
        { x: 100, y: 100 },
        { x: 160, y: 160 },
      ]),
      '#000000',
      1e9,
    );
    let done = false;
    for (let i = 0; i < 1000 && !done; i++) {
      ctx.clearRect(0, 0, TILE, TILE);
      done = r.draw(ctx, view, W, W, 1, { budgetMs: 0 });
    }
    expect(done).toBe(true);
    expect(r.tilesRendered).toBe(started + 1);
    // Identical to a renderer that had the square from the start and drew the tile at once.
    const fresh = scene(3000);
    fresh.set(
      5000,
      parseShape('box', [
        { x: 100, y: 100 },
        { x: 160, y: 160 },
      ]),
      '#000000',
      1e9,
    );
    const F = canvas();
    expect(fresh.draw(F.ctx, view, W, W, 1, { sync: true })).toBe(true);
    const a = ctx.getImageData(0, 0, TILE, TILE).data;
    const b = F.ctx.getImageData(0, 0, TILE, TILE).data;
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    expect(diff).toBe(0);
    // and the square is there: its fill darkens the middle of the tile against a scene without it
    const plain = scene(3000);
    const P = canvas();
    plain.draw(P.ctx, view, W, W, 1, { sync: true });
    const mid = (d: Uint8ClampedArray) =>
      d[(130 * TILE + 130) * 4]! + d[(130 * TILE + 130) * 4 + 1]! + d[(130 * TILE + 130) * 4 + 2]!;
    const without = P.ctx.getImageData(0, 0, TILE, TILE).data;
    expect(mid(a)).not.toBe(mid(without));
  });

  it('drops a tile in progress that scrolled out of view', () => {
    const r = scene(3000);
    const { ctx } = canvas();
    expect(r.draw(ctx, view, W, W, 1, { budgetMs: 0 })).toBe(false);
    // Far away: nothing there, the view completes at once (the old job is dropped, not finished first).
    expect(r.draw(ctx, { scale: 1, x: -10 * TILE, y: -10 * TILE }, W, W, 1, { budgetMs: 0 })).toBe(true);
    const n = r.tilesRendered;
    // Back: the tile starts over.
    r.draw(ctx, view, W, W, 1, { budgetMs: 0 });
    expect(r.tilesRendered).toBe(n + 1);
  });
});

describe('TileRenderer hold (video frames drawn directly)', () => {
  /** A producer that records what it is told, as the worker client would receive it. */
  function recorder() {
    const log: string[] = [];
    const producer: TileProducer = {
      capacity: 4,
      set: (id) => log.push(`set ${id}`),
      delete: (id) => log.push(`delete ${id}`),
      clear: () => log.push('clear'),
      request: () => log.push('request'),
      setExcluded: () => log.push('exclude'),
      setFillOpacity: () => log.push('opacity'),
      setMaskOpacity: () => log.push('maskOpacity'),
      blocked: () => false,
      cancel: () => log.push('cancel'),
    };
    return { log, producer };
  }
  const box = (x: number) =>
    parseShape('box', [
      { x, y: 0 },
      { x: x + 10, y: 10 },
    ]);

  it('tells a held producer nothing, then clears it and sends the scene as it is now on release', () => {
    const r = new TileRenderer();
    const { log, producer } = recorder();
    r.set(0, box(0), '#ff0000', 0);
    r.set(1, box(20), '#ff0000', 1);
    r.setProducer(producer);
    expect(log.filter((m) => m.startsWith('set'))).toEqual(['set 0', 'set 1']);
    log.length = 0;
    r.hold(true);
    const v = r.version;
    for (let f = 0; f < 5; f++) r.set(0, box(f), '#ff0000', 0);
    r.delete(1);
    r.set(2, box(40), '#00ff00', 2);
    expect(log).toEqual([]);
    // Every one of the 7 changes still bumps the version the direct drawing follows.
    expect(r.version).toBeGreaterThanOrEqual(v + 7);
    r.hold(false);
    expect(log.slice(0, 1)).toEqual(['clear']);
    expect(log.filter((m) => m.startsWith('set')).sort()).toEqual(['set 0', 'set 2']);
    expect(log).not.toContain('delete 1');
    // Released: changes go through again; a hold with nothing missed sends nothing on release.
    log.length = 0;
    r.set(2, box(50), '#00ff00', 2);
    expect(log).toEqual(['set 2']);
    log.length = 0;
    r.hold(true);
    r.hold(false);
    expect(log).toEqual([]);
  });
});
