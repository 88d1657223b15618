import { expect, test } from '@playwright/test';
import { api, queryItems, sample, signIn, token, USERS } from './helpers.js';

// A reviewer works from the keyboard: the review screen hands the keyboard to "Start review" as
// soon as its list is in, so Enter opens the first item to review (then A / I decide). The test
// makes its own task (one item, completed through the REST API) and deletes it after.
test('review screen: Enter starts the review (the Start review button has the keyboard)', async ({ page, request }) => {
  const { dataset, tok: ownerTok } = await sample(request);
  const mgrTok = await token(request, USERS.manager);
  const annTok = await token(request, USERS.annotator2);
  const [picked] = await queryItems(request, ownerTok, dataset.id, { filename: '/train/scene-017.png' });
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: 'Review start key (e2e)',
    datasetId: dataset.id,
    itemIds: [picked.id],
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  try {
    const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
    await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${picked.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${task.id}/review`);
    const start = page.locator('demo-review [data-action="start-review"]');
    await expect(start).toHaveText(/Start review \(1 item\)/);
    await expect(start).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`items/${picked.id}\\?.*review=1`));
    await expect(page.locator('demo-item [data-action="approve"]')).toBeVisible();
  } finally {
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  }
});
