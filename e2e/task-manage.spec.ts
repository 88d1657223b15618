import { expect, test } from '@playwright/test';
import { api, queryItems, sample, shot, signIn, token, USERS } from './helpers.js';

test.setTimeout(120_000);

test('a manager creates a task from a dataset query with a 70/30 workload, one from a selection, and reassigns an assignment', async ({
  page,
  request,
}) => {
  const { tok, dataset, project } = await sample(request);
  const mgrTok = await token(request, USERS.manager);
  const train = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/**' }, { type: 'file' }] });
  await signIn(page, USERS.manager);

  // From a query: the grid filtered to /train, then "New task from these N items".
  await page.goto(`/#/datasets/${dataset.id}?dir=/train`);
  await expect(page.locator('[data-total]')).toHaveText(`${train.length} items`);
  await page.locator('[data-action="task-from-query"]').click();
  const form = page.locator('dl-task-board form.create');
  await expect(form).toBeVisible();
  await expect(form.locator('[data-draft]')).toContainText(`${train.length} items of Street scenes (in /train)`);
  await form.locator('input[name="name"]').fill('Train boxes');
  const loads = form.locator('input.load');
  await expect(loads).toHaveCount(2);
  await loads.nth(0).fill('70');
  await loads.nth(1).fill('30');
  await expect(form.locator('[data-total]')).toHaveText('Total 100%');
  await shot(page, 'task-new-from-query');
  await form.locator('button[type="submit"]').click();
  await expect(form).toHaveCount(0);
  const board = page.locator('dl-task-board');
  await expect(board.locator('li[part="task"][aria-selected="true"]')).toContainText('Train boxes');
  const tasks = (
    await api<{ items: any[] }>(request, mgrTok, 'POST', '/annotationtasks/query', {
      context: { projectIds: [project.id] },
    })
  ).items;
  const created = tasks.find((t) => t.name === 'Train boxes');
  expect(created.totalItems).toBe(train.length);
  const asg = (await api<{ items: any[] }>(request, mgrTok, 'GET', `/assignments?taskId=${created.id}`)).items;
  const share = Object.fromEntries(asg.map((a) => [a.annotator, a.totalItems]));
  // The server splits by load: floor(n * load / 100), the remainder to the largest fractions.
  expect(share[USERS.annotator] + share[USERS.annotator2]).toBe(train.length);
  expect(Math.abs(share[USERS.annotator2] - Math.round(train.length * 0.7))).toBeLessThanOrEqual(1);

  // From a selection: two ticked items.
  await page.goto(`/#/datasets/${dataset.id}?dir=/train`);
  const picks = page.locator('demo-item-grid input[data-select]');
  await picks.nth(0).check();
  await picks.nth(3).check();
  const ids = [await picks.nth(0).getAttribute('data-select'), await picks.nth(3).getAttribute('data-select')];
  await page.locator('[data-action="task-from-selection"]').click();
  await expect(form.locator('[data-draft]')).toContainText('2 selected items');
  await form.locator('input[name="name"]').fill('Two picked');
  await form.locator('button[type="submit"]').click();
  await expect(board.locator('li[part="task"][aria-selected="true"]')).toContainText('Two picked');
  const two = (
    await api<{ items: any[] }>(request, mgrTok, 'POST', '/annotationtasks/query', {
      context: { projectIds: [project.id] },
    })
  ).items.find((t) => t.name === 'Two picked');
  const inTask = await queryItems(request, tok, dataset.id, { 'metadata.system.refs.id': { $in: [two.id] } });
  expect(inTask.map((i) => i.id).sort()).toEqual([...ids].sort());

  // Reassign: annotator2's part of "Train boxes" goes to the first annotator.
  await board.locator('li[part="task"]', { hasText: 'Train boxes' }).click();
  // As a user does: wait until the picked task's assignments are on screen (not busy, both annotators).
  const asgList = board.locator('[part="assignments"] [role="listbox"]');
  await expect(asgList).toHaveAttribute('aria-busy', 'false');
  await expect(board.locator('li[part="assignment"]')).toHaveCount(2);
  await board.locator('li[part="assignment"]', { hasText: USERS.annotator2 }).click();
  await expect(board.locator('li[part="assignment"][aria-selected="true"]')).toContainText(USERS.annotator2);
  await board.locator('select[name="reassign-to"]').selectOption(USERS.annotator);
  await shot(page, 'task-reassign');
  await board.locator('button.reassign-go').click();
  await expect(board.locator('li[part="assignment"]', { hasText: USERS.annotator2 })).toHaveCount(0);
  const after = (await api<{ items: any[] }>(request, mgrTok, 'GET', `/assignments?taskId=${created.id}`)).items;
  expect(after.map((a) => a.annotator)).toEqual([USERS.annotator]);
  expect(after[0].totalItems).toBe(train.length);
  // Leave the project's tasks as the seed made them (other tests read "the" assignment of a user).
  for (const t of [created, two]) await api(request, tok, 'DELETE', `/annotationtasks/${t.id}`, { asynced: false });
});

test('only managers create tasks and reassign: the server refuses an annotator', async ({ request }) => {
  const { dataset } = await sample(request);
  const annTok = await token(request, USERS.annotator);
  const res = await request.post('/api/v1/annotationtasks', {
    headers: { authorization: `Bearer ${annTok}` },
    data: { name: 'nope', datasetId: dataset.id, itemIds: [], asynced: false },
  });
  expect(res.status()).toBe(403);
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', '/assignments')).items;
  const re = await request.post(`/api/v1/assignments/${mine.id}/reassign`, {
    headers: { authorization: `Bearer ${annTok}` },
    data: { taskId: mine.metadata.system.taskId, annotator: USERS.annotator2, asynced: false },
  });
  expect(re.status()).toBe(403);
});
