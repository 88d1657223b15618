// Decoded video frames kept around the shown one, by frame number. Frames hold memory (a 1080p
// bitmap is ~8 MB), so the cache is bounded and closes what it drops.

/** Something that owns memory until closed (a WebCodecs VideoFrame, a mediabunny VideoSample). */
export interface Closable {
  close(): void;
}

/**
 * Frames by number, at most `capacity` of them. When full, {@link FrameCache.trim} drops the frames
 * farthest from the shown one, counting frames behind it double (playback and stepping mostly go
 * forward).
 */
export class FrameCache<T extends Closable> {
  private readonly frames = new Map<number, T>();

  constructor(public capacity: number) {}

  get size(): number {
    return this.frames.size;
  }

  has(n: number): boolean {
    return this.frames.has(n);
  }

  get(n: number): T | undefined {
    return this.frames.get(n);
  }

  /** Stores frame `n`; a frame already stored under `n` is kept and `value` closed. */
  set(n: number, value: T): void {
    if (this.frames.has(n)) value.close();
    else this.frames.set(n, value);
  }

  /** Closes and forgets frame `n` (nothing when it is not stored). */
  delete(n: number): void {
    const v = this.frames.get(n);
    if (!v) return;
    v.close();
    this.frames.delete(n);
  }

  /** Calls `fn` with every stored frame and its number, in the order they were stored. */
  forEach(fn: (value: T, n: number) => void): void {
    this.frames.forEach(fn);
  }

  /** The highest stored frame number in `[from, to]`, or -1. */
  latestIn(from: number, to: number): number {
    for (let n = to; n >= from; n--) if (this.frames.has(n)) return n;
    return -1;
  }

  /** Drops (and closes) frames farthest from `centre` until at most `capacity` remain; `pinned` stays. */
  trim(centre: number, pinned?: number): void {
    // One farthest frame at a time (a trim mostly drops one, after each decoded frame): no sorted
    // copy of the keys per frame. Among equally far frames the one stored first goes first.
    while (this.frames.size > this.capacity) {
      let far = -1;
      let farthest = -1;
      // forEach, not for-of: no iterator result per key where the loop is not optimised.
      this.frames.forEach((_, n) => {
        if (n === pinned) return;
        const d = distance(n, centre);
        if (d > farthest) {
          farthest = d;
          far = n;
        }
      });
      if (farthest < 0) return;
      this.frames.get(far)!.close();
      this.frames.delete(far);
    }
  }

  /** Closes and forgets every frame. */
  clear(): void {
    for (const f of this.frames.values()) f.close();
    this.frames.clear();
  }
}

function distance(n: number, centre: number): number {
  return n < centre ? (centre - n) * 2 : n - centre;
}
