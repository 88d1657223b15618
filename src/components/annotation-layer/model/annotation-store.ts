// The editing state of the layer, kept apart from the renderer (as Annotorious does): annotations
// by key in z-order, and an undo stack whose steps hold only what changed. Changes to the same
// annotations within 250 ms merge into one step, so a burst of arrow-key nudges undoes at once.
import type { AnnotationJson } from './annotation-json.js';

/** One annotation's change: `before` null = created, `after` null = deleted. */
export interface Change {
  key: string;
  before: AnnotationJson | null;
  after: AnnotationJson | null;
}

/** A rectangle of a binary mask before and after a brush/eraser stroke (1 byte per pixel). */
export interface MaskPatch {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  before: Uint8Array;
  after: Uint8Array;
}

/** One undo step. */
interface UndoStep {
  changes: Change[];
  patches: MaskPatch[];
  time: number;
  mergeable: boolean;
}

/** Why the store changed. */
export type StoreCause = 'reset' | 'edit' | 'undo' | 'redo' | 'sync';

/** The merge window of the undo stack, ms. */
const MERGE_MS = 250;

/** Annotations by key, z-ordered, with undo/redo. */
export class AnnotationStore {
  private items = new Map<string, AnnotationJson>();
  private order: string[] = [];
  private undoStack: UndoStep[] = [];
  private redoStack: UndoStep[] = [];
  private seq = 0;
  /** Called after every change with the changes applied (in the direction they took effect). */
  onChange: (changes: Change[], cause: StoreCause, patches: MaskPatch[]) => void = () => {};
  /** The clock (injectable for tests). */
  now: () => number = () => performance.now();

  /** Replaces everything; clears the history. No undo step. */
  reset(list: AnnotationJson[]): void {
    this.items.clear();
    this.order = [];
    this.undoStack = [];
    this.redoStack = [];
    for (const a of list) {
      const key = this.keyFor(a);
      this.items.set(key, a);
      this.order.push(key);
    }
    this.onChange([], 'reset', []);
  }

  /** A fresh key for a new annotation. */
  newKey(): string {
    let k: string;
    do k = `local-${++this.seq}`;
    while (this.items.has(k));
    return k;
  }

  private keyFor(a: AnnotationJson): string {
    const id = typeof a.id === 'string' && a.id ? a.id : typeof a._id === 'string' ? (a._id as string) : null;
    return id && !this.items.has(id) ? id : this.newKey();
  }

  /** The annotation with `key`. */
  get(key: string): AnnotationJson | undefined {
    return this.items.get(key);
  }

  /** Keys in z-order (bottom first). */
  keys(): readonly string[] {
    return this.order;
  }

  /** All annotations in z-order. */
  list(): AnnotationJson[] {
    return this.order.map((k) => this.items.get(k)!);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /**
   * Applies a user edit as one undo step. `edits` maps keys to the new JSON (null deletes).
   * `mergeable` steps touching the same keys within MERGE_MS of the last one merge into it.
   */
  edit(
    edits: Array<{ key: string; after: AnnotationJson | null }>,
    opts: { mergeable?: boolean; patches?: MaskPatch[] } = {},
  ): Change[] {
    const changes: Change[] = edits.map(({ key, after }) => ({ key, before: this.items.get(key) ?? null, after }));
    const patches = opts.patches ?? [];
    this.write(changes);
    this.redoStack = [];
    const t = this.now();
    const last = this.undoStack[this.undoStack.length - 1];
    const mergeable = opts.mergeable !== false && !patches.length && changes.every((c) => c.before && c.after);
    if (last && mergeable && last.mergeable && t - last.time < MERGE_MS && sameKeys(last.changes, changes)) {
      for (const c of changes) last.changes.find((l) => l.key === c.key)!.after = c.after;
      last.time = t;
    } else this.undoStack.push({ changes, patches, time: t, mergeable });
    this.onChange(changes, 'edit', patches);
    return changes;
  }

  /** Replaces an annotation's JSON without an undo step (e.g. the re-encoded PNG after a stroke). */
  sync(key: string, after: AnnotationJson): void {
    const before = this.items.get(key) ?? null;
    this.write([{ key, before, after }]);
    for (const s of [...this.undoStack, ...this.redoStack])
      for (const c of s.changes) if (c.key === key && c.after && c.after === before) c.after = after;
    this.onChange([{ key, before, after }], 'sync', []);
  }

  /**
   * Replaces coordinates `from` of annotation `key` by `to`, in its JSON and in every step of the
   * history, without an undo step (a mask shown before its PNG was encoded gets the PNG). Returns
   * the new JSON when the annotation exists now.
   */
  replaceCoordinates(key: string, from: unknown, to: unknown): AnnotationJson | undefined {
    const memo = new Map<AnnotationJson, AnnotationJson>();
    const swap = (a: AnnotationJson | null): AnnotationJson | null => {
      if (!a || a.coordinates !== from) return a;
      let b = memo.get(a);
      if (!b) memo.set(a, (b = { ...a, coordinates: to }));
      return b;
    };
    for (const s of [...this.undoStack, ...this.redoStack])
      for (const c of s.changes)
        if (c.key === key) {
          c.before = swap(c.before);
          c.after = swap(c.after);
        }
    const cur = this.items.get(key);
    if (!cur) return undefined;
    const next = swap(cur)!;
    if (next !== cur) {
      this.items.set(key, next);
      this.onChange([{ key, before: cur, after: next }], 'sync', []);
    }
    return next;
  }

  /** Undoes the last step; returns its changes as applied (before/after swapped), or null. */
  undo(): Change[] | null {
    const s = this.undoStack.pop();
    if (!s) return null;
    const inv = s.changes.map((c) => ({ key: c.key, before: c.after, after: c.before })).reverse();
    this.write(inv);
    this.redoStack.push(s);
    const patches = s.patches.map((p) => ({ ...p, before: p.after, after: p.before }));
    this.onChange(inv, 'undo', patches);
    return inv;
  }

  /** Redoes the last undone step. */
  redo(): Change[] | null {
    const s = this.redoStack.pop();
    if (!s) return null;
    this.write(s.changes);
    s.time = -Infinity; // never merge into a redone step
    this.undoStack.push(s);
    this.onChange(s.changes, 'redo', s.patches);
    return s.changes;
  }

  private write(changes: Change[]): void {
    for (const c of changes) {
      if (c.after) {
        if (!this.items.has(c.key)) this.order.push(c.key);
        this.items.set(c.key, c.after);
      } else if (this.items.delete(c.key)) this.order.splice(this.order.indexOf(c.key), 1);
    }
  }
}

function sameKeys(a: Change[], b: Change[]): boolean {
  return a.length === b.length && b.every((c) => a.some((x) => x.key === c.key));
}
