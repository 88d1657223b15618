import { expect, test } from '@playwright/test';
import { queryItems, sample, shot, signIn, USERS } from './helpers.js';
import { clickImage, layerReady } from './layer.js';

// Screenshots of the item page for a person to look at (test-results/screens/item-*.png): light and
// dark, 1440x900 and 1024x700, with a selection and the panel open, and with the help open. The
// checks make sure each picture shows what its name says.

for (const theme of ['light', 'dark'] as const)
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const)
    test(`item page, ${theme}, ${w}x${h}: selection, panel, help`, async ({ page, request }) => {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: theme });
      const { tok, dataset } = await sample(request);
      const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/scene-004.png' }] });
      await signIn(page, USERS.owner);
      await page.goto(`/#/datasets/${dataset.id}/items/${item.id}`);
      await layerReady(page);
      // The dl-* elements follow their theme attribute (the demo's own frame has its own switch).
      await page.locator('dl-item-viewer').evaluate((v, t) => {
        v.setAttribute('theme', t);
        v.querySelector('dl-annotation-layer')?.setAttribute('theme', t);
      }, theme);
      const box = await page
        .locator('dl-annotation-layer')
        .evaluate((l: any) => l.annotations.find((a: any) => a.type === 'box'));
      expect(box, 'a seeded box').toBeTruthy();
      const [p, q] = box.coordinates;
      await clickImage(page, (p.x + q.x) / 2, (p.y + q.y) / 2);
      await expect.poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.selected.length)).toBe(1);
      await page.mouse.move(5, h - 5);
      await shot(page, `item-${theme}-${w}x${h}-selection`);
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await shot(page, `item-${theme}-${w}x${h}-help`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
    });
