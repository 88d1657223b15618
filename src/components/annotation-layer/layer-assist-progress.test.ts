// What every assisted tool of <dl-annotation-layer> shares, with real input and the real assist worker:
// the progress shows for an action that takes longer than 150 ms ("Loading OpenCV…" while OpenCV
// starts) and never for a quick one, Esc cancels a running action, a new action supersedes the
// running one, and a picked tool gets OpenCV and the image ready before the first click.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { configureAssist, getAssist } from '../../workers/shared-assist.js';
import { base64ToBytes } from '../../geometry/codec/base64.js';
import type { DlItemViewer } from '../item-viewer/item-viewer.js';
import { frames, realClick, realDrag } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { at, events, holdWorker, iou, known, maskOf, mountScene, SCENE, until } from './assist-test-utils.js';

vi.setConfig({ testTimeout: 180_000 }); // the worker's OpenCV start is slow on a loaded machine

beforeAll(() => page.viewport(900, 700));
afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));
afterAll(() => configureAssist({})); // stops the assist worker

const status = (layer: DlAnnotationLayer) => layer.shadowRoot!.querySelector<HTMLElement>('[data-assist-status]');

/** Records every progress indicator the layer shows (it may come and go between two frames). */
function watchStatus(layer: DlAnnotationLayer): string[] {
  const seen: string[] = [];
  const look = () => {
    const s = status(layer);
    if (s && seen[seen.length - 1] !== s.textContent) seen.push(s.textContent!.trim());
  };
  new MutationObserver(look).observe(layer.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return seen;
}

describe('<dl-annotation-layer> assisted actions: progress, cancel, supersede', () => {
  it('an action queued behind a busy worker shows "Working…" after 150 ms, then its result', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(20, 20)); // a first action: OpenCV and the image are ready afterwards
    await until(() => log.length === 1, 60_000, 'the first result');
    const hold = await holdWorker();
    const seen = watchStatus(layer);
    await realClick(...at(70, 80));
    await until(() => !!status(layer), 20_000, 'the progress');
    expect(status(layer)!.textContent!.trim()).toBe('Working…');
    expect(status(layer)!.getAttribute('role')).toBe('progressbar');
    await hold.release();
    await until(() => log.length === 2, 30_000, 'the result');
    expect(iou(await maskOf(log[1]!.annotation), known('red-disc'))).toBeGreaterThanOrEqual(0.95);
    await until(() => !status(layer), 5_000, 'the progress to go');
    expect(seen).toContain('Working…');
  });

  it('a quick action shows no progress at all', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(20, 20));
    await until(() => log.length === 1, 60_000, 'the first result (warm-up)');
    const seen = watchStatus(layer);
    await realClick(...at(175, 130));
    await until(() => log.length === 2, 20_000, 'the result');
    await frames(3);
    expect(seen).toEqual([]);
  });

  it('Esc cancels the running action: the progress goes, no annotation comes', async () => {
    const { layer } = await mountScene({ tool: 'grabcut' });
    const log = events(layer);
    layer.tool = 'magic-wand';
    await realClick(...at(20, 20));
    await until(() => log.length === 1, 60_000, 'the warm-up');
    layer.tool = 'grabcut';
    await layer.updateComplete;
    const hold = await holdWorker();
    await realDrag(...at(140, 95), ...at(211, 166), 4);
    await until(() => !!status(layer), 20_000, 'the progress');
    layer.focus();
    await userEvent.keyboard('{Escape}');
    await layer.updateComplete;
    expect(status(layer)).toBeNull();
    expect(layer.tool).toBe('grabcut'); // this Esc only cancelled
    await hold.release();
    // the worker is free again: a new action runs and is the only new annotation
    await realDrag(...at(131, 23), ...at(220, 88), 4);
    await until(() => log.length === 2, 30_000, 'the next result');
    expect(iou(await maskOf(log[1]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
    await frames(10);
    expect(log).toHaveLength(2);
  });

  it('a new click supersedes the one still waiting: only the newer region becomes an annotation', async () => {
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    await realClick(...at(20, 20));
    await until(() => log.length === 1, 60_000, 'the warm-up');
    const hold = await holdWorker();
    await realClick(...at(70, 80)); // red disc: waits behind the busy worker
    await realClick(...at(175, 55)); // blue rectangle: replaces it
    await hold.release();
    await until(() => log.length === 2, 30_000, 'the result');
    await until(() => !status(layer), 10_000, 'idle');
    await frames(10);
    expect(log).toHaveLength(2);
    expect(iou(await maskOf(log[1]!.annotation), known('blue-rect'))).toBeGreaterThanOrEqual(0.95);
  });

  it('the first action on a cold worker says "Loading OpenCV…"; with assist-preload the item gets it ready unasked', async () => {
    configureAssist({}); // a cold worker: OpenCV not loaded
    const { layer } = await mountScene({ tool: 'magic-wand' });
    const log = events(layer);
    const seen = watchStatus(layer);
    await realClick(...at(70, 80));
    await until(() => log.length === 1, 120_000, 'the result');
    expect(seen[0]).toBe('Loading OpenCV…');

    configureAssist({});
    const viewer = document.createElement('dl-item-viewer') as DlItemViewer;
    const l2 = document.createElement('dl-annotation-layer') as DlAnnotationLayer;
    l2.assistPreload = true;
    viewer.append(l2);
    viewer.blob = new Blob([base64ToBytes(SCENE.png) as BlobPart], { type: 'image/png' });
    viewer.style.cssText = 'position:fixed;left:0;top:0;width:400px;height:300px';
    document.body.append(viewer);
    await until(() => getAssist().ready, 120_000, 'OpenCV loaded by the preload');
    const held = async () => (await getAssist().stats()).keys.filter((k) => k.startsWith('dl-layer-image-'));
    const t0 = performance.now();
    while (!(await held()).length && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
    expect((await held()).length).toBe(1); // the image is there before any action
  });
});
