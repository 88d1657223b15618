// Issue marks read on any label colour (an issue pinned over a red car is not lost in its red), and a
// note's row in the object list opens to show the whole note. Real Chromium: pixels are read off the
// layer's canvases, rows measured in the page.
import { afterEach, describe, expect, it } from 'vitest';
import { frames, realPress } from '../internal/test-utils.js';
import { ann, mountLayer } from './layer-test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';

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

const issue = ([x0, y0, x1, y1]: number[], id: string, body: string, parentId: string) =>
  ann(
    'note',
    'note',
    {
      box: [
        { x: x0, y: y0, z: 0 },
        { x: x1, y: y1, z: 0 },
      ],
      note: { messages: [{ id: 'm1', body }], status: 'open' },
    },
    id,
    { metadata: { system: { attributes: {}, status: 'issue', parentId } } },
  );

/** A red car (#ff0000) and a green person (#00ff00), each with an issue pinned over its box. */
function scene() {
  return [
    box('car', [60, 60, 180, 140], 'c1'),
    box('person', [240, 60, 340, 200], 'p1'),
    issue([60, 60, 180, 140], 'n1', 'The box is loose: fit it to the car.', 'c1'),
    issue([240, 60, 340, 200], 'n2', 'Wrong label: this is a sign.', 'p1'),
  ];
}

/**
 * The pixels the layer shows (the live overlay over the tiles) across the vertical edge at x = `x`,
 * ±4 px, for y in [y0, y1]: RGB triples.
 */
function edgePixels(layer: DlAnnotationLayer, x: number, y0: number, y1: number): number[][] {
  layer.drawNow();
  const d = devicePixelRatio;
  const read = (c: HTMLCanvasElement) =>
    c
      .getContext('2d')!
      .getImageData(Math.floor((x - 4) * d), Math.floor(y0 * d), Math.ceil(9 * d), Math.ceil((y1 - y0) * d)).data;
  const base = read(layer.renderer.snapshot());
  const live = read(layer.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!);
  const out: number[][] = [];
  for (let i = 0; i < base.length; i += 4) {
    const a = live[i + 3]! / 255;
    // the live canvas composited over the tiles
    // the tiles over the mount's grey picture, the live canvas over them
    const b = base[i + 3]! / 255;
    out.push([0, 1, 2].map((c) => Math.round(live[i + c]! * a + (base[i + c]! * b + 128 * (1 - b)) * (1 - a))));
  }
  return out;
}

const isWhite = (p: number[]) => p.every((c) => c >= 225);
const isDark = (p: number[]) => p.every((c) => c <= 50);
const isRed = (p: number[]) => p[0]! >= 150 && p[1]! <= 60 && p[2]! <= 60;

describe('issue marks on the canvas', () => {
  for (const theme of ['light', 'dark'])
    it(`an issue reads on a red and on a green object, selected or not: white and dark beside its red (${theme})`, async () => {
      const { layer } = await mountLayer(scene(), { theme, w: 400, h: 300 });
      const check = (what: string) => {
        for (const [name, x, y0, y1] of [
          ['on the red car', 60, 75, 125],
          ['on the green person', 240, 75, 185],
        ] as const) {
          const px = edgePixels(layer, x, y0, y1);
          const white = px.filter(isWhite).length;
          const dark = px.filter(isDark).length;
          const red = px.filter(isRed).length;
          // Along a 50-110 px edge: dozens of white and dark pixels each, and the red dashes.
          expect(white, `white of the issue ${name}, ${what}`).toBeGreaterThan(20);
          expect(dark, `dark edge of the issue ${name}, ${what}`).toBeGreaterThan(20);
          expect(red, `red dashes of the issue ${name}, ${what}`).toBeGreaterThan(20);
        }
      };
      check('unselected');
      layer.select(['n1']);
      await layer.updateComplete;
      await frames(2);
      check('n1 selected');
      // Hidden: no mark (the mark follows the note's visibility).
      layer.select([]);
      layer.store.shapes.setHidden(['n1', 'c1'], true);
      await frames(2);
      expect(edgePixels(layer, 60, 75, 125).filter(isDark).length, 'hidden issue unmarked').toBe(0);
    });

  it('leaves the annotations as they were (the mark is drawing only)', async () => {
    const anns = scene();
    const before = JSON.stringify(anns);
    const { layer } = await mountLayer(anns, { w: 400, h: 300 });
    layer.drawNow();
    expect(JSON.stringify(layer.annotations)).toBe(before);
  });
});

describe('a note row in the object list', () => {
  const LONG =
    'The box is loose on every side: fit it to the car, wheels and mirrors included, and check the two cars behind it as well <b>not bold</b>';

  it('opens over the rows below it on hover (here or on the canvas), showing the whole note wrapped, as text', async () => {
    const notes = scene();
    (notes[2]!.coordinates as any).note.messages = [
      { id: 'm1', creator: 'manager@x.y', body: LONG },
      { id: 'm2', creator: 'annotator@x.y', body: 'Fixed?' },
    ];
    const { layer } = await mountLayer(notes, { w: 900, h: 500, panel: true });
    const root = layer.shadowRoot!;
    const row = () => root.querySelector<HTMLElement>('.row[data-key="n1"]')!;
    const next = () => root.querySelector<HTMLElement>('.row[data-key="n2"]')!;
    const nextTop = next().getBoundingClientRect().top;
    expect(row().getBoundingClientRect().height, 'closed: one line').toBeLessThanOrEqual(28);
    expect(row().querySelector('.name')!.textContent).not.toContain('Fixed?');
    // Hovered: the whole note, wrapped, several lines, inside the list's width; the next row keeps its place.
    row().dispatchEvent(new PointerEvent('pointerenter'));
    await layer.updateComplete;
    await frames(1);
    const name = row().querySelector<HTMLElement>('.name')!;
    expect(name.textContent).toContain(`manager@x.y: ${LONG}`);
    expect(name.textContent).toContain('annotator@x.y: Fixed?');
    expect(row().querySelector('b')).toBeNull();
    expect(row().getBoundingClientRect().height, 'open: several lines').toBeGreaterThan(3 * 18);
    expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth);
    expect(row().getBoundingClientRect().right).toBeLessThanOrEqual(
      root.querySelector('.list')!.getBoundingClientRect().right,
    );
    expect(next().getBoundingClientRect().top).toBe(nextTop);
    // Drawn over the next row (stacked above it), not under it.
    expect(Number(getComputedStyle(row()).zIndex)).toBeGreaterThan(Number(getComputedStyle(next()).zIndex) || 0);
    // Left: closed again.
    row().dispatchEvent(new PointerEvent('pointerleave'));
    await layer.updateComplete;
    expect(row().getBoundingClientRect().height).toBeLessThanOrEqual(28);
    // Hovering the issue on the canvas opens its row too (the store's hover).
    layer.store.hover.set('n1');
    layer.requestUpdate();
    await layer.updateComplete;
    expect(row().getBoundingClientRect().height).toBeGreaterThan(3 * 18);
    layer.store.hover.set(null);
    layer.requestUpdate();
    await layer.updateComplete;
    // Not the keyboard's active row: opened over the rows below, the list's last row grew the list's
    // scroll room past its end (e2e panel-scroll: End no longer reached the bottom). A keyboard
    // user reads the whole note in the note box above the list once the row is selected.
  });

  it("an issue's badge in the list is white on the issue red, as its tag on the canvas", async () => {
    const { layer } = await mountLayer(scene(), { w: 900, h: 500, panel: true });
    const kind = layer.shadowRoot!.querySelector<HTMLElement>('.row[data-key="n1"] .kind')!;
    const cs = getComputedStyle(kind);
    expect(cs.backgroundColor).toBe('rgb(185, 28, 28)');
    expect(cs.color).toBe('rgb(255, 255, 255)');
  });
});

describe("a note row opens inside the list's visible area", () => {
  const LONG =
    'The box is loose on every side: fit it to the car, wheels and mirrors included, and check the two cars behind it as well, then the sign at the corner and the person behind the van.';

  /** Twenty cars and, last in the list, an issue with a long note: the list scrolls. */
  function many() {
    const out = Array.from({ length: 20 }, (_, i) => box('car', [10 + i * 15, 10, 20 + i * 15, 40], `c${i}`));
    out.push(issue([10, 10, 20, 40], 'n1', LONG, 'c0'));
    return out;
  }

  /** The list's visible area (its padding box in the page) and the row's box, once drawn. */
  async function boxes(layer: DlAnnotationLayer) {
    await layer.updateComplete;
    // Three frames: a list resize is observed after a frame's layout and ListRoom renders for it in
    // the next frame (not inside the observer's delivery), after a second frame callback queued here.
    await frames(3);
    const root = layer.shadowRoot!;
    const list = root.querySelector<HTMLElement>('.list')!;
    const row = root.querySelector<HTMLElement>('.row[data-key="n1"]')!;
    const l = list.getBoundingClientRect();
    const top = l.top + list.clientTop;
    return { list, row, r: row.getBoundingClientRect(), top, bottom: top + list.clientHeight };
  }

  /** The open row: several lines, wholly inside the list's visible area, over its edge fades. */
  function expectOpenInside(b: Awaited<ReturnType<typeof boxes>>, what: string) {
    expect(b.r.height, `${what}: open, several lines`).toBeGreaterThan(3 * 18);
    expect(b.r.top, `${what}: top inside the list`).toBeGreaterThanOrEqual(b.top - 0.5);
    expect(b.r.bottom, `${what}: bottom inside the list`).toBeLessThanOrEqual(b.bottom + 0.5);
    // drawn over the list's edge fades (not faded under them)
    const fade = Number(getComputedStyle(b.list, '::after').zIndex);
    expect(Number(getComputedStyle(b.row).zIndex), `${what}: over the fades`).toBeGreaterThan(fade);
  }

  it('hovered, the last row opens up over the rows above, not past the list’s bottom; the scroll room stays', async () => {
    const { layer } = await mountLayer(many(), { w: 900, h: 500, panel: true });
    const list = layer.shadowRoot!.querySelector<HTMLElement>('.list')!;
    list.scrollTop = list.scrollHeight;
    list.dispatchEvent(new Event('scroll'));
    const before = await boxes(layer);
    const room = list.scrollHeight;
    expect(room, 'the list scrolls').toBeGreaterThan(list.clientHeight);
    expect(before.r.bottom, 'the last row at the list’s bottom').toBeGreaterThan(before.bottom - 28 - 1);
    before.row.dispatchEvent(new PointerEvent('pointerenter'));
    const open = await boxes(layer);
    expect(open.row.classList.contains('open')).toBe(true);
    expectOpenInside(open, 'hovered last row');
    // its bottom where it was closed: it opened upward
    expect(Math.abs(open.r.bottom - before.r.bottom)).toBeLessThanOrEqual(1);
    expect(list.scrollHeight, 'the list’s scroll room').toBe(room);
    open.row.dispatchEvent(new PointerEvent('pointerleave'));
    expect((await boxes(layer)).r.height).toBeLessThanOrEqual(28);
  });

  it('hovered, a first note row half scrolled above the list’s top opens from that top, its first line in view', async () => {
    // Notes only, the long one first: it is the list's first row.
    const notes = Array.from({ length: 20 }, (_, i) =>
      issue([10 + i * 15, 10, 20 + i * 15, 40], `n${i + 2}`, 'Fit it.', ''),
    );
    const { layer } = await mountLayer([issue([10, 10, 20, 40], 'n1', LONG, ''), ...notes], {
      w: 900,
      h: 500,
      panel: true,
    });
    const list = layer.shadowRoot!.querySelector<HTMLElement>('.list')!;
    list.scrollTop = 14;
    list.dispatchEvent(new Event('scroll'));
    await layer.updateComplete;
    const before = await boxes(layer);
    expect(list.scrollTop, 'the list scrolls').toBe(14);
    expect(before.r.top, 'the note row is the first, half above the top').toBeLessThan(before.top - 10);
    before.row.dispatchEvent(new PointerEvent('pointerenter'));
    const open = await boxes(layer);
    expect(open.row.classList.contains('open')).toBe(true);
    expectOpenInside(open, 'hovered half-visible first row');
    open.row.dispatchEvent(new PointerEvent('pointerleave'));
    expect((await boxes(layer)).r.top, 'closed: back in its place').toBeLessThan(before.top - 10);
  });

  it("the keyboard's active note row opens as a hovered one, inside the list; End still reaches the end", async () => {
    const { layer } = await mountLayer(many(), { w: 900, h: 500, panel: true });
    const list = layer.shadowRoot!.querySelector<HTMLElement>('.list')!;
    const room = list.scrollHeight;
    expect(room, 'the list scrolls').toBeGreaterThan(list.clientHeight);
    list.focus();
    await layer.updateComplete;
    await realPress('End');
    const b = await boxes(layer);
    expect(list.getAttribute('aria-activedescendant')).toBe(b.row.id);
    expect(b.row.classList.contains('active')).toBe(true);
    expectOpenInside(b, 'active last row');
    expect(b.row.textContent).toContain(LONG);
    expect(list.scrollHeight, 'the list’s scroll room').toBe(room);
    expect(list.scrollTop + list.clientHeight, 'scrolled to the end').toBeGreaterThanOrEqual(list.scrollHeight - 1);
    // Another row active: closed again.
    await realPress('ArrowUp');
    const up = await boxes(layer);
    expect(up.row.getBoundingClientRect().height).toBeLessThanOrEqual(28);
  });
  it('an open row follows a resize of the list without a scroll: it opens up once the room below is short, inside the list', async () => {
    // Notes only, the long one fourth: at the list's top, room below it while the list is tall.
    const short = (i: number) => issue([10 + i * 15, 10, 20 + i * 15, 40], `n${i + 2}`, 'Fit it.', '');
    const { viewer, layer } = await mountLayer(
      [
        short(0),
        short(1),
        short(2),
        issue([10, 10, 20, 40], 'n1', LONG, ''),
        ...Array.from({ length: 20 }, (_, i) => short(i + 3)),
      ],
      { w: 900, h: 700, panel: true },
    );
    const list = layer.shadowRoot!.querySelector<HTMLElement>('.list')!;
    const before = await boxes(layer);
    before.row.dispatchEvent(new PointerEvent('pointerenter'));
    const down = await boxes(layer);
    expect(down.row.classList.contains('open')).toBe(true);
    expect(down.row.classList.contains('up'), 'tall list: opens down').toBe(false);
    expectOpenInside(down, 'tall list');
    const roomBefore = down.row.style.getPropertyValue('--_open-room');
    let scrolled = 0;
    list.addEventListener('scroll', () => scrolled++);
    // The window shrinks: the list with it, not scrolled (its top row stays the first).
    viewer.style.height = `${700 - (list.clientHeight - 180)}px`;
    const after = await boxes(layer);
    expect(list.clientHeight, 'the list is shorter').toBeLessThan(238);
    expect([list.scrollTop, scrolled], 'and was not scrolled').toEqual([0, 0]);
    expect(after.row.classList.contains('up'), 'short list: opens up over the rows above').toBe(true);
    expect(after.row.style.getPropertyValue('--_open-room')).not.toBe(roomBefore);
    expectOpenInside(after, 'after the resize');
    // Tall again: down again.
    viewer.style.height = '700px';
    const again = await boxes(layer);
    expect(again.row.classList.contains('up'), 'tall again: opens down').toBe(false);
    expectOpenInside(again, 'tall again');
  });
});
