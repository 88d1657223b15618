import { expect, test } from '@playwright/test';
import { shot } from './helpers.js';
import { dragImage, layerAnnotations, layerReady } from './layer.js';

test("the embed page renders the bundle's components from static files, with no server API", async ({ page }) => {
  const apiCalls: string[] = [];
  // Anything but static files is refused: the page must not need the API (or the sign-in).
  await page.route(/\/(api|demo)\//, (route) => {
    apiCalls.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const annotations = JSON.parse(await (await page.request.get('/embed/annotations.json')).text()) as unknown[];
  await page.goto('/embed.html');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  await layerReady(page, false);
  await expect.poll(async () => (await layerAnnotations(page)).length).toBe(annotations.length);
  // The labels of the static ontology are listed, and the image is drawn (not blank).
  await expect(page.locator('dl-annotation-layer dl-label-picker').getByText('Person', { exact: true })).toBeVisible();
  const lit = await page.locator('dl-item-viewer').evaluate((v: any) => {
    const c = v.shadowRoot.querySelector('canvas') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4 * 97) if (d[i]) n++;
    return n;
  });
  expect(lit).toBeGreaterThan(100);
  // The layer holds the keyboard from load (autofocus), and drawing fires a dl-annotation-create
  // event the host page logs: no click before the tool key.
  expect(await page.evaluate(() => document.activeElement?.localName)).toBe('dl-annotation-layer');
  await page.keyboard.press('r');
  await dragImage(page, [80, 140], [170, 200]);
  await expect(page.locator('#log')).toContainText('create box "car"');
  await shot(page, '12-embed');
  expect(apiCalls).toEqual([]);
});
