// Where the layer's own UI sits over the viewer: the "Objects (n)" toggle never covers the toolbar,
// the viewer's controls, the open panel or the fitted image, at several sizes, in light and dark.
// Screenshots for a person to look at: test-results/layer-layout-*.png.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../item-viewer/define.js';
import './define.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, ONTOLOGY } from './layer-test-utils.js';
import { frames, nextEvent, pngBlob } from '../internal/test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

type R = { left: number; top: number; right: number; bottom: number };
const overlaps = (a: R, b: R) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const rect = (el: Element | null | undefined): R => {
  if (!el) throw new Error('missing element');
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
};

async function scene(
  theme: 'light' | 'dark',
  w: number,
  h: number,
  iw: number,
  ih: number,
  opts: { panel?: boolean; classes?: boolean; dir?: 'ltr' | 'rtl' } = {},
) {
  await page.viewport(Math.max(w, 320), Math.max(h, 240));
  const viewer = document.createElement('dl-item-viewer') as DlItemViewer;
  viewer.setAttribute('theme', theme);
  if (opts.dir) viewer.dir = opts.dir;
  viewer.style.cssText = `position:fixed;left:0;top:0;width:${w}px;height:${h}px`;
  const layer = document.createElement('dl-annotation-layer') as DlAnnotationLayer;
  layer.setAttribute('theme', theme);
  layer.ontology = ONTOLOGY;
  const anns = [
    ann(
      'box',
      'car',
      [
        { x: 0, y: 0, z: 0 },
        { x: iw * 0.3, y: ih * 0.3, z: 0 },
      ],
      'b1',
    ),
    ann(
      'box',
      'sign',
      [
        { x: iw * 0.7, y: 0, z: 0 },
        { x: iw, y: ih * 0.3, z: 0 },
      ],
      'b2',
    ),
  ];
  if (opts.classes) anns.push(ann('class', 'person', undefined, 'c1'), ann('class', 'car', undefined, 'c2'));
  layer.annotations = anns;
  layer.panel = !!opts.panel;
  viewer.append(layer);
  viewer.blob = await pngBlob(iw, ih, (ctx) => {
    const g = ctx.createLinearGradient(0, 0, iw, ih);
    g.addColorStop(0, '#6b7a8f');
    g.addColorStop(1, '#d9c8a9');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, iw, ih);
  });
  const loaded = nextEvent(viewer, 'dl-item-load');
  document.body.append(viewer);
  await loaded;
  await layer.updateComplete;
  await frames(3);
  await layer.updateComplete;
  return { viewer, layer };
}

function check(viewer: DlItemViewer, layer: DlAnnotationLayer) {
  const root = layer.shadowRoot!;
  const toggle = rect(root.querySelector('.panel-toggle'));
  const toolbar = rect(root.querySelector('.toolbar'));
  const controls = rect(viewer.shadowRoot!.querySelector('.controls'));
  const host = rect(viewer);
  // Inside the viewer, clear of the toolbar and of the viewer's zoom controls.
  expect(toggle.left).toBeGreaterThanOrEqual(host.left);
  expect(toggle.right).toBeLessThanOrEqual(host.right);
  expect(toggle.top).toBeGreaterThanOrEqual(host.top);
  expect(overlaps(toggle, toolbar)).toBe(false);
  expect(overlaps(toggle, controls)).toBe(false);
  expect(overlaps(toolbar, controls)).toBe(false);
  if (layer.panel) {
    const panel = rect(root.querySelector('.panel'));
    expect(overlaps(toggle, panel)).toBe(false);
    expect(overlaps(toolbar, panel)).toBe(false);
    expect(overlaps(panel, controls)).toBe(false);
  }
  const chips = root.querySelector('.chips');
  if (chips) for (const r of [toggle, toolbar]) expect(overlaps(rect(chips), r)).toBe(false);
  // A fitted image is not under the toggle, the toolbar or the chips (its corners are visible).
  viewer.fit();
  const v = viewer.view;
  const img = {
    left: host.left + v.x,
    top: host.top + v.y,
    right: host.left + v.x + viewer.imageWidth * v.scale,
    bottom: host.top + v.y + viewer.imageHeight * v.scale,
  };
  expect(overlaps(img, toggle)).toBe(false);
  // Nor under the open panel, on whichever side the writing direction puts it.
  if (layer.panel) expect(overlaps(img, rect(root.querySelector('.panel')))).toBe(false);
  expect(overlaps(img, toolbar)).toBe(false);
  if (chips) expect(overlaps(img, rect(chips))).toBe(false);
  return { toggle, toolbar, controls, img };
}

describe('<dl-annotation-layer> layout of its controls over the viewer', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: wide viewer, landscape image, panel closed then open`, async () => {
      const { viewer, layer } = await scene(theme, 1000, 600, 1600, 900);
      const a = check(viewer, layer);
      // The toggle leads the row, the toolbar follows it.
      expect(a.toolbar.left).toBeGreaterThan(a.toggle.right);
      expect(Math.abs(a.toggle.top - a.toolbar.top)).toBeLessThan(1);
      await page.screenshot({ path: `../../../test-results/layer-layout-${theme}-closed.png` });
      layer.panel = true;
      await layer.updateComplete;
      await frames(2);
      // Opening the panel leaves the toggle where it was (the toolbar may wrap after it).
      expect(check(viewer, layer).toggle).toEqual(a.toggle);
      await page.screenshot({ path: `../../../test-results/layer-layout-${theme}-open.png` });
    });

    it(`${theme}: narrow viewer with the panel open and classification chips: the row wraps, nothing overlaps`, async () => {
      const { viewer, layer } = await scene(theme, 420, 520, 800, 1000, { panel: true, classes: true });
      check(viewer, layer);
      // Each object row shows its label's whole name; a long type word ("classification") is what
      // gives way (its name used to shrink to nothing beside it).
      const rows = [...layer.shadowRoot!.querySelectorAll<HTMLElement>('.list .row')];
      expect(rows.map((r) => r.querySelector('.name')!.textContent)).toEqual(['Car', 'Sign', 'Person', 'Car']);
      for (const r of rows) {
        const name = r.querySelector<HTMLElement>('.name')!;
        // The text's own width (a Range, fractional) against the box's: scrollWidth and clientWidth
        // round, and an ellipsis shows as soon as the box is a fraction of a pixel narrower.
        const text = document.createRange();
        text.selectNodeContents(name);
        const textWidth = text.getBoundingClientRect().width;
        expect(textWidth).toBeGreaterThan(0);
        expect(name.getBoundingClientRect().width, `${name.textContent} shown whole`).toBeGreaterThanOrEqual(
          textWidth - 0.01,
        );
        // The type word ends inside the row (the eye and lock lie over its end only when shown).
        expect(rect(r.querySelector('.type')).right).toBeLessThanOrEqual(rect(r).right + 0.5);
      }
      await page.screenshot({ path: `../../../test-results/layer-layout-${theme}-narrow.png` });
    });
  }

  // Walk 34: at Fit zoom, picking the wand pushed the image ~33 px down under its options row and
  // refitted it (129% -> 123%), so the spot under the pointer moved just before the click.
  for (const [w, h, theme] of [
    [1000, 620, 'dark'],
    [1240, 700, 'light'],
  ] as const)
    it(`${theme} ${w}x${h}: picking a tool with an options row, and leaving it, never moves a fitted image`, async () => {
      const { viewer, layer } = await scene(theme, w, h, 1600, 1200, { panel: true });
      const root = layer.shadowRoot!;
      const fitted = viewer.view;
      for (const tool of ['magic-wand', 'scissors', 'watershed', 'grabcut', 'select'] as const) {
        layer.tool = tool;
        await layer.updateComplete;
        await frames(3);
        expect(viewer.view, tool).toEqual(fitted);
        const options = root.querySelector('[part="tool-options"]');
        expect(!!options, `${tool} has an options row`).toBe(tool !== 'select');
        // The image is not under the row either.
        if (options) expect(viewer.getBoundingClientRect().top + fitted.y).toBeGreaterThanOrEqual(rect(options).bottom);
        if (tool === 'magic-wand')
          await page.screenshot({ path: `../../../test-results/layer-layout-${theme}-options-row.png` });
      }
      // Fit again with the options row shown: the same view.
      layer.tool = 'scissors';
      await layer.updateComplete;
      await frames(3);
      viewer.fit();
      expect(viewer.view).toEqual(fitted);
    });

  it('portrait image in a short wide viewer, and without a toolbar', async () => {
    const { viewer, layer } = await scene('light', 900, 360, 600, 1200);
    check(viewer, layer);
    layer.noToolbar = true;
    await layer.updateComplete;
    await frames(2);
    const toggle = rect(layer.shadowRoot!.querySelector('.panel-toggle'));
    viewer.fit();
    const v = viewer.view;
    // Alone, the toggle takes the toolbar's place at the top-left; the fitted image starts below it.
    expect(toggle.left).toBeCloseTo(8, 0);
    expect(v.y).toBeGreaterThanOrEqual(toggle.bottom);
  });
});

describe('<dl-annotation-layer> in either writing direction, light and dark, 400x300 and 1024x700', () => {
  for (const dir of ['ltr', 'rtl'] as const)
    for (const theme of ['light', 'dark'] as const)
      for (const [w, h] of [
        [400, 300],
        [1024, 700],
      ] as const)
        it(`${dir} ${theme} ${w}x${h}: the panel at the inline end, the image fitted beside it, the label list and objects both in view`, async () => {
          const { viewer, layer } = await scene(theme, w, h, 1600, 900, { panel: true, dir });
          // check(): nothing overlaps, and the fitted image lies clear of the panel (in RTL it was
          // fitted as if the panel were on the right: small, and under the panel on the left).
          const { toggle, img } = check(viewer, layer);
          const root = layer.shadowRoot!;
          const host = rect(viewer);
          const panel = rect(root.querySelector('.panel'));
          // Mirrored: the toggle leads the top row at the inline start, the panel is at the inline end.
          if (dir === 'ltr') {
            expect(toggle.left - host.left).toBeCloseTo(8, 0);
            expect(host.right - panel.right).toBeCloseTo(8, 0);
            expect(img.right).toBeLessThanOrEqual(panel.left);
          } else {
            expect(host.right - toggle.right).toBeCloseTo(8, 0);
            expect(panel.left - host.left).toBeCloseTo(8, 0);
            expect(img.left).toBeGreaterThanOrEqual(panel.right);
          }
          // The fitted image uses the room beside the panel: as wide or as tall as it allows.
          const room = { w: host.right - host.left - (panel.right - panel.left) - 8, h: host.bottom - toggle.bottom };
          expect(Math.max((img.right - img.left) / room.w, (img.bottom - img.top) / room.h)).toBeGreaterThan(0.8);
          // The panel fits whole, nothing scrolls under the stuck heading: the search box and at
          // least two labels above the heading, at least two object rows in the list below it.
          const p = root.querySelector<HTMLElement>('.panel')!;
          expect(p.scrollHeight).toBeLessThanOrEqual(p.clientHeight + 1);
          const picker = root.querySelector('dl-label-picker')!;
          const heading = rect(root.querySelector('.panel > h2'));
          const search = rect(picker.shadowRoot!.querySelector('[part="search"]'));
          const tree = rect(picker.shadowRoot!.querySelector('[part="tree"]'));
          const labels = [...picker.shadowRoot!.querySelectorAll('[role="treeitem"]')].map(rect);
          expect(search.bottom).toBeLessThanOrEqual(heading.top);
          const shown = labels.filter(
            (r) => r.top >= tree.top - 0.5 && r.bottom <= Math.min(tree.bottom, heading.top) + 0.5,
          );
          expect(shown.length, 'labels whole in view above the heading').toBeGreaterThanOrEqual(2);
          const list = root.querySelector<HTMLElement>('.panel > .list')!;
          expect(rect(list).top).toBeGreaterThanOrEqual(heading.bottom - 0.5);
          expect(list.clientHeight).toBeGreaterThanOrEqual(2 * 28);
          expect(rect(list).bottom).toBeLessThanOrEqual(panel.bottom);
          await page.screenshot({ path: `../../../test-results/layer-dir-${dir}-${theme}-${w}x${h}.png` });
        });
});
