// Watershed from scribbles in <dl-annotation-layer>, with real input on the discs-and-rectangles scene
// and OpenCV in the assist worker: strokes of two labels and the background give one mask per label
// (checked against the known shapes), in one undo step; fewer than two labels make nothing; a run that
// makes nothing gives back the selection the first stroke set aside.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { configureAssist } from '../../workers/shared-assist.js';
import { frames, realClickOn, realPath, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import {
  at,
  events,
  iou,
  known,
  maskOf,
  mountScene,
  optionsBar,
  placeCarBox,
  showAnotherItem,
  until,
} from './assist-test-utils.js';
import { ONTOLOGY } from './layer-test-utils.js';
import type { AnnotationJson } from './model/annotation-json.js';

vi.setConfig({ testTimeout: 120_000 }); // the worker's OpenCV start is slow on a loaded machine

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));
afterAll(() => configureAssist({})); // stops the assist worker

/** A stroke through image points. */
const scribble = (pts: Array<[number, number]>, o: { alt?: boolean } = {}) =>
  realPath(
    pts.map(([x, y]) => at(x, y)),
    3,
    o,
  );

/** Picks label `tag` in the layer's side panel, as a user does. */
async function pickLabel(layer: DlAnnotationLayer, tag: string): Promise<void> {
  const picker = layer.shadowRoot!.querySelector('dl-label-picker')!;
  await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  await realClickOn(picker.shadowRoot!.querySelector(`[data-tag="${tag}"]`)!);
  await layer.updateComplete;
}

describe('<dl-annotation-layer> watershed', () => {
  it('T picks it; strokes in car, person and the background make a car mask and a person mask, one undo step', async () => {
    const { layer } = await mountScene({ width: 840 });
    const log = events(layer);
    layer.panel = true;
    await layer.updateComplete;
    layer.focus();
    await userEvent.keyboard('t');
    expect(layer.tool).toBe('watershed');
    await pickLabel(layer, 'car');
    await scribble([
      [60, 70],
      [80, 90],
    ]); // in the red disc
    await pickLabel(layer, 'person');
    await scribble([
      [160, 45],
      [190, 65],
    ]); // in the blue rectangle
    // the background, with Alt (the bar's kind stays "label")
    await scribble(
      [
        [4, 4],
        [236, 4],
        [236, 176],
        [4, 176],
        [4, 8],
      ],
      { alt: true },
    );
    await scribble(
      [
        [122, 10],
        [122, 170],
      ],
      { alt: true },
    );
    layer.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => log.length === 2, 60_000, 'the masks');
    expect(log.map((e) => e.type)).toEqual(['dl-annotation-create', 'dl-annotation-create']);
    const byLabel = Object.fromEntries(log.map((e) => [e.annotation.label, e.annotation]));
    expect(Object.keys(byLabel).sort()).toEqual(['car', 'person']);
    expect(byLabel.car!.type).toBe('binary');
    expect(iou(await maskOf(byLabel.car!), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    expect(iou(await maskOf(byLabel.person!), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.selected).toHaveLength(2);

    // a digit now picks the next stroke's label (3: sign), it does not relabel the two new masks;
    // chosen while background strokes are on, it switches back to label strokes
    layer.focus();
    await userEvent.keyboard('q');
    await layer.updateComplete;
    const kind = () =>
      layer.shadowRoot!.querySelector('[data-option="strokes"] [aria-pressed="true"]')!.getAttribute('data-value');
    expect(kind()).toBe('background');
    await userEvent.keyboard('3');
    await layer.updateComplete;
    await frames(3);
    expect(layer.label).toBe('sign');
    expect(kind()).toBe('label');
    expect(layer.shadowRoot!.querySelector('[data-option="strokes"] [data-value="label"]')!.textContent).toBe('sign');
    expect(log).toHaveLength(2);
    expect(layer.annotations.map((a) => a.label).sort()).toEqual(['car', 'person']);
    expect(layer.selected).toHaveLength(2);

    layer.focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => log.length === 4, 20_000, 'the undo');
    expect(log.slice(2).map((e) => e.type)).toEqual(['dl-annotation-delete', 'dl-annotation-delete']);
    expect(layer.annotations).toEqual([]);
  });

  it('strokes of one label make nothing; Backspace removes a stroke, Esc clears them', async () => {
    const { layer } = await mountScene({ tool: 'watershed' });
    const log = events(layer);
    await scribble([
      [60, 70],
      [80, 90],
    ]);
    await scribble([
      [165, 45],
      [185, 60],
    ]);
    const run = layer.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="run"]')!;
    expect(run.disabled).toBe(false);
    layer.focus();
    await userEvent.keyboard('{Enter}');
    await frames(10);
    expect(log).toEqual([]);
    await userEvent.keyboard('{Backspace}{Backspace}');
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="run"]')!.disabled).toBe(true);
    await scribble([
      [60, 70],
      [80, 90],
    ]);
    await userEvent.keyboard('{Escape}');
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="run"]')!.disabled).toBe(true);
    expect(layer.tool).toBe('watershed');
  });

  it('strokes are a draft: the first sets the selection aside, Ctrl+Z takes back a stroke, Ctrl+Shift+Z puts it back, never the history', async () => {
    const { layer } = await mountScene({ tool: 'watershed' });
    await layer.updateComplete;
    // the hint tells of both keys, as the scissors' and GrabCut's do
    expect(optionsBar(layer)!.querySelector('.opt-hint')!.textContent).toMatch(/Ctrl\+Z .*Ctrl\+Shift\+Z/);
    await placeCarBox(layer);
    layer.select(['b1']);
    const log = events(layer);
    const live = () => layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim();
    const sel = () => layer.selected.map((a) => a.id);
    const runnable = async () => {
      await layer.updateComplete;
      return !layer.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="run"]')!.disabled;
    };
    await scribble([
      [60, 70],
      [80, 90],
    ]);
    expect(sel()).toEqual([]); // set aside by the first stroke
    await scribble([
      [165, 45],
      [185, 60],
    ]);
    layer.focus();
    await realPress('z', { ctrl: true }); // the second stroke
    await until(() => live() === '1 stroke', 5_000, 'the announcement');
    await realPress('z', { ctrl: true, shift: true });
    await until(() => live() === 'Stroke put back, 2 strokes', 5_000, 'the announcement');
    await realPress('z', { ctrl: true });
    await realPress('z', { ctrl: true }); // the only stroke left: the strokes close, the selection comes back
    expect(await runnable()).toBe(false);
    expect(sel()).toEqual(['b1']);
    await realPress('z', { ctrl: true, shift: true }); // reopens them with the first stroke, not the history's redo
    expect(await runnable()).toBe(true);
    expect(sel()).toEqual([]);
    await realPress('z', { ctrl: true, shift: true }); // the second
    await until(() => live() === 'Stroke put back, 2 strokes', 5_000, 'the announcement');
    await realPress('Escape'); // drops them: the selection comes back
    expect(await runnable()).toBe(false);
    expect(sel()).toEqual(['b1']);
    expect(log).toEqual([]);
  });

  it('a run that makes nothing (the label stroke drawn over by the background) gives the selection back', async () => {
    const { layer } = await mountScene({ tool: 'watershed' });
    await placeCarBox(layer);
    layer.select(['b1']);
    const log = events(layer);
    const sel = () => layer.selected.map((a) => a.id);
    const path: Array<[number, number]> = [
      [60, 70],
      [80, 90],
    ];
    await scribble(path);
    expect(sel()).toEqual([]); // set aside by the first stroke
    await scribble(path, { alt: true }); // background over all of it: the label keeps no marker
    layer.focus();
    await realPress('Enter');
    await until(() => sel().length > 0, 60_000, 'the selection back');
    expect(sel()).toEqual(['b1']);
    expect(log).toEqual([]);
    expect(layer.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="run"]')!.disabled).toBe(true);
  });

  /** Car strokes in the red disc (digit 1), person in the blue rectangle (digit 2), the background around them. */
  async function carPersonStrokes(layer: DlAnnotationLayer): Promise<void> {
    layer.focus();
    await userEvent.keyboard('1');
    await scribble([
      [60, 70],
      [80, 90],
    ]);
    layer.focus();
    await userEvent.keyboard('2');
    await scribble([
      [160, 45],
      [190, 65],
    ]);
    await scribble(
      [
        [4, 4],
        [236, 4],
        [236, 176],
        [4, 176],
        [4, 8],
      ],
      { alt: true },
    );
    await scribble(
      [
        [122, 10],
        [122, 170],
      ],
      { alt: true },
    );
  }

  it('strokes from before the viewer showed another item (same annotations array) are dropped: nothing runs on the new image', async () => {
    const { viewer, layer } = await mountScene({ tool: 'watershed' });
    const log = events(layer);
    const annotations: AnnotationJson[] = []; // the host's array (the getter gives copies)
    layer.annotations = annotations;
    await carPersonStrokes(layer);
    const run = () => layer.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="run"]')!;
    expect(run().disabled).toBe(false);
    await showAnotherItem(viewer, layer, annotations);
    expect(run().disabled).toBe(true);
    layer.focus();
    await userEvent.keyboard('{Enter}');
    await frames(10);
    expect(log).toEqual([]);
    // strokes on the new image work as ever
    await carPersonStrokes(layer);
    layer.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => log.length === 2, 60_000, 'the masks');
    expect(log.map((e) => e.annotation.label).sort()).toEqual(['car', 'person']);
  });

  it('strokes whose label left the ontology before the run make no mask of it: the other labels still do', async () => {
    const { layer } = await mountScene({ tool: 'watershed' });
    const log = events(layer);
    await carPersonStrokes(layer);
    // the host deletes the label "car" from the recipe: the current label becomes one that exists
    layer.ontology = { ...ONTOLOGY, roots: ONTOLOGY.roots.filter((r) => r.value.tag !== 'car') };
    await layer.updateComplete;
    expect(layer.label).toBe('person');
    layer.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => log.length === 1, 60_000, 'the person mask');
    await frames(10);
    expect(log.map((e) => [e.type, e.annotation.label])).toEqual([['dl-annotation-create', 'person']]);
    expect(iou(await maskOf(log[0]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations.map((a) => a.label)).toEqual(['person']);
  });
});
