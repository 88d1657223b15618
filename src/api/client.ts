import { DlHttp, type GetToken } from './http.js';
import type { RetryOptions } from 'ky';
import { PageCache, type CachePolicy, type PageCacheOptions } from './cache/page-cache.js';
import type { ClientContext } from './context.js';
import { makeBinders, type EntityFactories } from './bind.js';
import { ProjectsRepository } from './repositories/projects.js';
import { DatasetsRepository } from './repositories/datasets.js';
import { ItemsRepository } from './repositories/items.js';
import { AnnotationsRepository } from './repositories/annotations.js';
import { RecipesRepository } from './repositories/recipes.js';
import { OntologiesRepository } from './repositories/ontologies.js';
import { TasksRepository } from './repositories/tasks.js';
import { AssignmentsRepository } from './repositories/assignments.js';
import { CommandsRepository } from './repositories/commands.js';
import { Outbox, type OutboxOptions } from './outbox.js';
import { DlError } from '../entities/errors.js';
import { defaultFactories } from './factories.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** API base URL, e.g. `http://127.0.0.1:4000/api/v1` or `https://gate.dataloop.ai/api/v1`. */
  baseUrl: string;
  /** A fixed bearer JWT. */
  token?: string;
  /** Token provider; called again once when a request gets 401, then the request is retried. */
  getToken?: GetToken;
  /** Custom fetch. */
  fetch?: typeof fetch;
  /**
   * Page/entity/binary cache: options, a ready {@link PageCache}, or `false` to switch it off.
   * @default IndexedDB database `dl-kit` (memory where IndexedDB is missing)
   */
  cache?: PageCacheOptions | PageCache | false;
  /** Default cache policy of reads. @default 'swr' */
  cachePolicy?: CachePolicy;
  /** Per-attempt timeout in ms. @default 30000 */
  timeout?: number;
  /** Retries of idempotent calls and query POSTs. @default 2 */
  retry?: number | RetryOptions;
  /** Send `If-None-Match` when revalidating cached entities. @default true outside browsers */
  conditionalRequests?: boolean;
  /** Outbox behaviour. */
  outbox?: OutboxOptions;
  /** Entity constructors (defaults: the entity layer's classes where available, else plain JSON). */
  entities?: EntityFactories;
}

/** A dl-kit API client: repositories mirroring dtlpy, the page cache and the outbox. */
export interface DlClient {
  readonly http: DlHttp;
  readonly cache: PageCache;
  readonly outbox: Outbox;
  readonly projects: ProjectsRepository;
  readonly datasets: DatasetsRepository;
  /** Items by id (`client.items.get(id)`); for queries use `dataset.items`. */
  readonly items: ItemsRepository;
  readonly annotations: AnnotationsRepository;
  readonly recipes: RecipesRepository;
  readonly ontologies: OntologiesRepository;
  readonly tasks: TasksRepository;
  readonly assignments: AssignmentsRepository;
  readonly commands: CommandsRepository;
  /** Repositories scoped to one dataset without fetching it. */
  dataset(datasetId: string): { items: ItemsRepository; annotations: AnnotationsRepository };
  /** Stops the outbox timers and closes the database. */
  close(): void;
}

/**
 * Creates a client for the Dataloop REST API (or the local dl-kit server).
 *
 * @example
 * const client = createClient({ baseUrl: 'http://127.0.0.1:4000/api/v1', getToken: () => login() });
 * const dataset = await client.datasets.get(datasetId);
 * const pages = await dataset.items.list();
 * for await (const item of pages.all()) {
 *   const annotations = await item.annotations.list();
 * }
 */
export function createClient(opts: ClientOptions): DlClient {
  if (!opts.baseUrl) throw new DlError('createClient: baseUrl is required');
  if (!opts.token && !opts.getToken) throw new DlError('createClient: give a token or a getToken function');
  const http = new DlHttp({
    baseUrl: opts.baseUrl,
    token: opts.token,
    getToken: opts.getToken,
    fetch: opts.fetch,
    timeout: opts.timeout,
    retry: opts.retry,
  });
  const cache =
    opts.cache instanceof PageCache
      ? opts.cache
      : new PageCache(opts.cache === false ? { disabled: true } : (opts.cache ?? {}));
  const ctx = {
    http,
    cache,
    defaultPolicy: opts.cachePolicy ?? 'swr',
    conditional: opts.conditionalRequests ?? typeof window === 'undefined',
  } as ClientContext;
  ctx.bind = makeBinders(ctx, { ...defaultFactories(), ...opts.entities });
  const outbox = new Outbox(ctx, cache.store, opts.outbox, (cache.store as { name?: string }).name ?? 'dl-kit');
  return {
    http,
    cache,
    outbox,
    projects: new ProjectsRepository(ctx),
    datasets: new DatasetsRepository(ctx),
    items: new ItemsRepository(ctx),
    annotations: new AnnotationsRepository(ctx),
    recipes: new RecipesRepository(ctx),
    ontologies: new OntologiesRepository(ctx),
    tasks: new TasksRepository(ctx),
    assignments: new AssignmentsRepository(ctx),
    commands: new CommandsRepository(ctx),
    dataset: (datasetId) => ({
      items: new ItemsRepository(ctx, datasetId),
      annotations: new AnnotationsRepository(ctx, datasetId),
    }),
    close() {
      outbox.dispose();
      cache.store.close();
    },
  };
}
