import { DlError, DlParseError } from '../errors.js';

/**
 * Normalises an object id the way the SDK does: integers become their decimal string, strings must
 * consist of digits only. `null`/`undefined` give `null`.
 * Throws {@link DlError} (or {@link DlParseError} with `path`, when reading JSON) otherwise.
 *
 * @example
 * normalizeObjectId(7)    // "7"
 * normalizeObjectId("12") // "12"
 * normalizeObjectId("a1") // throws
 */
export function normalizeObjectId(value: unknown, path?: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return value;
  if (path !== undefined)
    throw new DlParseError(path, 'an object id: a string of digits or a non-negative integer', value);
  throw new DlError(`Object id must be an int or a string containing only digits, got ${JSON.stringify(value)}`);
}
