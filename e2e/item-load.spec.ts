import { expect, test, type Page } from '@playwright/test';
import { USERS } from './helpers.js';
import { layerReady } from './layer.js';
import { screenData, signInFast, type ScreenData } from './screens.js';

// The item page loads its annotations once. Each query of the page's load is asked once: the SDK's
// `for await` over a query's results starts again from page 0, which the list had already loaded,
// so the item's annotations came twice, ~100 ms apart (the second load re-set the layer). Reads only.

let data: ScreenData;
test.beforeAll(async ({ request }) => {
  data = await screenData(request);
});

/**
 * Every query body the page sends (`POST …/query`), in order, read in the page (the client sends
 * its bodies as streams, which the request events do not show).
 */
async function watchQueries(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __queries: Promise<string>[] };
    w.__queries = [];
    const f = window.fetch;
    window.fetch = function (this: unknown, ...a: Parameters<typeof fetch>) {
      const r = a[0] instanceof Request ? a[0] : new Request(a[0], a[1]);
      if (r.method === 'POST' && /\/query$/.test(new URL(r.url).pathname)) w.__queries.push(r.clone().text());
      return f.apply(this, a);
    } as typeof fetch;
  });
  return () => page.evaluate(() => Promise.all((window as unknown as { __queries: Promise<string>[] }).__queries));
}

test("the item page asks for the item's annotations once, and no query twice", async ({ page }) => {
  const queries = await watchQueries(page);
  await signInFast(page, USERS.annotator);
  await page.goto(`/#/assignments/${data.assignmentId}/items/${data.sentBackId}?i=0`);
  await layerReady(page);
  await expect(page.locator('demo-issues [data-issue="open"]')).toBeVisible();
  // the page's loads done: no new query for a while
  await expect
    .poll(async () => {
      const n = (await queries()).length;
      await page.waitForTimeout(400);
      return (await queries()).length - n;
    })
    .toBe(0);
  const bodies = await queries();
  const mine = bodies.filter((b) => {
    const q = JSON.parse(b);
    return (
      q.resource === 'annotations' &&
      JSON.stringify(q.filter) === JSON.stringify({ $and: [{ itemId: data.sentBackId }] })
    );
  });
  expect(mine, "the item's annotations query").toHaveLength(1);
  const twice = bodies.filter((b, i) => bodies.indexOf(b) !== i);
  expect(twice, 'queries sent twice').toEqual([]);
});

/** Waits until the page sent no new query for a while (its loads are done). */
async function quiet(page: Page, queries: () => Promise<string[]>): Promise<void> {
  await expect
    .poll(async () => {
      const n = (await queries()).length;
      await page.waitForTimeout(400);
      return (await queries()).length - n;
    })
    .toBe(0);
}

// The same pattern (list(), then for-await from page 0 again) was in the review list, the export and
// the task board's "open an item of a filtered page": each asked its first page twice.
test("the review list asks for the task's items once, and no query twice", async ({ page }) => {
  const queries = await watchQueries(page);
  await signInFast(page, USERS.manager);
  await page.goto(`/#/tasks/${data.taskId}/review`);
  await expect(page.locator('demo-review [data-group]').first()).toBeVisible();
  await quiet(page, queries);
  const bodies = await queries();
  const items = bodies.filter((b) => JSON.parse(b).resource === 'items');
  expect(items.length, "the task's items query").toBeGreaterThan(0);
  const twice = bodies.filter((b, i) => bodies.indexOf(b) !== i);
  expect(twice, 'queries sent twice').toEqual([]);
});

test('an export asks for each page of its items once', async ({ page }) => {
  const queries = await watchQueries(page);
  await signInFast(page, USERS.owner);
  await page.goto(`/#/datasets/${data.datasetId}?dir=/val`);
  await expect(page.locator('[data-total]')).toHaveText(/\d+ items/);
  await quiet(page, queries);
  const before = (await queries()).length;
  const download = page.waitForEvent('download');
  await page.locator('demo-export-panel button', { hasText: 'Export' }).click();
  await download;
  await expect(page.locator('[data-export-message]')).toHaveText(/^Exported \d+ files$/);
  const bodies = (await queries()).slice(before);
  const items = bodies.filter((b) => JSON.parse(b).resource === 'items');
  expect(items, "the export's items query").toHaveLength(1);
  const twice = bodies.filter((b, i) => bodies.indexOf(b) !== i);
  expect(twice, 'queries sent twice').toEqual([]);
});
