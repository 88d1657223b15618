// Side effect of importing dl-kit on a browser page: entity-level geometry calls go through the shared
// worker pool, and the annotation layer's assisted tools go through the assist worker. Nothing starts
// here: the first Worker is created on the first call or on prewarm() / preloadAssist().
import { setGeometryBackend } from '../entities/geometry-backend.js';
import { setAssistProvider } from '../geometry/assist/assist-registry.js';
import { isBrowserMainThread } from '../geometry/in-process-backend.js';
import { getAssist } from './shared-assist.js';
import { getGeometryPool } from './shared-pool.js';
import { createWorkerBackend } from './worker-backend.js';

if (isBrowserMainThread() && typeof Worker !== 'undefined') {
  setGeometryBackend(createWorkerBackend(getGeometryPool));
  // the annotation layer's assisted tools (magic wand, GrabCut, scissors, watershed) find it here
  setAssistProvider(getAssist);
}
