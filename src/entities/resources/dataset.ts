// Dataset (spec §7.2).
import { Entity, type EntitySchema } from './entity.js';

/**
 * A dataset. Its recipe is `metadata.system.recipes[0]` (the SDK uses the first), and the recipe's
 * ontology is `recipe.ontologyIds[0]`.
 */
export class Dataset extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    url: 'string',
    name: 'string',
    creator: 'string',
    projects: 'string[]',
    itemsCount: 'number',
    annotationsCount: 'number',
    metadata: 'object',
    'metadata.system': 'object',
    'metadata.system.recipes': 'string[]',
    expirationOptions: 'object',
    'expirationOptions.itemMaxDays': 'number',
    readableType: 'string',
    accessLevel: 'string',
    driver: 'string',
    readonly: 'boolean',
  };

  /** Platform key order (spec §7.2). */
  static override readonly keyOrder: readonly string[] = [
    'id',
    'url',
    'name',
    'annotated',
    'creator',
    'projects',
    'itemsCount',
    'annotationsCount',
    'metadata',
    'directoryTree',
    'expirationOptions',
    'indexDriver',
    'enableSyncWithCloned',
    'createdAt',
    'updatedAt',
    'updatedBy',
    'items',
    'readableType',
    'accessLevel',
    'driver',
    'srcDataset',
    'readonly',
    'isSyncing',
    'export',
  ];

  /** Dataset name. */
  get name(): string | null {
    return this.getString('name');
  }

  set name(value: string | null) {
    this.json.name = value;
  }

  /** Ids of the projects the dataset belongs to. */
  get projects(): string[] {
    return this.getStrings('projects');
  }

  /** Number of items, or null. */
  get itemsCount(): number | null {
    return this.getNumber('itemsCount');
  }

  /** Number of annotations, or null. */
  get annotationsCount(): number | null {
    return this.getNumber('annotationsCount');
  }

  /** Storage driver id, or null for Dataloop storage. */
  get driver(): string | null {
    return this.getString('driver');
  }

  /** Whether the dataset is read-only. */
  get readonly(): boolean {
    return this.getBoolean('readonly') ?? false;
  }

  /** All recipe ids (`metadata.system.recipes`). */
  get recipeIds(): string[] {
    return this.getStrings('metadata.system.recipes');
  }

  /** The dataset's recipe id: `metadata.system.recipes[0]`, as the SDK takes it; null when none. */
  get recipeId(): string | null {
    return this.recipeIds[0] ?? null;
  }
}
