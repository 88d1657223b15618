// The layer as a host page drives it: the view set through `viewer.view` from the page's own
// animation-frame loop (a pan, a zoom in across levels, a zoom out). Once the view rests, what the
// tile canvases show must equal a layer that rendered the same view from scratch, pixel for pixel
// (no seam where tiles meet, no stale or left-over tile), and match an independent plain-canvas
// drawing of the polygons (render/render-test-utils.ts).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { DlView } from '../internal/view.js';
import { frames } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, mountLayer } from './layer-test-utils.js';
import { blockDiff, exactDiff, polygonScene, referenceRender } from './render/render-test-utils.js';

const W = 640;
const H = 480;
/** The ontology's colours (layer-test-utils.ts) and their labels. */
const LABELS: Record<string, string> = { '#ff0000': 'car', '#00ff00': 'person', '#0000ff': 'sign' };
/** Polygons everywhere in 2400×1800 image px, both orientations. */
const SCENE = polygonScene(900, 2400, 1800, 11, 15, 50, Object.keys(LABELS));
const ANNS = SCENE.map((p, i) => ann('segment', LABELS[p.color]!, [p.ring], `p${i}`));

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

/** Sets `views` one per animation frame, as a host page's rAF loop does. */
async function drive(viewer: { view: DlView }, views: DlView[]): Promise<void> {
  for (const v of views) {
    viewer.view = v;
    await frames(1);
  }
}

/** Waits until the layer shows its view sharp, at the screen's level, and has rested; its snapshot. */
async function settled(layer: DlAnnotationLayer): Promise<HTMLCanvasElement> {
  const t0 = performance.now();
  let since = Number.NaN;
  while (performance.now() - t0 < 20_000) {
    await frames(1);
    const s = layer.renderStats;
    if (s.sharp && s.level === s.ideal) {
      since = Number.isNaN(since) ? performance.now() : since;
      // Past the renderer's "moving" window, so the frame is the at-rest one.
      if (performance.now() - since > 400) return layer.renderer.snapshot();
    } else since = Number.NaN;
  }
  throw new Error(`the layer never settled: ${JSON.stringify(layer.renderStats)}`);
}

/** A new layer showing `view` from scratch: its settled snapshot. */
async function fresh(view: DlView): Promise<HTMLCanvasElement> {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  const { viewer, layer } = await mountLayer(ANNS, { iw: 200, ih: 200, w: W, h: H });
  viewer.view = view;
  const tilesBefore = layer.renderer.tiles.tilesRendered;
  const snap = await settled(layer);
  expect(layer.renderer.tiles.tilesRendered).toBeGreaterThan(tilesBefore);
  return snap;
}

/**
 * Asserts that `after` is what `view` looks like: equal, byte for byte, to a fresh layer's frame, and
 * like the reference drawing block by block. Tiles shown downscaled (a level finer than the screen)
 * make hairlines fainter than the reference's 1 px lines: a looser block tolerance there.
 */
async function expectFromScratch(after: HTMLCanvasElement, view: DlView, level: number): Promise<void> {
  const dpr = devicePixelRatio;
  const scratch = await fresh(view);
  const e = exactDiff(scratch, after);
  expect(e.painted).toBeGreaterThan(after.width * after.height * 0.3);
  expect(e.diff).toBe(0);
  const resampled = Math.abs((view.scale * dpr) / 2 ** level - 1) > 0.001;
  const d = blockDiff(after, referenceRender(SCENE, view, W, H, dpr), 8, resampled ? 40 : 24);
  expect(d.bad, `blocks unlike the reference (worst ${d.worst})`).toBe(0);
}

/**
 * The tile canvases of a frame of `layer`, composited: inside `rect` (device px) every pixel must
 * be the same. Under one big polygon, a gap between tiles would show as a transparent line and an
 * overlap as a darker one.
 */
function expectUniform(layer: DlAnnotationLayer, rect: [number, number, number, number]): number {
  const [x0, y0, x1, y1] = rect;
  const d = layer.renderer
    .snapshot()
    .getContext('2d')!
    .getImageData(x0, y0, x1 - x0, y1 - y0).data;
  let odd = 0;
  for (let i = 0; i < d.length; i += 4)
    if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) odd++;
  expect(d[3], 'the polygon is drawn').toBeGreaterThan(0);
  expect(odd, 'pixels unlike the rest of the fill').toBe(0);
  return d[3]!;
}

describe('<dl-annotation-layer> after pan and zoom equals a from-scratch render', () => {
  it('the test can fail: a frame shifted by one device pixel, or missing a tile, is told apart', async () => {
    const view = { scale: 0.75, x: -120.4, y: -90.6 };
    const { viewer, layer } = await mountLayer(ANNS, { iw: 200, ih: 200, w: W, h: H });
    viewer.view = view;
    const snap = await settled(layer);
    const shifted = document.createElement('canvas');
    shifted.width = snap.width;
    shifted.height = snap.height;
    shifted.getContext('2d')!.drawImage(snap, 1, 0);
    expect(exactDiff(shifted, snap).diff).toBeGreaterThan(1000);
    const holed = document.createElement('canvas');
    holed.width = snap.width;
    holed.height = snap.height;
    const hctx = holed.getContext('2d')!;
    hctx.drawImage(snap, 0, 0);
    hctx.clearRect(256, 256, 256, 256);
    expect(blockDiff(holed, referenceRender(SCENE, view, W, H, devicePixelRatio)).bad).toBeGreaterThan(10);
  }, 60_000);

  it('after a pan across many tiles (fractional offsets, one view per animation frame)', async () => {
    const { viewer, layer } = await mountLayer(ANNS, { iw: 200, ih: 200, w: W, h: H });
    viewer.view = { scale: 0.9, x: 0, y: 0 };
    await settled(layer);
    const views: DlView[] = [];
    for (let i = 1; i <= 45; i++) views.push({ scale: 0.9, x: -i * 23.37, y: -i * 11.71 + 40 * Math.sin(i / 5) });
    await drive(viewer, views);
    const end = views.at(-1)!;
    expect(viewer.view).toEqual(end);
    await expectFromScratch(await settled(layer), end, layer.renderStats.level);
  }, 90_000);

  it('after a zoom in across three levels around a point', async () => {
    const { viewer, layer } = await mountLayer(ANNS, { iw: 200, ih: 200, w: W, h: H });
    viewer.view = { scale: 0.3, x: 0, y: 0 };
    await settled(layer);
    // Zoom about image point (1100, 800), which stays under screen point (300, 220).
    const views: DlView[] = [];
    for (let i = 1; i <= 40; i++) {
      const scale = 0.3 * 2 ** ((i / 40) * 3.2);
      views.push({ scale, x: 300 - 1100 * scale, y: 220 - 800 * scale });
    }
    await drive(viewer, views);
    const end = views.at(-1)!;
    expect(layer.renderStats.ideal).toBeGreaterThan(0);
    await expectFromScratch(await settled(layer), end, layer.renderStats.level);
  }, 90_000);

  it('after a zoom out (finer tiles kept while the coarser level fills in, then replaced)', async () => {
    const { viewer, layer } = await mountLayer(ANNS, { iw: 200, ih: 200, w: W, h: H });
    viewer.view = { scale: 2.2, x: -1900, y: -1500 };
    await settled(layer);
    const views: DlView[] = [];
    for (let i = 1; i <= 30; i++) {
      const scale = 2.2 * 2 ** ((-i / 30) * 2.6);
      views.push({ scale, x: 320 - 1000 * scale, y: 240 - 750 * scale });
    }
    await drive(viewer, views);
    const end = views.at(-1)!;
    expect(layer.renderStats.ideal).toBeLessThan(1);
    await expectFromScratch(await settled(layer), end, layer.renderStats.level);
  }, 90_000);
  it('at rest the tiles show as one flattened canvas equal to them; a pan brings the tile canvases back', async () => {
    const { viewer, layer } = await mountLayer(ANNS, { iw: 200, ih: 200, w: W, h: H });
    const tilesEl = layer.shadowRoot!.querySelector<HTMLElement>('.tiles')!;
    const shown = () => [...tilesEl.querySelectorAll('canvas')].filter((c) => getComputedStyle(c).display !== 'none');
    for (const view of [
      { scale: 0.77, x: -10.3, y: -7.7 },
      { scale: 1.63, x: -500.4, y: -300.6 },
    ]) {
      viewer.view = view;
      const snap = await settled(layer);
      await frames(2);
      const flat = shown();
      expect(flat.map((c) => c.className)).toEqual(['flat']);
      const e = exactDiff(snap, flat[0]!);
      expect(e.painted).toBeGreaterThan(snap.width * snap.height * 0.3);
      expect(e.diff).toBe(0);
      // The next view shows the tile canvases again, in the same frame.
      viewer.view = { ...view, x: view.x - 41.5 };
      await frames(1);
      expect(tilesEl.classList.contains('flat')).toBe(false);
      expect(shown().length).toBeGreaterThan(1);
      expect(shown().some((c) => c.className === 'flat')).toBe(false);
    }
  }, 90_000);
  it('with no shapes in view nothing is flattened at rest (no empty full-view canvas); shapes set later are', async () => {
    const { viewer, layer } = await mountLayer([], { iw: 200, ih: 200, w: W, h: H });
    const tilesEl = layer.shadowRoot!.querySelector<HTMLElement>('.tiles')!;
    viewer.view = { scale: 0.77, x: -10.3, y: -7.7 };
    await settled(layer);
    await frames(2);
    // An empty layer at rest: no canvas at all under the live overlay.
    expect(tilesEl.querySelectorAll('canvas').length).toBe(0);
    expect(tilesEl.classList.contains('flat')).toBe(false);
    layer.annotations = ANNS;
    const snap = await settled(layer);
    await frames(2);
    const flat = [...tilesEl.querySelectorAll('canvas')].filter((c) => getComputedStyle(c).display !== 'none');
    expect(flat.map((c) => c.className)).toEqual(['flat']);
    const e = exactDiff(snap, flat[0]!);
    expect(e.painted).toBeGreaterThan(snap.width * snap.height * 0.3);
    expect(e.diff).toBe(0);
  }, 90_000);
  it('no seam where tiles meet: every frame of a fractional pan under one big polygon is one colour', async () => {
    const big = ann(
      'segment',
      'sign',
      [
        [
          { x: 0, y: 0 },
          { x: 3000, y: 0 },
          { x: 3000, y: 3000 },
          { x: 0, y: 3000 },
        ],
      ],
      'big',
    );
    const { viewer, layer } = await mountLayer([big], { iw: 200, ih: 200, w: W, h: H });
    const dpr = devicePixelRatio;
    const inner: [number, number, number, number] = [0, 0, Math.floor(W * dpr), Math.floor(H * dpr)];
    let sharp = 0;
    for (const scale of [1, 0.77, 1.63]) {
      viewer.view = { scale, x: -10.3, y: -7.7 };
      await settled(layer);
      for (let i = 1; i <= 25; i++) {
        viewer.view = { scale, x: -10.3 - i * 37.29, y: -7.7 - i * 19.13 };
        await frames(1);
        // A frame that is not sharp may show a placeholder; the ones that are must be seamless.
        if (!layer.renderStats.sharp) continue;
        sharp++;
        expectUniform(layer, inner);
      }
    }
    // One shape per tile: cheap tiles, painted as they come into view, so nearly every frame is sharp.
    expect(sharp).toBeGreaterThan(50);
  }, 90_000);
});
