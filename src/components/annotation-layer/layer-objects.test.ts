// Per-object controls with real input: hide / show, lock, z-order, the brush size control and the
// mask opacity, the list and the canvas highlighting each other on hover, display names and the
// type words users know, and panel actions that look like buttons.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { frames, realClick, realClickOn, realDrag, realPointer, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { setStrings } from '../strings.js';
import { layerStrings } from './layer-strings.js';
import { ann, layerPixel, mountLayer, recordEvents, rectMaskUrl } from './layer-test-utils.js';

// A render inside a ResizeObserver delivery that resizes what it observes is a window error
// ("ResizeObserver loop completed with undelivered notifications"): none may happen here.
const roLoops: string[] = [];
window.addEventListener('error', (e) => {
  if (/ResizeObserver loop/.test(e.message)) roLoops.push(e.message);
});
afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  expect(roLoops.splice(0), 'no ResizeObserver loop').toEqual([]);
});

// Shapes stay left of x 200: the open panel covers the right part of the 400 px wide viewer.
const B1 = () =>
  ann(
    'box',
    'car',
    [
      { x: 20, y: 60, z: 0 },
      { x: 100, y: 120, z: 0 },
    ],
    'b1',
  );
const B2 = () =>
  ann(
    'box',
    'sign',
    [
      { x: 120, y: 60, z: 0 },
      { x: 190, y: 120, z: 0 },
    ],
    'b2',
  );

const $ = (l: DlAnnotationLayer, sel: string) => {
  const el = l.shadowRoot!.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`no ${sel}`);
  return el;
};
const row = (l: DlAnnotationLayer, key: string) => $(l, `.row[data-key="${key}"]`);
/** A real click at a fraction (fx, fy) of `el`'s box. */
async function clickAt(el: Element, fx: number, fy = 0.5) {
  // In a short panel a setting may lie under the stuck object list: the user scrolls to it first.
  el.scrollIntoView({ block: 'nearest' });
  const r = el.getBoundingClientRect();
  await realClick(Math.round(r.left + r.width * fx), Math.round(r.top + r.height * fy));
}
/** Real hover over a row, then a real click on one of its eye / lock toggles. */
async function toggle(l: DlAnnotationLayer, key: string, kind: 'hide' | 'lock') {
  row(l, key).scrollIntoView({ block: 'nearest' });
  const r = row(l, key).getBoundingClientRect();
  await realPointer('move', r.left + 20, r.top + r.height / 2);
  await l.updateComplete;
  await realClickOn(row(l, key).querySelector(`[data-toggle="${kind}"]`)!);
  await l.updateComplete;
}
const painted = (l: DlAnnotationLayer, x: number, y: number) => layerPixel(l, x, y)[3]! > 0;

describe('<dl-annotation-layer> per-object controls', () => {
  it('marks an object whose required attributes are unset ("Missing: Occluded", in its name too); set ones and notes have none', async () => {
    // The test ontology's "occluded" (boolean, every label) is required.
    const set = ann(
      'box',
      'sign',
      [
        { x: 120, y: 60, z: 0 },
        { x: 190, y: 120, z: 0 },
      ],
      'b2',
      {
        metadata: { system: { attributes: { occluded: false } } },
      },
    );
    const note = ann(
      'note',
      'note',
      [
        { x: 30, y: 150, z: 0 },
        { x: 60, y: 170, z: 0 },
      ],
      'n1',
      {
        metadata: { system: { attributes: {}, status: 'issue' } },
      } as never,
    );
    const { layer } = await mountLayer([B1(), set, note], { panel: true });
    await layer.updateComplete;
    const mark = row(layer, 'b1').querySelector<HTMLElement>('[data-missing]');
    expect(mark?.getAttribute('title')).toBe('Missing: Occluded');
    expect(row(layer, 'b1').getAttribute('aria-label')).toBe('Car box, Missing: Occluded');
    expect(row(layer, 'b2').querySelector('[data-missing]')).toBeNull();
    expect(row(layer, 'b2').getAttribute('aria-label')).toBe('Sign box');
    expect(layer.shadowRoot!.querySelectorAll('.row [data-missing]').length).toBe(1);
    expect(layer.missingRequired()).toEqual([{ id: 'b1', name: 'Car · box', missing: ['Occluded'] }]);
    // In view on the row, beside the name (not under the row's tools), in the danger colour.
    const r = mark!.getBoundingClientRect();
    const rowBox = row(layer, 'b1').getBoundingClientRect();
    expect(r.width).toBeGreaterThan(8);
    expect(r.left).toBeGreaterThanOrEqual(rowBox.left);
    expect(r.right).toBeLessThanOrEqual(rowBox.right - 50);

    // focusMissing (the page's "Fix first"): selects it, focus on the unset field's first option.
    layer.select([]);
    expect(await layer.focusMissing()).toBe(true);
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    const editor = layer.shadowRoot!.querySelector('dl-attribute-editor')!;
    expect(editor.shadowRoot!.activeElement).toBe(editor.shadowRoot!.querySelector('[data-key="occluded"] input'));
    // The mark is in the colour of the editor's "required" tag.
    const tag = editor.shadowRoot!.querySelector('[data-key="occluded"] .hint.required')!;
    expect(getComputedStyle(mark!).color).toBe(getComputedStyle(tag).color);
    // A real Space on the focused "Yes" sets it: the mark goes, from the row's name too.
    await realPress('Space');
    await layer.updateComplete;
    expect(layer.annotations.find((a) => a.id === 'b1')?.metadata?.system?.attributes).toEqual({ occluded: true });
    expect(row(layer, 'b1').querySelector('[data-missing]')).toBeNull();
    expect(row(layer, 'b1').getAttribute('aria-label')).toBe('Car box');
    expect(layer.missingRequired()).toEqual([]);
    expect(await layer.focusMissing()).toBe(false);
  });

  it('two plain Car boxes read apart: their rows "Car box 1" / "Car box 2", missingRequired names them so', async () => {
    const c2 = ann(
      'box',
      'car',
      [
        { x: 20, y: 130, z: 0 },
        { x: 100, y: 170, z: 0 },
      ],
      'b3',
    );
    const { layer } = await mountLayer([B1(), B2(), c2], { panel: true });
    await layer.updateComplete;
    expect(row(layer, 'b1').getAttribute('aria-label')).toBe('Car box 1, Missing: Occluded');
    expect(row(layer, 'b3').getAttribute('aria-label')).toBe('Car box 2, Missing: Occluded');
    expect(row(layer, 'b1').querySelector('.type')!.textContent).toBe('box 1');
    // The Sign box shares no name: no ordinal.
    expect(row(layer, 'b2').getAttribute('aria-label')).toBe('Sign box, Missing: Occluded');
    expect(layer.missingRequired().map((m) => m.name)).toEqual(['Car · box 1', 'Sign · box', 'Car · box 2']);
    // Both come from the strings table: a translation places the number and the separator.
    setStrings({ 'annotationLayer.rowKind': '{type} n°{n}', 'annotationLayer.rowName': '{kind} ({name})' });
    try {
      layer.requestUpdate();
      await layer.updateComplete;
      expect(row(layer, 'b1').querySelector('.type')!.textContent).toBe('box n°1');
      expect(layer.missingRequired().map((m) => m.name)).toEqual(['box n°1 (Car)', 'box (Sign)', 'box n°2 (Car)']);
    } finally {
      setStrings({
        'annotationLayer.rowKind': layerStrings['annotationLayer.rowKind'],
        'annotationLayer.rowName': layerStrings['annotationLayer.rowName'],
      });
    }
    layer.requestUpdate();
    await layer.updateComplete;
    // Relabelled, the second Car is the only Person box: both ordinals go.
    layer.focus();
    layer.select(['b3']);
    await layer.updateComplete;
    await realPress('2');
    await layer.updateComplete;
    expect(row(layer, 'b1').getAttribute('aria-label')).toBe('Car box, Missing: Occluded');
    expect(layer.missingRequired().map((m) => m.name)).toEqual(['Car · box', 'Sign · box', 'Person · box']);
  });

  it("a selected note gets no attribute editor, though a '*' scope covers its label; a selected object does", async () => {
    // The test ontology's "occluded" is scoped '*': every label, the note's "note" too. A note is
    // never marked or counted missing, so an editor for it asked for what nobody checks.
    const note = ann(
      'note',
      'note',
      [
        { x: 30, y: 150, z: 0 },
        { x: 60, y: 170, z: 0 },
      ],
      'n1',
      { metadata: { system: { attributes: {}, status: 'issue' } } } as never,
    );
    const { layer } = await mountLayer([B1(), note], { panel: true });
    layer.select(['n1']);
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['n1']);
    expect(layer.shadowRoot!.querySelector('[data-note-full]')).not.toBeNull();
    expect(layer.shadowRoot!.querySelector('dl-attribute-editor')).toBeNull();
    layer.select(['b1']);
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('dl-attribute-editor')).not.toBeNull();
  });

  it('Alt+M: focus on the first unset required attribute, again: its next, then the next object missing one (from a text field too), none: says so', async () => {
    const withPlate = (occluded?: boolean) => ({
      metadata: { system: { attributes: occluded === undefined ? {} : { occluded } } },
    });
    const B3 = () =>
      ann(
        'box',
        'car',
        [
          { x: 20, y: 150, z: 0 },
          { x: 100, y: 200, z: 0 },
        ],
        'b3',
        withPlate(true),
      );
    const set = { ...B2(), ...withPlate(false) };
    const { layer } = await mountLayer([B1(), set, B3()], { panel: true });
    // Cars also need a plate (free text): b1 misses Occluded and Plate, b2 nothing, b3 its Plate.
    layer.ontology = {
      ...(layer.ontology as object),
      metadata: {
        attributes: [
          { key: 'occluded', title: 'Occluded', type: 'boolean', scope: ['*'] },
          { key: 'plate', title: 'Plate', type: 'freeText', scope: ['car'] },
        ],
      },
    };
    await layer.updateComplete;
    expect(layer.missingRequired().map((m) => [m.id, m.missing])).toEqual([
      ['b1', ['Occluded', 'Plate']],
      ['b3', ['Plate']],
    ]);
    const focused = async () => {
      await layer.updateComplete;
      await frames(1);
      const editor = layer.shadowRoot!.querySelector('dl-attribute-editor');
      const a = editor?.shadowRoot?.activeElement as HTMLElement | null | undefined;
      return {
        selected: layer.selected.map((x) => x.id),
        field: a?.closest<HTMLElement>('[data-key]')?.dataset.key,
        tag: a?.localName,
      };
    };
    layer.focus();
    // Nothing selected: the first object missing one, on its first unset field.
    await realPress('m', { alt: true });
    expect(await focused()).toEqual({ selected: ['b1'], field: 'occluded', tag: 'input' });
    // Again (from the Yes/No field, left unset): the same object's next unset one.
    await realPress('m', { alt: true });
    expect(await focused()).toEqual({ selected: ['b1'], field: 'plate', tag: 'input' });
    // Again: both of b1's unset fields were gone to, so the next object missing one.
    await realPress('m', { alt: true });
    expect(await focused()).toEqual({ selected: ['b3'], field: 'plate', tag: 'input' });
    // Again from the text field (which keeps every other key): after the last, the first.
    await realPress('m', { alt: true });
    expect(await focused()).toEqual({ selected: ['b1'], field: 'occluded', tag: 'input' });
    // A selected object missing nothing: the next one after it in list order.
    layer.select(['b2']);
    layer.focus();
    await realPress('m', { alt: true });
    expect(await focused()).toEqual({ selected: ['b3'], field: 'plate', tag: 'input' });
    // Typing a plate there: the field keeps plain M.
    await realPress('m');
    const editor = layer.shadowRoot!.querySelector('dl-attribute-editor')!;
    expect(editor.shadowRoot!.querySelector<HTMLInputElement>('[data-key="plate"] input')!.value).toBe('m');
    expect(layer.selected.map((a) => a.id)).toEqual(['b3']);
    // Nothing missing: the layer says so (live region and flash), selection and focus stay.
    layer.annotations = [{ ...B1(), ...withPlate(false) }, set, B3()].map((a) => ({
      ...a,
      metadata: { system: { attributes: { ...(a.metadata!.system!.attributes as object), plate: 'X' } } },
    }));
    layer.select(['b2']);
    layer.focus();
    await realPress('m', { alt: true });
    await layer.updateComplete;
    expect(layer.missingRequired()).toEqual([]);
    expect(layer.shadowRoot!.querySelector('[part="flash"]')?.textContent).toBe('No required attribute is missing');
    expect(layer.shadowRoot!.querySelector('[role="status"]')?.textContent).toContain(
      'No required attribute is missing',
    );
    expect(layer.selected.map((a) => a.id)).toEqual(['b2']);
    expect(document.activeElement).toBe(layer);
  });

  it("Alt+M after filling a field goes to the same object's next unset required one, wrapping, then the next object; says which", async () => {
    // The annotator walk: two Car boxes, Car with 3 required attributes. Alt+M, Space (Colour set),
    // Alt+M went to the other car, leaving this one's Parked and Visibility unset.
    const car = (id: string, x: number) =>
      ann(
        'box',
        'car',
        [
          { x, y: 60, z: 0 },
          { x: x + 60, y: 120, z: 0 },
        ],
        id,
      );
    const { layer } = await mountLayer([car('c1', 20), car('c2', 100)], { panel: true });
    layer.ontology = {
      ...(layer.ontology as object),
      metadata: {
        attributes: [
          { key: 'colour', title: 'Colour', type: 'options', scope: ['car'], values: ['red', 'blue'] },
          { key: 'parked', title: 'Parked', type: 'boolean', scope: ['car'] },
          { key: 'visibility', title: 'Visibility', type: 'options', scope: ['car'], values: ['full', 'part'] },
        ],
      },
    };
    await layer.updateComplete;
    const where = async () => {
      await layer.updateComplete;
      await frames(1);
      const editor = layer.shadowRoot!.querySelector('dl-attribute-editor');
      const a = editor?.shadowRoot?.activeElement as HTMLElement | null | undefined;
      return {
        selected: layer.selected.map((x) => x.id).join(),
        field: a?.closest<HTMLElement>('[data-key]')?.dataset.key,
        said: layer.shadowRoot!.querySelector('[role="status"]')?.textContent,
      };
    };
    layer.focus();
    await realPress('m', { alt: true });
    expect(await where()).toEqual({ selected: 'c1', field: 'colour', said: 'Car box 1 · Colour' });
    await realPress(' ');
    await layer.updateComplete;
    expect(layer.missingRequired()[0]).toEqual({ id: 'c1', name: 'Car · box 1', missing: ['Parked', 'Visibility'] });
    await realPress('m', { alt: true });
    expect(await where(), 'the same car, its next unset field').toEqual({
      selected: 'c1',
      field: 'parked',
      said: 'Car box 1 · Parked',
    });
    // Visibility set by hand (a click into its field, Space).
    const editor = layer.shadowRoot!.querySelector('dl-attribute-editor')!;
    editor.shadowRoot!.querySelector<HTMLInputElement>('[data-key="visibility"] input')!.focus();
    await realPress(' ');
    await layer.updateComplete;
    expect(layer.missingRequired()[0]?.missing).toEqual(['Parked']);
    // Parked was gone to and left unset: skipped, so on to the other car.
    await realPress('m', { alt: true });
    expect(await where()).toEqual({ selected: 'c2', field: 'colour', said: 'Car box 2 · Colour' });
    // From its last field (clicked into it), Alt+M wraps within the object: Colour was gone to
    // already (skipped), so Parked.
    editor.shadowRoot!.querySelector<HTMLInputElement>('[data-key="visibility"] input')!.focus();
    await realPress('m', { alt: true });
    expect(await where(), 'wrapped within c2').toEqual({ selected: 'c2', field: 'parked', said: 'Car box 2 · Parked' });
    await realPress('m', { alt: true });
    expect(await where()).toEqual({ selected: 'c2', field: 'visibility', said: 'Car box 2 · Visibility' });
    // Each of c2's unset fields gone to: back to c1, still missing Parked.
    await realPress('m', { alt: true });
    expect(await where()).toEqual({ selected: 'c1', field: 'parked', said: 'Car box 1 · Parked' });
  });

  it('Alt+M brings the object it goes to into view beside the panel, the zoom kept; one in view stays put', async () => {
    // A 1000x800 image at 1:1 in a 400x300 viewer: b1 in view, b9 far off at the bottom right.
    const far = ann(
      'box',
      'sign',
      [
        { x: 800, y: 600, z: 0 },
        { x: 860, y: 650, z: 0 },
      ],
      'b9',
    );
    const { layer, viewer } = await mountLayer([B1(), far], { panel: true, iw: 1000, ih: 800 });
    const onScreen = (id: string) => {
      const a = layer.store.json(id)!.coordinates as { x: number; y: number }[];
      const v = viewer.view;
      return [a[0]!.x * v.scale + v.x, a[0]!.y * v.scale + v.y, a[1]!.x * v.scale + v.x, a[1]!.y * v.scale + v.y];
    };
    layer.focus();
    const before = viewer.view;
    await realPress('m', { alt: true });
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(viewer.view, 'b1 was in view: no pan').toEqual(before);
    await realPress('m', { alt: true });
    await layer.updateComplete;
    await frames(1);
    expect(layer.selected.map((a) => a.id)).toEqual(['b9']);
    const free = viewer.freeArea;
    const [x0, y0, x1, y1] = onScreen('b9');
    expect(free.width, 'the open panel covers part of the viewer').toBeLessThan(400);
    expect(x0, JSON.stringify({ view: viewer.view, free })).toBeGreaterThanOrEqual(free.x);
    expect(y0).toBeGreaterThanOrEqual(free.y);
    expect(x1).toBeLessThanOrEqual(free.x + free.width);
    expect(y1).toBeLessThanOrEqual(free.y + free.height);
    expect(viewer.view.scale, 'the zoom kept').toBe(before.scale);
  });

  it('Alt+↓ / Alt+↑ select the next / previous object with the focus in the object list or on the toolbar', async () => {
    // Before, the list and the toolbar took Alt+↓ as a plain ↓ (a move) and kept it from the layer.
    const { layer } = await mountLayer([B1(), B2()], { panel: true, toolbar: true });
    const sel = () => layer.selected.map((a) => a.id);
    const focused = () => layer.shadowRoot!.activeElement as HTMLElement | null;
    await realClickOn(row(layer, 'b1'));
    await layer.updateComplete;
    expect(sel()).toEqual(['b1']);
    $(layer, '.list').focus();
    await realPress('ArrowDown', { alt: true });
    await layer.updateComplete;
    expect(sel(), 'Alt+↓ in the list: the next object').toEqual(['b2']);
    expect(focused()?.classList.contains('list'), 'the focus stays in the list').toBe(true);
    const button = $(layer, '.toolbar button[data-tool="select"]');
    button.focus();
    await realPress('ArrowUp', { alt: true });
    await layer.updateComplete;
    expect(sel(), 'Alt+↑ on the toolbar: the previous object').toEqual(['b1']);
    expect(focused(), 'the toolbar focus did not move').toBe(button);
    // A plain arrow still moves along the toolbar.
    await realPress('ArrowRight');
    expect(focused()).not.toBe(button);
    expect(sel()).toEqual(['b1']);
  });

  it('hides and shows: the row’s eye, H and Shift+H; a hidden shape is neither drawn nor hit', async () => {
    const { layer } = await mountLayer([B1(), B2()], { panel: true });
    layer.focus();
    expect(painted(layer, 60, 90)).toBe(true);
    await toggle(layer, 'b1', 'hide');
    await frames(2);
    expect(painted(layer, 60, 90)).toBe(false);
    expect(painted(layer, 150, 90)).toBe(true);
    expect(row(layer, 'b1').getAttribute('aria-label')).toBe('Car box, hidden, Missing: Occluded'); // the fixture's required attribute unset
    expect($(layer, '[data-count]').textContent).toBe('2 objects · 1 hidden');
    // A click where it was selects nothing.
    await realClick(60, 90);
    expect(layer.selected).toEqual([]);
    // H hides the selection (and leaves the selection: a hidden shape cannot be edited).
    await realClick(150, 90);
    expect(layer.selected.map((a) => a.id)).toEqual(['b2']);
    await realPress('h');
    await frames(2);
    expect(layer.selected).toEqual([]);
    expect(painted(layer, 150, 90)).toBe(false);
    // Shift+H shows everything again; the JSON never changed.
    await realPress('h', { shift: true });
    await frames(2);
    expect(painted(layer, 60, 90) && painted(layer, 150, 90)).toBe(true);
    expect(layer.annotations).toEqual([B1(), B2()]);
    await realClick(60, 90);
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
  });

  it('locks: the Lock button (pressed state), no handles, no drag; the row’s lock unlocks', async () => {
    const { layer } = await mountLayer([B1(), B2()], { panel: true });
    const log = recordEvents(layer, ['dl-annotation-update', 'dl-annotation-delete']);
    await realClick(60, 90);
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelectorAll('.handle').length).toBeGreaterThan(0);
    const lock = $(layer, '[data-action="lock"]');
    expect(lock.getAttribute('aria-pressed')).toBe('false');
    await realClickOn(lock);
    await layer.updateComplete;
    expect($(layer, '[data-action="lock"]').getAttribute('aria-pressed')).toBe('true');
    expect(layer.shadowRoot!.querySelectorAll('.handle').length).toBe(0);
    expect(($(layer, '[data-action="delete"]') as HTMLButtonElement).disabled).toBe(true);
    expect(row(layer, 'b1').querySelector('[data-toggle="lock"]')!.classList.contains('on')).toBe(true);
    await realDrag(60, 90, 90, 140, 4);
    expect(log).toEqual([]);
    await toggle(layer, 'b1', 'lock');
    expect($(layer, '[data-action="lock"]').getAttribute('aria-pressed')).toBe('false');
    await realDrag(60, 90, 70, 100, 4);
    expect(log.map((e) => e.type)).toEqual(['dl-annotation-update']);
  });

  it('z-order: Bring to front and Ctrl+[ change which of two overlapping shapes paints on top', async () => {
    const top = ann(
      'box',
      'sign',
      [
        { x: 60, y: 100, z: 0 },
        { x: 160, y: 200, z: 0 },
      ],
      'b2',
    );
    const under = ann(
      'box',
      'car',
      [
        { x: 20, y: 60, z: 0 },
        { x: 120, y: 160, z: 0 },
      ],
      'b1',
    );
    const { layer } = await mountLayer([under, top], { panel: true });
    const overlap = () => layerPixel(layer, 90, 130);
    const before = overlap();
    expect(before[2]).toBeGreaterThan(before[0]!); // blue (sign) over red (car)
    await realClick(40, 80); // b1 only
    await realClickOn($(layer, '[data-action="front"]'));
    await realPress('Escape');
    await realPointer('move', 190, 280); // nothing hovered
    await frames(2);
    const front = overlap();
    expect(front[0]).toBeGreaterThan(front[2]!);
    await realClick(40, 80);
    await realPress('BracketLeft', { ctrl: true });
    await realPress('Escape');
    await realPointer('move', 190, 280);
    await frames(2);
    expect(overlap()).toEqual(before);
    // View state only: the JSON and its order are what the host gave.
    expect(layer.annotations.map((a) => a.id)).toEqual(['b1', 'b2']);
  });

  it('the brush shows its size control; the mask opacity slider fades the masks', async () => {
    const { layer } = await mountLayer([ann('binary', 'car', await rectMaskUrl(20, 60, 80, 60), 'm1')], {
      panel: true,
      toolbar: true,
    });
    layer.focus();
    await layer.shadowRoot!.querySelector('dl-label-picker')!.updateComplete;
    await layer.store.shapes.masksSettled();
    await frames(3);
    expect(layer.shadowRoot!.querySelector('.brush-size')).toBeNull();
    await realPress('b');
    await layer.updateComplete;
    const control = $(layer, '.brush-size');
    expect(control.getBoundingClientRect().width).toBeGreaterThan(100);
    expect(control.querySelector('output')!.textContent).toBe('8 px');
    await clickAt(control.querySelector('input')!, 0.75);
    expect(layer.brushSize).toBeGreaterThan(60);
    await layer.updateComplete;
    expect(control.querySelector('output')!.textContent).toBe(`${layer.brushSize} px`);
    await realPress('Escape');
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('.brush-size')).toBeNull();
    const full = layerPixel(layer, 60, 90)[3]!;
    expect(full).toBeGreaterThan(100);
    await clickAt($(layer, '[data-setting="mask-opacity"]'), 0.25);
    expect(layer.maskOpacity).toBeGreaterThan(0.1);
    expect(layer.maskOpacity).toBeLessThan(0.4);
    await frames(2);
    const faded = layerPixel(layer, 60, 90)[3]!;
    expect(faded).toBeLessThan(full * 0.5);
    expect(faded).toBeGreaterThan(0);
  });

  it('hovering a row highlights its shape on the canvas, and hovering the shape highlights its row', async () => {
    const { layer } = await mountLayer([B1(), B2()], { panel: true });
    await frames(2);
    const idle = layerPixel(layer, 60, 90);
    row(layer, 'b1').scrollIntoView({ block: 'nearest' });
    const r = row(layer, 'b1').getBoundingClientRect();
    await realPointer('move', r.left + 30, r.top + r.height / 2);
    await frames(2);
    const lit = layerPixel(layer, 60, 90);
    expect(lit[3]).toBeGreaterThan(idle[3]!);
    expect(layerPixel(layer, 150, 90)).toEqual(layerPixel(layer, 150, 90));
    await realPointer('move', 300, 280);
    await frames(2);
    expect(layerPixel(layer, 60, 90)).toEqual(idle);
    await realPointer('move', 150, 90);
    await frames(3);
    await layer.updateComplete;
    expect(row(layer, 'b2').classList.contains('hover')).toBe(true);
    expect(row(layer, 'b1').classList.contains('hover')).toBe(false);
  });

  it('names as users read them: display labels, polygon / mask, “1 object”; actions look like buttons', async () => {
    const { layer } = await mountLayer(
      [
        ann(
          'segment',
          'person',
          [
            [
              { x: 20, y: 60 },
              { x: 90, y: 60 },
              { x: 50, y: 120 },
            ],
          ],
          'p1',
        ),
      ],
      { panel: true },
    );
    expect(row(layer, 'p1').textContent!.replace(/\s+/g, ' ').trim()).toBe('Person polygon');
    expect($(layer, '[data-count]').textContent).toBe('1 object');
    expect($(layer, '.panel-toggle').textContent!.trim()).toBe('Objects (1)');
    layer.annotations = [
      ann(
        'segment',
        'person',
        [
          [
            { x: 20, y: 60 },
            { x: 90, y: 60 },
            { x: 50, y: 120 },
          ],
        ],
        'p1',
      ),
      ann('binary', 'sign', await rectMaskUrl(120, 60, 40, 40), 'm1'),
    ];
    await layer.updateComplete;
    expect(row(layer, 'm1').textContent!.replace(/\s+/g, ' ').trim()).toBe('Sign mask');
    expect($(layer, '[data-count]').textContent).toBe('2 objects');
    // On an image the toggle counts every annotation, as the panel lists them all.
    expect($(layer, '.panel-toggle').textContent!.trim()).toBe('Objects (2)');
    await realClick(50, 80);
    await layer.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect($(layer, '[aria-live]').textContent).toBe('Selected Person polygon');
    for (const b of layer.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')) {
      const cs = getComputedStyle(b);
      expect(parseFloat(cs.borderTopWidth), b.textContent!).toBeGreaterThan(0);
      expect(cs.borderTopColor).not.toBe('rgba(0, 0, 0, 0)');
      expect(cs.cursor).toBe('pointer');
    }
    const del = getComputedStyle($(layer, '[data-action="delete"]'));
    expect(del.color).toBe(del.borderTopColor);
    expect(del.color).not.toBe(getComputedStyle($(layer, '[data-action="front"]')).color);
  });

  it('a note (Dataloop issue) reads as its message, apart from the objects and not counted as one', async () => {
    const body = 'The <b>box</b> is loose:\n  fit it to the car, and check the mirror on the left side too.';
    const note = ann(
      'note',
      'note',
      {
        box: [
          { x: 30, y: 20, z: 0 },
          { x: 90, y: 50, z: 0 },
        ],
        note: {
          messages: [
            { id: 'm1', creator: 'rev@x.test', time: 1, body },
            { id: 'm2', creator: 'ann@x.test', time: 2, body: 'Fixed.' },
          ],
          status: 'open',
          createTime: 1,
          creator: 'rev@x.test',
          assignee: 'ann@x.test',
        },
      },
      'n1',
      { metadata: { system: { status: 'issue', parentId: 'b1' } } },
    );
    // The note comes first in the data: the list still shows the objects first.
    await page.viewport(900, 700);
    const { layer } = await mountLayer([note, B1(), B2()], { panel: true, w: 640, h: 440 });
    await frames(2);
    await page.screenshot({ element: layer, path: '../../../test-results/layer-objects-note.png' });
    // Objects (2): two boxes; the note is counted apart.
    expect($(layer, '[part="panel-toggle"]').textContent!.trim()).toBe('Objects (2)');
    expect($(layer, '[data-count]').textContent!.trim()).toBe('2 objects · 1 note');
    const options = [...layer.shadowRoot!.querySelectorAll<HTMLElement>('.list [role="option"]')];
    expect(options.map((o) => o.dataset.key)).toEqual(['b1', 'b2', 'n1']);
    const r = row(layer, 'n1');
    const oneLine = 'The <b>box</b> is loose: fit it to the car, and check the mirror on the left side too.';
    const name = r.querySelector<HTMLElement>('.name')!;
    // User text as text (no <b> element), on one line, cut with an ellipsis, whole in the tooltip.
    expect(name.textContent).toBe(oneLine);
    expect(name.children).toHaveLength(0);
    expect(name.scrollWidth, 'the message is really cut').toBeGreaterThan(name.clientWidth);
    expect(getComputedStyle(name).textOverflow).toBe('ellipsis');
    expect(name.title).toBe(`rev@x.test: ${body}\nann@x.test: Fixed.\nIssue (open)`);
    expect(r.querySelector('.kind')!.textContent).toBe('Issue');
    expect(r.getAttribute('aria-label')).toBe(`Issue: ${oneLine}`);
    // No "note note", no doubled spaces, anywhere in the row.
    const text = r.textContent!.replace(/\s+/g, ' ');
    expect(text).not.toMatch(/\bnote\b/i);
    expect(r.getAttribute('aria-label')).not.toMatch(/ {2}/);
    // A note without messages names its kind and status.
    const box = [
      { x: 30, y: 20, z: 0 },
      { x: 90, y: 50, z: 0 },
    ];
    const bare = ann('note', 'note', { box, note: { messages: [], status: 'open' } }, 'n2');
    layer.annotations = [B1(), bare];
    await layer.updateComplete;
    expect(row(layer, 'n2').querySelector('.name')!.textContent).toBe('Note (open)');
    expect($(layer, '[data-count]').textContent!.trim()).toBe('1 object · 1 note');
    // The keyboard reaches the note like any row and selects it.
    layer.annotations = [note, B1(), B2()];
    await layer.updateComplete;
    const list = $(layer, '[role="listbox"].list');
    list.focus();
    await realPress('End');
    await layer.updateComplete;
    expect(list.getAttribute('aria-activedescendant')).toBe('row-2');
    await realPress('Enter');
    expect(layer.selected.map((a) => a.id)).toEqual(['n1']);
  });
});
