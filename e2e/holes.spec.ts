import { expect, test } from '@playwright/test';
import { api, queryItems, sample, serverAnnotations, shot, signIn, USERS } from './helpers.js';
import { allSaved, clickImage, dragImage, layerReady, toPage } from './layer.js';

const near = (a: { x: number; y: number }, b: { x: number; y: number }, tol = 1.5) =>
  Math.abs(a.x - b.x) <= tol && Math.abs(a.y - b.y) <= tol;

test('a polygon hole edited with the real mouse (vertex drag, Alt+click delete) is saved as ring 1 of the segment', async ({
  page,
  request,
}) => {
  const { tok, dataset } = await sample(request);
  const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/scene-015.png' }] });
  expect(item, 'seeded item /train/scene-015.png').toBeTruthy();
  const outer = [
    { x: 100, y: 100 },
    { x: 300, y: 100 },
    { x: 300, y: 300 },
    { x: 100, y: 300 },
  ];
  const hole = [
    { x: 170, y: 150 },
    { x: 230, y: 150 },
    { x: 230, y: 250 },
    { x: 170, y: 250 },
  ];
  const created = await api<any>(request, tok, 'POST', `/items/${item.id}/annotations`, [
    { type: 'segment', label: 'car', coordinates: [outer, hole], metadata: { system: {} } },
  ]);
  const id = (Array.isArray(created) ? created[0] : created).id as string;

  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}/items/${item.id}`);
  await layerReady(page);
  await page.waitForTimeout(300);
  // Select the polygon by clicking its filled ring (not the hole).
  await clickImage(page, 130, 200);
  await expect
    .poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.selected.map((a: any) => a.id)))
    .toEqual([id]);
  // Drag the hole's top-left vertex with the mouse.
  await dragImage(page, [170, 150], [150, 130]);
  // Alt+click deletes the hole's bottom-right vertex.
  const p = await toPage(page, 230, 250);
  await page.keyboard.down('Alt');
  await page.mouse.click(p.x, p.y);
  await page.keyboard.up('Alt');
  await allSaved(page);
  await shot(page, '17-polygon-hole-edited');

  const saved = (await serverAnnotations(request, tok, dataset.id, item.id)).find((a) => a.id === id);
  const [r0, r1] = saved.coordinates as Array<Array<{ x: number; y: number }>>;
  expect(saved.coordinates.length).toBe(2);
  expect(r0).toEqual(outer);
  expect(r1.length, JSON.stringify(r1)).toBe(3);
  expect(near(r1[0], { x: 150, y: 130 }), JSON.stringify(r1)).toBe(true);
  expect(r1.slice(1)).toEqual([hole[1], hole[3]]);
});
