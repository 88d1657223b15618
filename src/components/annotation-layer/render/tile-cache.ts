// Finished tiles by key, least recently shown first out. A change of the scene drops exactly the
// tiles whose shapes it touches; eviction never drops a tile the current frame shows.
import type { Bounds } from '../../../geometry/shapes/shape.js';
import { type Tile, tileRect } from './tile-painter.js';

/** Marker for a tile with nothing in it (never drawn). */
export const EMPTY = { width: 0, height: 0 } as unknown as ImageBitmap;

/** A cached tile and where it is. */
export interface CachedTile {
  tile: Tile;
  z: number;
  tx: number;
  ty: number;
  /**
   * Its pixels still show a shape that is now drawn live (just selected): shown until a fresh tile
   * replaces it (the live overlay paints the shape over it), but painted again like a missing one.
   */
  stale?: boolean;
}

/** Frees what a tile holds (an ImageBitmap's pixels). */
export function releaseTile(t: Tile): void {
  if (t !== EMPTY && 'close' in t) t.close();
}

/** LRU cache of finished tiles. */
export class TileCache {
  private readonly map = new Map<string, CachedTile>();
  /** Told about every tile that leaves the cache (after it left). */
  onDrop: (key: string, t: CachedTile) => void = (_k, t) => releaseTile(t.tile);

  constructor(
    /** Most tiles kept (besides the ones a frame pins). */
    public max = 320,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The tile of `key`, marked as just used. */
  get(key: string): CachedTile | undefined {
    const t = this.map.get(key);
    if (t) {
      this.map.delete(key);
      this.map.set(key, t);
    }
    return t;
  }

  /** The tile of `key` without touching its age. */
  peek(key: string): CachedTile | undefined {
    return this.map.get(key);
  }

  /** Stores a tile (the newest). */
  set(key: string, t: CachedTile): void {
    const old = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, t);
    if (old && old.tile !== t.tile) this.onDrop(key, old);
  }

  /** Swaps the stored tile object of `key` in place (e.g. its bitmap moved into a DOM canvas). */
  replace(key: string, tile: Tile): void {
    const t = this.map.get(key);
    if (t) t.tile = tile;
  }

  /** Drops `key`. */
  delete(key: string): void {
    const t = this.map.get(key);
    if (!t) return;
    this.map.delete(key);
    this.onDrop(key, t);
  }

  /**
   * Drops the tiles that draw anything of image rect `b` (every tile when null). With `keep` they
   * stay, marked stale (a change that only removes a shape from the tiles: an empty tile stays as it is).
   */
  invalidate(b: Bounds | null, keep = false): void {
    for (const [k, t] of this.map) {
      if (b) {
        const r = tileRect(t.z, t.tx, t.ty);
        if (b.maxX < r.minX || b.minX > r.maxX || b.maxY < r.minY || b.minY > r.maxY) continue;
      }
      if (keep) {
        if (t.tile !== EMPTY) t.stale = true;
        continue;
      }
      this.map.delete(k);
      this.onDrop(k, t);
    }
  }

  /** True when `key` holds a tile that is up to date (not stale). */
  fresh(key: string): boolean {
    const t = this.map.get(key);
    return !!t && !t.stale;
  }

  /**
   * Drops the oldest tiles beyond `max`, except `pinned` (the frame's visible tiles). With `level`
   * (the frame's), tiles of coarser levels go only once no other is left to drop: a coarser tile
   * holds 4x, 16x, ... the shapes of one at the frame's level, over a quarter, a sixteenth, ... of the
   * tiles, and a zoom out comes back through them. Dropped oldest first, they were gone when the
   * render bench's zoom came back out (50,000 polygons: the level it ended at repainted, full
   * resolution 200-560 ms after the view stopped).
   */
  evict(pinned: ReadonlySet<string>, level = -Infinity): void {
    if (this.map.size <= this.max) return;
    for (const coarser of [false, true])
      for (const [k, t] of this.map) {
        if (this.map.size <= this.max) return;
        if (pinned.has(k) || (!coarser && t.z < level)) continue;
        this.map.delete(k);
        this.onDrop(k, t);
      }
  }

  /** Every key, oldest first. */
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}
