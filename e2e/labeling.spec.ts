import { expect, test } from '@playwright/test';
import { queryItems, sample, serverAnnotations, shot, signIn, USERS } from './helpers.js';
import { allSaved, clickImage, dragImage, layerAnnotations, layerReady } from './layer.js';

const near = (a: number, b: number, tol = 1.5) => Math.abs(a - b) <= tol;

test('draw a box and a polygon, edit a vertex, change a label, reload: all saved as Dataloop JSON', async ({
  page,
  request,
}) => {
  const { tok, dataset } = await sample(request);
  const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/scene-020.png' }] });
  expect(item, 'seeded item /train/scene-020.png').toBeTruthy();
  const before = await serverAnnotations(request, tok, dataset.id, item.id);

  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}/items/${item.id}`);
  await layerReady(page);
  await expect(page.locator('[data-filename]')).toHaveText('/train/scene-020.png');
  expect((await layerAnnotations(page)).length).toBe(before.length);

  // Box with the default (first) label.
  await page.locator('dl-annotation-layer').focus();
  await page.keyboard.press('r');
  await dragImage(page, [100, 100], [200, 180]);
  // Polygon: three clicks, Enter closes.
  await page.keyboard.press('p');
  await clickImage(page, 400, 100);
  await clickImage(page, 520, 120);
  await clickImage(page, 460, 220);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await layerAnnotations(page)).length).toBe(before.length + 2);

  // Edit a vertex: select the polygon, drag its first vertex handle.
  await page.keyboard.press('v');
  await clickImage(page, 460, 150);
  await dragImage(page, [400, 100], [380, 80]);
  // Change the box's label with the panel's label picker.
  await clickImage(page, 150, 140);
  await page.locator('dl-annotation-layer dl-label-picker').getByText('Person', { exact: true }).click();
  await allSaved(page);
  await shot(page, '04-item-page');
  // "?" lists the shortcuts; Escape closes the list.
  await page.locator('demo-item [data-action="help"]').focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shot(page, '04b-shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);

  const check = (list: any[]) => {
    const mine = list.filter((a) => !before.some((b) => b.id === a.id));
    const box = mine.find((a) => a.type === 'box');
    const poly = mine.find((a) => a.type === 'segment');
    expect(box, 'the box').toBeTruthy();
    expect(poly, 'the polygon').toBeTruthy();
    expect(box.label).toBe('person');
    const [p1, p2] = box.coordinates;
    expect(
      near(p1.x, 100) && near(p1.y, 100) && near(p2.x, 200) && near(p2.y, 180),
      JSON.stringify(box.coordinates),
    ).toBe(true);
    const ring = poly.coordinates[0] as { x: number; y: number }[];
    expect(ring.length).toBe(3);
    expect(
      ring.some((p) => near(p.x, 380) && near(p.y, 80)),
      JSON.stringify(ring),
    ).toBe(true);
    expect(ring.some((p) => near(p.x, 400) && near(p.y, 100))).toBe(false);
    expect(poly.label).toBe('car');
    return { box, poly };
  };
  // What the server holds, read with a token through the REST API.
  await expect
    .poll(async () => (await serverAnnotations(request, tok, dataset.id, item.id)).length)
    .toBe(before.length + 2);
  const server = await serverAnnotations(request, tok, dataset.id, item.id);
  const { box } = check(server);
  expect(box.itemId).toBe(item.id);
  expect(box.datasetId).toBe(dataset.id);
  for (const k of ['id', 'type', 'label', 'coordinates', 'metadata', 'creator', 'createdAt', 'updatedBy', 'updatedAt'])
    expect(box, k).toHaveProperty(k);

  // Reload: the page shows what the server has.
  await page.reload();
  await layerReady(page);
  await expect.poll(async () => (await layerAnnotations(page)).length).toBe(before.length + 2);
  check(await layerAnnotations(page));
});
