// Applying a <dl-timeline> key-frame action to annotations with the entities' track methods, for
// hosts that keep an AnnotationCollection (the timeline itself never changes annotations).
import type { Annotation } from '../../entities/annotations/annotation.js';
import type { AnnotationCollection } from '../../entities/annotations/annotation-collection.js';
import { DlError } from '../../entities/errors.js';
import type { KeyframeActionDetail, TrackRef } from './timeline-events.js';
import { actedRange } from './timeline-model.js';

/** What {@link applyKeyframeAction} changed: save `updated` and `created`, delete `removed`. */
export interface KeyframeActionResult {
  updated: Annotation[];
  created: Annotation[];
  removed: Annotation[];
}

/**
 * The annotation of `track` an action at `frame` applies to: the one covering `frame`, else the last
 * starting before it, else the first ({@link actedRange}, the timeline's picker too).
 */
export function trackAnnotationAt(collection: AnnotationCollection, track: TrackRef, frame: number): Annotation {
  const all = collection.annotations;
  let candidates: Annotation[];
  if (track.objectId !== null) candidates = all.filter((a) => a.objectId === track.objectId && a.isVideo);
  else {
    const ids = track.annotationIds.filter((id): id is string => id !== null);
    candidates = ids.length
      ? all.filter((a) => a.id !== null && ids.includes(a.id))
      : track.indexes.map((i) => all[i]!).filter(Boolean);
  }
  if (candidates.length === 0) throw new DlError(`no annotation of track ${track.key} in this collection`);
  // The timeline's picker (`actedSegment`), so the host acts on the annotation its buttons were for.
  const ranges = candidates.map((a, index) => ({
    start: a.startFrame,
    end: Math.max(a.endFrame ?? a.startFrame, a.lastFrame),
    index,
  }));
  return candidates[actedRange(ranges, frame)!.index]!;
}

/**
 * Applies `detail` (a `dl-keyframe-action`) to `collection` with the Annotation track methods
 * (`insertKeyFrame`, `deleteKeyFrame`, `copyToNextFrame`, `setObjectVisible`, `endTrack`,
 * `splitTrack`, `mergeTrack`). Deleting a track's only key frame removes the annotation. Throws
 * `DlError` (nothing changed) when the action does not apply, e.g. ending a track on its first frame.
 *
 * @example
 * timeline.addEventListener('dl-keyframe-action', (e) => {
 *   try {
 *     const { updated, created, removed } = applyKeyframeAction(collection, e.detail);
 *     timeline.annotations = layer.annotations = collection.toJsonList();
 *   } catch (err) {
 *     showMessage((err as Error).message); // a DlError: nothing changed
 *   }
 * });
 */
export function applyKeyframeAction(
  collection: AnnotationCollection,
  detail: KeyframeActionDetail,
): KeyframeActionResult {
  const { action, frame } = detail;
  const a = trackAnnotationAt(collection, detail.track, frame);
  const out: KeyframeActionResult = { updated: [a], created: [], removed: [] };
  switch (action) {
    case 'insert':
      a.insertKeyFrame(frame);
      break;
    case 'delete':
      if (a.keyFrames().length === 1 && a.keyFrames()[0] === frame) {
        collection.annotations.splice(collection.annotations.indexOf(a), 1);
        return { updated: [], created: [], removed: [a] };
      }
      a.deleteKeyFrame(frame);
      break;
    case 'copy-next':
      a.copyToNextFrame(frame);
      break;
    case 'hide':
    case 'show': {
      // At or after an ended track's end (Shift+E: its last frame, out of view) `show` resumes it,
      // in view from here to the video's end (the timeline says "Resume track here"): made visible
      // on its end frame only, it stayed ended there, one frame long (walk 35).
      const ended = action === 'show' && a.endFrame !== null && frame >= a.endFrame && detail.last !== undefined;
      a.setObjectVisible(frame, action === 'show');
      if (ended) a.endFrame = Math.max(frame, detail.last!);
      break;
    }
    case 'end':
      a.endTrack(frame);
      break;
    case 'split':
      out.created.push(collection.splitTrack(a, frame));
      break;
    case 'merge': {
      if (!detail.other) throw new DlError('merge: the action names no other track');
      const other = trackAnnotationAt(collection, detail.other, frame);
      out.removed.push(collection.mergeTracks(a, other));
      break;
    }
    default:
      throw new DlError(`unknown key-frame action: ${String(action)}`);
  }
  return out;
}
