// Side effect of importing dl-kit on a browser page: entity-level geometry calls go through the shared
// worker pool. Nothing starts here: the first Worker is created on the first call or on prewarm().
import { setGeometryBackend } from '../entities/geometry-backend.js';
import { isBrowserMainThread } from '../geometry/in-process-backend.js';
import { getGeometryPool } from './shared-pool.js';
import { createWorkerBackend } from './worker-backend.js';

if (isBrowserMainThread() && typeof Worker !== 'undefined') setGeometryBackend(createWorkerBackend(getGeometryPool));
