// Mask buffers that went to a geometry worker and came back, kept for the next copy.
//
// Why: writing into a freshly allocated 16 MB ArrayBuffer costs its first-touch page faults. In
// headless Chromium on the 2-core bench machine that was ~48 ms for a 4096² mask against ~1 ms for the
// same copy into a buffer written once before (timestamps on the page and in the worker), i.e. almost
// all of the worker path's overhead over the kernel itself (`npm run bench -- geometry`). A
// transferred buffer keeps its memory, so the worker sends the mask's buffer back with its answer and
// the next copy of a mask of that size reuses it.

/** Options of {@link BufferRecycler}. */
export interface BufferRecyclerOptions {
  /** Most bytes kept at once (oldest buffers are dropped first). @default 64 MiB */
  maxBytes?: number;
  /** Buffers not reused for this long are dropped (left to the GC). @default 10000 ms */
  idleMs?: number;
}

/**
 * A small free list of ArrayBuffers, for the worker backend's mask copies. `take` hands a buffer out
 * at most once; detached or oversized buffers are never kept.
 *
 * @example
 * const r = new BufferRecycler();
 * const buf = r.take(n) ?? new ArrayBuffer(n); // reuse a returned buffer when one fits
 * // ... transfer buf to a worker, get it back ...
 * r.put(buf);
 */
export class BufferRecycler {
  private readonly maxBytes: number;
  private readonly idleMs: number;
  private free: ArrayBuffer[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: BufferRecyclerOptions = {}) {
    this.maxBytes = options.maxBytes ?? 64 << 20;
    this.idleMs = options.idleMs ?? 10_000;
  }

  /** Bytes held right now. */
  get bytes(): number {
    return this.free.reduce((a, b) => a + b.byteLength, 0);
  }

  /**
   * Removes and returns the smallest kept buffer of at least `byteLength` bytes and at most twice that
   * (so a small mask never pins a huge buffer), or `null`.
   */
  take(byteLength: number): ArrayBuffer | null {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const n = this.free[i]!.byteLength;
      if (n >= byteLength && n <= 2 * byteLength && (best < 0 || n < this.free[best]!.byteLength)) best = i;
    }
    if (best < 0) return null;
    const [buf] = this.free.splice(best, 1);
    this.touch();
    return buf!;
  }

  /** Keeps `buf` for a later {@link take} (ignored when detached, empty, already kept or too big). */
  put(buf: unknown): void {
    if (
      !(buf instanceof ArrayBuffer) ||
      buf.byteLength === 0 ||
      buf.byteLength > this.maxBytes ||
      this.free.includes(buf)
    )
      return;
    this.free.push(buf);
    let total = this.bytes;
    while (total > this.maxBytes) total -= this.free.shift()!.byteLength;
    this.touch();
  }

  /** Drops every kept buffer. */
  clear(): void {
    this.free = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.free.length ? setTimeout(() => this.clear(), this.idleMs) : null;
  }
}
