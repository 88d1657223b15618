import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { ann, carBox, layerPixel, mountLayer, recordEvents, handle, centre } from './layer-test-utils.js';
import { frames, realClick, realDrag } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

const BOX = () => carBox();
const POLY = () =>
  ann(
    'segment',
    'person',
    [
      [
        { x: 200, y: 20 },
        { x: 300, y: 20 },
        { x: 300, y: 120 },
        { x: 200, y: 120 },
      ],
    ],
    'p1',
  );
const ELL = () => ann('ellipse', 'sign', { angle: 0, center: { x: 100, y: 200, z: 0 }, rx: 40, ry: 20 }, 'e1');

// Pointer input is real (trusted mouse events via Playwright): Chromium picks the target (a handle,
// the layer) by hit-testing the aimed client point. The layer is at 1:1 at the page's top-left.
async function focus(l: DlAnnotationLayer) {
  l.focus();
  await l.updateComplete;
}

describe('<dl-annotation-layer> selection', () => {
  it('click, shift-click, click on empty and shift-drag box-select fire dl-selection-change with JSON', async () => {
    const { layer } = await mountLayer([BOX(), POLY(), ELL()]);
    const log = recordEvents(layer);
    await realClick(70, 50);
    expect(log.map((e) => e.type)).toEqual(['dl-selection-change']);
    expect(log[0].detail.selected.map((a: any) => a.id)).toEqual(['b1']);
    expect(log[0].detail.selected[0].metadata.system.unknownKey).toBe(7);
    await realClick(250, 70, { shift: true });
    expect(log[1].detail.selected.map((a: any) => a.id).sort()).toEqual(['b1', 'p1']);
    // A click on empty image clears (the viewer gets the pointer for panning).
    await realClick(380, 280);
    expect(log[2].detail.selected).toEqual([]);
    // Shift-drag around the ellipse only.
    await realDrag(50, 170, 150, 230, 4, { shift: true });
    expect(log[3].detail.selected.map((a: any) => a.id)).toEqual(['e1']);
    expect(layer.selected.map((a) => a.id)).toEqual(['e1']);
    await layer.updateComplete;
    // Only the selected shape gets DOM handles.
    expect(layer.shadowRoot!.querySelectorAll('.handle').length).toBe(3);
  });

  it('accepts an AnnotationCollection (detected by toJson) as well as JSON', async () => {
    const { AnnotationCollection } = await import('../../entities/annotations/index.js');
    const coll = AnnotationCollection.fromJson([BOX(), POLY()], { isVideo: false });
    const { layer } = await mountLayer(coll);
    expect(layer.store.shapes.size).toBe(2);
    expect(layer.annotations).toEqual(coll.toJsonList());
    expect(layer.store.shapes.get('b1')!.box).toMatchObject({ left: 20, top: 20, right: 120, bottom: 80 });
  });

  it('never fires events on programmatic sets', async () => {
    const { layer } = await mountLayer([BOX()]);
    const log = recordEvents(layer);
    layer.annotations = [BOX(), POLY()];
    layer.select(['p1']);
    layer.tool = 'box';
    layer.ontology = { roots: [] };
    await layer.updateComplete;
    await frames(2);
    expect(log).toEqual([]);
    expect(layer.selected.map((a) => a.id)).toEqual(['p1']);
  });
});

describe('<dl-annotation-layer> editing', () => {
  it('moves a box by dragging: one update with the exact offset, unknown keys kept', async () => {
    const { layer } = await mountLayer([BOX()]);
    const log = recordEvents(layer);
    await realDrag(70, 50, 95, 40, 5);
    const up = log.filter((e) => e.type === 'dl-annotation-update');
    expect(up.length).toBe(1);
    expect(up[0].detail.annotation.coordinates).toEqual([
      { x: 45, y: 10, z: 0 },
      { x: 145, y: 70, z: 0 },
    ]);
    expect(up[0].detail.previous.coordinates).toEqual(BOX().coordinates);
    expect(up[0].detail.annotation.metadata.system.unknownKey).toBe(7);
    expect(up[0].detail.annotation.id).toBe('b1');
    // The overlay repaints only its damage rect: nothing is left where the box was.
    await frames(2);
    expect(layerPixel(layer, 20, 75, 1)[3]).toBe(0);
    expect(layerPixel(layer, 45, 40, 1)[0]).toBeGreaterThan(200);
  });

  it('resizes from a corner and rotates with the rotation handle', async () => {
    const { layer, viewer } = await mountLayer([BOX()]);
    // The image 60 px lower on screen: at 1:1 the rotation handle (24 px above the box's top edge at
    // y 20) would be off the page, and 40 px lower under the Objects toggle, out of a real mouse's
    // reach either way. Screen y = image y + 60 below.
    viewer.view = { scale: 1, x: 0, y: 60 };
    layer.select(['b1']);
    await layer.updateComplete;
    await frames(2);
    const log = recordEvents(layer);
    await realDrag(120, 80 + 60, 150, 100 + 60);
    expect(log.at(-1)!.detail.annotation.coordinates).toEqual([
      { x: 20, y: 20, z: 0 },
      { x: 150, y: 100, z: 0 },
    ]);
    await layer.updateComplete;
    // Centre is (85, 60); a pointer straight right of it means 90°.
    const [hx, hy] = centre(handle(layer, 'rot'));
    expect(hy).toBeGreaterThan(46);
    await realDrag(hx, hy, 85 + 200, 60 + 60, 6);
    const c = log.at(-1)!.detail.annotation.coordinates;
    expect(c[2]).toBeCloseTo(90, 6);
    // Turned 90° the 130×80 box would reach 5 px above the image (y 60 - 65): it is pushed down onto
    // the image, same size and angle, its turned corners all inside.
    expect(c[0].x).toBeCloseTo(20, 6);
    expect(c[1].x).toBeCloseTo(150, 6);
    expect(c[0].y).toBeCloseTo(25, 6);
    expect(c[1].y).toBeCloseTo(105, 6);
  });

  it('resizes a rotated box keeping the opposite corner fixed', async () => {
    const { layer } = await mountLayer([
      ann('box', 'car', [{ x: 100, y: 100, z: 0 }, { x: 200, y: 140, z: 0 }, 90], 'r1'),
    ]);
    layer.select(['r1']);
    await layer.updateComplete;
    const log = recordEvents(layer);
    // Rotated 90° about (150,120): local 'se' corner (+50,+20) sits at (130, 170); 'nw' at (170, 70).
    const [sx, sy] = centre(handle(layer, 'se'));
    expect(sx).toBeCloseTo(130, 0);
    expect(sy).toBeCloseTo(170, 0);
    await realDrag(sx, sy, 120, 180);
    const [p1, p2, angle] = log.at(-1)!.detail.annotation.coordinates;
    expect(angle).toBe(90);
    // nw stays at (170, 70): recompute it from the new box.
    const cx = (p1.x + p2.x) / 2;
    const cy = (p1.y + p2.y) / 2;
    const hw = (p2.x - p1.x) / 2;
    const hh = (p2.y - p1.y) / 2;
    // Rotating local (-hw, -hh) by 90° gives (hh, -hw).
    expect(cx + hh).toBeCloseTo(170, 6);
    expect(cy - hw).toBeCloseTo(70, 6);
    expect(hw * 2).toBeCloseTo(110, 6); // local width grew by 10 (pointer moved 10 down)
    expect(hh * 2).toBeCloseTo(50, 6); // local height grew by 10 (pointer moved 10 left)
  });

  it('drags, inserts (midpoint) and deletes (Alt+click, Delete key) polygon vertices', async () => {
    const { layer } = await mountLayer([POLY()]);
    layer.select(['p1']);
    await layer.updateComplete;
    const log = recordEvents(layer);
    await realDrag(200, 20, 190, 10);
    expect(log.at(-1)!.detail.annotation.coordinates[0][0]).toEqual({ x: 190, y: 10 });
    await layer.updateComplete;
    const [mx, my] = centre(handle(layer, 'm:1'));
    await realDrag(mx, my, 320, 70);
    let ring = log.at(-1)!.detail.annotation.coordinates[0];
    expect(ring.length).toBe(5);
    expect(ring[2]).toEqual({ x: 320, y: 70 });
    await layer.updateComplete;
    await realClick(320, 70, { alt: true });
    ring = log.at(-1)!.detail.annotation.coordinates[0];
    expect(ring.length).toBe(4);
    expect(ring).not.toContainEqual({ x: 320, y: 70 });
    await layer.updateComplete;
    // Select a vertex (press its handle), then Delete.
    await realClick(200, 120);
    await focus(layer);
    await userEvent.keyboard('{Delete}');
    ring = log.at(-1)!.detail.annotation.coordinates[0];
    expect(ring).toEqual([
      { x: 190, y: 10 },
      { x: 300, y: 20 },
      { x: 300, y: 120 },
    ]);
    // A triangle keeps its last three vertices.
    await layer.updateComplete;
    await realClick(190, 10, { alt: true });
    expect(log.at(-1)!.detail.annotation.coordinates[0].length).toBe(3);
  });

  it('resizes an ellipse radius', async () => {
    const { layer } = await mountLayer([ELL()]);
    layer.select(['e1']);
    await layer.updateComplete;
    const log = recordEvents(layer);
    await realDrag(140, 200, 160, 205);
    expect(log.at(-1)!.detail.annotation.coordinates).toEqual({
      angle: 0,
      center: { x: 100, y: 200, z: 0 },
      rx: 60,
      ry: 20,
    });
  });

  it('nudges with arrows (bursts undo as one step), deletes, undoes and redoes with events', async () => {
    const { layer } = await mountLayer([BOX()]);
    layer.select(['b1']);
    await focus(layer);
    const log = recordEvents(layer);
    // The store's clock, driven by the test so the 250 ms window does not depend on machine load.
    let now = 1000;
    layer.store.annotations.now = () => now;
    await userEvent.keyboard('{ArrowLeft}');
    now += 400; // a separate step
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    now += 200;
    await userEvent.keyboard('{ArrowRight}');
    now += 200; // each within 250 ms of the previous: merged
    await userEvent.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(log.filter((e) => e.type === 'dl-annotation-update').length).toBe(5);
    expect(log.at(-1)!.detail.annotation.coordinates[0]).toEqual({ x: 22, y: 30, z: 0 });
    await userEvent.keyboard('{Control>}z{/Control}');
    // One undo takes back the merged burst, back to after the first (separate) nudge.
    expect(log.at(-1)!.detail.annotation.coordinates[0]).toEqual({ x: 19, y: 20, z: 0 });
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(log.at(-1)!.type).toBe('dl-annotation-update');
    expect(log.at(-1)!.detail.annotation.coordinates).toEqual(BOX().coordinates);
    expect(log.at(-1)!.detail.annotation.coordinates).toEqual(BOX().coordinates);
    await userEvent.keyboard('{Control>}y{/Control}');
    expect(log.at(-1)!.detail.annotation.coordinates[0]).toEqual({ x: 19, y: 20, z: 0 });
    await userEvent.keyboard('{Meta>}{Shift>}z{/Shift}{/Meta}');
    expect(log.at(-1)!.detail.annotation.coordinates[0]).toEqual({ x: 22, y: 30, z: 0 });
    await userEvent.keyboard('{Delete}');
    expect(log.slice(-2).map((e) => e.type)).toEqual(['dl-annotation-delete', 'dl-selection-change']);
    expect(log.at(-2)!.detail.annotation.id).toBe('b1');
    expect(layer.annotations).toEqual([]);
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}'); // redo stack is empty after a new edit
    expect(layer.annotations).toEqual([]);
    await userEvent.keyboard('{Control>}z{/Control}');
    // the undone delete brings the box back, selected
    expect(log.slice(-2).map((e) => e.type)).toEqual(['dl-annotation-create', 'dl-selection-change']);
    expect(log.at(-2)!.detail.annotation.id).toBe('b1');
    expect(log.at(-1)!.detail.selected.map((a: { id: string }) => a.id)).toEqual(['b1']);
    expect(layer.annotations.length).toBe(1);
  });

  it('Space + drag pans the viewer even over a shape; a plain drag on empty image pans too', async () => {
    const { layer, viewer } = await mountLayer([BOX()]);
    const log = recordEvents(layer);
    await focus(layer);
    await userEvent.keyboard('{ >}'); // hold Space
    await realDrag(70, 50, 100, 60, 3);
    await userEvent.keyboard('{/ }');
    expect(viewer.view.scale).toBe(1);
    expect(viewer.view.x).toBeCloseTo(30, 9);
    expect(viewer.view.y).toBeCloseTo(10, 9);
    expect(log.filter((e) => e.type === 'dl-annotation-update')).toEqual([]);
    await realDrag(300, 250, 310, 250, 3);
    expect(viewer.view.x).toBeCloseTo(40, 9);
  });

  it('a pasted label this ontology lacks takes the current label, and the layer says so; a known label is kept', async () => {
    // A truck box as a copy from another ontology's layer carries it (the clipboard is the page's).
    const truck = ann(
      'box',
      'truck',
      [
        { x: 200, y: 100, z: 0 },
        { x: 260, y: 150, z: 0 },
      ],
      't1',
    );
    const { layer } = await mountLayer([BOX(), truck]);
    layer.label = 'person';
    await layer.updateComplete;
    const status = () => layer.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
    const flash = () => layer.shadowRoot!.querySelector('.flash')?.textContent?.trim() ?? '';
    // The same ontology: labels kept, the plain words.
    layer.select(['b1']);
    await focus(layer);
    const log = recordEvents(layer);
    await userEvent.keyboard('{Control>}c{/Control}{Control>}v{/Control}');
    await layer.updateComplete;
    expect(log.filter((e) => e.type === 'dl-annotation-create').map((e) => e.detail.annotation.label)).toEqual(['car']);
    expect(status()).toBe('Pasted 1 annotation');
    // Shown too (before, the picture kept the last undo's words after a paste).
    expect(flash()).toBe('Pasted 1 annotation');
    // The car and the truck: the car stays Car, the truck becomes the current Person, said and shown.
    log.length = 0;
    layer.select(['b1', 't1']);
    await layer.updateComplete;
    await userEvent.keyboard('{Control>}c{/Control}{Control>}v{/Control}');
    await layer.updateComplete;
    const made = log.filter((e) => e.type === 'dl-annotation-create').map((e) => e.detail.annotation);
    expect(made.map((a) => a.label).sort()).toEqual(['car', 'person']);
    const words = 'Pasted 2: label truck not in this ontology, made Person';
    expect(status()).toBe(words);
    expect(flash()).toBe(words);
    // Shown whole on the 400 px layer (two lines), not cut.
    const shown = layer.shadowRoot!.querySelector<HTMLElement>('.flash')!;
    expect(shown.scrollWidth).toBeLessThanOrEqual(shown.clientWidth);
    expect(shown.scrollHeight).toBeLessThanOrEqual(shown.clientHeight);
    layer.showLabels = true;
    await layer.updateComplete;
    await frames(2);
    await page.screenshot({ element: layer, path: '../../../test-results/screenshots/paste-foreign-label.png' });
    expect(layer.selected.map((a) => a.label).sort()).toEqual(['car', 'person']);
    // One undo takes both away.
    await userEvent.keyboard('{Control>}z{/Control}');
    await layer.updateComplete;
    expect(layer.annotations.length).toBe(3);
  });

  it('into an ontology without labels: a note is pasted, a box not, and the layer says so in words, shown', async () => {
    const note = ann(
      'note',
      'note',
      [
        { x: 20, y: 20, z: 0 },
        { x: 60, y: 40, z: 0 },
      ],
      'n1',
    );
    const truck = ann(
      'box',
      'truck',
      [
        { x: 200, y: 100, z: 0 },
        { x: 260, y: 150, z: 0 },
      ],
      't1',
    );
    const { layer } = await mountLayer([note, truck]);
    const status = () => layer.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
    const flash = () => layer.shadowRoot!.querySelector('.flash')?.textContent?.trim() ?? '';
    layer.select(['n1', 't1']);
    await focus(layer);
    await userEvent.keyboard('{Control>}c{/Control}');
    layer.ontology = {};
    await layer.updateComplete;
    const log = recordEvents(layer);
    await focus(layer);
    await userEvent.keyboard('{Control>}v{/Control}');
    await layer.updateComplete;
    expect(log.filter((e) => e.type === 'dl-annotation-create').map((e) => e.detail.annotation.type)).toEqual(['note']);
    // Before: "Pasted 1: label truck not in this ontology, made " (nothing after "made").
    const words = 'Pasted 1: label truck not in this ontology, not pasted (no label to give)';
    expect(status()).toBe(words);
    expect(flash()).toBe(words);
    // Only the box: nothing to paste, refused on the picture too (before, only announced).
    layer.select(['t1']);
    await focus(layer);
    await userEvent.keyboard('{Control>}c{/Control}');
    log.length = 0;
    await userEvent.keyboard('{Control>}v{/Control}');
    await layer.updateComplete;
    expect(log.filter((e) => e.type === 'dl-annotation-create')).toEqual([]);
    expect(status()).toBe('Not made: the ontology has no labels');
    expect(flash()).toBe('Not made: the ontology has no labels');
  });

  it('copies and pastes with a 10 px offset as new annotations', async () => {
    const { layer } = await mountLayer([BOX()]);
    layer.select(['b1']);
    await focus(layer);
    const log = recordEvents(layer);
    await userEvent.keyboard('{Control>}c{/Control}{Control>}v{/Control}');
    const created = log.filter((e) => e.type === 'dl-annotation-create');
    expect(created.length).toBe(1);
    const a = created[0].detail.annotation;
    expect(a.id).toBeNull();
    expect(a.coordinates).toEqual([
      { x: 30, y: 30, z: 0 },
      { x: 130, y: 90, z: 0 },
    ]);
    expect(a.metadata.system.clientId).toMatch(/^dlkit-paste-/);
    expect(layer.annotations.length).toBe(2);
    expect(layer.selected[0].metadata!.system!.clientId).toBe(a.metadata.system.clientId);
  });
});
