import { expect, test } from '@playwright/test';
import {
  api,
  queryItems,
  sample,
  sendBackWithIssue,
  serverAnnotations,
  shot,
  signIn,
  taskStatusOf,
  token,
  USERS,
} from './helpers.js';
import { layerFocused, layerReady } from './layer.js';

test.setTimeout(120_000);

test('after a fix the reviewer sees what the annotator marked fixed, and approving closes it; the annotator keeps the keyboard on the image', async ({
  page,
  request,
}) => {
  const { dataset, tok: ownerTok } = await sample(request);
  const annTok = await token(request, USERS.annotator2);
  const mgrTok = await token(request, USERS.manager);
  const [item] = await queryItems(request, ownerTok, dataset.id, { filename: '/train/scene-026.png' });
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: 'Review fixes (e2e)',
    datasetId: dataset.id,
    itemIds: [item.id],
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  const taskId = task.id as string;
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${taskId}`)).items;
  try {
    // The annotator's box, completed; the reviewer sends it back with an issue pinned to the box.
    const [box] = await api<any[]>(request, annTok, 'POST', `/items/${item.id}/annotations`, [
      {
        type: 'box',
        label: 'car',
        coordinates: [
          { x: 100, y: 100 },
          { x: 200, y: 180 },
        ],
        // Car's required attributes set: completing asks about nothing this test is not about.
        metadata: { system: { attributes: { color: 'red', parked: false, visibility: 100 } } },
      },
    ]);
    await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${item.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    const message = 'Too loose: fit the box to the car.';
    const note = await sendBackWithIssue(request, mgrTok, {
      itemId: item.id,
      taskId,
      box,
      assignee: USERS.annotator2,
      message,
    });

    // The annotator: "Show" and "Mark fixed" leave the keyboard on the image (not on <body>).
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${mine.id}/items/${item.id}?i=0`);
    await layerReady(page);
    const issue = page.locator('demo-issues [data-issue]');
    await expect(issue).toContainText(message);
    await issue.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.selected[0]?.id)).toBe(box.id);
    await expect.poll(() => layerFocused(page)).toBe(true);
    await issue.getByRole('button', { name: 'Mark fixed' }).click();
    await expect(issue).toHaveCount(0);
    await expect.poll(() => layerFocused(page)).toBe(true);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => taskStatusOf(request, annTok, item.id, taskId)).toBe('completed');

    // The reviewer: the review list and the item say the issue was marked fixed, and what it was.
    await page.locator('header button', { hasText: 'Sign out' }).click();
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${taskId}/review`);
    const row = page.locator('demo-review [data-group="review"] tr', {
      has: page.locator(`a[data-item="${item.id}"]`),
    });
    await expect(row.locator('[data-fixed-count]')).toHaveText('1 fix to check');
    await shot(page, 'review-fixes-list');
    await row.locator(`a[data-item="${item.id}"]`).click();
    await layerReady(page);
    const fixed = page.locator('demo-issues [data-issue="fixed"]');
    await expect(fixed).toContainText(message);
    await expect(page.locator('demo-issues [data-fixed] h2')).toHaveText('1 issue marked fixed: check it');
    await shot(page, 'review-fixes-item');
    // Approving accepts the fix: the note and the box leave "review".
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('a');
    await expect.poll(() => taskStatusOf(request, mgrTok, item.id, taskId)).toBe('approved');
    const after = await serverAnnotations(request, mgrTok, dataset.id, item.id);
    expect(after.find((a) => a.id === note.id).metadata.system.status).toBe('approved');
    expect(after.find((a) => a.id === box.id).metadata.system.status).toBe('approved');
  } finally {
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${taskId}`, { asynced: false });
  }
});

test('an item nobody has finished reads "To do" on the task board, the review screen, the assignment and the item page', async ({
  page,
  request,
}) => {
  const { dataset, project, tok: ownerTok } = await sample(request);
  const annTok = await token(request, USERS.annotator2);
  const mgrTok = await token(request, USERS.manager);
  const [item] = await queryItems(request, ownerTok, dataset.id, { filename: '/train/scene-025.png' });
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: 'Status words (e2e)',
    datasetId: dataset.id,
    itemIds: [item.id],
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
  try {
    await signIn(page, USERS.manager);
    await page.goto(`/#/projects/${project.id}/tasks?task=${task.id}`);
    await expect(page.locator(`dl-task-board tbody tr[data-id="${item.id}"] [part="status"]`)).toHaveText('To do');
    await page.goto(`/#/tasks/${task.id}/review`);
    await expect(page.locator('demo-review [data-group="todo"] h2')).toHaveText('To do (1)');
    await page.locator('header button', { hasText: 'Sign out' }).click();
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${mine.id}`);
    await expect(page.locator(`demo-assignment tr:has(a[data-item="${item.id}"]) .chip`)).toHaveText('To do');
    await page.locator(`demo-assignment a[data-item="${item.id}"]`).click();
    await layerReady(page);
    await expect(page.locator('demo-item [data-item-status]')).toHaveText('To do');
  } finally {
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  }
});
