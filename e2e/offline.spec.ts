import { expect, test, type Route } from '@playwright/test';
import { queryItems, sample, serverAnnotations, shot, signIn, USERS } from './helpers.js';
import { allSaved, clickImage, dragImage, layerAnnotations, layerReady } from './layer.js';

test('offline: keep editing, come back, every edit lands exactly once', async ({ page, request, context }) => {
  const { tok, dataset } = await sample(request);
  const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/scene-021.png' }] });
  const before = await serverAnnotations(request, tok, dataset.id, item.id);

  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}/items/${item.id}`);
  await layerReady(page);
  await page.locator('dl-annotation-layer').focus();

  // 1. A lost response: the create reaches the server but the answer never arrives. The outbox
  //    must find it by its clientId instead of creating it twice.
  let lost = 0;
  const loseFirstCreate = async (route: Route) => {
    if (
      lost === 0 &&
      route.request().method() === 'POST' &&
      /\/items\/[^/]+\/annotations$/.test(route.request().url())
    ) {
      lost++;
      await route.fetch(); // the server applies it
      await route.abort('connectionreset'); // the page never hears back
      return;
    }
    await route.continue();
  };
  await page.route('**/api/v1/**', loseFirstCreate);
  await page.keyboard.press('r');
  await dragImage(page, [60, 60], [140, 120]);
  await expect.poll(() => lost, { timeout: 15_000 }).toBe(1);
  await allSaved(page, 30_000);
  await page.unroute('**/api/v1/**', loseFirstCreate);
  expect((await serverAnnotations(request, tok, dataset.id, item.id)).length).toBe(before.length + 1);

  // 2. Offline: every API request fails. Keep editing.
  const offline = (route: Route) => route.abort('internetdisconnected');
  await page.route('**/api/v1/**', offline);
  await context.setOffline(true);
  await page.keyboard.press('r');
  await dragImage(page, [300, 60], [400, 140]); // box B
  await page.keyboard.press('r');
  await dragImage(page, [450, 60], [520, 120]); // box C, deleted below
  await page.keyboard.press('v');
  await clickImage(page, 350, 100);
  await dragImage(page, [350, 100], [370, 110]); // move B by (20, 10)
  await clickImage(page, 485, 90);
  await page.keyboard.press('Delete'); // delete C before it ever reached the server
  await expect(page.locator('[data-sync]')).toContainText(/Offline|Saving/);
  await expect(page.locator('[data-sync]')).toContainText('Offline', { timeout: 15_000 });
  await shot(page, '10-offline');
  expect((await serverAnnotations(request, tok, dataset.id, item.id)).length).toBe(before.length + 1);

  // 3. Back online: the queue drains in order.
  await page.unroute('**/api/v1/**', offline);
  await context.setOffline(false);
  await allSaved(page, 30_000);
  const after = await serverAnnotations(request, tok, dataset.id, item.id);
  const mine = after.filter((a) => !before.some((b) => b.id === a.id));
  expect(mine.length, JSON.stringify(mine.map((a) => a.coordinates))).toBe(2);
  const clientIds = mine.map((a) => a.metadata?.system?.clientId);
  expect(new Set(clientIds).size).toBe(2);
  const near = (a: number, b: number) => Math.abs(a - b) <= 1.5;
  const boxA = mine.find((a) => near(a.coordinates[0].x, 60));
  const boxB = mine.find((a) => near(a.coordinates[0].x, 320));
  expect(boxA, 'box A once').toBeTruthy();
  expect(boxB, 'box B moved by (20, 10)').toBeTruthy();
  expect(near(boxB.coordinates[0].y, 70) && near(boxB.coordinates[1].x, 420) && near(boxB.coordinates[1].y, 150)).toBe(
    true,
  );
  expect(mine.some((a) => near(a.coordinates[0].x, 450))).toBe(false);

  // The page agrees after a reload.
  await page.reload();
  await layerReady(page);
  await expect.poll(async () => (await layerAnnotations(page)).length).toBe(before.length + 2);
});
