import type { DlHttp } from './http.js';
import type { PageCache, CachePolicy } from './cache/page-cache.js';
import { canonicalJson } from './cache/page-cache.js';
import type { PageResponse, QueryBody } from './paged-entities.js';
import { isUnreachable } from './errors.js';
import { jwtClaims } from './jwt-claims.js';

/** Per-call options every repository method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Cache use for reads. @default the client's default ('swr') */
  cache?: CachePolicy;
}

/** What repositories share inside one client. */
export interface ClientContext {
  http: DlHttp;
  cache: PageCache;
  defaultPolicy: CachePolicy;
  /**
   * Send `If-None-Match` on revalidation. Off in browsers by default: it is not a CORS-safelisted
   * header (the server must allow it), and the browser's HTTP cache already revalidates ETags.
   */
  conditional: boolean;
  /** Binders that attach this client's repositories to entities (set by `createClient`). */
  bind: Binders;
}

/** Entity builders of one client (JSON in, entity carrying its repositories out). */
export interface Binders {
  item(json: unknown): BoundEntity;
  dataset(json: unknown): BoundEntity;
  project(json: unknown): BoundEntity;
  annotation(json: unknown): BoundEntity;
  task(json: unknown): BoundEntity;
  assignment(json: unknown): BoundEntity;
  recipe(json: unknown): BoundEntity;
  ontology(json: unknown): BoundEntity;
  command(json: unknown): BoundEntity;
  /** Builds what `item.annotations.list()` returns (the entity layer's AnnotationCollection once bound). */
  annotationCollection(list: unknown[], itemId: string): BoundEntity;
}

/** Cache scope of everything that belongs to one dataset. */
export const dsScope = (datasetId: string) => `ds:${datasetId}`;

/**
 * `POST /datasets/{id}/query` through the page cache: keyed by the canonical body (page included),
 * revalidated with `If-None-Match` when the server gave an ETag, retried like a read.
 */
export async function queryDataset<J>(
  ctx: ClientContext,
  datasetId: string,
  body: QueryBody,
  opts: CallOptions & { userQuery?: boolean } = {},
): Promise<PageResponse<J>> {
  const key = `q:${datasetId}:${canonicalJson(body)}`;
  const res = await ctx.cache.read<PageResponse<J>>({
    store: 'pages',
    key,
    scope: dsScope(datasetId),
    policy: opts.cache ?? ctx.defaultPolicy,
    isOffline: isUnreachable,
    ...(opts.signal ? { signal: opts.signal } : {}),
    load: async (etag) => {
      const r = await ctx.http.request<PageResponse<J>>({
        method: 'POST',
        path: `/datasets/${encodeURIComponent(datasetId)}/query`,
        json: body,
        idempotent: true,
        signal: opts.signal,
        headers: {
          user_query: String(opts.userQuery ?? true),
          ...(etag && ctx.conditional ? { 'if-none-match': etag } : {}),
        },
      });
      if (r.status === 304) return { notModified: true };
      return { data: r.data, etag: r.headers.get('etag') ?? undefined };
    },
  });
  return res.data;
}

/** GET of one entity through the entity cache. */
export async function getCached<J>(
  ctx: ClientContext,
  key: string,
  scope: string,
  path: string,
  opts: CallOptions = {},
): Promise<J> {
  const res = await ctx.cache.read<J>({
    store: 'entities',
    key,
    scope,
    policy: opts.cache ?? ctx.defaultPolicy,
    isOffline: isUnreachable,
    ...(opts.signal ? { signal: opts.signal } : {}),
    load: async (etag) => {
      const r = await ctx.http.request<J>({
        method: 'GET',
        path,
        signal: opts.signal,
        headers: etag && ctx.conditional ? { 'if-none-match': etag } : undefined,
      });
      if (r.status === 304) return { notModified: true };
      return { data: r.data, etag: r.headers.get('etag') ?? undefined };
    },
  });
  return res.data;
}

/** Reads the `email` claim of the client's JWT (the SDK's current user). */
export async function currentEmail(ctx: ClientContext): Promise<string | undefined> {
  const t = await ctx.http.currentToken();
  const email = jwtClaims(t)?.email;
  return typeof email === 'string' ? email : undefined;
}

/** `path` with each id URL-encoded. */
export const enc = encodeURIComponent;

/**
 * What a client's reads return: by default the entity layer's classes (`Item`, `Dataset`, `Annotation`, ...)
 * carrying this client's repositories (see `bind.ts`); with `createClient({ entities })` overrides, whatever
 * those factories build (plain JSON, say).
 */
// biome-ignore lint/suspicious/noExplicitAny: the type depends on the factories a client is created with, which TypeScript cannot follow through the repository classes; callers narrow it.
export type BoundEntity = any;

/**
 * `metadata` (and `spec`) of platform JSON: open objects whose keys are set by users and by the platform at any
 * depth (`metadata.user.*`, `metadata.system.shebang.linkInfo`), read defensively where they are used.
 */
// biome-ignore lint/suspicious/noExplicitAny: open, user-defined JSON nested at any depth; each reader checks the value it needs.
export type OpenJson = Record<string, any>;
