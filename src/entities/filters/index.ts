// Public exports of the DQL part of the entity model (spec §4).
export { Filters } from './filters.js';
export { canonicalStringify } from './canonical-key.js';
export type { FiltersOptions, AddFilterOptions, PrepareOptions } from './filters.js';
export { addRecursive, pathExtension, prepareSingleFilter } from './single-filter.js';
export type { SingleFilter } from './single-filter.js';
export {
  defaultFiltersOf,
  defaultPageSizeOf,
  maxPageSizeOf,
  uniqueFieldsOf,
  joinOnOf,
  SAVED_DQL_FILTERS_DIR,
} from './filters-defaults.js';
export type { DqlBody, DqlCondition, DqlFilter, DqlJoin, DqlJoinOn, DqlReferences, BulkOperation } from './types.js';
