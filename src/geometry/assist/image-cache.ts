// Images held by an assist engine, as OpenCV matrices (inside the WASM heap, so an action does not
// copy a 48 MB image in first), least recently used dropped beyond a byte budget. An entry in use by
// a running action is never freed under it: its deletion waits for the release.
import { DlGeometryError } from '../errors.js';
import type { CvMat } from '../kernels/assist-image.js';
import { createWandWorkspace, disposeWandWorkspace, type WandWorkspace } from '../kernels/magic-wand.js';
import type { OpenCv } from '../opencv/load-opencv.js';

/** One held image. */
export interface CachedImage {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  /** BGR pixels (CV_8UC3), made from `gray` on first need when the image was set grey. */
  bgr: CvMat | null;
  /** Grey pixels (CV_8UC1), made from `bgr` on first need. */
  gray: CvMat | null;
  /** The magic wand's scratch flood mask for this image. */
  wand: WandWorkspace;
  /** Running actions using the entry. */
  users: number;
  /** Dropped while in use: freed at the last release. */
  dropped: boolean;
}

function bytesOf(e: CachedImage): number {
  const px = e.width * e.height;
  return (e.bgr ? 3 * px : 0) + (e.gray ? px : 0) + (e.wand.floodMask ? (e.width + 2) * (e.height + 2) : 0);
}

/** The images of an assist engine, by key, within `maxBytes`. */
export class AssistImageCache {
  private readonly entries = new Map<string, CachedImage>();
  maxBytes: number;

  constructor(
    private readonly cv: OpenCv,
    maxBytes: number,
  ) {
    this.maxBytes = maxBytes;
  }

  /** Stores a matrix (BGR or grey, taken over by the cache) under `key`, replacing an older entry. */
  put(key: string, mat: CvMat): CachedImage {
    this.drop(key);
    const gray = mat.channels() === 1;
    const e: CachedImage = {
      key,
      width: mat.cols,
      height: mat.rows,
      bgr: gray ? null : mat,
      gray: gray ? mat : null,
      wand: createWandWorkspace(),
      users: 0,
      dropped: false,
    };
    this.entries.set(key, e);
    this.evict(e);
    return e;
  }

  /** True when `key` is held. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Takes the entry for an action (most recently used from now on) and makes sure it has the layout
   * the action needs. Release it with {@link release}. Throws `image-missing` when the key is not held.
   */
  acquire(key: string, need: 'bgr' | 'gray'): CachedImage {
    const e = this.entries.get(key);
    if (!e)
      throw new DlGeometryError(
        'image-missing',
        `assist: no image "${key}" is held (never set, evicted to stay within ${Math.round(this.maxBytes / 2 ** 20)} MB, or the worker restarted); set it again`,
      );
    this.entries.delete(key);
    this.entries.set(key, e); // most recently used last
    e.users++;
    if (need === 'bgr' && !e.bgr) {
      e.bgr = new this.cv.Mat();
      this.cv.cvtColor(e.gray!, e.bgr, this.cv.COLOR_GRAY2BGR);
      this.evict(e);
    } else if (need === 'gray' && !e.gray) {
      e.gray = new this.cv.Mat();
      this.cv.cvtColor(e.bgr!, e.gray, this.cv.COLOR_BGR2GRAY);
      this.evict(e);
    }
    return e;
  }

  /** Ends an action's use of an entry (frees it if it was dropped meanwhile) and re-applies the budget. */
  release(e: CachedImage): void {
    e.users--;
    if (e.users <= 0 && e.dropped) this.free(e);
    else this.evict(e);
  }

  /** Forgets `key` (its memory is freed now, or when the last running action releases it). */
  drop(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    e.dropped = true;
    if (e.users <= 0) this.free(e);
    return true;
  }

  /** Forgets everything. */
  clear(): void {
    for (const k of [...this.entries.keys()]) this.drop(k);
  }

  /** Bytes held by the entries still in the cache. */
  get bytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += bytesOf(e);
    return n;
  }

  /** Keys, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Drops least recently used entries (never `keep`, never one in use) until within budget. */
  evict(keep?: CachedImage): void {
    let total = this.bytes;
    for (const e of [...this.entries.values()]) {
      if (total <= this.maxBytes) return;
      if (e === keep || e.users > 0) continue;
      total -= bytesOf(e);
      this.drop(e.key);
    }
  }

  private free(e: CachedImage): void {
    e.bgr?.delete();
    e.gray?.delete();
    e.bgr = null;
    e.gray = null;
    disposeWandWorkspace(e.wand);
  }
}
