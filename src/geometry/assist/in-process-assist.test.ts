// Node: the in-process assist backend — held images, lanes, cancellation, progress, eviction and
// recovery — with results checked against the native OpenCV fixtures.
import { describe, expect, it } from 'vitest';
import { assistFixture, sceneImage } from '../../../test/fixtures/geometry/assist-fixtures.js';
import { decodeRle } from '../../../test/fixtures/geometry/fixtures.js';
import { decodeSegmentationPng } from '../codec/segmentation-codec.js';
import { DlGeometryError } from '../errors.js';
import { expandPlacedMask } from '../kernels/placed-mask.js';
import { movingObjectFrames } from '../test-utils/assist-scenes.js';
import { AssistClient, type AssistTransport, type TransportCallOptions } from './assist-client.js';
import { type AssistProgress, isAbortError } from './assist-types.js';
import { createInProcessAssist } from './in-process-assist.js';

const same = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((v, i) => (v ? 1 : 0) === (b[i] ? 1 : 0));
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('in-process assist backend', () => {
  it('magic wand on a held image: the native mask, polygons on request, the image size', async () => {
    const a = createInProcessAssist();
    const c = assistFixture.wand[0]!;
    await a.setImage('s', sceneImage(c.scene));
    const r = await a.magicWand('s', c.params, { polygons: { maxInstances: null }, encode: [9, 8, 7] });
    expect([r.imageWidth, r.imageHeight]).toEqual([240, 180]);
    // the binary annotation's data URL decodes to the same full-size mask, in the asked colour
    const { mask, color } = decodeSegmentationPng(r.dataUrl!);
    expect(color).toEqual([9, 8, 7, 255]);
    expect(same(mask.data, decodeRle(c.mask).data)).toBe(true);
    expect(same(expandPlacedMask(r, 240, 180).data, decodeRle(c.mask).data)).toBe(true);
    expect(r.polygons!.length).toBeGreaterThan(0);
    expect(r.polygons![0]![0]!.length).toBeGreaterThan(8);
    expect(r.preview).toBeUndefined(); // no bitmaps in Node
  });

  it('encodeLater: the answer without the PNG, then the same data URL as in one step', async () => {
    const a = createInProcessAssist();
    const c = assistFixture.wand[0]!;
    await a.setImage('s', sceneImage(c.scene));
    const one = await a.magicWand('s', c.params, { encode: [9, 8, 7] });
    const r = await a.magicWand('s', c.params, { encode: [9, 8, 7], encodeLater: true });
    expect(r.dataUrl).toBeUndefined();
    expect(same(r.mask.data, one.mask.data)).toBe(true);
    expect(await r.dataUrlLater).toBe(one.dataUrl);
    const w = await a.watershed(
      's',
      {
        scribbles: [
          { label: 'in', points: [{ x: 70, y: 80 }], radius: 3 },
          { label: 'out', points: [{ x: 5, y: 5 }], radius: 3 },
        ],
      },
      { encode: [1, 1, 1], encodeLater: true },
    );
    for (const l of w) {
      expect(l.mask.dataUrl).toBeUndefined();
      expect(decodeSegmentationPng(await l.mask.dataUrlLater!).mask.data.reduce((n, v) => n + (v ? 1 : 0), 0)).toBe(
        l.mask.area,
      );
    }
  });

  it('reports "starting" while OpenCV loads, then per-iteration progress of GrabCut', async () => {
    const a = createInProcessAssist();
    expect(a.ready).toBe(false);
    const c = assistFixture.grabCut[0]!;
    const seen: AssistProgress[] = [];
    const set = a.setImage('s', () => sceneImage(c.scene));
    // the action may reach the engine before the image does: then the loader restores it
    const r = await a.grabCut('s', { ...c.params, iterations: 3 }, { onProgress: (p) => seen.push(p) });
    await set;
    expect(seen[0]).toEqual({ stage: 'starting' });
    expect(seen.filter((p) => p.stage === 'running').map((p) => p.done)).toEqual([0, 1, 2]);
    expect(a.ready).toBe(true);
    expect(r.area).toBeGreaterThan(4000);
  });

  it('a new call in the same lane cancels the previous one; other lanes are untouched', async () => {
    const a = createInProcessAssist();
    const c = assistFixture.grabCut[0]!;
    await a.setImage('s', sceneImage(c.scene));
    const first = rejection(a.grabCut('s', { ...c.params, iterations: 8 }));
    const wand = a.magicWand('s', assistFixture.wand[0]!.params);
    const second = a.grabCut('s', c.params);
    const e = await first;
    expect(isAbortError(e)).toBe(true);
    expect(same(expandPlacedMask(await second, 240, 180).data, decodeRle(c.mask).data)).toBe(true);
    expect((await wand).area).toBe(assistFixture.wand[0]!.area);
  });

  it('a signal cancels between GrabCut iterations; cancelAll cancels everything; the backend keeps working', async () => {
    const a = createInProcessAssist();
    const c = assistFixture.grabCut[1]!;
    await a.setImage('s', sceneImage(c.scene));
    const ctl = new AbortController();
    let iterations = 0;
    const p = rejection(
      a.grabCut(
        's',
        { ...c.params, iterations: 10 },
        {
          signal: ctl.signal,
          onProgress: (x) => {
            if (x.stage === 'running' && x.done === 2) ctl.abort();
            if (x.stage === 'running') iterations = x.done ?? 0;
          },
        },
      ),
    );
    expect(isAbortError(await p)).toBe(true);
    expect(iterations).toBeLessThan(4);
    const q = rejection(a.grabCut('s', c.params, { lane: null }));
    const t = rejection(a.watershed('s', assistFixture.watershed[0]!.params, { lane: null }));
    a.cancelAll();
    expect(isAbortError(await q)).toBe(true);
    expect(isAbortError(await t)).toBe(true);
    // an already aborted signal rejects at once
    expect(isAbortError(await rejection(a.magicWand('s', { x: 1, y: 1 }, { signal: AbortSignal.abort() })))).toBe(true);
    const r = await a.grabCut('s', c.params);
    expect(same(expandPlacedMask(r, 240, 180).data, decodeRle(c.mask).data)).toBe(true);
  });

  it('evicts the least recently used image beyond the budget; a loader brings it back, plain pixels do not', async () => {
    const img = sceneImage('discs-rects'); // 240x180: 129,600 B as BGR, + 242x182 = 44,044 B of wand flood mask
    const a = createInProcessAssist({ maxBytes: 400_000 });
    let loads = 0;
    await a.setImage('a', () => (loads++, img));
    await a.setImage('b', img);
    await a.magicWand('a', { x: 70, y: 80 }); // a gets its flood mask and becomes the most recent
    await a.setImage('c', img); // 173,644 + 129,600 + 129,600 > 400,000: b (least recently used) goes
    expect((await a.stats()).keys).toEqual(['a', 'c']);
    expect((await a.stats()).bytes).toBeLessThanOrEqual(400_000);
    const e = await rejection(a.magicWand('b', { x: 70, y: 80 }));
    expect(e).toBeInstanceOf(DlGeometryError);
    expect((e as DlGeometryError).code).toBe('image-missing');
    await a.setImage('d', img);
    await a.setImage('e', img); // a (now the least recently used) went at d
    expect((await a.stats()).keys).not.toContain('a');
    const seen: string[] = [];
    const r = await a.magicWand('a', { x: 70, y: 80 }, { onProgress: (p) => seen.push(p.stage) });
    expect(r.area).toBe(assistFixture.wand[0]!.area);
    expect(seen).toContain('image');
    expect(loads).toBe(2);
  });

  it('dropImage forgets an image', async () => {
    const a = createInProcessAssist();
    await a.setImage('x', sceneImage('dark-scene'));
    await a.dropImage('x');
    expect((await a.stats()).keys).toEqual([]);
    const e = await rejection(a.magicWand('x', { x: 1, y: 1 }));
    expect((e as DlGeometryError).code).toBe('image-missing');
  });

  it('scissors: native paths through the handle; a replaced region is prepared again by itself', async () => {
    const a = createInProcessAssist();
    const c = assistFixture.scissors[0]!;
    await a.setImage('s', sceneImage(c.scene));
    const h = await a.prepareScissors('s', c.params);
    expect(h.rect).toEqual({ x: 0, y: 0, width: 240, height: 180 });
    for (const [k, q] of c.queries.entries())
      expect((await a.scissorsPath(h, q.from, q.to)).map((p) => [p.x, p.y])).toEqual(c.paths[k]);
    // two newer regions push this one's state out (an engine keeps two)
    await a.prepareScissors('s', { rect: { x: 0, y: 0, width: 50, height: 50 } });
    await a.prepareScissors('s', { rect: { x: 10, y: 10, width: 50, height: 50 } });
    const q = c.queries[1]!;
    expect((await a.scissorsPath(h, q.from, q.to)).map((p) => [p.x, p.y])).toEqual(c.paths[1]);
    await a.releaseScissors(h);
    expect((await rejection(a.scissorsPath(h, q.from, q.to))) as Error).toBeInstanceOf(DlGeometryError);
  });

  it('watershed: one native mask per label', async () => {
    const a = createInProcessAssist();
    const c = assistFixture.watershed[1]!;
    await a.setImage('s', sceneImage(c.scene));
    const r = await a.watershed('s', c.params, { polygons: true });
    expect(r.map((x) => x.label)).toEqual(c.labels.map((x) => x.label));
    r.forEach((x, k) => {
      expect(same(expandPlacedMask(x.mask, 240, 180).data, decodeRle(c.labels[k]!.mask).data)).toBe(true);
      expect(x.mask.polygons!.length).toBe(1);
    });
  });

  it('trackBox over grey frames held by key, with progress per frame', async () => {
    const a = createInProcessAssist();
    const { frames, truth } = movingObjectFrames({
      width: 256,
      height: 192,
      frames: 8,
      box: { left: 50, top: 60, right: 110, bottom: 120 },
      velocity: { x: 3, y: -1.5 },
    });
    const keys = frames.map((_, i) => `v#${i}`);
    for (const [i, f] of frames.entries()) await a.setImage(keys[i]!, f, { format: 'gray' });
    const done: number[] = [];
    const r = await a.trackBox(keys, { box: truth[0]! }, { onProgress: (p) => p.done && done.push(p.done) });
    expect(r).toHaveLength(8);
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
    r.forEach((b, i) => {
      expect(b.ok).toBe(true);
      expect(Math.abs(b.left - truth[i]!.left)).toBeLessThan(1);
      expect(Math.abs(b.top - truth[i]!.top)).toBeLessThan(1);
    });
    const e = await rejection(a.trackBox([...keys, 'nope'], { box: truth[0]! }));
    expect((e as DlGeometryError).code).toBe('image-missing');
  });

  it('rejects bitmaps and malformed pixels with typed errors', async () => {
    const a = createInProcessAssist();
    expect(await rejection(a.setImage('x', { width: 2, height: 2 } as never))).toBeInstanceOf(DlGeometryError);
    expect(
      await rejection(a.setImage('x', { width: 2, height: 2, format: 'rgb', data: new Uint8Array(3) })),
    ).toBeInstanceOf(DlGeometryError);
    expect(await rejection(a.setImage('', sceneImage('dark-scene')))).toBeInstanceOf(DlGeometryError);
  });
});

describe('assist client: progress', () => {
  it("a report the transport sends after the call's answer is not passed on (a worker's comes through its own port)", async () => {
    let late!: (p: AssistProgress) => void;
    const transport = {
      ready: true,
      trackBox: async (_keys: string[], _params: unknown, o: TransportCallOptions) => {
        o.onProgress?.({ stage: 'running', done: 1, total: 2 });
        late = o.onProgress!;
        return [];
      },
    } as unknown as AssistTransport;
    const client = new AssistClient(transport);
    const seen: AssistProgress[] = [];
    expect(
      await client.trackBox(
        ['a', 'b'],
        { box: { left: 0, top: 0, right: 1, bottom: 1 } },
        { onProgress: (p) => seen.push(p) },
      ),
    ).toEqual([]);
    late({ stage: 'running', done: 2, total: 2 });
    expect(seen).toEqual([{ stage: 'running', done: 1, total: 2 }]);
  });
});
