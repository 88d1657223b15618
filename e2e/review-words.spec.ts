import { expect, test } from '@playwright/test';
import { api, signIn, token, USERS } from './helpers.js';

// The manager's review screen as read: each group's heading is its name and one count in brackets
// ("To review: completed by the annotator (1)", not "To review (completed by the annotator) (1)").

for (const theme of ['light', 'dark'] as const)
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const)
    test(`review screen headings, ${theme}, ${w}x${h}: one bracketed count each`, async ({ page, request }) => {
      await page.setViewportSize({ width: w, height: h });
      await page.addInitScript((t) => localStorage.setItem('dl-kit-demo:theme', t), theme);
      const tok = await token(request, USERS.manager);
      const [assignment] = (await api<{ items: any[] }>(request, tok, 'GET', '/assignments')).items;
      await signIn(page, USERS.manager);
      await page.goto(`/#/tasks/${assignment.taskId}/review`);
      const headings = page.locator('demo-review section h2');
      await expect(headings.first()).toBeVisible();
      await expect(page.locator('section[data-group="review"] h2')).toHaveText(
        'To review: completed by the annotator (1)',
      );
      for (const text of await headings.allTextContents())
        expect(text.replace(/\s+/g, ' ').match(/\(/g), text).toHaveLength(1);
      await page.screenshot({ path: `test-results/screens/review-words-${theme}-${w}x${h}.png` });
    });
