import { newId, nowIso } from './ids.js';
import type { OntologyDoc, RecipeDoc, Store } from './store/types.js';

/** Create an empty ontology and a recipe pointing at it (what `createDefaultRecipe` does). */
export async function createDefaultRecipe(
  store: Store,
  projectId: string,
  creator: string,
  title = 'Default Recipe',
): Promise<{ recipe: RecipeDoc; ontology: OntologyDoc }> {
  const now = nowIso();
  const ontology: OntologyDoc = {
    id: newId(),
    creator,
    title: `${title} ontology`,
    metadata: { system: { projectIds: [projectId] }, attributes: [] },
    attributes: [],
    roots: [],
    createdAt: now,
    updatedAt: now,
  };
  const recipe: RecipeDoc = {
    id: newId(),
    creator,
    title,
    projectIds: [projectId],
    description: null,
    ontologyIds: [ontology.id],
    instructions: [],
    examples: [],
    customActions: [],
    metadata: { system: {} },
    uiSettings: { allowObjectIdAutoAssign: true, studioV2App: true },
    createdAt: now,
    updatedAt: now,
    updatedBy: creator,
  };
  await store.transaction(async () => {
    await store.insert('ontologies', ontology);
    await store.insert('recipes', recipe);
  });
  return { recipe, ontology };
}
