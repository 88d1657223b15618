import { expect, test, type Page } from '@playwright/test';
import { sample, shot, signIn, USERS } from './helpers.js';

/**
 * Bodies of the dataset queries the page sends, by resource (items pages: `type: file`; the
 * folder list is left out). Read through a route: the client's fetch(Request) bodies are not
 * visible to page.on('request').
 */
async function watchQueries(page: Page, datasetId: string) {
  const seen = { items: [] as any[], annotations: [] as any[] };
  await page.route(`**/api/v1/datasets/${datasetId}/query`, async (route) => {
    const body = route.request().postDataJSON() ?? {};
    const isFile = (body.filter?.$and ?? []).some((c: any) => c.type === 'file');
    if (body.resource === 'annotations') seen.annotations.push(body);
    else if (isFile) seen.items.push(body);
    await route.continue();
  });
  return seen;
}

test("each item card says its review status in the task board's words, one issue query per page", async ({
  page,
  request,
}) => {
  const { dataset } = await sample(request);
  await signIn(page, USERS.manager);
  const queries = await watchQueries(page, dataset.id);
  await page.goto(`/#/datasets/${dataset.id}?dir=/val`);
  await expect(page.locator('[data-total]')).toHaveText('10 items');
  // The seed (demo/server/seed.ts): /val is one task; scene-027 completed, scene-028 sent back with
  // an issue pinned to a box, the rest to do. Each card's link names its status (the board's words).
  const card = (name: string) => page.getByRole('link', { name: new RegExp(`^${name.replace('.', '\\.')}\\b`) });
  await expect(card('scene-027.png')).toHaveAccessibleName(/^scene-027\.png Completed\b/);
  await expect(card('scene-028.png')).toHaveAccessibleName(/^scene-028\.png Open issue\b/);
  await expect(card('scene-029.png')).toHaveAccessibleName(/^scene-029\.png To do$/);
  await expect(page.locator('demo-item-grid [data-status]')).toHaveCount(10);
  await expect(page.locator('demo-item-grid a[data-item] .status[data-status="issue"]')).toHaveText('Open issue');
  await shot(page, 'grid-status-val');
  // One page of items: one items query and one annotation (open issue) query for all of them.
  expect(queries.items.length).toBe(1);
  expect(queries.annotations.length).toBe(1);
  expect(queries.annotations[0].filter.$and[1].itemId.$in.length).toBe(10);

  // Items in no task have nothing to review: no status on their cards.
  await page.goto(`/#/datasets/${dataset.id}?dir=/train`);
  await expect(page.locator('demo-item-grid a[data-item]').first()).toBeVisible();
  await expect(page.locator('demo-item-grid a[data-item]').first()).toHaveAccessibleName(/^scene-001\.png \d+ annotations?$/);
  await expect(page.locator('demo-item-grid [data-status]')).toHaveCount(0);
});

test('a grid of many pages asks for open issues once per page of items, never per item', async ({
  page,
  request,
}) => {
  const { large } = await sample(request);
  await signIn(page, USERS.owner);
  const queries = await watchQueries(page, large.id);
  await page.goto(`/#/datasets/${large.id}`);
  const grid = page.locator('demo-item-grid');
  await expect(grid.locator('a[data-index="0"]')).toBeVisible({ timeout: 15_000 });
  // Scroll far enough to need pages 1 and 2 (100 items a page), then wait for their cells.
  for (const index of [150, 250]) {
    await grid.evaluate((g, i) => {
      const cols = Math.max(1, Math.floor(g.clientWidth / 168));
      g.scrollTop = Math.floor(i / cols) * 168;
    }, index);
    await expect(grid.locator(`a[data-index="${index}"]`)).toBeVisible();
  }
  const itemPages = new Set(queries.items.map((q) => q.page));
  expect(itemPages.size).toBeGreaterThanOrEqual(3);
  await expect.poll(() => queries.annotations.length).toBe(queries.items.length);
  expect(queries.items.length).toBe(itemPages.size);
  for (const q of queries.annotations) expect(q.filter.$and[1].itemId.$in.length).toBe(100);
});
