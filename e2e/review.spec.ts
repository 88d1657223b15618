import { expect, test, type Page } from '@playwright/test';
import { api, queryItems, sample, serverAnnotations, shot, signIn, taskStatusOf, token, USERS } from './helpers.js';
import { allSaved, clickImage, completeItem, dragImage, layerAnnotations, layerReady } from './layer.js';

test.setTimeout(150_000);

/** Waits until the item page shows item `id` (not the one before it) with its layer ready. */
async function itemShown(page: Page, id: string): Promise<void> {
  await expect
    .poll(() => page.locator('demo-item').evaluate((d: any) => d.item?.id ?? null), { timeout: 20_000 })
    .toBe(id);
  await layerReady(page);
}

test('review loop: the annotator completes, the manager approves one and rejects one with an issue pinned to a shape, the annotator sees it first and answers', async ({
  page,
  request,
}) => {
  const { dataset, tok: ownerTok } = await sample(request);
  const annTok = await token(request, USERS.annotator2);
  const mgrTok = await token(request, USERS.manager);
  // A task of its own (the manager makes it), so the seeded task stays as other tests expect it.
  const picked = await queryItems(request, ownerTok, dataset.id, {
    filename: { $in: ['/train/scene-022.png', '/train/scene-023.png', '/train/scene-024.png'] },
  });
  expect(picked.length).toBe(3);
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: 'Review loop (e2e)',
    datasetId: dataset.id,
    itemIds: picked.map((i) => i.id),
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  const taskId = task.id as string;
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${taskId}`)).items;
  try {
    // 1. The annotator labels two items and completes them from the page (Ctrl+Enter = complete and next).
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${mine.id}`);
    await page.locator('[data-action="next-to-label"]').click();
    const done: string[] = [];
    for (let k = 0; k < 2; k++) {
      await expect(page).toHaveURL(/items\/[^/?]+/);
      const id = page.url().match(/items\/([^/?]+)/)![1]!;
      expect(done).not.toContain(id);
      await itemShown(page, id);
      await page.locator('dl-annotation-layer').focus();
      await page.keyboard.press('r');
      await dragImage(page, [100 + k * 20, 300], [220 + k * 20, 380]);
      await allSaved(page);
      // The bare box leaves Car's required attributes unset: "Complete anyway" (the review catches it).
      expect(await completeItem(page)).toBe(true);
      await expect.poll(() => taskStatusOf(request, annTok, id, taskId)).toBe('completed');
      done.push(id);
      // Completing moved on to the next item to label.
      await expect(page).not.toHaveURL(new RegExp(`items/${id}`));
    }

    // 2. The manager reviews: the QA view lists them "to review".
    await page.locator('header button', { hasText: 'Sign out' }).click();
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${taskId}/review`);
    const toReview = page.locator('demo-review [data-group="review"]');
    for (const id of done) await expect(toReview.locator(`a[data-item="${id}"]`)).toBeVisible();
    await shot(page, 'review-screen');
    await toReview.locator(`a[data-item="${done[0]}"]`).click();
    await itemShown(page, done[0]!);
    await expect(page.locator('demo-item [data-action="approve"]')).toBeVisible();
    // One key approves (and moves on).
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('a');
    await expect.poll(() => taskStatusOf(request, mgrTok, done[0]!, taskId)).toBe('approved');
    // Approving then moves on by itself (after the server has the status): wait for that navigation,
    // or it can land after the goto below and replace the item with the review list.
    await expect(page).not.toHaveURL(new RegExp(`items/${done[0]}`));

    // Reject the other: select its box, one key opens the issue, the message goes with it.
    await page.goto(`/#/tasks/${taskId}/items/${done[1]}?i=0&review=1`);
    await itemShown(page, done[1]!);
    // The newest of the annotator's boxes: a repeated run (--repeat-each) finds the earlier runs' boxes
    // on the same item, under the new one.
    const box = (await layerAnnotations(page))
      .filter((a) => a.type === 'box' && a.creator === USERS.annotator2)
      .sort((x, y) => String(y.createdAt).localeCompare(String(x.createdAt)))[0];
    expect(box, 'the annotator’s box').toBeTruthy();
    const [p1, p2] = box.coordinates;
    await clickImage(page, (p1.x + p2.x) / 2, (p1.y + p2.y) / 2);
    await expect.poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.selected[0]?.id)).toBe(box.id);
    await page.keyboard.press('i');
    const dialog = page.getByRole('dialog', { name: 'Reject and send back' });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('[data-pinned]')).toContainText('Car box');
    await page.keyboard.type('Too loose: fit the box to the car.');
    await shot(page, 'review-reject-dialog');
    await dialog.locator('[data-action="confirm-reject"]').click();
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => taskStatusOf(request, mgrTok, done[1]!, taskId)).toBe(null);
    const anns = await serverAnnotations(request, mgrTok, dataset.id, done[1]!);
    const note = anns.find((a) => a.type === 'note' && a.metadata.system.parentId === box.id);
    expect(note.metadata.system.status).toBe('issue');
    expect(note.metadata.system.parentId).toBe(box.id);
    expect(note.coordinates.note.messages[0].body).toBe('Too loose: fit the box to the car.');
    expect(note.coordinates.note.assignee).toBe(USERS.annotator2);
    expect(anns.find((a) => a.id === box.id).metadata.system.status).toBe('issue');

    // 3. The annotator: the sent-back item comes first, with the issue on the page.
    await page.locator('header button', { hasText: 'Sign out' }).click();
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${mine.id}`);
    const first = page.locator('demo-assignment tbody tr').first();
    await expect(first.locator(`a[data-item="${done[1]}"]`)).toBeVisible();
    await expect(first).toContainText('Open issue');
    await expect(page.locator('[data-sent-back]')).toHaveText('1 item sent back to you');
    await page.locator('[data-action="next-to-label"]').click();
    await itemShown(page, done[1]!);
    const issue = page.locator('demo-issues [data-issue]');
    await expect(issue).toContainText('Too loose: fit the box to the car.');
    await expect(issue).toContainText(`from ${USERS.manager}`);
    await shot(page, 'review-annotator-issue');
    // "Show" selects the shape the issue is pinned to; "Mark fixed" answers with status review.
    await issue.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.selected[0]?.id)).toBe(box.id);
    await issue.getByRole('button', { name: 'Mark fixed' }).click();
    await expect(page.locator('demo-issues [data-issue]')).toHaveCount(0);
    const after = await serverAnnotations(request, annTok, dataset.id, done[1]!);
    expect(after.find((a) => a.id === note.id).metadata.system.status).toBe('review');
    expect(after.find((a) => a.id === box.id).metadata.system.status).toBe('review');
  } finally {
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${taskId}`, { asynced: false });
  }
});

test('only managers approve or reject: the server refuses an annotator', async ({ request }) => {
  const annTok = await token(request, USERS.annotator2);
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', '/assignments')).items;
  const items = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments/${mine.id}/items`)).items;
  const taskId = mine.metadata.system.taskId;
  const res = await request.post(`/api/v1/assignments/items/tasks/${taskId}/status`, {
    headers: { authorization: `Bearer ${annTok}` },
    data: { itemIds: [items[0].id], statusPayload: { operation: 'create', status: 'approved' } },
  });
  expect(res.status()).toBe(403);
  const anns = await api<{ items: any[] }>(request, annTok, 'POST', `/datasets/${items[0].datasetId}/query`, {
    filter: { $and: [{ itemId: items[0].id }] },
    resource: 'annotations',
  });
  if (anns.items[0]) {
    const put = await request.put(`/api/v1/annotations/${anns.items[0].id}?system=true`, {
      headers: { authorization: `Bearer ${annTok}` },
      data: { metadata: { system: { status: 'issue' } } },
    });
    expect(put.status()).toBe(403);
  }
});
