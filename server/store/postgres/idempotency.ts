import type { IdempotencyRecord, IdempotencyStore } from '../types.js';
import { type PgDb, prepared } from './db.js';

/** A row of `idempotency_keys`. */
interface Row {
  user_id: string;
  key: string;
  scope: string;
  fingerprint: string;
  status: number;
  body: string;
  etag: string | null;
  created_at: string;
}

/** Remembered answers of `x-idempotency-key` requests, per user and key. */
export function pgIdempotencyStore({ query }: PgDb): IdempotencyStore {
  return {
    async idempotencyGet(userId, key, since) {
      const { rows } = await query<Row>(
        prepared('SELECT * FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at >= $3'),
        [userId, key, since],
        'read',
      );
      const r = rows[0];
      if (!r) return undefined;
      const rec: IdempotencyRecord = {
        userId: r.user_id,
        key: r.key,
        scope: r.scope,
        fingerprint: r.fingerprint,
        status: r.status,
        body: r.body,
        createdAt: Number(r.created_at),
      };
      if (r.etag !== null) rec.etag = r.etag;
      return rec;
    },
    async idempotencyPut(rec) {
      await query(
        prepared(`INSERT INTO idempotency_keys (user_id, key, scope, fingerprint, status, body, etag, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id, key) DO UPDATE SET scope = EXCLUDED.scope, fingerprint = EXCLUDED.fingerprint,
           status = EXCLUDED.status, body = EXCLUDED.body, etag = EXCLUDED.etag, created_at = EXCLUDED.created_at`),
        [rec.userId, rec.key, rec.scope, rec.fingerprint, rec.status, rec.body, rec.etag ?? null, rec.createdAt],
      );
    },
    async idempotencyPrune(before) {
      const r = await query(prepared('DELETE FROM idempotency_keys WHERE created_at < $1'), [before]);
      return r.rowCount ?? 0;
    },
  };
}
