// A flat uniform grid over image space: every entry is listed in each cell its bounds touch.
// Chosen over an R-tree because shapes here are small and evenly spread, inserts/updates happen on
// every edit, and a grid query is a handful of array reads with no rebalancing. Bounds are kept in
// one Float64Array indexed by id (ids are small integers): an object per entry cost ~100 B of JS
// heap per shape, twice over (the page's grid and the tile worker's).
import type { Bounds } from '../../../geometry/shapes/shape.js';

/**
 * Cell coordinates are clamped to [-HALF, HALF) (at 128 px cells, +-2,097,152 image px; a shape or
 * query beyond lands in the edge cells, where the exact bounds test still sorts it), so that a cell
 * key, `(cx + HALF) * 2 * HALF + (cy + HALF)`, stays below 2^30: a small integer (Smi) for V8. The
 * keys were up to 2^32, each a heap number made at every cell lookup (two per cell a shape touches
 * on each thread at a scene build, #16) and kept as the Map's key.
 */
const HALF = 1 << 14;

/** The clamped cell coordinate of image coordinate `v` (NaN stays NaN: no cell). */
const cellOf = (v: number, cs: number) => Math.min(Math.max(Math.floor(v / cs), -HALF), HALF - 1);

/** The key of cell (`cx`, `cy`), clamped coordinates: an integer in [0, 2^30). */
export const cellKey = (cx: number, cy: number): number => (cx + HALF) * (2 * HALF) + (cy + HALF);

/** Spatial index of integer ids by bounds. */
export class SpatialGrid {
  private cells = new Map<number, number[]>();
  /** minX, minY, maxX, maxY per id; minX NaN: no such entry. */
  private box = new Float64Array(4 * 1024).fill(Number.NaN);
  private count = 0;
  private stamp = new Uint32Array(1024);
  private query = 0;

  /** @param cellSize cell edge in image pixels. */
  constructor(readonly cellSize = 256) {}

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  private has(id: number): boolean {
    return 4 * id < this.box.length && !Number.isNaN(this.box[4 * id]!);
  }

  /** Every id, ascending. */
  private *ids(): Generator<number> {
    const n = this.box.length / 4;
    for (let id = 0; id < n; id++) if (!Number.isNaN(this.box[4 * id]!)) yield id;
  }

  /** Inserts or moves `id`. */
  set(id: number, b: Bounds): void {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`SpatialGrid: id ${id} is not a non-negative integer`);
    if (this.has(id)) this.delete(id);
    if (id >= this.stamp.length) {
      const s = new Uint32Array(Math.max(id + 1, this.stamp.length * 2));
      s.set(this.stamp);
      this.stamp = s;
    }
    if (4 * id >= this.box.length) {
      const bx = new Float64Array(4 * this.stamp.length).fill(Number.NaN);
      bx.set(this.box);
      this.box = bx;
    }
    const o = 4 * id;
    this.box[o] = b.minX;
    this.box[o + 1] = b.minY;
    this.box[o + 2] = b.maxX;
    this.box[o + 3] = b.maxY;
    this.count++;
    const cs = this.cellSize;
    const x0 = cellOf(b.minX, cs);
    const x1 = cellOf(b.maxX, cs);
    const y0 = cellOf(b.minY, cs);
    const y1 = cellOf(b.maxY, cs);
    for (let cy = y0; cy <= y1; cy++)
      for (let cx = x0; cx <= x1; cx++) {
        const k = cellKey(cx, cy);
        const c = this.cells.get(k);
        if (c) c.push(id);
        else this.cells.set(k, [id]);
      }
  }

  /** Removes `id` (no-op when absent). */
  delete(id: number): void {
    const b = this.get(id);
    if (!b) return;
    this.box[4 * id] = Number.NaN;
    this.count--;
    this.forCells(b, (k) => {
      const c = this.cells.get(k);
      if (!c) return;
      const i = c.indexOf(id);
      if (i >= 0) {
        c[i] = c[c.length - 1];
        c.pop();
      }
      if (!c.length) this.cells.delete(k);
    });
  }

  /** Removes everything. */
  clear(): void {
    this.cells.clear();
    this.box.fill(Number.NaN);
    this.count = 0;
  }

  /** Bounds stored for `id` (a copy). */
  get(id: number): Bounds | undefined {
    if (!this.has(id)) return undefined;
    const o = 4 * id;
    const x = this.box;
    return { minX: x[o]!, minY: x[o + 1]!, maxX: x[o + 2]!, maxY: x[o + 3]! };
  }

  /** True when the stored bounds of `id` intersect `r`. */
  private hits(id: number, r: Bounds): boolean {
    const o = 4 * id;
    const x = this.box;
    return x[o + 2]! >= r.minX && x[o]! <= r.maxX && x[o + 3]! >= r.minY && x[o + 1]! <= r.maxY;
  }

  /** Ids whose bounds intersect `r` (each once, unordered). */
  search(r: Bounds, out: number[] = []): number[] {
    this.visit(r, (id) => {
      out.push(id);
      return true;
    });
    return out;
  }

  /**
   * Appends to `out` the ids whose bounds intersect `near` (a rect inside `r`), or intersect `r` and
   * pass `wide` (each once, unordered): {@link search} over `r` filtered by `near` in one pass.
   */
  searchNear(r: Bounds, near: Bounds, wide: (id: number) => boolean, out: number[]): number[] {
    this.visit(r, (id) => {
      if (this.hits(id, near) || wide(id)) out.push(id);
      return true;
    });
    return out;
  }

  /**
   * How many entries intersect `r` and pass `accept` (each counted once), counting stops past
   * `stop`: exact where {@link SpatialGrid.estimate} is only an upper bound.
   */
  countIn(r: Bounds, stop = Infinity, accept: (id: number) => boolean = () => true): number {
    let n = 0;
    this.visit(r, (id) => !(accept(id) && ++n > stop));
    return n;
  }

  /**
   * Calls `each` once for every id whose bounds intersect `r` (unordered) until it returns false:
   * through the cells `r` covers, or the entries themselves when `r` covers more cells than are
   * populated.
   */
  private visit(r: Bounds, each: (id: number) => boolean): void {
    const cs = this.cellSize;
    const x0 = cellOf(r.minX, cs);
    const x1 = cellOf(r.maxX, cs);
    const y0 = cellOf(r.minY, cs);
    const y1 = cellOf(r.maxY, cs);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size * 4) {
      // Query bigger than the populated area: scan the entries instead of empty cells.
      for (const id of this.ids()) if (this.hits(id, r) && !each(id)) return;
      return;
    }
    if (++this.query === 0xffffffff) {
      this.stamp.fill(0);
      this.query = 1;
    }
    const q = this.query;
    for (let cy = y0; cy <= y1; cy++)
      for (let cx = x0; cx <= x1; cx++) {
        const c = this.cells.get(cellKey(cx, cy));
        if (!c) continue;
        for (const id of c) {
          if (this.stamp[id] === q) continue;
          this.stamp[id] = q;
          if (this.hits(id, r) && !each(id)) return;
        }
      }
  }

  /** True when the stored bounds of `id` intersect `r` (false for an id not stored). */
  intersects(id: number, r: Bounds): boolean {
    return this.has(id) && this.hits(id, r);
  }

  /**
   * An upper bound of how many entries intersect `r`, in O(cells): the lengths of the cell lists it
   * touches (an entry spanning several cells counts once per cell). Stops counting past `stop`.
   */
  estimate(r: Bounds, stop = Infinity): number {
    const cs = this.cellSize;
    const x0 = cellOf(r.minX, cs);
    const x1 = cellOf(r.maxX, cs);
    const y0 = cellOf(r.minY, cs);
    const y1 = cellOf(r.maxY, cs);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size) return Math.min(this.count, stop + 1);
    let n = 0;
    for (let cy = y0; cy <= y1; cy++)
      for (let cx = x0; cx <= x1; cx++) {
        n += this.cells.get(cellKey(cx, cy))?.length ?? 0;
        if (n > stop) return n;
      }
    return n;
  }

  private forCells(b: Bounds, f: (k: number) => void): void {
    const cs = this.cellSize;
    const x0 = cellOf(b.minX, cs);
    const x1 = cellOf(b.maxX, cs);
    const y0 = cellOf(b.minY, cs);
    const y1 = cellOf(b.maxY, cs);
    for (let cy = y0; cy <= y1; cy++) for (let cx = x0; cx <= x1; cx++) f(cellKey(cx, cy));
  }
}
