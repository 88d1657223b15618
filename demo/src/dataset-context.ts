import { client } from './session.js';
import { toJson, type Json } from './json.js';

/** A dataset with its ontology (the recipe's first), loaded once per dataset. */
export interface DatasetContext {
  dataset: Json;
  ontology: Json | null;
}

const loaded = new Map<string, Promise<DatasetContext>>();

/** Loads (once) a dataset and its ontology. */
export function datasetContext(datasetId: string): Promise<DatasetContext> {
  let p = loaded.get(datasetId);
  if (!p) {
    p = (async () => {
      const c = client();
      const dataset = toJson(await c.datasets.get(datasetId));
      const recipeId = dataset.metadata?.system?.recipes?.[0];
      let ontology: Json | null = null;
      if (recipeId) {
        const recipe = toJson(await c.recipes.get(recipeId));
        const oid = recipe.ontologyIds?.[0];
        if (oid) ontology = toJson(await c.ontologies.get(oid));
      }
      return { dataset, ontology };
    })();
    p.catch(() => loaded.delete(datasetId));
    loaded.set(datasetId, p);
  }
  return p;
}

/** Forget cached contexts (sign-out). */
export function clearDatasetContexts(): void {
  loaded.clear();
}
