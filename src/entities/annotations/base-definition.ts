// The common part of every annotation definition (geometry + label + v2 attributes + description).
import { structuredCloneJson } from './json-util.js';
import type { Attributes } from './types.js';

/** Constructor options shared by every definition. */
export interface DefinitionOptions {
  /** Full label path, e.g. `vehicle.car`. The platform allows `null`. */
  label: string | null;
  /** v2 attributes `{key: value}`; `null`/missing = `{}`. */
  attributes?: Attributes | null;
  /** Free-text description (top-level `description`, snapshot `description`). */
  description?: string | null;
}

/**
 * Base class of the annotation definitions (`Box`, `Polygon`, `Segmentation`...), the SDK's
 * `BaseAnnotationDefinition`. A definition is the geometry of one annotation in one frame; the
 * {@link Annotation} adds ids, metadata and frames around it.
 */
export abstract class AnnotationDefinition {
  /** The annotation `type` string written to JSON (e.g. `"segment"` for Polygon). */
  abstract readonly type: string | null;
  /** Full label path. */
  label: string | null;
  /** v2 attributes, never null (`{}` when none). */
  attributes: Attributes;
  /** Description, or null when none. */
  description: string | null;

  constructor(options: DefinitionOptions) {
    this.label = options.label;
    this.attributes = options.attributes ? structuredCloneJson(options.attributes) : {};
    this.description = options.description ?? null;
  }

  /** False for definitions written without a `coordinates` key (Classification). */
  get hasCoordinates(): boolean {
    return true;
  }

  /** The JSON `coordinates` (snapshot `data`) value exactly as Dataloop stores it. */
  abstract toCoordinates(): unknown;

  /** Deep copy. */
  abstract clone(): AnnotationDefinition;

  /** Copies label, attributes and description onto a freshly built copy (used by `clone`). */
  protected copyBaseTo<T extends AnnotationDefinition>(target: T): T {
    target.label = this.label;
    target.attributes = structuredCloneJson(this.attributes);
    target.description = this.description;
    return target;
  }
}
