import type { EntityFactories } from './bind.js';

/**
 * The entity layer's constructors used by default. Empty until the entity classes are wired in:
 * entities are then plain JSON objects carrying their repositories.
 */
export function defaultFactories(): EntityFactories {
  return {};
}
