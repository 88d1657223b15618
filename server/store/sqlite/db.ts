import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileUserRegex } from '../user-regex.js';
import { migrateSql, schemaSql } from './schema.js';

/** The open database and the helpers every part of the SQLite store shares. */
export interface SqliteDb {
  db: Database.Database;
  /** A cached prepared statement. */
  prep(sql: string): Database.Statement;
  /** Count a write; every 20 000 writes the planner statistics are refreshed off the request path. */
  noteWrite(): void;
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
  return { db, prep, noteWrite };
}

/** Run `fn` in one IMMEDIATE transaction; nested calls join the outer one. */
export function transaction<T>({ db }: SqliteDb, fn: () => T): T {
  if (db.inTransaction) return fn();
  return db.transaction(fn).immediate();
}
