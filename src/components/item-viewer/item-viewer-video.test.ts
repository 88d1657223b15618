import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import './define.js';
import '../annotation-layer/define.js';
import type { DlItemViewer } from './item-viewer.js';
import type { DlAnnotationLayer } from '../annotation-layer/annotation-layer.js';
import type { DlFrameChangeEvent, DlItemLoadEvent } from './item-viewer-events.js';
import { nextEvent, realClickOn, realDrag } from '../internal/test-utils.js';

// 20 frames of 64×48 at 10 fps; frame i is flat grey ≈ 12·i (made with OpenCV's VP8 writer).
const VIDEO = new URL('./fixtures/frames.webm', import.meta.url).href;
const ITEM = { metadata: { fps: 10, system: { nb_frames: 20, mimetype: 'video/webm', fps: 10 } } };

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

function shownFrame(v: DlItemViewer): number {
  v.draw();
  const c = v.shadowRoot!.querySelector('canvas')!;
  const px = c
    .getContext('2d')!
    .getImageData(
      Math.floor((v.view.x + 30 * v.view.scale) * devicePixelRatio),
      Math.floor((v.view.y + 20 * v.view.scale) * devicePixelRatio),
      1,
      1,
    ).data;
  return Math.round(px[1] / 12);
}

async function mountVideo(withLayer = false) {
  const v = document.createElement('dl-item-viewer');
  v.style.cssText = 'position:fixed;left:0;top:0;width:320px;height:240px';
  v.item = ITEM;
  v.src = VIDEO;
  let layer: DlAnnotationLayer | null = null;
  if (withLayer) {
    layer = document.createElement('dl-annotation-layer');
    layer.noToolbar = true;
    v.append(layer);
  }
  const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
  document.body.append(v);
  return { v, layer, load: (await loaded).detail };
}

describe('<dl-item-viewer> video', () => {
  it('loads, seeks, steps frames by buttons and keys; frame numbers come from the item fps', async () => {
    const { v, load } = await mountVideo();
    expect(load).toMatchObject({ kind: 'video', width: 64, height: 48, fps: 10, frameCount: 20 });
    expect(v.currentFrame).toBe(0);
    expect(shownFrame(v)).toBe(0);
    const changes: DlFrameChangeEvent[] = [];
    v.addEventListener('dl-frame-change', (e) => changes.push(e));
    await v.seekFrame(7);
    expect(changes.at(-1)!.detail).toEqual({ frame: 7, time: 0.7 });
    expect(shownFrame(v)).toBe(7);
    const next = v.shadowRoot!.querySelector<HTMLButtonElement>('.video button:nth-of-type(3)')!;
    const ev = nextEvent(v, 'dl-frame-change');
    await realClickOn(next); // the real mouse on the Next frame button
    await ev;
    expect(v.currentFrame).toBe(8);
    expect(shownFrame(v)).toBe(8);
    (v.shadowRoot!.querySelector('.base') as HTMLElement).focus();
    let e2 = nextEvent<DlFrameChangeEvent>(v, 'dl-frame-change');
    await userEvent.keyboard('.');
    expect((await e2).detail.frame).toBe(9);
    e2 = nextEvent<DlFrameChangeEvent>(v, 'dl-frame-change');
    await userEvent.keyboard(',');
    expect((await e2).detail.frame).toBe(8);
    await v.updateComplete;
    expect(v.shadowRoot!.querySelector('.time')!.textContent).toContain('Frame 8 / 19');
    // Programmatic seeks fire nothing.
    const n = changes.length;
    await v.seekFrame(3, false);
    expect(changes.length).toBe(n);
    expect(shownFrame(v)).toBe(3);
    await v.seekFrame(99, false);
    expect(v.currentFrame).toBe(19);
  });

  it('plays and pauses, reporting frames as they show', async () => {
    const { v } = await mountVideo();
    const frames: number[] = [];
    v.addEventListener('dl-frame-change', (e) => frames.push(e.detail.frame));
    await v.play();
    await new Promise((r) => setTimeout(r, 600));
    v.pause();
    expect(frames.length).toBeGreaterThan(1);
    expect(v.currentFrame).toBeGreaterThan(0);
    expect(Math.abs(shownFrame(v) - v.currentFrame)).toBeLessThanOrEqual(1);
    await v.updateComplete;
    expect(v.shadowRoot!.querySelector('.video button:nth-of-type(2)')!.getAttribute('aria-label')).toBe('Play');
  });

  it('the layer follows the frame with hold-last-value and edits write a snapshot of that frame', async () => {
    const { v, layer } = await mountVideo(true);
    const box = (x: number) => [
      { x, y: 10, z: 0 },
      { x: x + 20, y: 30, z: 0 },
    ];
    layer!.annotations = [
      {
        id: 'v1',
        type: 'box',
        label: 'car',
        coordinates: box(5),
        creator: null,
        createdAt: null,
        updatedBy: null,
        updatedAt: null,
        metadata: {
          system: {
            frame: 2,
            endFrame: 10,
            objectId: '1',
            snapshots_: [
              { frame: 5, fixed: true, label: 'car', type: 'box', objectVisible: true, data: box(30) },
              { frame: 8, fixed: true, label: 'car', type: 'box', objectVisible: false, data: box(30) },
            ],
          },
        },
      },
    ];
    const at = async (f: number) => {
      await v.seekFrame(f, false);
      return layer!.store.shapes.get('v1')?.box?.left ?? null;
    };
    expect(await at(1)).toBeNull();
    expect(await at(2)).toBe(5);
    expect(await at(4)).toBe(5);
    expect(await at(5)).toBe(30);
    expect(await at(7)).toBe(30); // held, not interpolated
    expect(await at(9)).toBeNull(); // objectVisible: false from 8
    expect(await at(6)).toBe(30);
    // Drag the box at frame 6 (view: fit of 64×48 in 320×240).
    const s = v.view.scale;
    // Real mouse events carry float32 client coordinates: aim at whole client pixels so the pointer's
    // movement is exact, and derive the image-space move from it (about 2 image px).
    const cx = Math.round(v.view.x + 40 * s);
    const cy = Math.round(v.view.y + 20 * s);
    const cx1 = Math.round(cx + 2 * s);
    const dx = (cx1 - cx) / s;
    expect(dx).toBeCloseTo(2, 0);
    const up = nextEvent<CustomEvent>(layer!, 'dl-annotation-update');
    await realDrag(cx, cy, cx1, cy, 3); // the real mouse
    const a = (await up).detail.annotation;
    expect(a.coordinates).toEqual(box(5)); // the first frame is untouched
    const snaps = a.metadata.system.snapshots_;
    expect(snaps.map((x: any) => x.frame)).toEqual([5, 6, 8]);
    // The view's scale (fit below the layer's toolbar row) need not be a binary fraction: compare to 1e-9.
    const near = (p: { x: number; y: number; z: number }) => ({
      x: expect.closeTo(p.x, 9),
      y: expect.closeTo(p.y, 9),
      z: 0,
    });
    expect(snaps[1]).toMatchObject({ frame: 6, fixed: true, objectVisible: true, data: box(30 + dx).map(near) });
    expect(await at(7)).toBeCloseTo(30 + dx, 9);
    expect(await at(5)).toBe(30);
  });
});
