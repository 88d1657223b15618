// The magic wand shows its mask before the Dataloop PNG exists: the mask is in the layer (drawn,
// selected, undoable) as soon as the worker's pixels arrive, and the dl-annotation-create event with
// the PNG follows. A gate holds each PNG back here so that every order can be driven: the event's JSON
// equals the one-step encoding, undo / Esc / a second click while a PNG is pending.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { AssistBackend, AssistMaskResult } from '../../geometry/assist/assist-types.js';
import { configureAssist, getAssist } from '../../workers/shared-assist.js';
import { frames, realClick } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { at, events, iou, known, maskOf, mountScene, until } from './assist-test-utils.js';

vi.setConfig({ testTimeout: 120_000 }); // the worker's OpenCV start is slow on a loaded machine

beforeAll(() => page.viewport(900, 700));
afterEach(() => {
  document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove());
  restore?.();
});
afterAll(() => configureAssist({})); // stops the assist worker

let restore: (() => void) | null = null;

/**
 * Holds back the PNG of every wand result until `release()` (the real PNG, from the worker, just
 * later). `asked` counts the results that came with a pending PNG.
 */
function gatePngs() {
  const assist = getAssist() as AssistBackend & { magicWand: AssistBackend['magicWand'] };
  const own = Object.getOwnPropertyDescriptor(assist, 'magicWand');
  const real = assist.magicWand.bind(assist);
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const g = { asked: 0, scales: [] as Array<number | undefined>, release: () => open() };
  assist.magicWand = async (...args: Parameters<AssistBackend['magicWand']>) => {
    const r: AssistMaskResult = await real(...args);
    const png = r.dataUrlLater;
    if (png) {
      g.scales.push(r.previewScale);
      g.asked++;
      r.dataUrlLater = gate.then(() => png);
    }
    return r;
  };
  restore = () => {
    if (own) Object.defineProperty(assist, 'magicWand', own);
    else delete (assist as { magicWand?: unknown }).magicWand;
    restore = null;
  };
  return g;
}

/** How many annotations the layer's store holds (shown ones, pending PNG or not; private). */
const shownCount = (layer: DlAnnotationLayer) =>
  (layer as unknown as { store: { annotations: { keys(): readonly string[] } } }).store.annotations.keys().length;

/** The layer's pending masks (private: what the test waits on). */
const pendingOf = (layer: DlAnnotationLayer) =>
  (layer as unknown as { commit: { pending: { size: number; all(): Promise<void> } } }).commit.pending;

/** The wand's mask of a click at image pixel (x, y) as the backend encodes it in one step (tolerance 32). */
async function oneStepPng(x: number, y: number, color: [number, number, number]): Promise<string> {
  const assist = getAssist();
  const key = (await assist.stats()).keys.filter((k) => k.startsWith('dl-layer-image-')).pop()!;
  const r = await assist.magicWand(key, { x, y, tolerance: 32 }, { encode: color, lane: null });
  return r.dataUrl!;
}

/** The alpha of the live canvas (selection overlay) at a client point, after a synchronous draw. */
function liveAlpha(layer: DlAnnotationLayer, p: [number, number]): number {
  const live = layer.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!;
  layer.drawNow();
  const d = devicePixelRatio;
  return live.getContext('2d')!.getImageData(Math.floor(p[0] * d), Math.floor(p[1] * d), 1, 1).data[3]!;
}

const colorOf = (layer: DlAnnotationLayer, label: string) =>
  (layer as unknown as { store: { shapes: { colorOf(l: string): string } } }).store.shapes.colorOf(label);
const rgb = (hex: string): [number, number, number] =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

describe('<dl-annotation-layer> magic wand: the mask before its PNG', () => {
  it('shows and selects the mask while its PNG is pending; the create event then carries the same JSON as a one-step encode', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const picked: unknown[][] = [];
    layer.addEventListener('dl-selection-change', (e) => picked.push(e.detail.selected));
    const g = gatePngs();
    await realClick(...at(70, 80)); // red disc
    await until(() => shownCount(layer) === 1, 60_000, 'the mask shown');
    expect(g.asked).toBe(1);
    expect(log).toEqual([]); // no event without the PNG
    expect(layer.annotations).toEqual([]); // nor a listing
    expect(layer.selected).toEqual([]);
    const inStore = (layer as unknown as { store: { annotations: { list(): Array<{ coordinates: unknown }> } } }).store;
    expect(String(inStore.annotations.list()[0]!.coordinates)).not.toMatch(/^data:/);
    expect(liveAlpha(layer, at(60, 70))).toBeGreaterThan(0); // drawn inside the disc
    expect(liveAlpha(layer, at(20, 20))).toBe(0);

    g.release();
    await until(() => log.length === 1, 20_000, 'the create event');
    expect(log[0]!.type).toBe('dl-annotation-create');
    const a = log[0]!.annotation;
    expect(a.coordinates).toBe(await oneStepPng(70, 80, rgb(colorOf(layer, a.label))));
    expect(layer.annotations).toEqual([a]);
    expect(layer.selected).toEqual([a]);
    expect(picked.at(-1)).toEqual([a]); // the host hears of the selection with the PNG
    expect(iou(await maskOf(a), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
  });

  it('undo while the PNG is pending takes the mask away with no event; redo after the PNG brings it with the PNG', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const g = gatePngs();
    await realClick(...at(70, 80));
    await until(() => shownCount(layer) === 1, 60_000, 'the mask shown');
    layer.focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => shownCount(layer) === 0, 20_000, 'the undo');
    g.release();
    await pendingOf(layer).all();
    await frames(3);
    expect(log).toEqual([]); // the outside never saw it
    expect(layer.annotations).toEqual([]);

    await userEvent.keyboard('{Control>}y{/Control}');
    await until(() => log.length === 1, 20_000, 'the redo');
    expect(log[0]!.type).toBe('dl-annotation-create');
    const a = log[0]!.annotation;
    expect(a.coordinates).toBe(await oneStepPng(70, 80, rgb(colorOf(layer, a.label))));
    expect(layer.annotations).toEqual([a]);
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => log.length === 2, 20_000, 'the second undo');
    expect(log[1]!.type).toBe('dl-annotation-delete');
    expect(log[1]!.annotation.coordinates).toBe(a.coordinates);
  });

  it('Esc while the PNG is pending keeps the mask (it is made); its PNG still arrives', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const g = gatePngs();
    await realClick(...at(70, 80));
    await until(() => shownCount(layer) === 1, 60_000, 'the mask shown');
    layer.focus();
    await userEvent.keyboard('{Escape}');
    g.release();
    await until(() => log.length === 1, 20_000, 'the create event');
    expect(String(log[0]!.annotation.coordinates)).toMatch(/^data:image\/png;base64,/);
    expect(layer.annotations).toEqual([log[0]!.annotation]);
    expect(pendingOf(layer).size).toBe(0);
  });

  it('a second click while the first PNG is pending: two masks, their events in click order, each with its own PNG', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const g = gatePngs();
    await realClick(...at(70, 80)); // red disc
    await until(() => shownCount(layer) === 1, 60_000, 'the first mask');
    await realClick(...at(175, 55)); // blue rectangle
    await until(() => shownCount(layer) === 2, 20_000, 'the second mask');
    expect(log).toEqual([]);
    g.release();
    await until(() => log.length === 2, 20_000, 'both create events');
    expect(log.map((e) => e.type)).toEqual(['dl-annotation-create', 'dl-annotation-create']);
    expect(iou(await maskOf(log[0]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    expect(iou(await maskOf(log[1]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toEqual([log[0]!.annotation, log[1]!.annotation]);
  });

  it('Shift+click on a mask whose PNG is pending waits for it, then adds: create, then update', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const g = gatePngs();
    await realClick(...at(70, 80)); // red disc
    await until(() => shownCount(layer) === 1, 60_000, 'the mask shown');
    await realClick(...at(175, 130), { shift: true }); // + yellow disc
    await frames(5);
    expect(log).toEqual([]);
    g.release();
    await until(() => log.length === 2, 20_000, 'the create and the union');
    expect(log.map((e) => e.type)).toEqual(['dl-annotation-create', 'dl-annotation-update']);
    expect(iou(await maskOf(log[0]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    const both = await maskOf(log[1]!.annotation);
    const want = known('red-disc').map((v, i) => v | known('yellow-disc')[i]!);
    expect(iou(both, want)).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toHaveLength(1);
  });

  it('undo of a Shift edit while its PNG is pending tells nothing (the mask is as the host has it); redo tells the update', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(70, 80)); // red disc, its PNG not held back
    await until(() => log.length === 1, 60_000, 'the create event');
    const made = log[0]!.annotation;
    const masks = () =>
      (layer as unknown as { store: { shapes: { masks: Map<string, { raster: { data: Uint8Array } }> } } }).store.shapes
        .masks;
    const area = () => {
      let n = 0;
      for (const { raster } of masks().values()) for (const v of raster.data) n += v;
      return n;
    };
    const alone = area();
    const g = gatePngs();
    await realClick(...at(175, 130), { shift: true }); // + yellow disc, its PNG held back
    await until(() => area() > alone, 20_000, 'the union shown');
    const entry = [...masks().values()][0];
    layer.focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await until(() => area() === alone, 20_000, 'the undo shown');
    // the undo's pixels are re-encoded (the layer stores the mask again under that PNG)
    await until(() => [...masks().values()][0] !== entry, 60_000, 'the undo re-encoded');
    expect(log).toHaveLength(1);
    g.release();
    await frames(10);
    expect(log).toHaveLength(1); // neither the undo nor the late PNG told anything
    expect(layer.annotations).toEqual([made]);

    await userEvent.keyboard('{Control>}y{/Control}');
    await until(() => log.length === 2, 60_000, 'the redo');
    expect(log[1]!.type).toBe('dl-annotation-update');
    const want = known('red-disc').map((v, i) => v | known('yellow-disc')[i]!);
    expect(iou(await maskOf(log[1]!.annotation), want)).toBeGreaterThanOrEqual(0.95);
    expect(layer.annotations).toEqual([log[1]!.annotation]);
  });

  it('zoomed out, the mask first shows from a coarse preview, then its full-resolution paint equals its pixels', async () => {
    const { layer, viewer } = await mountScene({ tool: 'magic-wand' });
    viewer.view = { scale: 0.5 / devicePixelRatio, x: 20, y: 200 };
    await frames(3);
    const log = events(layer);
    const g = gatePngs();
    g.release();
    const v = viewer.view;
    const [cx, cy] = [20 + (175 + 0.5) * v.scale, 200 + (55 + 0.5) * v.scale]; // blue rectangle
    await realClick(Math.round(cx), Math.round(cy));
    await until(() => log.length === 1, 60_000, 'the mask');
    expect(g.scales).toEqual([2]); // one preview pixel per 2x2 image pixels at half a device pixel per image pixel
    const store = (layer as unknown as { store: { shapes: { masks: Map<string, { raster: RasterInside }> } } }).store;
    const raster = [...store.shapes.masks.values()][0]!.raster;
    await until(() => !raster.coarse, 20_000, 'the full-resolution paint');
    const c = raster.canvas;
    const px = (c.getContext('2d') as OffscreenCanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    expect([c.width, c.height]).toEqual([raster.width, raster.height]);
    let wrong = 0;
    for (let i = 0; i < raster.data.length; i++) if (px[4 * i + 3]! > 0 !== raster.data[i] > 0) wrong++;
    expect(wrong).toBe(0);
    expect(iou(await maskOf(log[0]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
  });
});

interface RasterInside {
  coarse: boolean;
  canvas: OffscreenCanvas;
  width: number;
  height: number;
  data: Uint8Array;
}
