// The first render's frames (#16): while it is incomplete, a frame is shown at once when it is the
// first, then at most every FIRST_PARTIAL_MS (120 ms) of the layer's clock, and a complete frame is
// shown at once; after the first render every frame is shown. The tile worker is replaced by a
// producer whose tiles the test hands back, and the layer's clock (`performance.now`) is the test's.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ann } from '../layer-test-utils.js';
import { LayerStore } from '../model/layer-store.js';
import { type FrameInput, LayerRenderer } from './layer-renderer.js';
import { polygonScene, recorder } from './render-test-utils.js';
import type { TileFrame, TileProducer } from './tile-renderer.js';
import { TilePresenter } from './tile-presenter.js';

const W = 512;
const H = 384;
/** Dense: ~140 polygons a tile, more than the main thread paints at once (CHEAP). */
const SCENE = polygonScene(3000, 1400, 1100);

/** A small painted bitmap (a tile's stand-in). */
function bitmap(): ImageBitmap {
  const c = new OffscreenCanvas(8, 8);
  c.getContext('2d')!.fillRect(0, 0, 4, 4);
  return c.transferToImageBitmap();
}

/** A producer that keeps its requests (key to seq) until the test answers them. */
function heldProducer() {
  const requests = new Map<string, number>();
  const p: TileProducer & { terminate(): void } = {
    ...recorder(),
    request: (key, _z, _tx, _ty, seq) => void requests.set(key, seq),
    cancel: (keys) => keys.forEach((k) => requests.delete(k)),
    terminate: () => {},
  };
  return { p, requests };
}

afterEach(() => {
  vi.restoreAllMocks();
  document.querySelectorAll('.first-render-test').forEach((e) => e.remove());
});

describe('first render frames', () => {
  it('shows incomplete frames of the first render at most every 120 ms, the complete one at once', async () => {
    const store = new LayerStore();
    const r = new LayerRenderer(store, () => {});
    const { p, requests } = heldProducer();
    // The worker's place: the frames ask it for the dense tiles.
    (r as unknown as { worker: unknown }).worker = p;
    r.tiles.setProducer(p);
    store.annotations.reset(SCENE.map((q, i) => ann('segment', 'car', [q.ring], `p${i}`)));
    expect(r.tiles.shapeCount).toBe(SCENE.length);
    const el = document.createElement('div');
    el.className = 'first-render-test';
    const live = document.createElement('canvas');
    document.body.append(el, live);
    let clock = 1000;
    // Each reading moves the clock on a little: the frame's main-thread budget runs out.
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 10));
    const present = vi.spyOn(TilePresenter.prototype, 'present');
    const frames = vi.spyOn(r.tiles, 'frame');
    const input: FrameInput = {
      width: W,
      height: H,
      view: { scale: 1, x: 0, y: 0 },
      busy: false,
      showLabels: false,
      overlays: [],
      overlayCovers: false,
    };
    const drawAt = (t: number) => {
      clock = t;
      r.draw(el, live, input);
    };
    const answer = async (n: number) => {
      for (const [key, seq] of [...requests].slice(0, n)) {
        requests.delete(key);
        r.tiles.receive(key, bitmap(), seq);
      }
    };
    try {
      drawAt(1000);
      expect(present).toHaveBeenCalledTimes(1);
      expect(r.stats.sharp).toBe(false);
      expect(requests.size).toBeGreaterThan(2);
      // A tile arrives 20 ms later: the frame is drawn (incomplete) but not shown.
      await answer(1);
      drawAt(1020);
      expect(r.firstRender).toBe(true);
      expect(present).toHaveBeenCalledTimes(1);
      // 120 ms after the last frame shown: shown.
      await answer(1);
      drawAt(1120);
      expect(present).toHaveBeenCalledTimes(2);
      expect(r.stats.sharp).toBe(false);
      // Every tile answered, a frame every 10 ms: an incomplete one is shown only 120 ms after the
      // last shown, the complete one at once.
      let t = 1130;
      let shownAt = 1120;
      while (r.firstRender && t < 2000) {
        await answer(Number.POSITIVE_INFINITY);
        const before = present.mock.calls.length;
        drawAt(t);
        const shown = present.mock.calls.length > before;
        const f = frames.mock.results.at(-1)!.value as TileFrame;
        const complete = f.finer + f.borrowed + f.missing + f.stale === 0;
        expect(shown).toBe(complete || t - shownAt >= 120);
        if (shown) shownAt = t;
        t += 10;
      }
      expect(r.firstRender).toBe(false);
      expect(r.stats.sharp).toBe(true);
      expect(r.stats.time).toBeGreaterThan(t - 10);
      const shown = present.mock.calls.length;
      // After the first render an incomplete frame is shown at once.
      r.tiles.invalidateAll();
      drawAt(t);
      expect(present).toHaveBeenCalledTimes(shown + 1);
      expect(r.stats.sharp).toBe(false);
      // New data (the layer sets firstRender): its first frame is shown at once, the next
      // incomplete one 10 ms later is not.
      r.tiles.invalidateAll();
      r.firstRender = true;
      drawAt(t + 10);
      expect(present).toHaveBeenCalledTimes(shown + 2);
      r.tiles.invalidateAll();
      drawAt(t + 20);
      expect(present).toHaveBeenCalledTimes(shown + 2);
    } finally {
      r.dispose();
    }
  });
});
