// A video annotation's JSON as components hold it (from the platform, a file or an edit, maybe
// without the bookkeeping keys), read as an Annotation of its video, and the track rules asked of
// such JSON. Here, below every component, so the annotation layer's track edits and the timeline's
// Merge button ask the same rule without one component importing the other's model.
import { Annotation } from './annotation.js';
import { type MergeRefusal, mergeRefusalOf } from './track-edit.js';
import type { AnnotationItemLike } from './types.js';

/** What a track edit needs to know about the video (from the viewer). */
export interface VideoContext {
  /** The item (its fps and mimetype), when the viewer has one. */
  item: unknown;
  /** The video's frame rate (times are `frame / fps`). */
  fps: number;
  /** Number of frames of the video. */
  frameCount: number;
}

/** Keys the entity reader requires; a component's JSON may come from anywhere, so they default to null. */
const REQUIRED = ['creator', 'createdAt', 'updatedBy', 'updatedAt'] as const;

/**
 * `json` as an Annotation entity of its video. Throws the entities' typed errors (`DlParseError`,
 * `DlError`) for JSON they cannot read.
 */
export function videoAnnotationOf(json: object, video: VideoContext): Annotation {
  const j: Record<string, unknown> = { ...json };
  for (const k of REQUIRED) if (!(k in j)) j[k] = null;
  const item = video.item && typeof video.item === 'object' ? (video.item as AnnotationItemLike) : null;
  return Annotation.fromJson(j, { item, isVideo: true, fps: video.fps > 0 ? video.fps : null });
}

/**
 * Why the tracks of JSON `a` and `b` do not merge (another shape type, another label, or both shown
 * on one frame: two objects; the rule `Annotation.mergeTrack` throws on), or undefined. Throws the
 * entities' typed errors for JSON they cannot read.
 */
export function mergeRefusalOfJson(a: object, b: object, video: VideoContext): MergeRefusal | undefined {
  return mergeRefusalOf(videoAnnotationOf(a, video), videoAnnotationOf(b, video));
}
