import { expect, test } from '@playwright/test';
import { queryItems, sample, shot, signIn, USERS } from './helpers.js';

test('owner signs in, opens the project and sees the dataset grid', async ({ page, request }) => {
  const { tok, project, dataset } = await sample(request);
  await signIn(page, USERS.owner);
  await shot(page, '01-projects');
  // The seed made 36 scenes, a mask item and 4 photographs (other tests may upload more).
  const n = (await queryItems(request, tok, dataset.id, { $and: [{ hidden: false }, { type: 'file' }] })).length;
  expect(n).toBeGreaterThanOrEqual(41);
  await page.locator(`a[data-project="${project.id}"]`).click();
  await expect(page.locator(`a[data-dataset="${dataset.id}"]`)).toBeVisible();
  // The card counts what the dataset page counts (files, not folders): the same number for the same thing.
  await expect(page.locator(`a[data-dataset="${dataset.id}"] .muted`)).toHaveText(`${n} items`);
  await shot(page, '02-project');
  await page.locator(`a[data-dataset="${dataset.id}"]`).click();
  await expect(page.getByRole('heading', { name: 'Street scenes' })).toBeVisible();
  await expect(page.locator('[data-total]')).toHaveText(`${n} items`);
  await expect(page.locator('demo-item-grid a[data-item]').first()).toBeVisible();
  await expect(page.locator('demo-item-grid img').first()).toBeVisible();
  await shot(page, '03-dataset-grid');
});
