/**
 * Minimal diff of `next` against `prev` as the SDK sends it to `PUT /annotations/{id}`:
 * changed keys carry the new value, removed keys are `null`, nested objects are diffed
 * recursively, arrays (coordinates, `snapshots_`) are sent whole when they differ.
 * Returns `undefined` when nothing changed.
 */
export function jsonDiff(prev: unknown, next: unknown): Record<string, unknown> | undefined {
  if (!isObj(prev) || !isObj(next)) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(next)) {
    const a = prev[k];
    const b = next[k];
    if (b === undefined) continue;
    if (isObj(a) && isObj(b)) {
      const d = jsonDiff(a, b);
      if (d) out[k] = d;
    } else if (!deepEqual(a, b)) out[k] = b;
  }
  for (const k of Object.keys(prev)) if (!(k in next) || next[k] === undefined) out[k] = null;
  return Object.keys(out).length ? out : undefined;
}

/** Applies a {@link jsonDiff} result (null deletes) to a copy of `base`. */
export function applyDiff<T>(base: T, diff: Record<string, unknown>): T {
  const out = structuredClone(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(diff)) {
    if (v === null) delete out[k];
    else if (isObj(v) && isObj(out[k])) out[k] = applyDiff(out[k], v);
    else out[k] = structuredClone(v);
  }
  return out as T;
}

/** Whether every key of `diff` already holds in `target` (a replayed update that has landed). */
export function diffHolds(target: unknown, diff: Record<string, unknown>): boolean {
  if (!isObj(target)) return false;
  for (const [k, v] of Object.entries(diff)) {
    if (v === null) {
      if (target[k] !== undefined && target[k] !== null) return false;
    } else if (isObj(v)) {
      if (!diffHolds(target[k], v)) return false;
    } else if (!deepEqual(target[k], v)) return false;
  }
  return true;
}

/** Structural equality of JSON values (numbers compared by value: `10.0` equals `10`). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
