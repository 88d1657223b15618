// One DQL condition (`{"field": value}` or `{"field": {"$op": value}}`), as the SDK's SingleFilter.
import type { FiltersOperations } from '../enums.js';

/**
 * One condition of a DQL filter: a field, its value(s) and an optional operator.
 * `operator` undefined means implicit equality (`{"field": value}`); otherwise the prepared form is
 * `{"field": {"$<operator>": value}}`. The operator is kept as a string so that operators the SDK does
 * not know (read back by `Filters.fromJson`) still round-trip.
 */
export interface SingleFilter {
  /** Dotted field path, e.g. `metadata.system.mimetype`. */
  readonly field: string;
  /** The value(s): any JSON (a list for `in`/`nin`, a boolean for `exists`...). */
  readonly values: unknown;
  /** Operator without the `$` (`in`, `ne`...); undefined = implicit equality. */
  readonly operator?: FiltersOperations | (string & {});
}

/**
 * Python's `os.path.splitext(p)[1]` for POSIX paths: the extension of the last path segment,
 * ignoring leading dots of that segment (`.hidden` has no extension), `''` when there is none.
 */
export function pathExtension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  // A segment made only of leading dots and then the extension dot (`..x`) still counts as leading dots.
  if (/^\.+$/.test(base.slice(0, dot))) return '';
  return base.slice(dot);
}

/**
 * The SDK's recursive-filename rule (spec §4.1): a value that does not end with `*` and has no file
 * extension gets `/**` appended (`**` when it already ends with `/`).
 *
 * @example
 * addRecursive('/a/b'); // '/a/b/**'
 * addRecursive('/y/'); // '/y/**'
 * addRecursive('/z.png'); // '/z.png'
 */
export function addRecursive(value: string): string {
  if (value.endsWith('*') || pathExtension(value).startsWith('.')) return value;
  return value.endsWith('/') ? `${value}**` : `${value}/**`;
}

/**
 * The prepared JSON of one condition. With `recursive`, a `filename` condition gets the `/**` rule
 * applied to its string value or to each string of its list value (the input is never mutated).
 */
export function prepareSingleFilter(single: SingleFilter, recursive = false): Record<string, unknown> {
  let values = single.values;
  if (recursive && single.field === 'filename') {
    if (typeof values === 'string') values = addRecursive(values);
    else if (Array.isArray(values)) values = values.map((v) => (typeof v === 'string' ? addRecursive(v) : v));
  }
  if (single.operator === undefined) return { [single.field]: values };
  return { [single.field]: { [`$${single.operator}`]: values } };
}
