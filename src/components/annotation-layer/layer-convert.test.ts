// Conversions from a shape's panel through the real geometry worker (OpenCV in a Web Worker).
import { afterEach, describe, expect, it } from 'vitest';
import '../../workers/register.js';
import { ann, mountLayer, recordEvents, rectMaskUrl } from './layer-test-utils.js';
import { frames, nextEvent, realClickOn, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { stepWords } from './view/words.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

async function openPanel(layer: DlAnnotationLayer, id: string) {
  layer.panel = true;
  layer.select([id]);
  await layer.updateComplete;
  // The panel settles first: its label picker renders a frame later and grows, and the panel then
  // scrolls to keep the selection's actions in view (view/panel-fit.ts), as a person sees before
  // clicking. A click measured before that scroll landed beside the button.
  await frames(4);
}
const button = (layer: DlAnnotationLayer, text: string) =>
  [...layer.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')].find(
    (b) => b.textContent!.trim() === text,
  )!;

/** Whether an element matching `sel` is ever added under `root` (the progress indicator may come and go quickly). */
function watchFor(root: Node, sel: string): () => boolean {
  let seen = false;
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) if (n instanceof Element && (n.matches(sel) || n.querySelector(sel))) seen = true;
  }).observe(root, { childList: true, subtree: true });
  return () => seen;
}

async function until(f: () => boolean, ms = 20_000) {
  const t0 = performance.now();
  while (!f()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('<dl-annotation-layer> conversions (geometry worker)', () => {
  it('mask -> polygons and box from mask, with a progress indicator', async () => {
    const { layer } = await mountLayer([ann('binary', 'car', await rectMaskUrl(100, 100, 40, 30), 'm1')]);
    await until(() => layer.store.shapes.masks.has('m1'));
    await openPanel(layer, 'm1');
    const log = recordEvents(layer);
    const made = nextEvent<CustomEvent>(layer, 'dl-annotation-create', 30_000);
    const sawProgress = watchFor(layer.shadowRoot!, 'progress');
    await realClickOn(button(layer, 'Mask to polygons')); // the real mouse
    const poly = (await made).detail.annotation;
    expect(sawProgress()).toBe(true);
    expect(poly.type).toBe('segment');
    expect(poly.label).toBe('car');
    // OpenCV contours run through the centres of the boundary pixels: columns 100..139, rows 100..129.
    const pts = poly.coordinates[0].map((p: { x: number; y: number }) => `${p.x},${p.y}`).sort();
    expect(pts).toEqual(['100,100', '100,129', '139,100', '139,129']);
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('progress')).toBeNull();
    await openPanel(layer, 'm1');
    const box = nextEvent<CustomEvent>(layer, 'dl-annotation-create', 30_000);
    await realClickOn(button(layer, 'Box from mask'));
    expect((await box).detail.annotation.coordinates).toEqual([
      { x: 100, y: 100, z: 0 },
      { x: 139, y: 129, z: 0 },
    ]);
    expect(log.filter((e) => e.type === 'dl-annotation-create').length).toBe(2);
    // Each conversion is one undo step that says what it was, and redo selects what it made again.
    const live = () => layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim();
    const boxKey = layer.selected[0]!.metadata!.system!.clientId;
    layer.focus();
    await realPress('z', { ctrl: true });
    await layer.updateComplete;
    expect(live()).toBe('Undone: convert Car mask to box');
    expect(layer.annotations.map((a) => a.type).sort()).toEqual(['binary', 'segment']);
    await realPress('z', { ctrl: true, shift: true });
    await layer.updateComplete;
    expect(live()).toBe('Redone: convert Car mask to box');
    expect(layer.selected.map((a) => a.metadata!.system!.clientId)).toEqual([boxKey]);
    await realPress('z', { ctrl: true });
    await realPress('z', { ctrl: true });
    await layer.updateComplete;
    expect(live()).toBe('Undone: convert Car mask to polygon');
    expect(layer.annotations.map((a) => a.type)).toEqual(['binary']);
  }, 60_000);

  it('a conversion that makes several shapes is one step: a two-blob mask to 2 polygons, one Ctrl+Z removes both', async () => {
    const { layer } = await mountLayer([
      ann('binary', 'car', await rectMaskUrl(40, 40, 30, 20, [200, 150, 40, 30]), 'm1'),
    ]);
    await until(() => layer.store.shapes.masks.has('m1'));
    await openPanel(layer, 'm1');
    const log = recordEvents(layer);
    await realClickOn(button(layer, 'Mask to polygons'));
    const creates = () => log.filter((e) => e.type === 'dl-annotation-create').length;
    await until(() => creates() === 2);
    const live = () => layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim();
    const types = () => layer.annotations.map((a) => a.type).sort();
    expect(types()).toEqual(['binary', 'segment', 'segment']);
    expect(layer.selected.map((a) => a.type)).toEqual(['segment', 'segment']);
    layer.focus();
    await realPress('z', { ctrl: true });
    await layer.updateComplete;
    expect(live()).toBe('Undone: convert Car mask to 2 polygons');
    expect(types()).toEqual(['binary']); // both, by one undo
    // the undo brings back the mask as it was before: its source, selected again (as other undos select what came back)
    expect(layer.selected.map((a) => a.id)).toEqual(['m1']);
    await realPress('z', { ctrl: true, shift: true });
    await layer.updateComplete;
    expect(live()).toBe('Redone: convert Car mask to 2 polygons');
    expect(types()).toEqual(['binary', 'segment', 'segment']);
    expect(layer.selected.map((a) => a.type)).toEqual(['segment', 'segment']); // redo selects the results
    // the words without the step's action: a plain create
    const poly = { label: 'car', type: 'segment' };
    const changes = [1, 2, 3].map(() => ({ before: null, after: poly }));
    expect(stepWords(changes, (t) => (t === 'car' ? 'Car' : t))).toBe('create 3 objects');
  }, 60_000);

  it('createMany (conversions, assisted results) clamps to the image as create does, and names one result by display name and type', async () => {
    const { layer } = await mountLayer([]);
    layer.label = 'car';
    const commit = (layer as unknown as { commit: { createMany(items: object[]): string[] } }).commit;
    commit.createMany([
      {
        type: 'box',
        coordinates: [
          { x: -20, y: -10, z: 0 },
          { x: 50, y: 350, z: 0 },
        ],
      },
    ]);
    await new Promise((r) => setTimeout(r, 0)); // the live region speaks a moment later
    await layer.updateComplete;
    const [made] = layer.annotations;
    expect(made!.coordinates).toEqual([
      { x: 0, y: 0, z: 0 },
      { x: 50, y: 300, z: 0 },
    ]);
    expect(layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim()).toBe('Created Car box');
  });

  it('polygon -> mask', async () => {
    const { layer } = await mountLayer([
      ann(
        'segment',
        'sign',
        [
          [
            { x: 10, y: 10 },
            { x: 50, y: 10 },
            { x: 50, y: 40 },
            { x: 10, y: 40 },
          ],
        ],
        'p1',
      ),
    ]);
    await openPanel(layer, 'p1');
    const made = nextEvent<CustomEvent>(layer, 'dl-annotation-create', 30_000);
    await realClickOn(button(layer, 'Polygon to mask'));
    const a = (await made).detail.annotation;
    expect(a.type).toBe('binary');
    const bmp = await createImageBitmap(await (await fetch(a.coordinates)).blob(), { premultiplyAlpha: 'none' });
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let set = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 127) set++;
    // A filled contour includes its boundary pixels: 41 × 31.
    expect(set).toBe(41 * 31);
    expect([d[(25 * 400 + 30) * 4], d[(25 * 400 + 30) * 4 + 2]]).toEqual([0, 255]); // sign is #0000ff
  }, 60_000);
});
