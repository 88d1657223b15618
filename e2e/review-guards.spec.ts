import { expect, test, type APIRequestContext, type Page, type Request } from '@playwright/test';
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

/** The element with focus, through shadow roots: `tag[data-action]`. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement as HTMLElement | null;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement as HTMLElement;
    return a ? `${a.tagName.toLowerCase()}${a.dataset.action ? `[${a.dataset.action}]` : ''}` : null;
  });

/**
 * Counts the page's reads of one item (`GET …/items/{id}`, not its annotations or bytes) until
 * `stop()`: a decision is marked from what its write answered, not from a read right after it.
 */
function countItemReads(page: Page, itemId: string) {
  let n = 0;
  const on = (r: Request) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname.endsWith(`/items/${itemId}`)) n++;
  };
  page.on('request', on);
  return () => {
    page.off('request', on);
    return n;
  };
}

/**
 * A task (made by the manager) of one item for annotator2, and the annotator's box on it. With
 * `issue`, the box was completed and sent back with an issue pinned to it (status `issue` on a
 * note and on the box; `fixed`: the annotator has marked it fixed, status `review`).
 */
async function taskWithItem(
  request: APIRequestContext,
  filename: string,
  issue: 'none' | 'open' | 'fixed',
  others: string[] = [],
) {
  const { dataset, project, tok: ownerTok } = await sample(request);
  const annTok = await token(request, USERS.annotator2);
  const mgrTok = await token(request, USERS.manager);
  const [item] = await queryItems(request, ownerTok, dataset.id, { filename });
  const more = others.length ? await queryItems(request, ownerTok, dataset.id, { filename: { $in: others } }) : [];
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: `Guards ${filename} (e2e)`,
    datasetId: dataset.id,
    itemIds: [item.id, ...more.map((i) => i.id)],
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
  const [box] = await api<any[]>(request, annTok, 'POST', `/items/${item.id}/annotations`, [
    {
      type: 'box',
      label: 'car',
      coordinates: [
        { x: 100, y: 100 },
        { x: 200, y: 180 },
      ],
      // Car's required attributes set: completing asks only about the issues these tests are about.
      metadata: { system: { attributes: { color: 'red', parked: false, visibility: 100 } } },
    },
  ]);
  let note: any = null;
  if (issue !== 'none') {
    await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${item.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    note = await sendBackWithIssue(request, mgrTok, {
      itemId: item.id,
      taskId: task.id,
      box,
      assignee: USERS.annotator2,
      message: 'Fit the box to the car.',
    });
    if (issue === 'fixed') {
      for (const id of [note.id, box.id])
        await api(request, annTok, 'PUT', `/annotations/${id}?system=true`, {
          metadata: { system: { status: 'review' } },
        });
      await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${item.id}/status`, {
        operation: 'create',
        status: 'completed',
      });
    }
  }
  // Repeat-safe: the annotations this run made go too (a later run must not count this run's issues).
  const made: string[] = [box.id, ...(note ? [note.id] : [])];
  const cleanup = async () => {
    for (const id of made) await api(request, ownerTok, 'DELETE', `/annotations/${id}`).catch(() => undefined);
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  };
  return { dataset, project, item, more, task, made, mine, box, note, annTok, mgrTok, cleanup };
}

test('completing an item with an open issue asks first: Escape keeps it, "Show issue" goes to it, "Complete anyway" completes', async ({
  page,
  request,
}) => {
  const t = await taskWithItem(request, '/val/scene-030.png', 'open');
  try {
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${t.mine.id}/items/${t.item.id}?i=0`);
    await layerReady(page);
    await expect(page.locator('demo-issues [data-issue="open"]')).toHaveCount(1);
    const dialog = page.getByRole('dialog', { name: 'Complete with an open issue?' });

    // The shortcut asks; Escape cancels, nothing is sent, the keyboard is back on the image.
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('Control+Enter');
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('[data-open-count]')).toContainText('1 issue is still open');
    await expect.poll(() => focused(page)).toBe('button[show-issue]');
    await shot(page, 'review-guard-dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => layerFocused(page)).toBe(true);
    expect(await taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe(null);

    // Enter on the focused "Show issue" selects the shape the issue is pinned to, image focused.
    await page.keyboard.press('Control+Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.selected[0]?.id)).toBe(t.box.id);
    await expect.poll(() => layerFocused(page)).toBe(true);
    expect(await taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe(null);

    // The Complete button asks too; "Complete anyway" completes with the issue left open.
    await page.locator('demo-item [data-action="complete"]').click();
    await expect(dialog).toBeVisible();
    await dialog.locator('[data-action="complete-anyway"]').click();
    await expect.poll(() => taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe('completed');
  } finally {
    await t.cleanup();
  }
});

test('an item whose issues are all marked fixed completes without asking', async ({ page, request }) => {
  const t = await taskWithItem(request, '/val/scene-031.png', 'open');
  try {
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${t.mine.id}/items/${t.item.id}?i=0`);
    await layerReady(page);
    await page.locator('demo-issues [data-action="mark-fixed"]').click();
    await expect(page.locator('demo-issues [data-issue]')).toHaveCount(0);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe('completed');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  } finally {
    await t.cleanup();
  }
});

test('approving with A can be undone (U): the item is back to review, its checked fixes back to "fixed"', async ({
  page,
  request,
}) => {
  const t = await taskWithItem(request, '/val/scene-032.png', 'fixed');
  try {
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${t.task.id}/items/${t.item.id}?i=0&review=1`);
    await layerReady(page);
    await expect(page.locator('demo-issues [data-issue="fixed"]')).toHaveCount(1);
    await page.locator('dl-annotation-layer').focus();
    const reads = countItemReads(page, t.item.id);
    await page.keyboard.press('a');
    await expect.poll(() => taskStatusOf(request, t.mgrTok, t.item.id, t.task.id)).toBe('approved');
    const toast = page.locator('demo-undo-toast [data-undo-toast]');
    await expect(toast.getByRole('status')).toHaveAttribute('aria-live', 'polite');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Approved scene-032');
    await expect(toast.getByRole('button', { name: 'Undo' })).toBeVisible();
    expect(reads(), 'the approval is marked from its write: no read of the item after it').toBe(0);
    await shot(page, 'review-undo-toast');
    // Approving moved on (the review list is empty: back to it); the U key undoes from there.
    await expect(page).not.toHaveURL(new RegExp(`items/${t.item.id}`));
    await page.keyboard.press('u');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Approval undone');
    await expect.poll(() => taskStatusOf(request, t.mgrTok, t.item.id, t.task.id)).toBe('completed');
    const anns = await serverAnnotations(request, t.mgrTok, t.dataset.id, t.item.id);
    expect(anns.find((a) => a.id === t.note.id).metadata.system.status).toBe('review');
    expect(anns.find((a) => a.id === t.box.id).metadata.system.status).toBe('review');
    // Back on the item, to decide again: it still shows the fix to check.
    await expect(page).toHaveURL(new RegExp(`items/${t.item.id}`));
    await layerReady(page);
    await expect(page.locator('demo-issues [data-issue="fixed"]')).toHaveCount(1);
  } finally {
    await t.cleanup();
  }
});

test('Discard can be undone from the keyboard (Tab to Undo, Enter): the item has no status again', async ({
  page,
  request,
}) => {
  const t = await taskWithItem(request, '/val/scene-033.png', 'none');
  try {
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${t.mine.id}/items/${t.item.id}?i=0`);
    await page.setViewportSize({ width: 1024, height: 700 });
    await layerReady(page);
    const reads = countItemReads(page, t.item.id);
    await page.locator('demo-item [data-action="discard"]').click();
    await expect.poll(() => taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe('discard');
    const toast = page.locator('demo-undo-toast [data-undo-toast]');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Discarded scene-033');
    // The status line holds the words only; the button after it is named "Undo", its key U.
    await expect(toast.getByRole('status')).toHaveText('Discarded scene-033');
    await expect(toast.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute('aria-keyshortcuts', 'U');
    await shot(page, 'review-discard-undo-toast-1024x700');
    expect(reads(), 'the discard is marked from its write: no read of the item after it').toBe(0);
    await toast.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('Enter');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Discard undone');
    await shot(page, 'review-discard-undone-toast-1024x700');
    await expect.poll(() => taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe(null);
    await expect(page).toHaveURL(new RegExp(`items/${t.item.id}`));
    await layerReady(page);
    await expect(page.locator('demo-item [data-item-status]')).toHaveText('To do');
    // The line belongs to the item's list: leaving for another page takes it away (it stayed).
    await expect(toast.locator('[data-undo-text]')).toHaveText('Discard undone');
    await page.evaluate(() => {
      location.hash = '#/projects';
    });
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    await expect(toast.locator('[data-undo-text]')).toHaveCount(0);
    // A discard taken back is no verdict: the review screen does not call the item sent back.
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${t.task.id}/review`);
    await expect(page.locator(`demo-review [data-group="todo"] a[data-item="${t.item.id}"]`)).toBeVisible();
  } finally {
    await t.cleanup();
  }
});

test('the task board sees open issues as the other screens do: a sent-back item reads "Open issue", a completed one counts them', async ({
  page,
  request,
}) => {
  const t = await taskWithItem(request, '/val/scene-034.png', 'open', ['/val/scene-035.png', '/val/scene-036.png']);
  try {
    // Another item was completed with an issue still open on its shape (completed anyway).
    const done = t.more[0]!;
    const [shape] = await api<any[]>(request, t.annTok, 'POST', `/items/${done.id}/annotations`, [
      {
        type: 'box',
        label: 'car',
        coordinates: [
          { x: 10, y: 10 },
          { x: 60, y: 50 },
        ],
        metadata: { system: {} },
      },
    ]);
    t.made.push(shape.id);
    await api(request, t.mgrTok, 'PUT', `/annotations/${shape.id}?system=true`, {
      metadata: { system: { status: 'issue' } },
    });
    await api(request, t.annTok, 'POST', `/assignments/${t.mine.id}/items/${done.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    await signIn(page, USERS.manager);
    await page.goto(`/#/projects/${t.project.id}/tasks?task=${t.task.id}`);
    const row = (id: string) => page.locator(`dl-task-board tbody tr[data-id="${id}"]`);
    await expect(row(t.item.id).locator('[part="status"]')).toHaveText('Open issue');
    await expect(row(t.item.id).locator('[part="status"]')).toHaveAttribute('data-status', 'issue');
    await expect(row(t.more[1]!.id).locator('[part="status"]')).toHaveText('To do');
    await expect(row(t.more[1]!.id).locator('[part="issues"]')).toHaveCount(0);
    await expect(row(done.id).locator('[part="status"]')).toHaveText('Completed');
    await expect(row(done.id).locator('[part="issues"]')).toHaveText('1 open issue');
    await shot(page, 'review-board-open-issue');
    // The assignment counts its items with an open issue; "To do" is the new item alone, the sent-back
    // and open-issue items have their own filter.
    const board = page.locator('dl-task-board');
    await expect(board.locator(`[part="assignment"][data-id="${t.mine.id}"] [data-status="issue"]`)).toHaveText(
      '2 with open issues',
    );
    // ... and the item a reviewer sent back, on the assignment's card and the task's (the one completed
    // with an open issue was not sent back).
    await expect(board.locator(`[part="assignment"][data-id="${t.mine.id}"] [data-status="sent-back"]`)).toHaveText(
      '1 sent back',
    );
    await expect(board.locator(`[part="task"][data-id="${t.task.id}"] [data-status="sent-back"]`)).toHaveText(
      '1 sent back',
    );
    await shot(page, 'review-board-sent-back-count');
    await board.locator('.status-filter').selectOption('__none__');
    await expect(board.locator('tbody tr')).toHaveCount(1);
    await expect(row(t.more[1]!.id)).toBeVisible();
    await board.locator('.status-filter').selectOption('__sent_back__');
    await expect(board.locator('tbody tr')).toHaveCount(2);
    await expect(row(t.item.id)).toBeVisible();
    await expect(row(done.id)).toBeVisible();
    await shot(page, 'review-board-sent-back-filter');

    // The review screen says the same.
    await page.goto(`/#/tasks/${t.task.id}/review`);
    await expect(page.locator(`demo-review [data-group="issue"] a[data-item="${t.item.id}"]`)).toBeVisible();
  } finally {
    await t.cleanup();
  }
});

test('Reject can be undone (U): the note goes, the box is "fixed" again, the item back to review and not sent back', async ({
  page,
  request,
}) => {
  const t = await taskWithItem(request, '/val/scene-032.png', 'fixed');
  try {
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${t.task.id}/items/${t.item.id}?i=0&review=1`);
    await layerReady(page);
    await expect(page.locator('demo-issues [data-issue="fixed"]')).toHaveCount(1);
    const ids = (await serverAnnotations(request, t.mgrTok, t.dataset.id, t.item.id)).map((a) => a.id).sort();
    // Reject with the box selected: a second issue pinned to it, the box back to "issue".
    await page.locator('dl-annotation-layer').evaluate((l: any, id: string) => l.select([id]), t.box.id);
    await page.locator('demo-item [data-action="reject"]').click();
    const dialog = page.getByRole('dialog', { name: 'Reject and send back' });
    await dialog.locator('textarea').fill('Still loose on the left.');
    const reads = countItemReads(page, t.item.id);
    await dialog.locator('[data-action="confirm-reject"]').click();
    await expect.poll(() => taskStatusOf(request, t.mgrTok, t.item.id, t.task.id)).toBe(null);
    const sent = await serverAnnotations(request, t.mgrTok, t.dataset.id, t.item.id);
    const added = sent.filter((a) => a.type === 'note' && a.id !== t.note.id);
    expect(added).toHaveLength(1);
    t.made.push(added[0].id); // removed by the cleanup should the undo fail
    expect(sent.find((a) => a.id === t.box.id).metadata.system.status).toBe('issue');
    const toast = page.locator('demo-undo-toast [data-undo-toast]');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Sent back scene-032');
    await expect(toast.getByRole('button', { name: 'Undo' })).toBeVisible();
    expect(reads(), 'the rejection is marked from its write: no read of the item after it').toBe(0);
    await shot(page, 'review-reject-undo-toast');
    await expect(page).not.toHaveURL(new RegExp(`items/${t.item.id}`));
    await page.keyboard.press('u');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Rejection undone');
    await expect.poll(() => taskStatusOf(request, t.mgrTok, t.item.id, t.task.id)).toBe('completed');
    const anns = await serverAnnotations(request, t.mgrTok, t.dataset.id, t.item.id);
    expect(anns.map((a) => a.id).sort()).toEqual(ids);
    expect(anns.find((a) => a.id === t.box.id).metadata.system.status).toBe('review');
    expect(anns.find((a) => a.id === t.note.id).metadata.system.status).toBe('review');
    // Back on the item, to decide again; the review screen has it to review, nowhere else.
    await expect(page).toHaveURL(new RegExp(`items/${t.item.id}`));
    await layerReady(page);
    await expect(page.locator('demo-issues [data-issue="fixed"]')).toHaveCount(1);
    await page.goto(`/#/tasks/${t.task.id}/review`);
    await expect(page.locator(`demo-review [data-group="review"] a[data-item="${t.item.id}"]`)).toBeVisible();
    await expect(page.locator(`demo-review a[data-item="${t.item.id}"]`)).toHaveCount(1);
  } finally {
    await t.cleanup();
  }
});

test('undoing the discard of a sent-back item keeps it sent back, for its annotator and on the review screen', async ({
  page,
  request,
}) => {
  // Sent back with an issue that the annotator has marked fixed, not completed again yet.
  const t = await taskWithItem(request, '/val/scene-030.png', 'open');
  try {
    for (const id of [t.note.id, t.box.id])
      await api(request, t.annTok, 'PUT', `/annotations/${id}?system=true`, {
        metadata: { system: { status: 'review' } },
      });
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${t.mine.id}/items/${t.item.id}?i=0`);
    await layerReady(page);
    await expect(page.locator('demo-item [data-item-status]')).toHaveText('Sent back');
    await page.locator('demo-item [data-action="discard"]').click();
    await expect.poll(() => taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe('discard');
    const toast = page.locator('demo-undo-toast [data-undo-toast]');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(toast.locator('[data-undo-text]')).toHaveText('Discard undone');
    await expect.poll(() => taskStatusOf(request, t.annTok, t.item.id, t.task.id)).toBe(null);
    await expect(page).toHaveURL(new RegExp(`items/${t.item.id}`));
    await layerReady(page);
    await expect(page.locator('demo-item [data-item-status]')).toHaveText('Sent back');
    await page.goto(`/#/assignments/${t.mine.id}`);
    await expect(page.locator(`demo-assignment tr:has(a[data-item="${t.item.id}"]) .chip`)).toHaveText('Sent back');

    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${t.task.id}/review`);
    await expect(page.locator(`demo-review [data-group="rejected"] a[data-item="${t.item.id}"]`)).toBeVisible();
  } finally {
    await t.cleanup();
  }
});

test('undo never overwrites a change made meanwhile: Reject, then the annotator marks the box fixed or completes the item; U says so and puts nothing back', async ({
  page,
  request,
}) => {
  await signIn(page, USERS.manager);
  for (const meanwhile of ['box', 'item'] as const) {
    const t = await taskWithItem(request, '/val/scene-031.png', 'fixed');
    try {
      await page.goto(`/#/tasks/${t.task.id}/items/${t.item.id}?i=0&review=1`);
      await layerReady(page);
      await expect(page.locator('demo-issues [data-issue="fixed"]')).toHaveCount(1);
      await page.locator('dl-annotation-layer').evaluate((l: any, id: string) => l.select([id]), t.box.id);
      await page.locator('demo-item [data-action="reject"]').click();
      const dialog = page.getByRole('dialog', { name: 'Reject and send back' });
      await dialog.locator('textarea').fill('Still loose on the left.');
      await dialog.locator('[data-action="confirm-reject"]').click();
      const toast = page.locator('demo-undo-toast [data-undo-toast]');
      await expect(toast.locator('[data-undo-text]')).toHaveText('Sent back scene-031');
      const sent = await serverAnnotations(request, t.mgrTok, t.dataset.id, t.item.id);
      const added = sent.filter((a) => a.type === 'note' && a.id !== t.note.id);
      expect(added).toHaveLength(1);
      t.made.push(added[0].id);
      // Within the undo's seconds, the annotator answers elsewhere.
      if (meanwhile === 'box')
        await api(request, t.annTok, 'PUT', `/annotations/${t.box.id}?system=true`, {
          metadata: { system: { status: 'review' } },
        });
      else
        await api(request, t.annTok, 'POST', `/assignments/${t.mine.id}/items/${t.item.id}/status`, {
          operation: 'create',
          status: 'completed',
        });
      await page.keyboard.press('u');
      await expect(toast.locator('[data-undo-text]')).toHaveText(
        meanwhile === 'box'
          ? `Not undone: the shape was changed meanwhile by ${USERS.annotator2}. Nothing was put back.`
          : `Not undone: the item's status was changed meanwhile by ${USERS.annotator2}. Nothing was put back.`,
      );
      if (meanwhile === 'box') await shot(page, 'review-undo-refused');
      // Nothing was put back: the annotator's answer stands, and so does the reviewer's note.
      const anns = await serverAnnotations(request, t.mgrTok, t.dataset.id, t.item.id);
      expect(anns.find((a) => a.id === added[0].id)?.metadata.system.status).toBe('issue');
      expect(anns.find((a) => a.id === t.box.id).metadata.system.status).toBe(meanwhile === 'box' ? 'review' : 'issue');
      expect(await taskStatusOf(request, t.mgrTok, t.item.id, t.task.id)).toBe(
        meanwhile === 'box' ? null : 'completed',
      );
      // The page stays where the decision moved on to.
      await expect(page).not.toHaveURL(new RegExp(`items/${t.item.id}`));
    } finally {
      await t.cleanup();
    }
  }
});

test('undoing an approval is refused when the item was decided again meanwhile', async ({ page, request }) => {
  const t = await taskWithItem(request, '/val/scene-031.png', 'fixed');
  try {
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${t.task.id}/items/${t.item.id}?i=0&review=1`);
    await layerReady(page);
    await expect(page.locator('demo-issues [data-issue="fixed"]')).toHaveCount(1);
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('a');
    const toast = page.locator('demo-undo-toast [data-undo-toast]');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Approved scene-031');
    // Another reviewer (the owner) discards it in the task meanwhile.
    const ownerTok = await token(request, USERS.owner);
    await api(request, ownerTok, 'POST', `/assignments/items/tasks/${t.task.id}/status`, {
      itemIds: [t.item.id],
      statusPayload: { operation: 'create', status: 'discard' },
    });
    await page.keyboard.press('u');
    await expect(toast.locator('[data-undo-text]')).toContainText(
      "Not undone: the item's status was changed meanwhile",
    );
    expect(await taskStatusOf(request, t.mgrTok, t.item.id, t.task.id)).toBe('discard');
    const anns = await serverAnnotations(request, t.mgrTok, t.dataset.id, t.item.id);
    expect(anns.find((a) => a.id === t.box.id).metadata.system.status).toBe('approved');
  } finally {
    await t.cleanup();
  }
});

test('the last decisions can be undone one after the other: approve two items, U twice puts both back to review', async ({
  page,
  request,
}) => {
  const t = await taskWithItem(request, '/val/scene-033.png', 'none', ['/val/scene-030.png']);
  try {
    for (const it of [t.item, ...t.more])
      await api(request, t.annTok, 'POST', `/assignments/${t.mine.id}/items/${it.id}/status`, {
        operation: 'create',
        status: 'completed',
      });
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${t.task.id}/review`);
    await page.locator('demo-review a[data-item]').first().click();
    const toast = page.locator('demo-undo-toast [data-undo-toast]');
    const approved: string[] = [];
    for (let n = 0; n < 2; n++) {
      await layerReady(page);
      const id = /items\/([^?/]+)/.exec(page.url())![1]!;
      approved.push(id);
      await page.locator('dl-annotation-layer').focus();
      await page.keyboard.press('a');
      await expect.poll(() => taskStatusOf(request, t.mgrTok, id, t.task.id)).toBe('approved');
      await expect(page).not.toHaveURL(new RegExp(`items/${id}`));
    }
    // The toast went along to the page after each approval: it names the item it means.
    const name = (id: string) => (id === t.item.id ? 'scene-033' : 'scene-030');
    await expect(toast.locator('[data-undo-text]')).toHaveText(`Approved ${name(approved[1]!)}`);
    await expect(toast.locator('[data-undo-more]')).toHaveText('(1 more)');
    await shot(page, 'review-undo-history');
    await page.keyboard.press('u');
    await expect.poll(() => taskStatusOf(request, t.mgrTok, approved[1]!, t.task.id)).toBe('completed');
    await expect(toast.locator('[data-undo-note]')).toHaveText('Approval undone ·');
    // The item page reopened the second item; the older approval offered is the first's, by name.
    await expect(toast.locator('[data-undo-text]')).toHaveText(`Approved ${name(approved[0]!)}`);
    await expect(toast.locator('[data-undo-more]')).toHaveCount(0);
    await layerReady(page);
    await page.keyboard.press('u');
    await expect.poll(() => taskStatusOf(request, t.mgrTok, approved[0]!, t.task.id)).toBe('completed');
    await expect(toast.locator('[data-undo-text]')).toHaveText('Approval undone');
    expect(await taskStatusOf(request, t.mgrTok, approved[1]!, t.task.id)).toBe('completed');
  } finally {
    await t.cleanup();
  }
});
