// Starting a new shape: the first polygon click drops the selection (the panel shows the label the
// new shape gets, a label key sets it and leaves the old shape alone), Escape of the draft gives the
// selection back (so do a tool change mid draft, which discards it, Escape mid box drag, which keeps
// the tool, and Backspace of the draft's last vertex); the polygon draft shows its closing edge. Undo /
// redo say what they did and select what they touched. All input is real (Chromium via Playwright).
import { afterEach, describe, expect, it } from 'vitest';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { carBox, layerPixel, mountLayer, recordEvents } from './layer-test-utils.js';
import { commands } from 'vitest/browser';
import {
  frames,
  realClick,
  realClickOn,
  realDrag,
  realPath,
  realPointer,
  realPress,
  toPagePoint,
} from '../internal/test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

async function ready() {
  const { layer } = await mountLayer([carBox('b1')], { panel: true, w: 900, h: 500 });
  layer.focus();
  const log = recordEvents(layer);
  return { layer, log };
}
const pickerValue = (layer: HTMLElement) =>
  (layer.shadowRoot!.querySelector('dl-label-picker') as unknown as { value: string | null }).value;

describe('<dl-annotation-layer> starting a new shape', () => {
  it('the first polygon click drops the selection: no handles, the picker shows the next label, a label key labels the new shape only', async () => {
    const { layer, log } = await ready();
    layer.label = 'person';
    layer.select(['b1']);
    await realPointer('move', 70, 50); // over the box: the select tool highlights it
    await frames(2);
    expect(layer.store.hover.key).toBe('b1');
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelectorAll('[data-handle]').length).toBeGreaterThan(0);
    expect(pickerValue(layer)).toBe('car'); // the selected box's label
    await realPress('p');
    await realClick(150, 120);
    await layer.updateComplete;
    expect(layer.selected).toEqual([]);
    expect(log.at(-1)).toMatchObject({ type: 'dl-selection-change', detail: { selected: [] } });
    expect(layer.shadowRoot!.querySelectorAll('[data-handle]').length).toBe(0);
    expect(layer.store.hover.key).toBeNull(); // nor the hover highlight
    expect(layer.shadowRoot!.querySelector('[data-setting="relabel"]')).toBeNull();
    expect(pickerValue(layer)).toBe('person'); // the label the polygon will get
    await realClick(220, 120);
    await realPress('3'); // Sign: the polygon's label, the box keeps Car
    await realClick(220, 200);
    await realPress('Enter');
    const made = log.filter((e) => e.type === 'dl-annotation-create').map((e) => e.detail.annotation);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ type: 'segment', label: 'sign' });
    expect(log.some((e) => e.type === 'dl-annotation-update')).toBe(false);
    expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('car');
  });

  it('Escape of the draft gives back the selection it dropped; the next Escape clears it', async () => {
    const { layer } = await ready();
    layer.select(['b1']);
    await realPress('p');
    await realClick(150, 120);
    await realClick(220, 120);
    expect(layer.selected).toEqual([]);
    await realPress('Escape');
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(layer.shadowRoot!.querySelectorAll('[data-handle]').length).toBeGreaterThan(0);
    expect(layer.tool).toBe('polygon');
    await realPress('Escape');
    expect(layer.selected).toEqual([]);
    // A draft started with nothing selected selects nothing on Escape.
    await realClick(150, 120);
    await realPress('Escape');
    expect(layer.selected).toEqual([]);
  });

  it('a box drag drops the selection once it moves, the new box is selected; a mere click keeps it', async () => {
    const { layer, log } = await ready();
    layer.select(['b1']);
    await realPress('r');
    await realClick(160, 120); // a click: no box, the selection stays
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(log).toEqual([]);
    await realDrag(200, 150, 260, 200);
    // the drag's first moves dropped the box (its handles and label left), then the new box came
    expect(log.map((e) => [e.type, e.detail.selected?.length ?? e.detail.annotation.type])).toEqual([
      ['dl-selection-change', 0],
      ['dl-annotation-create', 'box'],
      ['dl-selection-change', 1],
    ]);
    const made = layer.selected[0]!.metadata!.system!.clientId;
    // a drag that ends where it began (under 3 px) makes nothing and gives the selection back
    log.length = 0;
    await realPath(
      [
        [300, 250],
        [330, 270],
        [301, 251],
      ],
      2,
    );
    expect(log.map((e) => [e.type, e.detail.selected?.length])).toEqual([
      ['dl-selection-change', 0],
      ['dl-selection-change', 1],
    ]);
    expect(layer.selected[0]!.metadata!.system!.clientId).toBe(made);
  });

  it('Escape mid box drag gives back the selection the drag dropped; the release then makes nothing', async () => {
    const { layer, log } = await ready();
    layer.select(['b1']);
    await realPress('r');
    // One real gesture (a batch releases its buttons at its end): press, drag, Escape, release.
    await commands.realInput([
      { type: 'move', ...toPagePoint(200, 150) },
      { type: 'down' },
      { type: 'move', ...toPagePoint(260, 200), steps: 3 },
      { type: 'keydown', key: 'Escape' },
      { type: 'keyup', key: 'Escape' },
      { type: 'up' },
    ]);
    await frames(2);
    await layer.updateComplete;
    // the drag dropped the box, Escape gave it back; nothing was made
    expect(log.map((e) => [e.type, e.detail.selected?.map((a: { id: string }) => a.id)])).toEqual([
      ['dl-selection-change', []],
      ['dl-selection-change', ['b1']],
    ]);
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    // Escape cancelled only the drag: the box tool stays, and the next drag draws a box
    expect(layer.tool).toBe('box');
    await realDrag(300, 250, 360, 300);
    expect(layer.annotations.filter((a) => a.type === 'box')).toHaveLength(2);
    // with nothing in progress Escape peels as before: the selection (the new box), then the tool
    await realPress('Escape');
    expect(layer.selected).toEqual([]);
    expect(layer.tool).toBe('box');
    await realPress('Escape');
    expect(layer.tool).toBe('select');
  });

  it('a tool change mid draft (hotkey or toolbar) discards the draft and gives back the selection, as Escape', async () => {
    const { layer } = await mountLayer([carBox('b1')], { panel: true, toolbar: true, w: 900, h: 500 });
    layer.focus();
    const log = recordEvents(layer);
    layer.select(['b1']);
    await realPress('p');
    await realClick(150, 120);
    await realClick(220, 120);
    await realClick(220, 200);
    expect(layer.selected).toEqual([]);
    await realPress('r'); // the box hotkey
    await layer.updateComplete;
    expect(layer.tool).toBe('box');
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(layer.shadowRoot!.querySelectorAll('[data-handle]').length).toBeGreaterThan(0);
    // the draft is gone: nothing was made, and Enter in the new tool makes nothing either
    await realPress('Enter');
    expect(log.some((e) => e.type === 'dl-annotation-create')).toBe(false);
    // a polyline draft, then a click on the toolbar's Select button
    await realPress('l');
    await realClick(150, 300);
    await realClick(250, 320);
    expect(layer.selected).toEqual([]);
    await realClickOn(layer.shadowRoot!.querySelector('[data-tool="select"]')!);
    await layer.updateComplete;
    expect(layer.tool).toBe('select');
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    // back to the polyline tool: no old vertex comes back with it, the next click starts afresh
    await realPress('l');
    await realClick(300, 250);
    await realPress('Enter'); // one vertex: not a polyline yet
    expect(log.some((e) => e.type === 'dl-annotation-create')).toBe(false);
    await realPress('Escape');
    expect(layer.annotations).toHaveLength(1);
  });

  it("Backspace of the draft's last vertex gives back the selection its first click dropped", async () => {
    const { layer } = await ready();
    layer.select(['b1']);
    await realPress('p');
    await realClick(150, 120);
    await realClick(220, 120);
    expect(layer.selected).toEqual([]);
    await realPress('Backspace');
    expect(layer.selected).toEqual([]); // one vertex left: still drawing
    await realPress('Backspace');
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(layer.shadowRoot!.querySelectorAll('[data-handle]').length).toBeGreaterThan(0);
    expect(layer.tool).toBe('polygon');
    // the next draft drops it again and Escape gives it back again
    await realClick(300, 250);
    expect(layer.selected).toEqual([]);
    await realPress('Escape');
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
  });

  it('a finished draft gives nothing back later: after Escape, a delete or an undo of the new shape, a tool change selects nothing', async () => {
    const { layer } = await ready();
    const draw = async () => {
      layer.select(['b1']);
      await realPress('p');
      await realClick(150, 120);
      await realClick(220, 120);
      await realClick(220, 200);
      await realPress('Enter');
      expect(layer.selected.map((a) => a.type)).toEqual(['segment']); // the new polygon
    };
    const switchTool = async () => {
      await realPress('r');
      await layer.updateComplete;
      expect(layer.tool).toBe('box');
      expect(layer.selected).toEqual([]);
      await realPress('2'); // the next box's label, not a relabel of the old box
      expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('car');
    };
    await draw();
    await realPress('Escape');
    expect(layer.selected).toEqual([]);
    await switchTool();
    await draw(); // back to the polygon tool first: the tool switched into gives nothing back either
    await realPress('Delete');
    expect(layer.annotations.filter((a) => a.type === 'segment')).toHaveLength(1);
    expect(layer.selected).toEqual([]);
    await switchTool();
    await draw();
    await realPress('z', { ctrl: true }); // undo its create
    expect(layer.annotations.filter((a) => a.type === 'segment')).toHaveLength(1);
    expect(layer.selected).toEqual([]);
    await switchTool();
  });

  it('Ctrl+Z in a draft takes back its last vertex (Ctrl+Shift+Z puts it back), never an old step that would select old shapes', async () => {
    const { layer, log } = await ready();
    layer.select(['b1']);
    await realPress('2'); // relabel the box: Person, an undo step that would select it
    expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('person');
    await realPress('p');
    await realClick(150, 120);
    await realClick(220, 120);
    await realClick(220, 200);
    expect(layer.selected).toEqual([]);
    log.length = 0;
    await realPress('z', { ctrl: true }); // the third vertex
    await realPress('z', { ctrl: true, shift: true }); // back again
    await realPress('z', { ctrl: true }); // gone again
    await layer.updateComplete;
    expect(layer.selected).toEqual([]); // the draft is still open: nothing old is selected
    expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('person'); // the relabel stays
    await realPress('z', { ctrl: true, shift: true }); // nothing old to redo while drawing either
    await realPress('3'); // Sign: the new shape's label, not a relabel of the box
    expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('person');
    await realPress('Enter');
    const made = log.filter((e) => e.type === 'dl-annotation-create').map((e) => e.detail.annotation);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ type: 'segment', label: 'sign' });
    expect(made[0].coordinates[0]).toHaveLength(3); // the redone vertex is back
    expect(log.some((e) => e.type === 'dl-annotation-update')).toBe(false);
    // undo in a fresh draft down to nothing gives the selection back, as Backspace; the next undo is the store's
    layer.select(['b1']);
    await realClick(300, 250);
    expect(layer.selected).toEqual([]);
    await realPress('z', { ctrl: true });
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(layer.annotations.filter((a) => a.type === 'segment')).toHaveLength(1);
    await realPress('z', { ctrl: true }); // the polygon's create
    expect(layer.annotations.filter((a) => a.type === 'segment')).toHaveLength(0);
  });

  it("Ctrl+Shift+Z after Ctrl+Z took the draft's only vertex reopens the draft with it, setting the selection aside again", async () => {
    const { layer } = await ready();
    layer.select(['b1']);
    await realPress('2'); // relabel the box: a step the history's redo must not redo here
    await realPress('z', { ctrl: true }); // ...undone: the history has a redo waiting
    expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('car');
    layer.select(['b1']);
    await realPress('p');
    await realClick(150, 120);
    await realClick(220, 120);
    await realPress('z', { ctrl: true });
    await realPress('z', { ctrl: true }); // the only vertex: the draft closes, b1 comes back
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    await realPress('z', { ctrl: true, shift: true }); // reopens the draft with its first vertex
    await new Promise((r) => setTimeout(r, 0));
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim()).toBe('Vertex put back, 1 in the draft');
    expect(layer.selected).toEqual([]); // set aside again
    expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('car'); // the relabel was not redone
    await realPress('z', { ctrl: true, shift: true }); // the second vertex
    await realClick(220, 200);
    await realPress('Enter');
    expect(layer.annotations.filter((a) => a.type === 'segment')).toHaveLength(1);
    expect((layer.selected[0]!.coordinates as unknown[][])[0]).toHaveLength(3); // both vertices put back
    // a further Ctrl+Z after the draft closed is the history's, and so is the redo then
    await realClick(300, 250);
    await realPress('z', { ctrl: true }); // the new draft's only vertex
    await realPress('z', { ctrl: true }); // the history: the polygon's create
    expect(layer.annotations.filter((a) => a.type === 'segment')).toHaveLength(0);
    await realPress('z', { ctrl: true, shift: true }); // the history's redo: the polygon is back, no draft
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.type)).toEqual(['segment']);
    await realPress('Enter'); // no draft to finish
    expect(layer.annotations).toHaveLength(2);
  });

  it('a late sync write (a mask PNG encoded) between Ctrl+Z and Ctrl+Shift+Z still reopens the draft; the history is untouched', async () => {
    const { layer } = await ready();
    layer.select(['b1']);
    await realPress('2'); // relabel the box: Person
    await realPress('z', { ctrl: true }); // ...undone: the history has a redo waiting
    expect(layer.store.annotations.canRedo).toBe(true);
    await realPress('p');
    await realClick(150, 120);
    await realPress('z', { ctrl: true }); // the only vertex: the draft closes
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    // as commands.ts does when a worker's PNG encode of an earlier mask lands now: no undo step
    const store = layer.store.annotations;
    store.sync('b1', { ...store.get('b1')! });
    await realPress('z', { ctrl: true, shift: true }); // still reopens the draft
    await new Promise((r) => setTimeout(r, 0));
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim()).toBe('Vertex put back, 1 in the draft');
    expect(layer.selected).toEqual([]);
    expect(layer.annotations.find((a) => a.id === 'b1')!.label).toBe('car'); // the relabel was not redone
    expect(store.canRedo).toBe(true);
    await realClick(220, 120);
    await realClick(220, 200);
    await realPress('Enter');
    const made = layer.annotations.filter((a) => a.type === 'segment');
    expect(made).toHaveLength(1);
    expect((made[0]!.coordinates as unknown[][])[0]).toHaveLength(3); // the vertex put back is in it
  });

  it('Ctrl+Z mid box drag drops the drag, as Escape; the release makes nothing and no old step is undone', async () => {
    const { layer, log } = await ready();
    layer.select(['b1']);
    await realPress('2');
    await realPress('r');
    log.length = 0;
    await commands.realInput([
      { type: 'move', ...toPagePoint(200, 150) },
      { type: 'down' },
      { type: 'move', ...toPagePoint(260, 200), steps: 3 },
      { type: 'keydown', key: 'Control' },
      { type: 'keydown', key: 'z' },
      { type: 'keyup', key: 'z' },
      { type: 'keyup', key: 'Control' },
      { type: 'up' },
    ]);
    await frames(2);
    await layer.updateComplete;
    expect(log.map((e) => e.type)).toEqual(['dl-selection-change', 'dl-selection-change']);
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect(layer.annotations).toHaveLength(1);
    expect(layer.annotations[0]!.label).toBe('person');
  });

  it('the polygon draft draws its closing edge from the pointer back to the first vertex', async () => {
    const { layer } = await ready();
    await realPress('p');
    await realClick(150, 120);
    await realClick(300, 120);
    await realPointer('move', 300, 250);
    await frames(2);
    // Samples along the closing edge (300, 250) -> (150, 120), away from both drawn edges; the label
    // colour is red (Car): the grey image has r = g = b.
    const redOnClosingEdge = () => {
      let red = 0;
      for (let i = 2; i <= 8; i++) {
        const t = i / 10;
        const [r, g] = layerPixel(layer, 300 - 150 * t, 250 - 130 * t, 1);
        if (r! > 160 && g! < 100) red++;
      }
      return red;
    };
    expect(redOnClosingEdge()).toBeGreaterThanOrEqual(4);
    // A polyline has no closing edge.
    await realPress('Escape');
    await realPress('l');
    await realClick(150, 120);
    await realClick(300, 120);
    await realPointer('move', 300, 250);
    await frames(2);
    expect(redOnClosingEdge()).toBe(0);
    await realPress('Escape');
  });
});

describe('<dl-annotation-layer> undo / redo say what they did', () => {
  const live = (layer: HTMLElement) => layer.shadowRoot!.querySelector('[aria-live]')!.textContent!.trim();
  const flash = (layer: HTMLElement) => layer.shadowRoot!.querySelector('[part="flash"]');
  const said = async (layer: DlAnnotationLayer, text: string) => {
    await new Promise((r) => setTimeout(r, 0));
    await layer.updateComplete;
    expect(live(layer)).toBe(text);
    const f = flash(layer)!;
    expect(f.textContent!.trim()).toBe(text);
    expect(f.getAttribute('aria-hidden')).toBe('true'); // the live region speaks it once
    const r = f.getBoundingClientRect();
    expect(r.width).toBeGreaterThan(0);
    expect(document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)).toContain(layer);
  };

  it('Ctrl+Z names the step it undid, Ctrl+Shift+Z the one it redid; both say when there is nothing', async () => {
    // no panel: the layer (400 px) fits Vitest's 414-px frame, so its bottom centre is on screen
    const { layer } = await mountLayer([carBox('b1')]);
    layer.focus();
    layer.label = 'person';
    await realPress('p');
    await realClick(150, 120);
    await realClick(220, 120);
    await realClick(220, 200);
    await realPress('Enter');
    await realPress('z', { ctrl: true });
    await said(layer, 'Undone: create Person polygon');
    await realPress('z', { ctrl: true, shift: true });
    await said(layer, 'Redone: create Person polygon');
    await realPress('z', { ctrl: true, shift: true });
    await said(layer, 'Nothing to redo');
    const poly = layer.annotations.find((a) => a.type === 'segment')!;
    layer.select([poly.metadata!.system!.clientId as string]);
    await realPress('1'); // relabel the polygon: Car
    await realPress('z', { ctrl: true });
    await said(layer, 'Undone: relabel polygon as Car');
    await realPress('z', { ctrl: true });
    await said(layer, 'Undone: create Person polygon');
    await realPress('z', { ctrl: true });
    await said(layer, 'Nothing to undo');
    // a delete of the box, by name
    await realPress('Escape');
    layer.select(['b1']);
    await realPress('Delete');
    await realPress('z', { ctrl: true });
    await said(layer, 'Undone: delete Car box');
  });

  it('in a draft, redo() puts the vertex back and says so (true); with nothing to put back it says so and is false', async () => {
    const { layer } = await mountLayer([carBox('b1')]);
    layer.focus();
    layer.label = 'person';
    await realPress('p');
    await realClick(150, 120);
    await realClick(220, 120);
    await realClick(220, 200);
    const heard = async () => {
      await new Promise((r) => setTimeout(r, 0));
      await layer.updateComplete;
      return live(layer);
    };
    expect(layer.redo()).toBe(false); // nothing taken yet: nothing done, the store's redo waits
    expect(await heard()).toBe('Nothing to redo');
    await realPress('z', { ctrl: true }); // the third vertex
    expect(layer.redo()).toBe(true);
    expect(await heard()).toBe('Vertex put back, 3 in the draft');
    expect(layer.redo()).toBe(false);
    expect(await heard()).toBe('Nothing to redo');
    await realPress('z', { ctrl: true });
    await realPress('z', { ctrl: true, shift: true }); // the key does the same
    expect(await heard()).toBe('Vertex put back, 3 in the draft');
    await realPress('Enter');
    const made = layer.annotations.find((a) => a.type === 'segment')!;
    expect((made.coordinates as unknown[][])[0]).toHaveLength(3);
  });

  it('undo / redo select the shapes their step touched that exist: a restored delete, a redone create; an undone create leaves', async () => {
    const { layer } = await mountLayer([carBox('b1')]);
    layer.focus();
    const sel = () => layer.selected.map((a) => a.id ?? a.metadata!.system!.clientId);
    await realPress('r');
    await realDrag(200, 150, 260, 200);
    const box = layer.selected[0]!.metadata!.system!.clientId as string;
    expect(sel()).toEqual([box]);
    await realPress('z', { ctrl: true }); // undo the create: the box leaves the selection
    expect(layer.annotations).toHaveLength(1);
    expect(sel()).toEqual([]);
    await realPress('z', { ctrl: true, shift: true }); // redo: the box is back, selected
    expect(sel()).toEqual([box]);
    // delete the old box, select nothing, undo: the restored box is selected
    layer.select(['b1']);
    await realPress('Delete');
    expect(sel()).toEqual([]);
    await realPress('z', { ctrl: true });
    expect(sel()).toEqual(['b1']);
    // redo the delete: it leaves again; undo once more with the new box selected: b1 is selected
    await realPress('z', { ctrl: true, shift: true });
    expect(sel()).toEqual([]);
    layer.select([box]);
    await realPress('z', { ctrl: true });
    expect(sel()).toEqual(['b1']);
  });
});
