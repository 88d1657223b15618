/**
 * The storage interface the routes use, split by concern. Nothing here knows SQL: the two
 * implementations are `store/sqlite/` (embedded, the default) and `store/postgres/` (several
 * stateless server instances on one database). Every method is asynchronous, because a network
 * database is; SQLite answers at once but keeps the same shape.
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
  /**
   * Make `kind/id` once, even when several server processes share the folder and ask at the
   * same moment: the first caller runs `make` and stores its bytes (`undefined` stores nothing);
   * the others wait for that and answer the stored bytes. An existing blob is answered as is.
   */
  makeOnce(
    kind: 'items' | 'thumbs',
    id: string,
    make: () => Promise<Uint8Array | undefined>,
  ): Promise<Uint8Array | undefined>;
}

/** Documents by id and by indexed fields. */
export interface DocumentStore {
  get<C extends Collection>(c: C, id: string): Promise<DocOf[C] | undefined>;
  /** Documents whose indexed fields equal `where` (e.g. `{ datasetId }`), in id order. */
  list<C extends Collection>(c: C, where?: Record<string, string>): Promise<DocOf[C][]>;
  /** How many documents have indexed fields equal to `where`. */
  countWhere(c: Collection, where: Record<string, string>): Promise<number>;
  insert<C extends Collection>(c: C, doc: DocOf[C]): Promise<void>;
  /** Insert many documents at once (one statement where the database allows). */
  insertMany<C extends Collection>(c: C, docs: DocOf[C][]): Promise<void>;
  /** Replace the whole document (must exist). */
  replace<C extends Collection>(c: C, doc: DocOf[C]): Promise<void>;
  remove(c: Collection, id: string): Promise<boolean>;
  /** RFC 7396 merge-patch every document in `ids` with `patch`. Returns the count changed. */
  mergePatch(c: Collection, ids: string[], patch: Record<string, unknown>): Promise<number>;
}

/** DQL (spec §4–§5) over items, annotations, datasets, tasks and assignments. */
export interface QueryStore {
  /** One page of a DQL query (`spec.page`/`spec.pageSize`, clamped with `clampPaging`). */
  query<C extends QueryCollection>(c: C, spec: QuerySpec): Promise<QueryResult<DocOf[C]>>;
  /** Ids of every match of a DQL query (paging ignored), in id order. */
  queryIds(c: QueryCollection, spec: QuerySpec): Promise<string[]>;
}

/**
 * Task/assignment membership of items (`metadata.system.refs`, kept in step with the item
 * documents on every write) and the annotation counts items carry.
 */
export interface RefStore {
  /** Items (ids) whose `metadata.system.refs` hold `refId`, in id order. */
  itemIdsWithRef(refId: string): Promise<string[]>;
  /**
   * How many items carry a ref to `refId` and, per status, how many of those refs have a
   * (non-empty string) `metadata.status`.
   */
  refStatusCounts(refId: string): Promise<{ total: number; byStatus: Record<string, number> }>;
  /** Set `annotationsCount`/`annotated` of these items from their annotations. */
  recountAnnotations(itemIds: string[]): Promise<void>;
  /**
   * Create annotations of one item in one transaction (joining an open one): read the item's
   * dataset and hand it to `check` (which throws to refuse, e.g. a read-only dataset), insert
   * `docs`, recount the item. SQLite does it all in one synchronous step: no await, no
   * transaction scope to switch on between the rows.
   */
  insertAnnotationBatch(
    item: { id: string; datasetId: string },
    docs: DocOf['annotations'][],
    check?: (dataset: DocOf['datasets'] | undefined) => void,
  ): Promise<void>;
}

/** Token checks and revocation (sign-out, "revoke all"). */
export interface TokenStore {
  /** The user, their token generation and whether `tokenId` is revoked: one indexed query per request. */
  authLookup(userId: string, tokenId: string): Promise<AuthLookup>;
  /** Revoke one token until `expiresAt` (epoch seconds); prunes rows of expired tokens. */
  revokeToken(tokenId: string, userId: string, expiresAt: number): Promise<void>;
  /** The user's current token generation (0 when never revoked). */
  tokenGeneration(userId: string): Promise<number>;
  /** Revoke every token of a user issued so far (increments the generation). Returns the new generation. */
  revokeAllTokens(userId: string): Promise<number>;
}

/** Remembered answers of requests sent with `x-idempotency-key`. */
export interface IdempotencyStore {
  /** The record of `(userId, key)` created at or after `since` (epoch ms), if any. */
  idempotencyGet(userId: string, key: string, since: number): Promise<IdempotencyRecord | undefined>;
  /** Remember an answer (replaces an older record of the same user and key). */
  idempotencyPut(rec: IdempotencyRecord): Promise<void>;
  /** Forget every record created before `before` (epoch ms). Returns how many. */
  idempotencyPrune(before: number): Promise<number>;
}

/** Hints for {@link Store.transaction}. */
export interface TransactionOptions {
  /**
   * Keys of what the transaction writes that concurrent requests write too (`item:<id>`): a
   * store may make transactions that share a key take turns instead of conflicting and retrying
   * (PostgreSQL: advisory locks before the snapshot). Only a hint; ignored when nested.
   */
  serializeOn?: string[];
}

/**
 * Everything the routes need from storage: the concerns above, one transaction scope over all of
 * them, and the binaries.
 */
export interface Store extends DocumentStore, QueryStore, RefStore, TokenStore, IdempotencyStore {
  /** `sqlite` or `postgres`: for logs and the health answer, never for branching in routes. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Run `fn` atomically and isolated: everything or nothing is written, `fn` reads one
   * consistent state, and two transactions never both change the same document (SQLite runs
   * one at a time; PostgreSQL runs them concurrently at snapshot isolation and reruns the loser
   * of a conflict). Every store call made while `fn` runs (in its async context) belongs to the
   * transaction; nested calls join the outer one. Because `fn` may run again, it must only change
   * the database: side effects outside it go in {@link Store.afterCommit}. A rule that checks
   * for the absence of something and then writes (a unique name) names it in `serializeOn`.
   */
  transaction<T>(fn: () => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * Run `fn` once the current transaction has committed (right away outside one; the promise
   * then settles with it); dropped when it rolls back. Inside a transaction the promise resolves
   * at once, and `transaction` resolves only after the hooks ran (a failing hook fails it, the
   * data stays committed). For what must follow durable data: moving a binary into place,
   * removing the files of deleted items.
   */
  afterCommit(fn: () => void | Promise<void>): Promise<void>;
  readonly blobs: BlobStore;
  close(): Promise<void>;
}
