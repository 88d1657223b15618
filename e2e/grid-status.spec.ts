import { expect, test, type Page } from '@playwright/test';
import { sentBackIn } from '../src/components/task-board/task-board-source.js';
import { api, queryItems, sample, shot, signIn, USERS } from './helpers.js';

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
  const { tok, dataset } = await sample(request);
  // What the server holds for /val (one task in the seed): each item's status in its task, and
  // which items carry annotations in status `issue` (the seed sent one back with an issue).
  const val = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/val/**' }] });
  const statusOf = (it: any) =>
    (it.metadata.system.refs ?? []).find((r: any) => r.type === 'task')?.metadata?.status ?? null;
  const issued = new Set(
    (
      await api<{ items: any[] }>(request, tok, 'POST', `/datasets/${dataset.id}/query`, {
        filter: { $and: [{ 'metadata.system.status': 'issue' }] },
        resource: 'annotations',
        pageSize: 1000,
      })
    ).items.map((a) => a.itemId),
  );
  const taskOf = (it: any) => (it.metadata.system.refs ?? []).find((r: any) => r.type === 'task')?.id;
  const completed = val.find((it) => statusOf(it) === 'completed');
  const sentBack = val.find((it) => !statusOf(it) && issued.has(it.id));
  // New work: no status, no open issue, and not sent back by a status cleared earlier (which reads
  // "Returned"), whatever other tests did to the items before.
  const todo = val.find((it) => !statusOf(it) && !issued.has(it.id) && !sentBackIn(it, taskOf(it)));
  expect(
    completed && sentBack && todo,
    'the server has a completed, a sent-back and a to-do item in /val (tests that change them put them back)',
  ).toBeTruthy();

  await signIn(page, USERS.manager);
  const queries = await watchQueries(page, dataset.id);
  await page.goto(`/#/datasets/${dataset.id}?dir=/val`);
  await expect(page.locator('[data-total]')).toHaveText(`${val.length} items`);
  // Each card's link names its status in the board's words ("Completed", "Open issue", "To do").
  const card = (it: any) => page.locator(`demo-item-grid a[data-item="${it.id}"]`);
  await expect(card(completed)).toHaveAccessibleName(new RegExp(`^${completed.name} Completed\\b`));
  await expect(card(sentBack)).toHaveAccessibleName(new RegExp(`^${sentBack.name} Open issue\\b`));
  await expect(card(todo)).toHaveAccessibleName(new RegExp(`^${todo.name} To do\\b`));
  await expect(card(sentBack).locator('.status')).toHaveAttribute('data-status', 'issue');
  await expect(page.locator('demo-item-grid a[data-item] .status')).toHaveCount(val.length);
  await shot(page, 'grid-status-val');
  // One page of items: one items query and one annotation (open issue) query for all of them.
  expect(queries.items.length).toBe(1);
  expect(queries.annotations.length).toBe(1);
  expect(queries.annotations[0].filter.$and[1].itemId.$in.length).toBe(val.length);

  // An item in no task has nothing to review: no status on its card (all items are one page, so
  // the /val card's status shows the page's statuses are in).
  const train = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/train/**' }] });
  const free = train
    .sort((a, b) => a.filename.localeCompare(b.filename))
    .find((it) => !(it.metadata.system.refs ?? []).some((r: any) => r.type === 'task'));
  await page.goto(`/#/datasets/${dataset.id}`);
  await page.locator('demo-item-grid').evaluate((g) => g.scrollTo({ top: g.scrollHeight }));
  await expect(card(completed)).toHaveAccessibleName(new RegExp(`^${completed.name} Completed\\b`));
  await page.locator('demo-item-grid').evaluate((g) => g.scrollTo({ top: 0 }));
  await expect(card(free)).toBeVisible();
  await expect(card(free).locator('.status')).toHaveCount(0);
  await expect(card(free)).toHaveAccessibleName(new RegExp(`^${free.name}( \\d+ annotations?)?$`));
});

test('a grid of many pages asks for open issues once per page of items, never per item', async ({ page, request }) => {
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

test('cards offer a selection only to a role with an action for it, and the Folder filter shows the URL folder for every role', async ({
  page,
  request,
}) => {
  const { tok, project, dataset } = await sample(request);
  // No seeded user is an engineer: the manager is one for this test, and is put back after.
  const asEngineer = (role: string) =>
    api(request, tok, 'PATCH', `/projects/${project.id}/members/${encodeURIComponent(USERS.manager)}`, { role });
  const roles = [
    { who: USERS.owner, role: 'owner', selects: true },
    { who: USERS.manager, role: 'annotationManager', selects: true },
    { who: USERS.manager, role: 'engineer', selects: true },
    { who: USERS.annotator, role: 'annotator', selects: false },
  ];
  try {
    for (const r of roles) {
      if (r.who === USERS.manager) await asEngineer(r.role);
      await signIn(page, r.who);
      await page.goto(`/#/datasets/${dataset.id}?dir=/val`);
      const cards = page.locator('demo-item-grid a[data-item]');
      await expect(cards.first()).toBeVisible();
      // The filter names the folder the grid shows (an annotator is served no folder items).
      await expect(page.getByLabel('Folder'), r.role).toHaveValue('/val');
      for (const name of await cards.evaluateAll((as) => as.map((a) => a.getAttribute('title'))))
        expect(name, r.role).toMatch(/^\/val\//);
      // A checkbox per card where "New task from selection" exists; none where nothing uses it.
      const n = await cards.count();
      await expect(page.locator('demo-item-grid input[data-select]'), r.role).toHaveCount(r.selects ? n : 0);
      await expect(page.locator('[data-action="task-from-selection"]'), r.role).toHaveCount(r.selects ? 1 : 0);
      if (r.selects) {
        await page.locator('demo-item-grid input[data-select]').first().check();
        await expect(page.locator('[data-action="task-from-selection"]')).toHaveText('New task from 1 selected item…');
      }
      await shot(page, `grid-select-${r.role}`);
    }
  } finally {
    await asEngineer('annotationManager');
  }
});
