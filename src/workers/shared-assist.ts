// The page's assist backend: one dedicated geometry worker that holds the open item's image, created
// on first use. Dedicated, so that an interactive action never queues behind a batch of conversions
// in the shared geometry pool (it costs one more OpenCV instance, ~130 MB of worker memory).
import type { AssistBackend } from '../geometry/assist/assist-types.js';
import { createInProcessAssist } from '../geometry/assist/in-process-assist.js';
import { isBrowserMainThread } from '../geometry/in-process-backend.js';
import { createGeometryWorker } from './create-geometry-worker.js';
import { GeometryWorkerPool, type GeometryPoolOptions } from './pool.js';
import { createWorkerAssist } from './worker-assist.js';

/** Options of the page's assist backend ({@link configureAssist}). */
export interface AssistOptions extends Omit<GeometryPoolOptions, 'size'> {
  /** Most bytes of images held; least recently used images are dropped beyond it. @default 320 MiB */
  maxBytes?: number;
}

let shared: AssistBackend | null = null;
let pool: GeometryWorkerPool | null = null;
let options: AssistOptions = {};

/**
 * The page's {@link AssistBackend}: on a browser page, a dedicated geometry worker (started on the
 * first call or {@link preloadAssist}); elsewhere (Node, inside a worker) the in-process backend.
 *
 * @example
 * const assist = getAssist();
 * await assist.setImage(item.id, () => createImageBitmap(img));
 * const { polygons } = await assist.grabCut(item.id, { rect }, { polygons: true });
 */
export function getAssist(): AssistBackend {
  if (shared) return shared;
  const { maxBytes, ...poolOptions } = options;
  if (isBrowserMainThread() && typeof Worker !== 'undefined') {
    const p = new GeometryWorkerPool({ createWorker: createGeometryWorker, ...poolOptions, size: 1 });
    pool = p;
    shared = createWorkerAssist(() => p, { maxBytes });
  } else shared = createInProcessAssist({ maxBytes });
  return shared;
}

/**
 * Sets the page's assist options. A running assist worker is stopped (its unfinished calls reject
 * with `disposed`, its images are gone) and the next call starts one with these options.
 *
 * @example
 * configureAssist({ maxBytes: 512 * 2 ** 20 });
 */
export function configureAssist(next: AssistOptions): void {
  options = { ...next };
  shared?.cancelAll();
  pool?.dispose();
  pool = null;
  shared = null;
}

/** Options of {@link preloadAssist}. */
export interface PreloadAssistOptions {
  /**
   * Wait for the page to be idle (`requestIdleCallback`) before starting, at most `idleTimeout` ms.
   * @default false
   */
  idle?: boolean;
  /** Longest wait for idleness, ms (kept short: the first action may come 3 s after an item opens). @default 1000 */
  idleTimeout?: number;
}

/**
 * Starts the assist worker and loads OpenCV in it, so that the first assisted action does not wait
 * for it (a cold start is ~1–2 s). Call it when an item opens: with `{ idle: true }` it waits for an
 * idle moment (at most `idleTimeout` ms), keeping the item's own loading first.
 *
 * @example
 * viewer.addEventListener('dl-item-load', () => void preloadAssist({ idle: true }));
 */
export async function preloadAssist(o: PreloadAssistOptions = {}): Promise<void> {
  if (o.idle) {
    const ric = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => number })
      .requestIdleCallback;
    const timeout = o.idleTimeout ?? 1000;
    await new Promise<void>((r) => (ric ? ric(() => r(), { timeout }) : setTimeout(r, Math.min(timeout, 200))));
  }
  await getAssist().preload();
}
