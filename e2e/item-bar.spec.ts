import { expect, test, type Page } from '@playwright/test';
import { shot, USERS } from './helpers.js';
import { screenData, signInFast, type ScreenData } from './screens.js';
import { layerReady } from './layer.js';

// The item page's top bar on a 1024x700 window (the smallest the screens are checked at): one line
// whatever the list (a reviewer's has the most in it), so the canvas keeps its height; the list's
// name may be cut, and then its tooltip says it all.

let data: ScreenData;
test.beforeAll(async ({ request }) => {
  data = await screenData(request);
});

/** Boxes of the bar's visible children, and the position text's sizes and tooltip. */
async function barGeometry(page: Page) {
  return page.locator('demo-item').evaluate((item) => {
    const bar = item.shadowRoot!.querySelector<HTMLElement>('.bar')!;
    const kids = [...bar.children].filter((k) => (k as HTMLElement).offsetWidth > 0) as HTMLElement[];
    const pos = item.shadowRoot!.querySelector<HTMLElement>('[data-position]')!;
    const name = item.shadowRoot!.querySelector<HTMLElement>('[data-filename]')!;
    const at = pos.querySelector<HTMLElement>('.at')!.getBoundingClientRect();
    const listName = pos.querySelector<HTMLElement>('.list-name')!;
    return {
      boxes: kids.map((k) => {
        const r = k.getBoundingClientRect();
        return { what: k.dataset.action ?? k.className, top: r.top, bottom: r.bottom, right: r.right };
      }),
      barRight: bar.getBoundingClientRect().right,
      name: { scroll: name.scrollWidth, client: name.clientWidth },
      pos: {
        text: pos.textContent ?? '',
        title: pos.title,
        scroll: pos.scrollWidth,
        client: pos.clientWidth,
        atRight: at.right,
        listScroll: listName.scrollWidth,
        listClient: listName.clientWidth,
        right: pos.getBoundingClientRect().right,
      },
    };
  });
}

for (const who of ['reviewer', 'annotator'] as const)
  test(`item page at 1024x700, ${who}: the top bar stays on one line and a cut list name has a tooltip`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    if (who === 'reviewer') {
      await signInFast(page, USERS.manager);
      await page.goto(`/#/tasks/${data.taskId}/review`);
      await page.locator('demo-review [data-action="start-review"]').click();
      await expect(page.locator('demo-item [data-action="approve"]')).toBeVisible();
    } else {
      await signInFast(page, USERS.annotator);
      await page.goto(`/#/assignments/${data.assignmentId}/items/${data.sentBackId}?i=0`);
      await expect(page.locator('demo-item [data-action="complete"]')).toBeVisible();
    }
    await layerReady(page);
    // The position ("… · 1 of N items") is filled in once the list's size is known.
    await expect(page.locator('demo-item [data-position]')).toContainText(
      who === 'reviewer' ? / of \d+ left$/ : / of \d+ items?$/,
    );
    await shot(page, `item-bar-${who}-1024x700`);
    const g = await barGeometry(page);
    const help = g.boxes.find((b) => b.what === 'help');
    const back = g.boxes.find((b) => b.what === 'back');
    expect(help && back, JSON.stringify(g.boxes)).toBeTruthy();
    // One line: every control's vertical span overlaps the Back button's.
    for (const b of g.boxes)
      expect(
        b.top < back!.bottom && b.bottom > back!.top,
        `${b.what} on the first line: ${JSON.stringify(g.boxes)}`,
      ).toBe(true);
    expect(help!.right).toBeLessThanOrEqual(g.barRight + 0.5);
    // A short file name is never cut (the position text gives way first) ...
    expect(g.name.scroll, 'file name cut').toBeLessThanOrEqual(g.name.client);
    // The list's name is cut on the reviewer's page (else this test would prove nothing there), not on
    // the annotator's ("My assignment" is short).
    expect(g.pos.listScroll > g.pos.listClient, JSON.stringify(g.pos)).toBe(who === 'reviewer');
    // ... nor the "3 of 40 items" (only the list's name is cut) ...
    expect(g.pos.atRight, 'position count cut').toBeLessThanOrEqual(g.pos.right + 0.5);
    // ... and the tooltip says all of it.
    expect(g.pos.title).toBe(g.pos.text);
    expect(g.pos.title).toMatch(
      who === 'reviewer' ? /^Review: .+ · 1 of \d+ left$/ : /^My assignment · 1 of \d+ items?$/,
    );
    // A cut name is reachable by keyboard (Tab from Back), and focused it shows whole (the tooltip's
    // text under the bar); its text is whole all along (the accessible name). Not cut: no tab stop.
    await page.locator('demo-item [data-action="back"]').focus();
    await page.keyboard.press('Tab');
    const focus = await page.locator('demo-item').evaluate((item) => {
      const a = item.shadowRoot!.activeElement as HTMLElement | null;
      return {
        which: a?.dataset.action ?? (a?.hasAttribute('data-position') ? 'position' : a?.tagName),
        shown: a ? getComputedStyle(a, '::after').content : '',
      };
    });
    if (who === 'reviewer') {
      expect(focus.which).toBe('position');
      expect(focus.shown).toBe(JSON.stringify(g.pos.title));
      await shot(page, `item-bar-${who}-1024x700-name-focused`);
    } else expect(focus.which).not.toBe('position');
  });
