// The one geometry pool of a page, created on first use (no Worker exists before that or prewarm()).
import { createGeometryWorker } from './create-geometry-worker.js';
import { GeometryWorkerPool, type GeometryPoolOptions } from './pool.js';

let shared: GeometryWorkerPool | null = null;
let sharedOptions: GeometryPoolOptions = {};

/** The page's shared geometry worker pool (created lazily; no worker starts until a call or prewarm). */
export function getGeometryPool(): GeometryWorkerPool {
  shared ??= new GeometryWorkerPool({ createWorker: createGeometryWorker, ...sharedOptions });
  return shared;
}

/**
 * Sets the shared pool's options (size, timeouts, worker factory). An existing pool is disposed
 * (its pending calls reject with `disposed`) and the next call creates one with these options.
 *
 * @example
 * configureGeometryPool({ size: 1, timeout: 10_000 });
 */
export function configureGeometryPool(options: GeometryPoolOptions): void {
  sharedOptions = { ...options };
  shared?.dispose();
  shared = null;
}

/**
 * Starts the shared pool's workers and loads OpenCV in them, e.g. from `requestIdleCallback`, so the
 * first conversion does not wait ~1.5 s. Resolves with each worker's start time (ms).
 *
 * @example
 * requestIdleCallback(() => prewarm());
 */
export function prewarm(): Promise<number[]> {
  return getGeometryPool().prewarm();
}
