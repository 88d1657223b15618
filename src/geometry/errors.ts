import { DlError } from '../entities/errors.js';

/** Why a geometry call refused its input. */
export type DlGeometryErrorCode =
  /** `width`/`height` not positive integers, or `data.length !== width * height`. */
  | 'invalid-mask'
  /** A 0×0 mask (the SDK fails on it too: `np.max` of an empty array). */
  | 'empty-mask'
  /** The segmentation data URL is not a decodable RGBA PNG. */
  | 'invalid-png'
  /** A vertex is not a finite number. */
  | 'invalid-vertex'
  /** Any other argument out of range (colour, shape, annotation JSON). */
  | 'invalid-argument'
  /**
   * An assisted-annotation call named an image (or a prepared scissors region) the backend does not
   * hold: never set, evicted to stay within its memory budget, or lost with a restarted worker. Set it
   * again (an `AssistBackend` given a loader does that by itself).
   */
  | 'image-missing';

/**
 * Bad input to a geometry kernel. `code` says what kind of input, the message says where.
 * It crosses the worker boundary intact (the worker serialises `code`).
 *
 * @example
 * try { await Polygon.fromSegmentation(mask, 'cat') } catch (e) {
 *   if (e instanceof DlGeometryError && e.code === 'invalid-mask') ...
 * }
 */
export class DlGeometryError extends DlError {
  override name = 'DlGeometryError';
  /** What was wrong, as a stable string. */
  readonly code: DlGeometryErrorCode;
  constructor(code: DlGeometryErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
