import { IdbStore } from './idb-store.js';
import { MemoryStore } from './memory-store.js';
import { AutoStore } from './auto-store.js';
import {
  DEFAULT_LIMITS,
  isQuotaError,
  type CacheLimits,
  type CacheRecord,
  type CacheStoreName,
  type KvStore,
} from './store.js';

/**
 * How a read uses the cache.
 * - `swr` (default): a cached value is returned at once and refreshed in the background.
 * - `cache-first`: a cached value is returned without asking the server (binaries: immutable per id
 *   until this client writes, which invalidates them).
 * - `network-first`: ask the server; fall back to the cache only when it is unreachable.
 * - `no-cache`: always the network, the result is still stored.
 */
export type CachePolicy = 'swr' | 'cache-first' | 'network-first' | 'no-cache';

/** Options of {@link PageCache}. */
export interface PageCacheOptions {
  /** A store to use (tests); otherwise IndexedDB `dbName`, or memory where IndexedDB is missing. */
  store?: KvStore;
  /** IndexedDB database name. @default 'dl-kit' */
  dbName?: string;
  limits?: Omit<Partial<CacheLimits>, 'maxEntries'> & { maxEntries?: Partial<CacheLimits['maxEntries']> };
  /** Switch the cache off: every read goes to the network, nothing is stored. */
  disabled?: boolean;
}

/** What a loader returns: the body and its ETag, or `notModified` after an `If-None-Match`. */
export interface LoadResult<T> {
  data?: T;
  etag?: string;
  notModified?: boolean;
}

/** Detail of the `revalidated` event. */
export interface RevalidatedDetail {
  store: CacheStoreName;
  key: string;
  data: unknown;
}

/** One read through the cache. */
export interface CachedRead<T> {
  store: CacheStoreName;
  key: string;
  scope: string;
  policy?: CachePolicy;
  /** Fetches from the network; gets the cached ETag for `If-None-Match`. */
  load: (etag: string | undefined) => Promise<LoadResult<T>>;
  /** Whether an error means "server unreachable" (network-first falls back to the cache). */
  isOffline?: (e: unknown) => boolean;
  /**
   * The caller's signal, the one `load` sends its request with. The background refresh of a
   * `swr` hit uses it too: when the caller aborts, the refresh stops quietly (an abort is no
   * failure, so no `error` event) and the cached record stays as it was; a hit whose signal is
   * aborted already sends no refresh.
   */
  signal?: AbortSignal;
}

/** Where the value came from. */
export interface CachedValue<T> {
  data: T;
  source: 'cache' | 'network';
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a instanceof Blob || b instanceof Blob) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Deterministic JSON (keys sorted) used to build cache keys from filter bodies. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Stale-while-revalidate cache of query pages, entities and binaries over IndexedDB
 * (memory fallback). Emits `revalidated` (a {@link RevalidatedDetail}) when a background
 * refresh brought something new, and `error` when a background refresh failed (not when the
 * caller's `signal` aborted it: see {@link CachedRead.signal}).
 *
 * @example
 * client.cache.addEventListener('revalidated', (e) => rerender((e as CustomEvent).detail));
 */
export class PageCache extends EventTarget {
  readonly store: KvStore;
  readonly limits: CacheLimits;
  readonly disabled: boolean;
  /** Counters for tests and the bench. */
  readonly stats = { hits: 0, misses: 0, revalidations: 0, notModified: 0, evictions: 0, quotaRetries: 0 };
  private readonly inflight = new Set<Promise<unknown>>();
  /** Bumped by every invalidation of a scope, so a response that raced a write is not stored. */
  private readonly generations = new Map<string, number>();
  private globalGeneration = 0;

  constructor(opts: PageCacheOptions = {}) {
    super();
    this.disabled = opts.disabled ?? false;
    this.limits = {
      maxAgeMs: opts.limits?.maxAgeMs ?? DEFAULT_LIMITS.maxAgeMs,
      maxEntries: { ...DEFAULT_LIMITS.maxEntries, ...opts.limits?.maxEntries },
    };
    this.store = opts.store ?? new AutoStore(opts.dbName);
  }

  /** Opens the database; if IndexedDB refuses (private mode, blocked), switches to memory. */
  static async open(opts: PageCacheOptions = {}): Promise<PageCache> {
    const c = new PageCache(opts);
    if (c.store instanceof AutoStore) {
      await c.store.resolve();
    } else if (c.store instanceof IdbStore) {
      try {
        await c.store.db();
      } catch {
        return new PageCache({ ...opts, store: new MemoryStore() });
      }
    }
    return c;
  }

  private gen(scope: string): number {
    return (this.generations.get(scope) ?? 0) + this.globalGeneration * 1e9;
  }

  /** Reads through the cache according to `policy`. */
  async read<T>(r: CachedRead<T>): Promise<CachedValue<T>> {
    if (this.disabled) return { data: (await r.load(undefined)).data as T, source: 'network' };
    const policy = r.policy ?? 'swr';
    const rec = policy === 'no-cache' ? undefined : await this.lookup(r.store, r.key);
    if (rec && (policy === 'swr' || policy === 'cache-first')) {
      this.stats.hits++;
      void this.store.touch(r.store, r.key, Date.now()).catch(() => undefined);
      if (policy === 'swr' && !r.signal?.aborted) this.track(this.revalidate(r, rec));
      return { data: rec.value as T, source: 'cache' };
    }
    const g = this.gen(r.scope);
    try {
      const res = await r.load(rec?.etag);
      if (res.notModified && rec) return { data: rec.value as T, source: 'cache' };
      this.stats.misses++;
      // Stored in a later task: the caller gets the data as soon as the network gave it, and the
      // structured clone of a 1000-entity page does not run before the caller's continuation.
      this.track(
        new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
          this.save(r.store, r.key, r.scope, res.data, res.etag, g),
        ),
      );
      return { data: res.data as T, source: 'network' };
    } catch (e) {
      if (policy === 'network-first' && rec && r.isOffline?.(e)) return { data: rec.value as T, source: 'cache' };
      throw e;
    }
  }

  private async lookup(store: CacheStoreName, key: string): Promise<CacheRecord | undefined> {
    let rec: CacheRecord | undefined;
    try {
      rec = await this.store.get(store, key);
    } catch {
      return undefined;
    }
    if (rec && rec.storedAt < Date.now() - this.limits.maxAgeMs) {
      void this.store.delete(store, key).catch(() => undefined);
      return undefined;
    }
    return rec;
  }

  private async revalidate<T>(r: CachedRead<T>, rec: CacheRecord): Promise<void> {
    const g = this.gen(r.scope);
    try {
      const res = await r.load(rec.etag);
      this.stats.revalidations++;
      if (res.notModified) {
        this.stats.notModified++;
        return;
      }
      if (sameJson(res.data, rec.value)) return;
      if (await this.save(r.store, r.key, r.scope, res.data, res.etag, g)) {
        this.dispatchEvent(
          new CustomEvent<RevalidatedDetail>('revalidated', { detail: { store: r.store, key: r.key, data: res.data } }),
        );
      }
    } catch (error) {
      // The caller gave up on this read: not a failure of the refresh (nothing was stored).
      if (r.signal?.aborted) return;
      this.dispatchEvent(new CustomEvent('error', { detail: { key: r.key, error } }));
    }
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Resolves when every background revalidation started so far has finished. */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Stores a value (unless its scope was invalidated since `generation`), evicting by age/count,
   * and on `QuotaExceededError` evicts a quarter of the store and retries once.
   * @returns whether it was stored.
   */
  async save(
    store: CacheStoreName,
    key: string,
    scope: string,
    value: unknown,
    etag?: string,
    generation?: number,
  ): Promise<boolean> {
    if (this.disabled) return false;
    if (generation !== undefined && generation !== this.gen(scope)) return false;
    const now = Date.now();
    const rec: CacheRecord = { key, scope, value, storedAt: now, accessedAt: now, ...(etag ? { etag } : {}) };
    try {
      await this.store.put(store, rec);
    } catch (e) {
      if (!isQuotaError(e)) return false;
      this.stats.quotaRetries++;
      const n = await this.store.count(store).catch(() => 0);
      this.stats.evictions += await this.store.evictOldest(store, Math.max(1, Math.ceil(n / 4))).catch(() => 0);
      try {
        await this.store.put(store, rec);
      } catch {
        return false; // a cache that cannot grow is still a working client
      }
    }
    await this.enforceBounds(store);
    return true;
  }

  /** Drops expired records, then the least recently used beyond `maxEntries`. */
  async enforceBounds(store: CacheStoreName): Promise<void> {
    try {
      this.stats.evictions += await this.store.sweep(store, Date.now() - this.limits.maxAgeMs);
      const over = (await this.store.count(store)) - this.limits.maxEntries[store];
      if (over > 0) this.stats.evictions += await this.store.evictOldest(store, over);
    } catch {
      /* bounds are best effort */
    }
  }

  /** Forgets everything in a scope (pages, entities, blobs), e.g. after a write to a dataset. */
  async invalidateScope(scope: string): Promise<void> {
    this.generations.set(scope, (this.generations.get(scope) ?? 0) + 1);
    await Promise.all(
      (['pages', 'entities', 'blobs'] as const).map((s) => this.store.deleteScope(s, scope).catch(() => 0)),
    );
  }

  /** Forgets one key. */
  async invalidateKey(store: CacheStoreName, key: string): Promise<void> {
    await this.store.delete(store, key).catch(() => undefined);
  }

  /** Empties the cache (the outbox is kept). */
  async clear(): Promise<void> {
    this.globalGeneration++;
    await Promise.all((['pages', 'entities', 'blobs'] as const).map((s) => this.store.clear(s)));
  }
}
