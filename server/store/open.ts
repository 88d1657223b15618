import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

/** What a `database` option may name: PostgreSQL connection URLs. */
const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Open the store a server runs on: SQLite in `dataDir` when `database` is omitted, PostgreSQL
 * for a `postgres://` URL (binaries stay in `dataDir/blobs`). The PostgreSQL client is loaded only
 * then. Rejects with a message that names the problem when the database cannot be reached.
 */
export async function openStore(dataDir: string, database?: string): Promise<Store> {
  if (database === undefined || database === '') return openSqliteStore(dataDir);
  if (!POSTGRES_URL.test(database))
    throw new Error(`database: expected a postgres://user@host:port/name URL, got "${redactUrl(database)}"`);
  const { openPostgresStore } = await import('./postgres/index.js');
  return openPostgresStore(database, dataDir);
}

/** A connection URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
