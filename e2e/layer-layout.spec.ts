import { expect, test, type Page } from '@playwright/test';
import { queryItems, sample, shot, signIn, USERS } from './helpers.js';
import { layerReady } from './layer.js';

type R = { left: number; top: number; right: number; bottom: number };
const overlaps = (a: R, b: R) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Rects (page CSS px) of the layer's toolbar, toggle, panel and the viewer's controls, and of the image as fitted. */
async function rects(page: Page) {
  return page.locator('dl-item-viewer').evaluate((v: any) => {
    const r = (el: Element | null | undefined) => {
      if (!el) return null;
      const b = el.getBoundingClientRect();
      return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
    };
    const l = v.querySelector('dl-annotation-layer');
    const root = l.shadowRoot;
    const host = v.getBoundingClientRect();
    const view = v.view;
    return {
      host: r(v)!,
      toggle: r(root.querySelector('.panel-toggle'))!,
      toolbar: r(root.querySelector('.toolbar'))!,
      panel: r(root.querySelector('.panel')),
      controls: r(v.shadowRoot.querySelector('.controls'))!,
      image: {
        left: host.left + view.x,
        top: host.top + view.y,
        right: host.left + view.x + v.imageWidth * view.scale,
        bottom: host.top + view.y + v.imageHeight * view.scale,
      },
    };
  });
}

for (const scheme of ['light', 'dark'] as const)
  for (const size of [
    { width: 1280, height: 800 },
    { width: 760, height: 720 },
  ])
    test(`item page, ${scheme}, ${size.width}x${size.height}: the Objects toggle covers neither toolbar, viewer controls, panel nor the fitted image`, async ({
      page,
      request,
    }) => {
      const { tok, dataset } = await sample(request);
      const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/scene-020.png' }] });
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, USERS.owner);
      await page.goto(`/#/datasets/${dataset.id}/items/${item.id}`);
      await layerReady(page);
      // The demo's own page is light; the components take the theme attribute.
      if (scheme === 'dark')
        await page
          .locator('dl-item-viewer')
          .evaluate(
            (v) => (
              v.setAttribute('theme', 'dark'), v.querySelector('dl-annotation-layer')!.setAttribute('theme', 'dark')
            ),
          );
      // Let the fit settle after the panel reported its inset.
      await page.waitForTimeout(300);
      const r = await rects(page);
      expect(r.panel, 'the demo opens the panel').toBeTruthy();
      for (const [name, other] of [
        ['toolbar', r.toolbar],
        ['viewer controls', r.controls],
        ['panel', r.panel!],
        ['fitted image', r.image],
      ] as const)
        expect(
          overlaps(r.toggle, other),
          `toggle ${JSON.stringify(r.toggle)} vs ${name} ${JSON.stringify(other)}`,
        ).toBe(false);
      expect(overlaps(r.toolbar, r.image), 'toolbar vs fitted image').toBe(false);
      expect(overlaps(r.toolbar, r.panel!), 'toolbar vs panel').toBe(false);
      expect(r.toggle.right).toBeLessThanOrEqual(r.host.right);
      await shot(page, `16-layer-layout-${scheme}-${size.width}`);
      // Closing the panel with the toggle: the toggle stays where it was, the image re-fits wider.
      await page
        .locator('dl-annotation-layer')
        .evaluate((l: any) => l.shadowRoot.querySelector('.panel-toggle').click());
      await page.waitForTimeout(300);
      const c = await rects(page);
      expect(c.panel).toBeNull();
      expect(c.toggle).toEqual(r.toggle);
      expect(overlaps(c.toggle, c.image) || overlaps(c.toggle, c.controls) || overlaps(c.toggle, c.toolbar)).toBe(
        false,
      );
      await shot(page, `16-layer-layout-${scheme}-${size.width}-closed`);
    });
