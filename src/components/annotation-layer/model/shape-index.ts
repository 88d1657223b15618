// The drawable geometry of every annotation at the shown frame: parses each annotation once into the
// flat shape model, keeps int ids and z-order for the renderer, decodes masks, colours by label. It
// pushes every change to a `ShapeSink` (the render part plugs its tile renderer in), so the model
// never imports the renderer.
import { parseShape } from '../../../entities/annotations/shape-coordinates.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import type { AnnotationJson } from './annotation-json.js';
import type { AnnotationStore } from './annotation-store.js';
import { BoxTrack, sameInterpolated } from './box-track.js';
import { sameState, stateAtFrame, staticState, type FrameState } from './frame-state.js';
import { fallbackColor, NOTE_COLOR } from '../../internal/label-colors.js';
import { isIssue } from './note-words.js';
import { decodeMaskUrl, type MaskPainter, MaskRaster } from './mask-raster.js';

/** A decoded mask ready to draw: a canvas in label colour placed at (x, y) in image px. */
export interface MaskImage {
  image: CanvasImageSource;
  x: number;
  y: number;
  /** The size to draw it at, image px (a coarse paint is smaller than the mask). */
  width: number;
  height: number;
  /** A coarse paint of it, `scale` image px per pixel: drawn instead where a pixel of it is at most a device pixel. */
  coarse?: { image: CanvasImageSource; scale: number };
}

/** Where the index sends its shapes (the renderer and its spatial index). */
export interface ShapeSink {
  /** Adds or replaces shape `id` (z is the paint order; higher on top). */
  set(id: number, shape: Shape, color: string, z: number, mask?: MaskImage): void;
  /** Removes shape `id`. */
  delete(id: number): void;
  /** Removes every shape. */
  clear(): void;
  /** Makes masks' full-resolution paints off the page's thread (the tile worker), when it can. */
  readonly maskPainter?: MaskPainter | null;
  /**
   * Runs `run`, many changes at once (a rebuild), which reads nothing back from the sink: the sink
   * may apply them later within the call, in order (see `TileRenderer.batch`).
   */
  batch?(run: () => void): void;
}

/**
 * z of the annotations brought to front start here; sent to back ones are negative. Shapes in
 * between keep their natural (creation) order and are drawn batched by colour.
 */
export const Z_FRONT = 2 ** 40;

/** `flagsById`: the state is the annotation's JSON (a static state). */
const STATIC = 1;
/** `flagsById`: the annotation is an object the list shows (not a note, not a subtitle). */
const OBJECT = 2;

/**
 * Whether an annotation of `type` counts as an object: not a note (Dataloop's issues and comments)
 * and not a video's subtitle (a caption of a time span, listed apart from the objects).
 */
export function isObjectType(type: string | undefined): boolean {
  return type !== undefined && type !== 'note' && type !== 'subtitle';
}

const NO_SINK: ShapeSink = { set() {}, delete() {}, clear() {} };

/** What the index did on frame changes (tests and benchmarks read it: work, not time). */
export interface FrameUpdateStats {
  /** Frame changes handled by {@link ShapeIndex.setFrame}. */
  frames: number;
  /** Tracks (annotations with frames) whose state was computed on those frame changes. */
  checked: number;
  /** Shapes re-parsed and sent to the renderer on those frame changes (their state changed). */
  updated: number;
  /** Every re-parse of an annotation, for any reason (edits, frames, rebuilds). */
  refreshes: number;
}

/** Read access to a per-annotation value by key (what {@link ShapeIndex.states} offers). */
export interface ByKey<T> {
  /** The value of `key`, or undefined. */
  get(key: string): T | undefined;
  /** True when `key` has a value. */
  has(key: string): boolean;
}

/**
 * Parsed shapes, frame states, masks and colours of the annotations in a store. Per-annotation
 * values are kept in arrays by the annotation's int id rather than in maps by key: at 1,000,000
 * points each string-keyed map cost the page's first frame ~0.5 s and ~40 B of heap a point (#16).
 */
export class ShapeIndex {
  /** Receives every shape change (set by the render part). */
  sink: ShapeSink = NO_SINK;
  colors = new Map<string, string>();
  /** Shown video frame, or null for images. */
  frame: number | null = null;
  itemWidth = 0;
  itemHeight = 0;
  /** Shape by id (undefined: none at the shown frame). */
  private shapeById: Array<Shape | undefined> = [];
  /**
   * Frame state by id (set exactly where `shapeById` is); for a static state ({@link staticState},
   * flagged in `flagsById`) the JSON it reads, the state being made when asked for: an object
   * fewer a point (#16).
   */
  private stateById: Array<FrameState | AnnotationJson | undefined> = [];
  /**
   * Flags by id: {@link STATIC} where `stateById` holds a static state's JSON, {@link OBJECT} where
   * the state is an object the list shows (its type is not `note`).
   */
  private flagsById = new Uint8Array(1024);
  /** How many ids have a shape. */
  private count = 0;
  /** How many ids have a shape whose state is not a note (see {@link objectCount}). */
  private objects = 0;
  /** The state of each annotation at the shown frame (those with a shape). */
  readonly states: ByKey<FrameState> = {
    get: (key) => {
      const id = this.store.peekId(key);
      const st = id === undefined ? undefined : this.stateById[id];
      if (!st) return undefined;
      return this.flagsById[id!]! & STATIC ? staticState(st as AnnotationJson) : (st as FrameState);
    },
    has: (key) => {
      const id = this.store.peekId(key);
      return id !== undefined && this.stateById[id] !== undefined;
    },
  };

  /**
   * The annotation type of `key` at the shown frame (its state's `type`), or undefined when it has
   * no shape there: {@link states}' `get(key)?.type` without making a state.
   */
  typeAt(key: string): string | undefined {
    const id = this.store.peekId(key);
    const st = id === undefined ? undefined : this.stateById[id];
    return st?.type;
  }

  /** The label of `key` at the shown frame (its state's `label`), as {@link typeAt}: no state made. */
  labelAt(key: string): string | undefined {
    const id = this.store.peekId(key);
    const st = id === undefined ? undefined : this.stateById[id];
    return st?.label;
  }

  /**
   * Bumped when an annotation gets or loses its shape at the shown frame, or its type or label
   * there changes (an edit, a frame change, a rebuild); not when only its coordinates or attributes
   * change. What the object list groups by reads it (`LayerStore.ordinal`).
   */
  listing = 0;
  readonly masks = new Map<string, { url: string; raster: MaskRaster }>();
  /** Keys of the classifications shown now (listed, not drawn). */
  readonly classKeys = new Set<string>();
  /**
   * Keys of the issue notes shown now (`note` annotations whose status is `issue`): the live overlay
   * draws a review mark over each (live-overlay.ts), so an issue reads on an object of any colour.
   */
  readonly issueKeys = new Set<string>();
  /** Keys the user hid: listed, not drawn and not hit (view state, never in the JSON). */
  readonly hidden = new Set<string>();
  /** Paint order by id (NaN: none given yet). */
  private zById = new Float64Array(1024).fill(Number.NaN);
  private zNext = 0;
  private zMin = 0;
  private zFront = 0;
  /** Keys of the annotations with frames (their shape depends on the frame). */
  private readonly trackKeys = new Set<string>();
  /** Box tracks read once for frame changes (see box-track.ts), with the JSON they were read from. */
  private readonly boxTracks = new Map<string, { json: AnnotationJson; track: BoxTrack | null }>();
  /** Work done on frame changes (see {@link FrameUpdateStats}). */
  readonly frameStats: FrameUpdateStats = { frames: 0, checked: 0, updated: 0, refreshes: 0 };
  private decoding = new Set<string>();
  private pendingDecodes = new Set<Promise<void>>();
  /** Called when something must be redrawn (mask decoded...). */
  onInvalidate: () => void = () => {};

  constructor(private readonly store: AnnotationStore) {}

  /** The shape of `key` at the shown frame (its stored geometry, not a drag preview). */
  get(key: string): Shape | undefined {
    const id = this.store.peekId(key);
    return id === undefined ? undefined : this.shapeById[id];
  }

  /** How many annotations have a shape at the shown frame. */
  get size(): number {
    return this.count;
  }

  /**
   * How many annotations have a shape at the shown frame and are objects ({@link isObjectType}: not
   * notes, not subtitles): the objects the layer
   * lists (`LayerStore.objectCount`). Kept as shapes come and go, so the top bar, which reads it
   * on every render, does not walk every annotation (at 10,000 polygons that walk was ~10 ms of the
   * first render, #16).
   */
  get objectCount(): number {
    return this.objects;
  }

  /** The int id of `key` in the renderer and the spatial index (the store's, see `AnnotationStore.idOf`). */
  idOf(key: string): number {
    const id = this.store.idOf(key);
    this.grow(id);
    return id;
  }

  /** Makes room for id `id` in the arrays by id. */
  private grow(id: number): void {
    if (id >= this.zById.length) {
      const z = new Float64Array(Math.max(id + 1, 2 * this.zById.length)).fill(Number.NaN);
      z.set(this.zById);
      this.zById = z;
      const f = new Uint8Array(z.length);
      f.set(this.flagsById);
      this.flagsById = f;
    }
  }

  /** The key of int id `id`. */
  keyOf(id: number): string {
    return this.store.keyOf(id);
  }

  /** Colour of a label (ontology, else a stable hash colour). */
  colorOf(label: string): string {
    let c = this.colors.get(label);
    if (!c) this.colors.set(label, (c = fallbackColor(label)));
    return c;
  }

  /**
   * Colour an annotation is drawn in: its label's, but an issue note whose label the ontology does
   * not colour is {@link NOTE_COLOR} (the red of its tag), whatever its label is named.
   */
  drawColor(label: string, a: { type?: unknown; metadata?: unknown } | undefined): string {
    if (isIssue(a)) {
      const c = this.colors.get(label);
      if (!c || c === fallbackColor(label)) return NOTE_COLOR;
    }
    return this.colorOf(label);
  }

  /** Re-reads every annotation (after reset, frame or colour change). */
  rebuild(): void {
    const run = () => {
      this.listing++;
      this.sink.clear();
      // emptied in place: a fresh array filled from a later id on would be a slow sparse one
      this.shapeById.fill(undefined);
      this.stateById.fill(undefined);
      this.flagsById.fill(0);
      this.count = 0;
      this.objects = 0;
      this.classKeys.clear();
      this.issueKeys.clear();
      this.trackKeys.clear();
      this.boxTracks.clear();
      // the store's ids in key order: no map lookup a key
      const keys = this.store.keys();
      const ids = this.store.idsInOrder();
      for (let i = 0; i < keys.length; i++) {
        const id = ids[i]!;
        this.grow(id);
        if (Number.isNaN(this.zById[id]!)) this.zById[id] = this.zNext++;
        this.refreshId(keys[i]!, id);
      }
    };
    // The renderer's worker gets the shapes before the page indexes its own copy (see ShapeSink.batch).
    if (this.sink.batch) this.sink.batch(run);
    else run();
  }

  /**
   * Shows video frame `frame` (null: an image). Only tracks are looked at, and only those whose
   * state differs from the one shown are re-parsed and sent to the renderer: a frame step costs the
   * shapes that move, not every annotation. A box between two key frames is interpolated from the
   * track's parsed key frames (box-track.ts), not through its coordinates JSON.
   */
  setFrame(frame: number | null): void {
    if (frame === this.frame) return;
    const was = this.frame;
    this.frame = frame;
    if (frame === null || was === null) {
      this.rebuild();
      return;
    }
    const st = this.frameStats;
    st.frames++;
    for (const key of this.trackKeys) {
      const a = this.store.get(key);
      if (!a) continue;
      st.checked++;
      const fast = this.boxTrack(key, a)?.interpolated(frame);
      if (fast) {
        if (sameInterpolated(this.states.get(key), fast.state)) continue;
        st.updated++;
        this.refresh(key, fast.state, fast.shape);
        continue;
      }
      const next = stateAtFrame(a, frame);
      if (sameState(this.states.get(key), next)) continue;
      st.updated++;
      this.refresh(key, next);
    }
  }

  /** The box track of `key` read from its JSON `a` (kept while the JSON object stays), or null. */
  private boxTrack(key: string, a: AnnotationJson): BoxTrack | null {
    let t = this.boxTracks.get(key);
    if (t?.json !== a) this.boxTracks.set(key, (t = { json: a, track: BoxTrack.of(a) }));
    return t.track;
  }

  /**
   * Re-reads one annotation (and the pose it belongs to, for a key point). `known` is its state at
   * the shown frame when the caller has it already, and `parsed` the shape of that state.
   */
  refresh(key: string, known?: FrameState | null, parsed?: Shape): void {
    this.refreshId(key, this.idOf(key), known, parsed);
  }

  /** {@link refresh} of `key` whose id `id` the caller has. */
  private refreshId(key: string, id: number, known?: FrameState | null, parsed?: Shape): void {
    const a = this.store.get(key);
    this.frameStats.refreshes++;
    // Any other re-read (an edit, a rebuild) reads the track again at the next frame change.
    // (The sets are looked at only when not empty: a rebuild of 1,000,000 points skips ~4,000,000 lookups.)
    if (known === undefined && this.boxTracks.size) this.boxTracks.delete(key);
    const parent = a?.type === 'point' ? (a.metadata?.system?.parentId as string | undefined) : undefined;
    if (parent && this.store.get(parent)?.type === 'pose') queueMicrotask(() => this.refresh(parent));
    if (a && typeof a.metadata?.system?.frame === 'number') this.trackKeys.add(key);
    else if (this.trackKeys.size) this.trackKeys.delete(key);
    // A static state (an image's annotation) is read from the JSON itself, not made (see stateById).
    const isStatic = !!a && known === undefined && this.frame === null;
    const st: Pick<AnnotationJson, 'label' | 'type' | 'coordinates'> | null = !a
      ? null
      : isStatic
        ? a
        : known !== undefined
          ? known
          : stateAtFrame(a, this.frame!);
    if (this.classKeys.size) this.classKeys.delete(key);
    if (this.issueKeys.size) this.issueKeys.delete(key);
    if (!a || !st) {
      this.sink.delete(id);
      this.setShape(id, undefined, undefined, false);
      return;
    }
    if (Number.isNaN(this.zById[id]!)) this.zById[id] = this.zNext++;
    const shape = parsed ?? parseShape(st.type, st.coordinates);
    if (shape.kind === 'class') this.classKeys.add(key);
    else if (shape.kind === 'note' && isIssue(a)) this.issueKeys.add(key);
    const color = this.drawColor(st.label, a);
    if (shape.kind === 'pose') this.poseFrame(shape, a.id);
    if (shape.kind === 'binary') {
      const m = this.masks.get(key);
      if (m && m.url === shape.maskUrl) {
        m.raster.setColor(color);
        const b = m.raster.bounds;
        shape.bounds = { minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height };
        this.setShape(id, shape, st as FrameState | AnnotationJson, isStatic);
        this.send(key, id, shape, color, { image: m.raster.image, ...b, coarse: m.raster.coarseImage });
      } else {
        this.setShape(id, shape, st as FrameState | AnnotationJson, isStatic);
        this.sink.delete(id);
        void this.decode(key, shape.maskUrl!, color);
      }
      return;
    }
    this.setShape(id, shape, st as FrameState | AnnotationJson, isStatic);
    this.send(key, id, shape, color);
  }

  /** Stores (or with undefined, removes) the shape and state of `id` (`isStatic`: `st` is the JSON of a static state). */
  private setShape(
    id: number,
    shape: Shape | undefined,
    st: FrameState | AnnotationJson | undefined,
    isStatic: boolean,
  ): void {
    const had = this.shapeById[id] !== undefined;
    if (!shape && !had) return;
    const was = this.stateById[id];
    if (!had || !shape || was?.type !== st?.type || was?.label !== st?.label) this.listing++;
    this.count += (shape ? 1 : 0) - (had ? 1 : 0);
    const object = !!shape && !!st && isObjectType(st.type);
    this.objects += (object ? 1 : 0) - (this.flagsById[id]! & OBJECT ? 1 : 0);
    this.shapeById[id] = shape;
    this.stateById[id] = st;
    this.flagsById[id] = (isStatic ? STATIC : 0) | (object ? OBJECT : 0);
  }

  /** Hands a shape to the renderer, unless it is hidden. */
  private send(key: string, id: number, shape: Shape, color: string, mask?: MaskImage): void {
    if (this.hidden.size && this.hidden.has(key)) this.sink.delete(id);
    else this.sink.set(id, shape, color, this.zById[id]!, mask);
  }

  /** Hides or shows annotations (hidden ones leave the renderer and its hit index). */
  setHidden(keys: Iterable<string>, hidden: boolean): void {
    for (const k of keys) {
      if (hidden === this.hidden.has(k)) continue;
      if (hidden) this.hidden.add(k);
      else this.hidden.delete(k);
      this.refresh(k);
    }
  }

  /**
   * Paints annotations above (`front`) or below every other one, keeping their order among
   * themselves. They get a z beyond the natural range (see `Z_FRONT`), which the renderer draws
   * one by one around its per-colour batches.
   */
  restack(keys: Iterable<string>, front: boolean): void {
    const list = [...keys].sort((a, b) => this.zOf(a) - this.zOf(b));
    if (!front) list.reverse();
    for (const k of list) {
      this.zById[this.idOf(k)] = front ? Z_FRONT + this.zFront++ : --this.zMin;
      this.refresh(k);
    }
  }

  /** A pose draws as the box around its key points (point annotations whose parentId is the pose). */
  private poseFrame(shape: Shape, poseId: string | null | undefined): void {
    const pts: number[] = [];
    for (const k of this.store.keys()) {
      const c = this.store.get(k)!;
      if (c.type === 'point' && poseId && c.metadata?.system?.parentId === poseId) {
        const p = c.coordinates as { x?: number; y?: number } | undefined;
        if (typeof p?.x === 'number' && typeof p?.y === 'number') pts.push(p.x, p.y);
      }
    }
    if (!pts.length) return;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < pts.length; i += 2) {
      x0 = Math.min(x0, pts[i]!);
      x1 = Math.max(x1, pts[i]!);
      y0 = Math.min(y0, pts[i + 1]!);
      y1 = Math.max(y1, pts[i + 1]!);
    }
    shape.rings = [[x0, y0, x1, y0, x1, y1, x0, y1]];
    shape.closed = true;
    shape.bounds = { minX: x0, minY: y0, maxX: x1, maxY: y1 };
  }

  private async decode(key: string, url: string, color: string): Promise<void> {
    const tag = `${key}\n${url.length}:${url.slice(-32)}`;
    if (this.decoding.has(tag)) return;
    this.decoding.add(tag);
    const done = this.decodeNow(key, url, color);
    this.pendingDecodes.add(done);
    try {
      await done;
    } finally {
      this.pendingDecodes.delete(done);
      this.decoding.delete(tag);
    }
  }

  /** True while some mask PNG is still decoding (it cannot be hit-tested until it has). */
  get masksDecoding(): boolean {
    return this.pendingDecodes.size > 0;
  }

  /** Resolves when every mask decode started so far has finished (decoded or failed). */
  async masksSettled(): Promise<void> {
    while (this.pendingDecodes.size) await Promise.all([...this.pendingDecodes]);
  }

  private async decodeNow(key: string, url: string, color: string): Promise<void> {
    try {
      const mask = await decodeMaskUrl(url);
      const raster = MaskRaster.fromMask(mask, color);
      if (!this.itemWidth) {
        this.itemWidth = mask.width;
        this.itemHeight = mask.height;
      }
      this.masks.set(key, { url, raster });
      if ((this.get(key)?.maskUrl ?? null) === url) this.refresh(key);
      this.onInvalidate();
    } catch {
      // An undecodable mask stays undrawn; the rest of the item still renders.
    }
  }

  /** Stores a mask raster the brush created or edited, under its data URL. */
  setMask(key: string, url: string, raster: MaskRaster): void {
    this.masks.set(key, { url, raster });
    raster.painter = () => this.sink.maskPainter ?? null;
    // a coarse paint (an assisted tool's preview, now or after a Shift / Alt click replaced the pixels)
    // is replaced by the full canvas in idle time: the renderer gets that one then
    raster.onSharp = () => {
      if (this.masks.get(key)?.raster !== raster) return;
      if (this.get(key)) this.refresh(key);
      this.onInvalidate();
    };
  }

  /** z-order of a key (higher is on top). */
  zOf(key: string): number {
    const id = this.store.peekId(key);
    const z = id === undefined ? undefined : this.zById[id];
    return z === undefined || Number.isNaN(z) ? -1 : z;
  }
}
