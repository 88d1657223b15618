import { expect, test, type APIRequestContext } from '@playwright/test';
import { api, queryItems, sample, shot, signIn, token, USERS } from './helpers.js';

test('an annotator sees only their assignment, and a direct link to another item is refused', async ({
  page,
  request,
}) => {
  const { tok: ownerTok, dataset } = await sample(request);
  const annTok = await token(request, USERS.annotator);
  const assignments = (await api<{ items: any[] }>(request, annTok, 'GET', '/assignments')).items;
  expect(assignments.length).toBe(1);
  const mine = assignments[0];
  const mineItems = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments/${mine.id}/items`)).items;
  expect(mineItems.length).toBeGreaterThan(0);

  await signIn(page, USERS.annotator);
  await page.locator('a[data-project]').first().click();
  await page.locator(`a[data-assignment="${mine.id}"]`).click();
  await expect(page.locator('[data-assignment-progress]')).toBeVisible();
  const shown = await page
    .locator('demo-assignment a[data-item]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('data-item')));
  expect(new Set(shown)).toEqual(new Set(mineItems.map((i) => i.id)));
  await shot(page, '05-my-assignment');

  // The dataset grid, opened by URL, also holds only the assignment's items (the server filters).
  await page.goto(`/#/datasets/${dataset.id}`);
  await expect(page.locator('[data-total]')).toHaveText(`${mineItems.length} items`);
  const gridIds = await page
    .locator('demo-item-grid a[data-item]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('data-item')));
  for (const id of gridIds) expect(mineItems.map((i) => i.id)).toContain(id);

  // An item of the other annotator, by direct URL: refused with a clear message, nothing shown.
  const [other] = await queryItems(request, ownerTok, dataset.id, { $and: [{ filename: '/train/scene-001.png' }] });
  await page.goto(`/#/items/${other.id}`);
  await expect(page.locator('[data-item-error]')).toContainText('not in your assignment');
  await expect(page.locator('dl-item-viewer')).toHaveCount(0);
  await shot(page, '06-item-refused');
});

/** Each item's status in task `taskId` (`null`: none) and who made the last change, as the server holds them. */
async function taskStatuses(request: APIRequestContext, tok: string, datasetId: string, taskId: string) {
  const items = await queryItems(request, tok, datasetId, { $and: [{ 'metadata.system.refs.id': taskId }] });
  return new Map(
    items.map((it) => {
      const sys = it.metadata.system;
      const status = (sys.refs ?? []).find((r: any) => r.id === taskId)?.metadata?.status ?? null;
      const log = (sys.taskStatusLog ?? []).filter((e: any) => e.taskId === taskId);
      return [it.id as string, { status: (status || null) as string | null, by: log.at(-1)?.creator as string }];
    }),
  );
}

test('annotator completes items from "my assignment"; the manager sees progress and sets a status on the task board', async ({
  page,
  request,
}) => {
  // Works from whatever the server holds (other runs on this server may have completed items),
  // and puts back every status it sets: each is cleared by whoever set it, an undo that leaves
  // the item as it was for the task board's rules (not "sent back").
  const { tok: ownerTok, dataset } = await sample(request);
  const annTok = await token(request, USERS.annotator2);
  const mgrTok = await token(request, USERS.manager);
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', '/assignments')).items;
  const total = mine.totalItems as number;
  const taskId = mine.metadata.system.taskId as string;
  const serverDone0 = Object.values((mine.itemStatus ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
  expect(total - serverDone0, 'the assignment has an item left to do').toBeGreaterThan(0);
  const before = await taskStatuses(request, ownerTok, dataset.id, taskId);
  try {
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${mine.id}`);
    const progress = page.locator('[data-assignment-progress]');
    await expect(progress).toHaveText(new RegExp(`^\\d+ of ${total} items done$`));
    const done0 = Number((await progress.textContent())!.split(' ')[0]);
    await page.locator('[data-action="next-to-label"]').click();
    await expect(page.locator('dl-annotation-layer')).toBeAttached();
    const firstName = await page.locator('[data-filename]').textContent();
    await page.locator('[data-action="complete"]').click();
    // Completing moves on to the next item of the assignment.
    await expect(page.locator('[data-filename]')).not.toHaveText(firstName!);
    await page.goto(`/#/assignments/${mine.id}`);
    await expect(progress).toHaveText(`${done0 + 1} of ${total} items done`);

    const taskJson = () => api<any>(request, mgrTok, 'GET', `/annotationtasks/${taskId}`);
    const taskBefore = await taskJson();

    // The manager's board shows the new state. Signing out revokes the annotator's token on the server.
    const uiToken = await page.evaluate(
      () => (JSON.parse(localStorage.getItem('dl-kit-demo:session') ?? '{}') as { token?: string }).token,
    );
    expect(uiToken).toBeTruthy();
    expect((await request.get('/api/v1/users/me', { headers: { authorization: `Bearer ${uiToken}` } })).status()).toBe(
      200,
    );
    await page.locator('header button', { hasText: 'Sign out' }).click();
    await expect
      .poll(async () => {
        const res = await request.get('/api/v1/users/me', { headers: { authorization: `Bearer ${uiToken}` } });
        return `${res.status()} ${((await res.json()) as { code?: string }).code}`;
      })
      .toBe('401 token-revoked');
    await signIn(page, USERS.manager);
    await page.locator('a[data-project]').first().click();
    await page.locator('a[data-link="task-board"]').click();
    const task = page.locator('dl-task-board li[part="task"]').first();
    await expect(task).toBeVisible();
    await task.click();
    const bar = task.locator('[role="progressbar"]');
    const pct0 = Number(await bar.getAttribute('aria-valuenow'));
    await expect(
      page
        .locator('dl-task-board li[part="assignment"]', { hasText: USERS.annotator2 })
        .locator('[role="progressbar"]'),
    ).toHaveAttribute('aria-valuenow', String(Math.round((100 * (serverDone0 + 1)) / total)));
    await shot(page, '07-task-board');

    // Set another item completed from the board: the task's progress goes up.
    const open = page
      .locator('dl-task-board tbody tr')
      .filter({ has: page.locator('button[data-action="completed"][aria-pressed="false"]') })
      .first();
    const rowId = await open.getAttribute('data-id');
    const row = page.locator(`dl-task-board tbody tr[data-id="${rowId}"]`);
    await row.locator('button[data-action="completed"]').click();
    await expect(row.locator('button[data-action="completed"]')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(pct0);
    const taskAfter = await taskJson();
    expect(JSON.stringify(taskAfter)).not.toEqual(JSON.stringify(taskBefore));
    await shot(page, '08-task-board-after');
  } finally {
    // Put back what this test set: the same person clears it (the annotator through their
    // assignment, the manager through the task), so the item reads as it did before.
    const after = await taskStatuses(request, ownerTok, dataset.id, taskId);
    const byUser: Record<string, string> = { [USERS.annotator2]: annTok, [USERS.manager]: mgrTok };
    for (const [id, now] of after) {
      const was = before.get(id)?.status ?? null;
      if (now.status === was || was !== null) continue;
      const tok = byUser[now.by] ?? ownerTok;
      if (now.by === USERS.annotator2)
        await api(request, tok, 'POST', `/assignments/${mine.id}/items/${id}/status`, {
          operation: 'delete',
          status: now.status,
        });
      else
        await api(request, tok, 'POST', `/assignments/items/tasks/${taskId}/status`, {
          itemIds: [id],
          statusPayload: { operation: 'delete', returnLastStatus: true, status: now.status },
        });
    }
    const restored = await taskStatuses(request, ownerTok, dataset.id, taskId);
    for (const [id, { status }] of before) expect(restored.get(id)?.status ?? null, id).toBe(status);
  }
});

test('the dataset grid offers Upload and Export only to roles the server lets do them (owner, engineer)', async ({
  page,
  request,
}) => {
  const { dataset } = await sample(request);
  // What the server allows (server/auth/roles.ts EDITORS): the annotator and the annotation
  // manager may neither export nor upload. Both refusals come before anything is written.
  for (const who of [USERS.annotator, USERS.manager]) {
    const tok = await token(request, who);
    const res = await request.post(`/api/v1/datasets/${dataset.id}/export`, {
      headers: { authorization: `Bearer ${tok}` },
      data: { exportType: 'json' },
    });
    expect(res.status(), who).toBe(403);
    const up = await request.post(`/api/v1/datasets/${dataset.id}/items`, {
      headers: { authorization: `Bearer ${tok}` },
      multipart: { file: { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from([0]) } },
    });
    expect(up.status(), who).toBe(403);
  }

  const actions = async (who: string) => {
    await signIn(page, who);
    await page.goto(`/#/datasets/${dataset.id}`);
    await expect(page.locator('[data-total]')).toHaveText(/\d+ items/);
  };
  await actions(USERS.owner);
  await expect(page.getByRole('button', { name: 'Upload…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeVisible();
  await expect(page.getByText('Drop images here or')).toBeVisible();
  await shot(page, 'roles-grid-owner');

  for (const who of [USERS.annotator, USERS.manager]) {
    await actions(who);
    await expect(page.getByRole('button', { name: 'Upload…' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Export', exact: true })).toHaveCount(0);
    await expect(page.locator('select[aria-label="Export format"]')).toHaveCount(0);
    await expect(page.getByText('Drop images here or')).toHaveCount(0);
    await shot(page, `roles-grid-${who.split('@')[0]}`);
  }
  // The manager still creates tasks from the grid (a role-gated action they may do).
  await expect(page.locator('[data-action="task-from-query"]')).toBeVisible();
});
