// Stable JSON text of a DQL body, for cache keys and body comparison.
import type { JsonObject } from '../json-read.js';

/** JSON text with object keys sorted by code point, except the keys of the top-level `sort` (their order is meaningful). */
export function canonicalStringify(body: unknown): string {
  return canon(body, 0, false);
}

function canon(value: unknown, depth: number, keepOrder: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => canon(v, depth + 1, false)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as JsonObject;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    if (!keepOrder) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const parts = keys.map((k) => `${JSON.stringify(k)}:${canon(obj[k], depth + 1, depth === 0 && k === 'sort')}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
