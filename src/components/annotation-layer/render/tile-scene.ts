// What the tiles draw: every committed shape with its colour and paint order, in a spatial index,
// minus the shapes drawn live (the selection). The main thread and the tile worker each keep one;
// every change reports the image rect whose tiles it affects.
import type { Bounds, Shape, ShapeKind } from '../../../geometry/shapes/shape.js';
import type { MaskImage } from '../model/shape-index.js';
import { withAlpha } from '../../internal/label-colors.js';
import { MAX_COLORS, type SceneEntry, SceneColumns } from './scene-columns.js';
import { SpatialGrid } from './spatial-grid.js';
import { isFloat32Kind, KINDS, type PackedShapes, packShapes } from './tile-worker-protocol.js';

export type { SceneEntry } from './scene-columns.js';

/** Kinds counted by `TileScene.roundCount`: a tile holding one is not rasterised whole (see `rasterTile` in tile-painter.ts). */
const isRound = (k: ShapeKind) => k === 'point' || k === 'ellipse' || k === 'note';

/**
 * Scene entries by id, in an array indexed by id (ids are integers >= 0, as the grid requires)
 * with the read API of a `Map`: at 1,000,000 points a `Map` cost the page's first load ~25 B of
 * heap a point and a hash insert each (#16). Iterates in id order.
 */
export class EntryTable {
  private byId: Array<SceneEntry | undefined> = [];
  private n = 0;

  /** How many entries there are. */
  get size(): number {
    return this.n;
  }

  /** The entry of `id`. */
  get(id: number): SceneEntry | undefined {
    return this.byId[id];
  }

  /** True when `id` has an entry. */
  has(id: number): boolean {
    return this.byId[id] !== undefined;
  }

  /** Sets the entry of `id` (an integer >= 0). */
  set(id: number, e: SceneEntry): this {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`TileScene: id ${id} is not a non-negative integer`);
    const b = this.byId;
    if (b[id] === undefined) this.n++;
    // grown one at a time so the array stays dense (a write far past its end would make it a dictionary)
    while (b.length < id) b.push(undefined);
    b[id] = e;
    return this;
  }

  /** Removes the entry of `id`; true when there was one. */
  delete(id: number): boolean {
    if (this.byId[id] === undefined) return false;
    this.byId[id] = undefined;
    this.n--;
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    this.byId = [];
    this.n = 0;
  }

  /** Every entry, in id order. */
  *values(): IterableIterator<SceneEntry> {
    for (const e of this.byId) if (e !== undefined) yield e;
  }

  /** Every `[id, entry]`, in id order. */
  *[Symbol.iterator](): IterableIterator<[number, SceneEntry]> {
    const b = this.byId;
    for (let id = 0; id < b.length; id++) {
      const e = b[id];
      if (e !== undefined) yield [id, e];
    }
  }
}

/** The reads of a scene's entries: an {@link EntryTable}, or a {@link SceneColumns} (the tile worker's). */
export interface SceneEntries {
  readonly size: number;
  get(id: number): SceneEntry | undefined;
  has(id: number): boolean;
  values(): IterableIterator<SceneEntry>;
  [Symbol.iterator](): IterableIterator<[number, SceneEntry]>;
}

/** Options of a {@link TileScene}. */
export interface TileSceneOptions {
  /**
   * Keep the shapes as columns over their packed batches (see scene-columns.ts; the tile worker's
   * scene): `entries` then hands out one reused entry per read, and {@link TileScene.setPacked}
   * adds a batch without an object per shape.
   */
  columns?: boolean;
}

/** The shapes of the tiles, indexed by position. */
export class TileScene {
  readonly grid = new SpatialGrid(128);
  /** The entries by id (with `columns`: one reused entry per read, see {@link SceneColumns.get}). */
  readonly entries: SceneEntries;
  /** The column storage, with `columns`. */
  private readonly cols: SceneColumns | null;
  /** Page scenes only: their table. */
  private readonly table: EntryTable | null;
  /** Colours by paint order (index = `colorOrder`'s value), and their fills. */
  private readonly colorList: string[] = [];
  private readonly fillList: string[] = [];
  /** Shapes drawn live by the caller instead of in tiles (the selection while it is edited). */
  excluded = new Set<number>();
  /** Global paint order of colours, so every tile layers the colour batches the same way. */
  readonly colorOrder = new Map<string, number>();
  /** Fill style per colour at the current `fillOpacity`. */
  private readonly fills = new Map<string, string>();
  fillOpacity = 0.18;
  /** Opacity of the masks (multiplies their own colour alpha). */
  maskOpacity = 1;
  /**
   * How many entries have a mask (kept by {@link set}, {@link setMask}, {@link delete} and
   * {@link clear}: set an entry's mask through those), so a tile of a scene without masks skips
   * the walk over its ids that looks for them (15-25 ms a tile at 1,000,000 points).
   */
  private masks = 0;
  /**
   * How many shapes are points, ellipses or notes (kept by {@link set}, {@link setPacked},
   * {@link delete} and {@link clear}): a dense tile of a scene without any is rasterised without the
   * walk over its ids that looks for them (`rasterTile` in tile-painter.ts: ~0.3 ms of a ~10 ms
   * level 0 tile at 100,000 polygons, tile-raster-profile).
   */
  private rounds = 0;
  /** Paint order by id (a typed array: sorting a dense tile's ids by it needs no Map lookups). */
  private zOf = new Float64Array(1024);
  /**
   * Told the image rect whose tiles changed (null: all of them); `removed`: the change only took
   * shapes out of the tiles (their old pixels may show until they are painted again).
   */
  onChange: (b: Bounds | null, removed?: boolean) => void = () => {};

  constructor(opts: TileSceneOptions = {}) {
    if (opts.columns) {
      this.cols = new SceneColumns(this.colorList, this.fillList);
      this.table = null;
      this.entries = this.cols;
    } else {
      this.cols = null;
      this.table = new EntryTable();
      this.entries = this.table;
    }
  }

  /** True when the scene keeps its shapes as columns (see {@link TileSceneOptions.columns}). */
  get columnar(): boolean {
    return this.cols !== null;
  }

  /** Adds or replaces shape `id` (z is the paint order; higher on top). */
  set(id: number, shape: Shape, color: string, z: number, mask?: MaskImage): void {
    if (this.cols) {
      // a batch of one (tests, the warm-up): the worker's shapes come in batches (setPacked)
      this.setPacked(packShapes({ ids: [id], shapes: [shape], colors: [color], z: [z] }));
      this.setMask(id, mask);
      return;
    }
    const old = this.table!.get(id);
    // A shape drawn live is in no tile: editing it (a drag's commit) leaves every tile as it is.
    const live = this.excluded.has(id);
    if (old && !live) this.onChange(old.shape.bounds);
    const wide = !!mask || !TileScene.isNarrow(shape);
    this.masks += (mask ? 1 : 0) - (old?.mask ? 1 : 0);
    this.rounds += (isRound(shape.kind) ? 1 : 0) - (old && isRound(old.shape.kind) ? 1 : 0);
    this.table!.set(id, { shape, color, fill: this.fillOf(color), built: 0, mask, z, wide });
    if (Number.isInteger(id) && id >= 0) this.setZ(id, z);
    // Read once: a packed shape (the worker's) makes its bounds object on each read.
    const bounds = shape.bounds;
    if (shape.kind === 'class' || shape.kind === 'other') this.grid.delete(id);
    else this.grid.set(id, bounds);
    if (!live) this.onChange(bounds);
  }

  private setZ(id: number, z: number): void {
    if (id >= this.zOf.length) {
      const next = new Float64Array(Math.max(id + 1, 2 * this.zOf.length));
      next.set(this.zOf);
      this.zOf = next;
    }
    this.zOf[id] = z;
  }

  /**
   * Adds or replaces the shapes of batch `p` (a columns scene only: the tile worker's), keeping
   * the mask a replaced shape had (a new bitmap follows when it changed). No object per shape: the
   * batch is kept and read through the columns.
   */
  setPacked(p: PackedShapes): void {
    const cols = this.cols;
    if (!cols) throw new Error('TileScene: setPacked needs a columns scene');
    // the batch's colours as the scene's colour indices (a Uint16 column: refused past it, not wrapped)
    const colorIdx = new Uint16Array(p.colors.length);
    for (let c = 0; c < p.colors.length; c++) {
      this.fillOf(p.colors[c]!);
      const k = this.colorOrder.get(p.colors[c]!)!;
      if (k >= MAX_COLORS)
        throw new RangeError(`TileScene: more than ${MAX_COLORS.toLocaleString('en')} colours (a Uint16 colour index)`);
      colorIdx[c] = k;
    }
    const b = cols.addBatch(p);
    const bounds = this.scratch;
    let ri = 0;
    let ci = 0;
    let ci32 = 0;
    let ei = 0;
    for (let i = 0; i < p.ids.length; i++) {
      const id = p.ids[i]!;
      const kind = KINDS[p.kind[i]!];
      const f32 = kind !== undefined && isFloat32Kind(kind);
      const live = this.excluded.has(id);
      if (cols.has(id)) {
        if (isRound(cols.kind(id))) this.rounds--;
        if (!live) this.onChange(cols.get(id)!.shape.bounds);
      }
      if (kind !== undefined && isRound(kind)) this.rounds++;
      // ellipse params are packed for ellipses only, in order
      cols.setRow(id, b, i, ri, f32 ? ci32 : ci, kind === 'ellipse' ? 5 * ei++ : -1, colorIdx[p.color[i]!]!);
      let len = 0;
      for (let k = 0; k < p.ringCount[i]!; k++) len += p.ringLength[ri++]!;
      if (f32) ci32 += len;
      else ci += len;
      this.setZ(id, p.z[i]!);
      const o = 4 * i;
      bounds.minX = p.bounds[o]!;
      bounds.minY = p.bounds[o + 1]!;
      bounds.maxX = p.bounds[o + 2]!;
      bounds.maxY = p.bounds[o + 3]!;
      if (kind === 'class' || kind === 'other') this.grid.delete(id);
      else this.grid.set(id, bounds);
      if (!live) this.onChange(bounds);
    }
    cols.releaseIfUnused(b);
  }

  private readonly scratch: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  /** How many shapes are points, ellipses or notes (the kinds a raster tile must look for; see `rasterTile`). */
  get roundCount(): number {
    return this.rounds;
  }

  /** How many shapes have a mask. */
  get maskCount(): number {
    return this.cols ? this.cols.masks.size : this.masks;
  }

  /** Sets (or, with undefined, removes) the mask of shape `id`; false when there is no such shape. */
  setMask(id: number, mask: MaskImage | undefined): boolean {
    if (this.cols) return this.cols.setMask(id, mask);
    const e = this.entries.get(id);
    if (!e) return false;
    this.masks += (mask ? 1 : 0) - (e.mask ? 1 : 0);
    e.mask = mask;
    return true;
  }

  /**
   * True for a shape whose pixels stay within ~2 raster px of its bounds at any level: an outline
   * (box, segment, polyline) stroked 1 raster px wide, filled inside, or drawn as a 2 px square when
   * tiny (see shape-path.ts).
   */
  static isNarrow(shape: Shape): boolean {
    return shape.kind === 'box' || shape.kind === 'segment' || shape.kind === 'polyline';
  }

  /** The fill style of `color` (registers its paint order on first use). */
  fillOf(color: string): string {
    let fill = this.fills.get(color);
    if (fill === undefined) {
      this.colorOrder.set(color, this.colorOrder.size);
      this.fills.set(color, (fill = withAlpha(color, this.fillOpacity)));
      this.colorList.push(color);
      this.fillList.push(fill);
    }
    return fill;
  }

  /** Removes shape `id`. */
  delete(id: number): void {
    const old = this.entries.get(id);
    if (!old) return;
    // read before the row goes (a columns scene's entry is a view of it)
    if (!this.excluded.has(id)) this.onChange(old.shape.bounds);
    if (isRound(old.shape.kind)) this.rounds--;
    if (this.cols) this.cols.delete(id);
    else {
      this.table!.delete(id);
      if (old.mask) this.masks--;
    }
    this.grid.delete(id);
  }

  /** Removes every shape. */
  clear(): void {
    this.cols?.clear();
    this.table?.clear();
    this.masks = 0;
    this.rounds = 0;
    this.grid.clear();
    this.onChange(null);
  }

  /** Sets the shapes drawn live instead of in tiles. */
  setExcluded(ids: Iterable<number>): void {
    const next = new Set(ids);
    for (const id of this.excluded) if (!next.has(id)) this.changedId(id, false);
    for (const id of next) if (!this.excluded.has(id)) this.changedId(id, true);
    this.excluded = next;
  }

  private changedId(id: number, removed: boolean): void {
    const e = this.entries.get(id);
    if (e) this.onChange(e.shape.bounds, removed);
  }

  /** Refreshes the fill colours after `fillOpacity` changed. */
  restyle(): void {
    for (const c of this.fills.keys()) this.fills.set(c, withAlpha(c, this.fillOpacity));
    for (let i = 0; i < this.colorList.length; i++) this.fillList[i] = this.fills.get(this.colorList[i]!)!;
    // a columns scene reads its fills from fillList
    if (this.table) for (const e of this.table.values()) e.fill = this.fills.get(e.color)!;
    this.onChange(null);
  }

  private found: number[] = [];

  /**
   * Ids of the tile shapes touching image rect `r`, in paint order. With `near` (a rect inside `r`):
   * only the outlines ({@link TileScene.isNarrow}) touching `near`, the other shapes touching `r`.
   */
  idsIn(r: Bounds, near?: Bounds): number[] {
    const ids: number[] = [];
    if (near && !this.excluded.size) {
      // one pass over the grid's cells (a dense tile's ~1,600 ids at 100,000 polygons: no second
      // walk testing `near` with its own lookups)
      this.grid.searchNear(r, near, this.isWide, ids);
    } else {
      this.found.length = 0;
      this.grid.search(r, this.found);
      for (const id of this.found)
        if (!this.excluded.has(id) && (!near || this.grid.intersects(id, near) || this.wideOf(id))) ids.push(id);
    }
    // The grid's ids are integers >= 0 (it throws otherwise), so all have a paint order in zOf;
    // ties keep the grid's order, as before.
    const zOf = this.zOf;
    if (!this.sortPacked(ids)) ids.sort((a, b) => zOf[a]! - zOf[b]!);
    return ids;
  }

  /** Scratch keys of {@link sortPacked} (grown to the longest list sorted; {@link releaseScratch} shrinks it). */
  private keys = new Float64Array(1024);

  /**
   * Drops the sort's scratch keys back to their first size (a dense scene's list grows them to up
   * to ~8-16 MB): the tile worker calls it with its idle release of the painter's pools.
   */
  releaseScratch(): void {
    if (this.keys.length > 1024) this.keys = new Float64Array(1024);
  }

  /**
   * Sorts `ids` by paint order as `ids.sort` by `zOf` (stable: ties in their order in `ids`) when
   * every paint order is an integer in [0, 2^32) and there are fewer than 2^20 ids: each id's key
   * `z · 2^20 + its index` is then an exact float64, and a typed array's native sort of the keys
   * orders them alike (a dense tile's thousands of ids: ~2-3x faster than the comparator's calls
   * into JS). Returns false, `ids` untouched, otherwise.
   */
  private sortPacked(ids: number[]): boolean {
    const n = ids.length;
    if (n < 64 || n >= 1 << 20) return false;
    if (this.keys.length < n) this.keys = new Float64Array(Math.max(n, 2 * this.keys.length));
    const zOf = this.zOf;
    const k = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) {
      const z = zOf[ids[i]!]!;
      if (!(z >= 0 && z < 4294967296 && Math.floor(z) === z)) return false;
      k[i] = z * 1048576 + i;
    }
    k.sort();
    const from = ids.slice();
    for (let i = 0; i < n; i++) ids[i] = from[k[i]! % 1048576]!;
    return true;
  }

  /**
   * True when at most `n` shapes may touch image rect `r` (a tile is cheap to paint). With `near`
   * (see {@link TileScene.idsIn}), past the grid's estimate the shapes are counted exactly: a tile
   * beyond the image's edge, touched only by its shapes' pad, is empty, not dense.
   */
  fewIn(r: Bounds, n: number, near?: Bounds): boolean {
    if (this.grid.estimate(r, n) <= n) return true;
    if (!near) return false;
    return this.grid.countIn(r, n, (id) => this.grid.intersects(id, near) || this.wideOf(id)) <= n;
  }

  /**
   * The kind of shape `id` (in the scene): a columns scene reads its kind column only, without
   * pointing the row cursor at the shape (bounds, ring offsets).
   */
  kindOf(id: number): ShapeKind {
    return this.cols ? this.cols.kind(id) : this.table!.get(id)!.shape.kind;
  }

  private readonly isWide = (id: number): boolean => this.wideOf(id);

  /** `SceneEntry.wide` of shape `id` (in the scene). */
  private wideOf(id: number): boolean {
    return this.cols ? this.cols.wide(id) : this.table!.get(id)!.wide;
  }
}
