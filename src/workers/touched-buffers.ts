// Memory for large mask copies whose pages were already written. A fresh multi-MB typed array is
// mapped lazily: the first write of every 4 KB page faults, and on the bench's VM that costs ~3.5 ms
// per MB (a fresh 11 MB array + copy 40-50 ms, the same copy into touched memory ~1 ms), so a 4096²
// magic-wand click spent more time on its two fresh arrays than on the flood. The geometry worker
// keeps a few touched buffers and touches replacements in the background, between messages.

/** Options of {@link TouchedBuffers}. */
export interface TouchedBuffersOptions {
  /** Lets the thread handle its messages between two slices of touching (a macrotask). */
  yieldTo: () => Promise<void>;
  /** Bytes touched between two yields. @default 1 MiB */
  sliceBytes?: number;
  /** Every kept buffer is let go after this long without a {@link TouchedBuffers.take} (ms). @default 60000 */
  idleMs?: number;
}

/** A small pool of touched `ArrayBuffer`s of one size (the image's), refilled in the background. */
export class TouchedBuffers {
  private free: ArrayBuffer[] = [];
  private bytes = 0;
  private count = 0;
  private filling = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly sliceBytes: number;
  private readonly idleMs: number;

  constructor(private readonly o: TouchedBuffersOptions) {
    this.sliceBytes = o.sliceBytes ?? 2 ** 20;
    this.idleMs = o.idleMs ?? 60_000;
  }

  /** Buffers ready now (for tests and stats). */
  get ready(): number {
    return this.free.length;
  }

  /**
   * `n` bytes (contents undefined: the caller writes all of them): a view of a kept buffer of at most
   * `maxRatio`·`n` bytes when there is one (the smallest that fits), else a new array. A buffer that
   * leaves the thread (transferred) should come with a small `maxRatio`: the receiver keeps all of it.
   */
  take(n: number, maxRatio = Number.POSITIVE_INFINITY): Uint8Array {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const len = this.free[i]!.byteLength;
      if (len >= n && len <= n * maxRatio && (best < 0 || len < this.free[best]!.byteLength)) best = i;
    }
    this.touchIdle();
    if (best < 0 || n === 0) return new Uint8Array(n);
    const [b] = this.free.splice(best, 1);
    void this.refill();
    return new Uint8Array(b!, 0, n);
  }

  /** Gives back a buffer from {@link take} that the thread no longer uses (kept when it fits the pool). */
  give(buf: ArrayBufferLike): void {
    if (!(buf instanceof ArrayBuffer) || buf.byteLength !== this.bytes || buf.byteLength === 0) return;
    if (this.free.length < this.count && !this.free.includes(buf)) this.free.push(buf);
  }

  /**
   * Keeps `count` touched buffers of `bytes` ready, touching the missing ones in the background; a
   * new size lets the buffers of the old one go (another image: a larger buffer would be more than
   * twice its regions, a smaller one too small).
   */
  reserve(bytes: number, count: number): void {
    if (!(bytes > 0) || !(count > 0)) return;
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.free = this.free.filter((b) => b.byteLength === bytes);
    }
    this.count = count;
    this.touchIdle();
    void this.refill();
  }

  /** Lets every buffer go (and stops refilling). */
  clear(): void {
    clearTimeout(this.idleTimer);
    this.free = [];
    this.count = 0;
    this.bytes = 0;
  }

  private touchIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.count) this.idleTimer = setTimeout(() => this.clear(), this.idleMs);
  }

  /** Touches new buffers until `count` are ready, a slice per macrotask, from the next macrotask on. */
  private async refill(): Promise<void> {
    if (this.filling) return;
    this.filling = true;
    try {
      // not in the task that took a buffer (a click's answer is still being made there)
      await this.o.yieldTo();
      while (this.free.length < this.count) {
        const size = this.bytes;
        const b = new ArrayBuffer(size);
        for (let at = 0; at < size; at += this.sliceBytes) {
          new Uint8Array(b, at, Math.min(this.sliceBytes, size - at)).fill(0);
          await this.o.yieldTo();
          if (this.bytes !== size) break; // resized or cleared meanwhile
        }
        if (this.bytes === size && this.free.length < this.count) this.free.push(b);
        else if (this.bytes === 0) return;
      }
    } finally {
      this.filling = false;
    }
  }
}
