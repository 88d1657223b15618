// The plain state an Annotation is built from (by fromJson or Annotation.new).
import type { JsonObject } from '../json-read.js';
import type { AnnotationDefinition } from './base-definition.js';
import type { FrameAnnotation } from './frame-annotation.js';
import type { AnnotationItemLike } from './types.js';

/** Internal: everything an {@link Annotation} holds. */
export interface AnnotationInit {
  id: string | null;
  url: string | null;
  itemUrl: string | null;
  itemId: string | null;
  datasetUrl: string | null;
  datasetId: string | null;
  creator: string | null;
  createdAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  source: string | null;
  hash: string | null;
  /** `undefined` = key absent (not written). */
  labelSuggestions: unknown;
  metadata: JsonObject;
  type: string | null;
  recipe1Attributes: unknown;
  extra: JsonObject;
  objectId: string | null;
  status: string | null;
  automated: boolean | null;
  fps: number | null;
  item: AnnotationItemLike | null;
  itemWidth: number | null;
  itemHeight: number | null;
  startFrame: number;
  endFrame: number | null;
  startTime: number;
  endTime: number;
  frames: FrameAnnotation[];
  /** Definition of a non-video annotation (video annotations keep theirs per frame). */
  definition: AnnotationDefinition | null;
}
