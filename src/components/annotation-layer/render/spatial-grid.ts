// A flat uniform grid over image space: every entry is listed in each cell its bounds touch.
// Chosen over an R-tree because shapes here are small and evenly spread, inserts/updates happen on
// every edit, and a grid query is a handful of array reads with no rebalancing.
import type { Bounds } from '../../../geometry/shapes/shape.js';

const OFF = 32768;
const cellKey = (cx: number, cy: number) => (cx + OFF) * 65536 + (cy + OFF);

/** Spatial index of integer ids by bounds. */
export class SpatialGrid {
  private cells = new Map<number, number[]>();
  private boundsOf = new Map<number, Bounds>();
  private stamp = new Uint32Array(1024);
  private query = 0;

  /** @param cellSize cell edge in image pixels. */
  constructor(readonly cellSize = 256) {}

  /** Number of entries. */
  get size(): number {
    return this.boundsOf.size;
  }

  /** Inserts or moves `id`. */
  set(id: number, b: Bounds): void {
    if (this.boundsOf.has(id)) this.delete(id);
    this.boundsOf.set(id, { ...b });
    if (id >= this.stamp.length) {
      const s = new Uint32Array(Math.max(id + 1, this.stamp.length * 2));
      s.set(this.stamp);
      this.stamp = s;
    }
    const cs = this.cellSize;
    const x0 = Math.floor(b.minX / cs);
    const x1 = Math.floor(b.maxX / cs);
    const y0 = Math.floor(b.minY / cs);
    const y1 = Math.floor(b.maxY / cs);
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
    const b = this.boundsOf.get(id);
    if (!b) return;
    this.boundsOf.delete(id);
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
    this.boundsOf.clear();
  }

  /** Bounds stored for `id`. */
  get(id: number): Bounds | undefined {
    return this.boundsOf.get(id);
  }

  /** Ids whose bounds intersect `r` (each once, unordered). */
  search(r: Bounds, out: number[] = []): number[] {
    if (++this.query === 0xffffffff) {
      this.stamp.fill(0);
      this.query = 1;
    }
    const q = this.query;
    const cs = this.cellSize;
    const x0 = Math.floor(r.minX / cs);
    const x1 = Math.floor(r.maxX / cs);
    const y0 = Math.floor(r.minY / cs);
    const y1 = Math.floor(r.maxY / cs);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size * 4) {
      // Query bigger than the populated area: scan the entries instead of empty cells.
      for (const [id, b] of this.boundsOf)
        if (b.maxX >= r.minX && b.minX <= r.maxX && b.maxY >= r.minY && b.minY <= r.maxY) out.push(id);
      return out;
    }
    for (let cy = y0; cy <= y1; cy++)
      for (let cx = x0; cx <= x1; cx++) {
        const c = this.cells.get(cellKey(cx, cy));
        if (!c) continue;
        for (const id of c) {
          if (this.stamp[id] === q) continue;
          this.stamp[id] = q;
          const b = this.boundsOf.get(id)!;
          if (b.maxX >= r.minX && b.minX <= r.maxX && b.maxY >= r.minY && b.minY <= r.maxY) out.push(id);
        }
      }
    return out;
  }

  /**
   * An upper bound of how many entries intersect `r`, in O(cells): the lengths of the cell lists it
   * touches (an entry spanning several cells counts once per cell). Stops counting past `stop`.
   */
  estimate(r: Bounds, stop = Infinity): number {
    const cs = this.cellSize;
    const x0 = Math.floor(r.minX / cs);
    const x1 = Math.floor(r.maxX / cs);
    const y0 = Math.floor(r.minY / cs);
    const y1 = Math.floor(r.maxY / cs);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size) return Math.min(this.boundsOf.size, stop + 1);
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
    const x0 = Math.floor(b.minX / cs);
    const x1 = Math.floor(b.maxX / cs);
    const y0 = Math.floor(b.minY / cs);
    const y1 = Math.floor(b.maxY / cs);
    for (let cy = y0; cy <= y1; cy++) for (let cx = x0; cx <= x1; cx++) f(cellKey(cx, cy));
  }
}
