// The view of an Annotation that the key-frame functions (track-edit.ts) get: the members they read
// and call. A file of its own so those functions never import the Annotation class that delegates to
// them (no import cycle), and so what they may touch is listed in one place.
import type { JsonObject } from '../json-read.js';
import type { AnnotationDefinition } from './base-definition.js';
import type { FrameAnnotation } from './frame-annotation.js';

/**
 * The members of an {@link Annotation} the key-frame operations use: they see the annotation through
 * this, so this module does not import the class that delegates to it.
 */
export interface TrackTarget {
  readonly frames: ReadonlyMap<number, FrameAnnotation>;
  readonly isVideo: boolean;
  readonly type: string | null;
  readonly label: string | null;
  readonly fps: number | null;
  currentFrame: number;
  startFrame: number;
  endFrame: number | null;
  setFrame(n: number): boolean;
  addFrame(
    definition: AnnotationDefinition,
    frameNum?: number | null,
    options?: { fixed?: boolean; objectVisible?: boolean },
  ): void;
  deleteFrame(n: number): boolean;
  putFrame(f: FrameAnnotation): void;
  toJson(): JsonObject;
  clone(): TrackTarget;
}
