// Loads OpenCV.js (@techstark/opencv-js 4.12) once per JS realm (a Node process or one worker).
// The Emscripten module is a *thenable*: awaiting it or resolving a promise with it spins forever,
// so we resolve a wrapper `{ cv }` and never the module itself.
import type * as OpenCvTypes from '@techstark/opencv-js';

/** The loaded OpenCV.js namespace. */
export type OpenCv = typeof OpenCvTypes;

/** What {@link loadOpenCv} resolves to: a wrapper, because the module itself is a thenable. */
export interface LoadedOpenCv {
  cv: OpenCv;
  /** Milliseconds the load took (module evaluation + WASM instantiation). */
  loadMs: number;
}

let loading: Promise<LoadedOpenCv> | null = null;

/**
 * Loads OpenCV.js lazily, once; later calls return the same promise. Never call this on a browser's
 * main thread: OpenCV belongs in the geometry worker (the `dl-kit` browser backend does that).
 *
 * @example
 * const { cv } = await loadOpenCv();
 * const polygons = polygonsFromSegmentation(cv, mask, { maxInstances: null });
 */
export function loadOpenCv(): Promise<LoadedOpenCv> {
  loading ??= load().catch((e: unknown) => {
    loading = null; // allow a retry after a failed load
    throw e;
  });
  return loading;
}

async function load(): Promise<LoadedOpenCv> {
  const t0 = performance.now();
  const proc = (globalThis as { process?: NodeJS.Process }).process;
  const isNode = !!proc?.versions?.node;
  // Emscripten adds process-wide 'uncaughtException' and 'unhandledRejection' handlers in Node
  // (the latter aborts the WASM runtime). They are not ours to install in a host's server: remove them.
  const before = isNode ? listenerSnapshot(proc!) : null;
  const m = (await importModule(isNode)).m as OpenCv & { onRuntimeInitialized?: () => void };
  // Resolve a wrapper, never `m` itself (a thenable: resolving with it would call its `then`).
  const { cv } = await new Promise<{ cv: OpenCv }>((resolve, reject) => {
    if (typeof (m as { Mat?: unknown }).Mat === 'function') {
      resolve({ cv: m });
      return;
    }
    const timer = setTimeout(() => reject(new Error('OpenCV.js did not initialise within 60 s')), 60_000);
    m.onRuntimeInitialized = () => {
      clearTimeout(timer);
      resolve({ cv: m });
    };
  });
  if (before) restoreListeners(proc!, before);
  return { cv, loadMs: performance.now() - t0 };
}

/**
 * Returns the Emscripten module inside a non-thenable box. In Node, `require` it: a dynamic `import()`
 * may hand back a namespace proxy that exposes the module's own `then` (Vitest's CJS interop does),
 * and the import promise would then adopt it and spin forever. In browsers (Vite pre-bundles the
 * package as ESM with a single default export) the namespace is safe.
 */
async function importModule(isNode: boolean): Promise<{ m: unknown }> {
  // In Node `require` (see above); elsewhere a boxed static import (see opencv-module.ts).
  if (isNode) {
    const { createRequire } = await import('node:module');
    return { m: createRequire(import.meta.url)('@techstark/opencv-js') as unknown };
  }
  const { box } = await import('./opencv-module.js');
  return box;
}

type Listeners = {
  uncaughtException: NodeJS.UncaughtExceptionListener[];
  unhandledRejection: NodeJS.UnhandledRejectionListener[];
};

function listenerSnapshot(p: NodeJS.Process): Listeners {
  return { uncaughtException: p.listeners('uncaughtException'), unhandledRejection: p.listeners('unhandledRejection') };
}

function restoreListeners(p: NodeJS.Process, before: Listeners): void {
  for (const l of p.listeners('uncaughtException'))
    if (!before.uncaughtException.includes(l)) p.removeListener('uncaughtException', l);
  for (const l of p.listeners('unhandledRejection'))
    if (!before.unhandledRejection.includes(l)) p.removeListener('unhandledRejection', l);
}
