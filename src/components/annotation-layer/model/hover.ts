// The annotation under the pointer (highlighted by the renderer): state only.
/** The hovered annotation key, or null. */
export class Hover {
  key: string | null = null;

  /** Sets the hovered key; true when it changed. */
  set(key: string | null): boolean {
    if (key === this.key) return false;
    this.key = key;
    return true;
  }
}
