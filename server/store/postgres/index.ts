import { createBlobStore } from '../blob-store.js';
import type { Store } from '../types.js';
import { openPool } from './db.js';
import { pgDocumentStore } from './documents.js';
import { pgIdempotencyStore } from './idempotency.js';
import { pgQueryStore } from './queries.js';
import { pgRefStore } from './refs.js';
import { pgTokenStore } from './tokens.js';

/**
 * The PostgreSQL store: jsonb documents with generated indexed columns, the `item_refs` table kept
 * by triggers, serializable transactions (retried on conflicts) on a connection pool, and the
 * binaries in `<dataDir>/blobs` (a folder every server instance shares). Several server processes
 * may open the same database at once: nothing that matters lives in one process.
 */
export async function openPostgresStore(url: string, dataDir: string): Promise<Store> {
  const db = await openPool(url);
  return {
    kind: 'postgres',
    ...pgDocumentStore(db),
    ...pgQueryStore(db),
    ...pgRefStore(db),
    ...pgTokenStore(db),
    ...pgIdempotencyStore(db),
    transaction: db.transaction,
    afterCommit: db.afterCommit,
    blobs: createBlobStore(dataDir),
    close: db.close,
  };
}
