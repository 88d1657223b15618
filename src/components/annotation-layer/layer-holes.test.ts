// Polygon holes (a `segment`'s rings after the first, spec §1.3): every vertex edit works on every ring.
// Pointer input is real (trusted mouse events via Playwright; Chromium hit-tests the handle or layer).
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ann, layerPixel, mountLayer, recordEvents, handle, centre } from './layer-test-utils.js';
import { frames, realClick, realDrag } from '../internal/test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

const OUTER = [
  { x: 200, y: 20 },
  { x: 360, y: 20 },
  { x: 360, y: 180 },
  { x: 200, y: 180 },
];
const HOLE = [
  { x: 250, y: 70 },
  { x: 310, y: 70 },
  { x: 310, y: 130 },
  { x: 250, y: 130 },
];
const DONUT = () => ann('segment', 'person', [OUTER, HOLE], 'd1');

async function selected() {
  const { layer } = await mountLayer([DONUT()]);
  layer.select(['d1']);
  await layer.updateComplete;
  return layer;
}
const updates = (log: ReturnType<typeof recordEvents>) => log.filter((e) => e.type === 'dl-annotation-update');

describe('<dl-annotation-layer> polygon holes', () => {
  it('a click in the hole passes through (empty image), a click on the filled ring selects; the moved hole hit-tests where it is', async () => {
    const { layer } = await mountLayer([DONUT()]);
    const log = recordEvents(layer);
    await realClick(280, 100);
    expect(layer.selected).toEqual([]);
    await realClick(225, 100);
    expect(layer.selected.map((a) => a.id)).toEqual(['d1']);
    await layer.updateComplete;
    // Drag the hole's left edge from x 250 to x 215 (both its left vertices): (225, 100) is then in the hole.
    await realDrag(250, 70, 215, 70, 3);
    await layer.updateComplete;
    await realDrag(250, 130, 215, 130, 3);
    expect(updates(log).at(-1)!.detail.annotation.coordinates[1]).toEqual([
      { x: 215, y: 70 },
      HOLE[1],
      HOLE[2],
      { x: 215, y: 130 },
    ]);
    await realClick(380, 250); // clear
    expect(layer.selected).toEqual([]);
    await realClick(225, 100);
    expect(layer.selected).toEqual([]);
    await realClick(208, 100);
    expect(layer.selected.map((a) => a.id)).toEqual(['d1']);
  });

  it('moving the polygon (drag on its ring) moves the hole with it', async () => {
    const { layer } = await mountLayer([DONUT()]);
    const log = recordEvents(layer);
    await realDrag(225, 100, 240, 90, 4);
    const c = updates(log).at(-1)!.detail.annotation.coordinates;
    const shift = (r: Array<{ x: number; y: number }>) => r.map((p) => ({ x: p.x + 15, y: p.y - 10 }));
    expect(c).toEqual([shift(OUTER), shift(HOLE)]);
  });

  it('shows vertex and edge handles for the hole, at the hole vertices and edge midpoints', async () => {
    const layer = await selected();
    // View is 1:1 at (0,0) in a layer at the page's top-left: screen = image coordinates.
    HOLE.forEach((p, i) => {
      const [x, y] = centre(handle(layer, `v:1:${i}`));
      expect([x, y]).toEqual([p.x, p.y]);
      const q = HOLE[(i + 1) % 4];
      const [mx, my] = centre(handle(layer, `m:1:${i}`));
      expect([mx, my]).toEqual([(p.x + q.x) / 2, (p.y + q.y) / 2]);
    });
    expect(layer.shadowRoot!.querySelectorAll('[data-handle^="v:"]').length).toBe(8);
    expect(layer.shadowRoot!.querySelectorAll('[data-handle^="m:"]').length).toBe(8);
  });

  it('drags a hole vertex: the update moves that vertex of ring 1 only; undo and redo restore both states', async () => {
    const layer = await selected();
    const log = recordEvents(layer);
    await realDrag(250, 70, 240, 60, 4);
    const up = updates(log);
    expect(up.length).toBe(1);
    const c = up[0].detail.annotation.coordinates;
    expect(c[0]).toEqual(OUTER);
    expect(c[1]).toEqual([{ x: 240, y: 60 }, ...HOLE.slice(1)]);
    expect(up[0].detail.previous.coordinates).toEqual([OUTER, HOLE]);
    expect(layer.undo()).toBe(true);
    expect(updates(log).at(-1)!.detail.annotation.coordinates).toEqual([OUTER, HOLE]);
    expect(layer.redo()).toBe(true);
    expect(updates(log).at(-1)!.detail.annotation.coordinates[1][0]).toEqual({ x: 240, y: 60 });
    expect(layer.annotations[0].coordinates).toEqual(c);
  });

  it('inserts a vertex on a hole edge (drag from its midpoint) and the hole grows where it is drawn', async () => {
    const layer = await selected();
    const log = recordEvents(layer);
    // Inside the polygon, 8 px right of the hole's right edge: filled (selection fill) before the edit.
    expect(layerPixel(layer, 318, 100)[3]).toBeGreaterThan(0);
    const [mx, my] = centre(handle(layer, 'm:1:1'));
    expect([mx, my]).toEqual([310, 100]);
    await realDrag(mx, my, 330, 100, 4);
    const c = updates(log).at(-1)!.detail.annotation.coordinates;
    expect(c[0]).toEqual(OUTER);
    expect(c[1]).toEqual([HOLE[0], HOLE[1], { x: 330, y: 100 }, HOLE[2], HOLE[3]]);
    await layer.updateComplete;
    await frames(2);
    // (318, 100) is now inside the hole's new triangle bulge (x from 310 to 330 at y 100): not filled.
    expect(layerPixel(layer, 318, 100)[3]).toBe(0);
    // The new vertex has its own handle, and the hole has 5 edge handles.
    expect(centre(handle(layer, 'v:1:2'))).toEqual([330, 100]);
    expect(layer.shadowRoot!.querySelectorAll('[data-handle^="m:1:"]').length).toBe(5);
  });

  it('Alt+click deletes a hole vertex; below 3 vertices the hole is removed, not the polygon', async () => {
    const layer = await selected();
    const log = recordEvents(layer);
    await realClick(310, 70, { alt: true });
    let c = updates(log).at(-1)!.detail.annotation.coordinates;
    expect(c).toEqual([OUTER, [HOLE[0], HOLE[2], HOLE[3]]]);
    await layer.updateComplete;
    await realClick(250, 70, { alt: true });
    c = updates(log).at(-1)!.detail.annotation.coordinates;
    expect(c).toEqual([OUTER]);
    expect(log.some((e) => e.type === 'dl-annotation-delete')).toBe(false);
    await layer.updateComplete;
    expect(layer.shadowRoot!.querySelector('[data-handle^="v:1:"]')).toBeNull();
    // One undo step per deletion: the triangle hole comes back, then the square.
    layer.undo();
    expect(updates(log).at(-1)!.detail.annotation.coordinates).toEqual([OUTER, [HOLE[0], HOLE[2], HOLE[3]]]);
    layer.undo();
    expect(updates(log).at(-1)!.detail.annotation.coordinates).toEqual([OUTER, HOLE]);
  });

  it('keyboard: a pressed hole vertex is active; arrows nudge it, Delete removes it and then the hole', async () => {
    const layer = await selected();
    const log = recordEvents(layer);
    let now = 1000;
    layer.store.annotations.now = () => now;
    await realClick(310, 130);
    await layer.updateComplete;
    expect(handle(layer, 'v:1:2').classList.contains('active')).toBe(true);
    expect(handle(layer, 'v:2').classList.contains('active')).toBe(false);
    expect(updates(log)).toEqual([]); // a press without movement is no edit
    layer.focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    now += 1000;
    await userEvent.keyboard('{Shift>}{ArrowUp}{/Shift}');
    let c = updates(log).at(-1)!.detail.annotation.coordinates;
    expect(c[0]).toEqual(OUTER);
    expect(c[1][2]).toEqual({ x: 312, y: 120 });
    expect(c[1].filter((_: unknown, i: number) => i !== 2)).toEqual([HOLE[0], HOLE[1], HOLE[3]]);
    // The two quick nudges merged into one step, the later Shift nudge is another.
    layer.undo();
    expect(updates(log).at(-1)!.detail.annotation.coordinates[1][2]).toEqual({ x: 312, y: 130 });
    layer.redo();
    await userEvent.keyboard('{Delete}');
    c = updates(log).at(-1)!.detail.annotation.coordinates;
    expect(c).toEqual([OUTER, [HOLE[0], HOLE[1], HOLE[3]]]);
    // Delete is per active vertex: make another hole vertex active, then the hole goes.
    await layer.updateComplete;
    await realClick(250, 70);
    await layer.updateComplete;
    await userEvent.keyboard('{Delete}');
    expect(updates(log).at(-1)!.detail.annotation.coordinates).toEqual([OUTER]);
    expect(layer.annotations.map((a) => a.id)).toEqual(['d1']);
    expect(layer.store.selection.activeVertex).toBeNull();
  });

  it('outline edits leave the holes alone; the outline still refuses to drop below 3 vertices', async () => {
    const { layer } = await mountLayer([ann('segment', 'person', [OUTER.slice(0, 3), HOLE], 't1')]);
    layer.select(['t1']);
    await layer.updateComplete;
    const log = recordEvents(layer);
    await realDrag(360, 20, 380, 10, 3);
    expect(updates(log).at(-1)!.detail.annotation.coordinates).toEqual([[OUTER[0], { x: 380, y: 10 }, OUTER[2]], HOLE]);
    await layer.updateComplete;
    await realClick(200, 20, { alt: true });
    expect(updates(log).length).toBe(1);
    expect(layer.annotations[0].coordinates).toEqual([[OUTER[0], { x: 380, y: 10 }, OUTER[2]], HOLE]);
  });
});
