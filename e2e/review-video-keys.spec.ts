import { expect, test } from '@playwright/test';
import { api, queryItems, sample, serverAnnotations, signIn, taskStatusOf, token, USERS } from './helpers.js';
import { layerReady } from './layer.js';

// A video under review: `I` is "reject" (the review's key), wherever the focus is on the page; it
// does not also add a key frame (the layer's and the timeline's `I` elsewhere). Before, with a box
// selected the layer took `I` as "key frame here" and the reject dialog never opened; with the
// focus on the timeline's track list too. The help lists `I` once. The test makes its own task on
// the seeded street video (completed through the REST API), writes nothing to the video's
// annotations, and deletes the task after.

test('review of a video: I opens the reject dialog (not a key frame) on the picture and on the timeline; the help lists I once', async ({
  page,
  request,
}) => {
  const { dataset, tok: ownerTok } = await sample(request);
  const mgrTok = await token(request, USERS.manager);
  const annTok = await token(request, USERS.annotator2);
  const [video] = await queryItems(request, ownerTok, dataset.id, { $and: [{ filename: '/videos/street.mp4' }] });
  expect(video, 'seeded /videos/street.mp4').toBeTruthy();
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: 'Review video keys (e2e)',
    datasetId: dataset.id,
    itemIds: [video.id],
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  try {
    const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
    await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${video.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${task.id}/items/${video.id}?review=1&i=0`);
    await layerReady(page);
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
  const { dataset, tok: ownerTok } = await sample(request);
  const mgrTok = await token(request, USERS.manager);
  const annTok = await token(request, USERS.annotator2);
  const [video] = await queryItems(request, ownerTok, dataset.id, { $and: [{ filename: '/videos/street.mp4' }] });
  const task = await api<any>(request, mgrTok, 'POST', '/annotationtasks', {
    name: 'Issue frame (e2e)',
    datasetId: dataset.id,
    itemIds: [video.id],
    workload: [{ assigneeId: USERS.annotator2, load: 100 }],
    asynced: false,
  });
  let key = '';
  try {
    const [mine] = (await api<{ items: any[] }>(request, annTok, 'GET', `/assignments?taskId=${task.id}`)).items;
    await api(request, annTok, 'POST', `/assignments/${mine.id}/items/${video.id}/status`, {
      operation: 'create',
      status: 'completed',
    });
    await signIn(page, USERS.manager);
    await page.goto(`/#/tasks/${task.id}/items/${video.id}?review=1&i=0`);
    await layerReady(page);
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
    await page.keyboard.type('The box drifts off the car here.');
    await dialog.locator('[data-action="confirm-reject"]').click();
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => taskStatusOf(request, mgrTok, video.id, task.id)).toBe(null);

    await page.locator('header button', { hasText: 'Sign out' }).click();
    await signIn(page, USERS.annotator2);
    await page.goto(`/#/assignments/${mine.id}`);
    await page.locator('[data-action="next-to-label"]').click();
    await layerReady(page);
    const issue = page.locator('demo-issues [data-issue]');
    await expect(issue).toContainText('The box drifts off the car here.');
    await viewer.evaluate((v: any) => v.seekFrame(0));
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(0);
    await issue.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => viewer.evaluate((v: any) => v.currentFrame)).toBe(40);
    await expect.poll(() => layer.evaluate((l: any) => l.selected[0]?.id)).toBe(key);
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
