import { expect, test, type Page } from '@playwright/test';
import { queryItems, sample, shot, USERS } from './helpers.js';
import { layerReady } from './layer.js';
import { screenData, signInFast, useTheme, type ScreenData } from './screens.js';

// Screenshots of the issue marks and label tags on the two seeded review items (the sent-back
// scene-028 with its issue pinned over a car, and scene-027 "to review" with its narrow Person box),
// light and dark, at 1024x700 and 1280x800, with the tags on. The layer test (layer-tags.test.ts)
// checks the tags; here the page shows them. Nothing is written to the server.

let data: ScreenData;
test.beforeAll(async ({ request }) => {
  data = await screenData(request);
});

async function open(page: Page, theme: 'light' | 'dark', w: number, h: number, itemId: string): Promise<void> {
  await page.setViewportSize({ width: w, height: h });
  await useTheme(page, theme);
  await signInFast(page, USERS.annotator);
  await page.goto(`/#/assignments/${data.assignmentId}/items/${itemId}?i=0`);
  await layerReady(page);
  await page.locator('dl-annotation-layer').evaluate(async (l: any) => {
    l.showLabels = true;
    await l.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

for (const [w, h] of [
  [1024, 700],
  [1280, 800],
] as const)
  for (const theme of ['light', 'dark'] as const)
    test(`issue marks and tags, ${theme}, ${w}x${h}`, async ({ page, request }) => {
      await open(page, theme, w, h, data.sentBackId);
      await expect(page.locator('demo-issues [data-issue="open"]')).toBeVisible();
      await shot(page, `issue-marks-${theme}-${w}x${h}-sent-back`);
      // The row selected: its whole note under the selection's controls.
      await page.locator('dl-annotation-layer .row.note').click();
      await expect(page.locator('dl-annotation-layer [data-note-full]')).toContainText(
        'The box is loose: fit it to the car.',
      );
      // In view: not under the object list that sticks over the panel's sections.
      await expect
        .poll(() =>
          page.locator('dl-annotation-layer').evaluate((l) => {
            const f = l.shadowRoot!.querySelector('[data-note-full]')!;
            const r = f.getBoundingClientRect();
            return f.contains(l.shadowRoot!.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
          }),
        )
        .toBe(true);
      await shot(page, `issue-marks-${theme}-${w}x${h}-note-selected`);
      const { tok, dataset } = await sample(request);
      const [item] = await queryItems(request, tok, dataset.id, { filename: '/val/scene-027.png' });
      expect(item, 'seeded /val/scene-027.png').toBeTruthy();
      await open(page, theme, w, h, item.id);
      await shot(page, `issue-marks-${theme}-${w}x${h}-scene-027`);
    });
