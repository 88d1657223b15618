import type { EntityFactories } from './bind.js';
import { Item, Dataset, Project, Task, Assignment, Command } from '../entities/resources/index.js';
import { Recipe, Ontology } from '../entities/ontology/index.js';
import { Annotation, AnnotationCollection } from '../entities/annotations/index.js';

/**
 * The entity layer's classes, used by default: client reads return `Item`, `Dataset`,
 * `Annotation`, ... instances (each also carrying this client's repositories, see `bind.ts`).
 * Pass `entities: {}`-style overrides to `createClient` to get something else (e.g. plain JSON:
 * `{ item: (j) => j }`).
 */
export function defaultFactories(): EntityFactories {
  return {
    item: (j) => Item.fromJson(j),
    dataset: (j) => Dataset.fromJson(j),
    project: (j) => Project.fromJson(j),
    task: (j) => Task.fromJson(j),
    assignment: (j) => Assignment.fromJson(j),
    command: (j) => Command.fromJson(j),
    recipe: (j) => Recipe.fromJson(j),
    ontology: (j) => Ontology.fromJson(j),
    annotation: (j) => Annotation.fromJson(j),
    annotationCollection: (list, item) => AnnotationCollection.fromJson(list, { item }),
  };
}
