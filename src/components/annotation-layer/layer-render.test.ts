import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { beforeAll } from 'vitest';
import { ann, carBox, layerPixel, mountLayer } from './layer-test-utils.js';
import { frames, realClick } from '../internal/test-utils.js';

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

function maskUrl(w: number, h: number, rect: [number, number, number, number], rgb = [255, 0, 0]): Promise<string> {
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = `rgb(${rgb.join(',')})`;
  ctx.fillRect(...rect);
  return c.convertToBlob({ type: 'image/png' }).then(
    (b) =>
      new Promise((res) => {
        const r = new FileReader();
        r.onload = () => res(r.result as string);
        r.readAsDataURL(b);
      }),
  );
}

describe('<dl-annotation-layer> rendering', () => {
  it('draws every type in its ontology colour', async () => {
    const mask = await maskUrl(400, 300, [300, 200, 40, 40], [9, 9, 9]);
    const { layer } = await mountLayer([
      ann(
        'box',
        'car',
        [
          { x: 20, y: 20, z: 0 },
          { x: 120, y: 80, z: 0 },
        ],
        'b1',
      ),
      ann(
        'segment',
        'person',
        [
          [
            { x: 150, y: 20 },
            { x: 250, y: 20 },
            { x: 200, y: 100 },
          ],
        ],
        'p1',
      ),
      ann(
        'polyline',
        'sign',
        [
          [
            { x: 20, y: 150 },
            { x: 120, y: 150 },
          ],
        ],
        'l1',
      ),
      ann('point', 'car', { x: 300, y: 40, z: 0 }, 'pt1'),
      ann('ellipse', 'person', { angle: 0, center: { x: 330, y: 130, z: 0 }, rx: 40, ry: 20 }, 'e1'),
      ann('binary', 'sign', mask, 'm1'),
      ann('class', 'car', undefined, 'c1'),
      ann(
        'cube',
        'sign',
        {
          front_tl: { x: 150, y: 180 },
          front_tr: { x: 200, y: 180 },
          front_br: { x: 200, y: 230 },
          front_bl: { x: 150, y: 230 },
          back_tl: { x: 170, y: 160 },
          back_tr: { x: 220, y: 160 },
          back_br: { x: 220, y: 210 },
          back_bl: { x: 170, y: 210 },
          angle: 0,
        },
        'cu1',
      ),
    ]);
    // Mask decode is async.
    for (let i = 0; i < 20 && !layer.store.shapes.masks.has('m1'); i++) await new Promise((r) => setTimeout(r, 50));
    await frames(2);
    // Committed shapes are 1 px hairlines (fast in software raster): a line on integer coordinates
    // covers two pixel rows by half, so the alpha threshold is below 50%.
    const red = (p: number[]) => p[0] > 200 && p[1] < 60 && p[2] < 60 && p[3] > 90;
    const green = (p: number[]) => p[1] > 200 && p[0] < 60 && p[2] < 60 && p[3] > 90;
    const blue = (p: number[]) => p[2] > 200 && p[0] < 60 && p[1] < 60 && p[3] > 90;
    expect(red(layerPixel(layer, 70, 20, 1))).toBe(true); // box top edge
    expect(layerPixel(layer, 70, 50)[3]).toBeLessThan(100); // translucent fill
    expect(green(layerPixel(layer, 200, 20, 1))).toBe(true); // polygon top edge
    expect(blue(layerPixel(layer, 70, 150, 1))).toBe(true); // polyline
    expect(red(layerPixel(layer, 300, 36, 1))).toBe(true); // point outline (radius 4)
    expect(green(layerPixel(layer, 370, 130, 1))).toBe(true); // ellipse right end
    expect(blue(layerPixel(layer, 150, 200, 1))).toBe(true); // cube front left edge
    // Mask drawn in the label colour (not the PNG's own colour), pixel-exact: inside vs outside its edge.
    const inMask = layerPixel(layer, 320, 220);
    expect(inMask[2]).toBeGreaterThan(100);
    expect(inMask[0]).toBeLessThan(30);
    expect(layerPixel(layer, 345, 220)[3]).toBe(0);
    // The classification is listed, not drawn.
    const chip = layer.shadowRoot!.querySelector('.chip');
    expect(chip?.textContent).toBe('Car');
    await page.screenshot({ path: '../../../test-results/layer-types.png' });
  });

  it('draws a pose as the frame of its key points (points whose parentId is the pose)', async () => {
    const kp = (x: number, y: number, id: string) =>
      ann('point', 'person', { x, y, z: 0 }, id, { metadata: { system: { parentId: 'pose1' } } });
    const { layer } = await mountLayer([
      ann('pose', 'person', { templateId: 't', instanceId: 'i' }, 'pose1'),
      kp(100, 100, 'k1'),
      kp(160, 90, 'k2'),
      kp(130, 200, 'k3'),
    ]);
    await new Promise((r) => setTimeout(r, 0));
    layer.renderer.tiles.invalidateAll();
    expect(layer.store.shapes.get('pose1')!.bounds).toEqual({ minX: 100, minY: 90, maxX: 160, maxY: 200 });
    const px = layerPixel(layer, 100, 95, 1);
    expect(px[1]).toBeGreaterThan(200); // person green, on the frame's left edge
    expect(px[3]).toBeGreaterThan(90);
    // Clicking inside the frame (away from the points) selects the pose.
    await realClick(130, 150); // the real mouse
    expect(layer.selected.map((a) => a.id)).toEqual(['pose1']);
  });

  it('leaves the live canvas out of the page while it shows nothing, and shows it for a selection', async () => {
    const { layer } = await mountLayer([carBox()]);
    await frames(2);
    const live = layer.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!;
    // No selection, hover, tool drawing or labels: not displayed (its full-size bitmap is not
    // produced again by the compositor whenever the tile layers change).
    expect(getComputedStyle(live).display).toBe('none');
    await realClick(70, 50); // the real mouse, inside the box
    expect(layer.selected.map((a) => a.id)).toEqual(['b1']);
    layer.drawNow();
    expect(getComputedStyle(live).display).not.toBe('none');
    // The selection is drawn on it, where the box's top edge is.
    const r = live.getBoundingClientRect();
    const sx = live.width / r.width;
    const px = live.getContext('2d')!.getImageData(Math.round(70 * sx), Math.round(20 * sx), 1, 1).data;
    expect(px[3]).toBeGreaterThan(0);
  });

  it('culls and levels of detail: 20,000 polygons render, a zoomed view touches only its tiles', async () => {
    const anns = [];
    let seed = 1;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 20000; i++) {
      const cx = rnd() * 4000;
      const cy = rnd() * 4000;
      const r = 10 + rnd() * 50;
      const ring = [];
      for (let k = 0; k < 32; k++)
        ring.push({ x: cx + r * Math.cos((k / 32) * 2 * Math.PI), y: cy + r * Math.sin((k / 32) * 2 * Math.PI) });
      anns.push(ann('segment', ['car', 'person', 'sign'][i % 3], [ring], `s${i}`));
    }
    // A small image keeps the test fast; the shapes extend past it, which the layer allows.
    const { layer, viewer } = await mountLayer(anns, { iw: 200, ih: 200, w: 800, h: 600 });
    expect(layer.store.shapes.size).toBe(20000);
    const r = layer.renderer.tiles;
    // The main thread paints every tile here: `built` counts the paths this thread's scene built, and
    // a tile worker painting the view's tiles first (it often does since its tiles stopped waiting on
    // this thread) would leave the near shape unbuilt here. The worker's painter is the same code.
    r.setProducer(null);
    // Zoomed in at 2x on the top-left corner: only the ~(800/256+1)*(600/256+1) visible tiles render.
    // Counted from the view change on: animation frames may draw before the test looks (a busy
    // machine delays timers, not rAF), so wait until drawing settles instead of sampling mid-way.
    const before = r.tilesRendered;
    viewer.view = { scale: 2, x: 0, y: 0 };
    // While the view moves the layer keeps its current level; once settled it draws at 2x.
    await new Promise((res) => setTimeout(res, 200));
    for (let last = -1, i = 0; i < 20 && r.tilesRendered !== last; i++) {
      last = r.tilesRendered;
      layer.drawNow();
      await frames(1);
    }
    expect(r.tilesRendered - before).toBeGreaterThan(0);
    // The 2x level of this 4000² scene has ~1000 tiles; only the visible 5x4 render, plus at most
    // the old level's tiles of the same view while it was moving (4x3), plus what the renderer
    // prefetches once the view rests (TileRenderer.predict), which a busy machine can let land
    // before drawing looks settled: the ring of tiles around the view (7x6 with the visible ones),
    // the coarser level over the view (at most 3x3 of its 256-image-px tiles over 400x300 px)
    // and the finer level over the view's central half (at most 5x4 of its 64-px tiles).
    expect(r.tilesRendered - before).toBeLessThanOrEqual(7 * 6 + 4 * 3 + 3 * 3 + 5 * 4);
    // A shape far outside the view never had its path built.
    const far = anns.findIndex((a) => (a.coordinates as { x: number }[][])[0][0].x > 3000);
    expect(r.scene.entries.get(layer.store.shapes.idOf(`s${far}`))!.built).toBe(0);
    const near = anns.findIndex(
      (a) =>
        (a.coordinates as { x: number; y: number }[][])[0][0].x < 300 &&
        (a.coordinates as { x: number; y: number }[][])[0][0].y < 250,
    );
    expect(r.scene.entries.get(layer.store.shapes.idOf(`s${near}`))!.built).toBeGreaterThan(0);
    viewer.view = { scale: 0.15, x: 0, y: 0 };
    await new Promise((res) => setTimeout(res, 200));
    // New tiles are drawn within a per-frame budget (a dense tile a chunk of shapes at a time):
    // some frames complete the view.
    const state = (layer.renderer as unknown as { baseState: { complete: boolean } }).baseState;
    for (let i = 0; i < 400 && !(i > 0 && state.complete); i++) layer.drawNow();
    expect(state.complete).toBe(true);
    await frames(2);
    const c = layer.renderer.snapshot();
    const data = c.getContext('2d')!.getImageData(0, 0, 600, 600).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]) painted++;
    // ~20,000 × π·35² image px² at 0.15 covers the 600×600 region several times over.
    expect(painted).toBeGreaterThan(200000);
    await page.screenshot({ path: '../../../test-results/layer-20k.png' });
  }, 90_000);
});
