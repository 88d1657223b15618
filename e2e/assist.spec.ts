// The assisted tools in the demo app: the item page's toolbar offers them, OpenCV loads while the
// page is idle, a magic wand click makes a mask that the outbox saves like any other annotation, and
// undo takes it back off the server.
import { expect, test } from '@playwright/test';
import { decode } from 'fast-png';
import { sceneObjects } from '../demo/server/seed-images.js';
import { queryItems, sample, serverAnnotations, shot, signIn, USERS } from './helpers.js';
import { allSaved, clickImage, layerAnnotations, layerReady } from './layer.js';

test.setTimeout(180_000); // the worker's OpenCV start is slow on a loaded machine

/** Pixels set in a Dataloop `binary` mask (a PNG data URL): alpha when it has one, else any colour. */
function maskPixels(dataUrl: string): { width: number; height: number; set: Uint8Array } {
  const png = decode(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  const { width, height, channels, data } = png;
  const set = new Uint8Array(width * height);
  for (let i = 0; i < set.length; i++) {
    const o = i * channels;
    set[i] =
      channels === 4 || channels === 2 ? +(data[o + channels - 1]! > 0) : +(data[o]! + data[o + 1]! + data[o + 2]! > 0);
  }
  return { width, height, set };
}

test('magic wand on the item page: a click on a car makes its mask, saved, and undo removes it', async ({
  page,
  request,
}) => {
  const { tok, dataset } = await sample(request);
  const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/masks/mask-demo.png' }] });
  expect(item, 'seeded item /masks/mask-demo.png').toBeTruthy();
  const before = await serverAnnotations(request, tok, dataset.id, item.id);
  // The seed paints scene 1000 there (640x480): flat-coloured cars with a 2-px darker rim.
  const car = sceneObjects(1000, 640, 480).find((o) => o.label === 'car')!;
  const [l, t, r, b] = car.box;

  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}/items/${item.id}`);
  await layerReady(page);
  const layer = page.locator('dl-annotation-layer');
  for (const name of ['Magic wand (W)', 'Box to object (G)', 'Intelligent scissors (S)', 'Watershed (T)'])
    await expect(layer.getByRole('button', { name }), name).toBeVisible();

  await layer.focus();
  await page.keyboard.press('w');
  await expect(layer.getByRole('button', { name: 'Magic wand (W)' })).toHaveAttribute('aria-pressed', 'true');
  await expect(layer.locator('[part="tool-options"]')).toContainText('Tolerance');

  await clickImage(page, (l + r) / 2, (t + b) / 2);
  await expect
    .poll(async () => (await layerAnnotations(page)).length, { timeout: 120_000, message: 'the wand mask' })
    .toBe(before.length + 1);
  await allSaved(page);
  await shot(page, '20-assist-wand');
  // the mask at 1:1 (the worker paints its bitmap: it must be as sharp as the fit view's), then fit again
  await page.keyboard.press('Shift+1');
  await page.waitForTimeout(300);
  await shot(page, '20-assist-wand-1to1');
  await page.keyboard.press('0');

  const after = await serverAnnotations(request, tok, dataset.id, item.id);
  const made = after.filter((a) => !before.some((x) => x.id === a.id));
  expect(made.length).toBe(1);
  expect(made[0].type).toBe('binary');
  // The region is the car's inside (the rim is another colour): IoU against it.
  const { width, height, set } = maskPixels(String(made[0].coordinates));
  expect([width, height]).toEqual([640, 480]);
  let inter = 0;
  let union = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const want = x >= l + 2 && x <= r - 3 && y >= t + 2 && y <= b - 3;
      const got = set[y * width + x] === 1;
      if (want && got) inter++;
      if (want || got) union++;
    }
  expect(inter / union, `IoU of the wand mask with the car ${JSON.stringify(car.box)}`).toBeGreaterThanOrEqual(0.95);

  // An ordinary annotation: undo deletes it, and the outbox deletes it on the server.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await layerAnnotations(page)).length).toBe(before.length);
  await allSaved(page);
  expect((await serverAnnotations(request, tok, dataset.id, item.id)).length).toBe(before.length);
});
