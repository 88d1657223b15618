// Recipe (spec §7.3): the dataset's labeling recipe, pointing at its ontologies.
import { Entity, type EntitySchema } from '../resources/entity.js';

/**
 * A recipe. The chain is dataset -> `metadata.system.recipes[0]` -> recipe -> `ontologyIds[0]` ->
 * ontology; {@link Recipe.ontologyId} gives that first id.
 */
export class Recipe extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    creator: 'string',
    url: 'string',
    title: 'string',
    projectIds: 'string[]',
    description: 'string',
    ontologyIds: 'string[]',
    instructions: 'array',
    examples: 'array',
    customActions: 'array',
    metadata: 'object',
    uiSettings: 'object',
  };

  /** Platform key order (spec §7.3). */
  static override readonly keyOrder: readonly string[] = [
    'id',
    'creator',
    'url',
    'title',
    'projectIds',
    'description',
    'ontologyIds',
    'instructions',
    'examples',
    'customActions',
    'metadata',
    'uiSettings',
    'createdAt',
    'updatedAt',
    'updatedBy',
  ];

  /** Recipe title. */
  get title(): string | null {
    return this.getString('title');
  }

  set title(value: string | null) {
    this.json.title = value;
  }

  /** Project ids. */
  get projectIds(): string[] {
    return this.getStrings('projectIds');
  }

  /** All ontology ids. */
  get ontologyIds(): string[] {
    return this.getStrings('ontologyIds');
  }

  /** The recipe's ontology as the SDK takes it: `ontologyIds[0]`, or null. */
  get ontologyId(): string | null {
    return this.ontologyIds[0] ?? null;
  }

  /**
   * Body of `POST /recipes` (spec §6): `{title, projectIds, ontologyIds, uiSettings}` with the SDK's
   * `uiSettings` defaults.
   */
  static createPayload(
    title: string,
    projectIds: readonly string[],
    ontologyIds: readonly string[],
  ): Record<string, unknown> {
    return {
      title,
      projectIds: [...projectIds],
      ontologyIds: [...ontologyIds],
      uiSettings: { allowObjectIdAutoAssign: true, studioV2App: true },
    };
  }
}
