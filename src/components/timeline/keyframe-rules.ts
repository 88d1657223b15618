/**
 * When each key-frame action of the timeline applies (the rules behind its disabled buttons and
 * ignored keys), apart from the element, as one pure function over the track and the frame.
 */
// The merge rule comes from the entities (below every component), as the annotation layer's does:
// the timeline imports no other component's model.
import type { MergeRefusal } from '../../entities/annotations/track-edit.js';
import { mergeRefusalOfJson, type VideoContext, videoAnnotationOf } from '../../entities/annotations/video-json.js';
import type { KeyframeAction } from './timeline-events.js';
import { actedRange, segmentAt, trackKeyFrames, type TimelineSegment, type TimelineTrack } from './timeline-model.js';

/** Where a key-frame action is asked: the track, the frame, the video's end and the selection. */
export interface KeyframeActionPlace {
  track: TimelineTrack | undefined;
  frame: number;
  last: number;
  /** How many tracks are selected (merge needs two). */
  selectedCount: number;
  /**
   * Why the model refuses to merge the two selected tracks ({@link mergeRefusalAt}: another label or
   * shape, or both seen on one frame; `Annotation.mergeTrack` throws then), or undefined.
   */
  refusal?: MergeRefusal | undefined;
  /**
   * The entities cannot read the track (or, for merge, the other one: `trackReadError`): the host
   * refuses every edit of it, so no action applies.
   */
  unreadable?: boolean;
  readonly: boolean;
}

/**
 * Whether `action` makes sense at `place`: insert where no key frame is, delete where one is,
 * copy/hide/end/split inside a segment (hide/show/end/split after its first frame), merge with
 * two tracks selected that the model does not refuse (`place.refusal`, {@link mergeRefusalAt}); none
 * on a track the entities cannot read (`place.unreadable`). The timeline disables the
 * buttons and ignores the keys otherwise.
 */
export function keyframeActionAllowed(action: KeyframeAction, place: KeyframeActionPlace): boolean {
  const { track: t, frame: f, last } = place;
  if (!t || place.readonly || place.unreadable) return false;
  const seg = segmentAt(t, f);
  const keys = trackKeyFrames(t);
  switch (action) {
    case 'insert':
      return !keys.includes(f);
    case 'delete':
      return keys.includes(f);
    case 'copy-next':
      return !!seg && f < last;
    case 'hide':
    case 'show': {
      if (!seg || f <= seg.start) return false;
      const hidden = seg.hidden.some(([a, b]) => f >= a && f <= b);
      return action === 'hide' ? !hidden : hidden;
    }
    case 'end':
    case 'split':
      return !!seg && f > seg.start;
    case 'merge':
      return place.selectedCount === 2 && !place.refusal;
  }
}

/**
 * The segment of `t` an action at `frame` applies to: {@link actedRange}, the picker
 * `applyKeyframeAction` (`trackAnnotationAt`) uses, over the same ranges (a snapshot past
 * `endFrame` widens a segment, as the entities read it).
 */
export function actedSegment(t: TimelineTrack, frame: number): TimelineSegment | undefined {
  const ranges = t.segments.map((s) => ({ start: s.start, end: Math.max(s.end, s.lastStored), index: s.index, s }));
  return actedRange(ranges, frame)?.s;
}

/**
 * Why the model refuses to merge the annotations of `t` and `other` a merge at `frame` would take
 * (`mergeRefusalOfJson`: another shape type, another label, or both shown on one frame; the layer's
 * Shift+M and `Annotation.mergeTrack` ask the same), or undefined. `annotations` is the JSON the
 * rows were made of (segments index it).
 */
export function mergeRefusalAt(
  t: TimelineTrack,
  other: TimelineTrack,
  frame: number,
  annotations: readonly unknown[],
  video: VideoContext,
): MergeRefusal | undefined {
  const [a, b] = [actedSegment(t, frame), actedSegment(other, frame)].map((s) => s && annotations[s.index]);
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return undefined;
  try {
    return mergeRefusalOfJson(a, b, video);
  } catch {
    // JSON the entities cannot read: the host cannot merge it either, and says so itself.
    return undefined;
  }
}

/**
 * Why the entities cannot read track `t` (the message of their typed error for the first of its
 * annotations they cannot read: `$.coordinates: expected an array, got "oops"`), or undefined. The
 * host's `applyKeyframeAction` reads the same JSON with the same reader and refuses every edit of
 * such a track; the timeline shows the row as unreadable instead of drawing it as if it were fine.
 * `annotations` is the JSON the rows were made of; `memo` keeps each annotation's verdict (by its
 * object: an edit replaces the annotations it changes, so a render after an edit reads only those).
 */
export function trackReadError(
  t: TimelineTrack,
  annotations: readonly unknown[],
  video: VideoContext,
  memo?: WeakMap<object, string | null>,
): string | undefined {
  for (const s of t.segments) {
    const a = annotations[s.index];
    if (!a || typeof a !== 'object') continue;
    let why = memo?.get(a);
    if (why === undefined) {
      why = null;
      try {
        videoAnnotationOf(a, video);
      } catch (e) {
        why = e instanceof Error && e.message ? e.message : String(e);
      }
      memo?.set(a, why);
    }
    if (why !== null) return why;
  }
  return undefined;
}
