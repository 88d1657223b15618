// A box track read once for frame changes: its stored frames sorted, each key frame's box parsed on
// first use, so a frame between two key frames becomes its drawable shape straight from the two
// boxes (no snapshot list, coordinates JSON or re-parse per frame). Seeking a video with 50 tracked
// boxes allocated ~4 KB per box and frame that way, the garbage competing with the decoder for the
// machine. The rule is the entities' (`trackStateAt`), which the tests compare it with frame by frame.
import { boxShape } from '../../../entities/annotations/shape-coordinates.js';
import { coordinatesToFlat, flatToCoordinates } from '../../../entities/annotations/track-interpolation.js';
import { snapshotCoordinates, trackRange, trackSnapshots } from '../../../entities/annotations/track-state.js';
import { keyFrameFraction, lerpBox } from '../../../geometry/shapes/interpolate.js';
import type { Shape } from '../../../geometry/shapes/shape.js';
import type { AnnotationJson } from './annotation-json.js';
import type { FrameState } from './frame-state.js';

type Snap = ReturnType<typeof trackSnapshots>[number];

/** One stored frame of the track (the first frame has `index` -1). */
interface Stored {
  frame: number;
  /** Index in `snapshots_` (objects only, as `trackStateAt` counts), -1 for the top level. */
  index: number;
  snap: Snap;
  /** Its box as flat `[l, t, r, b(, angle)]`, null when malformed, undefined until first read. */
  flat?: number[] | null;
}

/** An interpolated frame's state: the coordinates JSON is written only when someone reads it. */
class InterpolatedState implements FrameState {
  readonly snapshotIndex: number;
  readonly keyed = false;
  readonly interpolated = true;
  private json: unknown;
  constructor(
    readonly label: string,
    readonly type: string,
    readonly keyFrame: number,
    index: number,
    /** The interpolated box, flat `[l, t, r, b(, angle)]`. */
    readonly flat: number[],
  ) {
    this.snapshotIndex = index;
  }
  get coordinates(): unknown {
    if (this.json === undefined) this.json = flatToCoordinates('box', [this.flat]);
    return this.json;
  }
}

/** A box track's states and shapes by frame (see the file comment). */
export class BoxTrack {
  private readonly stored: Stored[];
  private readonly range: { start: number; end: number };

  private constructor(readonly json: AnnotationJson) {
    this.range = trackRange(json)!;
    const first: Snap = { fixed: true, objectVisible: true, data: json.coordinates, label: json.label };
    const list: Stored[] = [];
    trackSnapshots(json).forEach((snap, index) => {
      const f = snap.frame;
      if (typeof f === 'number' && f > this.range.start) list.push({ frame: f, index, snap });
    });
    // Stable: among equal frames the snapshot list's order stays (the last one is the frame's state).
    list.sort((a, b) => a.frame - b.frame);
    this.stored = [{ frame: this.range.start, index: -1, snap: first, flat: undefined }, ...list];
  }

  /** A plan for `a`, or null when it is not a box track. */
  static of(a: AnnotationJson): BoxTrack | null {
    return a.type === 'box' && trackRange(a) ? new BoxTrack(a) : null;
  }

  /**
   * The state and shape at `frame` when it is interpolated between two key frames; null when it is
   * not (outside the track, hidden, a stored frame, a held gap, malformed boxes): the caller then
   * asks `stateAtFrame`, whose answer for such frames costs no interpolation anyway.
   */
  interpolated(frame: number): { state: InterpolatedState; shape: Shape } | null {
    const { start, end } = this.range;
    if (frame < start || frame > end) return null;
    const s = this.stored;
    // The last stored frame <= frame (the last of equal frames), then the first after it.
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.frame <= frame) lo = mid + 1;
      else hi = mid;
    }
    const prev = s[lo - 1]!;
    const next = s[lo];
    if (!next || prev.frame === frame) return null;
    const p = prev.snap;
    const n = next.snap;
    if (!(prev.index === -1 || p.fixed === true) || n.fixed !== true) return null;
    if (p.objectVisible === false || n.objectVisible === false) return null;
    const fa = this.flatOf(prev);
    const fb = this.flatOf(next);
    if (!fa || !fb) return null;
    const f = lerpBox(fa, fb, keyFrameFraction(frame, prev.frame, next.frame));
    const label =
      prev.index === -1 ? this.json.label : typeof p.label === 'string' ? (p.label as string) : this.json.label;
    const state = new InterpolatedState(label, 'box', prev.frame, prev.index, f);
    // As parseShape reads the coordinates boxCoordinates writes for `f`.
    const angle = f.length > 4 && f[4] !== 0 ? f[4]! : 0;
    const box = {
      left: Math.min(f[0]!, f[2]!),
      top: Math.min(f[1]!, f[3]!),
      right: Math.max(f[0]!, f[2]!),
      bottom: Math.max(f[1]!, f[3]!),
      angle,
    };
    return { state, shape: boxShape(box) };
  }

  private flatOf(e: Stored): number[] | null {
    if (e.flat === undefined) {
      const s = e.snap;
      const data = e.index === -1 ? this.json.coordinates : snapshotCoordinates(s);
      e.flat = coordinatesToFlat('box', data)?.[0] ?? null;
    }
    return e.flat;
  }
}

/** True when two interpolated box states draw the same (same label, key frame and box). */
export function sameInterpolated(a: FrameState | undefined, b: InterpolatedStateLike): boolean {
  if (!(a instanceof InterpolatedState) || a.label !== b.label || a.keyFrame !== b.keyFrame) return false;
  const x = a.flat;
  const y = b.flat;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** What {@link sameInterpolated} compares. */
export type InterpolatedStateLike = Pick<InterpolatedState, 'label' | 'keyFrame' | 'flat'>;
