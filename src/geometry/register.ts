// Side effect of importing dl-kit outside a browser page: entity-level geometry calls
// (`Polygon.fromSegmentation`, ...) run in-process with OpenCV.js loaded on first use.
// On a browser page src/workers/register.ts registers the worker backend instead.
import { setGeometryBackend } from '../entities/geometry-backend.js';
import { createInProcessBackend, isBrowserMainThread } from './in-process-backend.js';

if (!isBrowserMainThread()) setGeometryBackend(createInProcessBackend());
