import type { CacheRecord, CacheStoreName, KvStore, OutboxRecord } from './store.js';

/** In-memory {@link KvStore}: used where IndexedDB is unavailable. Nothing survives a reload. */
export class MemoryStore implements KvStore {
  readonly kind = 'memory' as const;
  private readonly stores: Record<CacheStoreName, Map<string, CacheRecord>> = {
    pages: new Map(),
    entities: new Map(),
    blobs: new Map(),
  };
  private readonly outbox = new Map<number, OutboxRecord>();
  private readonly idmap = new Map<string, string>();
  private seq = 0;

  async get(store: CacheStoreName, key: string) {
    return this.stores[store].get(key);
  }
  async put(store: CacheStoreName, rec: CacheRecord) {
    this.stores[store].set(rec.key, rec);
  }
  async touch(store: CacheStoreName, key: string, at: number) {
    const r = this.stores[store].get(key);
    if (r) r.accessedAt = at;
  }
  async delete(store: CacheStoreName, key: string) {
    this.stores[store].delete(key);
  }
  async deleteScope(store: CacheStoreName, scope: string) {
    let n = 0;
    for (const [k, r] of this.stores[store])
      if (r.scope === scope) {
        this.stores[store].delete(k);
        n++;
      }
    return n;
  }
  async count(store: CacheStoreName) {
    return this.stores[store].size;
  }
  async evictOldest(store: CacheStoreName, n: number) {
    const sorted = [...this.stores[store].values()].sort((a, b) => a.accessedAt - b.accessedAt).slice(0, n);
    for (const r of sorted) this.stores[store].delete(r.key);
    return sorted.length;
  }
  async sweep(store: CacheStoreName, before: number) {
    let n = 0;
    for (const [k, r] of this.stores[store])
      if (r.storedAt < before) {
        this.stores[store].delete(k);
        n++;
      }
    return n;
  }
  async clear(store: CacheStoreName) {
    this.stores[store].clear();
  }
  async outboxAdd(rec: OutboxRecord) {
    const seq = ++this.seq;
    this.outbox.set(seq, { ...rec, seq });
    return seq;
  }
  async outboxAll() {
    return [...this.outbox.values()].sort((a, b) => a.seq! - b.seq!).map((r) => ({ ...r }));
  }
  async outboxPut(rec: OutboxRecord) {
    this.outbox.set(rec.seq!, { ...rec });
  }
  async outboxDelete(seq: number) {
    this.outbox.delete(seq);
  }
  async idmapGet(clientId: string) {
    return this.idmap.get(clientId);
  }
  async idmapPut(clientId: string, id: string) {
    this.idmap.set(clientId, id);
  }
  close() {}
}
