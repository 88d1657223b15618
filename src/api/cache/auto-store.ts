import { IdbStore } from './idb-store.js';
import { MemoryStore } from './memory-store.js';
import type { CacheRecord, CacheStoreName, KvStore, OutboxRecord } from './store.js';

/**
 * IndexedDB when it opens, memory otherwise (private windows, blocked storage, Node without a
 * polyfill): decided once, on first use, so `createClient` can stay synchronous.
 */
export class AutoStore implements KvStore {
  private target: Promise<KvStore> | undefined;
  private chosen: KvStore | undefined;
  constructor(readonly name = 'dl-kit') {}

  get kind(): 'indexeddb' | 'memory' {
    return this.chosen?.kind ?? (typeof indexedDB !== 'undefined' ? 'indexeddb' : 'memory');
  }

  /** The store in use once decided. */
  resolve(): Promise<KvStore> {
    this.target ??= (async () => {
      if (typeof indexedDB === 'undefined') return new MemoryStore();
      const idb = new IdbStore(this.name);
      try {
        await idb.db();
        return idb;
      } catch {
        return new MemoryStore();
      }
    })().then((s) => (this.chosen = s));
    return this.target;
  }

  async get(s: CacheStoreName, k: string) {
    return (await this.resolve()).get(s, k);
  }
  async put(s: CacheStoreName, r: CacheRecord) {
    return (await this.resolve()).put(s, r);
  }
  async touch(s: CacheStoreName, k: string, at: number) {
    return (await this.resolve()).touch(s, k, at);
  }
  async delete(s: CacheStoreName, k: string) {
    return (await this.resolve()).delete(s, k);
  }
  async deleteScope(s: CacheStoreName, scope: string) {
    return (await this.resolve()).deleteScope(s, scope);
  }
  async count(s: CacheStoreName) {
    return (await this.resolve()).count(s);
  }
  async evictOldest(s: CacheStoreName, n: number) {
    return (await this.resolve()).evictOldest(s, n);
  }
  async sweep(s: CacheStoreName, before: number) {
    return (await this.resolve()).sweep(s, before);
  }
  async clear(s: CacheStoreName) {
    return (await this.resolve()).clear(s);
  }
  async outboxAdd(r: OutboxRecord) {
    return (await this.resolve()).outboxAdd(r);
  }
  async outboxAll() {
    return (await this.resolve()).outboxAll();
  }
  async outboxPut(r: OutboxRecord) {
    return (await this.resolve()).outboxPut(r);
  }
  async outboxDelete(seq: number) {
    return (await this.resolve()).outboxDelete(seq);
  }
  async idmapGet(c: string) {
    return (await this.resolve()).idmapGet(c);
  }
  async idmapPut(c: string, id: string) {
    return (await this.resolve()).idmapPut(c, id);
  }
  close() {
    this.chosen?.close();
  }
}
