// Public exports of src/workers: the supervised geometry worker pool and the browser geometry backend.
// Importing this on a browser page registers the worker backend (no worker starts until first use).
import './register.js';

export { DlWorkerError, type DlWorkerErrorCode } from './errors.js';
export {
  GeometryWorkerPool,
  errorFromWire,
  type GeometryPoolOptions,
  type WorkerCallOptions,
  type BatchProgress,
} from './pool.js';
export { getGeometryPool, configureGeometryPool, prewarm } from './shared-pool.js';
export { createWorkerBackend } from './worker-backend.js';
export { createWorkerAssist, type WorkerAssistOptions } from './worker-assist.js';
export {
  getAssist,
  configureAssist,
  preloadAssist,
  type AssistOptions,
  type PreloadAssistOptions,
} from './shared-assist.js';
export { createGeometryWorker } from './create-geometry-worker.js';
export {
  packPolygons,
  unpackPolygons,
  type GeometryWorkerApi,
  type PackedPolygons,
  type WireResult,
  type WireError,
  type WireImage,
  type WireMaskResult,
} from './protocol.js';
