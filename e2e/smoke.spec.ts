import { expect, test } from '@playwright/test';
import { sample, shot, signIn, USERS } from './helpers.js';

test('owner signs in, opens the project and sees the dataset grid', async ({ page, request }) => {
  const { project, dataset } = await sample(request);
  await signIn(page, USERS.owner);
  await shot(page, '01-projects');
  await page.locator(`a[data-project="${project.id}"]`).click();
  await expect(page.locator(`a[data-dataset="${dataset.id}"]`)).toBeVisible();
  await shot(page, '02-project');
  await page.locator(`a[data-dataset="${dataset.id}"]`).click();
  await expect(page.getByRole('heading', { name: 'Street scenes' })).toBeVisible();
  // 36 scenes + the HTML-named file + the mask item, as the seed made them.
  await expect(page.locator('[data-total]')).toHaveText('38 items');
  await expect(page.locator('demo-item-grid a[data-item]').first()).toBeVisible();
  await expect(page.locator('demo-item-grid img').first()).toBeVisible();
  await shot(page, '03-dataset-grid');
});
