import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { api, queryItems, sample, shot, signIn, token, USERS } from './helpers.js';
import { dragImage, layerReady } from './layer.js';

// What an annotator labeling item after item met on walk 34 (findings 6, 7, 8): the image jumped
// when a tool with an options row was picked, the picked label's row was cut in the label picker
// after relabelling, and Complete said nothing visible about what it completed and where it went.

test.setTimeout(120_000);

const SIZES = [
  { w: 1024, h: 700, theme: 'dark' },
  { w: 1280, h: 800, theme: 'light' },
] as const;

const NAMES = ['/val/scene-034.png', '/val/scene-035.png', '/val/scene-036.png'];

/** A task (made by the manager) of three /val items for annotator2, deleted by `cleanup`. */
async function task(request: APIRequestContext) {
  const { dataset, tok } = await sample(request);
  const mgrTok = await token(request, USERS.manager);
  const annTok = await token(request, USERS.annotator2);
  const items = await queryItems(request, tok, dataset.id, { filename: { $in: NAMES } });
  const t = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: `Flow ${Date.now()} (e2e)`,
    datasetId: dataset.id,
    itemIds: items.map((i) => i.id),
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${t.id}`)).items;
  const listed = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments/${mine.id}/items`)).items;
  return {
    assignment: mine,
    first: listed[0],
    cleanup: () => api(request, tok, 'DELETE', `/annotationtasks/${t.id}`, { asynced: false }),
  };
}

/** Saves a screenshot under test-results/screens/ and, when DLKIT_SHOTS names a folder, a copy there. */
async function keep(page: Page, name: string): Promise<void> {
  await shot(page, name);
  const dir = process.env.DLKIT_SHOTS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(`test-results/screens/${name}.png`, `${dir}/flow34-${name}.png`);
  }
}

const view = (page: Page) => page.locator('dl-annotation-layer').evaluate((l: any) => ({ ...l.view }));

/** The picker's active row lies wholly inside its tree's visible box. */
const activeRowInView = (page: Page) =>
  page.locator('dl-annotation-layer dl-label-picker').evaluate((p) => {
    const tree = p.shadowRoot!.querySelector<HTMLElement>('[role="tree"]')!;
    const row = tree.querySelector<HTMLElement>('[role="treeitem"].active');
    if (!row) return 'no active row';
    const top = tree.getBoundingClientRect().top + tree.clientTop;
    const r = row.getBoundingClientRect();
    return r.top >= top - 1 && r.bottom <= top + tree.clientHeight + 1 ? row.dataset.tag : `${row.dataset.tag} cut`;
  });

for (const { w, h, theme } of SIZES) {
  test(`${w}x${h} ${theme}: picking a tool with an options row keeps the fitted image; the relabelled row is in the picker`, async ({
    page,
    request,
  }) => {
    const t = await task(request);
    try {
      await page.setViewportSize({ width: w, height: h });
      await page.addInitScript((th) => localStorage.setItem('dl-kit-demo:theme', th), theme);
      await signIn(page, USERS.annotator2);
      await page.goto(`/#/assignments/${t.assignment.id}/items/${t.first.id}?i=0`);
      await layerReady(page);
      await page.locator('dl-annotation-layer').focus();
      // The page's own layout settled (the panel and the item bar render after the image shows).
      let fitted = await view(page);
      await expect
        .poll(async () => {
          const was = fitted;
          await page.waitForTimeout(300);
          fitted = await view(page);
          return JSON.stringify(fitted) === JSON.stringify(was);
        })
        .toBe(true);
      // W (wand), S (scissors), G (GrabCut), T (watershed), then V (select): the image stays put.
      for (const key of ['w', 's', 'g', 't', 'v']) {
        await page.keyboard.press(key);
        await page.waitForTimeout(150); // layout settles (a frame or two); the view must not have moved
        expect(await view(page), `after ${key}`).toEqual(fitted);
        if (key === 'w') await keep(page, `fit-wand-${w}`);
      }
      // A box, relabelled to the fourth label (Road): its row is wholly in the picker.
      await page.keyboard.press('r');
      await dragImage(page, [300, 200], [500, 320]);
      await page.keyboard.press('4');
      await expect.poll(() => activeRowInView(page)).toBe('road');
      await keep(page, `relabel-road-${w}`);
      // Restore: the box goes (the layer has the keys; the relabel may have left focus elsewhere).
      await page.locator('dl-annotation-layer').focus();
      await page.keyboard.press('Delete');
      await expect.poll(() => page.locator('dl-annotation-layer').evaluate((l: any) => l.annotations.length)).toBe(0);
      await expect(page.locator('[data-sync]')).toHaveText('All changes saved');
    } finally {
      await t.cleanup();
    }
  });

  test(`${w}x${h} ${theme}: Complete says which item it completed and which it opened`, async ({ page, request }) => {
    const t = await task(request);
    try {
      await page.setViewportSize({ width: w, height: h });
      await page.addInitScript((th) => localStorage.setItem('dl-kit-demo:theme', th), theme);
      await signIn(page, USERS.annotator2);
      await page.goto(`/#/assignments/${t.assignment.id}/items/${t.first.id}?i=0`);
      await layerReady(page);
      const first = (await page.locator('[data-filename]').textContent())!;
      await page.locator('dl-annotation-layer').focus();
      await page.keyboard.press('n');
      await expect(page.locator('[data-filename]')).not.toHaveText(first);
      await layerReady(page);
      const second = (await page.locator('[data-filename]').textContent())!;
      const base = (f: string) => f.replace(/^.*\//, '').replace(/\.png$/, '');
      const barHeight = (await page.locator('demo-item .bar').boundingBox())!.height;
      // Completing the second item opens the first (not done): backwards, and said so.
      await page.keyboard.press('Control+Enter');
      await expect(page.locator('[data-filename]')).toHaveText(first);
      const flash = page.locator('demo-item [data-complete-flash]');
      await expect(flash).toHaveText(`Completed ${base(second)} · opened ${base(first)}, the first not done`);
      await expect(flash).toHaveAttribute('role', 'status');
      // Whole (at 1024 px on two lines): neither its text nor the file name is cut.
      const cut = (el: Element) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
      expect(await flash.evaluate(cut), 'the flash is cut').toBe(false);
      expect(await flash.locator('.pill').evaluate(cut), 'the flash is cut').toBe(false);
      expect(await page.locator('demo-item [data-filename]').evaluate(cut), 'the file name is cut').toBe(false);
      // The bar keeps its height (the picture keeps its room), and the flash overlaps nothing in it.
      const bar = await page.locator('demo-item .bar').boundingBox();
      expect(bar!.height).toBe(barHeight);
      expect(bar!.height).toBeLessThan(50);
      const boxes = await page
        .locator('demo-item .bar > :visible')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ l: r.left, r: r.right })));
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.l).toBeGreaterThanOrEqual(boxes[i - 1]!.r - 0.5);
      await keep(page, `completed-${w}`);
    } finally {
      await t.cleanup();
    }
  });
}
