import { expect, test } from '@playwright/test';
import { shot, USERS } from './helpers.js';
import { layerReady } from './layer.js';
import { screenData, signInFast, useTheme, type ScreenData } from './screens.js';

// The keyboard help on the real item page at 1024x700 (dark), 1280x800 (light) and 800x600: the
// dialog inside the screen, its header (title, filter, Close) in view, every row reachable (at
// 800x600 by scrolling the list under the header), and Alt+M listed. Screenshots for a look.
// Nothing is written to the server.

let data: ScreenData;
test.beforeAll(async ({ request }) => {
  data = await screenData(request);
});

for (const [w, h, theme] of [
  [1024, 700, 'dark'],
  [1280, 800, 'light'],
  [800, 600, 'light'],
] as const)
  test(`keyboard help at ${w}x${h} ${theme}: inside the screen, every row reachable, Alt+M listed`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    await useTheme(page, theme);
    await signInFast(page, USERS.annotator);
    await page.goto(`/#/assignments/${data.assignmentId}/items/${data.sentBackId}?i=0`);
    await layerReady(page);
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help.locator('tr[data-keys="Alt+M"]')).toContainText('missing required attribute');
    await shot(page, `help-dialog-${theme}-${w}x${h}`);
    const g = await help.evaluate((box) => {
      const list = box.querySelector<HTMLElement>('.shortcut-list')!;
      const rect = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      };
      const rows = [...box.querySelectorAll('tr')].map((tr) => {
        tr.scrollIntoView({ block: 'nearest' });
        const r = rect(tr);
        const l = rect(list);
        return { keys: tr.getAttribute('data-keys'), in: r.top >= l.top - 0.5 && r.bottom <= l.bottom + 0.5 };
      });
      list.scrollTop = 0;
      return {
        box: rect(box),
        head: ['h2', 'input', '.actions button'].map((s) => rect(box.querySelector(s)!)),
        sideways: list.scrollWidth - list.clientWidth,
        rows,
      };
    });
    expect(g.box.top).toBeGreaterThanOrEqual(0);
    expect(g.box.left).toBeGreaterThanOrEqual(0);
    expect(g.box.bottom).toBeLessThanOrEqual(h);
    expect(g.box.right).toBeLessThanOrEqual(w);
    for (const r of g.head) {
      expect(r.top).toBeGreaterThanOrEqual(g.box.top);
      expect(r.bottom).toBeLessThanOrEqual(g.box.bottom);
      expect(r.right).toBeLessThanOrEqual(g.box.right);
    }
    expect(g.sideways).toBeLessThanOrEqual(0);
    expect(g.rows.length).toBeGreaterThan(40);
    expect(g.rows.filter((r) => !r.in)).toEqual([]);
    // Typing filters; Escape empties it, then closes, and the focus goes back to the layer.
    await page.keyboard.press('m');
    await expect(help.locator('input')).toHaveValue('m');
    await page.keyboard.press('Escape');
    await expect(help.locator('input')).toHaveValue('');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    await expect(page.locator('dl-annotation-layer')).toBeFocused();
  });

// Under the help only the dialog's keys act: PageDown scrolls its list (before, it also opened the
// next item) and Ctrl+Enter does nothing (before, it completed the item under the dialog). Each key
// would start its page action at once (step and complete mark the page busy, or ask a question,
// while handling the key), so the page's state right after the key says whether it ran. Nothing is
// written to the server.
test('with the help open, PageDown scrolls its list and neither PageDown nor Ctrl+Enter reaches the page', async ({
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await signInFast(page, USERS.annotator);
  await page.goto(`/#/assignments/${data.assignmentId}/items/${data.sentBackId}?i=0`);
  await layerReady(page);
  const url = page.url();
  await page.locator('dl-annotation-layer').focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  const list = help.locator('.shortcut-list');
  await list.focus();
  const pageActs = () =>
    page.locator('demo-item').evaluate((el: any) => ({
      busy: !!el.busy,
      asking: !!(el.confirming || el.unsetRequired),
      help: !!el.help,
    }));
  await page.keyboard.press('PageDown');
  expect(await pageActs()).toEqual({ busy: false, asking: false, help: true });
  await expect.poll(() => list.evaluate((l) => l.scrollTop), 'the list scrolled').toBeGreaterThan(0);
  await page.keyboard.press('Control+Enter');
  expect(await pageActs()).toEqual({ busy: false, asking: false, help: true });
  expect(page.url()).toBe(url);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  expect(page.url()).toBe(url);
});
