import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { api, queryItems, sample, serverAnnotations, signIn, taskStatusOf, token, USERS } from './helpers.js';
import { layerReady } from './layer.js';
import { trackStateAt } from '../src/entities/annotations/track-state.js';

// A video under review: `I` is "reject" (the review's key), wherever the focus is on the page; it
// does not also add a key frame (the layer's and the timeline's `I` elsewhere). Before, with a box
// selected the layer took `I` as "key frame here" and the reject dialog never opened; with the
// focus on the timeline's track list too. The help lists `I` once. The test makes its own task on
// the seeded street video (completed through the REST API), writes nothing to the video's
// annotations, and deletes the task after.

/**
 * A task of its own (`name`) on the seeded street video, its item completed by annotator2 through
 * the REST API (`mine`: annotator2's assignment), opened for review by the manager. The caller
 * deletes the task; if completing or opening fails, the task is deleted here.
 */
async function openCompletedVideoForReview(page: Page, request: APIRequestContext, name: string) {
  const { dataset, tok: ownerTok } = await sample(request);
  const mgrTok = await token(request, USERS.manager);
  const annTok = await token(request, USERS.annotator2);
  const [video] = await queryItems(request, ownerTok, dataset.id, { $and: [{ filename: '/videos/street.mp4' }] });
  expect(video, 'seeded /videos/street.mp4').toBeTruthy();
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name,
    datasetId: dataset.id,
    itemIds: [video.id],
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  let mine: { id: string };
  try {
    [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
    await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${video.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${task.id}/items/${video.id}?review=1&i=0`);
    await layerReady(page);
  } catch (e) {
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
    throw e;
  }
  return { dataset, ownerTok, mgrTok, video, task, mine };
}

test('review of a video: I opens the reject dialog (not a key frame) on the picture and on the timeline; the help lists I once', async ({
  page,
  request,
}) => {
  const { ownerTok, task } = await openCompletedVideoForReview(page, request, 'Review video keys (e2e)');
  try {
    await expect(page.locator('demo-item [data-action="reject"]')).toBeVisible();
    // The timeline's key-frame button names no key here: `I` is Reject (it did say "(I)").
    await expect(page.locator('dl-timeline button[data-action="insert"]')).toHaveAttribute(
      'aria-label',
      'Key frame here',
    );
    const layer = page.locator('dl-annotation-layer');
    // Frame 20, the first visible box selected (a track: `I` would make a key frame there).
    await page.locator('dl-item-viewer').evaluate((v: any) => v.seekFrame(20));
    await expect.poll(() => page.locator('dl-item-viewer').evaluate((v: any) => v.currentFrame)).toBe(20);
    const key = await layer.evaluate((l: any) => {
      const k = [...l.store.listedRows().keys].find(
        (x: string) => l.store.shapes.states.get(x)?.type === 'box' && !l.store.shapes.hidden.has(x),
      );
      l.select([k]);
      return k as string;
    });
    expect(key).toBeTruthy();
    const keyFrames = () =>
      layer.evaluate(
        (l: any, k: string) =>
          JSON.stringify(
            l.annotations.find((a: any) => (a.id ?? a.metadata?.system?.clientId) === k)?.metadata?.system
              ?.snapshots_ ?? [],
          ),
        key,
      );
    const before = await keyFrames();
    const dialog = page.locator('demo-reject-dialog [role="dialog"]');

    // 1. On the picture.
    await layer.focus();
    await page.keyboard.press('i');
    await expect(dialog).toBeVisible();
    expect(await keyFrames()).toBe(before);
    // It names the object and the frame the issue is pinned to (before: "the selected Car box", with
    // two cars in the clip and no frame; walk 35).
    const name = await layer.evaluate((l: any, k: string) => {
      const a = l.annotations.find((x: any) => (x.id ?? x.metadata?.system?.clientId) === k);
      return `${l.store.displayName(a.label)} #${a.metadata.system.objectId} box at frame 20`;
    }, key);
    await expect(page.locator('demo-reject-dialog [data-pinned]')).toContainText(
      `The issue is pinned to the selected ${name}.`,
    );
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // 2. On the timeline's track list.
    await page.locator('dl-timeline .tracks').focus();
    await page.keyboard.press('i');
    await expect(dialog).toBeVisible();
    expect(await keyFrames()).toBe(before);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // 3. The help: `I` once, as Reject.
    await layer.focus();
    await page.keyboard.press('?');
    const help = page.locator('demo-help-overlay');
    await expect(help.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
    const rows = help.locator('tr[data-keys="I"]');
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('Reject');
    await page.keyboard.press('Escape');
  } finally {
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  }
});

// A reviewer's issue on a video names the frame they saw: the annotator's Show goes there (before,
// the item opened at frame 0 and Show selected the track without moving: "drifts at frame 40"
// had to be searched for). The test removes its note, the shape's status and its task after.
test('an issue raised on a video frame: the annotator’s Show goes to that frame and selects the track', async ({
  page,
  request,
}) => {
  const { dataset, ownerTok, mgrTok, video, task, mine } = await openCompletedVideoForReview(
    page,
    request,
    'Issue frame (e2e)',
  );
  let key = '';
  try {
    const viewer = page.locator('dl-item-viewer');
    const layer = page.locator('dl-annotation-layer');
    await viewer.evaluate((v: any) => v.seekFrame(40));
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(40);
    key = await layer.evaluate((l: any) => {
      const k = [...l.store.listedRows().keys].find(
        (x: string) => l.store.shapes.states.get(x)?.type === 'box' && !l.store.shapes.hidden.has(x),
      );
      l.select([k]);
      return k as string;
    });
    await layer.focus();
    // At 1024x700 the dialog leaves the frame in view while the reviewer types (centred, it covered
    // the picture and the timeline).
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.keyboard.press('i');
    const dialog = page.locator('demo-reject-dialog [role="dialog"]');
    await expect(dialog).toBeVisible();
    await page.keyboard.type('The box drifts off the car here.');
    await expect
      .poll(async () => {
        const shown = await viewer.evaluate((v: any) => {
          const r = v.getBoundingClientRect();
          const { scale, x, y } = v.view;
          const w = v.item?.metadata?.system?.width ?? 0;
          const h = v.item?.metadata?.system?.height ?? 0;
          return { left: r.left + x, top: r.top + y, right: r.left + x + w * scale, bottom: r.top + y + h * scale };
        });
        const box = (await dialog.boundingBox())!;
        expect(shown.right - shown.left, 'the picture has a size').toBeGreaterThan(100);
        return box.x >= shown.right || box.y >= shown.bottom || box.x + box.width <= shown.left;
      }, 'the dialog clear of the picture')
      .toBe(true);
    await page.screenshot({ path: 'test-results/screens/video-reject-dialog-1024x700.png' });
    // The video moves under the dialog: the issue stays on the frame the dialog names (before, it
    // was pinned to the frame shown when it was sent).
    await expect(dialog).toContainText('frame 40');
    await viewer.evaluate((v: any) => v.seekFrame(50));
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(50);
    await expect(dialog).toContainText('frame 40');
    await dialog.locator('[data-action="confirm-reject"]').click();
    await expect(dialog).toHaveCount(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => taskStatusOf(request, mgrTok, video.id, task.id)).toBe(null);

    await page.locator('header button', { hasText: 'Sign out' }).click();
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${mine.id}`);
    await page.locator('[data-action="next-to-label"]').click();
    await layerReady(page);
    const issue = page.locator('demo-issues [data-issue]');
    await expect(issue).toContainText('The box drifts off the car here.');
    // The banner says the frame, and the note's mark is where the car is on frame 40 (it was at the
    // track's first-frame box, elsewhere in the picture).
    await expect(issue.locator('.msg [data-issue-frame]')).toHaveText('On frame 40:');
    const anns = await serverAnnotations(request, ownerTok, dataset.id, video.id);
    const track = anns.find((a) => a.id === key)!;
    const note = anns.find((a) => a.type === 'note' && a.metadata?.system?.parentId === key)!;
    const bounds = (c: any) => {
      const [p, q] = c as { x: number; y: number }[];
      return [Math.min(p!.x, q!.x), Math.min(p!.y, q!.y), Math.max(p!.x, q!.x), Math.max(p!.y, q!.y)];
    };
    const at40 = bounds(trackStateAt(track, 40)!.coordinates);
    expect(at40).not.toEqual(bounds(track.coordinates)); // the car moved since the first frame
    expect(bounds(note.coordinates.box).map((v) => Math.round(v))).toEqual(at40.map((v) => Math.round(v)));
    await viewer.evaluate((v: any) => v.seekFrame(0));
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(0);
    await issue.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(40);
    await expect.poll(() => layer.evaluate((l: any) => l.selected[0]?.id)).toBe(key);
    await page.screenshot({ path: 'test-results/screens/video-issue-on-frame-40.png' });
  } finally {
    const anns = await serverAnnotations(request, ownerTok, dataset.id, video.id);
    for (const n of anns.filter((a) => a.type === 'note' && a.metadata?.system?.parentId === key))
      await api(request, ownerTok, 'DELETE', `/annotations/${n.id}`);
    if (key)
      await api(request, ownerTok, 'PUT', `/annotations/${key}?system=true`, {
        metadata: { system: { status: null } },
      });
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  }
  // Restored: no note on the track, no status on it.
  const after = await serverAnnotations(request, ownerTok, dataset.id, video.id);
  expect(after.filter((a) => a.type === 'note' && a.metadata?.system?.parentId === key)).toEqual([]);
  expect(after.find((a) => a.id === key)?.metadata?.system?.status ?? null).toBe(null);
});

test('a rejection undone (U) reopens the video at the frame the reviewer was on, not frame 0', async ({
  page,
  request,
}) => {
  // Before, the undo went back to the item at frame 0: the reviewer who rejected at frame 40 and
  // undid it looked for the frame again (walk 35 finding 8). The test undoes its rejection (the
  // note and the status go with it) and deletes its task; the finally restores them in any case.
  const { dataset, ownerTok, mgrTok, video, task } = await openCompletedVideoForReview(
    page,
    request,
    'Undo reject frame (e2e)',
  );
  let key = '';
  try {
    const viewer = page.locator('dl-item-viewer');
    const layer = page.locator('dl-annotation-layer');
    await viewer.evaluate((v: any) => v.seekFrame(40));
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(40);
    key = await layer.evaluate((l: any) => {
      const k = [...l.store.listedRows().keys].find(
        (x: string) => l.store.shapes.states.get(x)?.type === 'box' && !l.store.shapes.hidden.has(x),
      );
      l.select([k]);
      return k as string;
    });
    await layer.focus();
    await page.keyboard.press('i');
    const dialog = page.locator('demo-reject-dialog [role="dialog"]');
    await expect(dialog).toBeVisible();
    await page.keyboard.type('Loose box.');
    await page.keyboard.press('Control+Enter');
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => taskStatusOf(request, mgrTok, video.id, task.id)).toBe(null);
    // The only item of the task: the page moves on (to the review list); U undoes.
    await expect(page.locator('[data-undo-text]')).toContainText('Sent back');
    await page.keyboard.press('u');
    await expect(page.locator('[data-undo-text]')).toContainText('Rejection undone');
    await layerReady(page);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`/items/${video.id}`);
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(40);
    await expect.poll(() => taskStatusOf(request, mgrTok, video.id, task.id)).toBe('completed');
  } finally {
    const anns = await serverAnnotations(request, ownerTok, dataset.id, video.id);
    for (const n of anns.filter((a) => a.type === 'note' && a.metadata?.system?.parentId === key))
      await api(request, ownerTok, 'DELETE', `/annotations/${n.id}`);
    if (key)
      await api(request, ownerTok, 'PUT', `/annotations/${key}?system=true`, {
        metadata: { system: { status: null } },
      });
    await api(request, ownerTok, 'DELETE', `/annotationtasks/${task.id}`, { asynced: false });
  }
  const after = await serverAnnotations(request, ownerTok, dataset.id, video.id);
  expect(after.filter((a) => a.type === 'note' && a.metadata?.system?.parentId === key)).toEqual([]);
  expect(after.find((a) => a.id === key)?.metadata?.system?.status ?? null).toBe(null);
});
