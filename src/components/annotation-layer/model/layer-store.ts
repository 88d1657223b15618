// Everything the layer knows, in one object the renderer reads and the tools change: the annotations
// with their undo stack, their shapes at the shown frame, the selection, the hover, and the geometry a
// drag is previewing. State only: no DOM, no drawing, no events (the element turns changes into events).
import type { Bounds, Shape } from '../../../geometry/shapes/shape.js';
import {
  inScope,
  missingRequired,
  readAttributeDefinitions,
  type AttributeDefinition,
} from '../../attribute-editor/attribute-definitions.js';
import { ontologyLabels, type LabelEntry } from '../../label-picker/ontology-labels.js';
import { objectName } from '../../object-name.js';
import { attributesOf, type AnnotationJson } from './annotation-json.js';
import { AnnotationStore, type Change, type MaskPatch, type StoreCause } from './annotation-store.js';
import { Hover } from './hover.js';
import { Selection } from './selection.js';
import { isObjectType, ShapeIndex } from './shape-index.js';

/** Called after every change of the annotations, once the shapes are up to date. */
export type StoreListener = (changes: Change[], cause: StoreCause, patches: MaskPatch[]) => void;

/** The layer's state. */
export class LayerStore {
  /** Annotation JSON by key, in z-order, with undo / redo. */
  readonly annotations = new AnnotationStore();
  /** Parsed geometry at the shown frame, masks, colours. */
  readonly shapes = new ShapeIndex(this.annotations);
  readonly selection = new Selection();
  readonly hover = new Hover();
  /** Shapes shown instead of their stored geometry while a drag edits them (committed on release). */
  readonly preview = new Map<string, Shape>();
  /**
   * Keys the user locked: selectable, but not moved, reshaped, relabelled or deleted (view state,
   * never in the JSON). Hidden keys are `shapes.hidden`.
   */
  readonly locked = new Set<string>();
  /** The ontology's labels in picker order (digits 1–9 pick the first nine). */
  labels: readonly LabelEntry[] = [];
  /** The host gave an ontology: new annotations carry its labels only (see {@link newLabel}). */
  private labelsRequired = false;
  private names = new Map<string, string>();
  private attributeDefs: AttributeDefinition[] = [];
  private listeners = new Set<StoreListener>();
  /**
   * Bumped when an annotation is created or deleted or its `objectId` or label changes: with the shapes'
   * `listing` (membership, type and label at the shown frame) and the ontology's names, what
   * {@link ordinal}'s groups depend on. A coordinate or attribute edit bumps neither.
   */
  private naming = 0;
  private ordinals: {
    naming: number;
    listing: number;
    names: Map<string, string>;
    map: Map<string, number>;
  } | null = null;

  constructor() {
    this.annotations.onChange = (changes, cause, patches) => {
      // A track's label (a video's ordinals group by it, whatever the frame) names it too.
      for (const c of changes)
        if (!c.before || !c.after || objectIdOf(c.before) !== objectIdOf(c.after) || c.before.label !== c.after.label) {
          this.naming++;
          break;
        }
      if (cause === 'reset') this.shapes.rebuild();
      else for (const c of changes) this.shapes.refresh(c.key);
      for (const l of [...this.listeners]) l(changes, cause, patches);
      // Deleted annotations leave the selection (after the listeners told of their deletion).
      const gone = new Set(changes.filter((c) => !c.after && this.selection.has(c.key)).map((c) => c.key));
      if (gone.size)
        this.selection.set(
          [...this.selection].filter((k) => !gone.has(k)),
          cause !== 'sync',
        );
    };
  }

  /** Calls `listener` after every change of the annotations; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The JSON of `key`. */
  json(key: string): AnnotationJson | undefined {
    return this.annotations.get(key);
  }

  /** Reads the ontology's labels (order and display names). */
  setOntology(ontology: unknown): void {
    this.labelsRequired = ontology != null;
    this.labels = ontologyLabels(ontology);
    this.names = new Map(this.labels.map((l) => [l.tag, l.displayLabel]));
    this.attributeDefs = readAttributeDefinitions(ontology).definitions;
  }

  /**
   * The label rule of new annotations, in one place: the label a new annotation gets for `wanted`
   * (the layer's current label, or the label a draft began with): `wanted` when the ontology has it
   * (`object` for none without an ontology, which allows any); null when the host gave an ontology
   * that lacks it (deleted from the recipe since) or has no labels: nothing is made then.
   */
  newLabel(wanted: string | null): string | null {
    if (!this.labelsRequired) return wanted ?? 'object';
    return wanted !== null && this.names.has(wanted) ? wanted : null;
  }

  /**
   * The layer's current label once the ontology or the label changed: `label` while new annotations
   * may carry it, else the ontology's first label (null when it has none).
   */
  currentLabel(label: string | null): string | null {
    if (!this.labelsRequired) return label;
    return this.newLabel(label) ?? this.labels[0]?.tag ?? null;
  }

  /**
   * The keys the object list shows, in list order: the annotations with a shape now (on a video,
   * the shown frame), the objects first, then a video's subtitles, then the notes (Dataloop's issues
   * and comments are not objects: its UI lists them apart, and its default annotation query leaves
   * them out, spec §4; a subtitle is a caption of a time span, not an object either). `objects` is
   * how many are objects, `subtitles` how many are subtitles. The panel lists them and the
   * "Objects (n)" toggle counts the objects ({@link objectCount}), so the two always agree (on a
   * video the toggle also says the video's objects, {@link videoObjectCount}, when some are not on
   * the shown frame).
   */
  listedRows(): { keys: string[]; objects: number; subtitles: number } {
    const objects: string[] = [];
    let subtitles: string[] | undefined;
    let notes: string[] | undefined;
    // One pass, no array in between: at 1,000,000 annotations each is ~8 MB more for the collector.
    for (const k of this.annotations.keys()) {
      const type = this.shapes.typeAt(k);
      if (type === undefined) continue;
      if (type === 'note') (notes ??= []).push(k);
      else if (type === 'subtitle') (subtitles ??= []).push(k);
      else objects.push(k);
    }
    const n = objects.length;
    for (const k of subtitles ?? []) objects.push(k);
    for (const k of notes ?? []) objects.push(k);
    return { keys: objects, objects: n, subtitles: subtitles?.length ?? 0 };
  }

  /**
   * How many objects the list shows (`listedRows().objects`, kept by the shapes as they change, not
   * counted): the top bar's toggle reads it on every render, the panel open or not.
   */
  objectCount(): number {
    return this.shapes.objectCount;
  }

  /**
   * On a video (a frame is shown), how many objects the whole video has: one per track (annotations
   * sharing a `metadata.system.objectId` are one object), one per other annotation, notes and
   * subtitles not counted.
   * Null on an image. The top bar's toggle says it next to {@link objectCount} (the shown frame's).
   */
  videoObjectCount(): number | null {
    if (this.shapes.frame === null) return null;
    const tracks = new Set<string>();
    let n = 0;
    for (const k of this.annotations.keys()) {
      const a = this.annotations.get(k)!;
      if (!isObjectType(a.type)) continue;
      const id = a.metadata?.system?.objectId;
      if (id === undefined || id === null) n++;
      else tracks.add(String(id));
    }
    return n + tracks.size;
  }

  /** True when the ontology defines attributes for label `tag`. */
  hasAttributes(tag: string): boolean {
    return this.attributeDefs.some((d) => inScope(d, tag));
  }

  /**
   * The titles of the required attributes annotation `key` leaves unset ({@link missingRequired},
   * as its attribute editor marks them "required"); none for a note or a subtitle (not objects)
   * or an unknown key. On a video a track is one annotation: judged once, as its panel shows it.
   */
  missingRequired(key: string): string[] {
    return this.missingRequiredDefs(key).map((d) => d.title);
  }

  /** {@link missingRequired}'s definitions (key and title), in the ontology's order. */
  missingRequiredDefs(key: string): AttributeDefinition[] {
    const a = this.annotations.get(key);
    if (!a || !isObjectType(a.type) || !this.attributeDefs.length) return [];
    return missingRequired(this.attributeDefs, a.label, attributesOf(a));
  }

  /** The keys of the attributes annotation `key`'s label has (its editor's fields), in order. */
  attributeKeys(key: string): string[] {
    const a = this.annotations.get(key);
    return a ? this.attributeDefs.filter((d) => inScope(d, a.label)).map((d) => d.key) : [];
  }

  /** The display name of label `tag` in the ontology (the tag itself when the ontology has none). */
  displayName(tag: string): string {
    return this.names.get(tag) ?? tag;
  }

  /**
   * The name of annotation `key` as the object list, the picture's tag and the timeline show it:
   * {@link objectName} of its label's display name and its `objectId` (`Car #1`; `Car` without one);
   * a subtitle, its text. On a video a track is named by its own label (the top level's, as the
   * timeline names it and {@link ordinal} groups it), not by a snapshot's: the editor relabels a
   * whole track at once, and a name (with its number) that changed from frame to frame with imported
   * snapshot labels would read "Truck box 1" beside another "Truck box".
   */
  objectName(key: string): string {
    const st = this.shapes.states.get(key);
    const json = this.annotations.get(key);
    // A subtitle reads as what it says ("People walk by"), as on the timeline's subtitle row, not
    // as its label ("Text subtitle").
    const text = json?.type === 'subtitle' ? (json.coordinates as { text?: unknown } | null)?.text : undefined;
    if (typeof text === 'string' && text.trim()) return text.trim().replace(/\s+/g, ' ');
    const label = (this.shapes.frame !== null ? json?.label : undefined) ?? st?.label ?? json?.label ?? '';
    const id = json?.metadata?.system?.objectId;
    return objectName(this.displayName(label), typeof id === 'string' || typeof id === 'number' ? id : null);
  }

  /**
   * Where object `key` stands among the listed objects of the same name and type, in list order
   * (1, 2, …: "Car box 2"), so two plain Car boxes read apart in the object list and wherever they
   * are named as it names them; 0 when no other listed object shares both. An object with an
   * `objectId` has a name of its own ("Car #3") and no ordinal. Counted again only when the list's
   * members, their order, labels, types or objectIds or the ontology change (a new frame only where
   * it changes those: the shapes' `listing`): not on a coordinate or attribute edit, nor on a video
   * frame that only moves shapes (at 100,000 boxes a recount after each nudge cost 67-189 ms of
   * every panel render).
   *
   * On a video the objects are the whole video's (each track, shown on this frame or not, by its
   * own top-level label and type, which {@link objectName} names it by too), so a track keeps its number whatever the frame, and one off the frame is
   * named as the object list names it when it comes back (the required-attributes question lists
   * every track). A frame change does not recount.
   */
  ordinal(key: string): number {
    let c = this.ordinals;
    const video = this.shapes.frame !== null;
    const listing = video ? -1 : this.shapes.listing;
    if (!c || c.naming !== this.naming || c.listing !== listing || c.names !== this.names) {
      const { keys, objects } = video ? this.videoObjects() : this.listedRows();
      // type -> display name -> keys, in list order: no name string built per object
      const groups = new Map<string, Map<string, string[]>>();
      for (let i = 0; i < objects; i++) {
        const k = keys[i]!;
        const json = this.annotations.get(k);
        if (objectIdOf(json) !== null) continue;
        const type = video ? json!.type : this.shapes.typeAt(k)!;
        const name = this.displayName((video ? json!.label : this.shapes.labelAt(k)) ?? '');
        let byName = groups.get(type);
        if (!byName) groups.set(type, (byName = new Map()));
        const g = byName.get(name);
        if (g) g.push(k);
        else byName.set(name, [k]);
      }
      const map = new Map<string, number>();
      for (const byName of groups.values())
        for (const g of byName.values()) if (g.length > 1) g.forEach((k, i) => map.set(k, i + 1));
      c = this.ordinals = { naming: this.naming, listing, names: this.names, map };
    }
    return c.map.get(key) ?? 0;
  }

  /** A video's objects (every annotation but notes and subtitles, on this frame or not), in list order. */
  private videoObjects(): { keys: string[]; objects: number } {
    const keys: string[] = [];
    for (const k of this.annotations.keys()) if (isObjectType(this.annotations.get(k)?.type)) keys.push(k);
    return { keys, objects: keys.length };
  }

  /** Forgets what the user hid and locked (new data). */
  clearViewState(): void {
    this.locked.clear();
    this.shapes.hidden.clear();
  }

  /** The selected keys an edit may change (locked ones left out). */
  editableSelection(): string[] {
    return [...this.selection].filter((k) => !this.locked.has(k));
  }

  /** The geometry of `key` as shown now (the drag preview while one is active). */
  shapeOf(key: string): Shape | undefined {
    return this.preview.get(key) ?? this.shapes.get(key);
  }

  /** Union bounds of the selection's shapes (classifications have none); null when there are none. */
  selectionBounds(): Bounds | null {
    let b: Bounds | null = null;
    for (const k of this.selection) {
      const s = this.shapes.get(k);
      if (!s || s.kind === 'class') continue;
      const x = s.bounds;
      b = b
        ? {
            minX: Math.min(b.minX, x.minX),
            minY: Math.min(b.minY, x.minY),
            maxX: Math.max(b.maxX, x.maxX),
            maxY: Math.max(b.maxY, x.maxY),
          }
        : { ...x };
    }
    return b;
  }
}

/** The `objectId` an annotation's name shows (`Car #3`), or null when it has none. */
function objectIdOf(a: AnnotationJson | null | undefined): string | number | null {
  const id = a?.metadata?.system?.objectId;
  return (typeof id === 'string' && id !== '') || typeof id === 'number' ? id : null;
}
