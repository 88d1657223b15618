// Screenshots of the assisted tools in use, light and dark, for a person to look at
// (test-results/assist-*.png), plus checks of what they show: the options bar in the theme's colours,
// the tool's drawing on the live canvas.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { configureAssist } from '../../workers/shared-assist.js';
import { realClick, realDrag, realPath, realPointer } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { at, events, holdWorker, iou, known, maskOf, mountScene, optionsBar, until } from './assist-test-utils.js';

vi.setConfig({ testTimeout: 120_000 });

beforeAll(() => page.viewport(900, 640));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));
afterAll(() => configureAssist({}));

const THEMES = ['light', 'dark'] as const;
const BAR_BG = { light: 'rgb(255, 255, 255)', dark: 'rgb(39, 43, 52)' }; // --dl-color-surface-raised

/** Opaque pixels of the live canvas (the tools' drawing) inside image rect x0..x1, y0..y1. */
function liveInk(layer: DlAnnotationLayer, x0: number, y0: number, x1: number, y1: number): number {
  layer.drawNow();
  const c = layer.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!;
  const d = devicePixelRatio;
  const [ax, ay] = at(x0, y0);
  const [bx, by] = at(x1, y1);
  const px = c.getContext('2d')!.getImageData(ax * d, ay * d, (bx - ax) * d, (by - ay) * d).data;
  let n = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
  return n;
}

async function shot(layer: DlAnnotationLayer, name: string, theme: string): Promise<void> {
  await layer.updateComplete;
  layer.drawNow();
  expect(getComputedStyle(optionsBar(layer)!).backgroundColor).toBe(BAR_BG[theme as 'light' | 'dark']);
  await page.screenshot({ path: `../../../test-results/assist-${name}-${theme}.png` });
}

describe('assisted tools: screenshots', () => {
  for (const theme of THEMES) {
    it(`magic wand (${theme}): a mask made, the region under the pointer previewed`, async () => {
      const { layer } = await mountScene({ theme, tool: 'magic-wand', width: 900, height: 640 });
      const log = events(layer);
      await realClick(...at(70, 80));
      await until(() => log.length === 1, 60_000, 'the mask');
      await realPointer('move', ...at(175, 55), { steps: 3 });
      await until(() => liveInk(layer, 145, 35, 205, 75) > 1000, 20_000, 'the preview');
      await shot(layer, 'wand', theme);
      // a click while the worker is busy: the progress shows in the bar
      const hold = await holdWorker();
      await realClick(...at(175, 130));
      await until(() => !!layer.shadowRoot!.querySelector('[data-assist-status]'), 20_000, 'the progress');
      await shot(layer, 'progress', theme);
      await hold.release();
      await until(() => log.length === 2, 20_000, 'the second mask');
    });

    it(`box to object (${theme}): the box, the object, a background stroke`, async () => {
      const { layer } = await mountScene({ theme, tool: 'grabcut', width: 900, height: 640 });
      const log = events(layer);
      await realDrag(...at(25, 35), ...at(117, 168), 4);
      await until(() => log.length === 1, 60_000, 'the object');
      await realPath([at(30, 152), at(75, 152)], 4, { alt: true });
      await until(() => log.length === 2, 20_000, 'the refinement');
      expect(liveInk(layer, 30, 148, 75, 156)).toBeGreaterThan(100); // the stroke stays drawn
      await shot(layer, 'grabcut', theme);
    });

    it(`intelligent scissors (${theme}): three points and the live path to the pointer`, async () => {
      const { layer } = await mountScene({ theme, tool: 'scissors', width: 900, height: 640 });
      for (const [x, y] of [
        [140, 30],
        [209, 30],
        [209, 79],
      ] as const) {
        await realPointer('move', ...at(x, y), { steps: 2 });
        await realClick(...at(x, y));
      }
      await until(() => !layer.shadowRoot!.querySelector('[data-assist-status]'), 60_000, 'the cost map');
      await realPointer('move', ...at(150, 79), { steps: 4 });
      // the live path runs along the rectangle's bottom edge to the pointer
      await until(() => liveInk(layer, 152, 76, 205, 83) > 150, 20_000, 'the live path');
      await shot(layer, 'scissors', theme);
      // the fourth corner, Enter: the rectangle as a polygon, selected
      const log = events(layer);
      await realClick(...at(140, 79));
      layer.focus();
      await userEvent.keyboard('{Enter}');
      await until(() => log.length === 1, 60_000, 'the polygon');
      expect(log[0]!.annotation.type).toBe('segment');
      expect(iou(await maskOf(log[0]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
      await shot(layer, 'scissors-result', theme);
    });

    it(`watershed (${theme}): strokes of two labels and the background`, async () => {
      const { layer } = await mountScene({ theme, tool: 'watershed', width: 900, height: 640 });
      await realPath([at(60, 70), at(80, 90)], 3);
      layer.label = 'person';
      await realPath([at(160, 45), at(190, 65)], 3);
      await realPath([at(4, 4), at(236, 4), at(236, 176), at(4, 176), at(4, 8)], 3, { alt: true });
      expect(liveInk(layer, 0, 0, 240, 8)).toBeGreaterThan(500);
      await shot(layer, 'watershed', theme);
      // Enter: a mask per label (the disc's, the rectangle's), the strokes gone
      const log = events(layer);
      layer.focus();
      await userEvent.keyboard('{Enter}');
      await until(() => log.length === 2, 60_000, 'the masks');
      const byLabel = Object.fromEntries(log.map((e) => [e.annotation.label, e.annotation]));
      expect(iou(await maskOf(byLabel.person!), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
      await shot(layer, 'watershed-result', theme);
    });
  }
});
