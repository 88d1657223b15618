import { afterEach, describe, expect, it } from 'vitest';
import { ann, carBox, mountLayer } from './layer-test-utils.js';
import { frames, realClick, realDrag } from '../internal/test-utils.js';

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

describe('<dl-annotation-layer> as a child of a re-rendering host', () => {
  it('setting the same annotations array again keeps selection, edits and undo; a different array resets', async () => {
    const list = [BOX(), POLY()];
    const { layer } = await mountLayer(list);
    // Real mouse input: select the box, then move it 10 px right and down.
    await realClick(70, 50);
    await realDrag(70, 50, 80, 60, 3);
    await frames(2);
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    const moved = layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>;
    expect(moved[0].x).toBe(30);
    // What a Lit host does on every render: the same value again.
    layer.annotations = list;
    await layer.updateComplete;
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    expect((layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>)[0].x).toBe(30);
    expect(layer.undo()).toBe(true);
    expect((layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>)[0].x).toBe(20);
    // A new value (even with equal content) is a new item's annotations: everything resets.
    layer.redo();
    layer.annotations = [BOX(), POLY()];
    expect(layer.selected).toEqual([]);
    expect(layer.undo()).toBe(false);
    expect((layer.annotations.find((a) => a.id === 'b1')!.coordinates as Array<{ x: number }>)[0].x).toBe(20);
  });

  it('setting the same AnnotationCollection instance again does not reset', async () => {
    const { AnnotationCollection } = await import('../../entities/annotations/index.js');
    const coll = AnnotationCollection.fromJson([BOX(), POLY()], { isVideo: false });
    const { layer } = await mountLayer(coll);
    layer.select(['p1']);
    layer.annotations = coll;
    expect(layer.selected.map((a) => a.id)).toEqual(['p1']);
    layer.annotations = AnnotationCollection.fromJson([BOX()], { isVideo: false });
    expect(layer.selected).toEqual([]);
    expect(layer.store.shapes.size).toBe(1);
  });
});

describe('<dl-annotation-layer> side panel and the viewer fit', () => {
  async function mountWithPanel() {
    const { viewer, layer } = await mountLayer([BOX()], { iw: 400, ih: 300, w: 800, h: 400 });
    layer.panel = true;
    await layer.updateComplete;
    await frames(2);
    const host = viewer.getBoundingClientRect();
    const panel = layer.shadowRoot!.querySelector('.panel')!.getBoundingClientRect();
    return { viewer, layer, host, panel };
  }

  it('fit puts the whole image in the part of the viewer the open panel does not cover', async () => {
    const { viewer, layer, host, panel } = await mountWithPanel();
    expect(panel.width).toBeGreaterThan(100);
    viewer.fit();
    await frames(2);
    const v = viewer.view;
    const left = host.left + v.x;
    const right = left + 400 * v.scale;
    // Whole image left of the panel and inside the viewer.
    expect(left).toBeGreaterThanOrEqual(host.left);
    expect(right).toBeLessThanOrEqual(panel.left);
    expect(v.y).toBeGreaterThanOrEqual(0);
    expect(v.y + 300 * v.scale).toBeLessThanOrEqual(host.height);
    // Centred in that free area (hand computation: free width = panel.left - host.left).
    const free = panel.left - host.left;
    expect(Math.abs(v.x + (400 * v.scale) / 2 - free / 2)).toBeLessThan(1);
    // Closing the panel while fitted re-fits to the full width.
    layer.panel = false;
    await layer.updateComplete;
    await frames(2);
    const w = viewer.view;
    expect(Math.abs(w.x + (400 * w.scale) / 2 - host.width / 2)).toBeLessThan(1);
  });

  it('zoom to selection centres the shape in the free area left of the panel', async () => {
    const { viewer, layer, host, panel } = await mountWithPanel();
    layer.select(['b1']);
    layer.focus();
    viewer.zoomToRect({ x: 20, y: 20, width: 100, height: 60 });
    const v = viewer.view;
    const cx = v.x + 70 * v.scale;
    expect(Math.abs(cx - (panel.left - host.left) / 2)).toBeLessThan(1);
    expect(v.x + 120 * v.scale).toBeLessThanOrEqual(panel.left - host.left);
  });
});

describe('<dl-annotation-layer> tool table', () => {
  it('each tool shows its cursor over the image; the toolbar lists the tools with their hotkeys', async () => {
    const { layer } = await mountLayer([BOX()]);
    const cursor = async (tool: string) => {
      layer.tool = tool as typeof layer.tool;
      await layer.updateComplete;
      return getComputedStyle(layer).cursor;
    };
    const viewerCursor = getComputedStyle(layer.parentElement!).cursor;
    expect(await cursor('box')).toBe('crosshair');
    expect(await cursor('polygon')).toBe('crosshair');
    expect(await cursor('brush')).toBe('cell');
    // Select has no cursor of its own: the viewer's shows through.
    expect(await cursor('select')).toBe(viewerCursor);
    layer.noToolbar = false;
    await layer.updateComplete;
    const titles = [...layer.shadowRoot!.querySelectorAll('[part="toolbar"] button')].map((b) =>
      b.getAttribute('title'),
    );
    expect(titles).toEqual([
      'Select (V)',
      'Box (R)',
      'Polygon (P)',
      'Polyline (L)',
      'Point (O)',
      'Ellipse (E)',
      'Classification (C)',
      'Brush (B)',
      'Eraser (X)',
      'Magic wand (W)',
      'Box to object (G)',
      'Intelligent scissors (S)',
      'Watershed (T)',
    ]);
    expect(layer.getAttribute('aria-label')).toBe(
      'Annotations. Tools: V select, R box, P polygon, L polyline, O point, E ellipse, C classification, B brush, X eraser, W magic wand, G box to object, S intelligent scissors, T watershed. Digits 1 to 9 set the label, arrows nudge, Delete removes, Ctrl+Z undoes; the object list lists every shape.',
    );
  });
});

describe('<dl-annotation-layer> new data', () => {
  it('replacing the annotations drops the selection quietly: no event, no announcement', async () => {
    const { layer } = await mountLayer([BOX(), POLY()]);
    layer.select(['b1']);
    await layer.updateComplete;
    await frames(1);
    // Announced with the ontology's display name.
    const status = () => layer.shadowRoot!.querySelector('[role="status"]')!.textContent;
    expect(status()).toBe('Selected Car box');
    const events: string[] = [];
    layer.addEventListener('dl-selection-change', (e) => events.push(e.type));
    layer.annotations = [POLY()];
    await layer.updateComplete;
    await frames(1);
    expect(layer.selected).toEqual([]);
    expect(events).toEqual([]);
    expect(status()).toBe('Selected Car box');
  });
});
