/**
 * The base of every `dl-*` event: a `CustomEvent` that bubbles and crosses shadow roots
 * (`composed`), carrying an object `detail` with Dataloop JSON. Components fire them only for user
 * actions, never when a host sets a property.
 *
 * @example
 * export class DlLabelSelectEvent extends DlEvent<{ label: string }> {
 *   static readonly type = 'dl-label-select';
 *   constructor(detail: { label: string }) { super(DlLabelSelectEvent.type, detail); }
 * }
 * declare global { interface GlobalEventHandlersEventMap { 'dl-label-select': DlLabelSelectEvent } }
 */
export class DlEvent<T extends object> extends CustomEvent<T> {
  constructor(type: string, detail: T, init: { cancelable?: boolean } = {}) {
    super(type, { detail, bubbles: true, composed: true, cancelable: init.cancelable ?? false });
  }
}

/**
 * Dispatches `event` from `target` and returns whether it was not cancelled
 * (the return value of `dispatchEvent`).
 */
export function emit(target: EventTarget, event: DlEvent<object>): boolean {
  return target.dispatchEvent(event);
}

/**
 * Deep copy of JSON data for event details, so a listener that mutates `detail` cannot reach
 * into a component's state. Unknown keys are kept as they are. Objects and arrays are copied; strings
 * are shared, not copied (they cannot be changed): `structuredClone` copied a mask's PNG data URL
 * (megabytes for a 4096² wand region) for every event, 10-60 ms of the page's thread in the assist
 * bench. Anything else that is not a primitive (a Date, a typed array...) is copied by `structuredClone`.
 *
 * @example
 * const a = { label: 'car', coordinates: [{ x: 1, y: 2 }] };
 * const c = cloneJson(a); // c.coordinates !== a.coordinates, c.label === a.label
 */
export function cloneJson<T>(value: T): T {
  return copyJson(value, new Map()) as T;
}

function copyJson(v: unknown, seen: Map<object, unknown>): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? structuredClone(v) : v;
  const done = seen.get(v);
  if (done !== undefined) return done; // shared or cyclic references stay so, as structuredClone keeps them
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    seen.set(v, out);
    for (let i = 0; i < v.length; i++) if (i in v) out[i] = copyJson(v[i], seen);
    return out;
  }
  if (Object.prototype.toString.call(v) !== '[object Object]') {
    const c = structuredClone(v);
    seen.set(v, c);
    return c;
  }
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  for (const k of Object.keys(v)) {
    const c = copyJson((v as Record<string, unknown>)[k], seen);
    // an own "__proto__" key (JSON.parse makes one) stays a key: assigning it would set the prototype
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}
