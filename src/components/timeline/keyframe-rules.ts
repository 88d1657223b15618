/**
 * When each key-frame action of the timeline applies (the rules behind its disabled buttons and
 * ignored keys), apart from the element, as one pure function over the track and the frame.
 */
import type { AnnotationJson } from '../annotation-layer/model/annotation-json.js';
import { tracksOverlap, type VideoContext } from '../annotation-layer/model/video-edit.js';
import type { KeyframeAction } from './timeline-events.js';
import { segmentAt, trackKeyFrames, type TimelineSegment, type TimelineTrack } from './timeline-model.js';

/** Where a key-frame action is asked: the track, the frame, the video's end and the selection. */
export interface KeyframeActionPlace {
  track: TimelineTrack | undefined;
  frame: number;
  last: number;
  /** How many tracks are selected (merge needs two). */
  selectedCount: number;
  /** The other selected track, when two are (merge needs the same label: two labels are two objects). */
  other?: TimelineTrack | undefined;
  /**
   * The frames on which the two selected tracks both show their object ({@link mergeOverlap}):
   * two objects at once, so merge is refused (`Annotation.mergeTrack` throws then).
   */
  overlap?: { first: number; last: number } | undefined;
  readonly: boolean;
}

/**
 * Whether `action` makes sense at `place`: insert where no key frame is, delete where one is,
 * copy/hide/end/split inside a segment (hide/show/end/split after its first frame), merge with
 * two tracks of one label selected that never both show their object on one frame (see
 * {@link mergeRefusedForLabels}, {@link mergeOverlap}). The timeline disables the
 * buttons and ignores the keys otherwise.
 */
export function keyframeActionAllowed(action: KeyframeAction, place: KeyframeActionPlace): boolean {
  const { track: t, frame: f, last } = place;
  if (!t || place.readonly) return false;
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
      return place.selectedCount === 2 && !mergeRefusedForLabels(t, place.other) && !place.overlap;
  }
}

/**
 * Whether merging `t` with `other` is refused because their labels differ (two labels are two
 * objects; `Annotation.mergeTrack` throws then). The timeline tells why on its Merge button.
 */
export function mergeRefusedForLabels(t: TimelineTrack, other: TimelineTrack | undefined): boolean {
  return !!other && other.label !== t.label;
}

/**
 * The segment of `t` an action at `frame` applies to, as `applyKeyframeAction` picks the annotation
 * (`trackAnnotationAt`): the one covering `frame`, else the last starting before it, else the first.
 */
export function actedSegment(t: TimelineTrack, frame: number): TimelineSegment | undefined {
  return segmentAt(t, frame) ?? t.segments.filter((s) => s.start <= frame).at(-1) ?? t.segments[0];
}

/**
 * The first and last frame on which the annotations of `t` and `other` a merge at `frame` would
 * take both show their object, or undefined: the model's rule (`tracksOverlap`, as the layer's
 * Shift+M and `Annotation.mergeTrack`; hidden frames do not count, a track ended before the other
 * starts is apart). `annotations` is the JSON the rows were made of (segments index it).
 */
export function mergeOverlap(
  t: TimelineTrack,
  other: TimelineTrack,
  frame: number,
  annotations: readonly unknown[],
  video: VideoContext,
): { first: number; last: number } | undefined {
  const [a, b] = [actedSegment(t, frame), actedSegment(other, frame)].map((s) => s && annotations[s.index]);
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return undefined;
  try {
    return tracksOverlap(a as AnnotationJson, b as AnnotationJson, video);
  } catch {
    // JSON the entities cannot read: the host cannot merge it either, and says so itself.
    return undefined;
  }
}
