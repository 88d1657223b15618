// Public exports of src/api: the Dataloop REST client.
export { createClient, type ClientOptions, type DlClient } from './client.js';
export { DlHttp, jwtExpiry, type HttpConfig, type HttpRequest, type HttpResponse, type GetToken } from './http.js';
export * from './errors.js';
export {
  PagedEntities,
  toQuerySpec,
  type PageResponse,
  type QueryBody,
  type FiltersLike,
  type QuerySpec,
  type PagedEntitiesOptions,
} from './paged-entities.js';
export {
  PageCache,
  canonicalJson,
  type CachePolicy,
  type PageCacheOptions,
  type RevalidatedDetail,
  type CachedRead,
  type CachedValue,
  type LoadResult,
} from './cache/page-cache.js';
export { IdbStore, DB_VERSION } from './cache/idb-store.js';
export { MemoryStore } from './cache/memory-store.js';
export { AutoStore } from './cache/auto-store.js';
export {
  DEFAULT_LIMITS,
  isQuotaError,
  type KvStore,
  type CacheRecord,
  type OutboxRecord,
  type CacheLimits,
  type CacheStoreName,
} from './cache/store.js';
export { Outbox, IDEMPOTENCY_HEADER, type OutboxEventDetail, type FlushResult, type OutboxOptions } from './outbox.js';
export { jsonDiff, applyDiff, diffHolds, deepEqual } from './json-diff.js';
export { attach, type EntityFactories } from './bind.js';
export type { CallOptions, ClientContext, Binders } from './context.js';
export { ProjectsRepository } from './repositories/projects.js';
export { DatasetsRepository, type CreateDatasetOptions } from './repositories/datasets.js';
export {
  ItemsRepository,
  defaultItemsQuery,
  type ItemJson,
  type UploadOptions,
  type StreamAs,
} from './repositories/items.js';
export {
  AnnotationsRepository,
  defaultAnnotationsQuery,
  annotationToJson,
  type AnnotationJson,
  type AnnotationStatusValue,
} from './repositories/annotations.js';
export { RecipesRepository } from './repositories/recipes.js';
export { OntologiesRepository, type LabelNode, type AttributeDef } from './repositories/ontologies.js';
export { TasksRepository, workload, type CreateTaskOptions, type TaskJson } from './repositories/tasks.js';
export { AssignmentsRepository, type AssignmentJson } from './repositories/assignments.js';
export {
  CommandsRepository,
  DlCommandError,
  TERMINAL_COMMAND_STATUSES,
  type CommandJson,
  type WaitOptions,
} from './repositories/commands.js';
export type { UploadProgress } from './upload.js';
