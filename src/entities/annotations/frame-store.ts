// The stored frames of a video annotation and the range they cover: dtlpy keeps them in a
// "ReflectDict" whose range is set by startFrame/endFrame and widened by every stored frame, and
// reads a frame that is not stored as the nearest earlier one held ("hold last value"). Kept apart
// from annotation.ts so that rule lives in one small place; Annotation owns one FrameStore.
import type { FrameAnnotation } from './frame-annotation.js';

/** Internal: frames by number plus the SDK's range (see the header). */
export class FrameStore {
  readonly frames = new Map<number, FrameAnnotation>();

  constructor(
    public rangeStart: number,
    public rangeEnd: number,
  ) {}

  /** Stores `f` as given, widening the range to cover it. */
  store(f: FrameAnnotation): void {
    this.frames.set(f.frameNum, f);
    if (f.frameNum > this.rangeEnd) this.rangeEnd = f.frameNum;
    if (f.frameNum < this.rangeStart) this.rangeStart = f.frameNum;
  }

  /** Lowest stored frame number, null when none. */
  first(): number | null {
    let min: number | null = null;
    for (const k of this.frames.keys()) if (min === null || k < min) min = k;
    return min;
  }

  /** Highest stored frame number (0 when none). */
  last(): number {
    let max = 0;
    let any = false;
    for (const k of this.frames.keys())
      if (!any || k > max) {
        max = k;
        any = true;
      }
    return max;
  }

  /**
   * Frame `n`: the stored one, else (inside the range) a copy of the nearest earlier stored frame
   * marked `interpolated`, `fixed = false`, which is stored; `undefined` outside the range.
   */
  get(n: number): FrameAnnotation | undefined {
    if (n < this.rangeStart || n > this.rangeEnd) return undefined;
    const stored = this.frames.get(n);
    if (stored) return stored;
    let best: number | null = null;
    for (const k of this.frames.keys()) if (k < n && k >= this.rangeStart && (best === null || k > best)) best = k;
    if (best === null) return undefined;
    const copy = this.frames.get(best)!.clone();
    copy.interpolated = true;
    copy.fixed = false;
    copy.frameNum = n;
    this.store(copy);
    return copy;
  }
}
