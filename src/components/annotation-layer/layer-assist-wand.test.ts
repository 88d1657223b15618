// The magic wand in <dl-annotation-layer>, with real input on the discs-and-rectangles scene and
// OpenCV in the assist worker: regions as masks and polygons against the known shapes, tolerance
// keys and Shift+wheel, Shift adds and Alt subtracts, undo / redo; Ctrl+Z while a click is still
// working cancels that click, not the step before it; Ctrl+Shift+Z runs it again, not after another
// item was shown or its label left the ontology.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { base64ToBytes } from '../../geometry/codec/base64.js';
import { configureAssist } from '../../workers/shared-assist.js';
import {
  frames,
  nextEvent,
  realClick,
  realClickOn,
  realPointer,
  realPress,
  realWheel,
} from '../internal/test-utils.js';
import {
  at,
  events,
  holdWorker,
  iou,
  known,
  maskOf,
  mountScene,
  optionButton,
  optionsBar,
  SCENE,
  said,
  union,
  until,
} from './assist-test-utils.js';
import { ann, ONTOLOGY } from './layer-test-utils.js';
import type { AnnotationJson } from './model/annotation-json.js';

vi.setConfig({ testTimeout: 120_000 }); // the worker's OpenCV start is slow on a loaded machine

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));
afterAll(() => configureAssist({})); // stops the assist worker

const readout = (layer: HTMLElement) =>
  Number(layer.shadowRoot!.querySelector('[data-readout="tolerance"]')!.textContent);

/** Clicks scene point (x, y) while the assist worker is held busy, then Ctrl+Z cancels that still-working click. */
async function cancelWorkingClick(layer: HTMLElement, x: number, y: number): Promise<void> {
  const hold = await holdWorker();
  const status = () => layer.shadowRoot!.querySelector('[data-assist-status]');
  try {
    await realClick(...at(x, y)); // waits behind the busy worker
    await until(() => !!status(), 20_000, 'the click to be working');
    layer.focus();
    await realPress('z', { ctrl: true });
    await until(() => !status(), 5_000, 'the progress to go');
  } finally {
    await hold.release();
  }
}

describe('<dl-annotation-layer> magic wand', () => {
  it('W picks it; a click makes the region a mask, with Output: Polygon a polygon, each equal to the known shape', async () => {
    const { layer } = await mountScene();
    const log = events(layer);
    layer.focus();
    await userEvent.keyboard('w');
    expect(layer.tool).toBe('magic-wand');
    await layer.updateComplete;
    expect(optionButton(layer, 'output', 'mask').getAttribute('aria-pressed')).toBe('true');

    await realClick(...at(70, 80)); // red disc
    await until(() => log.length === 1, 60_000, 'the first wand result');
    const mask = log[0]!;
    expect(mask.type).toBe('dl-annotation-create');
    expect(mask.annotation.type).toBe('binary');
    expect(mask.annotation.label).toBe('car');
    expect(String(mask.annotation.coordinates)).toMatch(/^data:image\/png;base64,/);
    expect(iou(await maskOf(mask.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.selected.map((a) => a.metadata?.system?.clientId)).toEqual([
      mask.annotation.metadata?.system?.clientId,
    ]);

    await realClickOn(optionButton(layer, 'output', 'polygon'));
    await layer.updateComplete;
    expect(optionButton(layer, 'output', 'polygon').getAttribute('aria-pressed')).toBe('true');
    await realClick(...at(175, 55)); // blue rectangle
    await until(() => log.length === 2, 20_000, 'the polygon');
    const poly = log[1]!.annotation;
    expect(poly.type).toBe('segment');
    const rings = poly.coordinates as Array<Array<{ x: number; y: number }>>;
    expect(rings[0]!.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(rings[0]![0]!).sort()).toEqual(['x', 'y']);
    expect(iou(await maskOf(poly), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
  });

  it('the region under the pointer is previewed before the click', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const live = layer.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!;
    const alphaAt = (x: number, y: number) => {
      layer.drawNow();
      const d = devicePixelRatio;
      return live.getContext('2d')!.getImageData(Math.floor(x * d), Math.floor(y * d), 1, 1).data[3]!;
    };
    const inside = at(60, 70); // in the red disc, away from the pointer
    expect(alphaAt(...inside)).toBe(0);
    await realPointer('move', ...at(70, 80));
    await until(() => alphaAt(...inside) > 0, 60_000, 'the preview');
    expect(alphaAt(...at(20, 20))).toBe(0); // the background is not part of it
  });

  it('[ and ] and Shift+wheel change the tolerance shown; the plain wheel still zooms', async () => {
    const { layer, viewer } = await mountScene({ tool: 'magic-wand' });
    layer.focus();
    const t0 = readout(layer);
    expect(t0).toBe(32);
    await userEvent.keyboard('[[[[');
    await layer.updateComplete;
    expect(readout(layer)).toBe(24);
    await userEvent.keyboard(']');
    await layer.updateComplete;
    expect(readout(layer)).toBe(28);
    const view = viewer.view;
    await realWheel(...at(120, 100), -100, 0, { shift: true, times: 3 });
    await layer.updateComplete;
    expect(readout(layer)).toBe(34);
    expect(viewer.view).toEqual(view); // no zoom
    await realWheel(...at(120, 100), 100, 0, { shift: true });
    await layer.updateComplete;
    expect(readout(layer)).toBe(32);
    await realWheel(...at(120, 100), -100);
    await frames(2);
    expect(viewer.view.scale).toBeGreaterThan(view.scale);
    // the bar's buttons do the same
    const less = optionsBar(layer)!.querySelector<HTMLButtonElement>('[data-action="less"]')!;
    await realClickOn(less);
    await layer.updateComplete;
    expect(readout(layer)).toBe(28);
  });

  it('a low tolerance takes less: at 0 the flat-ish disc gives a few pixels, at 24 the whole disc', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    layer.focus();
    await userEvent.keyboard('[['.repeat(8)); // `[[` types one `[`: 32 - 8*4 = 0
    await layer.updateComplete;
    expect(readout(layer)).toBe(0);
    await realClick(...at(175, 130)); // yellow disc
    await until(() => log.length === 1, 60_000, 'the tolerance-0 region');
    const small = await maskOf(log[0]!.annotation);
    const area = small.reduce((s, v) => s + v, 0);
    expect(area).toBeGreaterThan(0);
    expect(area).toBeLessThan(100);
  });

  it('Shift+click adds to the selected mask, Alt+click subtracts; each is one undo step', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(70, 80)); // red disc
    await until(() => log.length === 1, 60_000, 'the mask');
    const key = log[0]!.annotation.metadata!.system!.clientId;

    await realClick(...at(175, 130), { shift: true }); // + yellow disc
    await until(() => log.length === 2, 20_000, 'the union');
    expect(log[1]!.type).toBe('dl-annotation-update');
    expect(log[1]!.annotation.metadata!.system!.clientId).toBe(key);
    expect(
      iou(await maskOf(log[1]!.annotation), union(known('red-disc'), known('yellow-disc'))),
    ).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toHaveLength(1);

    await realClick(...at(70, 80), { alt: true }); // − red disc
    await until(() => log.length === 3, 20_000, 'the difference');
    expect(iou(await maskOf(log[2]!.annotation), known('yellow-disc'))).toBeGreaterThanOrEqual(0.95);

    // undo: back to both discs, then to the red disc alone; redo: both again
    layer.focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => log.length === 4, 20_000, 'the undo');
    expect(
      iou(await maskOf(log[3]!.annotation), union(known('red-disc'), known('yellow-disc'))),
    ).toBeGreaterThanOrEqual(0.95);
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => log.length === 5, 20_000, 'the second undo');
    expect(iou(await maskOf(log[4]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    await userEvent.keyboard('{Control>}y{/Control}');
    await until(() => log.length === 6, 20_000, 'the redo');
    expect(
      iou(await maskOf(log[5]!.annotation), union(known('red-disc'), known('yellow-disc'))),
    ).toBeGreaterThanOrEqual(0.95);
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => log.length === 7, 20_000, 'the third undo');
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => log.length === 8, 20_000, 'undo to nothing');
    expect(log[7]!.type).toBe('dl-annotation-delete');
    expect(layer.annotations).toEqual([]);
  });

  it('on a selected polygon Shift adds and Alt subtracts, and it stays a polygon; Alt with nothing selected makes nothing', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(70, 80), { alt: true });
    await frames(5);
    expect(log).toEqual([]);
    // the left half of the blue rectangle (x 140..174), drawn by hand
    const half = [
      { x: 140, y: 30 },
      { x: 174, y: 30 },
      { x: 174, y: 79 },
      { x: 140, y: 79 },
    ];
    layer.annotations = [ann('segment', 'car', [half], 'half')];
    layer.select(['half']);
    await layer.updateComplete;
    await realClick(...at(195, 55), { shift: true }); // + the whole rectangle
    await until(() => log.length === 1, 60_000, 'the union');
    expect(log[0]!.type).toBe('dl-annotation-update');
    expect(log[0]!.annotation.id).toBe('half');
    expect(log[0]!.annotation.type).toBe('segment');
    expect(iou(await maskOf(log[0]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);

    // a polygon over the rectangle and a strip right of it; Alt+click on the rectangle leaves the strip
    const wide = [
      { x: 140, y: 30 },
      { x: 229, y: 30 },
      { x: 229, y: 79 },
      { x: 140, y: 79 },
    ];
    layer.annotations = [ann('segment', 'car', [wide], 'wide')];
    layer.select(['wide']);
    await layer.updateComplete;
    await realClick(...at(160, 50), { alt: true });
    await until(() => log.length === 2, 20_000, 'the difference');
    const strip = new Uint8Array(SCENE.width * SCENE.height);
    for (let y = 30; y < 80; y++) for (let x = 210; x < 230; x++) strip[y * SCENE.width + x] = 1;
    expect(log[1]!.annotation.type).toBe('segment');
    expect(iou(await maskOf(log[1]!.annotation), strip)).toBeGreaterThanOrEqual(0.95);
  });

  it('Ctrl+Z while a click is still working cancels that click, not the step before it', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(20, 20)); // a first click (a step): OpenCV and the image are ready afterwards
    await until(() => log.length === 1, 60_000, 'the first result');
    await cancelWorkingClick(layer, 70, 80); // the red disc
    await realClick(...at(175, 130)); // the yellow disc: a later click still works
    await until(() => log.length === 2, 20_000, 'the next result');
    expect(log.map((e) => e.type)).toEqual(['dl-annotation-create', 'dl-annotation-create']);
    expect(iou(await maskOf(log[1]!.annotation), known('yellow-disc'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toHaveLength(2); // the first click's mask stayed, the red disc never came
    expect(said(layer)).not.toContain('Undone');
  });

  it('Ctrl+Shift+Z right after Ctrl+Z cancelled a click runs the click again, not an older step', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const live = () => said(layer);
    await realClick(...at(20, 20)); // a first click (a step): OpenCV and the image are ready afterwards
    await until(() => log.length === 1, 60_000, 'the first result');
    await realClick(...at(175, 130)); // the yellow disc, then undone: the history's redo would bring it back
    await until(() => log.length === 2, 20_000, 'the yellow disc');
    layer.focus();
    await realPress('z', { ctrl: true });
    await until(() => log.length === 3, 20_000, 'the undo');
    expect(log[2]!.type).toBe('dl-annotation-delete');
    await cancelWorkingClick(layer, 70, 80); // the red disc
    // everything the live region says from here on (the click's result follows its words quickly)
    const heard: string[] = [];
    const region = layer.shadowRoot!.querySelector('[role="status"][aria-live]')!;
    const seen = new MutationObserver(() => live() && heard.push(live()));
    seen.observe(region, { childList: true, characterData: true, subtree: true });
    await realPress('z', { ctrl: true, shift: true });
    await until(() => log.length === 4, 20_000, 'the click run again');
    expect(log[3]!.type).toBe('dl-annotation-create');
    expect(iou(await maskOf(log[3]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    await until(() => heard.length >= 2, 5_000, `its words, not ${JSON.stringify(heard)}`);
    seen.disconnect();
    expect(heard.slice(0, 2)).toEqual(['Click put back', `Created ${layer.store.displayName('car')} mask`]);
    expect(layer.annotations).toHaveLength(2); // the first click's and the red disc: the yellow disc stayed undone
    // the click is a step now, and the store's redo is gone with it (a new step)
    await realPress('z', { ctrl: true, shift: true });
    await until(() => live() === 'Nothing to redo', 5_000, `"Nothing to redo", not "${live()}"`);
    expect(log).toHaveLength(4);
  });
  it('a click cancelled before the viewer showed another item (same annotations array) is not run on the new image by Ctrl+Shift+Z', async () => {
    const { viewer, layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const annotations: AnnotationJson[] = []; // the host's array (the getter gives copies)
    layer.annotations = annotations;
    await realClick(...at(20, 20)); // a first click (a step): OpenCV and the image are ready afterwards
    await until(() => log.length === 1, 60_000, 'the first result');
    await cancelWorkingClick(layer, 70, 80); // the red disc
    // the host opens another item and passes the same annotations on (nothing changed in the store)
    const loaded = nextEvent(viewer, 'dl-item-load');
    viewer.blob = new Blob([base64ToBytes(SCENE.png) as BlobPart], { type: 'image/png' });
    await loaded;
    layer.annotations = annotations;
    await layer.updateComplete;
    layer.focus();
    await realPress('z', { ctrl: true, shift: true });
    await until(
      () => said(layer) === 'Click not put back: another image is shown',
      5_000,
      `the reason, not "${said(layer)}"`,
    );
    // a click now is the next result: the cancelled one (red disc) never ran before it
    await realClick(...at(175, 130)); // the yellow disc
    await until(() => log.length === 2, 20_000, 'the next result');
    expect(log.map((e) => e.type)).toEqual(['dl-annotation-create', 'dl-annotation-create']);
    expect(iou(await maskOf(log[1]!.annotation), known('yellow-disc'))).toBeGreaterThanOrEqual(0.95);
  });

  it('a click cancelled before its label left the ontology is not run again by Ctrl+Shift+Z (it says why)', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(20, 20)); // a first click (a step): OpenCV and the image are ready afterwards
    await until(() => log.length === 1, 60_000, 'the first result');
    expect(log[0]!.annotation.label).toBe('car');
    await cancelWorkingClick(layer, 70, 80); // the red disc, as a car
    // the host deletes the label "car" from the recipe
    layer.ontology = { ...ONTOLOGY, roots: ONTOLOGY.roots.filter((r) => r.value.tag !== 'car') };
    await layer.updateComplete;
    layer.focus();
    await realPress('z', { ctrl: true, shift: true });
    await until(
      () => said(layer) === 'Click not put back: label car is gone',
      5_000,
      `the reason, not "${said(layer)}"`,
    );
    layer.label = 'person';
    await layer.updateComplete;
    await realClick(...at(175, 130)); // the yellow disc, as a person
    await until(() => log.length === 2, 20_000, 'the next result');
    expect(log.map((e) => [e.type, e.annotation.label])).toEqual([
      ['dl-annotation-create', 'car'],
      ['dl-annotation-create', 'person'],
    ]);
    expect(iou(await maskOf(log[1]!.annotation), known('yellow-disc'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toHaveLength(2);
  });

  it('a click still working when its label leaves the ontology makes nothing with that label (it says why)', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(20, 20)); // a first click (a step): OpenCV and the image are ready afterwards
    await until(() => log.length === 1, 60_000, 'the first result');
    const status = () => layer.shadowRoot!.querySelector('[data-assist-status]');
    const hold = await holdWorker();
    try {
      await realClick(...at(70, 80)); // the red disc, as a car: waits behind the busy worker
      await until(() => !!status(), 20_000, 'the click to be working');
      // the host deletes the label "car" from the recipe while the click works
      layer.ontology = { ...ONTOLOGY, roots: ONTOLOGY.roots.filter((r) => r.value.tag !== 'car') };
      await layer.updateComplete;
      expect(layer.label).toBe('person');
    } finally {
      await hold.release();
    }
    await until(() => said(layer) === 'Not made: label car is gone', 20_000, `the reason, not "${said(layer)}"`);
    expect(log).toHaveLength(1);
    expect(layer.annotations.map((a) => a.label)).toEqual(['car']);
  });

  it('after "Click not put back", a second Ctrl+Shift+Z has nothing to redo: the older undone step stays undone', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(20, 20)); // a first click (a step)
    await until(() => log.length === 1, 60_000, 'the first result');
    layer.focus();
    await realPress('z', { ctrl: true }); // the history's undo: that step waits on the redo stack
    await until(() => log.length === 2, 5_000, 'the undo');
    expect(layer.annotations).toHaveLength(0);
    await cancelWorkingClick(layer, 70, 80); // the red disc, as a car
    layer.ontology = { ...ONTOLOGY, roots: ONTOLOGY.roots.filter((r) => r.value.tag !== 'car') };
    await layer.updateComplete;
    layer.focus();
    await realPress('z', { ctrl: true, shift: true });
    await until(
      () => said(layer) === 'Click not put back: label car is gone',
      5_000,
      `the reason, not "${said(layer)}"`,
    );
    await realPress('z', { ctrl: true, shift: true });
    await until(() => said(layer) === 'Nothing to redo', 5_000, `nothing to redo, not "${said(layer)}"`);
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toHaveLength(2);
    expect(layer.annotations).toHaveLength(0);
  });
});
