// Edits of video annotations (tracks) at the shown frame, done by the entities' track methods so the
// layer writes exactly what `Annotation.setKeyFrame` & co. write (see entities/annotations/track-edit.ts):
// an edited frame becomes a key frame (`fixed: true`), the interpolated frames around it are written
// out again, a tracker's stored frames are kept. The layer's JSON goes in, the platform JSON
// (`toJson()`) comes out.
import type { Annotation } from '../../../entities/annotations/annotation.js';
import { definitionFromJson } from '../../../entities/annotations/definition-from-json.js';
import type { MergeRefusal, TrackedFrame } from '../../../entities/annotations/track-edit.js';
import { mergeRefusalOfJson, type VideoContext, videoAnnotationOf } from '../../../entities/annotations/video-json.js';
import { DlError } from '../../../entities/errors.js';
import { trackRange, trackSnapshots, type TrackJsonLike } from '../../../entities/annotations/track-state.js';
import { systemOf, type AnnotationJson } from './annotation-json.js';

export type { VideoContext };

/** True for an annotation with frames (`metadata.system.frame` is a number): a video track. */
export function isTrack(a: AnnotationJson): boolean {
  return typeof systemOf(a).frame === 'number';
}

/**
 * The key frames of track `a`, ascending: its first frame and each `fixed` snapshot after it (the
 * frames the timeline marks as key frames, timeline-model.ts).
 */
export function keyFramesOfJson(a: AnnotationJson): number[] {
  const range = trackRange(a as unknown as TrackJsonLike);
  if (!range) return [];
  const out = new Set([range.start]);
  for (const s of trackSnapshots(a as unknown as TrackJsonLike))
    if (s.fixed === true && typeof s.frame === 'number' && s.frame > range.start) out.add(s.frame);
  return [...out].sort((x, y) => x - y);
}

/** `a` as an Annotation entity of its video. */
const entityOf = (a: AnnotationJson, video: VideoContext): Annotation => videoAnnotationOf(a, video);

function jsonOf(ann: Annotation): AnnotationJson {
  return ann.toJson() as unknown as AnnotationJson;
}

/**
 * Track `a` with its geometry at `frame` set to `coordinates`: frame `frame` becomes a key frame
 * (`Annotation.setKeyFrame`) keeping the label, attributes and description shown there. Throws the
 * entities' typed errors (`DlParseError`, `DlError`) for JSON they cannot read.
 */
export function editAtFrame(
  a: AnnotationJson,
  frame: number,
  coordinates: unknown,
  video: VideoContext,
): AnnotationJson {
  const ann = entityOf(a, video);
  const shown = ann.frameState(frame)?.definition;
  const base = shown ?? ann.annotationDefinition;
  const definition = definitionFromJson(
    ann.type,
    coordinates,
    { label: base?.label ?? a.label, attributes: base?.attributes ?? {}, description: base?.description ?? null },
    `coordinates at frame ${frame}`,
  );
  ann.setKeyFrame(frame, definition);
  return jsonOf(ann);
}

/**
 * Track `a` relabelled on every frame. A track is one object, and an object keeps its class: the
 * label of the first frame (top level) and of every snapshot change together. A class that really
 * changes mid-video is a new object: split the track there (`<dl-timeline>`, `s`) and relabel the tail.
 */
export function relabelTrack(a: AnnotationJson, label: string, video: VideoContext): AnnotationJson {
  const ann = entityOf(a, video);
  for (const f of ann.frames.values()) f.definition.label = label;
  return jsonOf(ann);
}

/**
 * Track `a` with a tracker's output stored as frames that are not key frames
 * (`Annotation.setTrackedFrames`): the user corrects any of them, which makes it a key frame.
 */
export function withTrackedFrames(
  a: AnnotationJson,
  frames: ReadonlyArray<{ frame: number; coordinates: unknown }>,
  video: VideoContext,
): AnnotationJson {
  const ann = entityOf(a, video);
  const tracked: TrackedFrame[] = [];
  for (const f of frames) {
    const shown = ann.frameState(f.frame)?.definition ?? ann.annotationDefinition;
    tracked.push({
      frame: f.frame,
      definition: definitionFromJson(
        ann.type,
        f.coordinates,
        {
          label: shown?.label ?? a.label,
          attributes: shown?.attributes ?? {},
          description: shown?.description ?? null,
        },
        `tracked coordinates at frame ${f.frame}`,
      ),
    });
  }
  ann.setTrackedFrames(tracked);
  return jsonOf(ann);
}

/**
 * `metadata.system` entries of a new object drawn on `frame` of a video: a track with the next free
 * `objectId` (one more than the largest among `others`, as `AnnotationCollection.nextObjectId`),
 * from `frame` to the last frame of the clip. To the end because a new object stays in the scene
 * until the user says it leaves (`<dl-timeline>`'s "end here", as CVAT's tracks): on any later frame
 * it is there to be corrected, and a correction makes a key frame the frames in between interpolate
 * to. Frames after the last key frame hold its shape, as on the platform.
 */
export function newTrackSystem(
  frame: number,
  others: Iterable<AnnotationJson>,
  video: VideoContext,
): Record<string, unknown> {
  const endFrame = Math.max(frame, video.frameCount - 1);
  const time = (f: number) => (video.fps > 0 ? f / video.fps : 0);
  return {
    frame,
    startTime: time(frame),
    endFrame,
    endTime: time(endFrame),
    snapshots_: [],
    objectId: nextObjectId(others),
  };
}

/**
 * A key-frame action on one track at the shown frame (the actions of `<dl-timeline>`, done by the
 * entities' track methods): `insert` a key frame with the state shown, `delete` the key frame shown,
 * `copy-next` the shape shown to the next frame as a key frame, `end` the track (the object leaves:
 * `objectVisible: false` here, nothing after), `hide` / `show` the object from here, `split` the
 * track here into a new object.
 */
export type TrackAction = 'insert' | 'delete' | 'copy-next' | 'end' | 'hide' | 'show' | 'resume' | 'split';

/** What a {@link trackAction} did: the track's new JSON (null: deleted) and, for a split, the new track. */
export interface TrackActionResult {
  after: AnnotationJson | null;
  created?: AnnotationJson;
}

/**
 * Applies `action` to track `a` at `frame`. Deleting the only key frame deletes the annotation (as
 * `applyKeyframeAction`); a split takes the next free objectId among `others`. Throws the entities'
 * `DlError` (nothing changed) when the action does not apply there, e.g. ending a track on its
 * first frame or deleting a frame that is not a key frame.
 */
export function trackAction(
  a: AnnotationJson,
  action: TrackAction,
  frame: number,
  video: VideoContext,
  others: Iterable<AnnotationJson> = [],
): TrackActionResult {
  const ann = entityOf(a, video);
  switch (action) {
    case 'insert':
      ann.insertKeyFrame(frame);
      break;
    case 'delete': {
      const keys = ann.keyFrames();
      if (keys.length === 1 && keys[0] === frame) return { after: null };
      ann.deleteKeyFrame(frame);
      break;
    }
    case 'copy-next':
      if (frame + 1 >= video.frameCount) throw new DlError(`copyToNextFrame: frame ${frame} is the clip's last`);
      ann.copyToNextFrame(frame);
      break;
    case 'end':
      ann.endTrack(frame);
      break;
    case 'hide':
    case 'show':
      ann.setObjectVisible(frame, action === 'show');
      break;
    case 'resume':
      // An ended track (Shift+E) goes on from here, in view, to the clip's end as a drawn one does:
      // "show" alone made its end frame visible and left it ended there, one frame long.
      ann.setObjectVisible(frame, true);
      ann.endFrame = Math.max(frame, video.frameCount - 1);
      break;
    case 'split': {
      const tail = ann.splitTrack(frame, nextObjectId([a, ...others]));
      return { after: jsonOf(ann), created: jsonOf(tail) };
    }
    default:
      throw new DlError(`unknown track action: ${String(action)}`);
  }
  return { after: jsonOf(ann) };
}

/**
 * Tracks `a` and `b` (one type) merged into the one that starts first, which keeps its key frames
 * where both have one (`Annotation.mergeTrack`); returns which was kept and its new JSON. The other
 * is to be deleted.
 */
export function mergeTracks(
  a: AnnotationJson,
  b: AnnotationJson,
  video: VideoContext,
): { keep: 'a' | 'b'; after: AnnotationJson } {
  const x = entityOf(a, video);
  const y = entityOf(b, video);
  const keepA = x.startFrame <= y.startFrame;
  const [target, other] = keepA ? [x, y] : [y, x];
  target.mergeTrack(other);
  return { keep: keepA ? 'a' : 'b', after: jsonOf(target) };
}

export type { MergeRefusal };

/**
 * Why `mergeTracks` refuses tracks `a` and `b` (another shape type, another label, or both shown on
 * one frame: two objects), or undefined when they merge. The entities' rule (`mergeRefusalOf`, which
 * `Annotation.mergeTrack` throws on), asked by the layer's Shift+M and the timeline's Merge button.
 * Throws the entities' typed errors for JSON they cannot read.
 */
export function mergeRefusalOf(a: AnnotationJson, b: AnnotationJson, video: VideoContext): MergeRefusal | undefined {
  // The rule is symmetric, so which one `mergeTracks` keeps does not matter; `a` is named first.
  return mergeRefusalOfJson(a, b, video);
}

/** One more than the largest numeric `objectId` of `all` (as `AnnotationCollection.nextObjectId`). */
export function nextObjectId(all: Iterable<AnnotationJson>): string {
  let max = 0;
  for (const o of all) {
    const id = Number(systemOf(o).objectId);
    if (Number.isSafeInteger(id) && id > max) max = id;
  }
  return String(max + 1);
}

/**
 * Whether track `a` ended at or before `frame` (Shift+E: its range ends there, before the clip's
 * last frame): out of view there, the toggle resumes it.
 */
export function endedAt(a: TrackJsonLike, frame: number, frameCount: number): boolean {
  const end = trackRange(a)?.end;
  return end !== undefined && end <= frame && end < frameCount - 1;
}
