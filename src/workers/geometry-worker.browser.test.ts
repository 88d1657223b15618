// Chromium: the geometry worker path (comlink, transferables, supervisor) against the native OpenCV fixtures.
import { afterAll, describe, expect, it, vi } from 'vitest';

// Worker start-up through the Vite dev server takes seconds on a loaded machine (OpenCV is 10 MB).
vi.setConfig({ testTimeout: 120_000 });
import { getGeometryBackend } from '../entities/geometry-backend.js';
import '../geometry/index.js';
import { DlGeometryError } from '../geometry/errors.js';
import { DlWorkerError, GeometryWorkerPool, createGeometryWorker, getGeometryPool, unpackPolygons } from './index.js';
import {
  codecFixture,
  decodeRle,
  polygonCases,
  renderFixture,
  segmentationCases,
  toPairs,
} from '../../test/fixtures/geometry/fixtures.js';

const typed = async (p: Promise<unknown>, cls: abstract new (...args: never[]) => unknown, code: string) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, `expected ${cls.name}(${code})`).toBeInstanceOf(cls);
  expect((e as { code: string }).code).toBe(code);
};

describe('registration', () => {
  it('the page gets the worker backend and no worker exists before the first call', () => {
    expect(typeof window).toBe('object');
    expect(getGeometryPool().spawned).toBe(0);
    expect(getGeometryBackend()).toBeTruthy();
  });
});

describe('entity-level backend in Chromium (through the worker) vs native OpenCV', () => {
  it('polygonsFromSegmentation, holes and boxes: every fixture, vertex for vertex', async () => {
    const backend = getGeometryBackend();
    for (const c of segmentationCases) {
      const mask = decodeRle(c.mask);
      for (const run of c.runs) {
        const got = await backend.polygonsFromSegmentation(mask, run.options);
        expect(
          got.map((p) => toPairs(p[0]!)),
          `${c.name} ${JSON.stringify(run.options)}`,
        ).toEqual(run.polygons);
        const holes = await backend.polygonsFromSegmentation(mask, { ...run.options, holes: true });
        expect(
          holes.map((p) => p.map(toPairs)),
          `${c.name} holes`,
        ).toEqual(run.holes);
      }
      const boxes = await backend.boxesFromSegmentation(mask);
      expect(
        boxes.map((b) => [b.left, b.top, b.right, b.bottom]),
        c.name,
      ).toEqual(c.boxes);
      expect(mask.data.byteLength).toBe(mask.width * mask.height); // the caller's buffer is not detached
    }
    expect(getGeometryPool().spawned).toBeGreaterThan(0);
  });
  it('maskFromPolygon', async () => {
    for (const c of polygonCases) {
      const m = await getGeometryBackend().maskFromPolygon(
        c.points.map(([x, y]) => ({ x: x!, y: y! })),
        c.height,
        c.width,
      );
      expect(Array.from(m.data), c.name).toEqual(Array.from(decodeRle(c.mask).data));
    }
  });
  it('codec: decode a cv2-written PNG and re-encode to the same pixels', async () => {
    const b = getGeometryBackend();
    const c = codecFixture.binary255;
    const { mask, color } = await b.decodeSegmentation(c.dataUrl);
    expect(color).toEqual([250, 0, 1, 255]);
    expect(Array.from(mask.data)).toEqual(Array.from(decodeRle(c.mask).data.map((v) => (v ? 1 : 0))));
    const again = await b.decodeSegmentation(await b.encodeSegmentation(mask, [250, 0, 1]));
    expect(again.mask.data).toEqual(mask.data);
    expect(again.color).toEqual([250, 0, 1, 255]);
  });
  it('render through the pool equals native cv2 drawing', async () => {
    const { width, height, annotations } = renderFixture;
    for (const c of renderFixture.renders) {
      const anns = c.skipCube ? annotations.filter((a) => a.type !== 'cube') : annotations;
      const out = await getGeometryPool().call('renderAnnotations', [
        anns,
        {
          kind: c.kind,
          width,
          height,
          colorMap: c.colorMap,
          instanceMap: c.instanceMap,
          thickness: c.thickness,
          alpha: c.alpha,
        },
      ]);
      expect(Array.from(out.data)).toEqual(Array.from(decodeRle(c.canvas).data));
    }
  });
});

describe('bad input: typed errors, and the worker still answers', () => {
  it('length mismatch, 0x0 mask, corrupt PNG, NaN vertex (sent to the worker as is)', async () => {
    const pool = getGeometryPool();
    const spawned = pool.spawned;
    await typed(
      pool.call('polygonsFromSegmentation', [{ width: 4, height: 4, data: new Uint8Array(15) }, {}]),
      DlGeometryError,
      'invalid-mask',
    );
    await typed(
      pool.call('polygonsFromSegmentation', [{ width: 0, height: 0, data: new Uint8Array(0) }, {}]),
      DlGeometryError,
      'empty-mask',
    );
    await typed(
      pool.call('decodeSegmentation', ['data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB']),
      DlGeometryError,
      'invalid-png',
    );
    await typed(
      pool.call('maskFromPolygon', [
        [
          { x: 1, y: NaN },
          { x: 3, y: 3 },
          { x: 0, y: 3 },
        ],
        5,
        5,
      ]),
      DlGeometryError,
      'invalid-vertex',
    );
    // the page-side backend rejects a bad mask before sending it
    await typed(
      getGeometryBackend().polygonsFromSegmentation({ width: 4, height: 4, data: new Uint8Array(3) }),
      DlGeometryError,
      'invalid-mask',
    );
    const ok = await pool.call('polygonsFromSegmentation', [
      { width: 3, height: 3, data: new Uint8Array([0, 1, 1, 0, 1, 1, 0, 0, 0]) },
      {},
    ]);
    expect(unpackPolygons(ok)).toHaveLength(1);
    expect(pool.spawned).toBe(spawned); // no respawn was needed
  });
});

describe('supervisor', () => {
  const pools: GeometryWorkerPool[] = [];
  const newPool = (
    o: ConstructorParameters<typeof GeometryWorkerPool>[0] extends infer T ? Partial<T> : never = {},
  ) => {
    const p = new GeometryWorkerPool({ createWorker: createGeometryWorker, size: 1, ...o });
    pools.push(p);
    return p;
  };
  afterAll(() => pools.forEach((p) => p.dispose()));
  const square = () => ({ width: 3, height: 3, data: new Uint8Array([1, 1, 0, 1, 1, 0, 0, 0, 0]) });

  it('a crash rejects the call in flight with DlWorkerError(crashed) and the next call respawns', async () => {
    const pool = newPool();
    await pool.prewarm();
    await typed(pool.call('misbehave', ['crash']), DlWorkerError, 'crashed');
    expect(unpackPolygons(await pool.call('polygonsFromSegmentation', [square(), {}]))).toHaveLength(1);
    expect(pool.spawned).toBe(2);
  });
  it('a hang times out, rejects with DlWorkerError(timeout) and the queued call still runs', async () => {
    const pool = newPool({ timeout: 1500 });
    await pool.prewarm();
    const hung = pool.call('misbehave', ['hang']);
    const queued = pool.call('polygonsFromSegmentation', [square(), {}], { timeout: 60_000 });
    await typed(hung, DlWorkerError, 'timeout');
    expect(unpackPolygons(await queued)).toHaveLength(1);
    expect(pool.spawned).toBe(2);
  });
  it('AbortSignal cancels a queued call without touching the running one, and a running call by respawn', async () => {
    const pool = newPool();
    await pool.prewarm();
    const runningCtl = new AbortController();
    const queuedCtl = new AbortController();
    const running = pool.call('misbehave', ['hang'], { signal: runningCtl.signal });
    const queued = pool.call('polygonsFromSegmentation', [square(), {}], { signal: queuedCtl.signal });
    const after = pool.call('polygonsFromSegmentation', [square(), {}]);
    queuedCtl.abort();
    await typed(queued, DlWorkerError, 'aborted');
    expect(pool.spawned).toBe(1);
    runningCtl.abort();
    await typed(running, DlWorkerError, 'aborted');
    expect(unpackPolygons(await after)).toHaveLength(1);
    expect(pool.spawned).toBe(2);
    const pre = new AbortController();
    pre.abort();
    await typed(
      pool.call('polygonsFromSegmentation', [square(), {}], { signal: pre.signal }),
      DlWorkerError,
      'aborted',
    );
  });
  it('a worker that fails to load rejects with start-failed/crashed instead of hanging', async () => {
    const pool = newPool({
      createWorker: () => new Worker('data:text/javascript,throw new Error("boom")', { type: 'module' }),
      startTimeout: 5000,
    });
    const e = await pool.call('polygonsFromSegmentation', [square(), {}]).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DlWorkerError);
    expect(['crashed', 'start-failed']).toContain((e as DlWorkerError).code);
  });
  it('batch: results per mask, a bad mask in its slot, progress events 1..n across two workers', async () => {
    const pool = newPool({ size: 2 });
    const cases = segmentationCases.slice(0, 5);
    const masks = [...cases.map((c) => decodeRle(c.mask)), { width: 2, height: 2, data: new Uint8Array(1) }];
    const seen: number[] = [];
    let events = 0;
    pool.addEventListener('progress', () => events++);
    const out = await pool.polygonsFromSegmentationBatch(
      masks,
      { maxInstances: null },
      { onProgress: (p) => seen.push(p.done) },
    );
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events).toBe(6);
    cases.forEach((c, i) => {
      const r = out[i]!;
      expect(r.ok).toBe(true);
      if (r.ok) expect(unpackPolygons(r.value).map((p) => toPairs(p[0]!))).toEqual(c.runs[1]!.polygons);
    });
    const bad = out[5]!;
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect((bad.error as DlGeometryError).code).toBe('invalid-mask');
    expect(pool.spawned).toBe(2);
  });
  it('transfer option detaches the sent buffer (no copy of pixel data)', async () => {
    const pool = newPool();
    const m = square();
    await pool.call('polygonsFromSegmentation', [m, {}], { transfer: [m.data.buffer] });
    expect(m.data.byteLength).toBe(0);
  });
  it('background calls: aborted at once without a respawn, and lost with their worker (timeout, crash)', async () => {
    const pool = newPool({ timeout: 1500 });
    await pool.prewarm();
    // the worker is stuck in a foreground call; background calls are posted beside it
    const hung = pool.call('misbehave', ['hang']);
    const ctl = new AbortController();
    const aborted = pool.call('polygonsFromSegmentation', [square(), {}], {
      background: true,
      signal: ctl.signal,
      timeout: 60_000,
    });
    const lost = pool.call('polygonsFromSegmentation', [square(), {}], { background: true, timeout: 60_000 });
    expect(pool.pending).toBe(3);
    ctl.abort();
    await typed(aborted, DlWorkerError, 'aborted');
    expect(pool.spawned).toBe(1); // no worker was terminated for it
    await typed(hung, DlWorkerError, 'timeout');
    await typed(lost, DlWorkerError, 'timeout'); // it went with the worker that timed out
    // a background call on the fresh worker is answered; one whose worker crashes is rejected
    expect(
      unpackPolygons(await pool.call('polygonsFromSegmentation', [square(), {}], { background: true })),
    ).toHaveLength(1);
    await typed(pool.call('misbehave', ['crash'], { background: true }), DlWorkerError, 'crashed');
    expect(pool.spawned).toBe(2);
    expect(pool.pending).toBe(0);
  });
  it('benchProbe answers the time of its loop, measured in the worker (more steps, more time)', async () => {
    const pool = newPool();
    await pool.prewarm();
    const none = await pool.call('benchProbe', [0]);
    const some = await pool.call('benchProbe', [20_000_000]);
    expect(Number.isFinite(none) && none >= 0).toBe(true);
    expect(some).toBeGreaterThan(none);
    expect(some).toBeGreaterThan(0);
  });
  it('dispose rejects pending calls', async () => {
    const pool = newPool();
    const p = pool.call('polygonsFromSegmentation', [square(), {}]);
    pool.dispose();
    await typed(p, DlWorkerError, 'disposed');
  });
});
