import { expect, test, type Page } from '@playwright/test';
import { api, queryItems, sample, signIn, token, USERS } from './helpers.js';
import { layerReady } from './layer.js';

// A reviewer who comes back to the review list from an item (same page, no reload) finds the
// keyboard on the row of the item they came from, not on <body>: after going back from an item
// opened by its row, and after reviewing the last item to review (when "Start review" is disabled
// and cannot take it). The test makes its own task (two items, completed through the REST API) and
// deletes it after.

/** The element that has the keyboard, through shadow roots: `tag[data-item]` or `tag[data-action]`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return 'none';
    const el = a as HTMLElement;
    const key = el.dataset.item
      ? `[data-item=${el.dataset.item}]`
      : el.dataset.action
        ? `[data-action=${el.dataset.action}]`
        : '';
    return `${el.tagName.toLowerCase()}${key}`;
  });
}

async function itemShown(page: Page, id: string): Promise<void> {
  await expect
    .poll(() => page.locator('demo-item').evaluate((d: any) => d.item?.id ?? null), { timeout: 20_000 })
    .toBe(id);
  await layerReady(page);
}

test('review list: coming back from an item puts the keyboard on its row (back from a row, and after the last review)', async ({
  page,
  request,
}) => {
  const { dataset, tok: ownerTok } = await sample(request);
  const mgrTok = await token(request, USERS.manager);
  const annTok = await token(request, USERS.annotator2);
  const picked = [
    ...(await queryItems(request, ownerTok, dataset.id, { filename: '/train/scene-021.png' })),
    ...(await queryItems(request, ownerTok, dataset.id, { filename: '/train/scene-022.png' })),
  ];
  expect(picked).toHaveLength(2);
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: 'Review return focus (e2e)',
    datasetId: dataset.id,
    itemIds: picked.map((p) => p.id),
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  try {
    const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
    for (const p of picked)
      await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${p.id}/status`, {
        operation: 'create',
        status: 'completed',
      });
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${task.id}/review`);
    const start = page.locator('demo-review [data-action="start-review"]');
    await expect(start).toHaveText(/Start review \(2 items\)/);
    await expect(start).toBeFocused();

    // 1. Open the second item from its row, then go back: its row has the keyboard.
    const second = picked[1]!.id;
    await page.locator(`demo-review [data-group="review"] a[data-item="${second}"]`).click();
    await itemShown(page, second);
    await page.goBack();
    await expect(start).toHaveText(/Start review \(2 items\)/);
    await expect.poll(() => focused(page)).toBe(`a[data-item=${second}]`);
    await page.screenshot({ path: 'test-results/screens/review-return-focus-row.png' });

    // 2. Review both (Start review, then A twice): the list comes back with nothing to review and
    // "Start review" disabled; the row of the item reviewed last has the keyboard.
    await start.focus();
    await page.keyboard.press('Enter');
    const remaining = new Set(picked.map((p) => p.id));
    let last = '';
    while (remaining.size) {
      // The walk's order is the list's: take whichever of the two is shown.
      await expect
        .poll(async () => remaining.has(await page.locator('demo-item').evaluate((d: any) => d.item?.id ?? '')), {
          timeout: 20_000,
        })
        .toBe(true);
      last = await page.locator('demo-item').evaluate((d: any) => d.item.id);
      await itemShown(page, last);
      await expect(page.locator('demo-item [data-action="approve"]')).toBeVisible();
      await page.locator('dl-annotation-layer').focus();
      await page.keyboard.press('a');
      await expect(page).not.toHaveURL(new RegExp(`items/${last}`));
      remaining.delete(last);
    }
    await expect(page).toHaveURL(new RegExp(`tasks/${task.id}/review`));
    await expect(start).toHaveText('Nothing to review');
    await expect(start).toBeDisabled();
    await expect(page.locator(`demo-review [data-group="approved"] a[data-item="${last}"]`)).toBeVisible();
    await expect.poll(() => focused(page)).toBe(`a[data-item=${last}]`);
    await page.screenshot({ path: 'test-results/screens/review-return-focus.png' });
  } finally {
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  }
});
