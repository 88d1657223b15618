import { createHash } from 'node:crypto';

/**
 * Test runs on PostgreSQL: the `postgres` Vitest project starts a throwaway cluster and puts its
 * superuser URL in `DLKIT_TEST_POSTGRES`; every server a test starts then gets its own database
 * there. Unset (the `node` project, the browser tests) means SQLite in the data folder.
 */
export function testPostgresUrl(): string | undefined {
  return process.env.DLKIT_TEST_POSTGRES || undefined;
}

/** Database name for a data folder: the same folder always names the same database (restarts find their data). */
function databaseName(dataDir: string): string {
  return `dlkit_t_${createHash('sha256').update(dataDir).digest('hex').slice(0, 20)}`;
}

/** `url` with its path replaced by `/name`. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Run one statement on the cluster's `postgres` database as the superuser. */
async function adminQuery(admin: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Store options for a test server over `dataDir`: `{}` on SQLite; on PostgreSQL
 * `{ database }`, a database named after the folder, created when missing. A server started
 * again on the same folder gets the same database, as SQLite keeps its file in the folder.
 */
export async function testDatabaseFor(dataDir: string): Promise<{ database?: string }> {
  const admin = testPostgresUrl();
  if (!admin) return {};
  const name = databaseName(dataDir);
  try {
    await adminQuery(admin, `CREATE DATABASE ${name}`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e; // 42P04: exists already
  }
  return { database: withDatabase(admin, name) };
}

/** Drop the database of `dataDir` (after its servers closed), when the run is on PostgreSQL. */
export async function dropTestDatabase(dataDir: string): Promise<void> {
  const admin = testPostgresUrl();
  if (!admin) return;
  await adminQuery(admin, `DROP DATABASE IF EXISTS ${databaseName(dataDir)} WITH (FORCE)`);
}
