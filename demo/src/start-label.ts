/**
 * The label an item starts on: `drawn`, the label the annotator last drew with on any item, when
 * the item's ontology has it (`tags`: its labels in picker order); else the ontology's first label
 * (null when it has none). Before, each item started on the first label: a run of Person boxes
 * needed "2" again on every item, and the first box drawn without it was a Car.
 */
export function startLabel(drawn: string | null, tags: readonly string[]): string | null {
  return drawn && tags.includes(drawn) ? drawn : (tags[0] ?? null);
}
