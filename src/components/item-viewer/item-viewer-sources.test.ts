import { afterEach, describe, expect, it } from 'vitest';
import './define.js';
import type { DlItemViewer } from './item-viewer.js';
import type { DlItemLoadEvent } from './item-viewer-events.js';
import { frames, nextEvent, pngBlob, realTouch } from '../internal/test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

function mount(set: (v: DlItemViewer) => void): DlItemViewer {
  const v = document.createElement('dl-item-viewer');
  v.style.cssText = 'position:fixed;left:0;top:0;width:400px;height:300px';
  set(v);
  document.body.append(v);
  return v;
}
const pixel = (v: DlItemViewer, x: number, y: number) => {
  v.draw();
  return [...v.shadowRoot!.querySelector('canvas')!.getContext('2d')!.getImageData(x, y, 1, 1).data];
};
const solid = (w: number, h: number, color: string) =>
  pngBlob(w, h, (ctx) => {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, w, h);
  });

describe('<dl-item-viewer> sources', () => {
  it('shows the thumbnail first (at the item size), then the full image', async () => {
    const thumb = await solid(20, 10, '#00ff00');
    const full = await solid(200, 100, '#ff0000');
    let releaseFull!: () => void;
    const gate = new Promise<void>((r) => (releaseFull = r));
    const client = {
      calls: [] as string[],
      async fetchItemBlob(_item: unknown, kind: 'stream' | 'thumbnail') {
        client.calls.push(kind);
        if (kind === 'thumbnail') return thumb;
        await gate;
        return full;
      },
    };
    const item = { id: 'i1', metadata: { system: { width: 200, height: 100, mimetype: 'image/png' } } };
    const v = mount((x) => {
      x.item = item;
      x.client = client;
    });
    await new Promise((r) => setTimeout(r, 200));
    await frames(2);
    expect(client.calls.sort()).toEqual(['stream', 'thumbnail']);
    expect(v.imageWidth).toBe(200); // the thumbnail is laid out at the item's size
    const c = v.view;
    expect(pixel(v, Math.round(c.x + 100 * c.scale), Math.round(c.y + 50 * c.scale))).toEqual([0, 255, 0, 255]);
    const loaded = nextEvent<DlItemLoadEvent>(v, 'dl-item-load');
    releaseFull();
    expect((await loaded).detail).toMatchObject({ width: 200, height: 100, item });
    expect(pixel(v, Math.round(c.x + 100 * c.scale), Math.round(c.y + 50 * c.scale))).toEqual([255, 0, 0, 255]);
  });

  it('pinch with two pointers zooms about their midpoint', async () => {
    const loaded = nextEvent(document, 'dl-item-load');
    const blob = await solid(100, 100, '#333333');
    const v = mount((x) => (x.blob = blob));
    await loaded;
    v.view = { scale: 1, x: 0, y: 0 };
    // Two real fingers (Chromium touch input): down 100 px apart, the second moves out to 200 apart,
    // which is 2x about the old midpoint (150, 100); then both lift.
    const views: Array<typeof v.view> = [];
    v.addEventListener('pointermove', () => views.push(v.view));
    await realTouch([
      { type: 'start', points: [[100, 100]] },
      {
        type: 'start',
        points: [
          [100, 100],
          [200, 100],
        ],
      },
      {
        type: 'move',
        points: [
          [100, 100],
          [300, 100],
        ],
      },
      { type: 'end', points: [] },
    ]);
    const w = v.view;
    expect(views.at(-1)).toEqual(w); // lifting the fingers leaves the view where the pinch put it
    expect(w.scale).toBeCloseTo(2, 9);
    // Image point under the old midpoint (150,100) is now under the new midpoint (200,100).
    expect(150 * w.scale + w.x).toBeCloseTo(200, 6);
    expect(100 * w.scale + w.y).toBeCloseTo(100, 6);
  });

  it('an element with no source reports no-source', async () => {
    const err = nextEvent<CustomEvent>(document, 'dl-item-error');
    mount(() => {});
    expect((await err).detail.code).toBe('no-source');
  });
});
