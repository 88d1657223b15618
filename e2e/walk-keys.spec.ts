import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { api, queryItems, sample, serverAnnotations, shot, signIn, USERS } from './helpers.js';
import { allSaved, clickImage, dragImage, layerAnnotations, layerReady } from './layer.js';

// What an annotator labeling item after item runs into (walk of session 34).

/** The label row the layer's picker marks as the label of the next shapes (its tag). */
const pickedLabel = (page: Page) =>
  page.locator('dl-annotation-layer dl-label-picker [aria-selected="true"]').getAttribute('data-tag');

/** Seeded scene items the tests draw on (no other spec draws there; each test restores its item). */
const FILES = ['/train/scene-021.png', '/train/scene-022.png'] as const;

/**
 * Opens a seeded item from the dataset's grid (so N and Shift+N step through the dataset's items),
 * waits until its view has settled (a drag then lands where meant); answers its id.
 */
async function openFromGrid(
  page: Page,
  request: APIRequestContext,
  tok: string,
  datasetId: string,
  file: string,
): Promise<string> {
  const [item] = await queryItems(request, tok, datasetId, { $and: [{ filename: file }] });
  expect(item, `seeded item ${file}`).toBeTruthy();
  await page.goto(`/#/datasets/${datasetId}`);
  await page.locator(`demo-item-grid a[data-item="${item.id}"]`).click();
  await layerReady(page);
  await expect(page.locator('[data-filename]')).toHaveText(file);
  const view = () => page.locator('dl-annotation-layer').evaluate((l: any) => JSON.stringify(l.view));
  let last = '';
  await expect.poll(async () => last === (last = await view()), { intervals: [300], timeout: 10_000 }).toBe(true);
  return item.id as string;
}

test('the next item starts on the label last drawn with, not one a relabel picked; sign-out forgets it', async ({
  page,
  request,
}) => {
  const { tok, dataset } = await sample(request);
  await signIn(page, USERS.owner);
  const itemId = await openFromGrid(page, request, tok, dataset.id, FILES[0]);
  const name = (await page.locator('[data-filename]').textContent())!;
  const before = await serverAnnotations(request, tok, dataset.id, itemId);
  try {
    // Two Person boxes (2, then R and two drags).
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('2');
    await page.keyboard.press('r');
    await dragImage(page, [40, 40], [140, 120]);
    await dragImage(page, [200, 40], [300, 120]);
    // The second one was a Tree: V, then 3 relabels it, still selected from its drag (and makes Tree
    // the layer's label). Not a click on the picture: the item's seeded boxes lie under the new ones.
    await page.keyboard.press('v');
    await page.keyboard.press('3');
    await expect
      .poll(async () =>
        (await layerAnnotations(page))
          .filter((a) => !before.some((b) => b.id === a.id))
          .map((a) => a.label)
          .sort(),
      )
      .toEqual(['person', 'tree']);
    expect(await page.locator('dl-annotation-layer').evaluate((l: any) => l.label)).toBe('tree');
    await allSaved(page);
    // The next item starts on Person, the label drawn with (the relabel drew nothing).
    await page.keyboard.press('n');
    await expect(page.locator('[data-filename]')).not.toHaveText(name);
    await layerReady(page);
    await expect.poll(() => pickedLabel(page)).toBe('person');
    // Signed out and in again (no reload): the label is forgotten, the item starts on the first label.
    const item = page.url();
    await page.locator('header button', { hasText: 'Sign out' }).click();
    await page.locator(`button[data-user="${USERS.owner}"]`).click();
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    await page.evaluate((url) => (location.hash = new URL(url).hash), item);
    await layerReady(page);
    const first = await page
      .locator('dl-annotation-layer')
      .evaluate((l: any) => l.ontology.roots[0].value.tag as string);
    expect(first).not.toBe('person');
    await expect.poll(() => pickedLabel(page)).toBe(first);
  } finally {
    for (const a of await serverAnnotations(request, tok, dataset.id, itemId))
      if (!before.some((b) => b.id === a.id)) await api(request, tok, 'DELETE', `/annotations/${a.id}`);
  }
});

test('the label drawn with on one item is still the label on the next item', async ({ page, request }) => {
  const { tok, dataset } = await sample(request);
  await signIn(page, USERS.owner);
  const itemId = await openFromGrid(page, request, tok, dataset.id, FILES[1]);
  const name = (await page.locator('[data-filename]').textContent())!;
  const first = await pickedLabel(page);
  const before = await serverAnnotations(request, tok, dataset.id, itemId);
  try {
    // Nothing selected: "3" makes Tree the label of the next shapes (and relabels nothing); a Tree box.
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('3');
    await expect.poll(() => pickedLabel(page)).toBe('tree');
    expect(first).not.toBe('tree');
    await page.keyboard.press('r');
    await dragImage(page, [40, 40], [140, 120]);
    await expect
      .poll(async () =>
        (await layerAnnotations(page)).filter((a) => !before.some((b) => b.id === a.id)).map((a) => a.label),
      )
      .toEqual(['tree']);
    await allSaved(page);
    // The next item starts on Tree, not on the ontology's first label.
    await page.keyboard.press('n');
    await expect(page.locator('[data-filename]')).not.toHaveText(name);
    await layerReady(page);
    await expect.poll(() => pickedLabel(page)).toBe('tree');
    expect(await page.locator('dl-annotation-layer').evaluate((l: any) => l.label)).toBe('tree');
    await shot(page, 'walk-label-kept');
    // A label picked there but never drawn with does not carry: back, and it is still Tree.
    await page.keyboard.press('2');
    await page.keyboard.press('Shift+N');
    await expect(page.locator('[data-filename]')).toHaveText(name);
    await layerReady(page);
    await expect.poll(() => pickedLabel(page)).toBe('tree');
  } finally {
    for (const a of await serverAnnotations(request, tok, dataset.id, itemId))
      if (!before.some((b) => b.id === a.id)) await api(request, tok, 'DELETE', `/annotations/${a.id}`);
  }
});

/** The tool the layer's toolbar shows pressed, and the layer's own: they must agree. */
async function activeTool(page: Page): Promise<string> {
  const pressed = await page
    .locator('dl-annotation-layer [part="toolbar"] button[aria-pressed="true"]')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-tool')));
  const tool = await page.locator('dl-annotation-layer').evaluate((l: any) => l.tool as string);
  return pressed.length === 1 && pressed[0] === tool ? tool : `toolbar ${pressed.join(',')} / layer ${tool}`;
}

/** The item id of the item page shown (from its URL). */
const shownItem = (page: Page) => /\/items\/([^/?]+)/.exec(page.url())![1]!;

test('the next item starts with the tool last drawn with (a stray click draws nothing), per page type; Select after Select', async ({
  page,
  request,
}) => {
  const { tok, dataset } = await sample(request);
  await signIn(page, USERS.owner);
  const a = await openFromGrid(page, request, tok, dataset.id, FILES[0]);
  const nameA = (await page.locator('[data-filename]').textContent())!;
  /** The annotations of each item drawn on before the test: restored in `finally`. */
  const before = new Map<string, any[]>([[a, await serverAnnotations(request, tok, dataset.id, a)]]);
  const count = async () => (await layerAnnotations(page)).length;
  try {
    expect(await activeTool(page)).toBe('select');
    // A box on A (R and a drag).
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('r');
    const onA = await count();
    await dragImage(page, [40, 40], [140, 120]);
    await expect.poll(count).toBe(onA + 1);
    await allSaved(page);
    // N: the next item starts with the box tool, shown pressed in the toolbar.
    await page.keyboard.press('n');
    await expect(page.locator('[data-filename]')).not.toHaveText(nameA);
    await layerReady(page);
    const b = shownItem(page);
    before.set(b, await serverAnnotations(request, tok, dataset.id, b));
    await expect.poll(() => activeTool(page)).toBe('box');
    await shot(page, 'walk-tool-kept');
    // A stray click with it makes no shape (a box needs a drag of 3 px).
    const onB = await count();
    await clickImage(page, 60, 60);
    expect(await count()).toBe(onB);
    // A polygon on B: its first click is a draft vertex, not a shape; Enter after three makes one.
    await page.keyboard.press('p');
    await clickImage(page, 40, 200);
    expect(await count()).toBe(onB);
    await clickImage(page, 140, 200);
    await clickImage(page, 90, 260);
    await page.keyboard.press('Enter');
    await expect.poll(count).toBe(onB + 1);
    expect((await layerAnnotations(page)).at(-1).type).toBe('segment');
    await allSaved(page);
    // A video keeps its own tool: nothing drawn on videos yet, so Select (the polygon is the images').
    const [video] = await queryItems(request, tok, dataset.id, { $and: [{ filename: '/videos/street.mp4' }] });
    expect(video, 'seeded /videos/street.mp4').toBeTruthy();
    await page.evaluate((h) => (location.hash = h), `#/datasets/${dataset.id}/items/${video.id}`);
    await expect(page.locator('[data-filename]')).toHaveText('/videos/street.mp4');
    await layerReady(page);
    expect(await activeTool(page)).toBe('select');
    // Back to A from the dataset's item list: it starts with the polygon tool, drawn with last.
    await page.evaluate((h) => (location.hash = h), `#/datasets/${dataset.id}`);
    await page.locator(`demo-item-grid a[data-item="${a}"]`).click();
    await expect(page.locator('[data-filename]')).toHaveText(FILES[0]);
    await layerReady(page);
    await expect.poll(() => activeTool(page)).toBe('polygon');
    // The annotator goes back to Select there: the next item starts on Select.
    await page.locator('dl-annotation-layer').focus();
    await page.keyboard.press('v');
    expect(await activeTool(page)).toBe('select');
    await page.keyboard.press('n');
    await expect(page.locator('[data-filename]')).not.toHaveText(nameA);
    await layerReady(page);
    expect(shownItem(page)).toBe(b);
    expect(await activeTool(page)).toBe('select');
  } finally {
    for (const [id, was] of before)
      for (const x of await serverAnnotations(request, tok, dataset.id, id))
        if (!was.some((y) => y.id === x.id)) await api(request, tok, 'DELETE', `/annotations/${x.id}`);
  }
});
