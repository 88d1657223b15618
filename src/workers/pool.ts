// A small supervised pool of geometry workers shared by everything on the page.
// Each worker runs one call at a time; a call that times out, a worker that crashes or fails to
// deserialise a message, and a running call that is aborted all terminate that worker: its call is
// rejected with a DlWorkerError and a fresh worker is spawned for the next call.
import * as Comlink from 'comlink';
import { DlError } from '../entities/errors.js';
import { DlGeometryError, type DlGeometryErrorCode } from '../geometry/errors.js';
import { BufferRecycler } from './buffer-recycler.js';
import { DlWorkerError } from './errors.js';
import type { GeometryWorkerApi, WireResult } from './protocol.js';

type Method = Exclude<keyof GeometryWorkerApi, 'warm' | 'cancelCurrent'>;
type Unwrap<T> = T extends Promise<WireResult<infer V>> ? V : never;

/** Options of {@link GeometryWorkerPool}. */
export interface GeometryPoolOptions {
  /** Number of workers (spawned on demand). @default Math.min(2, hardwareConcurrency - 1), at least 1 */
  size?: number;
  /** Per-call timeout in ms, counted once the worker is ready. @default 30000 */
  timeout?: number;
  /** How long a new worker may take to load OpenCV, in ms. @default 60000 */
  startTimeout?: number;
  /** Worker factory (e.g. for a bundler that needs another URL form). @default createGeometryWorker */
  createWorker?: () => Worker;
  /**
   * How long a worker asked to stop a `cooperative` call may take before it is terminated after all, ms.
   * @default 5000
   */
  abortGraceMs?: number;
}

/** Per-call options. */
export interface WorkerCallOptions {
  /** Cancels the call: a queued call is dropped, a running one terminates its worker (respawned). */
  signal?: AbortSignal;
  /** Overrides the pool's per-call timeout (ms). */
  timeout?: number;
  /** Buffers to transfer (they become detached here). */
  transfer?: Transferable[];
  /**
   * Abort a running call by asking the worker to stop at its next step (the assist methods check
   * between steps) instead of terminating it: the call rejects at once, the worker keeps what it holds
   * (images, OpenCV), and the next call runs as soon as the worker has stopped. A worker that does not
   * stop within the pool's `abortGraceMs` is terminated after all.
   * @default false
   */
  cooperative?: boolean;
  /**
   * Run beside the worker's turn instead of taking it: the call is posted as soon as the worker is
   * ready, even while another call runs there, and no later call waits for it. For worker methods
   * that work in short slices and yield between them (the deferred PNG of a mask, `assistEncodeKept`),
   * so that a foreground call (a new click) is answered within a slice, not after the whole job.
   * Aborting it rejects it at once (the worker finishes its slices; nothing is terminated); it fails
   * with its worker as the foreground call does. Pools of one worker (the assist pool) only run it there.
   * @default false
   */
  background?: boolean;
}

/** The pool's `progress` event detail and the `onProgress` argument. */
export interface BatchProgress {
  done: number;
  total: number;
}

interface Job {
  method: Method;
  args: unknown[];
  opts: WorkerCallOptions;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  settled: boolean;
  slot?: Slot;
  timer?: ReturnType<typeof setTimeout>;
  onAbort?: () => void;
  /** The call has been posted to the worker. */
  sent?: boolean;
  /** A cooperative abort's deadline. */
  graceTimer?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker | null;
  remote: Comlink.Remote<GeometryWorkerApi> | null;
  ready: Promise<void> | null;
  busy: Job | null;
  generation: number;
  /** ms from spawn to OpenCV loaded, for the last start. */
  startMs?: number;
  /** OpenCV is loaded in the current worker. */
  loaded?: boolean;
  /** `background` calls sent to (or waiting for) this worker. */
  background: Set<Job>;
}

function defaultSize(): number {
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(2, hc - 1));
}

/** Rebuilds the error a worker returned as a value (comlink would have lost `code`). */
export function errorFromWire(e: { name: string; message: string; code?: string }): Error {
  if (e.name === 'DlGeometryError')
    return new DlGeometryError((e.code ?? 'invalid-argument') as DlGeometryErrorCode, e.message);
  if (e.name === 'DlParseError' || e.name === 'DlError') return new DlError(e.message);
  return new DlWorkerError('remote', `${e.name}: ${e.message}`);
}

/**
 * Supervised geometry workers. Usually you do not create one: {@link getGeometryPool} returns the
 * page's shared pool, and the entity-level calls (`Polygon.fromSegmentation`, ...) use it.
 *
 * @example
 * const pool = getGeometryPool();
 * pool.prewarm();                                   // on idle: load OpenCV before the user needs it
 * const polys = await pool.call('polygonsFromSegmentation', [mask, { maxInstances: null }], { signal });
 */
export class GeometryWorkerPool extends EventTarget {
  readonly size: number;
  private readonly timeout: number;
  private readonly startTimeout: number;
  private readonly createWorker: () => Worker;
  private readonly abortGraceMs: number;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private disposed = false;
  /** How many workers were started (respawns included). */
  spawned = 0;
  /** Mask buffers the workers gave back, reused by {@link takeBuffer}. */
  private readonly recycler = new BufferRecycler();

  constructor(options: GeometryPoolOptions & { createWorker: () => Worker }) {
    super();
    this.size = Math.max(1, Math.floor(options.size ?? defaultSize()));
    this.timeout = options.timeout ?? 30_000;
    this.startTimeout = options.startTimeout ?? 60_000;
    this.createWorker = options.createWorker;
    this.abortGraceMs = options.abortGraceMs ?? 5000;
    this.slots = Array.from({ length: this.size }, () => ({
      worker: null,
      remote: null,
      ready: null,
      busy: null,
      generation: 0,
      background: new Set<Job>(),
    }));
  }

  /**
   * Starts every worker and loads OpenCV in each (call on idle). Resolves with each worker's start
   * time in ms; rejects with `start-failed` if a worker cannot start.
   */
  async prewarm(): Promise<number[]> {
    this.assertAlive();
    await Promise.all(this.slots.map((s) => this.start(s)));
    return this.slots.map((s) => s.startMs ?? 0);
  }

  /** Calls a worker method; resolves with its value or rejects with DlGeometryError / DlWorkerError. */
  call<M extends Method>(
    method: M,
    args: Parameters<GeometryWorkerApi[M]>,
    opts: WorkerCallOptions = {},
  ): Promise<Unwrap<ReturnType<GeometryWorkerApi[M]>>> {
    return new Promise((resolve, reject) => {
      if (this.disposed) return reject(new DlWorkerError('disposed', 'the geometry worker pool was disposed'));
      if (opts.signal?.aborted)
        return reject(
          new DlWorkerError('aborted', `${method}: aborted before it started`, { cause: opts.signal.reason }),
        );
      const job: Job = { method, args, opts, resolve: resolve as (v: unknown) => void, reject, settled: false };
      if (opts.signal) {
        job.onAbort = () => this.abort(job);
        opts.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (opts.background) void this.runBackground(job);
      else {
        this.queue.push(job);
        this.pump();
      }
    });
  }

  /**
   * A buffer of `byteLength` to `2 * byteLength` bytes that a worker gave back after a call (its
   * memory is already mapped, so copying a mask into it is far cheaper than into a new buffer), or
   * `null`. The caller owns it: transfer it with the next call and the worker gives it back again.
   */
  takeBuffer(byteLength: number): ArrayBuffer | null {
    return this.recycler.take(byteLength);
  }

  /** True when every worker of the pool is running with OpenCV loaded (a call starts computing at once). */
  get ready(): boolean {
    return !this.disposed && this.slots.every((s) => s.loaded === true);
  }

  /** Number of calls waiting for a worker plus calls running. */
  get pending(): number {
    return (
      this.queue.length +
      this.slots.filter((s) => s.busy).length +
      this.slots.reduce((n, s) => n + s.background.size, 0)
    );
  }

  /** Terminates every worker and rejects every queued or running call with `disposed`. */
  dispose(): void {
    this.disposed = true;
    this.recycler.clear();
    for (const j of this.queue.splice(0))
      this.settle(j, new DlWorkerError('disposed', 'the geometry worker pool was disposed'));
    for (const s of this.slots) this.kill(s, new DlWorkerError('disposed', 'the geometry worker pool was disposed'));
  }

  private assertAlive(): void {
    if (this.disposed) throw new DlWorkerError('disposed', 'the geometry worker pool was disposed');
  }

  private start(slot: Slot): Promise<void> {
    if (slot.ready) return slot.ready;
    const t0 = performance.now();
    let worker: Worker;
    try {
      worker = this.createWorker();
    } catch (e) {
      return Promise.reject(
        new DlWorkerError('unsupported', `cannot start a geometry worker: ${(e as Error).message}`, { cause: e }),
      );
    }
    this.spawned++;
    const generation = ++slot.generation;
    slot.worker = worker;
    slot.remote = Comlink.wrap<GeometryWorkerApi>(worker);
    worker.addEventListener('error', (ev: ErrorEvent | Event) => {
      const msg = (ev as ErrorEvent).message || 'the worker script failed to load or threw outside a call';
      if (slot.generation === generation)
        this.kill(slot, new DlWorkerError('crashed', `geometry worker crashed: ${msg}`));
      ev.preventDefault?.();
    });
    worker.addEventListener('messageerror', () => {
      if (slot.generation === generation)
        this.kill(slot, new DlWorkerError('message-error', 'geometry worker: a message could not be deserialised'));
    });
    const remote = slot.remote;
    slot.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new DlWorkerError('start-failed', `geometry worker did not load OpenCV within ${this.startTimeout} ms`),
          ),
        this.startTimeout,
      );
      remote.warm().then(
        (r) => {
          clearTimeout(timer);
          if (r.ok) {
            slot.startMs = performance.now() - t0;
            if (slot.generation === generation) slot.loaded = true;
            resolve();
          } else reject(new DlWorkerError('start-failed', `geometry worker could not load OpenCV: ${r.error.message}`));
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(
            new DlWorkerError('start-failed', `geometry worker failed to start: ${(e as Error)?.message}`, {
              cause: e,
            }),
          );
        },
      );
    });
    slot.ready.catch((e: unknown) => {
      if (slot.generation === generation) this.kill(slot, e as Error);
    });
    return slot.ready;
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.busy && s.ready) ?? this.slots.find((s) => !s.busy);
      if (!slot) return;
      const job = this.queue.shift()!;
      void this.run(slot, job);
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.busy = job;
    job.slot = slot;
    try {
      await this.start(slot);
    } catch (e) {
      this.settle(job, e);
      return;
    }
    if (job.settled || slot.busy !== job) {
      // aborted (cooperatively) while the worker was starting: nothing was sent, free the slot
      if (slot.busy === job) this.release(slot, job);
      return;
    }
    const remote = slot.remote!;
    this.armTimeout(slot, job, () => true);
    let result: WireResult<unknown>;
    try {
      result = await this.send(remote, job);
    } catch (e) {
      // comlink-level failure (e.g. DataCloneError): the worker is fine
      this.release(slot, job);
      this.settle(job, e);
      return;
    }
    this.release(slot, job);
    this.deliver(job, result);
  }

  /** A `background` call: posted to the first ready worker without taking its turn. */
  private async runBackground(job: Job): Promise<void> {
    const slot = this.slots.find((s) => s.loaded) ?? this.slots[0]!;
    job.slot = slot;
    slot.background.add(job);
    try {
      await this.start(slot);
      if (job.settled) return;
      const remote = slot.remote;
      if (!remote) throw new DlWorkerError('crashed', `${job.method}: the worker stopped before the call was sent`);
      this.armTimeout(slot, job, () => slot.background.has(job));
      let result: WireResult<unknown>;
      try {
        result = await this.send(remote, job);
      } catch (e) {
        this.settle(job, e);
        return;
      }
      this.deliver(job, result);
    } catch (e) {
      this.settle(job, e); // the worker could not start
    } finally {
      slot.background.delete(job);
    }
  }

  /** Posts the call to its worker (the first argument transferred when the call says so); a failure to post or clone is a `remote` error. */
  private async send(remote: NonNullable<Slot['remote']>, job: Job): Promise<WireResult<unknown>> {
    try {
      const args = job.opts.transfer?.length
        ? [Comlink.transfer(job.args[0], job.opts.transfer), ...job.args.slice(1)]
        : job.args;
      job.sent = true;
      return await (remote[job.method] as unknown as (...a: unknown[]) => Promise<WireResult<unknown>>)(...args);
    } catch (e) {
      throw new DlWorkerError('remote', `${job.method}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
  }

  /** Restarts the call's worker when no answer comes within the call's timeout (and `still()` holds then). */
  private armTimeout(slot: Slot, job: Job, still: () => boolean): void {
    const timeout = job.opts.timeout ?? this.timeout;
    job.timer = setTimeout(() => {
      if (still())
        this.kill(
          slot,
          new DlWorkerError('timeout', `${job.method}: no answer within ${timeout} ms; the worker was restarted`),
        );
    }, timeout);
  }

  /** Takes back the answer's recycled buffers and settles the call with its value or error. */
  private deliver(job: Job, result: WireResult<unknown>): void {
    if (!this.disposed) for (const b of result.recycled ?? []) this.recycler.put(b);
    if (result.ok) this.settle(job, undefined, result.value);
    else this.settle(job, errorFromWire(result.error));
  }

  private release(slot: Slot, job: Job): void {
    if (job.graceTimer) clearTimeout(job.graceTimer);
    if (slot.busy === job) slot.busy = null;
    queueMicrotask(() => this.pump());
  }

  private settle(job: Job, error: unknown, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    if (job.timer) clearTimeout(job.timer);
    if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort);
    if (error !== undefined) job.reject(error);
    else job.resolve(value);
  }

  private abort(job: Job): void {
    const err = new DlWorkerError('aborted', `${job.method}: aborted`, { cause: job.opts.signal?.reason });
    if (job.opts.background) {
      this.settle(job, err); // the worker's slices end by themselves; its answer is dropped
      return;
    }
    const qi = this.queue.indexOf(job);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      this.settle(job, err);
    } else if (job.slot && job.slot.busy === job) {
      const slot = job.slot;
      if (!job.opts.cooperative) {
        this.kill(slot, err); // running: the only way to stop a kernel is to end its worker
        return;
      }
      this.settle(job, err); // the caller moves on now; the slot stays busy until the worker stops
      if (!job.sent) return; // still starting: run() frees the slot without sending
      void slot.remote?.cancelCurrent().catch(() => undefined);
      job.graceTimer = setTimeout(() => {
        if (slot.busy === job)
          this.kill(slot, new DlWorkerError('timeout', `${job.method}: did not stop within ${this.abortGraceMs} ms`));
      }, this.abortGraceMs);
    }
  }

  /** Terminates a slot's worker, rejects its call, and lets the next call respawn it. */
  private kill(slot: Slot, error: unknown): void {
    slot.generation++;
    slot.worker?.terminate();
    slot.worker = null;
    slot.remote = null;
    slot.ready = null;
    slot.loaded = false;
    const job = slot.busy;
    slot.busy = null;
    if (job) this.settle(job, error);
    const lost =
      error instanceof DlWorkerError && error.code === 'aborted'
        ? new DlWorkerError('crashed', 'the worker was terminated to stop another call', { cause: error })
        : error;
    for (const b of slot.background) this.settle(b, lost);
    slot.background.clear();
    if (!this.disposed) queueMicrotask(() => this.pump());
  }

  /**
   * Runs `polygonsFromSegmentation` on many masks, split across the pool's workers, reporting
   * progress (`onProgress` and a `progress` event with {@link BatchProgress} detail) as masks finish.
   * Each mask gets its own result: a bad mask is a `DlGeometryError` in its slot, the rest still work.
   */
  async polygonsFromSegmentationBatch(
    masks: Parameters<GeometryWorkerApi['polygonsFromSegmentationBatch']>[0],
    options: Parameters<GeometryWorkerApi['polygonsFromSegmentationBatch']>[1],
    opts: WorkerCallOptions & { onProgress?: (p: BatchProgress) => void } = {},
  ): Promise<Array<{ ok: true; value: import('./protocol.js').PackedPolygons } | { ok: false; error: Error }>> {
    const chunks = Math.min(this.size, masks.length) || 1;
    const per = Math.ceil(masks.length / chunks);
    let done = 0;
    const report = () => {
      done++;
      const p = { done, total: masks.length };
      opts.onProgress?.(p);
      this.dispatchEvent(new CustomEvent<BatchProgress>('progress', { detail: p }));
    };
    // Progress messages travel on their own port and may arrive after the chunk's result: count per
    // chunk, top up when the chunk resolves, and ignore late messages.
    const parts = await Promise.all(
      Array.from({ length: chunks }, async (_, c) => {
        const part = masks.slice(c * per, (c + 1) * per);
        if (!part.length) return [];
        let chunkDone = 0;
        let finished = false;
        const onChunk = (d: number) => {
          while (!finished && chunkDone < d) {
            chunkDone++;
            report();
          }
        };
        const r = await this.call('polygonsFromSegmentationBatch', [part, options, Comlink.proxy(onChunk)], {
          signal: opts.signal,
          timeout: opts.timeout,
        });
        onChunk(part.length);
        finished = true;
        return r;
      }),
    );
    return parts.flat().map((r) => (r.ok ? r : { ok: false as const, error: errorFromWire(r.error) }));
  }
}
