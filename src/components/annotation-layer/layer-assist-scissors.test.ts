// Intelligent scissors in <dl-annotation-layer>, with real input on the discs-and-rectangles scene and
// OpenCV in the assist worker: a few clicks around an object close, along its edges, into a polygon
// equal to the known shape; Backspace, Esc, a click on the first point and the keyboard.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { configureAssist } from '../../workers/shared-assist.js';
import { frames, realClick, realPointer, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import {
  at,
  events,
  iou,
  known,
  maskOf,
  mountScene,
  placeCarBox,
  showAnotherItem,
  until,
} from './assist-test-utils.js';
import type { AnnotationJson } from './model/annotation-json.js';

vi.setConfig({ testTimeout: 120_000 }); // the worker's OpenCV start is slow on a loaded machine

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));
afterAll(() => configureAssist({})); // stops the assist worker

const points = (layer: DlAnnotationLayer) =>
  layer.shadowRoot!.querySelector('[data-readout="points"]')?.textContent?.trim() ?? '';

/** Clicks the points (image px) one by one, moving over each first as a hand does. */
async function clickAlong(pts: Array<[number, number]>): Promise<void> {
  for (const [x, y] of pts) {
    await realPointer('move', ...at(x, y), { steps: 3 });
    await realClick(...at(x, y));
  }
}

describe('<dl-annotation-layer> intelligent scissors', () => {
  it('S picks it; clicks around the red disc and Enter give a polygon along its edge', async () => {
    const { layer } = await mountScene();
    const log = events(layer);
    layer.focus();
    await userEvent.keyboard('s');
    expect(layer.tool).toBe('scissors');
    // five points on the disc's rim (centre 70,80, radius 38)
    const rim = [0, 72, 144, 216, 288].map((deg): [number, number] => {
      const a = (deg * Math.PI) / 180;
      return [Math.round(70 + 38 * Math.cos(a)), Math.round(80 + 38 * Math.sin(a))];
    });
    await clickAlong(rim);
    await layer.updateComplete;
    expect(points(layer)).toBe('5 points');
    layer.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => log.length === 1, 60_000, 'the polygon');
    const a = log[0]!.annotation;
    expect(a.type).toBe('segment');
    const ring = (a.coordinates as Array<Array<{ x: number; y: number }>>)[0]!;
    expect(ring.length).toBeGreaterThan(8); // it follows the curve, not the five chords
    expect(iou(await maskOf(a), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
  });

  it('the rectangle from its corners, closed by a click on the first point', async () => {
    const { layer } = await mountScene({ tool: 'scissors' });
    const log = events(layer);
    await clickAlong([
      [140, 30],
      [209, 30],
      [209, 79],
      [140, 79],
    ]);
    await realPointer('move', ...at(141, 31), { steps: 3 });
    await realClick(...at(141, 31)); // within 8 screen px of the first point: closes
    await until(() => log.length === 1, 60_000, 'the polygon');
    expect(iou(await maskOf(log[0]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
  });

  it('Backspace removes the last point, Esc drops the draft; nothing is created', async () => {
    const { layer } = await mountScene({ tool: 'scissors' });
    const log = events(layer);
    await clickAlong([
      [140, 30],
      [209, 30],
      [209, 79],
    ]);
    await layer.updateComplete;
    expect(points(layer)).toBe('3 points');
    layer.focus();
    await userEvent.keyboard('{Backspace}');
    await layer.updateComplete;
    expect(points(layer)).toBe('2 points');
    await userEvent.keyboard('{Enter}'); // two points do not make a polygon
    await frames(5);
    expect(log).toEqual([]);
    // Esc: first cancels what runs (if anything), then drops the draft
    await until(() => !layer.shadowRoot!.querySelector('[data-assist-status]'), 60_000, 'the work to finish');
    await userEvent.keyboard('{Escape}');
    await layer.updateComplete;
    expect(points(layer)).toBe('');
    expect(layer.tool).toBe('scissors');
    await userEvent.keyboard('{Enter}');
    await frames(5);
    expect(log).toEqual([]);
  });

  it('Ctrl+Z takes back a point and Ctrl+Shift+Z puts it back (its path along the edge too); the draft sets the selection aside', async () => {
    const { layer } = await mountScene({ tool: 'scissors' });
    await placeCarBox(layer);
    layer.select(['b1']);
    const log = events(layer);
    const live = () => layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim();
    const sel = () => layer.selected.map((a) => a.id);
    await clickAlong([
      [140, 30],
      [209, 30],
      [209, 79],
      [140, 79],
    ]);
    await layer.updateComplete;
    expect(sel()).toEqual([]); // set aside by the first point
    expect(points(layer)).toBe('4 points');
    layer.focus();
    await realPress('z', { ctrl: true });
    await layer.updateComplete;
    expect(points(layer)).toBe('3 points');
    const said = vi.spyOn(layer, 'announce');
    await realPress('z', { ctrl: true, shift: true });
    await layer.updateComplete;
    expect(points(layer)).toBe('4 points');
    await until(() => live() === 'Vertex put back, 4 in the draft', 5_000, 'the announcement');
    expect(said.mock.calls.map((c) => c[0])).toEqual(['Vertex put back, 4 in the draft']); // once, not "4 points" too
    said.mockRestore();
    await realPress('Enter');
    await until(() => log.length === 1, 60_000, 'the polygon');
    expect(iou(await maskOf(log[0]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
    // a one-point draft: Ctrl+Z closes it (the selection comes back), Ctrl+Shift+Z reopens it
    layer.select(['b1']);
    await clickAlong([[140, 30]]);
    expect(sel()).toEqual([]);
    layer.focus();
    await realPress('z', { ctrl: true });
    await layer.updateComplete;
    expect(points(layer)).toBe('');
    expect(sel()).toEqual(['b1']);
    await realPress('z', { ctrl: true, shift: true });
    await layer.updateComplete;
    expect(points(layer)).toBe('1 point');
    expect(sel()).toEqual([]);
    expect(layer.annotations).toHaveLength(2); // the history's redo did not run (nothing was undone there)
    await realPress('Escape'); // drops the draft: the selection comes back
    await layer.updateComplete;
    expect(points(layer)).toBe('');
    expect(sel()).toEqual(['b1']);
  });

  it('a draft (or a point Ctrl+Z took) from before the viewer showed another item (same annotations array) is dropped, not closed on the new image', async () => {
    const { viewer, layer } = await mountScene({ tool: 'scissors' });
    const log = events(layer);
    const annotations: AnnotationJson[] = []; // the host's array (the getter gives copies)
    layer.annotations = annotations;
    // Ctrl+Z takes the only point; another item; Ctrl+Shift+Z does not reopen the draft with it
    await clickAlong([[140, 30]]);
    layer.focus();
    await realPress('z', { ctrl: true });
    await layer.updateComplete;
    expect(points(layer)).toBe('');
    await showAnotherItem(viewer, layer, annotations);
    layer.focus();
    await realPress('z', { ctrl: true, shift: true });
    await layer.updateComplete;
    expect(points(layer)).toBe('');
    // three points, another item: the draft is gone, Enter closes nothing
    await clickAlong([
      [140, 30],
      [209, 30],
      [209, 79],
    ]);
    await layer.updateComplete;
    expect(points(layer)).toBe('3 points');
    await showAnotherItem(viewer, layer, annotations);
    expect(points(layer)).toBe('');
    layer.focus();
    await realPress('Enter');
    // the next draft is the rectangle alone: its polygon is the first thing made
    await clickAlong([
      [140, 30],
      [209, 30],
      [209, 79],
      [140, 79],
    ]);
    await realPointer('move', ...at(141, 31), { steps: 3 });
    await realClick(...at(141, 31));
    await until(() => log.length === 1, 60_000, 'the polygon');
    expect(iou(await maskOf(log[0]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toHaveLength(1);
  });
});
