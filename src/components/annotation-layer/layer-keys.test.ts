// The keyboard model of the item page with real input (trusted keys and mouse through Playwright):
// the layer owns the keyboard from the moment the item opens and after any click on the image, the
// toolbar, the label picker or the panel; text fields keep their keys; digits 1–9 are labels (of the
// selection, else of the next shape) and the zoom keys moved to Shift+1 / Shift+2; the help and the
// tooltips are read from the same tables the keys are dispatched from.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { keyMatches, parseKeySpec } from '../internal/key-spec.js';
import { frames, nextEvent, pngBlob, realClick, realClickOn, realDrag, realPress } from '../internal/test-utils.js';
import { VIEWER_KEYS } from '../item-viewer/viewer-keys.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { LAYER_KEYS } from './interact/keymap.js';
import { TOOLS } from './interact/tools/registry.js';
import { ann, mountLayer, recordEvents } from './layer-test-utils.js';
import { annotationShortcuts } from './shortcuts.js';

afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  document.querySelectorAll('input.outside').forEach((e) => e.remove());
});

const BOX = () =>
  ann(
    'box',
    'car',
    [
      { x: 40, y: 120, z: 0 },
      { x: 140, y: 200, z: 0 },
    ],
    'b1',
  );
const created = (log: Array<{ type: string; detail: any }>) =>
  log.filter((e) => e.type === 'dl-annotation-create').map((e) => e.detail.annotation);
const updated = (log: Array<{ type: string; detail: any }>) =>
  log.filter((e) => e.type === 'dl-annotation-update').map((e) => e.detail.annotation);
const $ = (l: DlAnnotationLayer, sel: string) => {
  const el = l.shadowRoot!.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`no ${sel}`);
  return el;
};
/** The innermost focused element (through shadow roots). */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
/** The layer holds the keyboard itself (not one of its controls). */
const layerHasKeys = (l: DlAnnotationLayer) => document.activeElement === l && !l.shadowRoot!.activeElement;
/** A row of the label picker by its display name. */
function pickerRow(l: DlAnnotationLayer, name: string): HTMLElement {
  const picker = $(l, 'dl-label-picker');
  const row = [...picker.shadowRoot!.querySelectorAll<HTMLElement>('[role="treeitem"]')].find(
    (r) => r.querySelector('.text')?.textContent === name,
  );
  if (!row) throw new Error(`no picker row ${name}`);
  return row;
}

describe('<dl-annotation-layer> keyboard: the focus owner', () => {
  it('takes the keyboard when the item opens: a labelled box is 2 keys and 1 drag, no click', async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    expect(document.activeElement).toBe(document.body);
    // wide enough for the toolbar in one row (the assisted tools made it longer): the drag is on the image
    const { layer, viewer } = await mountLayer([], { autofocus: true, toolbar: true, w: 640 });
    expect(layerHasKeys(layer)).toBe(true);
    const log = recordEvents(layer);
    await realPress('r');
    await realPress('Digit2');
    await realDrag(60, 100, 160, 180);
    const [box] = created(log);
    expect(box).toMatchObject({ type: 'box', label: 'person' });
    expect(box.coordinates).toEqual([
      { x: 60, y: 100, z: 0 },
      { x: 160, y: 180, z: 0 },
    ]);
    // The next item opens in the same viewer (the page's focus went elsewhere meanwhile, e.g. a
    // Next button): the layer takes the keyboard again when it has loaded.
    (document.activeElement as HTMLElement | null)?.blur();
    const loaded = nextEvent(viewer, 'dl-item-load');
    viewer.blob = await pngBlob(300, 200);
    layer.annotations = [];
    await loaded;
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('p');
    expect(layer.tool).toBe('polygon');
  });

  it('does not take the keyboard from a dialog open while the item finishes loading', async () => {
    const { layer, viewer } = await mountLayer([], { autofocus: true });
    expect(layerHasKeys(layer)).toBe(true);
    const dialog = Object.assign(document.createElement('div'), { className: 'outside' });
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    const close = dialog.appendChild(document.createElement('button'));
    document.body.append(dialog);
    close.focus();
    const loaded = nextEvent(viewer, 'dl-item-load');
    viewer.blob = await pngBlob(300, 200);
    await loaded;
    expect(document.activeElement).toBe(close);
    dialog.remove();
  });

  it('does not take the keyboard from a text field the user is typing in', async () => {
    const input = Object.assign(document.createElement('input'), { className: 'outside' });
    input.style.cssText = 'position:fixed;left:0;top:400px';
    document.body.append(input);
    input.focus();
    const { layer } = await mountLayer([], { autofocus: true });
    expect(document.activeElement).toBe(input);
    expect(layerHasKeys(layer)).toBe(false);
  });

  it('keeps the keyboard after clicks on the image, the toolbar, the label picker, the panel, a row and the zoom buttons; text fields keep their keys', async () => {
    const { layer, viewer } = await mountLayer([BOX()], { toolbar: true, panel: true });
    const log = recordEvents(layer);
    (document.activeElement as HTMLElement | null)?.blur();
    // A press on empty image (the viewer pans) brings the keys to the layer.
    await realClick(200, 260);
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('p');
    expect(layer.tool).toBe('polygon');
    // A click on a tool button: the tool, and the keys stay with the layer (arrows, Delete, labels).
    await realClickOn($(layer, '[data-tool="select"]'));
    expect(layer.tool).toBe('select');
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('r');
    expect(layer.tool).toBe('box');
    // A click on a label in the picker (which delegates its focus to its search field) sets the label
    // for the next shape and hands the keyboard back.
    await realClickOn(pickerRow(layer, 'Sign'));
    expect(layer.label).toBe('sign');
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('v');
    expect(layer.tool).toBe('select');
    // The picker's search field keeps its keys: typing there filters, it does not switch tools.
    const search = $(layer, 'dl-label-picker').shadowRoot!.querySelector('input')!;
    await realClickOn(search);
    expect(deepActive()).toBe(search);
    await realPress('r');
    expect(search.value).toBe('r');
    expect(layer.tool).toBe('select');
    await realPress('Backspace');
    expect(search.value).toBe('');
    // A click on a list row selects it and hands the keyboard back: arrows nudge, Delete deletes.
    await layer.updateComplete;
    await realClickOn($(layer, '.row[data-key="b1"]'));
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('ArrowRight');
    expect(updated(log).at(-1)!.coordinates[0]).toEqual({ x: 41, y: 120, z: 0 });
    // A click on the viewer's zoom buttons leaves the keys with the layer.
    viewer.noControls = false;
    await viewer.updateComplete;
    await realClickOn(viewer.shadowRoot!.querySelector('[data-zoom="fit"]')!);
    expect(layerHasKeys(layer)).toBe(true);
    // A click on a panel button (bring to front), then Delete works at once.
    await layer.updateComplete;
    await realClickOn($(layer, '.actions [data-action="front"]'));
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('Delete');
    expect(log.at(-2)!.type).toBe('dl-annotation-delete');
    expect(layer.annotations).toEqual([]);
  });

  it('gets the keyboard back when the selection’s panel control it was in goes (Escape in an attribute, Enter on Delete)', async () => {
    const { layer } = await mountLayer([BOX(), { ...BOX(), id: 'b2' }], { toolbar: true, panel: true });
    layer.select(['b1']);
    await layer.updateComplete;
    const editor = $(layer, 'dl-attribute-editor') as HTMLElement & { updateComplete: Promise<unknown> };
    await editor.updateComplete;
    const field = editor.shadowRoot!.querySelector<HTMLElement>('input')!;
    field.focus();
    expect(deepActive()).toBe(field);
    // Escape in the attribute field clears the selection; its editor goes, the layer keeps the keys.
    await realPress('Escape');
    expect(layer.selected).toEqual([]);
    await layer.updateComplete;
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('p');
    expect(layer.tool).toBe('polygon');
    // Tab to the panel's Delete, Enter: the shape and the button go, the keys stay with the layer.
    await realPress('v');
    layer.select(['b2']);
    await layer.updateComplete;
    const del = $(layer, '.actions [data-action="delete"]');
    del.focus();
    await realPress('Enter');
    expect(layer.annotations.map((a) => a.id)).toEqual(['b1']);
    await layer.updateComplete;
    expect(layerHasKeys(layer)).toBe(true);
    await realPress('r');
    expect(layer.tool).toBe('box');
  });

  it('keyboard activation keeps the focus where the user put it (Tab to a tool, Enter picks it)', async () => {
    const { layer } = await mountLayer([], { toolbar: true });
    $(layer, '[data-tool="select"]').focus();
    await realPress('ArrowRight');
    const box = $(layer, '[data-tool="box"]');
    expect(deepActive()).toBe(box);
    await realPress('Enter');
    expect(layer.tool).toBe('box');
    expect(deepActive()).toBe(box);
  });
});

describe('<dl-annotation-layer> keyboard: labels and zoom', () => {
  it('label-first: a digit without a selection sets the next shape’s label; with one it relabels it too', async () => {
    const { layer } = await mountLayer([], { autofocus: true });
    const log = recordEvents(layer);
    await realPress('Digit3');
    expect(layer.label).toBe('sign');
    await realPress('r');
    await realDrag(60, 100, 160, 180);
    expect(created(log)[0].label).toBe('sign');
    // The new box is selected: a digit relabels it (one update) and is the next shapes' label too.
    await realPress('Digit2');
    expect(updated(log).map((a) => a.label)).toEqual(['person']);
    expect(layer.label).toBe('person');
    // Said with the label's name in it (not the template's "{label}").
    await new Promise((r) => setTimeout(r, 0));
    await layer.updateComplete;
    expect($(layer, '[aria-live]').textContent).toBe('Person: 1 object relabelled');
    await realDrag(200, 100, 260, 160);
    expect(created(log)[1].label).toBe('person');
    // Escape drops the selection (the tool stays): the next digit relabels nothing.
    await realPress('Escape');
    expect(layer.selected).toEqual([]);
    expect(layer.tool).toBe('box');
    await realPress('Digit1');
    expect(updated(log).length).toBe(1);
    expect(layer.label).toBe('car');
    // A digit past the ontology's labels does nothing (and does not zoom).
    const scale = layer.view.scale;
    await realPress('Digit7');
    expect(layer.label).toBe('car');
    expect(layer.view.scale).toBe(scale);
    // Announced with the display name.
    await new Promise((r) => setTimeout(r, 0));
    expect($(layer, '[aria-live]').textContent).toContain('Car');
  });

  it('label-first after a tool switch: a digit right after picking a drawing tool leaves the last shape’s label alone', async () => {
    const { layer } = await mountLayer([], { autofocus: true });
    const log = recordEvents(layer);
    // A Car box, drawn and still selected (its handles show in the next tool too).
    await realPress('r');
    await realDrag(60, 100, 160, 180);
    const cid = (a: any) => a.metadata.system.clientId as string;
    const box = created(log)[0];
    expect(box.label).toBe('car');
    expect(layer.selected.map(cid)).toEqual([cid(box)]);
    // P, then 3 for the polygon to come: the box stays a Car; 3 is the next shape's label.
    await realPress('p');
    await realPress('Digit3');
    expect(updated(log)).toEqual([]);
    expect(layer.label).toBe('sign');
    await new Promise((r) => setTimeout(r, 0));
    await layer.updateComplete;
    expect($(layer, '[aria-live]').textContent).not.toContain('relabelled');
    await realClick(220, 60);
    await realClick(300, 80);
    await realClick(260, 160);
    await realPress('Enter');
    const poly = created(log)[1];
    expect(poly.type).toBe('segment');
    expect(poly.label).toBe('sign');
    // Label-after still works in that tool: the polygon just drawn is selected, 2 relabels it.
    await realPress('Digit2');
    expect(updated(log).map((a) => [cid(a), a.label])).toEqual([[cid(poly), 'person']]);
    // In Select, a digit relabels the selection as before (picking Select is no drawing tool).
    await realPress('v');
    await realPress('Digit1');
    expect(updated(log).map((a) => [cid(a), a.label])).toEqual([
      [cid(poly), 'person'],
      [cid(poly), 'car'],
    ]);
    // A selection made after the pick is relabelled: select the box from the keyboard in the box tool.
    await realPress('r');
    layer.select([cid(box)]);
    await layer.updateComplete;
    await realPress('Digit2');
    expect([cid(updated(log).at(-1)), updated(log).at(-1).label]).toEqual([cid(box), 'person']);
  });

  // Every tool that makes new shapes (`draws`), and a click on the picker row as well as the digit:
  // one rule (the layer's chooseLabel). R-drag a Car, S (scissors), 3 relabelled the box before, and a
  // click on Sign in the picker did after any tool pick.
  const DRAWING = TOOLS.filter((t) => 'draws' in t && t.draws);
  it('the drawing tools are every tool that makes a new shape from nothing', () => {
    expect(DRAWING.map((t) => t.id).sort()).toEqual(
      ['box', 'ellipse', 'grabcut', 'magic-wand', 'point', 'polygon', 'polyline', 'scissors'].sort(),
    );
  });
  for (const tool of DRAWING)
    for (const how of ['digit', 'picker row'] as const)
      it(`label-first after picking ${tool.id} (${tool.key.toUpperCase()}), by ${how}: the last box keeps its label`, async () => {
        const { layer } = await mountLayer([], { autofocus: true, panel: true });
        const log = recordEvents(layer);
        const cid = (a: any) => a.metadata.system.clientId as string;
        await realPress('r');
        await realDrag(60, 100, 160, 180);
        const box = created(log)[0];
        expect(box.label).toBe('car');
        await realPress(tool.key);
        expect(layer.tool).toBe(tool.id);
        expect(layer.selected.map(cid)).toEqual([cid(box)]);
        if (how === 'digit') await realPress('Digit3');
        else await realClickOn(pickerRow(layer, 'Sign'));
        await layer.updateComplete;
        expect(updated(log)).toEqual([]);
        expect(layer.label).toBe('sign');
        expect(($(layer, 'dl-label-picker') as any).value).toBe('sign');
        await new Promise((r) => setTimeout(r, 0));
        await layer.updateComplete;
        expect($(layer, '[aria-live]').textContent).not.toContain('relabelled');
        // Select is no drawing tool: the same choice relabels the selection there.
        await realPress('v');
        if (how === 'digit') await realPress('Digit2');
        else await realClickOn(pickerRow(layer, 'Person'));
        expect(updated(log).map((a) => [cid(a), a.label])).toEqual([[cid(box), 'person']]);
      });

  it('digits follow what the picker shows: the n-th visible label of a filtered list', async () => {
    const { layer } = await mountLayer([BOX()], { panel: true });
    const search = $(layer, 'dl-label-picker').shadowRoot!.querySelector('input')!;
    await realClickOn(search);
    await realPress('s');
    await realPress('i');
    expect(search.value).toBe('si');
    // Back on the image (a click on empty image), 1 is the first label the picker shows: Sign.
    await realClick(300, 260);
    await realPress('Digit1');
    expect(layer.label).toBe('sign');
  });

  it('Shift+1 zooms to 1:1 and Shift+2 fits, from the layer; plain digits never zoom', async () => {
    const { layer, viewer } = await mountLayer([BOX()], { autofocus: true, w: 400, h: 300, iw: 200, ih: 150 });
    viewer.fit();
    const fit = viewer.view.scale;
    expect(fit).toBeGreaterThan(1.5);
    await realPress('Digit1', { shift: true });
    expect(viewer.view.scale).toBe(1);
    await realPress('Digit1');
    expect(viewer.view.scale).toBe(1);
    await realPress('Digit2', { shift: true });
    expect(viewer.view.scale).toBeCloseTo(fit, 9);
    expect(layerHasKeys(layer)).toBe(true);
  });

  it('Escape peels one thing at a time: the drawing, the selection, the tool', async () => {
    const { layer } = await mountLayer([BOX()], { autofocus: true });
    const log = recordEvents(layer);
    await realPress('p');
    await realClick(200, 100);
    await realClick(260, 110);
    await realPress('Escape'); // the draft
    expect(layer.tool).toBe('polygon');
    await realPress('Enter'); // nothing left to finish
    expect(created(log)).toEqual([]);
    await realPress('a', { ctrl: true });
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    await realPress('Escape'); // the selection
    expect(layer.selected).toEqual([]);
    expect(layer.tool).toBe('polygon');
    await realPress('Escape'); // the tool
    expect(layer.tool).toBe('select');
  });
});

describe('<dl-annotation-layer> keyboard: vertices', () => {
  it('Alt+. / Alt+, step through the selected polygon’s vertices; arrows move the active one, Delete removes it', async () => {
    const quad = ann(
      'segment',
      'person',
      [
        [
          { x: 100, y: 100 },
          { x: 200, y: 100 },
          { x: 200, y: 200 },
          { x: 100, y: 200 },
        ],
      ],
      'p1',
    );
    const { layer } = await mountLayer([quad], { autofocus: true });
    const log = recordEvents(layer);
    layer.select(['p1']);
    await realPress('Period', { alt: true });
    await realPress('ArrowRight');
    expect(updated(log).at(-1)!.coordinates[0][0]).toEqual({ x: 101, y: 100 });
    await realPress('Period', { alt: true });
    await realPress('Period', { alt: true });
    await realPress('Comma', { alt: true });
    await new Promise((r) => setTimeout(r, 0));
    expect($(layer, '[aria-live]').textContent).toBe('Vertex 2 of 4');
    await realPress('Delete');
    const ring = updated(log).at(-1)!.coordinates[0];
    expect(ring).toEqual([
      { x: 101, y: 100 },
      { x: 200, y: 200 },
      { x: 100, y: 200 },
    ]);
  });

  it('Alt+. / Alt+, on a box step through its corners; (Shift+)arrows resize it from that corner, undone; an ellipse says it has none', async () => {
    // Before, Alt+. did nothing on a box and Shift+arrows then moved the whole box.
    const ellipse = ann(
      'ellipse',
      'person',
      { angle: 0, center: { x: 300, y: 150, z: 0 }, rx: 30, ry: 20 } as never,
      'e1',
    );
    const { layer, viewer } = await mountLayer([BOX(), ellipse], { autofocus: true });
    const log = recordEvents(layer);
    layer.select(['b1']);
    const said = async () => {
      await new Promise((r) => setTimeout(r, 0));
      return $(layer, '[aria-live]').textContent;
    };
    await realPress('Period', { alt: true });
    expect(await said()).toBe('Top left corner (1 of 4)');
    await realPress('Period', { alt: true });
    await realPress('Period', { alt: true });
    expect(await said()).toBe('Bottom right corner (3 of 4)');
    await layer.updateComplete;
    expect($(layer, '.handle.active').dataset.handle, 'the chosen corner shows').toBe('se');
    await page.screenshot({ element: viewer, path: '../../../test-results/layer-box-corner.png' });
    // Shift+→ twice and ↓ once: the bottom right corner moves, the top left stays: a bigger box.
    await realPress('ArrowRight', { shift: true });
    await realPress('ArrowRight', { shift: true });
    await realPress('ArrowDown');
    expect(updated(log).at(-1)!.coordinates).toEqual([
      { x: 40, y: 120, z: 0 },
      { x: 160, y: 201, z: 0 },
    ]);
    // Alt+, back to the top right corner: ← 10 narrows the box from the right, the top left kept.
    await realPress('Comma', { alt: true });
    expect(await said()).toBe('Top right corner (2 of 4)');
    await realPress('ArrowLeft', { shift: true });
    expect(updated(log).at(-1)!.coordinates).toEqual([
      { x: 40, y: 120, z: 0 },
      { x: 150, y: 201, z: 0 },
    ]);
    // Never past the opposite edge: a box stays a box with the same corner chosen.
    for (let i = 0; i < 12; i++) await realPress('ArrowLeft', { shift: true });
    const [tl, br] = updated(log).at(-1)!.coordinates;
    expect(tl).toEqual({ x: 40, y: 120, z: 0 });
    expect(br.x).toBeGreaterThan(40);
    // Undo (as for a vertex, presses in a burst are one step: timing, not asserted) gives the box back.
    while (layer.undo()) {}
    expect(layer.annotations.find((a) => a.id === 'b1')!.coordinates).toEqual(BOX().coordinates);
    // An ellipse: said on the picture.
    layer.select(['e1']);
    await realPress('Period', { alt: true });
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('[part="flash"]')?.textContent).toBe(
      'An ellipse has no vertices — drag its handles',
    );
  });
});

describe('<dl-annotation-layer> keyboard: one table', () => {
  it('every tool row of the key table picks its tool with its key, and its toolbar tooltip names that key', async () => {
    const { layer } = await mountLayer([], { autofocus: true, toolbar: true });
    const tools = LAYER_KEYS.filter((k) => k.group === 'tools');
    expect(tools.length).toBeGreaterThan(8);
    for (const row of tools) {
      const id = row.id.slice('tool.'.length);
      // Classification is a one-shot tool (it adds a classification and returns to select).
      if (id === 'classification') continue;
      await realPress(row.keys[0]!.toLowerCase());
      expect(layer.tool, row.id).toBe(id);
      await layer.updateComplete;
      expect($(layer, `[data-tool="${id}"]`).title).toBe(`${row.what} (${row.keys[0]})`);
    }
  });

  it('the panel buttons and the viewer’s zoom buttons take their tooltips from the key tables', async () => {
    const { layer, viewer } = await mountLayer([BOX()], { panel: true });
    viewer.noControls = false;
    layer.select(['b1']);
    await layer.updateComplete;
    await viewer.updateComplete;
    const keysOf = (id: string) => LAYER_KEYS.find((k) => k.id === id)!.keys[0];
    expect($(layer, '[data-action="delete"]').title).toBe(`Delete (${keysOf('delete')})`);
    expect($(layer, '[data-action="front"]').title).toBe(`Bring to front (${keysOf('front')})`);
    expect($(layer, '[data-action="lock"]').title).toBe(`Lock (${keysOf('lock')})`);
    expect($(layer, '[data-action="hide"]').title).toBe(`Hide (${keysOf('hide')})`);
    const vkey = (id: string) => VIEWER_KEYS.find((k) => k.id === id)!.keys[0];
    expect(viewer.shadowRoot!.querySelector<HTMLElement>('[data-zoom="fit"]')!.title).toBe(
      `Fit the image (${vkey('fit')})`,
    );
    expect(viewer.shadowRoot!.querySelector<HTMLElement>('[data-zoom="actual"]')!.title).toBe(
      `Zoom to 1:1 (${vkey('actualSize')})`,
    );
    expect(vkey('fit')).toBe('Shift+2');
    expect(vkey('actualSize')).toBe('Shift+1');
  });

  it('the help lists every row of both tables, and no two rows claim the same key', () => {
    const groups = annotationShortcuts({ video: true });
    const listed = groups.flatMap((g) => g.shortcuts.map((s) => s.description));
    for (const row of LAYER_KEYS) expect(listed, row.id).toContain(row.what);
    for (const row of VIEWER_KEYS.filter((k) => !['panRight', 'panUp', 'panDown'].includes(k.id)))
      expect(listed, row.id).toContain(row.what);
    expect(groups.find((g) => g.id === 'labels')!.shortcuts[0]!.keys).toEqual(['1 … 9']);
    // A keydown for each spec: which rows match it. Arrows are shared on purpose (the layer nudges a
    // selection, the viewer pans when there is none); everything else belongs to one row.
    const specs = [
      ...LAYER_KEYS.flatMap((r) => r.keys.map((k) => ({ row: `layer:${r.id}`, k }))),
      ...VIEWER_KEYS.filter((r) => !r.gesture).flatMap((r) => r.keys.map((k) => ({ row: `viewer:${r.id}`, k }))),
    ];
    for (const { row, k } of specs) {
      const s = parseKeySpec(k);
      if (s.key.startsWith('Arrow')) continue;
      const code = /^\d$/.test(s.key) ? `Digit${s.key}` : '';
      const e = new KeyboardEvent('keydown', {
        key: s.key,
        code,
        shiftKey: s.shift,
        ctrlKey: s.mod,
        altKey: s.alt,
      });
      const exact = specs.filter((o) => {
        const p = parseKeySpec(o.k);
        return keyMatches(p, e) && p.shift === s.shift;
      });
      expect(
        exact.map((o) => o.row),
        `${row} ${k}`,
      ).toEqual([row]);
    }
  });
});

describe('<dl-annotation-layer> keyboard: locked shapes', () => {
  it('a locked shape is not relabelled, nudged or deleted by keys; unlocking frees it', async () => {
    const { layer } = await mountLayer([BOX()], { autofocus: true });
    const log = recordEvents(layer);
    layer.select(['b1']);
    await realPress('l', { shift: true });
    await realPress('Digit2');
    await realPress('ArrowLeft');
    await realPress('Delete');
    await frames(1);
    expect(log.filter((e) => e.type.startsWith('dl-annotation-'))).toEqual([]);
    expect(layer.annotations[0]!.label).toBe('car');
    await new Promise((r) => setTimeout(r, 0));
    expect($(layer, '[aria-live]').textContent).toContain('Locked');
    await realPress('l', { shift: true });
    await realPress('Digit2');
    expect(updated(log).map((a) => a.label)).toEqual(['person']);
  });
});
