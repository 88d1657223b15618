// The undo / redo flash (`part="flash"`) sits centred on the image whatever the writing direction:
// on the layer without a side panel, on the part of it beside the panel with one (the panel is at the
// inline end: the right in LTR, the left in RTL). A screenshot of the RTL flash for a look.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { carBox, mountLayer } from './layer-test-utils.js';
import { realPress } from '../internal/test-utils.js';
import '../item-viewer/define.js';
import './define.js';
import { mountVideo } from '../item-viewer/video-test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

const rect = (el: Element | null | undefined) => el!.getBoundingClientRect();

async function flashOn(dir: 'ltr' | 'rtl', panel: boolean) {
  const { viewer, layer } = await mountLayer([carBox('b1')], { panel, w: 400, h: 300 });
  viewer.dir = dir;
  await layer.updateComplete;
  layer.focus();
  await realPress('z', { ctrl: true });
  await layer.updateComplete;
  const flash = layer.shadowRoot!.querySelector<HTMLElement>('[part="flash"]');
  expect(flash?.textContent?.trim()).toBe('Nothing to undo');
  return { viewer, layer, flash: flash! };
}

describe('<dl-annotation-layer> the undo / redo flash is centred in either direction', () => {
  for (const dir of ['ltr', 'rtl'] as const) {
    it(`${dir}, no panel: the flash's centre is the layer's`, async () => {
      const { viewer, layer, flash } = await flashOn(dir, false);
      const f = rect(flash);
      const l = rect(layer);
      expect(f.width).toBeGreaterThan(50);
      expect(Math.abs(f.left + f.width / 2 - (l.left + l.width / 2))).toBeLessThanOrEqual(1.5);
      expect(f.left).toBeGreaterThanOrEqual(l.left);
      expect(f.right).toBeLessThanOrEqual(l.right);
      if (dir === 'rtl') await page.screenshot({ element: viewer, path: '../../../test-results/layer-flash-rtl.png' });
    });

    it(`${dir}, panel open: the flash is centred on the image beside the panel, clear of it`, async () => {
      const { viewer, layer, flash } = await flashOn(dir, true);
      const f = rect(flash);
      const l = rect(layer);
      const p = rect(layer.shadowRoot!.querySelector('.panel'));
      expect(p.width).toBeGreaterThan(0);
      // the image beside the panel: from the layer's start edge to the panel
      const [from, to] = dir === 'ltr' ? [l.left, p.left] : [p.right, l.right];
      expect(Math.abs(f.left + f.width / 2 - (from + to) / 2)).toBeLessThanOrEqual(1.5);
      expect(f.right <= p.left || f.left >= p.right).toBe(true);
      if (dir === 'rtl')
        await page.screenshot({ element: viewer, path: '../../../test-results/layer-flash-rtl-panel.png' });
    });
  }
});

describe("<dl-annotation-layer> the flash keeps above a video viewer's controls", () => {
  for (const w of [320, 400, 656])
    it(`${w} px wide (the zoom controls on their own row when narrow): the flash overlaps none of them`, async () => {
      const v = await mountVideo(undefined, undefined, `width:${w}px;height:300px`);
      const layer = document.createElement('dl-annotation-layer') as DlAnnotationLayer;
      layer.noToolbar = true;
      v.append(layer);
      await layer.updateComplete;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      layer.focus();
      await realPress('z', { ctrl: true });
      await layer.updateComplete;
      const f = rect(layer.shadowRoot!.querySelector('[part="flash"]'));
      expect(f.width).toBeGreaterThan(50);
      const band = [...v.shadowRoot!.querySelectorAll('.video, .controls')].map(rect);
      expect(band).toHaveLength(2);
      for (const c of band) expect(f.bottom, JSON.stringify([f, c])).toBeLessThanOrEqual(c.top);
      expect(f.top).toBeGreaterThanOrEqual(rect(v).top);
    });
});

describe('<dl-annotation-layer> the flash says what the last key did', () => {
  it("Paste flashes its own words (not the last undo's), and its undo names the paste", async () => {
    const { layer } = await mountLayer([carBox('b1')], { w: 400, h: 300 });
    layer.focus();
    layer.select(['b1']);
    const flash = async () => {
      await layer.updateComplete;
      return layer.shadowRoot!.querySelector('[part="flash"]')?.textContent?.trim();
    };
    await realPress('z', { ctrl: true });
    expect(await flash()).toBe('Nothing to undo');
    await realPress('c', { ctrl: true });
    await realPress('v', { ctrl: true });
    expect(await flash()).toBe('Pasted 1 annotation');
    await realPress('z', { ctrl: true });
    expect(await flash()).toBe('Undone: paste 1 object');
    await realPress('z', { ctrl: true, shift: true });
    expect(await flash()).toBe('Redone: paste 1 object');
  });
});
