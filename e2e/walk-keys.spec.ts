import { expect, test, type Page } from '@playwright/test';
import { sample, shot, signIn, USERS } from './helpers.js';
import { layerReady } from './layer.js';

// What an annotator labeling item after item runs into (walk of session 34).

/** The label row the layer's picker marks as the label of the next shapes (its tag). */
const pickedLabel = (page: Page) =>
  page.locator('dl-annotation-layer dl-label-picker [aria-selected="true"]').getAttribute('data-tag');

test('the label picked by its digit on one item is still the label on the next item', async ({ page, request }) => {
  const { dataset } = await sample(request);
  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}`);
  // From the grid, so N and Shift+N step through the dataset's items.
  await page.locator('demo-item-grid a[data-item]').first().click();
  await layerReady(page);
  const name = (await page.locator('[data-filename]').textContent())!;
  const first = await pickedLabel(page);
  // Nothing selected: "3" makes Tree the label of the next shapes (and relabels nothing).
  await page.locator('dl-annotation-layer').focus();
  await page.keyboard.press('3');
  await expect.poll(() => pickedLabel(page)).toBe('tree');
  expect(first).not.toBe('tree');
  // The next item starts on Tree, not on the ontology's first label.
  await page.keyboard.press('n');
  await expect(page.locator('[data-filename]')).not.toHaveText(name);
  await layerReady(page);
  await expect.poll(() => pickedLabel(page)).toBe('tree');
  expect(await page.locator('dl-annotation-layer').evaluate((l: any) => l.label)).toBe('tree');
  await shot(page, 'walk-label-kept');
  // Back and forth keeps it too; picking another label there carries that one.
  await page.keyboard.press('2');
  await page.keyboard.press('Shift+N');
  await expect(page.locator('[data-filename]')).toHaveText(name);
  await layerReady(page);
  await expect.poll(() => pickedLabel(page)).toBe('person');
});
