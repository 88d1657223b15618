/**
 * The demo's labels and v2 attributes: one of every attribute kind the platform has (spec §6
 * "attributes v2": checkbox, radio_button, range, boolean, freeText), some for every label and
 * some scoped to one label, so the attribute editor shows each control.
 */

/** One label of the demo ontology (`PATCH /ontologies/{id}/labels` `labelsNode`). */
export interface DemoLabel {
  tag: string;
  displayLabel: string;
  /** `#rrggbb`; chosen to stand out on the generated grey roads and on the photos. */
  color: string;
}

/** Labels in picker order. The road colour is a saturated violet: a grey mask on a grey road was invisible. */
export const DEMO_LABELS: DemoLabel[] = [
  { tag: 'car', displayLabel: 'Car', color: '#c82828' },
  { tag: 'person', displayLabel: 'Person', color: '#f0b400' },
  { tag: 'tree', displayLabel: 'Tree', color: '#1e8c32' },
  { tag: 'road', displayLabel: 'Road', color: '#9c27b0' },
  { tag: 'animal', displayLabel: 'Animal', color: '#ff6d00' },
  { tag: 'object', displayLabel: 'Object', color: '#1e88e5' },
];

/** A v2 attribute definition as the SDK sends it (`PATCH /ontologies/{id}/attributes` `items`). */
export interface DemoAttribute {
  key: string;
  title: string;
  type: 'checkbox' | 'radio_button' | 'range' | 'boolean' | 'freeText';
  scope: string[];
  values?: string[];
  range?: { min: number; max: number; step: number };
  optional?: boolean;
}

/** Every attribute kind once (and radio twice: one per label it describes). */
export const DEMO_ATTRIBUTES: DemoAttribute[] = [
  {
    key: 'occlusion',
    title: 'Occlusion',
    type: 'checkbox',
    values: ['partly', 'mostly', 'truncated'],
    scope: ['*'],
    optional: true,
  },
  {
    key: 'color',
    title: 'Colour',
    type: 'radio_button',
    values: ['red', 'white', 'black', 'blue', 'other'],
    scope: ['car'],
  },
  { key: 'parked', title: 'Parked', type: 'boolean', scope: ['car'] },
  {
    key: 'activity',
    title: 'Activity',
    type: 'radio_button',
    values: ['standing', 'walking', 'cycling'],
    scope: ['person'],
  },
  { key: 'visibility', title: 'Visibility (%)', type: 'range', range: { min: 0, max: 100, step: 10 }, scope: ['*'] },
  { key: 'comment', title: 'Comment', type: 'freeText', scope: ['*'], optional: true },
];

type Call = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** Puts the demo labels and attributes into an ontology through the platform's REST routes. */
export async function seedOntology(call: Call, ontologyId: string): Promise<void> {
  await call('PATCH', `/ontologies/${ontologyId}/labels`, { labelsNode: DEMO_LABELS, upsert: true });
  await call('PATCH', `/ontologies/${ontologyId}/attributes`, { items: DEMO_ATTRIBUTES, upsert: true });
}

/** The label's colour as RGB (for masks drawn in the label colour). */
export function labelRgb(tag: string): [number, number, number] {
  const hex = DEMO_LABELS.find((l) => l.tag === tag)?.color ?? '#808080';
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** The ontology id of a dataset (its first recipe's first ontology). */
export async function datasetOntologyId(
  call: Call,
  dataset: { metadata?: { system?: { recipes?: string[] } } },
): Promise<string> {
  const recipeId = dataset.metadata?.system?.recipes?.[0];
  const recipe = await call<{ ontologyIds: string[] }>('GET', `/recipes/${recipeId}`);
  return recipe.ontologyIds[0]!;
}
