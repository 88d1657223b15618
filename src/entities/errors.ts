/**
 * Base class of every error dl-kit throws on purpose. `instanceof DlError` tells a
 * dl-kit failure from a bug elsewhere.
 */
export class DlError extends Error {
  override name = 'DlError';
}

/** Short, safe description of a JSON value for error messages. */
function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing (key missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 37)}..."` : `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * Thrown by every `fromJson` when the JSON does not have the shape Dataloop defines.
 * The message names the JSON path (`$.coordinates[0].x`) and what was expected there.
 *
 * @example
 * try { Annotation.fromJson(json) } catch (e) {
 *   if (e instanceof DlParseError) console.warn(e.path, e.expected);
 * }
 */
export class DlParseError extends DlError {
  override name = 'DlParseError';
  /** JSON path of the offending value, `$` is the root passed to `fromJson`. */
  readonly path: string;
  /** What the reader expected at `path`, in words. */
  readonly expected: string;
  /** The value found there (may be undefined when the key is missing). */
  readonly received: unknown;

  constructor(path: string, expected: string, received: unknown) {
    super(`${path}: expected ${expected}, got ${describeJson(received)}`);
    this.path = path;
    this.expected = expected;
    this.received = received;
  }
}
