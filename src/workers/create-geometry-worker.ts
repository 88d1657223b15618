// Kept in its own file and in exactly this form so Vite recognises the worker and bundles it
// (`new Worker(new URL(..., import.meta.url), { type: 'module' })`).

/** Starts a geometry worker (a module worker bundled by Vite). */
export function createGeometryWorker(): Worker {
  return new Worker(new URL('./geometry.worker.ts', import.meta.url), { type: 'module', name: 'dl-kit-geometry' });
}
