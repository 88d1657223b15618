import type { Binders, ClientContext, OpenJson } from './context.js';
import { ItemsRepository, type ItemJson } from './repositories/items.js';
import { type AnnotationStatusValue, AnnotationsRepository } from './repositories/annotations.js';
import { DatasetsRepository } from './repositories/datasets.js';
import { RecipesRepository } from './repositories/recipes.js';
import { OntologiesRepository } from './repositories/ontologies.js';
import { type TaskJson, TasksRepository } from './repositories/tasks.js';
import { AssignmentsRepository, type AssignmentJson, assignmentDatasetId } from './repositories/assignments.js';
import type { FiltersLike, QueryBody } from './paged-entities.js';

/** Entity constructors the binder uses (the entity layer's `fromJson`s; identity for plain JSON). */
export interface EntityFactories {
  item?: (json: unknown) => unknown;
  dataset?: (json: unknown) => unknown;
  project?: (json: unknown) => unknown;
  annotation?: (json: unknown) => unknown;
  annotationCollection?: (list: unknown[], itemJson?: { id: string }) => unknown;
  task?: (json: unknown) => unknown;
  assignment?: (json: unknown) => unknown;
  recipe?: (json: unknown) => unknown;
  ontology?: (json: unknown) => unknown;
  command?: (json: unknown) => unknown;
}

/**
 * Attaches per-client handles to one entity object as non-enumerable own properties, so
 * `JSON.stringify`/`toJson` never see them and the entity classes' prototypes stay untouched.
 */
export function attach<T extends object>(entity: T, props: Record<string, unknown>): T {
  const own = entity as Record<string, unknown>;
  const keyOrder = Object.keys(own);
  const shadowed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (Object.prototype.propertyIsEnumerable.call(own, k)) shadowed[k] = own[k];
    Object.defineProperty(entity, k, { value: v, enumerable: false, configurable: true, writable: true });
  }
  // A JSON key shadowed by a handle (item `annotations` is also the link URL) still serialises.
  if (Object.keys(shadowed).length && typeof own.toJSON !== 'function' && typeof own.toJson !== 'function') {
    Object.defineProperty(entity, 'toJSON', {
      enumerable: false,
      configurable: true,
      value: () => {
        const out: Record<string, unknown> = {};
        for (const k of keyOrder) if (k in shadowed) out[k] = shadowed[k];
        for (const k of Object.keys(own)) out[k] = own[k];
        for (const k of keyOrder) if (k in shadowed) out[k] = shadowed[k];
        return Object.fromEntries(
          [...keyOrder.filter((k) => k in out), ...Object.keys(out).filter((k) => !keyOrder.includes(k))].map((k) => [
            k,
            out[k],
          ]),
        );
      },
    });
  }
  return entity;
}

const idOf = (e: unknown): string => String((e as { id?: unknown } | null)?.id);

/** Builds the {@link Binders} of one client. */
export function makeBinders(ctx: ClientContext, f: EntityFactories): Binders {
  const make = (fn: ((j: unknown) => unknown) | undefined, json: unknown) => (fn ? fn(json) : json) as object;
  const b: Binders = {
    item(json) {
      const e = make(f.item, json);
      const j = json as { id: string; datasetId?: string };
      // `annotations` is also the link URL key of item JSON: it stays in the entity's JSON; the
      // repository handle shadows it on this instance only.
      return attach(e, {
        annotations: new AnnotationsRepository(ctx, j.datasetId, j.id),
        items: new ItemsRepository(ctx, j.datasetId),
        download: (o?: object) => new ItemsRepository(ctx, j.datasetId).stream(json as ItemJson, o),
        downloadThumbnail: (o?: object) => new ItemsRepository(ctx, j.datasetId).thumbnail(json as ItemJson, o),
        update: (patch: Record<string, unknown>, o?: object) =>
          new ItemsRepository(ctx, j.datasetId).update(j.id, patch, o),
        delete: (o?: object) => new ItemsRepository(ctx, j.datasetId).delete(j.id, o),
      });
    },
    dataset(json) {
      const e = make(f.dataset, json);
      const id = idOf(json);
      const projectId = (json as { projects?: string[] }).projects?.[0];
      return attach(e, {
        items: new ItemsRepository(ctx, id),
        annotations: new AnnotationsRepository(ctx, id),
        recipes: new RecipesRepository(ctx, projectId),
        ontologies: new OntologiesRepository(ctx, projectId),
      });
    },
    project(json) {
      const id = idOf(json);
      return attach(make(f.project, json), {
        datasets: new DatasetsRepository(ctx, id),
        recipes: new RecipesRepository(ctx, id),
        ontologies: new OntologiesRepository(ctx, id),
        tasks: new TasksRepository(ctx, id),
        assignments: new AssignmentsRepository(ctx, undefined, id),
      });
    },
    annotation(json) {
      const j = json as { id: string; datasetId?: string; itemId?: string };
      const repo = new AnnotationsRepository(ctx, j.datasetId, j.itemId);
      const e = make(f.annotation, json);
      return attach(e, {
        annotations: repo,
        updateStatus: (status: AnnotationStatusValue, o?: object) => repo.updateStatus(j.id, status, o),
        delete: (o?: object) => repo.delete(j.id, o),
      });
    },
    annotationCollection(list, itemId) {
      const items = list.map((j) => (f.annotation ? f.annotation(j) : j));
      return f.annotationCollection ? f.annotationCollection(list, { id: itemId }) : items;
    },
    task(json) {
      const j = json as { id: string; datasetId?: string; projectId?: string };
      const tasks = new TasksRepository(ctx, j.projectId);
      return attach(make(f.task, json), {
        tasks,
        assignments: new AssignmentsRepository(ctx, j.id, j.projectId),
        getItems: (filters?: FiltersLike | QueryBody, o?: object) => tasks.getItems(j as TaskJson, filters, o),
        setItemsStatus: (itemIds: string[], status: string, o?: object) =>
          tasks.setItemsStatus(j.id, itemIds, status, { datasetId: j.datasetId, ...o }),
      });
    },
    assignment(json) {
      const j = json as { id: string; metadata?: OpenJson };
      const repo = new AssignmentsRepository(ctx);
      return attach(make(f.assignment, json), {
        assignments: repo,
        getItems: (filters?: FiltersLike | QueryBody, o?: object) => repo.getItems(j as AssignmentJson, filters, o),
        setItemStatus: (itemId: string, status: string, o?: object) =>
          repo.setItemStatus(j.id, itemId, status, { datasetId: assignmentDatasetId(j as AssignmentJson), ...o }),
      });
    },
    recipe: (json) => make(f.recipe, json),
    ontology: (json) => make(f.ontology, json),
    command: (json) => make(f.command, json),
  };
  return b;
}
