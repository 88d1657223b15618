// The object list's eye and lock in a narrow (225 px) panel: out of sight they keep no room from
// the row's text (a note's message, an object's type word); they show over the row's end on hover,
// on the keyboard's active row and on a selected row without moving the text; a locked or hidden
// object keeps its state in view without a hover. And a note's tag on the canvas reads as its row.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { setStrings } from '../strings.js';
import { frames, realClick, realClickOn, realPointer, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { layerStrings } from './layer-strings.js';
import { ann, mountLayer } from './layer-test-utils.js';

afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  setStrings({ 'annotationLayer.issue': layerStrings['annotationLayer.issue'] });
});

const box = (id: string, label: string, x: number) =>
  ann(
    'box',
    label,
    [
      { x, y: 60, z: 0 },
      { x: x + 60, y: 120, z: 0 },
    ],
    id,
  );
const note = (id: string, status: 'issue' | 'review', body: string) =>
  ann(
    'note',
    'note',
    {
      box: [
        { x: 30, y: 150, z: 0 },
        { x: 110, y: 200, z: 0 },
      ],
      note: { messages: [{ id: 'm1', creator: 'rev@x.test', time: 1, body }], status: 'open' },
    },
    id,
    { metadata: { system: { status } } },
  );

const row = (l: DlAnnotationLayer, key: string) => {
  const r = l.shadowRoot!.querySelector<HTMLElement>(`.row[data-key="${key}"]`);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};
const rect = (el: Element | null) => el!.getBoundingClientRect();
/** The text's own width (a Range: fractional, unlike scrollWidth). */
const textWidth = (el: Element) => {
  const r = document.createRange();
  r.selectNodeContents(el);
  return r.getBoundingClientRect().width;
};
const shown = (el: Element | null) => !!el && getComputedStyle(el).visibility === 'visible' && rect(el).width > 0;
const BODY = 'The box is loose';

async function mount(theme = 'light') {
  // 500 px wide: the panel is min(18rem, 45%) = 225 px, as in the demo at 1024 px.
  await page.viewport(900, 700);
  const { layer } = await mountLayer([box('b1', 'car', 20), box('b2', 'person', 100), note('n1', 'issue', BODY)], {
    panel: true,
    w: 500,
    h: 420,
    theme,
  });
  await frames(2);
  // The pointer away from the list.
  await realPointer('move', 5, 5);
  await layer.updateComplete;
  return layer;
}

describe('<dl-annotation-layer> object list row tools', () => {
  for (const theme of ['light', 'dark'])
    it(`${theme}: hidden tools keep no room; hover shows them over the row's end, the text stays put`, async () => {
      const layer = await mount(theme);
      const panel = rect(layer.shadowRoot!.querySelector('.panel'));
      expect(panel.width).toBeCloseTo(225, 0);
      const n = row(layer, 'n1');
      const name = n.querySelector('.name')!;
      const kind = n.querySelector('.kind')!;
      // The note's short message is shown whole after its badge ("Issue"), and nothing out of
      // sight holds room after it.
      expect(name.textContent).toBe(BODY);
      expect(rect(name).width, 'message shown whole').toBeGreaterThanOrEqual(textWidth(name) - 0.01);
      expect(rect(kind).right).toBeLessThanOrEqual(rect(name).left);
      expect(shown(n.querySelector('.row-tools'))).toBe(false);
      // Object rows: label and type word show, and the type word's box reaches the row's end.
      const b = row(layer, 'b1');
      expect(b.querySelector('.name')!.textContent).toBe('Car');
      expect(b.querySelector('.type')!.textContent).toBe('box');
      expect(rect(b).right - rect(b.querySelector('.type')).right).toBeLessThan(12);
      await page.screenshot({ element: layer, path: `../../../test-results/layer-row-tools-${theme}-rest.png` });
      // A real hover shows the eye and the lock inside the row, over its end; nothing moves.
      const before = [rect(name), rect(kind)].map((r) => [r.left, r.width]);
      const r = rect(n);
      await realPointer('move', r.left + 20, r.top + r.height / 2);
      await layer.updateComplete;
      const tools = n.querySelector('.row-tools')!;
      expect(shown(tools)).toBe(true);
      for (const t of tools.querySelectorAll('[data-toggle]')) {
        expect(shown(t)).toBe(true);
        expect(rect(t).right).toBeLessThanOrEqual(r.right);
        expect(rect(t).left).toBeGreaterThanOrEqual(r.left);
      }
      expect([rect(name), rect(kind)].map((x) => [x.left, x.width])).toEqual(before);
      // The tools lie on the row's own (hover) background, not see-through over the text.
      expect(getComputedStyle(tools).backgroundImage).toContain(getComputedStyle(n).backgroundColor);
      await page.screenshot({ element: layer, path: `../../../test-results/layer-row-tools-${theme}-hover.png` });
    });

  it("a selected note row's tools cover the end of its message, never its badge", async () => {
    const layer = await mount();
    const long = `${BODY}: fit it to the car, and check the mirror on the left side too`;
    layer.annotations = [box('b1', 'car', 20), note('n1', 'issue', long)];
    await layer.updateComplete;
    await frames(2);
    const n = row(layer, 'n1');
    await realClickOn(n);
    await layer.updateComplete;
    expect(n.getAttribute('aria-selected')).toBe('true');
    // The pointer away: the tools show because the row is selected, not hovered.
    await realPointer('move', 5, 5);
    await layer.updateComplete;
    const kind = n.querySelector('.kind')!;
    const name = n.querySelector('.name')!;
    const toggles = [...n.querySelectorAll('.row-tools [data-toggle]')];
    expect(toggles.every(shown)).toBe(true);
    // The badge is in the row, whole, and left of the tools' fade; the message (cut) runs under them.
    expect(kind.textContent).toBe('Issue');
    expect(rect(kind).width).toBeGreaterThanOrEqual(textWidth(kind) - 0.01);
    const toolsLeft = rect(n.querySelector('.row-tools')).left;
    expect(rect(kind).right).toBeLessThanOrEqual(toolsLeft);
    expect(rect(name).right).toBeGreaterThan(toolsLeft);
    await page.screenshot({ element: layer, path: '../../../test-results/layer-row-tools-note-selected.png' });
  });

  it('a locked or hidden object shows its state without a hover; the keyboard and the mouse reach the tools', async () => {
    const layer = await mount();
    // The mouse: hover the row, click its lock (over the row's end).
    const b = row(layer, 'b1');
    const r = rect(b);
    await realPointer('move', r.left + 20, r.top + r.height / 2);
    await layer.updateComplete;
    await realClickOn(b.querySelector('[data-toggle="lock"]')!);
    await layer.updateComplete;
    expect(row(layer, 'b1').getAttribute('aria-label')).toBe('Car box, locked, Missing: Occluded'); // the fixture's required attribute unset
    // Pointer away: the lock stays in view, in the row's flow (the type word ends before it).
    await realPointer('move', 5, 5);
    await layer.updateComplete;
    const locked = row(layer, 'b1');
    expect(shown(locked.querySelector('.row-tools'))).toBe(false);
    const lockMark = locked.querySelector('.row-state [data-state="lock"]');
    expect(shown(lockMark)).toBe(true);
    expect(rect(locked.querySelector('.type')).right).toBeLessThanOrEqual(rect(lockMark).left + 0.5);
    expect(locked.querySelector('.row-state [data-state="hide"]')).toBeNull();
    // The keyboard: the list's active row shows its tools; H hides the selection, and the row keeps
    // a crossed eye in view.
    const list = layer.shadowRoot!.querySelector<HTMLElement>('[role="listbox"].list')!;
    list.focus();
    await realPress('Home');
    await realPress('ArrowDown');
    await layer.updateComplete;
    const b2 = row(layer, 'b2');
    expect(b2.classList.contains('active')).toBe(true);
    expect(shown(b2.querySelector('.row-tools'))).toBe(true);
    expect(shown(row(layer, 'n1').querySelector('.row-tools'))).toBe(false);
    await realPress('Enter');
    await realPress('h');
    await layer.updateComplete;
    expect(row(layer, 'b2').getAttribute('aria-label')).toBe('Person box, hidden, Missing: Occluded');
    list.blur();
    layer.shadowRoot!.querySelector<HTMLElement>('.panel-toggle')?.focus();
    await layer.updateComplete;
    expect(shown(row(layer, 'b2').querySelector('.row-state [data-state="hide"]'))).toBe(true);
    await page.screenshot({ element: layer, path: '../../../test-results/layer-row-tools-states.png' });
  });

  it('the Objects count wraps between its parts in a narrow panel, never inside one', async () => {
    const layer = await mount();
    await realClick(50, 90);
    await realPress('h');
    await layer.updateComplete;
    const count = layer.shadowRoot!.querySelector<HTMLElement>('[data-count]')!;
    expect(count.textContent).toBe('2 objects · 1 note · 1 hidden');
    // The count does not fit beside "Objects" on one line here: it wraps…
    const lines = new Set([...count.getClientRects()].map((r) => Math.round(r.top)));
    const range = document.createRange();
    range.selectNodeContents(count);
    expect(new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size + lines.size).toBeGreaterThan(2);
    // …but each part ("1 hidden") is on one line: the text boxes of one part share one top.
    const text = count.textContent!;
    for (const part of text.split(' · ')) {
      const at = text.indexOf(part);
      const r = document.createRange();
      const walker = document.createTreeWalker(count, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent!.length;
        if (seen <= at && at < seen + len) r.setStart(n, at - seen);
        if (seen < at + part.length && at + part.length <= seen + len) r.setEnd(n, at + part.length - seen);
        seen += len;
      }
      const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
      expect(tops.size, `"${part}" on one line`).toBe(1);
    }
    await page.screenshot({ element: layer, path: '../../../test-results/layer-row-tools-count.png' });
  });

  it("a note's tag on the canvas reads Issue / Note from the layer's strings, as text", async () => {
    await page.viewport(900, 700);
    const drawn: string[] = [];
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, t: string, ...rest) {
      drawn.push(t);
      return fillText.call(this, t, ...(rest as [number, number]));
    } as typeof fillText;
    try {
      const { layer } = await mountLayer([box('b1', 'car', 20), note('n1', 'issue', 'Loose <b>box</b>')], {
        panel: false,
        w: 500,
        h: 420,
      });
      layer.showLabels = true;
      await layer.updateComplete;
      await frames(3);
      expect(drawn).toContain('Car');
      expect(drawn).toContain('Issue');
      expect(drawn).not.toContain('note');
      await page.screenshot({ element: layer, path: '../../../test-results/layer-note-tag.png' });
      // A note under review reads "Note"; translated strings are used.
      drawn.length = 0;
      setStrings({ 'annotationLayer.issue': 'Problème' });
      layer.annotations = [box('b1', 'car', 20), note('n1', 'issue', 'x'), note('n2', 'review', 'y')];
      await layer.updateComplete;
      await frames(3);
      expect(drawn).toContain('Problème');
      expect(drawn).toContain('Note');
      expect(drawn).not.toContain('note');
      expect(drawn).not.toContain('Issue');
    } finally {
      CanvasRenderingContext2D.prototype.fillText = fillText;
    }
  });
});
