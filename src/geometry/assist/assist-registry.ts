// Where components find the page's assist backend without importing the worker code themselves (the
// component bundle must not pull in the geometry worker and its 10 MB of OpenCV): importing dl-kit
// on a browser page registers `getAssist` here, as it registers the geometry backend.
import type { AssistBackend } from './assist-types.js';

let provider: (() => AssistBackend) | null = null;

/**
 * Registers the function that returns the page's assist backend (dl-kit's workers module does it
 * with `getAssist` when imported on a browser page). `null` unregisters.
 */
export function setAssistProvider(p: (() => AssistBackend) | null): void {
  provider = p;
}

/** The page's assist backend from the registered provider (creating it on first use), or null when none is registered. */
export function registeredAssist(): AssistBackend | null {
  return provider ? provider() : null;
}
