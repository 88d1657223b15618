import { expect, test } from '@playwright/test';
import { sample, shot, signIn, USERS } from './helpers.js';
import { layerReady } from './layer.js';

test('the grid keeps its scroll position when coming back from an item', async ({ page, request }) => {
  const { large } = await sample(request);
  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${large.id}`);
  const grid = page.locator('demo-item-grid');
  await expect(grid.locator('a[data-item]').first()).toBeVisible({ timeout: 20_000 });
  // Scroll down with the mouse wheel, as a user would, well past the first pages.
  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 12; i++) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(300);
  const top = await grid.evaluate((g) => g.scrollTop);
  expect(top).toBeGreaterThan(10_000);
  // Open the cell in the middle of the view.
  const index = await grid.evaluate((g) => {
    const r = g.getBoundingClientRect();
    const hit = g.shadowRoot!.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('a[data-index]');
    return Number(hit?.getAttribute('data-index'));
  });
  expect(index).toBeGreaterThan(100);
  const cell = page.locator(`demo-item-grid a[data-index="${index}"]`);
  const name = (await cell.locator('.name').textContent())!;
  await cell.click();
  await layerReady(page);
  await expect(page.locator('[data-filename]')).toContainText(name);
  // Back (the page's link) lands where the user was, the opened item in view.
  await page.locator('demo-item [data-action="back"]').click();
  const back = page.locator(`demo-item-grid a[data-index="${index}"]`);
  await expect(back).toBeVisible({ timeout: 15_000 });
  expect(Math.abs((await grid.evaluate((g) => g.scrollTop)) - top)).toBeLessThan(200);
  await expect(back).toBeInViewport();
  // The browser's Back does the same.
  await back.click();
  await layerReady(page);
  await page.goBack();
  await expect(page.locator(`demo-item-grid a[data-index="${index}"]`)).toBeInViewport({ timeout: 15_000 });
  await shot(page, 'flow-grid-scroll-kept');
});

test('an item opened from the task board keeps the task: its order, prev / next, and Back to the task', async ({
  page,
}) => {
  await signIn(page, USERS.manager);
  await page.locator('a[data-project]').first().click();
  await page.locator('a[data-link="task-board"]').click();
  const board = page.locator('dl-task-board');
  await expect(board.locator('tbody tr').first()).toBeVisible();
  const names = await board.locator('tbody tr button.open').allTextContents();
  expect(names.length).toBeGreaterThan(3);
  // Open the second item of the task.
  await board.locator('tbody tr button.open').nth(1).click();
  await layerReady(page);
  await expect(page.locator('[data-filename]')).toHaveText(names[1]!);
  await expect(page.locator('[data-position]')).toContainText(
    `Task: Label the validation scenes · 2 of ${names.length} items`,
  );
  // Next and Prev follow the board's order.
  await page.locator('demo-item [data-action="next"]').click();
  await expect(page.locator('[data-filename]')).toHaveText(names[2]!);
  await page.keyboard.press('Shift+N');
  await expect(page.locator('[data-filename]')).toHaveText(names[1]!);
  await page.locator('demo-item [data-action="prev"]').click();
  await expect(page.locator('[data-filename]')).toHaveText(names[0]!);
  await expect(page.locator('demo-item [data-action="prev"]')).toBeDisabled();
  // Back goes to the task board with that task selected, not to the dataset.
  await page.locator('demo-item [data-action="back"]').click();
  await expect(page).toHaveURL(/#\/projects\/[^/]+\/tasks\?task=/);
  await expect(board.locator('li[part="task"][aria-selected="true"]')).toContainText('Label the validation scenes');
  await expect(board.locator('tbody tr').first()).toBeVisible();

  // From one assignment: the list is that assignment's items.
  await board.locator('li[part="assignment"]', { hasText: USERS.annotator2 }).click();
  await board.evaluate((b: any) => b.whenSettled());
  const mine = await board.locator('tbody tr button.open').allTextContents();
  await board.locator('tbody tr button.open').first().click();
  await layerReady(page);
  await expect(page.locator('[data-position]')).toContainText(`1 of ${mine.length} items`);
  await page.keyboard.press('n');
  await expect(page.locator('[data-filename]')).toHaveText(mine[1]!);
  await page.locator('demo-item [data-action="back"]').click();
  await expect(page).toHaveURL(/assignment=/);
  await expect(board.locator('li[part="assignment"][aria-selected="true"]')).toContainText(USERS.annotator2);
});

test('the help dialog keeps focus inside and gives it back on Escape', async ({ page, request }) => {
  const { dataset } = await sample(request);
  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}`);
  // The layer takes the keyboard when its item's full image has loaded (its autofocus), which can
  // come after the preview is shown: count the loads so the test moves focus only after it.
  await page.evaluate(() => {
    const w = window as unknown as { itemLoads: number };
    w.itemLoads = 0;
    document.addEventListener('dl-item-load', () => w.itemLoads++, true);
  });
  await page.locator('demo-item-grid a[data-item]').first().click();
  await layerReady(page);
  await page.waitForFunction(() => (window as unknown as { itemLoads: number }).itemLoads > 0);
  const deepActive = () =>
    page.evaluate(() => {
      let a = document.activeElement as Element | null;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a
        ? `${a.tagName.toLowerCase()}${a.getAttribute('data-action') ? `[${a.getAttribute('data-action')}]` : ''}`
        : '';
    });
  await expect.poll(deepActive).toBe('dl-annotation-layer');
  await page.locator('demo-item [data-action="help"]').focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect.poll(deepActive).toBe('button');
  // Tab stays in the dialog (its only control).
  await page.keyboard.press('Tab');
  expect(await dialog.evaluate((d) => d.contains((d.getRootNode() as ShadowRoot).activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect.poll(deepActive).toBe('button[help]');
});
