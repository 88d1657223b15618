// Setting arbitrary JSON keys safely: `obj[k] = v` with k === "__proto__" would change the prototype.

/** Sets `obj[key] = value` as an own, enumerable property, whatever the key. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}
