// The tile worker's scene storage (#16): its shapes as columns, no JS object per shape. Each posted
// batch (PackedShapes) is kept as it came, and per id typed arrays say where the shape's row is
// (batch, row, first ring, first number, ellipse params) plus its colour and culling count. The
// painter reads a row through ONE reusable cursor (RowCursor: a Shape whose bounds, ellipse and
// rings are read by index, nothing made per read). A first render's ~10,000 SceneEntry plus
// PackedShape objects were copied by the worker's young-generation GC in its first tile (two
// forced minor GCs right after the unpack took that tile from 46-77 ms to 17-25), and every
// `bounds`/`rings` read of a packed shape made new objects, per shape per tile.
import type { Bounds, EllipseParams, Ring, Shape, ShapeKind } from '../../../geometry/shapes/shape.js';
import type { MaskImage } from '../model/shape-index.js';
import { KINDS, type PackedShapes } from './tile-worker-protocol.js';

/** One shape as the tiles draw it. */
export interface SceneEntry {
  shape: Shape;
  color: string;
  fill: string;
  /** How many outlines were built (culling tests read it). */
  built: number;
  mask?: MaskImage;
  z: number;
  /**
   * The shape may paint further than a few raster px outside its bounds (points, masks, every kind
   * but plain outlines): a tile takes it from its whole padded rect (see `TileScene.idsIn`).
   */
  wide: boolean;
}

/**
 * A shape's rings read by index, without an array or a view made per read: ring `k` is numbers
 * `off(k)` .. `off(k) + len(k)` of `arr(k)`. See `ringsOf` (shape-path.ts).
 */
export interface RingView {
  /** How many rings. */
  readonly count: number;
  /** The array holding ring `k`. */
  arr(k: number): ArrayLike<number>;
  /** The index of ring `k`'s first number in `arr(k)`. */
  off(k: number): number;
  /** How many numbers ring `k` has. */
  len(k: number): number;
}

const F32_SEGMENT = 1;
const F32_POLYLINE = 2;
/** Kind codes of the float32 kinds (see `isFloat32Kind`). */
const isF32Code = (c: number) => c === F32_SEGMENT || c === F32_POLYLINE;
/** Codes of the kinds {@link TileScene.isNarrow} calls narrow (box, segment, polyline). */
const isNarrowCode = (c: number) => c <= 2;

/**
 * One row of a {@link SceneColumns}, as a Shape: pointed at a row by {@link SceneColumns.get}, so
 * it is valid until the next `get` (the painter reads one shape at a time). `bounds` and `ellipse`
 * are reused objects; the rings are read through its {@link RingView} (`rings` makes views: for
 * the rare kinds and tests only).
 */
export class RowCursor implements Shape, RingView {
  kind: ShapeKind = 'other';
  closed = false;
  readonly bounds: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  ellipse: EllipseParams | undefined = undefined;
  private readonly ellipseParams: EllipseParams = { x: 0, y: 0, rx: 0, ry: 0, angle: 0 };
  count = 0;
  private a: Float64Array | Float32Array = new Float64Array(0);
  private offs = new Uint32Array(4);
  private lens = new Uint32Array(4);
  /** The row's id (set by {@link SceneColumns.get}). */
  id = -1;
  /**
   * The scene's cache of ring 0's orientation by id (0 not yet known, 1 its signed area >= 0 or
   * NaN, 2 < 0): read and filled by `appendShapeSegments` (shape-path.ts), reset when a row is set.
   */
  orient: Uint8Array | null = null;

  /** Points the cursor at row `i` of batch `b` (first ring `ring`, first number `coord`, ellipse params at `ell`). */
  point(b: PackedShapes, i: number, ring: number, coord: number, ell: number): void {
    const code = b.kind[i]!;
    this.kind = KINDS[code] ?? 'other';
    this.closed = b.closed[i] === 1;
    const o = 4 * i;
    const bb = this.bounds;
    bb.minX = b.bounds[o]!;
    bb.minY = b.bounds[o + 1]!;
    bb.maxX = b.bounds[o + 2]!;
    bb.maxY = b.bounds[o + 3]!;
    if (ell >= 0) {
      const e = this.ellipseParams;
      const p = b.ellipse;
      e.x = p[ell]!;
      e.y = p[ell + 1]!;
      e.rx = p[ell + 2]!;
      e.ry = p[ell + 3]!;
      e.angle = p[ell + 4]!;
      this.ellipse = e;
    } else this.ellipse = undefined;
    const n = b.ringCount[i]!;
    if (n > this.offs.length) {
      this.offs = new Uint32Array(2 * n);
      this.lens = new Uint32Array(2 * n);
    }
    this.count = n;
    this.a = isF32Code(code) ? b.coords32 : b.coords;
    let c = coord;
    for (let k = 0; k < n; k++) {
      const len = b.ringLength[ring + k]!;
      this.offs[k] = c;
      this.lens[k] = len;
      c += len;
    }
  }

  arr(_k: number): ArrayLike<number> {
    return this.a;
  }

  off(k: number): number {
    return this.offs[k]!;
  }

  len(k: number): number {
    return this.lens[k]!;
  }

  /** The rings as views (made on each read: not for the hot paths, which use the {@link RingView}). */
  get rings(): Ring[] {
    const out: Ring[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.a.subarray(this.offs[k]!, this.offs[k]! + this.lens[k]!));
    return out;
  }
}

/** The one entry object a {@link SceneColumns} hands out (see {@link SceneColumns.get}). */
class RowEntry implements SceneEntry {
  readonly shape: RowCursor;
  color = '';
  fill = '';
  mask: MaskImage | undefined = undefined;
  z = 0;
  wide = false;
  id = -1;

  constructor(
    private readonly cols: SceneColumns,
    cursor: RowCursor,
  ) {
    this.shape = cursor;
  }

  get built(): number {
    return this.cols.builtOf(this.id);
  }

  set built(n: number) {
    this.cols.setBuilt(this.id, n);
  }
}

/** Grows `a` to hold index `n - 1` at least (doubling), new slots filled with `fill`. */
function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(
  a: T,
  n: number,
  fill: number,
): T {
  if (n <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(n, 2 * a.length));
  next.set(a);
  if (fill !== 0) next.fill(fill, a.length);
  return next;
}

/** How many colours a columns scene holds: its colour index is a Uint16 column. */
export const MAX_COLORS = 0x10000;

/**
 * Shapes by id as columns over the batches they came in (the tile worker's scene; see the file
 * comment). Reads like `EntryTable` (get, has, size, iteration in id order), but {@link get} and
 * the iterators hand out ONE reused entry: read it before the next call. A batch is dropped once
 * none of its rows is in use.
 */
export class SceneColumns {
  private batches: Array<PackedShapes | undefined> = [];
  private liveRows: number[] = [];
  private freeBatches: number[] = [];
  /** Batch of each id (-1: no shape). */
  private batch = new Int32Array(1024).fill(-1);
  private row = new Uint32Array(1024);
  private ring = new Uint32Array(1024);
  private coord = new Uint32Array(1024);
  /** Index of the ellipse params in the batch's `ellipse` (-1: none). */
  private ell = new Int32Array(1024);
  /** The scene's colour index (its registration order; see `TileScene.fillOf`): at most {@link MAX_COLORS} colours. */
  private color = new Uint16Array(1024);
  private built = new Uint32Array(1024);
  /** Ring 0's orientation by id, as its outline segments first find it (see {@link RowCursor.orient}). */
  private orient = new Uint8Array(1024);
  private n = 0;
  /** Masks by id (few: no column). */
  readonly masks = new Map<number, MaskImage>();
  private readonly cursor = new RowCursor();
  private readonly entry = new RowEntry(this, this.cursor);

  /** @param colors the scene's colours by index; @param fills their fill styles (read on each `get`). */
  constructor(
    private readonly colors: string[],
    private readonly fills: string[],
  ) {}

  /** How many shapes there are. */
  get size(): number {
    return this.n;
  }

  /** How many posted batches are kept (a batch goes once none of its rows is in use). */
  get batchCount(): number {
    return this.batches.length - this.freeBatches.length;
  }

  /** True when `id` has a shape. */
  has(id: number): boolean {
    return id >= 0 && id < this.batch.length && this.batch[id]! >= 0;
  }

  /** Keeps batch `p` for rows set from it; returns its index for {@link setRow}. */
  addBatch(p: PackedShapes): number {
    const b = this.freeBatches.pop() ?? this.batches.length;
    this.batches[b] = p;
    this.liveRows[b] = 0;
    return b;
  }

  /** Drops batch `b` when no row uses it (e.g. every row of a batch was replaced in the same message). */
  releaseIfUnused(b: number): void {
    if (this.batches[b] !== undefined && this.liveRows[b] === 0) this.dropBatch(b);
  }

  private dropBatch(b: number): void {
    this.batches[b] = undefined;
    this.freeBatches.push(b);
  }

  /** Sets shape `id` to row `i` of batch `b` (see {@link addBatch}); a mask it had stays. */
  setRow(id: number, b: number, i: number, ring: number, coord: number, ell: number, color: number): void {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`TileScene: id ${id} is not a non-negative integer`);
    if (color >= MAX_COLORS)
      throw new RangeError(`TileScene: more than ${MAX_COLORS.toLocaleString('en')} colours (a Uint16 colour index)`);
    if (id >= this.batch.length) {
      const n = id + 1;
      this.batch = grown(this.batch, n, -1);
      this.row = grown(this.row, n, 0);
      this.ring = grown(this.ring, n, 0);
      this.coord = grown(this.coord, n, 0);
      this.ell = grown(this.ell, n, 0);
      this.color = grown(this.color, n, 0);
      this.built = grown(this.built, n, 0);
      this.orient = grown(this.orient, n, 0);
    }
    const old = this.batch[id]!;
    // The new row counts first: when `old` is `b` itself (an id twice in one batch) and this is its
    // only row so far, un-using it must not drop the batch being filled.
    this.liveRows[b]!++;
    if (old >= 0) this.unuse(old);
    else this.n++;
    this.batch[id] = b;
    this.row[id] = i;
    this.ring[id] = ring;
    this.coord[id] = coord;
    this.ell[id] = ell;
    this.color[id] = color;
    this.built[id] = 0;
    this.orient[id] = 0;
  }

  private unuse(b: number): void {
    if (--this.liveRows[b]! === 0) this.dropBatch(b);
  }

  /** The entry of `id`, or undefined: the one reused entry, valid until the next call. */
  get(id: number): SceneEntry | undefined {
    if (!this.has(id)) return undefined;
    const b = this.batch[id]!;
    const p = this.batches[b]!;
    const i = this.row[id]!;
    this.cursor.point(p, i, this.ring[id]!, this.coord[id]!, this.ell[id]!);
    this.cursor.id = id;
    this.cursor.orient = this.orient;
    const e = this.entry;
    e.id = id;
    const c = this.color[id]!;
    e.color = this.colors[c]!;
    e.fill = this.fills[c]!;
    e.mask = this.masks.size ? this.masks.get(id) : undefined;
    e.z = p.z[i]!;
    e.wide = !!e.mask || !isNarrowCode(p.kind[i]!);
    return e;
  }

  /** True when shape `id` may paint beyond its bounds (see `SceneEntry.wide`), read without the cursor. */
  wide(id: number): boolean {
    return (
      (this.masks.size > 0 && this.masks.has(id)) || !isNarrowCode(this.batches[this.batch[id]!]!.kind[this.row[id]!]!)
    );
  }

  /** The kind of shape `id` (in the scene), read without the cursor. */
  kind(id: number): ShapeKind {
    return KINDS[this.batches[this.batch[id]!]!.kind[this.row[id]!]!] ?? 'other';
  }

  /** How many outlines of shape `id` were built. */
  builtOf(id: number): number {
    return this.built[id]!;
  }

  /** Sets how many outlines of shape `id` were built. */
  setBuilt(id: number, n: number): void {
    this.built[id] = n;
  }

  /** Sets (undefined: removes) the mask of `id`; false when there is no such shape. */
  setMask(id: number, mask: MaskImage | undefined): boolean {
    if (!this.has(id)) return false;
    if (mask) this.masks.set(id, mask);
    else this.masks.delete(id);
    return true;
  }

  /** Removes shape `id`; true when there was one. */
  delete(id: number): boolean {
    if (!this.has(id)) return false;
    this.unuse(this.batch[id]!);
    this.batch[id] = -1;
    this.masks.delete(id);
    this.n--;
    return true;
  }

  /** Removes every shape. */
  clear(): void {
    this.batches = [];
    this.liveRows = [];
    this.freeBatches = [];
    this.batch.fill(-1);
    this.masks.clear();
    this.n = 0;
  }

  /** Every entry, in id order (the one reused entry, repointed each time). */
  *values(): IterableIterator<SceneEntry> {
    for (const [, e] of this) yield e;
  }

  /** Every `[id, entry]`, in id order (the one reused entry, repointed each time). */
  *[Symbol.iterator](): IterableIterator<[number, SceneEntry]> {
    for (let id = 0; id < this.batch.length; id++) if (this.batch[id]! >= 0) yield [id, this.get(id)!];
  }
}
