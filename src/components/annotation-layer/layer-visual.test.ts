// Screenshots for a person to look at (test-results/*.png), plus checks of what they show.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../item-viewer/define.js';
import './define.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, ONTOLOGY } from './layer-test-utils.js';
import { frames, nextEvent, pngBlob } from '../internal/test-utils.js';

beforeAll(() => page.viewport(1000, 640));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

async function scene(theme: 'light' | 'dark') {
  const viewer = document.createElement('dl-item-viewer') as DlItemViewer;
  viewer.setAttribute('theme', theme);
  viewer.style.cssText = 'position:fixed;left:0;top:0;width:1000px;height:640px';
  const layer = document.createElement('dl-annotation-layer') as DlAnnotationLayer;
  layer.setAttribute('theme', theme);
  layer.ontology = ONTOLOGY;
  layer.showLabels = true;
  const anns = [
    ann(
      'box',
      'car',
      [
        { x: 60, y: 60, z: 0 },
        { x: 260, y: 180, z: 0 },
      ],
      'b1',
    ),
    ann('box', 'sign', [{ x: 300, y: 80, z: 0 }, { x: 420, y: 140, z: 0 }, 20], 'b2'),
    ann(
      'segment',
      'person',
      [
        [
          { x: 480, y: 60 },
          { x: 620, y: 90 },
          { x: 640, y: 220 },
          { x: 560, y: 260 },
          { x: 470, y: 180 },
        ],
      ],
      'p1',
    ),
    ann(
      'polyline',
      'sign',
      [
        [
          { x: 80, y: 300 },
          { x: 200, y: 260 },
          { x: 320, y: 330 },
        ],
      ],
      'l1',
    ),
    ann('ellipse', 'car', { angle: 30, center: { x: 200, y: 420, z: 0 }, rx: 80, ry: 40 }, 'e1'),
    ann('point', 'person', { x: 700, y: 60, z: 0 }, 'pt1'),
    ann(
      'note',
      'sign',
      {
        box: [
          { x: 380, y: 300, z: 0 },
          { x: 480, y: 360, z: 0 },
        ],
        note: { messages: [], status: 'open' },
      },
      'n1',
    ),
    ann('class', 'car', undefined, 'c1'),
  ];
  // Many small shapes too.
  for (let i = 0; i < 300; i++) {
    const cx = 520 + (i % 20) * 12;
    const cy = 300 + Math.floor(i / 20) * 12;
    anns.push(
      ann(
        'segment',
        ['car', 'person', 'sign'][i % 3],
        [
          [
            { x: cx, y: cy },
            { x: cx + 8, y: cy },
            { x: cx + 4, y: cy + 8 },
          ],
        ],
        `t${i}`,
      ),
    );
  }
  layer.annotations = anns;
  viewer.append(layer);
  viewer.blob = await pngBlob(800, 560, (ctx) => {
    const g = ctx.createLinearGradient(0, 0, 800, 560);
    g.addColorStop(0, '#6b7a8f');
    g.addColorStop(1, '#d9c8a9');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 800, 560);
  });
  const loaded = nextEvent(viewer, 'dl-item-load');
  document.body.append(viewer);
  await loaded;
  layer.select(['p1']);
  layer.panel = true;
  await layer.updateComplete;
  await frames(3);
  await layer.updateComplete;
  return { viewer, layer };
}

describe('<dl-annotation-layer> screenshots', () => {
  it('light theme: many shapes, labels, selection handles, toolbar and panel', async () => {
    const { layer } = await scene('light');
    expect(layer.shadowRoot!.querySelectorAll('.handle').length).toBe(10); // 5 vertices + 5 midpoints
    await page.screenshot({ path: '../../../test-results/layer-light.png' });
  });
  it('dark theme', async () => {
    const { layer, viewer } = await scene('dark');
    const bg = getComputedStyle(layer.shadowRoot!.querySelector('.toolbar')!).backgroundColor;
    expect(bg).toBe('rgb(39, 43, 52)'); // --dl-color-surface-raised (dark)
    expect(getComputedStyle(viewer).backgroundColor).toBe('rgb(31, 34, 41)');
    await page.screenshot({ path: '../../../test-results/layer-dark.png' });
  });
});
