// Per-resource rules of Filters: defaults, unique fields, page sizes, join targets (spec §4.1).
import { AnnotationType, FiltersOperations, FiltersResource } from '../enums.js';
import type { SingleFilter } from './single-filter.js';
import type { DqlJoinOn } from './types.js';

/** Every annotation type except `note`, in enum order: the annotation default `type $in` list. */
export const DEFAULT_ANNOTATION_TYPES: readonly string[] = Object.freeze(
  Object.values(AnnotationType).filter((t) => t !== AnnotationType.NOTE),
);

/** Fields that replace an earlier `$and` condition on the same field (only while defaults are on). */
export function uniqueFieldsOf(resource: string): string[] {
  switch (resource) {
    case FiltersResource.ITEM:
      return ['type', 'hidden'];
    case FiltersResource.SERVICE:
    case FiltersResource.PACKAGE:
      return ['global'];
    case FiltersResource.ANNOTATION:
      return ['type'];
    default:
      return [];
  }
}

/** Default conditions of a resource, in the order the SDK adds them. */
export function defaultFiltersOf(resource: string): SingleFilter[] {
  switch (resource) {
    case FiltersResource.ITEM:
      return [
        { field: 'hidden', values: false },
        { field: 'type', values: 'file' },
      ];
    case FiltersResource.SERVICE:
    case FiltersResource.PACKAGE:
      return [{ field: 'global', values: true, operator: FiltersOperations.NOT_EQUAL }];
    case FiltersResource.ANNOTATION:
      return [{ field: 'type', values: [...DEFAULT_ANNOTATION_TYPES], operator: FiltersOperations.IN }];
    default:
      return [];
  }
}

/** Default page size: 100 for executions, pipelineState and dpks, else 1000. */
export function defaultPageSizeOf(resource: string): number {
  return resource === FiltersResource.EXECUTION ||
    resource === FiltersResource.PIPELINE_EXECUTION ||
    resource === FiltersResource.DPK
    ? 100
    : 1000;
}

/** Largest page size the platform serves: 100 for executions and pipelineState, else 1000. */
export function maxPageSizeOf(resource: string): number {
  return resource === FiltersResource.EXECUTION || resource === FiltersResource.PIPELINE_EXECUTION ? 100 : 1000;
}

/** `join.on` for a resource (items join annotations, annotations join items). */
export function joinOnOf(resource: string): DqlJoinOn {
  return resource === FiltersResource.ITEM
    ? { resource: FiltersResource.ANNOTATION, local: 'itemId', forigen: 'id' }
    : { resource: FiltersResource.ITEM, local: 'id', forigen: 'itemId' };
}

/** Folder of saved DQL filters (JSON items) in a project's binaries dataset. */
export const SAVED_DQL_FILTERS_DIR = '/.dataloop/dqlfilters/items';
