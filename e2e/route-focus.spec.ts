import { expect, test, type Page } from '@playwright/test';
import { sample, signIn, USERS } from './helpers.js';
import { layerReady } from './layer.js';

// Every route change of the demo puts the keyboard on the new page (its heading, or the image on
// an item page), never on <body>: the link pressed went away with the old page. Read-only.

/** The element that has the keyboard, through shadow roots: `tag` plus its text for a heading. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return 'none';
    const tag = a.localName;
    return /^h[1-6]$/.test(tag) ? `${tag}:${a.textContent?.trim()}` : tag;
  });
}

test('route changes by keyboard put focus on the new page: projects → project → grid → item → back → task board', async ({
  page,
  request,
}) => {
  const { project, dataset } = await sample(request);
  await page.setViewportSize({ width: 1024, height: 700 });
  await signIn(page, USERS.owner);
  const projectLink = page.locator(`a[data-project="${project.id}"]`);
  await projectLink.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toBe(`h1:${project.name}`);

  const datasetLink = page.locator(`a[data-dataset="${dataset.id}"]`);
  await datasetLink.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toBe(`h1:${dataset.name}`);

  const cell = page.locator('demo-item-grid a.cell').first();
  await cell.focus();
  await page.keyboard.press('Enter');
  await layerReady(page);
  await expect.poll(() => focused(page)).toBe('dl-annotation-layer');

  await page.locator('demo-item a[data-action="back"]').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toBe(`h1:${dataset.name}`);

  // The browser's Back (no link pressed): the project page's heading, then the task board's.
  await page.evaluate(() => history.go(-3));
  await expect(page.getByRole('heading', { name: project.name })).toBeVisible();
  await expect.poll(() => focused(page)).toBe(`h1:${project.name}`);
  await page.locator('a[data-link="task-board"]').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toBe('h1:Task board');
  await expect(page.locator('dl-task-board [part="task"]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/task-board-1024x700.png' });
  await page.locator('demo-tasks a.button', { hasText: 'Project' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toBe(`h1:${project.name}`);
});
