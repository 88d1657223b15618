// Public exports of the ontology part of the entity model (spec §3.5, §7.3, §7.4).
export { Ontology, DEFAULT_MAP_KEY } from './ontology.js';
export { Label, defaultDisplayLabel, parseLabelColor, rgbToHex } from './label.js';
export type { LabelColor, LabelCreateOptions, LabelRoot, RgbColor } from './label.js';
export {
  readAttributeDefinition,
  readAttributeDefinitions,
  usesAttributes2,
  attributeUpsertItem,
} from './attributes.js';
export type { AttributeDefinition, AttributeRange, AttributeUpsert } from './attributes.js';
export { Recipe } from './recipe.js';
