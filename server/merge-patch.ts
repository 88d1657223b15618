import { isObject } from './context.js';

/**
 * RFC 7396 merge patch, the diff format of `PATCH /items` and `PUT /annotations`: objects merge
 * recursively, `null` removes a key, anything else (arrays included) replaces. Returns a new
 * object; `target` is not modified.
 */
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return mergeValue(target, patch) as Record<string, unknown>;
}

function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    if (v === null) delete out[k];
    else out[k] = mergeValue(out[k], v);
  }
  return out;
}
