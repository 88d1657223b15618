import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CacheRecord, CacheStoreName, KvStore, OutboxRecord } from './store.js';

interface DlKitDb extends DBSchema {
  pages: { key: string; value: CacheRecord; indexes: { scope: string; accessedAt: number; storedAt: number } };
  entities: { key: string; value: CacheRecord; indexes: { scope: string; accessedAt: number; storedAt: number } };
  blobs: { key: string; value: CacheRecord; indexes: { scope: string; accessedAt: number; storedAt: number } };
  outbox: { key: number; value: OutboxRecord; indexes: { key: string } };
  idmap: { key: string; value: { clientId: string; id: string } };
}

/** Schema version; bump it and add a rung to the ladder in `upgrade` for every change. */
export const DB_VERSION = 2;

/**
 * IndexedDB {@link KvStore} (idb 8). Opens lazily, closes itself when another tab needs to
 * upgrade (`blocking`) and reopens on next use.
 */
export class IdbStore implements KvStore {
  readonly kind = 'indexeddb' as const;
  private dbp: Promise<IDBPDatabase<DlKitDb>> | undefined;

  constructor(
    readonly name = 'dl-kit',
    private readonly factory?: IDBFactory,
  ) {}

  /** Opens the database (the `upgrade` ladder runs here). Rejects where IndexedDB cannot open. */
  db(): Promise<IDBPDatabase<DlKitDb>> {
    if (!this.dbp) {
      const factory = this.factory;
      // idb's openDB uses the global indexedDB; a custom factory (tests) is swapped in for the call.
      const open = () =>
        openDB<DlKitDb>(this.name, DB_VERSION, {
          upgrade(db, oldVersion, _newVersion, tx) {
            if (oldVersion < 1) {
              for (const name of ['pages', 'entities', 'blobs'] as const) {
                const s = db.createObjectStore(name, { keyPath: 'key' });
                s.createIndex('scope', 'scope');
                s.createIndex('accessedAt', 'accessedAt');
              }
            }
            if (oldVersion < 2) {
              for (const name of ['pages', 'entities', 'blobs'] as const)
                tx.objectStore(name).createIndex('storedAt', 'storedAt');
              const o = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
              o.createIndex('key', 'key', { unique: true });
              db.createObjectStore('idmap', { keyPath: 'clientId' });
            }
          },
          blocking: () => {
            // Let another tab's newer version upgrade; we reopen on the next call.
            void this.dbp?.then((d) => d.close());
            this.dbp = undefined;
          },
          terminated: () => {
            this.dbp = undefined;
          },
        });
      if (factory) {
        const g = globalThis as { indexedDB?: IDBFactory };
        const prev = g.indexedDB;
        g.indexedDB = factory;
        try {
          this.dbp = open();
        } finally {
          g.indexedDB = prev;
        }
      } else this.dbp = open();
      this.dbp.catch(() => (this.dbp = undefined));
    }
    return this.dbp;
  }

  async get(store: CacheStoreName, key: string) {
    return (await this.db()).get(store, key);
  }
  async put(store: CacheStoreName, rec: CacheRecord) {
    await (await this.db()).put(store, rec);
  }
  async touch(store: CacheStoreName, key: string, at: number) {
    const tx = (await this.db()).transaction(store, 'readwrite');
    const rec = await tx.store.get(key);
    if (rec) await tx.store.put({ ...rec, accessedAt: at });
    await tx.done;
  }
  async delete(store: CacheStoreName, key: string) {
    await (await this.db()).delete(store, key);
  }
  async deleteScope(store: CacheStoreName, scope: string) {
    const tx = (await this.db()).transaction(store, 'readwrite');
    let n = 0;
    for (let c = await tx.store.index('scope').openKeyCursor(IDBKeyRange.only(scope)); c; c = await c.continue()) {
      await tx.store.delete(c.primaryKey);
      n++;
    }
    await tx.done;
    return n;
  }
  async count(store: CacheStoreName) {
    return (await this.db()).count(store);
  }
  async evictOldest(store: CacheStoreName, n: number) {
    const tx = (await this.db()).transaction(store, 'readwrite');
    let done = 0;
    for (let c = await tx.store.index('accessedAt').openKeyCursor(); c && done < n; c = await c.continue()) {
      await tx.store.delete(c.primaryKey);
      done++;
    }
    await tx.done;
    return done;
  }
  async sweep(store: CacheStoreName, before: number) {
    const tx = (await this.db()).transaction(store, 'readwrite');
    let n = 0;
    for (
      let c = await tx.store.index('storedAt').openKeyCursor(IDBKeyRange.upperBound(before, true));
      c;
      c = await c.continue()
    ) {
      await tx.store.delete(c.primaryKey);
      n++;
    }
    await tx.done;
    return n;
  }
  async clear(store: CacheStoreName) {
    await (await this.db()).clear(store);
  }
  async outboxAdd(rec: OutboxRecord) {
    const r = { ...rec };
    delete r.seq;
    return (await this.db()).add('outbox', r);
  }
  async outboxAll() {
    return (await this.db()).getAll('outbox');
  }
  async outboxPut(rec: OutboxRecord) {
    await (await this.db()).put('outbox', rec);
  }
  async outboxDelete(seq: number) {
    await (await this.db()).delete('outbox', seq);
  }
  async idmapGet(clientId: string) {
    return (await (await this.db()).get('idmap', clientId))?.id;
  }
  async idmapPut(clientId: string, id: string) {
    await (await this.db()).put('idmap', { clientId, id });
  }
  close() {
    void this.dbp?.then((d) => d.close());
    this.dbp = undefined;
  }
}
