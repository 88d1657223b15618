// Small JSON helpers of the annotation layer: value equality and coordinate readers.
import { DlParseError } from '../errors.js';
import { isObject, readArray, readNumber, readObject } from '../json-read.js';
import { setOwn } from './own-keys.js';
import type { Attributes, Point2 } from './types.js';

/** Deep value equality of JSON data; key order is ignored (as Python dict equality). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (typeof a === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
    const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
    if (ak.length !== bk.length) return false;
    for (const k of ak) if (!Object.hasOwn(bo, k) || !jsonEqual(ao[k], bo[k])) return false;
    return true;
  }
  return false;
}

/** `{x, y}` with finite numbers (other keys such as `z` are ignored, as by the SDK). */
export function readPoint2(v: unknown, path: string): Point2 {
  const o = readObject(v, path);
  return { x: readNumber(o['x'], `${path}.x`), y: readNumber(o['y'], `${path}.y`) };
}

/** A list of `{x, y}`. */
export function readPoint2List(v: unknown, path: string): Point2[] {
  return readArray(v, path).map((p, i) => readPoint2(p, `${path}[${i}]`));
}

/** v2 attributes: an object; `null`/missing read as `{}`. */
export function readAttributes(v: unknown, path: string): Attributes {
  if (v === null || v === undefined) return {};
  if (!isObject(v)) throw new DlParseError(path, 'an attributes object ({key: value}) or null', v);
  return structuredCloneJson(v);
}

/**
 * Deep copy of JSON data with JSON semantics (as `JSON.parse(JSON.stringify(v))`, but several times
 * faster on the small objects annotations are made of): object keys holding `undefined` or functions
 * are dropped, such array entries and non-finite numbers become `null`.
 */
export function structuredCloneJson<T>(v: T): T {
  return cloneValue(v, false) as T;
}

function cloneValue(v: unknown, inArray: boolean): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'object': {
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) out[i] = cloneValue(v[i], true);
        return out;
      }
      const src = v as Record<string, unknown>;
      const toJSON = (src as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return cloneValue((toJSON as () => unknown).call(src), inArray);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(src)) {
        const c = src[k];
        if (c === undefined || typeof c === 'function' || typeof c === 'symbol') continue;
        setOwn(out, k, cloneValue(c, false));
      }
      return out;
    }
    case 'bigint':
      throw new TypeError('BigInt is not JSON');
    default:
      // undefined, function, symbol: dropped in objects (handled above), null in arrays
      return inArray ? null : undefined;
  }
}

/** Reads an optional string: missing or null gives `null`. */
export function optString(v: unknown, path: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new DlParseError(path, 'a string or null', v);
  return v;
}

/** Reads an optional finite number: missing or null gives `null`. */
export function optNumber(v: unknown, path: string): number | null {
  if (v === null || v === undefined) return null;
  return readNumber(v, path);
}

/** Reads an optional boolean: missing or null gives `fallback`. */
export function optBoolean(v: unknown, path: string, fallback: boolean): boolean {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new DlParseError(path, 'a boolean', v);
  return v;
}
