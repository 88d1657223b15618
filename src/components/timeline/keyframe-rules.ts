/**
 * When each key-frame action of the timeline applies (the rules behind its disabled buttons and
 * ignored keys), apart from the element, as one pure function over the track and the frame.
 */
import type { KeyframeAction } from './timeline-events.js';
import { segmentAt, trackKeyFrames, type TimelineTrack } from './timeline-model.js';

/** Where a key-frame action is asked: the track, the frame, the video's end and the selection. */
export interface KeyframeActionPlace {
  track: TimelineTrack | undefined;
  frame: number;
  last: number;
  /** How many tracks are selected (merge needs two). */
  selectedCount: number;
  /** The other selected track, when two are (merge needs the same label: two labels are two objects). */
  other?: TimelineTrack | undefined;
  readonly: boolean;
}

/**
 * Whether `action` makes sense at `place`: insert where no key frame is, delete where one is,
 * copy/hide/end/split inside a segment (hide/show/end/split after its first frame), merge with
 * two tracks of one label selected (see {@link mergeRefusedForLabels}). The timeline disables the
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
      return place.selectedCount === 2 && !mergeRefusedForLabels(t, place.other);
  }
}

/**
 * Whether merging `t` with `other` is refused because their labels differ (two labels are two
 * objects; `Annotation.mergeTrack` throws then). The timeline tells why on its Merge button.
 */
export function mergeRefusedForLabels(t: TimelineTrack, other: TimelineTrack | undefined): boolean {
  return !!other && other.label !== t.label;
}
