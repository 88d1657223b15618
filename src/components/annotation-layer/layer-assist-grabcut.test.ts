// Box to object (GrabCut) in <dl-annotation-layer>, with real input on the discs-and-rectangles scene
// and OpenCV in the assist worker: a dragged box gives the object as a mask or a polygon (checked
// against the known shapes), strokes refine it (one undo step each), Q / Alt pick the stroke kind.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { configureAssist } from '../../workers/shared-assist.js';
import { realClickOn, realDrag, realPath } from '../internal/test-utils.js';
import { at, events, iou, known, maskOf, mountScene, optionButton, until } from './assist-test-utils.js';

vi.setConfig({ testTimeout: 120_000 }); // the worker's OpenCV start is slow on a loaded machine

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));
afterAll(() => configureAssist({})); // stops the assist worker

const pressed = (layer: HTMLElement, name: string) =>
  layer.shadowRoot!.querySelector(`[data-option="${name}"] button[aria-pressed="true"]`)?.getAttribute('data-value');

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
});
