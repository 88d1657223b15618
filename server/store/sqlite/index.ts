import { createBlobStore } from '../blob-store.js';
import type { Store } from '../types.js';
import { openDatabase } from './db.js';
import { sqliteDocumentStore } from './documents.js';
import { sqliteIdempotencyStore } from './idempotency.js';
import { sqliteQueryStore } from './queries.js';
import { sqliteRefStore } from './refs.js';
import { sqliteTokenStore } from './tokens.js';

/**
 * The SQLite store: one database file `<dataDir>/dl-kit.sqlite` in WAL mode, JSON documents with
 * generated indexed columns, the `item_refs` side table for task/assignment membership, and
 * binaries on disk by id. Each concern of {@link Store} is its own module here.
 */
export function openSqliteStore(dataDir: string): Store {
  const s = openDatabase(dataDir);
  return {
    ...sqliteDocumentStore(s),
    ...sqliteQueryStore(s),
    ...sqliteRefStore(s),
    ...sqliteTokenStore(s),
    ...sqliteIdempotencyStore(s),
    kind: 'sqlite',
    transaction: s.transaction,
    afterCommit: s.afterCommit,
    blobs: createBlobStore(dataDir),
    async close() {
      if (!s.db.open) return;
      s.db.pragma('optimize');
      s.db.close();
    },
  };
}
