import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import './define.js';
import type { DlItemViewer } from './item-viewer.js';
import type { DlItemErrorEvent, DlItemLoadEvent, DlViewChangeEvent } from './item-viewer-events.js';
import { frames, nextEvent, pngBlob, realDrag, realWheel } from '../internal/test-utils.js';

let el: DlItemViewer;

async function mount(set: (v: DlItemViewer) => void, w = 400, h = 300): Promise<DlItemViewer> {
  el = document.createElement('dl-item-viewer');
  el.style.cssText = `position:fixed;left:0;top:0;width:${w}px;height:${h}px`;
  set(el);
  document.body.append(el);
  return el;
}

afterEach(() => el?.remove());

describe('<dl-item-viewer>', () => {
  it('loads a Blob, fires dl-item-load with its size and fits it', async () => {
    const blob = await pngBlob(200, 100);
    const loaded = nextEvent<DlItemLoadEvent>(document, 'dl-item-load');
    await mount((v) => (v.blob = blob));
    const e = await loaded;
    expect(e.detail).toMatchObject({ kind: 'image', width: 200, height: 100 });
    expect(e.composed && e.bubbles).toBe(true);
    // 400x300 box, 8 px margin: scale = min(384/200, 284/100) = 1.92, centred.
    expect(el.view.scale).toBeCloseTo(1.92, 5);
    expect(el.view.x).toBeCloseTo((400 - 200 * 1.92) / 2, 5);
    expect(el.view.y).toBeCloseTo((300 - 100 * 1.92) / 2, 5);
  });

  it('reports an unsupported type and a 404 with clear messages', async () => {
    let err = nextEvent<DlItemErrorEvent>(document, 'dl-item-error');
    await mount((v) => (v.blob = new Blob(['%PDF-1.4'], { type: 'application/pdf' })));
    expect((await err).detail).toMatchObject({
      code: 'unsupported-type',
      message: 'Unsupported file type: application/pdf',
    });
    el.remove();
    err = nextEvent<DlItemErrorEvent>(document, 'dl-item-error');
    await mount((v) => (v.src = `/no-such-file-${Date.now()}.png`));
    const d = (await err).detail;
    expect(d.code).toBe('not-found');
    expect(d.status).toBe(404);
    expect(d.message).toMatch(/404/);
  });

  it('zooms with the wheel around the pointer, pans by dragging, and keys zoom/fit/1:1', async () => {
    const loaded = nextEvent(document, 'dl-item-load');
    await mount(async (v) => (v.blob = await pngBlob(100, 100)));
    await loaded;
    const v0 = el.view;
    const changes: DlViewChangeEvent[] = [];
    el.addEventListener('dl-view-change', (e) => changes.push(e));
    const r = el.getBoundingClientRect();
    // The image point under (150, 120) must stay under it.
    const ix = (150 - v0.x) / v0.scale;
    const iy = (120 - v0.y) / v0.scale;
    // Real mouse wheel and drag (trusted input through Chromium's pipeline, via Playwright).
    await realWheel(r.left + 150, r.top + 120, -200);
    const v1 = el.view;
    expect(v1.scale).toBeCloseTo(v0.scale * Math.exp(0.3), 6);
    expect(ix * v1.scale + v1.x).toBeCloseTo(150, 6);
    expect(iy * v1.scale + v1.y).toBeCloseTo(120, 6);
    await realDrag(r.left + 100, r.top + 100, r.left + 130, r.top + 80);
    expect(el.view.x).toBeCloseTo(v1.x + 30, 6);
    expect(el.view.y).toBeCloseTo(v1.y - 20, 6);
    expect(changes.length).toBeGreaterThan(2);
    expect(changes.at(-1)!.detail.view).toEqual(el.view);
    (el.shadowRoot!.querySelector('.base') as HTMLElement).focus();
    // Shift+1 is 1:1 and Shift+2 fits (digits 1–9 are the annotation layer's labels); 0 fits too.
    await userEvent.keyboard('{Shift>}1{/Shift}');
    expect(el.view.scale).toBe(1);
    await userEvent.keyboard('+');
    expect(el.view.scale).toBeCloseTo(1.25, 9);
    await userEvent.keyboard('{Shift>}2{/Shift}');
    expect(el.view.scale).toBeCloseTo(Math.min(384 / 100, 284 / 100), 9);
    await userEvent.keyboard('{Shift>}1{/Shift}');
    await userEvent.keyboard('1'); // a plain digit is not a zoom key any more
    expect(el.view.scale).toBe(1);
    await userEvent.keyboard('0');
    expect(el.view.scale).toBeCloseTo(Math.min(384 / 100, 284 / 100), 9);
    const n = changes.length;
    await userEvent.keyboard('{ArrowLeft}');
    expect(changes.length).toBe(n + 1);
  });

  it('never fires dl-view-change when the host sets view', async () => {
    const loaded = nextEvent(document, 'dl-item-load');
    await mount(async (v) => (v.blob = await pngBlob(50, 50)));
    await loaded;
    let fired = 0;
    el.addEventListener('dl-view-change', () => fired++);
    el.view = { scale: 3, x: 10, y: 20 };
    el.fit();
    el.zoomTo(2);
    expect(fired).toBe(0);
    expect(el.view.scale).toBe(2);
  });

  it('draws pixels exactly above 1:1 (no smoothing)', async () => {
    const loaded = nextEvent(document, 'dl-item-load');
    await mount(async (v) => (v.blob = await pngBlob(4, 4)), 200, 200);
    await loaded;
    el.view = { scale: 10, x: 0, y: 0 };
    el.draw();
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    const dpr = devicePixelRatio;
    // Image pixel (0,0) is black and (1,0) white: screen x 9 and 10 sit on either side of the edge.
    const a = ctx.getImageData(Math.floor(9 * dpr), Math.floor(5 * dpr), 1, 1).data;
    const b = ctx.getImageData(Math.ceil(10 * dpr), Math.floor(5 * dpr), 1, 1).data;
    expect([...a]).toEqual([0, 0, 0, 255]);
    expect([...b]).toEqual([255, 255, 255, 255]);
  });

  it('tiles an image wider than 4096 px and draws it', async () => {
    const blob = await pngBlob(9000, 300, (ctx) => {
      ctx.fillStyle = '#ff0000';
      ctx.fillRect(0, 0, 9000, 300);
      ctx.fillStyle = '#0000ff';
      ctx.fillRect(8200, 0, 800, 300);
    });
    const loaded = nextEvent<DlItemLoadEvent>(document, 'dl-item-load');
    await mount((v) => (v.blob = blob));
    expect((await loaded).detail).toMatchObject({ width: 9000, height: 300 });
    // The decoded image lives in the viewer's content part (item-content.ts).
    const tiles = (el as unknown as { content: { image: { tiles: unknown[] } } }).content.image.tiles;
    expect(tiles.length).toBe(3);
    // Show image x 8500 (blue, in the third tile) at screen x 100.
    el.view = { scale: 1, x: 100 - 8500, y: 0 };
    el.draw();
    const px = el
      .shadowRoot!.querySelector('canvas')!
      .getContext('2d')!
      .getImageData(100 * devicePixelRatio, 50 * devicePixelRatio, 1, 1).data;
    expect([...px]).toEqual([0, 0, 255, 255]);
    await frames();
  });
});
