// Chromium: assisted annotation through the geometry worker — results equal to native OpenCV and to
// the known shapes of the test scenes, images held per key, cooperative cancellation (the worker and
// its images survive), lanes, progress, eviction and recovery after a worker crash.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 120_000 }); // a worker's OpenCV start is slow on a loaded machine
import { assistFixture, iou, sceneImage, shapeMask } from '../../test/fixtures/geometry/assist-fixtures.js';
import { decodeRle } from '../../test/fixtures/geometry/fixtures.js';
import { getGeometryBackend } from '../entities/geometry-backend.js';
import '../geometry/index.js';
import type { AssistBackend, AssistProgress } from '../geometry/assist/assist-types.js';
import { isAbortError } from '../geometry/assist/assist-types.js';
import { DlGeometryError } from '../geometry/errors.js';
import type { AssistImage } from '../geometry/kernels/assist-image.js';
import { expandPlacedMask } from '../geometry/kernels/placed-mask.js';
import { movingObjectFrames } from '../geometry/test-utils/assist-scenes.js';
import { createGeometryWorker, createWorkerAssist, DlWorkerError, GeometryWorkerPool } from './index.js';

const pools: GeometryWorkerPool[] = [];
afterAll(() => pools.forEach((p) => p.dispose()));

function backend(maxBytes?: number): { assist: AssistBackend; pool: GeometryWorkerPool } {
  const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1 });
  pools.push(pool);
  return { assist: createWorkerAssist(() => pool, { maxBytes }), pool };
}

/**
 * One warm worker for the tests that do not depend on a fresh worker (cold start, progress of
 * 'starting', abort, crash, eviction budget and spawn counts keep their own `backend()`): OpenCV
 * starts once per file instead of once per describe. Each of these tests sets the images it uses
 * under its own keys, so it passes alone (`-t`) as in any order. Disposed by the `afterAll` above.
 */
const warm = backend();

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );
const same = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((v, i) => (v ? 1 : 0) === (b[i] ? 1 : 0));

/** The scene as an ImageBitmap of exactly its pixels (what a layer sends: `createImageBitmap(img)`). */
async function sceneBitmap(name: string): Promise<ImageBitmap> {
  const img = sceneImage(name);
  const rgba = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.data.length; i += 3, j += 4) {
    rgba[j] = img.data[i]!;
    rgba[j + 1] = img.data[i + 1]!;
    rgba[j + 2] = img.data[i + 2]!;
    rgba[j + 3] = 255;
  }
  return createImageBitmap(new ImageData(rgba, img.width, img.height), {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
}

describe('assist worker: results equal native OpenCV (image sent as a bitmap)', () => {
  const { assist, pool } = warm;
  const ready = (async () => {
    for (const name of Object.keys(assistFixture.scenes)) await assist.setImage(name, () => sceneBitmap(name));
  })();

  it('magic wand, every fixture case', async () => {
    await ready;
    for (const c of assistFixture.wand) {
      const r = await assist.magicWand(c.scene, c.params);
      const s = assistFixture.scenes[c.scene]!;
      expect(same(expandPlacedMask(r, s.width, s.height).data, decodeRle(c.mask).data), JSON.stringify(c.params)).toBe(
        true,
      );
    }
  });

  it('GrabCut, every fixture case', async () => {
    await ready;
    for (const c of assistFixture.grabCut) {
      const r = await assist.grabCut(c.scene, c.params);
      const s = assistFixture.scenes[c.scene]!;
      expect(same(expandPlacedMask(r, s.width, s.height).data, decodeRle(c.mask).data)).toBe(true);
    }
  });

  it('intelligent scissors, every fixture path', async () => {
    await ready;
    for (const c of assistFixture.scissors) {
      const h = await assist.prepareScissors(c.scene, c.params);
      for (const [k, q] of c.queries.entries())
        expect((await assist.scissorsPath(h, q.from, q.to)).map((p) => [p.x, p.y])).toEqual(c.paths[k]);
      await assist.releaseScissors(h);
    }
  });

  it('watershed, every fixture case', async () => {
    await ready;
    for (const c of assistFixture.watershed) {
      const r = await assist.watershed(c.scene, c.params);
      const s = assistFixture.scenes[c.scene]!;
      expect(r.map((x) => x.label)).toEqual(c.labels.map((x) => x.label));
      r.forEach((x, k) =>
        expect(same(expandPlacedMask(x.mask, s.width, s.height).data, decodeRle(c.labels[k]!.mask).data)).toBe(true),
      );
    }
    expect(pool.spawned).toBe(1);
  });
});

describe('assist worker: the known shapes (IoU >= 0.95) as polygons and masks', () => {
  const { assist } = warm;

  it('wand and GrabCut find every disc and rectangle; polygons match the masks', async () => {
    for (const [name, s] of Object.entries(assistFixture.scenes)) {
      const key = `shapes:${name}`; // not the bitmap keys of the describe above (same warm worker)
      await assist.setImage(key, sceneImage(name));
      for (const sh of s.shapes) {
        const truth = shapeMask(sh, s.width, s.height);
        const cx = sh.kind === 'disc' ? sh.cx! : sh.x! + (sh.width! >> 1);
        const cy = sh.kind === 'disc' ? sh.cy! : sh.y! + (sh.height! >> 1);
        const wand = await assist.magicWand(key, { x: cx, y: cy, tolerance: 24 }, { polygons: true });
        expect(iou(expandPlacedMask(wand, s.width, s.height).data, truth), `wand ${sh.name}`).toBeGreaterThanOrEqual(
          0.95,
        );
        // the polygon (a `segment` annotation's coordinates) covers the same shape
        const poly = await getGeometryBackend().maskFromPolygon(wand.polygons![0]![0]!, s.height, s.width);
        expect(iou(poly.data, truth), `wand polygon ${sh.name}`).toBeGreaterThanOrEqual(0.95);
        const pad = 6;
        const rect =
          sh.kind === 'disc'
            ? {
                x: sh.cx! - sh.r! - pad,
                y: sh.cy! - sh.r! - pad,
                width: 2 * (sh.r! + pad) + 1,
                height: 2 * (sh.r! + pad) + 1,
              }
            : { x: sh.x! - pad, y: sh.y! - pad, width: sh.width! + 2 * pad, height: sh.height! + 2 * pad };
        const gc = await assist.grabCut(key, { rect });
        expect(iou(expandPlacedMask(gc, s.width, s.height).data, truth), `grabCut ${sh.name}`).toBeGreaterThanOrEqual(
          0.95,
        );
      }
    }
  });

  it('a preview bitmap of the mask box in the asked colour, ready to draw', async () => {
    await assist.setImage('p', sceneImage('discs-rects'));
    const r = await assist.magicWand(
      'p',
      { x: 70, y: 80, tolerance: 24 },
      { preview: [255, 0, 0, 128], encode: [1, 2, 3] },
    );
    // and the binary annotation's data URL, encoded in the worker: the same mask, full size
    const { mask, color } = await getGeometryBackend().decodeSegmentation(r.dataUrl!);
    expect(color).toEqual([1, 2, 3, 255]);
    expect(same(mask.data, decodeRle(assistFixture.wand[0]!.mask).data)).toBe(true);
    expect(r.preview).toBeInstanceOf(ImageBitmap);
    expect([r.preview!.width, r.preview!.height]).toEqual([r.mask.width, r.mask.height]);
    const ctx = new OffscreenCanvas(r.mask.width, r.mask.height).getContext('2d')!;
    ctx.drawImage(r.preview!, 0, 0);
    const px = ctx.getImageData(0, 0, r.mask.width, r.mask.height, { colorSpace: 'srgb' }).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
    expect(n).toBe(r.area);
  });

  it('previews one after another: each bitmap is its own mask, nothing left from a larger one before', async () => {
    await assist.setImage('p2', sceneImage('discs-rects'));
    const pixelsOf = (b: ImageBitmap) => {
      const ctx = new OffscreenCanvas(b.width, b.height).getContext('2d')!;
      ctx.drawImage(b, 0, 0);
      return ctx.getImageData(0, 0, b.width, b.height, { colorSpace: 'srgb' }).data;
    };
    const big = await assist.magicWand('p2', { x: 70, y: 80, tolerance: 24 }, { preview: [0, 0, 255, 255] });
    const small = await assist.magicWand('p2', { x: 1, y: 1, tolerance: 24 }, { preview: [255, 0, 0, 255] });
    expect(big.mask.width * big.mask.height).toBeGreaterThan(small.mask.width * small.mask.height);
    for (const r of [big, small]) {
      const px = pixelsOf(r.preview!);
      const want = r === big ? [0, 0, 255, 255] : [255, 0, 0, 255];
      let wrong = 0;
      for (let i = 0; i < r.mask.data.length; i++) {
        const got = [px[4 * i], px[4 * i + 1], px[4 * i + 2], px[4 * i + 3]];
        if (r.mask.data[i] ? got.some((v, k) => v !== want[k]) : got[3] !== 0) wrong++;
      }
      expect(wrong, `${r === big ? 'first' : 'second'} preview pixels unlike the mask`).toBe(0);
      r.preview!.close();
    }
  });
});

describe('assist worker: the mask before its PNG (encodeLater, previewScale)', () => {
  const { assist } = warm;

  it('answers without the PNG and gives the same data URL later; a newer call of the lane and cancelAll do not lose it', async () => {
    await assist.setImage('e', sceneImage('discs-rects'));
    const seed = { x: 70, y: 80, tolerance: 24 };
    const one = await assist.magicWand('e', seed, { encode: [1, 2, 3], lane: null });
    const r = await assist.magicWand('e', seed, { encode: [1, 2, 3], encodeLater: true });
    expect(r.dataUrl).toBeUndefined();
    expect(r.dataUrlLater).toBeInstanceOf(Promise);
    expect(same(r.mask.data, one.mask.data)).toBe(true); // the same mask, pixel for pixel
    const next = assist.magicWand('e', { x: 175, y: 55, tolerance: 24 }, { encode: [1, 2, 3], encodeLater: true });
    assist.cancelAll();
    expect(isAbortError(await rejection(next))).toBe(true);
    expect(await r.dataUrlLater).toBe(one.dataUrl);
  });

  it('a PNG being encoded does not hold up the next click: its answer comes first, the PNG after, unchanged', async () => {
    // a 2048² image of two grey levels at random (70% the seed's): the wand's region is one large,
    // noisy cluster, whose PNG takes many slices to encode
    const n = 2048;
    const data = new Uint8Array(n * n * 3);
    let s = 12345;
    for (let i = 0; i < n * n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      data.fill((s >>> 8) % 10 < 7 ? 100 : 200, 3 * i, 3 * i + 3);
    }
    data.fill(100, 0, 3); // the seed pixel
    await assist.setImage('noisy', { width: n, height: n, format: 'rgb', data });
    await assist.setImage('small', sceneImage('discs-rects'));
    const seed = { x: 0, y: 0, tolerance: 10 };
    const once = await assist.magicWand('noisy', seed, { encode: [1, 2, 3], lane: null });
    expect(once.area).toBeGreaterThan(n * n * 0.5);
    const order: string[] = [];
    const big = await assist.magicWand('noisy', seed, { encode: [1, 2, 3], encodeLater: true });
    const png = big.dataUrlLater!.then((u) => {
      order.push('png');
      return u;
    });
    // the next click, asked while the PNG is pending
    const click = assist.magicWand('small', { x: 70, y: 80, tolerance: 24 }, { lane: 'other' }).then((r) => {
      order.push('click');
      return r;
    });
    await Promise.all([png, click]);
    expect(order).toEqual(['click', 'png']);
    expect(await png).toBe(once.dataUrl); // the same PNG as the one-piece encode
    expect(big.mask.data.byteLength).toBe(once.mask.data.byteLength); // the page's own copy of the mask
    expect(same(big.mask.data, once.mask.data)).toBe(true);
  });

  it('large regions come in buffers the worker touched before (the image size); kept copies and PNGs stay right', async () => {
    // 1024²: rows 0..767 two grey levels at random (the seed's region, a box of about 1024x768), the rest
    // one level (a 1024x256 region: too small for an image-size buffer, it gets a new one)
    const n = 1024;
    const data = new Uint8Array(n * n * 3);
    let s = 777;
    for (let i = 0; i < n * n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      data.fill(i < 768 * n ? ((s >>> 8) % 10 < 7 ? 100 : 200) : 30, 3 * i, 3 * i + 3);
    }
    data.fill(100, 0, 3);
    await assist.setImage('touched', { width: n, height: n, format: 'rgb', data });
    const top = { x: 0, y: 0, tolerance: 10 };
    const bottom = { x: 5, y: 900, tolerance: 10 };
    const ref = await assist.magicWand('touched', top, { encode: [1, 2, 3], lane: null });
    const ref2 = await assist.magicWand('touched', bottom, { encode: [1, 2, 3], lane: null });
    expect(ref.mask.data.length).toBeGreaterThan(n * n * 0.5);
    expect(ref.mask.data.buffer.byteLength).toBe(ref.mask.data.length); // before the worker reserved any
    // the worker touches its buffers between messages after the first answer: soon one comes in one
    let r = ref;
    for (let k = 0; k < 20 && r.mask.data.buffer.byteLength !== n * n; k++) {
      r = await assist.magicWand('touched', top, { encode: [1, 2, 3], encodeLater: true });
      expect(same(r.mask.data, ref.mask.data)).toBe(true);
      expect(await r.dataUrlLater).toBe(ref.dataUrl);
    }
    expect(r.mask.data.buffer.byteLength).toBe(n * n);
    expect(r.mask.data.length).toBe(ref.mask.data.length);
    // a preview alone (the tool's hover) leaves the touched buffers to the clicks: its bytes are new
    const hover = await assist.magicWand('touched', top, { preview: [1, 2, 3, 255] });
    expect(hover.preview).toBeDefined();
    expect(hover.mask.data.buffer.byteLength).toBe(hover.mask.data.length);
    expect(same(hover.mask.data, ref.mask.data)).toBe(true);
    hover.preview?.close();
    // two clicks whose PNGs are pending at once: each keeps its own copy; the small region's buffer is its size
    const [a, b] = await Promise.all([
      assist.magicWand('touched', top, { encode: [1, 2, 3], encodeLater: true, lane: 'a' }),
      assist.magicWand('touched', bottom, { encode: [1, 2, 3], encodeLater: true, lane: 'b' }),
    ]);
    expect(b.mask.data.buffer.byteLength).toBe(ref2.mask.data.length);
    expect(same(a.mask.data, ref.mask.data)).toBe(true);
    expect(same(b.mask.data, ref2.mask.data)).toBe(true);
    expect(await Promise.all([a.dataUrlLater, b.dataUrlLater])).toEqual([ref.dataUrl, ref2.dataUrl]);
  });

  it('previewScale k: a bitmap of ceil(w/k) x ceil(h/k), each pixel the top-left image pixel of its block', async () => {
    await assist.setImage('s', sceneImage('discs-rects'));
    const r = await assist.magicWand(
      's',
      { x: 70, y: 80, tolerance: 24 },
      { preview: [9, 8, 7, 255], previewScale: 3 },
    );
    expect(r.previewScale).toBe(3);
    const w = Math.ceil(r.mask.width / 3);
    const h = Math.ceil(r.mask.height / 3);
    expect([r.preview!.width, r.preview!.height]).toEqual([w, h]);
    const ctx = new OffscreenCanvas(w, h).getContext('2d')!;
    ctx.drawImage(r.preview!, 0, 0);
    const px = ctx.getImageData(0, 0, w, h, { colorSpace: 'srgb' }).data;
    let wrong = 0;
    for (let j = 0; j < h; j++)
      for (let i = 0; i < w; i++)
        if (px[4 * (j * w + i) + 3]! > 0 !== !!r.mask.data[3 * j * r.mask.width + 3 * i]) wrong++;
    expect(wrong).toBe(0);
    r.preview!.close();
  });
});

describe('assist worker: cancellation, lanes and progress', () => {
  it('aborting a running GrabCut stops it between iterations; the worker and its image stay', async () => {
    const { assist, pool } = backend();
    await assist.setImage('s', sceneImage('discs-rects'));
    const c = assistFixture.grabCut[0]!;
    await assist.magicWand('s', { x: 1, y: 1 }); // the worker is up
    const ctl = new AbortController();
    const seen: AssistProgress[] = [];
    let abortedAt = -1;
    const p = rejection(
      assist.grabCut(
        's',
        { rect: { x: 10, y: 10, width: 220, height: 160 }, iterations: 10, margin: 5 },
        {
          signal: ctl.signal,
          onProgress: (x) => {
            seen.push(x);
            if (x.stage === 'running' && (x.done ?? 0) >= 1 && abortedAt < 0) {
              abortedAt = x.done!;
              ctl.abort();
            }
          },
        },
      ),
    );
    const e = await p;
    expect(e).toBeInstanceOf(DlWorkerError);
    expect((e as DlWorkerError).code).toBe('aborted');
    expect(isAbortError(e)).toBe(true);
    // the next call is served by the same worker, with the image still held
    const r = await assist.grabCut('s', c.params);
    expect(same(expandPlacedMask(r, 240, 180).data, decodeRle(c.mask).data)).toBe(true);
    expect(pool.spawned).toBe(1);
    expect((await assist.stats()).keys).toEqual(['s']);
    // the worker stopped at its next step: no progress of later iterations arrived meanwhile
    expect(abortedAt).toBeGreaterThanOrEqual(1);
    expect(Math.max(...seen.map((x) => x.done ?? 0))).toBeLessThanOrEqual(abortedAt + 1);
  });

  it('a burst of wand clicks: each supersedes the previous, the last answers, no restart', async () => {
    const { assist, pool } = backend();
    await assist.setImage('s', sceneImage('discs-rects'));
    await assist.magicWand('s', { x: 1, y: 1 });
    const calls = [10, 20, 30, 40, 50].map((t) => assist.magicWand('s', { x: 70, y: 80, tolerance: t }));
    const results = await Promise.all(calls.map(rejection));
    const last = await calls[4]!;
    expect(last.area).toBeGreaterThan(4000);
    expect(results.slice(0, 4).every((e) => e === null || isAbortError(e))).toBe(true);
    expect(results.slice(0, 4).some((e) => isAbortError(e))).toBe(true);
    expect(pool.spawned).toBe(1);
  });

  it('reports "starting" on a cold worker, then GrabCut iterations', async () => {
    const { assist } = backend();
    expect(assist.ready).toBe(false);
    const seen: AssistProgress[] = [];
    const set = assist.setImage('s', sceneImage('discs-rects'));
    const r = await assist.grabCut('s', assistFixture.grabCut[0]!.params, { onProgress: (p) => seen.push(p) });
    await set;
    expect(seen[0]!.stage).toBe('starting');
    const running = seen.filter((p) => p.stage === 'running');
    expect(running.length).toBeGreaterThanOrEqual(1);
    expect(running.every((p) => p.total === 5)).toBe(true);
    expect(r.area).toBe(assistFixture.grabCut[0]!.area);
    expect(assist.ready).toBe(true);
  });

  it('cancelAll rejects everything unfinished', async () => {
    const { assist } = backend();
    await assist.setImage('s', sceneImage('discs-rects'));
    const a = rejection(
      assist.grabCut('s', { rect: { x: 10, y: 10, width: 220, height: 160 }, margin: 5, iterations: 10 }),
    );
    const b = rejection(assist.watershed('s', assistFixture.watershed[0]!.params));
    assist.cancelAll();
    expect(isAbortError(await a)).toBe(true);
    expect(isAbortError(await b)).toBe(true);
  });
});

describe('pool: cooperative abort', () => {
  it('aborted while the worker is still starting: nothing is sent, the slot is free, no restart', async () => {
    const { assist, pool } = backend();
    const ctl = new AbortController();
    const set = assist.setImage('s', sceneImage('dark-scene'));
    const p = rejection(assist.magicWand('s', { x: 100, y: 75 }, { signal: ctl.signal }));
    ctl.abort();
    expect(isAbortError(await p)).toBe(true);
    await set;
    expect((await assist.magicWand('s', { x: 100, y: 75, tolerance: 20 })).area).toBe(assistFixture.wand[7]!.area);
    expect(pool.spawned).toBe(1);
  });

  it('a worker that does not stop within abortGraceMs is terminated after all', async () => {
    const pool = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1, abortGraceMs: 300 });
    pools.push(pool);
    await pool.prewarm();
    const ctl = new AbortController();
    const hang = rejection(pool.call('misbehave', ['hang'], { signal: ctl.signal, cooperative: true }));
    await new Promise((r) => setTimeout(r, 100));
    ctl.abort();
    expect(((await hang) as DlWorkerError).code).toBe('aborted');
    expect(pool.ready).toBe(true); // still the same worker, spinning
    const stats = await pool.call('assistStats', []); // waits for the kill and the respawn
    expect(stats.keys).toEqual([]);
    expect(pool.spawned).toBe(2);
  });
});

describe('assist worker: held images', () => {
  it('evicts beyond the budget; a loader re-sends, plain pixels give image-missing', async () => {
    const { assist } = backend(400_000);
    const img = sceneImage('discs-rects');
    let loads = 0;
    await assist.setImage('a', () => (loads++, sceneBitmap('discs-rects')));
    await assist.setImage('b', img);
    await assist.magicWand('a', { x: 70, y: 80 });
    await assist.setImage('c', img);
    expect((await assist.stats()).keys).toEqual(['a', 'c']);
    const e = await rejection(assist.magicWand('b', { x: 70, y: 80 }));
    expect(e).toBeInstanceOf(DlGeometryError);
    expect((e as DlGeometryError).code).toBe('image-missing');
    await assist.setImage('d', img); // a goes
    expect((await assist.stats()).keys).not.toContain('a');
    const seen: string[] = [];
    const r = await assist.magicWand('a', { x: 70, y: 80, tolerance: 24 }, { onProgress: (p) => seen.push(p.stage) });
    expect(r.area).toBe(assistFixture.wand[0]!.area);
    expect(seen).toContain('image');
    expect(loads).toBe(2);
    expect(img.data.byteLength).toBe(240 * 180 * 3); // copied, not transferred
  });

  it('transfer: true hands the buffer over', async () => {
    const { assist } = warm;
    const img = sceneImage('dark-scene');
    await assist.setImage('t', img, { transfer: true });
    expect(img.data.byteLength).toBe(0);
    expect((await assist.magicWand('t', { x: 100, y: 75, tolerance: 20 })).area).toBe(assistFixture.wand[7]!.area);
  });

  it('after a worker crash, images from loaders and scissors regions come back by themselves', async () => {
    const { assist, pool } = backend();
    await assist.setImage('s', () => sceneBitmap('discs-rects'));
    const c = assistFixture.scissors[0]!;
    const h = await assist.prepareScissors('s', c.params);
    const q = c.queries[0]!;
    expect((await assist.scissorsPath(h, q.from, q.to)).map((p) => [p.x, p.y])).toEqual(c.paths[0]);
    const crash = await rejection(pool.call('misbehave', ['crash']));
    expect((crash as DlWorkerError).code).toBe('crashed');
    expect((await assist.scissorsPath(h, q.from, q.to)).map((p) => [p.x, p.y])).toEqual(c.paths[0]);
    expect(pool.spawned).toBe(2);
    expect((await assist.magicWand('s', { x: 70, y: 80, tolerance: 24 })).area).toBe(assistFixture.wand[0]!.area);
  });
});

describe('assist worker: box tracking over frames sent once', () => {
  it('follows a known motion within a pixel, with progress per frame', async () => {
    const { assist } = warm;
    const { frames, truth } = movingObjectFrames({
      width: 320,
      height: 240,
      frames: 20,
      box: { left: 40, top: 60, right: 100, bottom: 120 },
      velocity: { x: 5.5, y: 2.5 },
      scalePerFrame: 1.01,
    });
    const keys = frames.map((_, i) => `clip#${i}`);
    for (const [i, f] of frames.entries()) await assist.setImage(keys[i]!, f as AssistImage, { format: 'gray' });
    const done: number[] = [];
    const r = await assist.trackBox(keys, { box: truth[0]! }, { onProgress: (p) => p.done && done.push(p.done) });
    expect(r).toHaveLength(20);
    r.forEach((b, i) => {
      expect(b.ok).toBe(true);
      for (const k of ['left', 'top', 'right', 'bottom'] as const)
        expect(Math.abs(b[k] - truth[i]![k])).toBeLessThan(1.5);
    });
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });
});
