import { DlError } from '../entities/errors.js';

/** Why a worker call failed for reasons other than its input. */
export type DlWorkerErrorCode =
  /** The call did not finish within its timeout; the worker was terminated and is respawned. */
  | 'timeout'
  /** The worker died (uncaught error, failed script load, out of memory); it is respawned. */
  | 'crashed'
  /** A message could not be deserialised (`messageerror`). */
  | 'message-error'
  /** OpenCV.js (or the worker script) failed to start within `startTimeout`. */
  | 'start-failed'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The pool was disposed while the call was queued or running. */
  | 'disposed'
  /** Workers are not available in this environment. */
  | 'unsupported'
  /** The worker threw something that is not a dl-kit error (a bug): message and name are kept. */
  | 'remote';

/**
 * A geometry worker call failed: timed out, crashed, aborted, or the pool was disposed.
 * Input errors are not DlWorkerError: they arrive as the kernel's own `DlGeometryError`.
 *
 * @example
 * try { await pool.polygonsFromSegmentation(mask, {}, { timeout: 5000 }) } catch (e) {
 *   if (e instanceof DlWorkerError && e.code === 'timeout') retryLater();
 * }
 */
export class DlWorkerError extends DlError {
  override name = 'DlWorkerError';
  /** What went wrong, as a stable string. */
  readonly code: DlWorkerErrorCode;
  constructor(code: DlWorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
