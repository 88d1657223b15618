import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SCREENS, screenData, signInFast, useTheme, type ScreenData } from './screens.js';

// Screenshots of every screen, light and dark, at 1440x900 and 1024x700, written to
// test-results/screens/<screen>-<theme>-<size>.png to be looked at (see README "Screens").
test.setTimeout(120_000);

let data: ScreenData;
test.beforeAll(async ({ request }) => {
  data = await screenData(request);
  mkdirSync('test-results/screens', { recursive: true });
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
])
  for (const theme of ['light', 'dark'] as const)
    test(`screens at ${size.width}x${size.height}, ${theme}`, async ({ browser }) => {
      for (const screen of SCREENS) {
        const context = await browser.newContext({ viewport: size, baseURL: test.info().project.use.baseURL });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(`${screen.name}: ${e.message}`));
        await useTheme(page, theme);
        if (screen.user) await signInFast(page, screen.user);
        await screen.open(page, data, theme);
        // Nothing overflows the page sideways (a screen that needs a horizontal scroll bar is broken).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        expect(overflow, `${screen.name} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: `test-results/screens/${screen.name}-${theme}-${size.width}x${size.height}.png`,
        });
        expect(errors).toEqual([]);
        await context.close();
      }
    });
