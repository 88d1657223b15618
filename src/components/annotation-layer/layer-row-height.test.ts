// The object list's rows follow the list's font (a host page's font-size on the layer, the
// browser's minimum font size or text zoom): at 20 and 24 px every row is as tall as its text line
// needs, clear of the active row's 2 px focus ring, and the virtual list's arithmetic (the rows it
// renders, End to the last row, the arrows and Alt+↓/↑ bringing a row whole into view, an open note
// row's room) uses that height. Before, rows stayed 28 px: a 24 px font's 33.6 px line was cut, and
// a 20 px font's 28 px line lay under the focus ring. At the default font rows stay 28 px.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { frames, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, mountLayer } from './layer-test-utils.js';

const roLoops: string[] = [];
window.addEventListener('error', (e) => {
  if (/ResizeObserver loop/.test(e.message)) roLoops.push(e.message);
});
afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  expect(roLoops.splice(0), 'no ResizeObserver loop').toEqual([]);
});

const box = (label: string, [x0, y0, x1, y1]: number[], id: string) =>
  ann(
    'box',
    label,
    [
      { x: x0, y: y0, z: 0 },
      { x: x1, y: y1, z: 0 },
    ],
    id,
  );

const LONG =
  'The box is loose on every side: fit it to the car, wheels and mirrors included, and check the two cars behind it as well, then the sign at the corner and the person behind the van.';

const issue = (id: string, parentId: string) =>
  ann(
    'note',
    'note',
    {
      box: [
        { x: 10, y: 10, z: 0 },
        { x: 20, y: 40, z: 0 },
      ],
      note: { messages: [{ id: 'm1', body: LONG }], status: 'open' },
    },
    id,
    { metadata: { system: { attributes: {}, status: 'issue', parentId } } },
  );

/** `n` boxes (cars and signs), and optionally a long issue last in the list. */
function objects(n: number, note = false) {
  const out = Array.from({ length: n }, (_, i) =>
    box(
      i % 2 ? 'sign' : 'car',
      [10 + (i % 10) * 15, 10 + (i % 7) * 20, 20 + (i % 10) * 15, 40 + (i % 7) * 20],
      `o${i}`,
    ),
  );
  if (note) out.push(issue('n1', 'o0'));
  return out;
}

/** Mounts the layer with its panel, its host's font set to `font` (none: the default). */
async function mount(annotations: unknown[], font?: string) {
  const { layer } = await mountLayer(annotations, { w: 900, h: 500, panel: true });
  if (font) layer.style.fontSize = font;
  await settle(layer);
  return layer;
}

/** Three frames: a resize (the font probe's, the list's) is seen after a frame's layout and rendered in the next. */
async function settle(layer: DlAnnotationLayer) {
  await layer.updateComplete;
  await frames(3);
  await layer.updateComplete;
}

const list = (l: DlAnnotationLayer) => l.shadowRoot!.querySelector<HTMLElement>('.list')!;
const rows = (l: DlAnnotationLayer) => [...l.shadowRoot!.querySelectorAll<HTMLElement>('.row')];
const rowOf = (l: DlAnnotationLayer, key: string) =>
  l.shadowRoot!.querySelector<HTMLElement>(`.row[data-key="${key}"]`);

/** The list's visible area on the page (inside its border). */
function view(l: DlAnnotationLayer) {
  const el = list(l);
  const r = el.getBoundingClientRect();
  const top = r.top + el.clientTop;
  return { top, bottom: top + el.clientHeight };
}

/** A row's text box lies inside the row, clear of the active row's 2 px focus ring (outline-offset -2px). */
function expectTextInside(row: HTMLElement, what: string) {
  const r = row.getBoundingClientRect();
  const name = row.querySelector('.name')!.getBoundingClientRect();
  const ring = 2;
  expect(name.height, `${what}: a text line`).toBeGreaterThan(0);
  expect(name.top, `${what}: text top below the row's top and its focus ring`).toBeGreaterThanOrEqual(
    r.top + ring - 0.01,
  );
  expect(name.bottom, `${what}: text bottom above the row's bottom and its focus ring`).toBeLessThanOrEqual(
    r.bottom - ring + 0.01,
  );
}

/**
 * The rendered rows: each as tall as the first, stacked without overlap or gap at that height, the
 * text of each inside it, and together covering the list's visible area (the virtual list renders
 * the rows in view at the height they have). Gives the rows' height.
 */
function expectRows(l: DlAnnotationLayer, what: string): number {
  const rs = rows(l).filter((r) => !r.classList.contains('open'));
  expect(rs.length, `${what}: rows rendered`).toBeGreaterThan(3);
  const h = rs[0]!.getBoundingClientRect().height;
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    expect(r.getBoundingClientRect().height, `${what}: row ${r.id} height`).toBe(h);
    expect(r.offsetTop, `${what}: row ${r.id} place`).toBe(Number(r.id.slice(4)) * h);
    expectTextInside(r, `${what}: row ${r.id}`);
  }
  const v = view(l);
  const first = Math.min(...rs.map((r) => r.getBoundingClientRect().top));
  const last = Math.max(...rs.map((r) => r.getBoundingClientRect().bottom));
  expect(first, `${what}: rows from the list's top`).toBeLessThanOrEqual(v.top + 0.5);
  expect(last, `${what}: rows to the list's bottom`).toBeGreaterThanOrEqual(v.bottom - 0.5);
  const total = Number(rs[0]!.getAttribute('aria-setsize'));
  expect(list(l).scrollHeight, `${what}: the list's scroll room is its rows'`).toBe(total * h);
  return h;
}

/** `row` lies whole in the list's visible area. */
function expectWholeInView(l: DlAnnotationLayer, row: HTMLElement | null, what: string) {
  expect(row, `${what}: rendered`).not.toBeNull();
  const r = row!.getBoundingClientRect();
  const v = view(l);
  expect(r.top, `${what}: top in view`).toBeGreaterThanOrEqual(v.top - 0.5);
  expect(r.bottom, `${what}: bottom in view`).toBeLessThanOrEqual(v.bottom + 0.5);
  expectTextInside(row!, what);
}

describe('object rows follow the list’s font', () => {
  it('at the default font rows stay 28 px, their text inside; no row height is set on the panel', async () => {
    const layer = await mount(objects(300));
    expect(expectRows(layer, 'default')).toBe(28);
    const panel = layer.shadowRoot!.querySelector<HTMLElement>('.panel')!;
    expect(panel.style.getPropertyValue('--_row-h')).toBe('');
    expect(list(layer).scrollHeight).toBe(300 * 28);
  });

  for (const font of ['20px', '24px']) {
    it(`at ${font}: rows as tall as their text needs, at every place; End shows the last row whole; the first row kept on a font change`, async () => {
      const layer = await mount(objects(300));
      // Scrolled to row 100 at the default font, then the host's font grows: rows grow, row 100
      // stays at the list's top.
      list(layer).scrollTop = 100 * 28;
      list(layer).dispatchEvent(new Event('scroll'));
      await settle(layer);
      layer.style.fontSize = font;
      await settle(layer);
      const h = expectRows(layer, font);
      expect(h, 'taller than the default 28 px').toBeGreaterThan(28);
      expect(list(layer).scrollHeight, 'the scroll room: 300 rows of that height').toBe(300 * h);
      expect(Math.round(list(layer).scrollTop / h), 'the same first row').toBe(100);
      // End in the list: the last object, whole in view at the list's bottom, no room below it.
      list(layer).focus();
      await realPress('End');
      await settle(layer);
      expectWholeInView(layer, rowOf(layer, 'o299'), `${font}: End`);
      const el = list(layer);
      expect(el.scrollTop + el.clientHeight, 'scrolled to the end').toBeGreaterThanOrEqual(el.scrollHeight - 1);
      expectRows(layer, `${font} at the end`);
      // Home: back to the first.
      await realPress('Home');
      await settle(layer);
      expectWholeInView(layer, rowOf(layer, 'o0'), `${font}: Home`);
      // Back to the default font: 28 px again.
      layer.style.fontSize = '';
      await settle(layer);
      expect(expectRows(layer, `${font}, then the default`)).toBe(28);
    });

    it(`at ${font}: ↓ / ↑ in the list and Alt+↓ / Alt+↑ bring the row whole into view`, async () => {
      const layer = await mount(objects(300), font);
      layer.select(['o0']);
      await settle(layer);
      expect(layer.selected.map((a) => a.id)).toEqual(['o0']);
      list(layer).focus();
      for (let i = 1; i <= 20; i++) {
        await realPress('ArrowDown');
        await settle(layer);
        const active = layer.shadowRoot!.querySelector<HTMLElement>('.row.active');
        expect(active?.dataset.key).toBe(`o${i}`);
        expectWholeInView(layer, active, `${font}: ↓ to row ${i}`);
      }
      for (let i = 19; i >= 5; i--) {
        await realPress('ArrowUp');
        await settle(layer);
        expectWholeInView(layer, layer.shadowRoot!.querySelector('.row.active'), `${font}: ↑ to row ${i}`);
      }
      // Alt+↓ selects the next object (the layer's key): its row comes whole into view.
      for (let i = 1; i <= 25; i++) {
        await realPress('ArrowDown', { alt: true });
        await settle(layer);
        expect(layer.selected.map((a) => a.id)).toEqual([`o${i}`]);
        expectWholeInView(layer, rowOf(layer, `o${i}`), `${font}: Alt+↓ to o${i}`);
      }
      for (let i = 24; i >= 10; i--) {
        await realPress('ArrowUp', { alt: true });
        await settle(layer);
        expect(layer.selected.map((a) => a.id)).toEqual([`o${i}`]);
        expectWholeInView(layer, rowOf(layer, `o${i}`), `${font}: Alt+↑ to o${i}`);
      }
      expectRows(layer, `${font} after the keys`);
    });

    it(`at ${font}: an open note row (the last) opens up inside the list, its lines as far apart as the font needs`, async () => {
      const layer = await mount(objects(40, true), font);
      const el = list(layer);
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
      await settle(layer);
      const h = expectRows(layer, font);
      const row = rowOf(layer, 'n1')!;
      const closed = row.getBoundingClientRect();
      expectWholeInView(layer, row, `${font}: the note row, closed`);
      row.dispatchEvent(new PointerEvent('pointerenter'));
      await settle(layer);
      const open = rowOf(layer, 'n1')!;
      expect(open.classList.contains('open')).toBe(true);
      const r = open.getBoundingClientRect();
      const v = view(layer);
      expect(r.height, 'open: several lines').toBeGreaterThan(2 * h);
      expect(r.top, 'open: top inside the list').toBeGreaterThanOrEqual(v.top - 0.5);
      expect(r.bottom, 'open: bottom inside the list').toBeLessThanOrEqual(v.bottom + 0.5);
      expect(Math.abs(r.bottom - closed.bottom), 'opened up: its bottom where it was').toBeLessThanOrEqual(1);
      // Its lines do not overlap: the line height holds the font (1.2 × its size at least).
      const name = open.querySelector<HTMLElement>('.name')!;
      const cs = getComputedStyle(name);
      expect(Number.parseFloat(cs.lineHeight)).toBeGreaterThanOrEqual(1.2 * Number.parseFloat(cs.fontSize));
      expect(el.scrollHeight, 'the scroll room unchanged').toBe(41 * h);
      open.dispatchEvent(new PointerEvent('pointerleave'));
      await settle(layer);
      expect(rowOf(layer, 'n1')!.getBoundingClientRect().height).toBe(h);
    });
  }

  it('screenshots: the object list at the default font and at 24 px', async () => {
    // The test iframe is 414 px wide: widened for the 900 px layer's panel to be in the picture.
    await page.viewport(920, 700);
    try {
      const layer = await mount(objects(60, true));
      const panel = layer.shadowRoot!.querySelector<HTMLElement>('.panel')!;
      layer.select(['o2']);
      await settle(layer);
      await page.screenshot({ element: panel, path: '../../../test-results/screenshots/object-list-default.png' });
      layer.style.fontSize = '24px';
      await settle(layer);
      await page.screenshot({ element: panel, path: '../../../test-results/screenshots/object-list-24px.png' });
      expectRows(layer, 'screenshot at 24px');
    } finally {
      await page.viewport(414, 896);
    }
  });
});
