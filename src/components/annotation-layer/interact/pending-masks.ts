// Masks shown before their PNG exists: an assisted tool's mask is in the store (drawn, selected,
// undoable) as soon as its pixels arrive, while the geometry worker still encodes the Dataloop PNG.
// Until then its JSON holds a placeholder URL and the layer holds back its events, so every
// dl-annotation-* event still carries a real `data:image/png;base64,` mask.

/** The placeholder coordinates of pending mask `key` (never a valid data URL). */
const placeholderOf = (key: string, n: number) => `dlkit-pending-png:${key}:${n}`;

/** The pending masks of one layer, by annotation key. */
export class PendingMasks {
  private readonly map = new Map<string, { url: string; done: Promise<void>; resolve: () => void }>();
  private seq = 0;

  /** True while `key` waits for its PNG (its events are held back). */
  has(key: string): boolean {
    return this.map.has(key);
  }

  get size(): number {
    return this.map.size;
  }

  /** Marks `key` pending; returns the placeholder its JSON carries meanwhile. */
  add(key: string): string {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const url = placeholderOf(key, ++this.seq);
    this.map.set(key, { url, done, resolve });
    return url;
  }

  /** Resolves when `key` is no longer pending (at once when it is not). */
  settled(key: string): Promise<void> {
    return this.map.get(key)?.done ?? Promise.resolve();
  }

  /** Resolves when no mask is pending. */
  async all(): Promise<void> {
    while (this.map.size) await Promise.all([...this.map.values()].map((p) => p.done));
  }

  /** Ends `key`'s wait; returns its placeholder (undefined when it was not pending). */
  take(key: string): string | undefined {
    const p = this.map.get(key);
    if (!p) return undefined;
    this.map.delete(key);
    p.resolve();
    return p.url;
  }

  /** Forgets every pending mask (the annotations were replaced). */
  clear(): void {
    for (const k of [...this.map.keys()]) this.take(k);
  }
}
