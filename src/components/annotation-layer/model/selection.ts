// Which annotations are selected, and which vertex of the selection the arrow keys move: state only,
// kept apart from the renderer and the element (as Annotorious keeps its Selection). Whoever shows
// the selection (renderer, handles, events) subscribes.
/** A vertex of one annotation: `ring` 0 is the outline, 1.. a polygon's holes. */
export interface VertexRef {
  key: string;
  ring: number;
  index: number;
}

/** What a selection change tells its subscribers. */
export interface SelectionChange {
  /** The new set holds the same keys as the old one. */
  same: boolean;
  /** The user made the change (click, keyboard, list): the layer fires `dl-selection-change`. */
  byUser: boolean;
}

/** The selected annotation keys (in the order they were added) and the active vertex. */
export class Selection {
  private current: ReadonlySet<string> = new Set();
  private listeners = new Set<(c: SelectionChange) => void>();
  /** Bumped by every `set`, equal or not (a later answer can tell the selection moved on). */
  version = 0;
  /** The vertex the arrow keys nudge and Delete removes; cleared when its annotation leaves the selection. */
  activeVertex: VertexRef | null = null;

  /** The selected keys. */
  get keys(): ReadonlySet<string> {
    return this.current;
  }
  get size(): number {
    return this.current.size;
  }
  has(key: string): boolean {
    return this.current.has(key);
  }
  [Symbol.iterator](): IterableIterator<string> {
    return this.current.values();
  }

  /** Replaces the selection and tells the subscribers. */
  set(keys: Iterable<string>, byUser: boolean): void {
    const next = new Set(keys);
    const prev = this.current;
    const same = next.size === prev.size && [...next].every((k) => prev.has(k));
    this.current = next;
    this.version++;
    if (this.activeVertex && !next.has(this.activeVertex.key)) this.activeVertex = null;
    for (const l of [...this.listeners]) l({ same, byUser });
  }

  /** Empties the selection without telling the subscribers (new data replaces everything anyway). */
  clear(): void {
    this.current = new Set();
    this.version++;
    this.activeVertex = null;
  }

  /** Calls `listener` after every `set`; returns the unsubscribe function. */
  subscribe(listener: (c: SelectionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
