// Kept in its own file and in exactly this form so Vite recognises the worker and bundles it
// (`new Worker(new URL(..., import.meta.url), { type: 'module' })`). The URL names the `.js` file: Vite
// resolves it to geometry.worker.ts in the sources, and it is the file tsc emits next to this one in dist/.

/** Starts a geometry worker (a module worker bundled by Vite). */
export function createGeometryWorker(): Worker {
  return new Worker(new URL('./geometry.worker.js', import.meta.url), { type: 'module', name: 'dl-kit-geometry' });
}
