// Box to object (GrabCut) in <dl-annotation-layer>, with real input on the discs-and-rectangles scene
// and OpenCV in the assist worker: a dragged box gives the object as a mask or a polygon (checked
// against the known shapes), strokes refine it (one undo step each), Q / Alt pick the stroke kind;
// undo / redo show the strokes of the result they bring back at once and the object goes on after a
// redo; a first run cancelled (Escape, Ctrl+Z) gives back the selection the box set aside.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { configureAssist } from '../../workers/shared-assist.js';
import { realClick, realClickOn, realDrag, realPath, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import {
  at,
  events,
  holdWorker,
  iou,
  known,
  maskOf,
  mountScene,
  optionButton,
  said,
  showAnotherItem,
  until,
  placeCarBox,
} from './assist-test-utils.js';
import type { AnnotationJson } from './model/annotation-json.js';

vi.setConfig({ testTimeout: 120_000 }); // the worker's OpenCV start is slow on a loaded machine

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));
afterAll(() => configureAssist({})); // stops the assist worker

const pressed = (layer: HTMLElement, name: string) =>
  layer.shadowRoot!.querySelector(`[data-option="${name}"] button[aria-pressed="true"]`)?.getAttribute('data-value');

/** Pixels of the live canvas in background-stroke red (#ef4444 at 0.75) inside image rect x0..x1, y0..y1. */
function strokeInk(layer: DlAnnotationLayer, x0: number, y0: number, x1: number, y1: number): number {
  layer.drawNow();
  const c = layer.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!;
  const d = devicePixelRatio;
  const [ax, ay] = at(x0, y0);
  const [bx, by] = at(x1, y1);
  const px = c.getContext('2d')!.getImageData(ax * d, ay * d, (bx - ax) * d, (by - ay) * d).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4)
    if (px[i + 3]! > 150 && px[i]! > 200 && px[i + 1]! < 110 && px[i + 2]! < 110) n++;
  return n;
}

describe('<dl-annotation-layer> box to object (GrabCut)', () => {
  it('G picks it; a box around a disc gives the disc as a mask, around the rectangle (Output: Polygon) the rectangle', async () => {
    const { layer } = await mountScene();
    const log = events(layer);
    layer.focus();
    await userEvent.keyboard('g');
    expect(layer.tool).toBe('grabcut');
    await layer.updateComplete;

    await realDrag(...at(140, 95), ...at(211, 166), 4); // around the yellow disc
    await until(() => log.length === 1, 60_000, 'the GrabCut result');
    const mask = log[0]!.annotation;
    expect(log[0]!.type).toBe('dl-annotation-create');
    expect(mask.type).toBe('binary');
    expect(iou(await maskOf(mask), known('yellow-disc'))).toBeGreaterThanOrEqual(0.95);

    layer.focus();
    await userEvent.keyboard('{Enter}'); // this object is done
    await realClickOn(optionButton(layer, 'output', 'polygon'));
    await realDrag(...at(131, 23), ...at(220, 88), 4); // around the blue rectangle
    await until(() => log.length === 2, 20_000, 'the polygon');
    const poly = log[1]!.annotation;
    expect(poly.type).toBe('segment');
    expect(iou(await maskOf(poly), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
  });

  it('a background stroke takes out what the box caught besides the object; undo steps back, Enter ends', async () => {
    const { layer } = await mountScene({ tool: 'grabcut' });
    const log = events(layer);
    // a loose box around the red disc that also catches the green rectangle's left part
    await realDrag(...at(25, 35), ...at(117, 168), 4);
    await until(() => log.length === 1, 60_000, 'the first result');
    const first = await maskOf(log[0]!.annotation);
    const key = log[0]!.annotation.metadata!.system!.clientId;
    expect(iou(first, known('red-disc'))).toBeLessThan(0.9); // the green rectangle's part came with it
    expect(iou(first, known('green-rect'))).toBeGreaterThan(0.1);
    expect(pressed(layer, 'strokes')).toBe('fg');
    layer.focus();
    await userEvent.keyboard('q');
    await layer.updateComplete;
    expect(pressed(layer, 'strokes')).toBe('bg');
    const stroke: Array<[number, number]> = [at(30, 152), at(75, 152)];
    await realPath(stroke, 4);
    await until(() => log.length === 2, 20_000, 'the refinement');
    expect(log[1]!.type).toBe('dl-annotation-update');
    expect(log[1]!.annotation.metadata!.system!.clientId).toBe(key);
    expect(iou(await maskOf(log[1]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);

    // undo: the first result again; the object goes on from there (Alt draws the other kind: background)
    layer.focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => log.length === 3, 20_000, 'the undo');
    expect(iou(await maskOf(log[2]!.annotation), first)).toBe(1);
    await userEvent.keyboard('q');
    await layer.updateComplete;
    expect(pressed(layer, 'strokes')).toBe('fg');
    await realPath(stroke, 4, { alt: true });
    await until(() => log.length === 4, 20_000, 'the refinement after the undo');
    expect(log[3]!.annotation.metadata!.system!.clientId).toBe(key);
    expect(iou(await maskOf(log[3]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);

    // Enter ends the object: a drag inside its box is a new box, a new annotation
    layer.focus();
    await userEvent.keyboard('{Enter}');
    await realDrag(...at(140, 95), ...at(211, 166), 4);
    await until(() => log.length === 5, 20_000, 'the next object');
    expect(log[4]!.type).toBe('dl-annotation-create');
    expect(iou(await maskOf(log[4]!.annotation), known('yellow-disc'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toHaveLength(2);
  });

  it('Ctrl+Z takes the last stroke off the canvas at once; Ctrl+Shift+Z puts result and stroke back and the object goes on', async () => {
    const { layer } = await mountScene({ tool: 'grabcut' });
    const log = events(layer);
    await realDrag(...at(25, 35), ...at(117, 168), 4); // the red disc and part of the green rectangle
    await until(() => log.length === 1, 60_000, 'the first result');
    const key = log[0]!.annotation.metadata!.system!.clientId;
    const ink = () => strokeInk(layer, 32, 148, 73, 156); // around the background stroke
    expect(ink()).toBe(0);
    layer.focus();
    await realPress('q');
    await realPath([at(30, 152), at(75, 152)], 4); // background: takes the green part out
    await until(() => log.length === 2, 20_000, 'the refinement');
    const refined = await maskOf(log[1]!.annotation);
    expect(iou(refined, known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    expect(ink()).toBeGreaterThan(50);

    // the refinement is a pixels-only step: its undo / redo name it (not "create 0 objects")
    const live = () => said(layer);
    const car = `${layer.store.displayName(log[1]!.annotation.label)} mask`;
    layer.focus();
    await realPress('z', { ctrl: true });
    await until(() => log.length === 3, 20_000, 'the undo');
    await until(() => live() === `Undone: refine ${car}`, 5_000, `"Undone: refine ${car}", not "${live()}"`);
    expect(iou(await maskOf(log[2]!.annotation), known('red-disc'))).toBeLessThan(0.9);
    // no further input: the stroke of the undone result leaves the canvas
    await until(() => ink() === 0, 5_000, 'the undone stroke to leave the canvas');

    await realPress('z', { ctrl: true, shift: true });
    await until(() => log.length === 4, 20_000, 'the redo');
    await until(() => live() === `Redone: refine ${car}`, 5_000, `"Redone: refine ${car}", not "${live()}"`);
    expect(iou(await maskOf(log[3]!.annotation), refined)).toBe(1);
    await until(() => ink() > 50, 5_000, 'the redone stroke on the canvas');
    await page.screenshot({ path: '../../../test-results/grabcut-undo-redo.png' });

    // the object goes on after the redo: Backspace takes the stroke out of it again (a new run on the
    // same annotation; with the object ended it would delete the selected mask)
    await realPress('Backspace');
    await until(() => log.length === 5, 20_000, 'the run without the stroke');
    expect(log[4]!.type).toBe('dl-annotation-update');
    expect(log[4]!.annotation.metadata!.system!.clientId).toBe(key);
    expect(iou(await maskOf(log[4]!.annotation), known('red-disc'))).toBeLessThan(0.9);
    expect(ink()).toBe(0);
    expect(layer.annotations).toHaveLength(1);
  });

  it('a first run cancelled (Ctrl+Z or Escape) gives back the selection the box set aside; Ctrl+Z undoes nothing then', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    await placeCarBox(layer);
    const log = events(layer);
    await realClick(...at(20, 20)); // a first action (a step): OpenCV and the image are ready afterwards
    await until(() => log.length === 1, 60_000, 'the warm-up');
    layer.tool = 'grabcut';
    layer.select(['b1']);
    await layer.updateComplete;
    const sel = () => layer.selected.map((a) => a.id);
    const live = () => said(layer);
    const hold = await holdWorker();
    try {
      for (const how of ['ctrl-z', 'escape'] as const) {
        await realDrag(...at(140, 95), ...at(211, 166), 4); // the yellow disc: waits behind the busy worker
        expect(sel(), how).toEqual([]); // set aside by the box
        layer.focus();
        if (how === 'ctrl-z') await realPress('z', { ctrl: true });
        else await realPress('Escape');
        await until(() => sel().length > 0, 5_000, `the selection back (${how})`);
        expect(sel(), how).toEqual(['b1']);
        // both are heard: the cancel, and the selection it gave back (the live region shows one text)
        await until(
          () => live() === `Cancelled · Selected ${layer.store.displayName('car')} box`,
          5_000,
          `"Cancelled · Selected …" (${how}), not "${live()}"`,
        );
        // and it stays: the cancelled run's late answer says nothing over it
        await new Promise((r) => setTimeout(r, 300));
        expect(live(), how).toBe(`Cancelled · Selected ${layer.store.displayName('car')} box`);
      }
    } finally {
      await hold.release();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(log.map((e) => e.type)).toEqual(['dl-annotation-create']); // the warm-up's, not undone
    expect(layer.annotations).toHaveLength(2);
  });

  it('a first run that finds nothing (a box inside the flat red disc) gives back the selection and says so', async () => {
    const { layer } = await mountScene({ tool: 'grabcut' });
    await placeCarBox(layer);
    const log = events(layer);
    const sel = () => layer.selected.map((a) => a.id);
    const words = `Nothing found there · Selected ${layer.store.displayName('car')} box`;
    for (const output of ['mask', 'polygon'] as const) {
      await realClickOn(optionButton(layer, 'output', output));
      layer.select(['b1']);
      await layer.updateComplete;
      // box and margin (62..95 by 72..104 px) all inside the disc: no background colour apart from the object's
      // what the live region says from the drag on (the same words twice in a row would not show)
      const heard: string[] = [];
      const region = layer.shadowRoot!.querySelector('[role="status"][aria-live]')!;
      const seen = new MutationObserver(() => said(layer) && heard.push(said(layer)));
      seen.observe(region, { childList: true, characterData: true, subtree: true });
      await realDrag(...at(62, 72), ...at(78, 88), 4);
      // the run may be done already (a small region, a warm worker): no look at the selection set aside
      // meanwhile; the words show it came back in the run's task ("Selected …" joins only a change)
      await until(() => heard.includes(words), 60_000, `"${words}" (${output}), not ${JSON.stringify(heard)}`);
      seen.disconnect();
      expect(heard.at(-1), output).toBe(words);
      expect(sel(), output).toEqual(['b1']);
    }
    expect(log).toEqual([]); // nothing made
    expect(layer.annotations.map((a) => a.id)).toEqual(['b1']);
    // and nothing to undo: no step was made, and the box left with the run (a new Ctrl+Z is the history's)
    layer.focus();
    await realPress('z', { ctrl: true });
    await until(() => said(layer) === 'Nothing to undo', 5_000, `"Nothing to undo", not "${said(layer)}"`);
  });

  it('an object from before the viewer showed another item (same annotations array) ends: a stroke then is a new box, not a refinement on the new image', async () => {
    const { viewer, layer } = await mountScene({ tool: 'grabcut' });
    const log = events(layer);
    const annotations: AnnotationJson[] = []; // the host's array (the getter gives copies)
    layer.annotations = annotations;
    await realDrag(...at(25, 35), ...at(117, 168), 4); // the red disc and part of the green rectangle
    await until(() => log.length === 1, 60_000, 'the first result');
    layer.focus();
    await realPress('q'); // background strokes
    await showAnotherItem(viewer, layer, annotations);
    // a drag inside the old object's box, corner to corner of the red disc: on the old object it
    // would be a background stroke refining it (an update); with the object ended it is a new box
    await realPath([at(28, 38), at(114, 124)], 4);
    await until(() => log.length === 2, 20_000, 'the next result');
    expect(log[1]!.type).toBe('dl-annotation-create');
    expect(iou(await maskOf(log[1]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.9);
    expect(layer.annotations).toHaveLength(2);
  });
});
