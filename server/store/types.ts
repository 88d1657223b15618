/**
 * The storage interface the routes use, split by concern. Nothing here knows SQL: the SQLite
 * implementation is `store/sqlite/`, and another database implements the same interfaces (each
 * concern on its own) without touching a route. Methods are synchronous today (better-sqlite3);
 * every call that reads or writes goes through these interfaces, so an asynchronous
 * implementation changes their return types, not their shape.
 */
import type { Collection, Doc, DocOf } from './docs.js';
import type { Paging } from './paging.js';

export type {
  AnnotationDoc,
  AssignmentDoc,
  Collection,
  CommandDoc,
  DatasetDoc,
  Doc,
  DocOf,
  ItemDoc,
  ItemRef,
  MemberDoc,
  OntologyDoc,
  ProjectDoc,
  RecipeDoc,
  TaskDoc,
  UserDoc,
} from './docs.js';
export type { Paging } from './paging.js';

/** DQL sort: field -> direction, in priority order. */
export type DqlSort = Record<string, 'ascending' | 'descending'>;

/** The `join` clause of a DQL body (spec §4.1). The key is really spelled `forigen`. */
export interface DqlJoin {
  on: { resource: string; local: string; forigen: string };
  filter?: Record<string, unknown>;
}

/** Collections a DQL query can read. */
export type QueryCollection = 'items' | 'annotations' | 'datasets' | 'tasks' | 'assignments';

/**
 * A compiled-enough query: the DQL parts plus the restrictions the server adds (dataset scope,
 * annotator visibility). The store turns this into its own query language.
 */
export interface QuerySpec extends Partial<Paging> {
  filter: Record<string, unknown>;
  sort?: DqlSort;
  join?: DqlJoin;
  /** Equality restrictions on indexed fields, e.g. `{ datasetId }`. */
  where?: Record<string, string>;
  /**
   * Annotator visibility: only items (or annotations of items) that carry one of these refs
   * (task/assignment ids) in `metadata.system.refs`. `undefined` = no restriction.
   */
  refIds?: string[];
}

/** One page of a query. */
export interface QueryResult<D extends Doc = Doc> {
  total: number;
  docs: D[];
}

/** One remembered answer of an idempotent request (`x-idempotency-key`). */
export interface IdempotencyRecord {
  userId: string;
  key: string;
  /** What the key was used for (`POST /items/{id}/annotations`): another scope with the same key is refused. */
  scope: string;
  /** Hash of the request body: the same key with another body is refused. */
  fingerprint: string;
  status: number;
  /** The answer's JSON text. */
  body: string;
  /** The answer's ETag, if it had one. */
  etag?: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** What the auth check needs about a token, read in one query. */
export interface AuthLookup {
  /** The user document, if the user exists. */
  user: DocOf['users'] | undefined;
  /** The user's current token generation (0 until "revoke all" was used). */
  generation: number;
  /** True when this token id was signed out. */
  revoked: boolean;
}

/** Files by id (item binaries, thumbnails), never by user file name. */
export interface BlobStore {
  /** Write bytes under `kind/id`. */
  put(kind: 'items' | 'thumbs', id: string, bytes: Uint8Array): void;
  /**
   * Move a finished temp file (from {@link BlobStore.tempPath}) to `kind/id`: one `rename` on the
   * same file system, so readers see the old binary or the whole new one, never a part.
   */
  putFile(kind: 'items' | 'thumbs', id: string, tempPath: string): void;
  /** Copy the binary `kind/fromId` to `kind/toId` (a clone); readers never see a partial copy. */
  copy(kind: 'items' | 'thumbs', fromId: string, toId: string): void;
  /** A fresh, unused path under `<dataDir>/blobs/tmp/` for an upload in progress (the folder exists). */
  tempPath(): string;
  /** Absolute path of `kind/id` (may not exist). */
  path(kind: 'items' | 'thumbs', id: string): string;
  has(kind: 'items' | 'thumbs', id: string): boolean;
  remove(kind: 'items' | 'thumbs', id: string): void;
}

/** Documents by id and by indexed fields. */
export interface DocumentStore {
  get<C extends Collection>(c: C, id: string): DocOf[C] | undefined;
  /** Documents whose indexed fields equal `where` (e.g. `{ datasetId }`), in id order. */
  list<C extends Collection>(c: C, where?: Record<string, string>): DocOf[C][];
  /** How many documents have indexed fields equal to `where`. */
  countWhere(c: Collection, where: Record<string, string>): number;
  insert<C extends Collection>(c: C, doc: DocOf[C]): void;
  /** Replace the whole document (must exist). */
  replace<C extends Collection>(c: C, doc: DocOf[C]): void;
  remove(c: Collection, id: string): boolean;
  /** RFC 7396 merge-patch every document in `ids` with `patch`. Returns the count changed. */
  mergePatch(c: Collection, ids: string[], patch: Record<string, unknown>): number;
}

/** DQL (spec §4–§5) over items, annotations, datasets, tasks and assignments. */
export interface QueryStore {
  /** One page of a DQL query (`spec.page`/`spec.pageSize`, clamped with `clampPaging`). */
  query<C extends QueryCollection>(c: C, spec: QuerySpec): QueryResult<DocOf[C]>;
  /** Ids of every match of a DQL query (paging ignored), in id order. */
  queryIds(c: QueryCollection, spec: QuerySpec): string[];
}

/**
 * Task/assignment membership of items (`metadata.system.refs`, kept in step with the item
 * documents on every write) and the annotation counts items carry.
 */
export interface RefStore {
  /** Items (ids) whose `metadata.system.refs` hold `refId`, in id order. */
  itemIdsWithRef(refId: string): string[];
  /** Set `annotationsCount`/`annotated` of these items from their annotations. */
  recountAnnotations(itemIds: string[]): void;
}

/** Token checks and revocation (sign-out, "revoke all"). */
export interface TokenStore {
  /** The user, their token generation and whether `tokenId` is revoked: one indexed query per request. */
  authLookup(userId: string, tokenId: string): AuthLookup;
  /** Revoke one token until `expiresAt` (epoch seconds); prunes rows of expired tokens. */
  revokeToken(tokenId: string, userId: string, expiresAt: number): void;
  /** The user's current token generation (0 when never revoked). */
  tokenGeneration(userId: string): number;
  /** Revoke every token of a user issued so far (increments the generation). Returns the new generation. */
  revokeAllTokens(userId: string): number;
}

/** Remembered answers of requests sent with `x-idempotency-key`. */
export interface IdempotencyStore {
  /** The record of `(userId, key)` created at or after `since` (epoch ms), if any. */
  idempotencyGet(userId: string, key: string, since: number): IdempotencyRecord | undefined;
  /** Remember an answer (replaces an older record of the same user and key). */
  idempotencyPut(rec: IdempotencyRecord): void;
  /** Forget every record created before `before` (epoch ms). Returns how many. */
  idempotencyPrune(before: number): number;
}

/**
 * Everything the routes need from storage: the concerns above, one transaction scope over all of
 * them, and the binaries.
 */
export interface Store extends DocumentStore, QueryStore, RefStore, TokenStore, IdempotencyStore {
  /** Run `fn` atomically: everything or nothing is written. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  readonly blobs: BlobStore;
  close(): void;
}
