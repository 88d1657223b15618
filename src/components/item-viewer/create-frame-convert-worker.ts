// Kept in its own file and in exactly this form so Vite recognises the worker and bundles it
// (`new Worker(new URL(..., import.meta.url), { type: 'module' })`); the URL names the `.js` file tsc
// emits next to this one in dist/.

/** Starts a frame-conversion worker (frame-convert.worker.ts). */
export function createFrameConvertWorker(): Worker {
  return new Worker(new URL('./frame-convert.worker.js', import.meta.url), {
    type: 'module',
    name: 'dl-kit-video-frames',
  });
}
