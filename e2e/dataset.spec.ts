import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { decode } from 'fast-png';
import { api, queryItems, sample, shot, signIn, USERS } from './helpers.js';
import { readStoredZip } from './zip.js';

test('filters (folder, annotated, label) built with Filters match the server', async ({ page, request }) => {
  const { tok, dataset } = await sample(request);
  const count = async (filter: Record<string, unknown>, join?: Record<string, unknown>) =>
    (
      await api<any>(request, tok, 'POST', `/datasets/${dataset.id}/query`, {
        filter: { $and: [{ hidden: false }, { type: 'file' }, filter] },
        ...(join ? { join } : {}),
        resource: 'items',
        pageSize: 1,
      })
    ).totalItemsCount as number;
  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}`);
  await expect(page.locator('[data-total]')).toHaveText(/\d+ items/);

  await page.locator('select[aria-label="Folder"]').selectOption('/val');
  await expect(page.locator('[data-total]')).toHaveText(`${await count({ filename: '/val/**' })} items`);
  for (const a of await page.locator('demo-item-grid a[data-item]').all())
    expect(await a.getAttribute('title')).toMatch(/^\/val\//);

  await page.locator('select[aria-label="Folder"]').selectOption('/train');
  await page.locator('select[aria-label="Annotated"]').selectOption('yes');
  const annotated = await count({ $and: [{ filename: '/train/**' }, { annotated: true }] });
  expect(annotated).toBeGreaterThan(0);
  await expect(page.locator('[data-total]')).toHaveText(`${annotated} items`);

  await page.locator('select[aria-label="Annotated"]').selectOption('');
  await page.locator('select[aria-label="Label"]').selectOption('person');
  const withPerson = await count(
    { filename: '/train/**' },
    { on: { resource: 'annotations', local: 'itemId', forigen: 'id' }, filter: { $and: [{ label: 'person' }] } },
  );
  expect(withPerson).toBeGreaterThan(0);
  await expect(page.locator('[data-total]')).toHaveText(`${withPerson} items`);
  expect(page.url()).toContain('label=person');
  await shot(page, '13-filters');
});

test('the large dataset scrolls smoothly, keeps few cells in the DOM, and comes back from the IndexedDB cache', async ({
  page,
  request,
}) => {
  const { large } = await sample(request);
  expect(large, 'the e2e seed has a large dataset').toBeTruthy();
  await page.addInitScript(() => {
    (window as any).__longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (window as any).__longTasks.push(e.duration))).observe(
      { type: 'longtask', buffered: true },
    );
  });
  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${large.id}`);
  const total = Number(String(large.name).replace(/\D/g, ''));
  await expect(page.locator('[data-total]')).toHaveText(`${total.toLocaleString('en-US')} items`, { timeout: 30_000 });
  await expect(page.locator('demo-item-grid a[data-item]').first()).toBeVisible();
  await page.evaluate(() => ((window as any).__longTasks = []));

  const grid = page.locator('demo-item-grid');
  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, 2400);
    await page.waitForTimeout(16);
  }
  // Jump to the middle and to the end, as a scrollbar drag does.
  for (const f of [0.5, 1]) {
    await grid.evaluate((g, frac) => (g.scrollTop = frac * (g.scrollHeight - g.clientHeight)), f);
    const expected = f === 1 ? total - 1 : Math.floor(total * 0.45);
    await expect
      .poll(
        async () =>
          Math.max(
            -1,
            ...(await grid
              .locator('a[data-item]')
              .evaluateAll((as) => as.map((a) => Number(a.getAttribute('data-index'))))),
          ),
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(expected);
  }
  await expect(grid.locator('a[data-index="' + (total - 1) + '"]')).toContainText(
    `frame-${String(total - 1).padStart(6, '0')}.png`,
  );
  const cells = await grid.locator('.cell').count();
  expect(cells).toBeLessThan(200);
  const longTasks = await page.evaluate(() => (window as any).__longTasks as number[]);
  expect(Math.max(0, ...longTasks), JSON.stringify(longTasks)).toBeLessThan(200);
  await shot(page, '14-large-grid');

  // Return visit with every query failing: page 0 comes from the IndexedDB page cache.
  await grid.evaluate((g) => (g.scrollTop = 0));
  await page.route(/\/datasets\/[^/]+\/query/, (r) => r.abort('internetdisconnected'));
  await page.goto('/#/projects');
  await page.reload();
  await page.goto(`/#/datasets/${large.id}`);
  await expect(page.locator('demo-item-grid a[data-index="0"]')).toContainText('frame-000000.png', { timeout: 15_000 });
  await expect(page.locator('[data-total]')).toHaveText(`${total.toLocaleString('en-US')} items`);
});

test('upload by drag and drop with progress; export JSON, MASK and INSTANCE PNGs; cancel an export', async ({
  page,
  request,
}) => {
  const { tok, dataset } = await sample(request);
  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}`);
  await expect(page.locator('[data-total]')).toHaveText(/\d+ items/);
  const png = readFileSync('demo/embed/scene.png').toString('base64');
  const dt = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    for (const name of ['dropped-1.png', 'dropped-2.png']) dt.items.add(new File([bytes], name, { type: 'image/png' }));
    return dt;
  }, png);
  await page.locator('demo-dataset').dispatchEvent('dragover', { dataTransfer: dt });
  await page.locator('demo-dataset').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.locator('[data-upload-status]')).toHaveText('2/2', { timeout: 20_000 });
  await expect(page.locator('progress[aria-label="Upload progress"]')).toHaveJSProperty('value', 100);
  const uploaded = await queryItems(request, tok, dataset.id, { filename: '/uploads/**' });
  expect(uploaded.map((i) => i.name).sort()).toEqual(['dropped-1.png', 'dropped-2.png']);
  await shot(page, '15-upload');

  // Export the annotated /train items as Dataloop JSON.
  await page.goto(`/#/datasets/${dataset.id}?dir=/train&annotated=yes`);
  const items = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/**' }, { annotated: true }] });
  await expect(page.locator('[data-total]')).toHaveText(`${items.length} items`);
  const jsonDl = page.waitForEvent('download');
  await page.locator('demo-export-panel button', { hasText: 'Export' }).click();
  const zip = readStoredZip(readFileSync(await (await jsonDl).path()));
  expect(zip.size).toBe(items.length);
  const one = items[0];
  const entry = JSON.parse(zip.get(`json/${one.filename.slice(1).replace(/\.png$/, '')}.json`)!.toString('utf8'));
  expect(entry.id).toBe(one.id);
  const server = (
    await api<any>(request, tok, 'POST', `/datasets/${dataset.id}/query`, {
      filter: { $and: [{ itemId: one.id }] },
      resource: 'annotations',
      pageSize: 1000,
    })
  ).items;
  expect(entry.annotations.map((a: any) => a.id).sort()).toEqual(server.map((a: any) => a.id).sort());
  await expect(page.locator('[data-export-message]')).toHaveText(`Exported ${items.length} files`);

  // MASK PNGs, rendered in the geometry worker: item-sized RGBA with the label colours.
  await page.locator('select[aria-label="Export format"]').selectOption('mask');
  const maskDl = page.waitForEvent('download', { timeout: 60_000 });
  await page.locator('demo-export-panel button', { hasText: 'Export' }).click();
  const masks = readStoredZip(readFileSync(await (await maskDl).path()));
  expect(masks.size).toBe(items.length);
  const box = server.find((a: any) => a.type === 'box' && a.label === 'car');
  const img = decode(masks.get(`mask/${one.filename.slice(1)}`)!);
  expect([img.width, img.height, img.channels]).toEqual([640, 480, 4]);
  // Spec §3.6: a box is its outline, 2 px, in the label colour (#c82828); the inside stays empty.
  const px = (x: number, y: number) => Array.from(img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
  const [p1, p2] = box.coordinates;
  const midX = Math.round((p1.x + p2.x) / 2);
  expect(px(midX, Math.round(p1.y))).toEqual([200, 40, 40, 255]);
  expect(px(midX, Math.round((p1.y + p2.y) / 2))[3]).toBe(0);

  // INSTANCE PNGs: 8-bit grey, value = the label's index in code-point order of the labels (spec
  // §3.5): animal 1, car 2, object 3, person 4, road 5, tree 6.
  await page.locator('select[aria-label="Export format"]').selectOption('instance');
  const instDl = page.waitForEvent('download', { timeout: 60_000 });
  await page.locator('demo-export-panel button', { hasText: 'Export' }).click();
  const inst = decode(
    readStoredZip(readFileSync(await (await instDl).path())).get(`instance/${one.filename.slice(1)}`)!,
  );
  expect([inst.width, inst.height, inst.channels]).toEqual([640, 480, 1]);
  expect(inst.data[Math.round(p1.y) * 640 + midX]).toBe(2);
  expect(inst.data[Math.round((p1.y + p2.y) / 2) * 640 + midX]).toBe(0);

  // Cancel: a running export stops and says so.
  await page.locator('demo-export-panel button', { hasText: 'Export' }).click();
  await page.locator('demo-export-panel button', { hasText: 'Cancel' }).click();
  await expect(page.locator('[data-export-message]')).toHaveText('Export cancelled');
});
