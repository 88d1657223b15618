/** Collections the server keeps. Each holds JSON documents with a 24-hex `id`. */
export type Collection =
  | 'users'
  | 'projects'
  | 'members'
  | 'datasets'
  | 'items'
  | 'annotations'
  | 'recipes'
  | 'ontologies'
  | 'tasks'
  | 'assignments'
  | 'commands';

/** A stored JSON document. */
export type Doc = { id: string; [key: string]: unknown };

/** DQL sort: field -> direction, in priority order. */
export type DqlSort = Record<string, 'ascending' | 'descending'>;

/** The `join` clause of a DQL body (spec §4.1). The key is really spelled `forigen`. */
export interface DqlJoin {
  on: { resource: string; local: string; forigen: string };
  filter?: Record<string, unknown>;
}

/**
 * A compiled-enough query: the DQL parts plus the restrictions the server adds (dataset scope,
 * annotator visibility). The store turns this into its own query language.
 */
export interface QuerySpec {
  filter: Record<string, unknown>;
  sort?: DqlSort;
  page?: number;
  pageSize?: number;
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
export interface QueryResult {
  total: number;
  docs: Doc[];
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
  user: Doc | undefined;
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
  /** A fresh, unused path under `<dataDir>/blobs/tmp/` for an upload in progress (the folder exists). */
  tempPath(): string;
  /** Absolute path of `kind/id` (may not exist). */
  path(kind: 'items' | 'thumbs', id: string): string;
  has(kind: 'items' | 'thumbs', id: string): boolean;
  remove(kind: 'items' | 'thumbs', id: string): void;
}

/**
 * Everything the routes need from storage. One implementation (SQLite) today; a server database
 * could implement the same interface without touching routes.
 */
export interface Store {
  get(c: Collection, id: string): Doc | undefined;
  /** Documents whose indexed fields equal `where` (e.g. `{ datasetId }`), in id order. */
  list(c: Collection, where?: Record<string, string>): Doc[];
  insert(c: Collection, doc: Doc): void;
  /** Replace the whole document (must exist). */
  replace(c: Collection, doc: Doc): void;
  remove(c: Collection, id: string): boolean;
  /** A DQL query, one page. */
  query(c: 'items' | 'annotations' | 'datasets' | 'tasks' | 'assignments', spec: QuerySpec): QueryResult;
  /** Ids of every match of a DQL query (paging ignored). */
  queryIds(c: 'items' | 'annotations' | 'datasets' | 'tasks' | 'assignments', spec: QuerySpec): string[];
  /** RFC 7396 merge-patch every document in `ids` with `patch`. Returns the count changed. */
  mergePatch(c: Collection, ids: string[], patch: Record<string, unknown>): number;
  /** Items (ids) whose `metadata.system.refs` hold `refId`. */
  itemIdsWithRef(refId: string): string[];
  /** Set `annotationsCount`/`annotated` of these items from the annotations table. */
  recountAnnotations(itemIds: string[]): void;
  /** Count annotations per item for the items given (used for progress). */
  countWhere(c: Collection, where: Record<string, string>): number;
  /** The record of `(userId, key)` created at or after `since` (epoch ms), if any. */
  idempotencyGet(userId: string, key: string, since: number): IdempotencyRecord | undefined;
  /** Remember an answer (replaces an older record of the same user and key). */
  idempotencyPut(rec: IdempotencyRecord): void;
  /** Forget every record created before `before` (epoch ms). Returns how many. */
  idempotencyPrune(before: number): number;
  /** The user, their token generation and whether `tokenId` is revoked: one indexed query per request. */
  authLookup(userId: string, tokenId: string): AuthLookup;
  /** Revoke one token until `expiresAt` (epoch seconds); prunes rows of expired tokens. */
  revokeToken(tokenId: string, userId: string, expiresAt: number): void;
  /** The user's current token generation (0 when never revoked). */
  tokenGeneration(userId: string): number;
  /** Revoke every token of a user issued so far (increments the generation). Returns the new generation. */
  revokeAllTokens(userId: string): number;
  /** Run `fn` atomically: everything or nothing is written. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  readonly blobs: BlobStore;
  close(): void;
}
