// The tile renderer against an independent reference (render-test-utils.ts: a plain canvas drawing
// of every vertex, no tiles, no level of detail, no code shared with the renderer): a view drawn
// again after its tiles were evicted, a shape edited while its tiles were evicted, and the frames
// drawn from a coarser or finer level while the view's own tiles are still missing.
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { DlView } from '../../internal/view.js';
import {
  blockDiff,
  canvas,
  polygonScene,
  referenceRender,
  rendererOf,
  type ScenePolygon,
} from './render-test-utils.js';

const W = 512;
const H = 384;

/** Seeded polygons, all wound the same way (the renderer fills a colour's polygons as one nonzero path). */
function scene(n = 240, seed = 11): ScenePolygon[] {
  return polygonScene(n, 2048, 2048, seed, 15, 45).map((p) => {
    let area = 0;
    p.ring.forEach((q, i) => {
      const r = p.ring[(i + 1) % p.ring.length]!;
      area += q.x * r.y - r.x * q.y;
    });
    return area < 0 ? { ...p, ring: [...p.ring].reverse() } : p;
  });
}

/** What the renderer shows for `view` (all tiles drawn now when `sync`, else one budget-0 frame). */
function frame(
  r: ReturnType<typeof rendererOf>,
  view: DlView,
  sync: boolean,
): { c: HTMLCanvasElement; complete: boolean } {
  const { c, ctx } = canvas(W, H);
  const complete = r.draw(ctx, view, W, H, 1, sync ? { sync: true } : { budgetMs: 0 });
  return { c, complete };
}

/** Share of 8x8 blocks that differ from the reference by more than `tol` (premultiplied RGBA average). */
function badShare(a: HTMLCanvasElement, b: HTMLCanvasElement, tol = 24): number {
  const d = blockDiff(a, b, 8, tol);
  return d.bad / d.blocks;
}

/**
 * Where the two frames are painted, compared by 4x4 blocks (a block counts as painted when its mean
 * alpha passes 8/255): intersection over union. Blur and resampling keep it high; a missing, stale or
 * misplaced tile lowers it.
 */
function coverageIoU(a: HTMLCanvasElement, b: HTMLCanvasElement): number {
  const da = a.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, W, H).data;
  const db = b.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, W, H).data;
  let both = 0;
  let either = 0;
  for (let by = 0; by < H; by += 4)
    for (let bx = 0; bx < W; bx += 4) {
      let sa = 0;
      let sb = 0;
      for (let y = by; y < by + 4; y++)
        for (let x = bx; x < bx + 4; x++) {
          sa += da[(y * W + x) * 4 + 3]!;
          sb += db[(y * W + x) * 4 + 3]!;
        }
      const pa = sa / 16 > 8;
      const pb = sb / 16 > 8;
      if (pa && pb) both++;
      if (pa || pb) either++;
    }
  return either ? both / either : 1;
}

const A: DlView = { scale: 1, x: -300.5, y: -200.25 };
const FAR: DlView[] = [
  { scale: 1, x: -1500, y: -200 },
  { scale: 1, x: -300, y: -1600 },
  { scale: 1, x: -1500, y: -1600 },
];

describe('TileRenderer against an independent reference', () => {
  it('the comparison sees a wrong frame: an empty one and one with a shape missing', () => {
    const s = scene();
    const ref = referenceRender(s, A, W, H);
    expect(badShare(canvas(W, H).c, ref)).toBeGreaterThan(0.05);
    const painted = frame(rendererOf(s), A, true).c;
    const inView = s.findIndex((p) => p.ring.every((q) => q.x > 340 && q.x < 760 && q.y > 240 && q.y < 540));
    expect(inView).toBeGreaterThanOrEqual(0);
    const without = referenceRender(
      s.filter((_, i) => i !== inView),
      A,
      W,
      H,
    );
    expect(blockDiff(painted, without).bad).toBeGreaterThan(0);
  });

  it('a view drawn again after its tiles were evicted equals the reference (the tiles are painted anew)', () => {
    const s = scene();
    const r = rendererOf(s);
    r.maxTiles = 4;
    const ref = referenceRender(s, A, W, H);
    expect(badShare(frame(r, A, true).c, ref)).toBeLessThan(0.01);
    for (const v of FAR) frame(r, v, true);
    const before = r.tilesRendered;
    const again = frame(r, A, true);
    expect(again.complete).toBe(true);
    expect(r.tilesRendered).toBeGreaterThan(before);
    expect(badShare(again.c, ref)).toBeLessThan(0.01);
  });

  it('a shape moved while its tiles were evicted shows at its new place, not the old one', () => {
    const s = scene();
    const r = rendererOf(s);
    r.maxTiles = 4;
    frame(r, A, true);
    for (const v of FAR) frame(r, v, true);
    const i = s.findIndex((p) => p.ring.every((q) => q.x > 340 && q.x < 760 && q.y > 240 && q.y < 540));
    expect(i).toBeGreaterThanOrEqual(0);
    const moved = s.map((p, k) => (k === i ? { ...p, ring: p.ring.map((q) => ({ x: q.x + 40, y: q.y + 25 })) } : p));
    r.set(i, parseShape('segment', [moved[i]!.ring]), moved[i]!.color, i);
    const shown = frame(r, A, true).c;
    expect(badShare(shown, referenceRender(moved, A, W, H))).toBeLessThan(0.01);
    expect(blockDiff(shown, referenceRender(s, A, W, H)).bad).toBeGreaterThan(0);
  });

  for (const [name, from] of [
    ['coarser', 0.5],
    ['finer', 2],
  ] as const)
    it(`while the view's tiles are missing, the ${name} level stands in close to the reference; then it is exact`, () => {
      const s = scene();
      const r = rendererOf(s);
      const view: DlView = { scale: 1, x: -400, y: -300 };
      // The other level, drawn first over the whole view's area: its tiles are cached. (At scale 2 one
      // frame covers a quarter of that area, so the finer level takes 2x2 frames.)
      const n = Math.max(1, Math.ceil(from));
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) frame(r, { scale: from, x: view.x * from - i * W, y: view.y * from - j * H }, true);
      const ref = referenceRender(s, view, W, H);
      const first = frame(r, view, false);
      // A complete finer level is shown as it is (sharp, downsampled at most 2x), not as borrowed.
      if (name === 'finer' && first.complete) expect(r.frameStats.level).toBe(r.frameStats.ideal + 1);
      else expect(first.complete).toBe(false);
      // Resampled from another level: blurred or thinned outlines, but every shape where it belongs.
      expect(coverageIoU(first.c, ref)).toBeGreaterThan(0.9);
      // A frame that left the missing tiles empty would be far off (what the stand-in prevents).
      expect(coverageIoU(canvas(W, H).c, ref)).toBeLessThan(0.5);
      let last = first;
      const exact = () => last.complete && r.frameStats.level === r.frameStats.ideal;
      for (let n = 0; n < 400 && !exact(); n++) last = frame(r, view, false);
      expect(exact()).toBe(true);
      expect(badShare(last.c, ref)).toBeLessThan(0.01);
    });
});
