import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { HttpError, StoreUnavailableError } from '../../http/errors.js';
import { redactUrl } from '../open.js';
import type { TransactionOptions } from '../types.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

/** An open transaction: its connection and what runs after its commit. */
interface Tx {
  client: pg.PoolClient;
  hooks: (() => void | Promise<void>)[];
}

/** The pool and the helpers every part of the PostgreSQL store shares. */
export interface PgDb {
  readonly pool: pg.Pool;
  /**
   * Run a statement: on the transaction's connection inside {@link PgDb.transaction}, else on any
   * pooled one. Reads outside a transaction are tried once more on a fresh connection when the
   * first one turns out dead (a restarted server, a terminated backend).
   */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string | Prepared,
    params?: unknown[],
    kind?: 'read' | 'write',
  ): Promise<pg.QueryResult<R>>;
  transaction<T>(fn: () => Promise<T>, opts?: TransactionOptions): Promise<T>;
  afterCommit(fn: () => void | Promise<void>): Promise<void>;
  /** True inside {@link PgDb.transaction} (statements then share one connection: run them one at a time). */
  inTransaction(): boolean;
  close(): Promise<void>;
}

/** A statement each connection parses and plans once (`prepared(sql)`). */
export interface Prepared {
  text: string;
  name: string;
}

const preparedNames = new Map<string, Prepared>();
/**
 * Mark a fixed statement (no DQL in it) as prepared: each pooled connection parses and plans it
 * once, then only binds values. The hot paths (get, insert, auth) go through these.
 */
export function prepared(text: string): Prepared {
  let p = preparedNames.get(text);
  if (!p) {
    p = { text, name: `dlkit_${createHash('sha256').update(text).digest('hex').slice(0, 16)}` };
    preparedNames.set(text, p);
  }
  return p;
}

/** Attempts of a transaction that keeps losing serialization conflicts before it gives up (503). */
const MAX_ATTEMPTS = 30;

/** SQLSTATEs and socket errors that mean "the database is not reachable", not "the request is wrong". */
function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  if (/^(08|57P0[123]|53300|3D000)/.test(code)) return true;
  if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|ENOENT)$/.test(code)) return true;
  const msg = typeof err?.message === 'string' ? err.message : '';
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i.test(
    msg,
  );
}

/**
 * Conflicts a transaction may simply run again after: a concurrent write to the same row
 * (40001), a deadlock (40P01), and a unique key another request inserted meanwhile (23505: the
 * rerun sees it and answers accordingly; a few tries only, in case it is not a race).
 */
const isRetryable = (e: unknown, attempt: number) => {
  const code = (e as { code?: unknown })?.code;
  return code === '40001' || code === '40P01' || (code === '23505' && attempt < 4);
};

/**
 * A database error as the answer it deserves: unreachable = 503 (nothing was written), text
 * PostgreSQL cannot store (U+0000) = 400, an over-complex or slow query = 400/503; anything else
 * stays a server error.
 */
export function mapError(e: unknown): unknown {
  if (e instanceof HttpError) return e;
  if (isConnectionError(e)) return new StoreUnavailableError();
  switch ((e as { code?: unknown })?.code) {
    case '22P05':
    case '22021':
      return new HttpError(400, 'text with a NUL character (U+0000) cannot be stored');
    case '54001':
      return new HttpError(400, 'DQL: filter too complex');
    case '2201B':
      return new HttpError(400, 'DQL: $match is not a valid regular expression');
    case '57014':
      return new StoreUnavailableError('the query took too long and was cancelled; nothing was written');
    case '40001':
    case '40P01':
      return new StoreUnavailableError('too many concurrent changes to the same data; nothing was written, retry');
  }
  return e;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pool settings that a `postgres://` URL does not carry. */
const POOL_DEFAULTS = {
  max: 10,
  idleTimeoutMillis: 10_000,
  // A database that does not answer is a 503 within seconds, not a hung request.
  connectionTimeoutMillis: 5_000,
  keepAlive: true,
  application_name: 'dl-kit',
};

/**
 * Open a pool on `url`, check the connection and bring the schema to {@link SCHEMA_VERSION}.
 * Rejects with a message naming the database (password hidden) when it cannot connect.
 */
export async function openPool(url: string): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, ...POOL_DEFAULTS });
  // An idle connection that dies (server restart, pg_terminate_backend) is dropped by the pool;
  // without a listener that event would end the process.
  let lastWarn = 0;
  pool.on('error', (e) => {
    if (Date.now() - lastWarn > 60_000) {
      lastWarn = Date.now();
      console.warn(`[dl-kit server] PostgreSQL connection lost (${e.message}); new connections are made as needed`);
    }
  });
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end().catch(() => {});
    const reason = (e as Error).message || String((e as { code?: string }).code ?? e);
    throw new Error(`PostgreSQL at ${redactUrl(url)}: ${reason}`);
  }

  const als = new AsyncLocalStorage<Tx>();
  const listening = new WeakSet<pg.PoolClient>();

  async function query<R extends pg.QueryResultRow>(
    sql: string | Prepared,
    params: unknown[] = [],
    kind: 'read' | 'write' = 'write',
  ): Promise<pg.QueryResult<R>> {
    const config: pg.QueryConfig = typeof sql === 'string' ? { text: sql, values: params } : { ...sql, values: params };
    const tx = als.getStore();
    if (tx) return tx.client.query<R>(config); // errors go to `transaction`, which decides
    for (let attempt = 1; ; attempt++) {
      const client = await connect();
      try {
        const r = await client.query<R>(config);
        client.release();
        return r;
      } catch (e) {
        client.release(isConnectionError(e) ? (e as Error) : undefined);
        // A read on a connection that turned out dead runs once more on a fresh one.
        if (!(isConnectionError(e) && kind === 'read' && attempt < 2)) throw mapError(e);
      }
    }
  }

  /** A pooled connection; any failure to get one (down, refusing, too many) is a 503. */
  async function connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new StoreUnavailableError();
    }
    // A connection that dies while checked out (between a transaction's statements) emits
    // 'error'; unheard, that would end the process. Its next query fails, and that is answered.
    if (!listening.has(client)) {
      client.on('error', () => {});
      listening.add(client);
    }
    return client;
  }

  async function transaction<T>(fn: () => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (als.getStore()) return fn(); // nested: joins the outer transaction
    // Session advisory locks on the keys, taken before BEGIN (so before the snapshot): transactions
    // that write the same rows queue up instead of failing each other with 40001.
    const keys = [...new Set((opts.serializeOn ?? []).map(lockKey))].sort();
    const lock = keys.length ? `SELECT ${keys.map((k) => `pg_advisory_lock(${k})`).join(', ')}` : '';
    // Pooled connections hold no other session locks: release them all with the transaction's end.
    const unlock = keys.length ? '; SELECT pg_advisory_unlock_all()' : '';
    for (let attempt = 1; ; attempt++) {
      const client = await connect();
      const tx: Tx = { client, hooks: [] };
      let result: T;
      try {
        // Repeatable read (snapshot isolation): one consistent view, and a second writer of the same
        // row fails (40001) and runs again on fresh data. Check-then-insert rules rely on unique
        // keys (23505, retried) or on `serializeOn` locks, taken here before the snapshot.
        if (lock) await client.query(lock);
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        result = await als.run(tx, fn);
        await client.query(`COMMIT${unlock}`);
        client.release();
      } catch (e) {
        if (isConnectionError(e))
          client.release(e as Error); // destroyed, never reused (its locks go with it)
        else {
          try {
            await client.query(`ROLLBACK${unlock}`);
            client.release();
          } catch (e2) {
            client.release(e2 as Error);
          }
        }
        if (isRetryable(e, attempt) && attempt < MAX_ATTEMPTS) {
          // Jittered backoff: writers that collided spread out instead of colliding again.
          await sleep(Math.random() * Math.min(50, 2 * attempt * attempt));
          continue;
        }
        throw mapError(e);
      }
      for (const h of tx.hooks) await h();
      return result;
    }
  }

  return {
    pool,
    query,
    transaction,
    async afterCommit(fn) {
      const tx = als.getStore();
      if (tx) tx.hooks.push(fn);
      else await fn();
    },
    inTransaction: () => als.getStore() !== undefined,
    async close() {
      await pool.end();
    },
  };
}

/** Advisory lock key of the schema migration (any constant; one per application). */
const MIGRATION_LOCK = 7_171_717_001;
/** A signed 64-bit advisory lock key for a string (an integer literal, safe to inline). */
function lockKey(key: string): string {
  return createHash('sha256').update(`dl-kit:${key}`).digest().readBigInt64BE(0).toString();
}

/**
 * Create or upgrade the schema: one server at a time (advisory lock; instances starting together
 * wait for the first), each version in its own transaction recorded in `dlkit_schema`. A database
 * written by a newer server is refused rather than misread.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS dlkit_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM dlkit_schema');
      const current = rows[0]?.v ?? 0;
      if (current > SCHEMA_VERSION)
        throw new Error(
          `the database schema is version ${current}, newer than this server's ${SCHEMA_VERSION}: upgrade the server`,
        );
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        await client.query('BEGIN');
        try {
          for (const sql of m.statements()) await client.query(sql);
          await client.query('INSERT INTO dlkit_schema (version) VALUES ($1)', [m.version]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
