// Shared types of the annotation layer.
import type { JsonObject } from '../json-read.js';

export type { JsonObject };

/** v2 ("named") attributes: `metadata.system.attributes` / snapshot `namedAttributes`, `{attributeKey: value}`. */
export type Attributes = Record<string, unknown>;

/** A 2-D vertex in image coordinates (x = column, y = row, origin top-left). */
export interface Point2 {
  x: number;
  y: number;
}

/** A 3-D vector as used by `cube_3d` (`position`, `scale`, `rotation`). */
export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/**
 * The little the annotation layer needs from an item. Structural, so a full `Item` entity (or the
 * plain item JSON) fits: `id`, `datasetId`, `url`, `dataset` (URL), `filename`, and `metadata` holding
 * `fps` (top-level, as the SDK reads it) and `system.{mimetype,width,height,fps}`.
 * Optional SDK-style accessors (`fps`, `mimetype`, `width`, `height`) win over `metadata` when present.
 */
export interface AnnotationItemLike {
  readonly id?: string | null;
  readonly datasetId?: string | null;
  readonly url?: string | null;
  readonly dataset?: unknown;
  readonly filename?: string | null;
  readonly metadata?: unknown;
  readonly fps?: number | null;
  readonly mimetype?: string | null;
  readonly width?: number | null;
  readonly height?: number | null;
}

/** `metadata.user.model` as written by `AnnotationCollection.add({ modelInfo })`. */
export interface ModelInfo {
  name: string | null;
  confidence: number;
  modelId?: string | null;
}
