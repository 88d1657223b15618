// The viewer's own controls in whatever box a host page gives it: from a 320-px phone column up,
// the video bar (prev / play / next, seek slider, frame readout) and the zoom controls (level, −, +,
// Fit, 1:1) never overlap one another and all lie inside the viewer; in a narrow box the zoom
// controls take a row above the video bar and the readout shortens to "70/89". Screenshots (light
// and dark) of the narrow video viewer for a look.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import './define.js';
import type { DlItemViewer } from './item-viewer.js';
import { nextEvent, pngBlob } from '../internal/test-utils.js';
import { mountVideo } from './video-test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

const WIDTHS = [320, 400, 640, 1000];

type Box = { name: string; r: DOMRect };

const shown = (el: Element) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0;

/** Every control of the viewer's bottom band, one box each (the frame readout that is shown). */
function controls(v: DlItemViewer): Box[] {
  const root = v.shadowRoot!;
  const els = [
    ...root.querySelectorAll('.video button, .video input, .video .time, .controls .zoom, .controls button'),
  ];
  return els.filter(shown).map((el) => ({
    name: `${el.className || el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim()}`,
    r: el.getBoundingClientRect(),
  }));
}

const overlap = (a: DOMRect, b: DOMRect) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

function checkLayout(v: DlItemViewer) {
  const boxes = controls(v);
  const host = v.getBoundingClientRect();
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i].r, boxes[j].r)) overlaps.push(`${boxes[i].name} × ${boxes[j].name}`);
  expect(overlaps).toEqual([]);
  const outside = boxes
    .filter(
      ({ r }) =>
        r.left < host.left - 0.5 ||
        r.right > host.right + 0.5 ||
        r.top < host.top - 0.5 ||
        r.bottom > host.bottom + 0.5,
    )
    .map((b) => b.name);
  expect(outside).toEqual([]);
  // Each group holds its own controls (nothing spills out of the video bar's chip).
  const bar = v.shadowRoot!.querySelector('.video');
  if (bar) {
    const b = bar.getBoundingClientRect();
    for (const el of bar.querySelectorAll('button, input, .time'))
      if (shown(el)) {
        const r = el.getBoundingClientRect();
        expect([r.left >= b.left - 0.5, r.right <= b.right + 0.5], el.className || el.tagName).toEqual([true, true]);
      }
  }
  return boxes;
}

async function settle(v: DlItemViewer) {
  await v.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await v.updateComplete;
}

describe('<dl-item-viewer> controls fit any width without overlapping', () => {
  for (const w of WIDTHS)
    it(`video, ${w} px wide: no two controls overlap, all inside the viewer, the seek slider usable`, async () => {
      const v = await mountVideo(undefined, undefined, `width:${w}px;height:300px`);
      await v.seekFrame(70, false);
      await settle(v);
      const boxes = checkLayout(v);
      expect(boxes.length).toBe(10); // 3 buttons, slider, readout; level, −, +, Fit, 1:1
      const slider = v.shadowRoot!.querySelector('.video input')!.getBoundingClientRect();
      expect(slider.width).toBeGreaterThanOrEqual(40);
      const readout = boxes.find((b) => b.name.startsWith('time'))!;
      expect(readout.name).toContain(w < 500 ? '70/89' : 'Frame 70 / 89 · 0:02.33');
      // The fitted frame stays above the whole band (both rows when the zoom controls wrap).
      const band = v.shadowRoot!.querySelector('.bottom')!.getBoundingClientRect();
      expect(v.getBoundingClientRect().top + v.view.y + 240 * v.view.scale).toBeLessThanOrEqual(band.top + 0.5);
      if (w <= 400)
        for (const theme of ['light', 'dark']) {
          v.setAttribute('theme', theme);
          await settle(v);
          await page.screenshot({ element: v, path: `../../../test-results/viewer-narrow-${w}-${theme}.png` });
        }
    });

  for (const w of WIDTHS)
    it(`image, ${w} px wide: the zoom controls inside the viewer, none overlapping`, async () => {
      const v = document.createElement('dl-item-viewer') as DlItemViewer;
      v.style.cssText = `position:fixed;left:0;top:0;width:${w}px;height:300px`;
      v.blob = await pngBlob(640, 480);
      const loaded = nextEvent(v, 'dl-item-load');
      document.body.append(v);
      await loaded;
      await settle(v);
      expect(checkLayout(v).length).toBe(5);
    });

  it('resized from wide to narrow and back (every 20 px from 320 to 1000), the layout follows', async () => {
    const v = await mountVideo(undefined, undefined, 'width:1000px;height:300px');
    await v.seekFrame(70, false);
    await settle(v);
    checkLayout(v);
    for (let w = 320; w <= 1000; w += 20) {
      v.style.width = `${w}px`;
      await settle(v);
      checkLayout(v);
      const slider = v.shadowRoot!.querySelector('.video input')!.getBoundingClientRect();
      expect(slider.width, `${w} px`).toBeGreaterThanOrEqual(40);
    }
  });
});

describe('<dl-item-viewer> bottom inset follows the band when it wraps without a resize', () => {
  const INSET = '--_dl-item-viewer-controls-inset';
  const centreY = (el: Element) => {
    const r = el.getBoundingClientRect();
    return (r.top + r.bottom) / 2;
  };
  /** Whether the zoom controls sit beside the video bar (one row), not above it. */
  const oneRow = (v: DlItemViewer) => {
    const root = v.shadowRoot!;
    const zoom = root.querySelector('.controls');
    return !zoom || Math.abs(centreY(zoom) - centreY(root.querySelector('.video')!)) < 4;
  };
  /** The band's height over the viewer's bottom, as the viewer measures it (top of the upper row). */
  const bandInset = (v: DlItemViewer) => {
    const root = v.shadowRoot!;
    const top = Math.min(
      root.querySelector('.bottom')!.getBoundingClientRect().top,
      root.querySelector('.video')!.getBoundingClientRect().top,
    );
    return v.getBoundingClientRect().bottom - top;
  };
  /** The narrowest whole-pixel width at which the band is one row. */
  async function justOneRow(v: DlItemViewer): Promise<number> {
    let lo = 320;
    let hi = 1000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      v.style.width = `${mid}px`;
      await settle(v);
      if (oneRow(v)) hi = mid;
      else lo = mid;
    }
    v.style.width = `${hi}px`;
    await settle(v);
    expect(oneRow(v)).toBe(true);
    return hi;
  }

  type Case = {
    name: string;
    fitted: boolean;
    before: (v: DlItemViewer) => Promise<unknown>;
    wrap: (v: DlItemViewer) => Promise<unknown>;
  };
  const cases: Case[] = [
    {
      name: 'the zoom readout grows (fit, then 6400%)',
      fitted: false,
      before: (v) => Promise.resolve(v.fit()),
      wrap: (v) => Promise.resolve(v.zoomTo(64)),
    },
    {
      name: 'the frame readout gains a digit (frame 0, then 89)',
      fitted: true,
      before: (v) => v.seekFrame(0, false),
      wrap: (v) => v.seekFrame(89, false),
    },
    {
      name: 'the zoom controls are shown again (no-controls off)',
      fitted: true,
      before: (v) => Promise.resolve((v.noControls = true)),
      wrap: (v) => Promise.resolve((v.noControls = false)),
    },
  ];
  for (const c of cases)
    it(`${c.name}: the inset and the fitted frame follow the band`, async () => {
      const v = await mountVideo(undefined, undefined, 'width:1000px;height:300px');
      // A slotted overlay, as the annotation layer's flash: it reads the inset the viewer sets.
      const overlay = document.createElement('div');
      overlay.style.cssText = `position:absolute;bottom:var(${INSET}, 0px);background:rgb(255 0 0 / 0.2)`;
      v.append(overlay);
      await c.before(v);
      await settle(v);
      const width = await justOneRow(v);
      const oneRowInset = parseFloat(getComputedStyle(overlay).getPropertyValue(INSET));
      expect(oneRowInset).toBeCloseTo(bandInset(v), 0);
      await c.wrap(v);
      await settle(v);
      // Same size, but the band now has two rows.
      expect(v.getBoundingClientRect().width).toBe(width);
      expect(oneRow(v)).toBe(false);
      const inset = parseFloat(getComputedStyle(overlay).getPropertyValue(INSET));
      expect(inset).toBeGreaterThan(oneRowInset + 16);
      expect(Math.abs(inset - bandInset(v))).toBeLessThanOrEqual(1);
      // The overlay (the flash, the tracking bar) sits above both rows.
      const band = v.shadowRoot!.querySelector('.bottom')!.getBoundingClientRect();
      expect(overlay.getBoundingClientRect().bottom).toBeLessThanOrEqual(band.top + 1);
      if (c.fitted)
        expect(v.getBoundingClientRect().top + v.view.y + 240 * v.view.scale).toBeLessThanOrEqual(band.top + 0.5);
      // For a look: the tinted overlay ends above the band's two rows.
      await page.screenshot({ element: v, path: `../../../test-results/viewer-inset-${cases.indexOf(c)}.png` });
      // The value lives in the viewer's shadow tree: the host's own style attribute is the page's.
      expect(v.getAttribute('style')).not.toContain(INSET);
      v.setAttribute('style', v.getAttribute('style')!);
      await settle(v);
      expect(parseFloat(getComputedStyle(overlay).getPropertyValue(INSET))).toBe(inset);
    });
});
