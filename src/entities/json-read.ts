// Small typed readers used by every fromJson. Each names the JSON path on failure.
import { DlParseError } from './errors.js';

/** A JSON object (plain record). */
export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readObject(v: unknown, path: string): JsonObject {
  if (!isObject(v)) throw new DlParseError(path, 'an object', v);
  return v;
}

export function readArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new DlParseError(path, 'an array', v);
  return v;
}

export function readString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new DlParseError(path, 'a string', v);
  return v;
}

export function readNumber(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DlParseError(path, 'a finite number', v);
  return v;
}

export function readBoolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new DlParseError(path, 'a boolean', v);
  return v;
}

/** Requires the key to be present (value may be null), as the SDK's reader does. */
export function requireKey(obj: JsonObject, key: string, path: string): unknown {
  if (!(key in obj)) throw new DlParseError(`${path}.${key}`, 'a value (required key)', undefined);
  return obj[key];
}
