import { expect, test } from '@playwright/test';
import { queryItems, sample, shot, signIn, USERS } from './helpers.js';

const HTML_LABEL = '<img src=x onerror=alert(1)>';
const HTML_FILE = '<img src=x onerror=alert(2)>.png';

test('a label name and a file name containing HTML render as text', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const { tok, dataset } = await sample(request);
  const [item] = await queryItems(request, tok, dataset.id, { $and: [{ filename: `/misc/${HTML_FILE}` }] });
  expect(item, 'the seed has a file named with markup').toBeTruthy();

  await signIn(page, USERS.owner);
  await page.goto(`/#/datasets/${dataset.id}?dir=/misc`);
  const cell = page.locator(`demo-item-grid a[data-item="${item.id}"]`);
  await expect(cell).toContainText(HTML_FILE);
  // Label filter options list the label's text.
  await expect(page.locator('select[aria-label="Label"] option', { hasText: HTML_LABEL })).toHaveCount(1);
  await cell.click();
  await expect(page.locator('[data-filename]')).toHaveText(`/misc/${HTML_FILE}`);
  await expect(page.locator('dl-annotation-layer dl-label-picker').getByText(HTML_LABEL)).toBeVisible();
  await shot(page, '09-html-names');

  // No element was created from the names: no <img src="x"> anywhere, in any shadow root.
  const injected = await page.evaluate(() => {
    let n = 0;
    const walk = (root: Document | ShadowRoot) => {
      n += root.querySelectorAll('img[src="x"]').length;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return n;
  });
  expect(injected).toBe(0);
  expect(dialogs).toEqual([]);
});
