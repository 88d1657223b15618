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

/**
 * What a step that creates and deletes at once was, for its words (its changes alone do not tell a
 * merge from a delete plus an edit, nor a conversion from a create): `merge` (the edited change is
 * the result, the deleted ones went into it), `convert` (the created ones were made from `from`,
 * which the step does not change).
 */
export type StepAction =
  | { kind: 'merge' }
  /** A paste (Ctrl+V): its created annotations. */
  | { kind: 'paste' }
  /** A key-frame action of the timeline / the video keys (`TrackAction`) at frame `frame`. */
  | {
      kind: 'track';
      action: 'insert' | 'delete' | 'copy-next' | 'end' | 'hide' | 'show' | 'resume' | 'split';
      frame: number;
    }
  /**
   * A step that changed only pixels of mask `key` (its patches; it lists no annotation changes):
   * `how` says what for its words (a brush stroke paints, GrabCut refines...).
   */
  | { kind: 'pixels'; key: string; how: 'paint' | 'erase' | 'refine' | 'add' | 'subtract' }
  | {
      kind: 'convert';
      from: AnnotationJson;
      /**
       * The store key of the source annotation (`from`): undoing the conversion selects it again
       * (the step's own changes are only the results). Absent: nothing is selected.
       */
      key?: string;
    };

/** The changes an undo / redo applied, with what the step was when it said so. */
export type StepChanges = Change[] & { action?: StepAction };

/** One undo step. */
interface UndoStep {
  changes: Change[];
  patches: MaskPatch[];
  time: number;
  mergeable: boolean;
  action?: StepAction;
}

/** Why the store changed. */
export type StoreCause = 'reset' | 'edit' | 'undo' | 'redo' | 'sync';

/** The merge window of the undo stack, ms. */
const MERGE_MS = 250;

/**
 * Annotations by key, z-ordered, with undo/redo. Every key gets an int id once, kept for good (after
 * a deletion or a reset too): the JSON is kept in an array by id, and the layer's shapes and
 * renderer use the same ids, so one map of keys serves them all (at 1,000,000 points a second map
 * of keys was ~0.5 s of the first load and ~40 B of heap a point, #16).
 */
export class AnnotationStore {
  /** The id of every key seen. */
  private ids = new Map<string, number>();
  /** The key of each id. */
  private keysById: string[] = [];
  /** The JSON by id (undefined: no such annotation now). */
  private jsonById: Array<AnnotationJson | undefined> = [];
  private order: string[] = [];
  /** The id of each key of `order`, at the same index (kept with it). */
  private orderIds: number[] = [];
  private undoStack: UndoStep[] = [];
  private redoStack: UndoStep[] = [];
  private seq = 0;
  /** Called after every change with the changes applied (in the direction they took effect). */
  onChange: (changes: Change[], cause: StoreCause, patches: MaskPatch[]) => void = () => {};
  /**
   * Counts the changes to the store's history (edits, undos, redos, resets): a draft that remembers
   * what an undo took from it puts it back only while the history is as it was. Syncs do not count:
   * they land late (a mask's PNG encoded in a worker) and change no step, so a redo meant to reopen
   * a draft would otherwise, by timing, redo an unrelated step instead (review32 #3).
   */
  revision = 0;
  /** The clock (injectable for tests). */
  now: () => number = () => performance.now();

  private changed(changes: Change[], cause: StoreCause, patches: MaskPatch[]): void {
    if (cause !== 'sync') this.revision++;
    this.onChange(changes, cause, patches);
  }

  /** Replaces everything; clears the history. No undo step. */
  reset(list: AnnotationJson[]): void {
    // emptied in place: a fresh array filled from a later id on would be a slow sparse one
    this.jsonById.fill(undefined);
    this.order = [];
    this.orderIds = [];
    this.undoStack = [];
    this.redoStack = [];
    for (const a of list) {
      const want = typeof a.id === 'string' && a.id ? a.id : typeof a._id === 'string' ? (a._id as string) : null;
      // one map lookup for a new key (the common case); a taken or missing id gets a fresh key
      let id = want === null ? undefined : this.ids.get(want);
      let key = want;
      if (want === null || (id !== undefined && this.jsonById[id] !== undefined)) {
        key = this.newKey();
        id = this.idOf(key);
      } else if (id === undefined) id = this.add(want);
      this.jsonById[id] = a;
      this.order.push(key!);
      this.orderIds.push(id!);
    }
    this.changed([], 'reset', []);
  }

  /** A fresh key for a new annotation. */
  newKey(): string {
    let k: string;
    do k = `local-${++this.seq}`;
    while (this.get(k));
    return k;
  }

  /** The int id of `key` (given on first use, kept for good): the layer's shapes and renderer use it. */
  idOf(key: string): number {
    return this.ids.get(key) ?? this.add(key);
  }

  /** The id of `key` if it has one (no id is given). */
  peekId(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** The key of int id `id`. */
  keyOf(id: number): string {
    return this.keysById[id]!;
  }

  /** Gives new key `key` the next id. */
  private add(key: string): number {
    const id = this.keysById.length;
    this.keysById.push(key);
    this.ids.set(key, id);
    return id;
  }

  /** The annotation with `key`. */
  get(key: string): AnnotationJson | undefined {
    const id = this.ids.get(key);
    return id === undefined ? undefined : this.jsonById[id];
  }

  /** Keys in z-order (bottom first). */
  keys(): readonly string[] {
    return this.order;
  }

  /**
   * The int id of each key of {@link keys}, at the same index: a walk over every annotation (the
   * shapes' rebuild) needs no map lookup a key (at 100,000 annotations ~25 ms of the first render, #16).
   */
  idsInOrder(): readonly number[] {
    return this.orderIds;
  }

  /** All annotations in z-order. */
  list(): AnnotationJson[] {
    return this.order.map((k) => this.get(k)!);
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
    opts: { mergeable?: boolean; patches?: MaskPatch[]; action?: StepAction } = {},
  ): Change[] {
    const changes: Change[] = edits.map(({ key, after }) => ({ key, before: this.get(key) ?? null, after }));
    const patches = opts.patches ?? [];
    this.write(changes);
    this.redoStack = [];
    const t = this.now();
    const last = this.undoStack[this.undoStack.length - 1];
    const mergeable =
      opts.mergeable !== false && !opts.action && !patches.length && changes.every((c) => c.before && c.after);
    if (last && mergeable && last.mergeable && t - last.time < MERGE_MS && sameKeys(last.changes, changes)) {
      for (const c of changes) last.changes.find((l) => l.key === c.key)!.after = c.after;
      last.time = t;
    } else this.undoStack.push({ changes, patches, time: t, mergeable, action: opts.action });
    this.changed(changes, 'edit', patches);
    return changes;
  }

  /** Replaces an annotation's JSON without an undo step (e.g. the re-encoded PNG after a stroke). */
  sync(key: string, after: AnnotationJson): void {
    const before = this.get(key) ?? null;
    this.write([{ key, before, after }]);
    for (const s of [...this.undoStack, ...this.redoStack])
      for (const c of s.changes) if (c.key === key && c.after && c.after === before) c.after = after;
    this.changed([{ key, before, after }], 'sync', []);
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
    const cur = this.get(key);
    if (!cur) return undefined;
    const next = swap(cur)!;
    if (next !== cur) {
      this.jsonById[this.idOf(key)] = next;
      this.changed([{ key, before: cur, after: next }], 'sync', []);
    }
    return next;
  }

  /** Undoes the last step; returns its changes as applied (before/after swapped) and its action, or null. */
  undo(): StepChanges | null {
    const s = this.undoStack.pop();
    if (!s) return null;
    const inv: StepChanges = s.changes.map((c) => ({ key: c.key, before: c.after, after: c.before })).reverse();
    if (s.action) inv.action = s.action;
    this.write(inv);
    this.redoStack.push(s);
    const patches = s.patches.map((p) => ({ ...p, before: p.after, after: p.before }));
    this.changed(inv, 'undo', patches);
    return inv;
  }

  /** Redoes the last undone step; returns its changes and its action. */
  redo(): StepChanges | null {
    const s = this.redoStack.pop();
    if (!s) return null;
    this.write(s.changes);
    s.time = -Infinity; // never merge into a redone step
    this.undoStack.push(s);
    this.changed(s.changes, 'redo', s.patches);
    const done: StepChanges = [...s.changes];
    if (s.action) done.action = s.action;
    return done;
  }

  private write(changes: Change[]): void {
    for (const c of changes) {
      const id = this.idOf(c.key);
      if (c.after) {
        if (this.jsonById[id] === undefined) {
          this.order.push(c.key);
          this.orderIds.push(id);
        }
        this.jsonById[id] = c.after;
      } else if (this.jsonById[id] !== undefined) {
        this.jsonById[id] = undefined;
        const at = this.order.indexOf(c.key);
        this.order.splice(at, 1);
        this.orderIds.splice(at, 1);
      }
    }
  }
}

function sameKeys(a: Change[], b: Change[]): boolean {
  return a.length === b.length && b.every((c) => a.some((x) => x.key === c.key));
}
