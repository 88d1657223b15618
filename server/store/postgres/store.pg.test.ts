// The PostgreSQL store on the run's cluster: versioned migrations (concurrent starts, a newer
// schema refused), the JavaScript-to-PostgreSQL regex translation checked against both engines,
// and text PostgreSQL cannot hold refused as a 400.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.js';
import type { CommandDoc } from '../docs.js';
import { dropTestDatabase, testDatabaseFor } from '../../testing.js';
import { openPostgresStore } from './index.js';
import { toPostgresRegex } from './regex.js';
import { SCHEMA_VERSION } from './schema.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) {
    rmSync(d, { recursive: true, force: true });
    await dropTestDatabase(d);
  }
});
async function freshDatabase(): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dlkit-pgstore-'));
  dirs.push(dir);
  return { url: (await testDatabaseFor(dir)).database!, dir };
}
async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

describe('schema migrations', () => {
  it('a new database gets the schema once, even when several servers start on it at once', async () => {
    const { url, dir } = await freshDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url, dir)));
    await Promise.all(stores.map((s) => s.close()));
    const again = await openPostgresStore(url, dir);
    await again.close();
    const versions = await sql<{ version: number }>(url, 'SELECT version FROM dlkit_schema ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('a database written by a newer server is refused, not misread', async () => {
    const { url, dir } = await freshDatabase();
    await (await openPostgresStore(url, dir)).close();
    await sql(url, 'INSERT INTO dlkit_schema (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
    await expect(openPostgresStore(url, dir)).rejects.toThrow(
      `the database schema is version ${SCHEMA_VERSION + 1}, newer than this server's ${SCHEMA_VERSION}`,
    );
  });
});

describe('documents', () => {
  it('text with U+0000 (which PostgreSQL cannot store) is a 400, and nothing is written', async () => {
    const { url, dir } = await freshDatabase();
    const s = await openPostgresStore(url, dir);
    try {
      const err = await s.insert('users', { id: 'u1', email: 'a\u0000b@x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(400);
      expect(await s.get('users', 'u1')).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('merge patch follows RFC 7396 (objects merge, null removes, arrays replace)', async () => {
    const { url, dir } = await freshDatabase();
    const s = await openPostgresStore(url, dir);
    try {
      await s.insert('commands', { id: 'c1', a: { b: 1, c: [1, 2], d: 'x' }, e: 1 } as unknown as CommandDoc);
      expect(await s.mergePatch('commands', ['c1', 'nope'], { a: { b: null, c: [3], f: { g: true } }, e: null })).toBe(
        1,
      );
      expect(await s.get('commands', 'c1')).toEqual({ id: 'c1', a: { c: [3], d: 'x', f: { g: true } } });
    } finally {
      await s.close();
    }
  });
});

describe('JavaScript regular expressions on PostgreSQL', () => {
  const patterns = [
    '^a.b$',
    '\\bfoo\\b',
    '\\Bo',
    '[.]x',
    '[\\[]',
    '[a-c]+',
    '[^a-c]',
    '[\\d-z]',
    'a{2,3}',
    'a{',
    'x}',
    ']',
    '\\x41',
    '\\u00e9',
    '[]',
    '[^]',
    '(?:ab)+',
    '(?<n>a)b',
    '^\\w+\\.png$',
    '\\q',
    '[\\b]',
    '\\cJ',
    'a|b',
    '^[Rr]e',
    '[:alpha:]',
    '[[:alpha:]]',
    '\\/',
    'a*?b',
    '[\\]]',
    '[-a]',
    '[a-]',
    '[\\^]',
    '\\$',
    '^$',
    '[\\w.-]+$',
    '\\s\\S',
    '[^\\D]',
    'é+',
  ];
  const strings = [
    'a\nb',
    'axb',
    'foo bar',
    'x.x',
    '[',
    'abc',
    'd',
    '-',
    'z',
    '5',
    'aa',
    'aaaa',
    'a{',
    'x}',
    ']',
    'A',
    'é',
    'éé',
    '',
    'ab',
    'q',
    '\b',
    '\n',
    'b',
    'Red',
    're',
    ':',
    'img_1.png',
    '/',
    'aab',
    '^',
    '$',
    'a.b-c',
    ' x',
    'boo',
  ];
  it('match what they match in JavaScript', async () => {
    const { url } = await freshDatabase();
    const rows = await sql<{ p: number; s: number; m: boolean }>(
      url,
      'SELECT p.i AS p, s.i AS s, s.v ~ p.v AS m FROM unnest($1::text[]) WITH ORDINALITY p(v, i), unnest($2::text[]) WITH ORDINALITY s(v, i)',
      [patterns.map((p) => toPostgresRegex(p)), strings],
    );
    const wrong = rows
      .filter((r) => r.m !== new RegExp(patterns[r.p - 1]!).test(strings[r.s - 1]!))
      .map((r) => `${patterns[r.p - 1]} on ${JSON.stringify(strings[r.s - 1])}`);
    expect(rows).toHaveLength(patterns.length * strings.length);
    expect(wrong).toEqual([]);
  });
});
