import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
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
import { layerReady } from './layer.js';

// The item page's own keys and words (walk 36): N / Ctrl+Enter act from a slider, checkbox or radio
// of the side panel; N at the list's end says so; the position is the item's real one, before and
// after a decision; "Mark fixed" keeps the selection and the picture where they were.

test.setTimeout(120_000);

/**
 * A task (made by the manager) of `files` for annotator2, a Car box (its required attributes set,
 * Visibility 50) on each; with `issue`, the first item was completed and sent back with an issue on
 * its box. Cleanup deletes the boxes, the note and the task.
 */
async function taskOf(request: APIRequestContext, files: string[], issue = false) {
  const { dataset, tok: ownerTok } = await sample(request);
  const annTok = await token(request, USERS.annotator2);
  const mgrTok = await token(request, USERS.manager);
  const found = await queryItems(request, ownerTok, dataset.id, { filename: { $in: files } });
  const items = files.map((f) => found.find((i) => i.filename === f)!);
  expect(items.every(Boolean), files.join()).toBe(true);
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: `Page walk ${files[0]} (e2e)`,
    datasetId: dataset.id,
    itemIds: items.map((i) => i.id),
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
  const made: string[] = [];
  const boxes: any[] = [];
  for (const it of items) {
    const [box] = await api<any[]>(request, annTok, 'POST', `/items/${it.id}/annotations`, [
      {
        type: 'box',
        label: 'car',
        coordinates: [
          { x: 100, y: 100 },
          { x: 200, y: 180 },
        ],
        metadata: { system: { attributes: { color: 'red', parked: false, visibility: 50 } } },
      },
    ]);
    made.push(box.id);
    boxes.push(box);
  }
  if (issue) {
    await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${items[0]!.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    const note = await sendBackWithIssue(request, mgrTok, {
      itemId: items[0]!.id,
      taskId: task.id,
      box: boxes[0],
      assignee: USERS.annotator2,
      message: 'Fit the box to the car.',
    });
    made.push(note.id);
  }
  const cleanup = async () => {
    for (const id of made) await api(request, ownerTok, 'DELETE', `/annotations/${id}`).catch(() => undefined);
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  };
  return { dataset, items, boxes, task, mine, annTok, mgrTok, cleanup };
}

const filename = (page: Page) => page.locator('demo-item [data-filename]');
const position = (page: Page) => page.locator('demo-item [data-position] .at');
const note = (page: Page) => page.locator('demo-item [data-page-note]');

/** Selects the box `id` on the layer and puts focus on its attribute field `key` in the side panel. */
async function focusField(page: Page, id: string, key: string): Promise<void> {
  await page.locator('dl-annotation-layer').evaluate((l: any, box) => l.select([box]), id);
  const field = page.locator(`dl-annotation-layer [data-key="${key}"] input`).first();
  await expect(field).toBeVisible();
  await field.focus();
}

test('N, Shift+N, Caps Lock N and Ctrl+Enter act from a slider or a radio; the list ends say so', async ({
  page,
  request,
}) => {
  const t = await taskOf(request, ['/val/scene-034.png', '/val/scene-035.png']);
  try {
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${t.mine.id}/items/${t.items[0]!.id}?i=0`);
    await layerReady(page);
    await expect(position(page)).toHaveText(' · 1 of 2 items');
    // First item: PageUp says there is nothing before it (in the bar's live region).
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('PageUp');
    await expect(note(page)).toHaveText('First item — nothing before it');
    await expect(note(page)).toHaveAttribute('role', 'status');
    // End on the Visibility slider is the slider's; N from there opens the next item.
    await focusField(page, t.boxes[0].id, 'visibility');
    await page.keyboard.press('End');
    await expect
      .poll(() => page.locator('dl-annotation-layer [data-key="visibility"] input').first().inputValue())
      .toBe('100');
    await expect(filename(page)).toHaveText('/val/scene-034.png');
    await page.keyboard.press('n');
    await expect(filename(page)).toHaveText('/val/scene-035.png');
    await layerReady(page);
    await expect(position(page)).toHaveText(' · 2 of 2 items');
    // The last item: N says so (no silent nothing).
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('n');
    await expect(note(page)).toHaveText('Last item — nothing after it');
    await shot(page, 'page-walk-last-item');
    // Shift+N from a radio (Colour) goes back; "N" without Shift (Caps Lock) goes forward.
    await focusField(page, t.boxes[1].id, 'color');
    await page.keyboard.press('Shift+N');
    await expect(filename(page)).toHaveText('/val/scene-034.png');
    await expect(note(page)).toHaveText('');
    await layerReady(page);
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('N');
    await expect(filename(page)).toHaveText('/val/scene-035.png');
    await layerReady(page);
    // Ctrl+Enter from the slider completes (its required attributes are set: no question).
    await focusField(page, t.boxes[1].id, 'visibility');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => taskStatusOf(request, t.annTok, t.items[1]!.id, t.task.id)).toBe('completed');
  } finally {
    await t.cleanup();
  }
});

test('the position stays true across Complete: the item completed keeps its place, the next reads "2 of 3"', async ({
  page,
  request,
}) => {
  const t = await taskOf(request, ['/val/scene-029.png', '/val/scene-034.png', '/val/scene-036.png']);
  try {
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${t.mine.id}`);
    await page.locator('demo-assignment [data-action="next-to-label"]').click();
    await layerReady(page);
    await expect(filename(page)).toHaveText('/val/scene-029.png');
    await expect(position(page)).toHaveText(' · 1 of 3 items');
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('Control+Enter');
    await expect(filename(page)).toHaveText('/val/scene-034.png');
    await layerReady(page);
    // Completed scene-029 kept its place (it did not move to the end): scene-034 is the second.
    await expect(position(page)).toHaveText(' · 2 of 3 items');
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('Shift+N');
    await expect(filename(page)).toHaveText('/val/scene-029.png');
    await expect(position(page)).toHaveText(' · 1 of 3 items');
  } finally {
    await t.cleanup();
  }
});

test('review: each item reads how many are left ("1 of 3 left", then "1 of 2 left"), not "1 of 3" on every item', async ({
  page,
  request,
}) => {
  const t = await taskOf(request, ['/val/scene-030.png', '/val/scene-031.png', '/val/scene-032.png']);
  try {
    for (const it of t.items)
      await api(request, t.annTok, 'POST', `/assignments/${t.mine.id}/items/${it.id}/status`, {
        operation: 'create',
        status: 'completed',
      });
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${t.task.id}/review`);
    await page.locator('demo-review [data-action="start-review"]').click();
    for (const left of [3, 2, 1]) {
      await layerReady(page);
      await expect(position(page)).toHaveText(` · 1 of ${left} left`);
      const id = /items\/([^?/]+)/.exec(page.url())![1]!;
      await page.locator('dl-annotation-layer').focus();
      await page.keyboard.press('a');
      await expect.poll(() => taskStatusOf(request, t.mgrTok, id, t.task.id)).toBe('approved');
      await expect(page).not.toHaveURL(new RegExp(`items/${id}`));
    }
  } finally {
    await t.cleanup();
  }
});

test('"Mark fixed" keeps the box selected and says so; the picture keeps its scale and place', async ({
  page,
  request,
}) => {
  const t = await taskOf(request, ['/val/scene-033.png'], true);
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${t.mine.id}/items/${t.items[0]!.id}?i=0`);
    await layerReady(page);
    const banner = page.locator('demo-issues [data-issues]');
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Show' }).click();
    const layer = page.locator('dl-annotation-layer');
    await expect.poll(() => layer.evaluate((l: any) => l.selected.map((a: any) => a.id))).toEqual([t.boxes[0].id]);
    const view = () => layer.evaluate((l: any) => JSON.stringify(l.view));
    let last = '';
    await expect.poll(async () => last === (last = await view()), { intervals: [300], timeout: 10_000 }).toBe(true);
    const before = last;
    await shot(page, 'page-walk-mark-fixed-before');
    await banner.locator('[data-action="mark-fixed"]').click();
    await expect(page.locator('demo-issues [data-marked]')).toContainText('Issue marked fixed');
    await expect
      .poll(
        async () =>
          (await serverAnnotations(request, t.annTok, t.dataset.id, t.items[0]!.id)).find(
            (a: any) => a.id === t.boxes[0].id,
          )?.metadata.system.status,
      )
      .toBe('review');
    await expect(note(page)).toContainText('Marked fixed: issue on Car box');
    // Still selected (the layer's announcement "Selected Car box" stays true).
    await expect.poll(() => layer.evaluate((l: any) => l.selected.map((a: any) => a.id))).toEqual([t.boxes[0].id]);
    // The view settles where it was: no re-fit when the banner's issue went.
    await expect.poll(async () => last === (last = await view()), { intervals: [300], timeout: 10_000 }).toBe(true);
    expect(last).toBe(before);
    await shot(page, 'page-walk-mark-fixed-after');
  } finally {
    await t.cleanup();
  }
});
