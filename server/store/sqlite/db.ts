import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TransactionOptions } from '../types.js';
import { compileUserRegex } from '../user-regex.js';
import { migrateSql, schemaSql } from './schema.js';

/** The open database and the helpers every part of the SQLite store shares. */
export interface SqliteDb {
  db: Database.Database;
  /** A cached prepared statement. */
  prep(sql: string): Database.Statement;
  /** Count a write; every 20 000 writes the planner statistics are refreshed off the request path. */
  noteWrite(): void;
  /**
   * Run synchronous statements: at once, unless another request's transaction holds the
   * connection (its `fn` awaits between statements), then after it ends. Every store method goes
   * through here, so nothing from outside a transaction lands inside it.
   */
  run<T>(fn: () => T): Promise<T>;
  /** One transaction at a time over the connection (see {@link transaction}). */
  transaction<T>(fn: () => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /** Queue `fn` after the current transaction's commit (now when none is open). */
  afterCommit(fn: () => void | Promise<void>): Promise<void>;
}

/** An open transaction: who owns the connection, and what runs after its commit. */
interface Tx {
  hooks: (() => void | Promise<void>)[];
}

/**
 * Open `<dataDir>/dl-kit.sqlite` in WAL mode: schema, migrations, the `regexp` functions DQL
 * uses, planner statistics, and a statement cache.
 */
export function openDatabase(dataDir: string): SqliteDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'dl-kit.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const regexCache = new Map<string, RegExp>();
  const regexp = (pattern: unknown, value: unknown) => {
    if (typeof pattern !== 'string' || typeof value !== 'string') return 0;
    let re = regexCache.get(pattern);
    if (!re) {
      re = compileUserRegex(pattern);
      if (regexCache.size > 500) regexCache.clear();
      regexCache.set(pattern, re);
    }
    return re.test(value) ? 1 : 0;
  };
  db.function('regexp', { deterministic: true }, regexp);
  db.function('regexp_raw', { deterministic: true }, regexp);
  db.exec(schemaSql());
  const hasColumn = (table: string, column: string) =>
    (db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === column);
  const migrations = migrateSql(hasColumn);
  if (migrations.length) db.transaction(() => migrations.forEach((m) => db.exec(m)))();
  // Planner statistics: without them SQLite picks the wide default-filter index even for a
  // selective `dir`. analysis_limit keeps ANALYZE cheap on big tables.
  db.pragma('analysis_limit = 2000');
  db.pragma('optimize = 0x10002');
  let writesSinceOptimize = 0;
  const noteWrite = () => {
    if (++writesSinceOptimize < 20_000) return;
    writesSinceOptimize = 0;
    setImmediate(() => {
      if (db.open && !db.inTransaction) db.pragma('optimize');
    });
  };
  const stmtCache = new Map<string, Database.Statement>();
  const prep = (sql: string) => {
    let s = stmtCache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (stmtCache.size > 300) stmtCache.clear();
      stmtCache.set(sql, s);
    }
    return s;
  };
  // The connection is shared by every request. A transaction's `fn` is async, so other requests
  // run between its statements: they wait (in `run`) until it ends, which keeps it serializable.
  // `als` tells the transaction's own statements from the others'. It is enabled only while a
  // transaction is open (`als.run` enables it, the transaction's end disables it): on Node 20 an
  // enabled AsyncLocalStorage hooks every promise of the process, which cost reads that never
  // open a transaction 3-7 % CPU (a 1000-item DQL page, a one-annotation POST; measured with and
  // without it, interleaved, in one process).
  const als = new AsyncLocalStorage<Tx>();
  let owner: Tx | undefined;
  let idle: Promise<void> = Promise.resolve();
  let wake = () => {};
  const run = async <T>(fn: () => T): Promise<T> => {
    while (owner !== undefined && als.getStore() !== owner) await idle;
    return fn();
  };
  const transaction = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (owner !== undefined && als.getStore() === owner) return fn(); // nested: joins
    while (owner !== undefined) await idle;
    const tx: Tx = { hooks: [] };
    owner = tx;
    idle = new Promise((r) => (wake = r));
    let result: T;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        result = await als.run(tx, fn);
        db.exec('COMMIT');
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
    } finally {
      owner = undefined;
      // Before `wake`: the next transaction's `als.run` (after it wakes) enables it again.
      als.disable();
      wake();
    }
    for (const h of tx.hooks) await h();
    return result;
  };
  const afterCommit = async (fn: () => void | Promise<void>) => {
    const tx = als.getStore();
    if (tx !== undefined && tx === owner) tx.hooks.push(fn);
    else await fn();
  };
  return { db, prep, noteWrite, run, transaction, afterCommit };
}

/** Run synchronous `fn` atomically: inside the open transaction, or in its own IMMEDIATE one. */
export function atomic<T>({ db }: SqliteDb, fn: () => T): T {
  if (db.inTransaction) return fn();
  return db.transaction(fn).immediate();
}
