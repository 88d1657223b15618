/** Object stores of the dl-kit client database. */
export type CacheStoreName = 'pages' | 'entities' | 'blobs';

/** One cached value: a query page, an entity JSON, or a Blob (item binary, thumbnail). */
export interface CacheRecord {
  /** Canonical key: resource + scope + canonical filter body (+ page), or `item:{id}`, `stream:{id}`. */
  key: string;
  /** Invalidation scope, e.g. `ds:{datasetId}`; a write in the scope drops every record of it. */
  scope: string;
  value: unknown;
  /** ETag the server sent with it, for `If-None-Match` revalidation. */
  etag?: string;
  storedAt: number;
  accessedAt: number;
}

/** One queued write of the outbox (see `Outbox`). */
export interface OutboxRecord {
  /** Auto-increment order of enqueueing: ops are applied in this order. */
  seq?: number;
  /** Sent as `x-idempotency-key`; also the op's identity across reloads. */
  key: string;
  op: 'create' | 'update' | 'delete';
  itemId: string;
  datasetId?: string;
  /** Server id of the annotation (update/delete); for ops on a not-yet-created annotation, resolved through `clientId`. */
  annotationId?: string;
  /** Client id of the annotation (`metadata.system.clientId`) that creates carry so replays can be detected. */
  clientId?: string;
  /** create: annotation JSON; update: the diff. */
  body?: unknown;
  /** update: the JSON the edit was based on (the "mine" side of a conflict is base + diff). */
  base?: unknown;
  system?: boolean;
  attempts: number;
  /** Set once a send may have reached the server, so a replay checks before re-creating. */
  sent?: boolean;
  createdAt: number;
  /** `conflict`: a 409 waits for {@link Outbox.resolveConflict}; `failed`: the server refused it (400/403...), kept for the user. */
  state: 'pending' | 'conflict' | 'failed';
  /** For a conflict: the server's current JSON. */
  theirs?: unknown;
  lastError?: string;
}

/** Bounds of each store. */
export interface CacheLimits {
  /** Max records per store before least-recently-used eviction. */
  maxEntries: Record<CacheStoreName, number>;
  /** Records older than this are treated as missing and swept. @default 7 days */
  maxAgeMs: number;
}

export const DEFAULT_LIMITS: CacheLimits = {
  maxEntries: { pages: 500, entities: 5000, blobs: 300 },
  maxAgeMs: 7 * 24 * 3600_000,
};

/**
 * Storage behind the page cache and the outbox: IndexedDB in browsers ({@link IdbStore}),
 * a Map where IndexedDB is missing ({@link MemoryStore}). Every method is one self-contained
 * transaction: callers never hold a transaction open across network I/O.
 */
export interface KvStore {
  readonly kind: 'indexeddb' | 'memory';
  get(store: CacheStoreName, key: string): Promise<CacheRecord | undefined>;
  put(store: CacheStoreName, rec: CacheRecord): Promise<void>;
  /** Updates `accessedAt` (LRU) without rewriting the value elsewhere. */
  touch(store: CacheStoreName, key: string, at: number): Promise<void>;
  delete(store: CacheStoreName, key: string): Promise<void>;
  deleteScope(store: CacheStoreName, scope: string): Promise<number>;
  count(store: CacheStoreName): Promise<number>;
  /** Deletes the `n` least recently accessed records. */
  evictOldest(store: CacheStoreName, n: number): Promise<number>;
  /** Deletes records stored before `before`. */
  sweep(store: CacheStoreName, before: number): Promise<number>;
  clear(store: CacheStoreName): Promise<void>;
  outboxAdd(rec: OutboxRecord): Promise<number>;
  outboxAll(): Promise<OutboxRecord[]>;
  outboxPut(rec: OutboxRecord): Promise<void>;
  outboxDelete(seq: number): Promise<void>;
  /** clientId -> server id of annotations created through the outbox. */
  idmapGet(clientId: string): Promise<string | undefined>;
  idmapPut(clientId: string, id: string): Promise<void>;
  close(): void;
}

/** True for the DOMException browsers throw when the origin is out of storage. */
export function isQuotaError(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    ((e as { name?: string }).name === 'QuotaExceededError' || (e as { code?: number }).code === 22)
  );
}
