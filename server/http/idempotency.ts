import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Store } from '../store/types.js';
import { HttpError } from './errors.js';

/** How long an `x-idempotency-key` is remembered (per user). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest accepted key. */
const MAX_KEY = 255;
/** Prune old keys at most this often. */
const PRUNE_EVERY_MS = 60_000;
const lastPrune = new WeakMap<Store, number>(); // per process: pruning is housekeeping, any instance may do it

/** SHA-256 (hex) of strings, joined unambiguously: the request fingerprint. */
export function fingerprint(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p) : p;
    h.update(`${bytes.length}:`).update(bytes);
  }
  return h.digest('hex');
}

/** Options of {@link idempotent}. */
export interface IdempotentOptions {
  /** What `run` writes that concurrent requests write too (see `TransactionOptions.serializeOn`). */
  serializeOn?: string[];
  /**
   * `run` makes one atomic store call and reads nothing it relies on outside it: without a key it
   * runs as it is, not inside a transaction (with a key it always joins the one that records it).
   */
  atomic?: boolean;
}

/** What an idempotent handler produces. */
export interface IdempotentAnswer {
  status: 200 | 201;
  body: unknown;
  etag?: string;
}

/**
 * Run a create once per `x-idempotency-key` (per user, {@link IDEMPOTENCY_TTL_MS}). Without the
 * header `run` simply runs. With it, the first successful answer is stored in the same
 * transaction as the write; a repeat with the same key, scope and body answers that stored
 * answer again (same ids, same status, `x-idempotent-replayed: true`) and writes nothing. The
 * same key with another scope or body is 422. Failed requests (errors thrown by `run`) store nothing.
 *
 * @example
 * return idempotent(c, store, caller.id, `POST /items/${id}/annotations`, fingerprint(text), () => ({ status: 201, body: json }));
 */
export async function idempotent(
  c: Context,
  store: Store,
  userId: string,
  scope: string,
  print: string,
  run: () => Promise<IdempotentAnswer>,
  opts: IdempotentOptions = {},
): Promise<Response> {
  const { serializeOn = [], atomic = false } = opts;
  const key = c.req.header('x-idempotency-key');
  const send = (status: number, text: string, etag?: string, replayed = false) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (etag) headers.etag = etag;
    if (replayed) headers['x-idempotent-replayed'] = 'true';
    return c.body(text, status as 200, headers);
  };
  if (key === undefined) {
    const a = atomic ? await run() : await store.transaction(run, { serializeOn });
    return send(a.status, JSON.stringify(a.body), a.etag);
  }
  if (!key || key.length > MAX_KEY || !/^[\x21-\x7e]+$/.test(key))
    throw new HttpError(400, `x-idempotency-key: expected 1..${MAX_KEY} visible ASCII characters`);
  const now = Date.now();
  const since = now - IDEMPOTENCY_TTL_MS;
  if (now - (lastPrune.get(store) ?? 0) > PRUNE_EVERY_MS) {
    lastPrune.set(store, now);
    await store.idempotencyPrune(since);
  }
  // The check, the write and the record in one serializable transaction: two requests with the
  // same key (even on two server instances) cannot both write.
  return store.transaction(
    async () => {
      const seen = await store.idempotencyGet(userId, key, since);
      if (seen) {
        if (seen.scope !== scope || seen.fingerprint !== print)
          throw new HttpError(422, 'x-idempotency-key was already used for another request');
        return send(seen.status, seen.body, seen.etag, true);
      }
      const a = await run();
      const text = JSON.stringify(a.body);
      await store.idempotencyPut({
        userId,
        key,
        scope,
        fingerprint: print,
        status: a.status,
        body: text,
        etag: a.etag,
        createdAt: now,
      });
      return send(a.status, text, a.etag);
    },
    { serializeOn: [...serializeOn, `idempotency:${userId}:${key}`] },
  );
}
