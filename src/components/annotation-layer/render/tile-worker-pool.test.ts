// Two tile workers (#16): the client sends each tile request to a worker with room, both hold the
// scene, and a frame after a pan is byte for byte a from-scratch render. A second worker that fails
// hands its requests to the first (the renderer keeps its worker); a failing first worker takes the
// client down (the renderer goes on alone), and the REST_CAPACITY requests it held unanswered are all
// painted on the page instead; terminate stops every worker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DlView } from '../../internal/view.js';
import { canvas, exactDiff, polygonScene, rendererOf } from './render-test-utils.js';
import type { TileRenderer } from './tile-renderer.js';
import '../define.js';
import type { DlAnnotationLayer } from '../annotation-layer.js';
import { LayerStore } from '../model/layer-store.js';
import { LayerRenderer } from './layer-renderer.js';
import { createTileWorker, REST_CAPACITY, TileWorkerClient, tileWorkerCount } from './tile-worker-client.js';

const W = 512;
const H = 384;
/** 3,000 polygons over 2048²: level -1's tiles hold ~190 each (dense: the workers' tiles). */
const SCENE = polygonScene(3000, 2048, 2048, 5, 10, 30);

const clients: TileWorkerClient[] = [];
const renderers: LayerRenderer[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
  for (const r of renderers.splice(0)) r.dispose();
  for (const e of document.querySelectorAll('.tile-workers-test')) e.remove();
  vi.restoreAllMocks();
});

/** Makes the browser report `n` logical cores. */
function cores(n: number): void {
  vi.spyOn(navigator, 'hardwareConcurrency', 'get').mockReturnValue(n);
}

/** A tile worker that answers every tile request with a failure (as a worker whose paint threw does). */
function failingWorker(): Worker {
  const src = "onmessage = (e) => { if (e.data.t === 'render') postMessage({ t: 'error', message: 'boom' }); };";
  return new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
}

/** A real tile worker. */
function tileWorker(): Worker {
  return new Worker(new URL('./tile.worker.js', import.meta.url), { type: 'module' });
}

/** Draws frames of `view` (no main-thread budget) until one is complete, waiting for the workers' tiles. */
async function settle(r: TileRenderer, view: DlView): Promise<HTMLCanvasElement> {
  for (let i = 0; i < 600; i++) {
    const { c, ctx } = canvas(W, H);
    if (r.draw(ctx, view, W, H, 1, { budgetMs: 0 })) return c;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('the frame never completed');
}

/** `r`'s frame of `view` with every tile painted now on the page (a from-scratch render). */
function fromScratch(view: DlView): HTMLCanvasElement {
  const { c, ctx } = canvas(W, H);
  rendererOf(SCENE).draw(ctx, view, W, H, 1, { sync: true });
  return c;
}

describe('two tile workers', () => {
  it('uses both workers, and a frame after a pan is byte for byte a from-scratch render', async () => {
    const r = rendererOf(SCENE);
    const client = createTileWorker(r, 2)!;
    clients.push(client);
    expect(client.workerCount).toBe(2);
    r.setProducer(client);
    r.onTile = () => {};
    const start: DlView = { scale: 0.5, x: -100, y: -80 };
    await settle(r, start);
    // a pan in steps, a frame each, then at rest
    let view = start;
    for (let k = 1; k <= 8; k++) {
      view = { scale: 0.5, x: start.x - 40 * k, y: start.y - 25 * k };
      const { ctx } = canvas(W, H);
      r.draw(ctx, view, W, H, 1, { budgetMs: 0 });
      await new Promise((res) => setTimeout(res, 16));
    }
    const shown = await settle(r, view);
    const d = exactDiff(shown, fromScratch(view));
    expect(d.painted, 'the frame has shapes').toBeGreaterThan(10_000);
    expect(d.diff, 'the frame differs from a from-scratch render').toBe(0);
    const [a, b] = client.tilesPerWorker;
    expect(a, 'the first worker painted tiles').toBeGreaterThan(0);
    expect(b, 'the second worker painted tiles').toBeGreaterThan(0);
    // The test can fail: another view's frame differs.
    expect(exactDiff(shown, fromScratch(start)).diff).toBeGreaterThan(0);
  }, 60_000);

  it('hands the requests of a failing second worker to the first: every tile still comes, the renderer keeps its worker', async () => {
    const r = rendererOf(SCENE);
    const lost = vi.spyOn(r, 'setProducer');
    const client = new TileWorkerClient([tileWorker(), failingWorker()], r);
    clients.push(client);
    r.setProducer(client);
    lost.mockClear();
    r.onTile = () => {};
    const view: DlView = { scale: 0.5, x: -300, y: -200 };
    const shown = await settle(r, view);
    expect(lost, 'the renderer kept its producer').not.toHaveBeenCalled();
    expect(client.workerCount, 'the failed worker is gone').toBe(1);
    expect(client.tilesPerWorker[0]).toBeGreaterThan(0);
    const d = exactDiff(shown, fromScratch(view));
    expect(d.painted).toBeGreaterThan(10_000);
    expect(d.diff).toBe(0);
  }, 60_000);

  it('a failing first worker takes the client down: the renderer goes on alone, both workers stopped', async () => {
    const r = rendererOf(SCENE);
    const second = tileWorker();
    const stopped = vi.spyOn(second, 'terminate');
    const client = new TileWorkerClient([failingWorker(), second], r);
    clients.push(client);
    r.setProducer(client);
    const lost = vi.spyOn(r, 'setProducer');
    r.onTile = () => {};
    const view: DlView = { scale: 0.5, x: -300, y: -200 };
    const shown = await settle(r, view);
    expect(lost).toHaveBeenCalledWith(null);
    expect(stopped).toHaveBeenCalled();
    expect(exactDiff(shown, fromScratch(view)).diff).toBe(0);
  }, 60_000);

  it('terminate stops every worker', () => {
    const r = rendererOf([]);
    const ws = [tileWorker(), tileWorker()];
    const stops = ws.map((w) => vi.spyOn(w, 'terminate'));
    const client = new TileWorkerClient(ws, r);
    client.terminate();
    for (const s of stops) expect(s).toHaveBeenCalledTimes(1);
  });
});

describe('a failing worker with REST_CAPACITY requests unanswered', () => {
  /**
   * A worker that takes every message and answers none (a worker in a long paint): the client sets
   * its onmessage/onerror, the test fails it through them.
   */
  const stalled = () => {
    const asked: string[] = [];
    const w = {
      postMessage: (m: { t: string; key?: string }) => m.t === 'render' && asked.push(m.key!),
      terminate: vi.fn(),
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null as ((e: Event) => void) | null,
    };
    return { w, asked };
  };

  it.each([
    ['an error event', (w: ReturnType<typeof stalled>['w']) => w.onerror!(new Event('error'))],
    [
      'an error message',
      (w: ReturnType<typeof stalled>['w']) =>
        w.onmessage!(new MessageEvent('message', { data: { t: 'error', message: 'boom' } })),
    ],
  ])(
    'every request in flight is served again after %s: no tile missing, full resolution, a from-scratch render',
    async (_, failIt) => {
      const errors: string[] = [];
      const onError = (e: ErrorEvent) => errors.push(e.message);
      const onReject = (e: PromiseRejectionEvent) => errors.push(String(e.reason));
      window.addEventListener('error', onError);
      window.addEventListener('unhandledrejection', onReject);
      try {
        const r = rendererOf(SCENE);
        const one = stalled();
        const client = new TileWorkerClient(one.w as unknown as Worker, r);
        clients.push(client);
        r.setProducer(client);
        let told = 0;
        r.onTile = () => told++;
        const view: DlView = { scale: 0.5, x: -300, y: -200 };
        // At rest: the worker holds REST_CAPACITY requests, none answered.
        const { ctx } = canvas(W, H);
        expect(r.draw(ctx, view, W, H, 1, { budgetMs: 0 }), 'the frame waits for the worker').toBe(false);
        expect(one.asked.length, 'requests unanswered in the worker').toBe(REST_CAPACITY);
        failIt(one.w);
        expect(one.w.terminate, 'the failed worker is stopped').toHaveBeenCalled();
        expect(told, 'the renderer is told to draw again').toBeGreaterThan(0);
        const shown = await settle(r, view);
        const f = r.frameStats;
        expect(f.level, 'frames reach full resolution').toBe(f.ideal);
        expect([f.missing, f.borrowed, f.stale, f.pending], 'no tile missing, borrowed, stale or pending').toEqual([
          0, 0, 0, 0,
        ]);
        const d = exactDiff(shown, fromScratch(view));
        expect(d.painted).toBeGreaterThan(10_000);
        expect(d.diff, 'the frame differs from a from-scratch render').toBe(0);
        // The dead worker is asked nothing more.
        const after = one.asked.length;
        r.draw(ctx, { scale: 0.5, x: -900, y: -700 }, W, H, 1, { budgetMs: 0 });
        expect(one.asked.length).toBe(after);
      } finally {
        window.removeEventListener('error', onError);
        window.removeEventListener('unhandledrejection', onReject);
      }
      expect(errors, 'no page error').toEqual([]);
    },
    60_000,
  );
});

describe('how many tile workers', () => {
  it('the core rule leaves a core for the page: min(2, cores - 1), at least 1', () => {
    expect([1, 2, 3, 4, 8, 64].map((c) => tileWorkerCount(c))).toEqual([1, 1, 2, 2, 2, 2]);
    expect(tileWorkerCount(0), 'no count reported').toBe(1);
    cores(2);
    expect(tileWorkerCount(), "the browser's count by default").toBe(1);
    cores(4);
    expect(tileWorkerCount()).toBe(2);
  });

  it("the layer renderer starts the core rule's count unless told how many", () => {
    const started = (c: number, count?: number) => {
      cores(c);
      const r = new LayerRenderer(new LayerStore(), () => {});
      renderers.push(r);
      r.startWorker(count);
      return r.tileWorkers;
    };
    expect(started(2), '2 cores').toBe(1);
    expect(started(4), '4 cores').toBe(2);
    expect(started(2, 2), '2 cores, told 2').toBe(2);
    expect(started(8, 1), '8 cores, told 1').toBe(1);
    expect(started(8, 0), 'not a count: the rule').toBe(2);
  });

  it('the layer renderer starts its workers again once after the first one fails, not twice', () => {
    cores(2);
    const r = new LayerRenderer(new LayerStore(), () => {});
    renderers.push(r);
    r.startWorker();
    /** The running client, failed through its first worker's onerror (as a worker that crashed). */
    const client = () => (r as unknown as { worker: TileWorkerClient | null }).worker;
    const producer = () => (r.tiles as unknown as { producer: unknown }).producer;
    const crash = (c: TileWorkerClient) => {
      const lane = (c as unknown as { lanes: Array<{ worker: Worker }> }).lanes[0]!;
      lane.worker.onerror?.(new ErrorEvent('error'));
    };
    const first = client()!;
    expect(producer()).toBe(first);
    crash(first);
    const again = client();
    expect(again, 'started again').not.toBeNull();
    expect(again).not.toBe(first);
    expect(r.tileWorkers).toBe(1);
    expect(producer(), 'the renderer paints with the new workers').toBe(again);
    crash(again!);
    expect(client(), 'a second failure leaves the page alone').toBeNull();
    expect(r.tileWorkers).toBe(0);
    expect(producer()).toBeNull();
  });

  it("<dl-annotation-layer>'s tile-workers attribute / tileWorkers property is read when it connects", async () => {
    cores(2);
    const host = document.createElement('div');
    host.className = 'tile-workers-test';
    host.innerHTML =
      '<dl-annotation-layer tile-workers="2"></dl-annotation-layer><dl-annotation-layer></dl-annotation-layer>';
    document.body.append(host);
    const [told, rule] = [...host.querySelectorAll('dl-annotation-layer')] as DlAnnotationLayer[];
    expect(told.tileWorkers).toBe(2);
    expect(told.renderer.tileWorkers, 'attribute 2').toBe(2);
    expect(rule.renderer.tileWorkers, 'unset on 2 cores').toBe(1);
    // the property, set while disconnected, counts from the next connect
    rule.remove();
    expect(rule.renderer.tileWorkers, 'stopped when it left the page').toBe(0);
    rule.tileWorkers = 2;
    host.append(rule);
    expect(rule.renderer.tileWorkers).toBe(2);
    told.remove();
    rule.remove();
    expect(told.renderer.tileWorkers + rule.renderer.tileWorkers, 'every worker stopped').toBe(0);
  });
});

describe('one tile worker', () => {
  it('holds up to REST_CAPACITY requests unanswered (the rest wait in the client), two workers 2 each', () => {
    /** A worker that records what it is sent and never answers. */
    const fake = () => {
      const sent: string[] = [];
      const w = {
        postMessage: (m: { t: string; key?: string }) => m.t === 'render' && sent.push(m.key!),
        terminate() {},
      };
      return { w: w as unknown as Worker, sent };
    };
    const one = fake();
    const client = new TileWorkerClient(one.w, rendererOf(SCENE));
    expect(client.restCapacity).toBe(REST_CAPACITY);
    expect(client.capacity).toBe(4);
    for (let i = 0; i < REST_CAPACITY + 4; i++) client.request(`0,${i},0`, 0, i, 0, i + 1);
    // The worker paints on through a long task of the page: no result needs receiving for the next.
    expect(one.sent.length).toBe(REST_CAPACITY);
    const a = fake();
    const b = fake();
    const two = new TileWorkerClient([a.w, b.w], rendererOf(SCENE));
    expect(two.restCapacity).toBe(two.capacity);
    for (let i = 0; i < 10; i++) two.request(`0,${i},0`, 0, i, 0, i + 1);
    expect([a.sent.length, b.sent.length]).toEqual([2, 2]);
  });
});
