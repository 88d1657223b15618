import type { IdempotencyRecord, IdempotencyStore } from '../types.js';
import type { SqliteDb } from './db.js';

/** A row of `idempotency_keys`. */
interface Row {
  user_id: string;
  key: string;
  scope: string;
  fingerprint: string;
  status: number;
  body: string;
  etag: string | null;
  created_at: number;
}

/** Remembered answers of `x-idempotency-key` requests, per user and key. */
export function sqliteIdempotencyStore({ prep, run }: SqliteDb): IdempotencyStore {
  return {
    idempotencyGet: (userId, key, since) =>
      run(() => {
        const r = prep('SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ? AND created_at >= ?').get(
          userId,
          key,
          since,
        ) as Row | undefined;
        if (!r) return undefined;
        const rec: IdempotencyRecord = {
          userId: r.user_id,
          key: r.key,
          scope: r.scope,
          fingerprint: r.fingerprint,
          status: r.status,
          body: r.body,
          createdAt: r.created_at,
        };
        if (r.etag !== null) rec.etag = r.etag;
        return rec;
      }),
    idempotencyPut: (rec) =>
      run(() => {
        prep(
          'INSERT OR REPLACE INTO idempotency_keys (user_id, key, scope, fingerprint, status, body, etag, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(rec.userId, rec.key, rec.scope, rec.fingerprint, rec.status, rec.body, rec.etag ?? null, rec.createdAt);
      }),
    idempotencyPrune: (before) =>
      run(() => prep('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes),
  };
}
