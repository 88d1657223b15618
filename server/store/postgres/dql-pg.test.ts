import { describe, expect, it } from 'vitest';
import { compileFilterPg, compileSortPg, PgParams } from './dql-pg.js';
import { pgFieldMap } from './queries.js';
import { toPostgresRegex } from './regex.js';

const items = pgFieldMap('items', 't');
const compile = (filter: unknown) => {
  const p = new PgParams();
  return { sql: compileFilterPg(filter, items, p), values: p.values };
};

describe('DQL compiled to PostgreSQL', () => {
  it('binds every value as a parameter, never inlines it', () => {
    const { sql, values } = compile({
      $or: [{ name: "x' OR 1=1 --" }, { 'metadata.user.n': { $gte: 3, $lt: 9 } }, { dir: { $in: ['/a', '/b'] } }],
    });
    expect(sql).not.toContain('OR 1=1');
    expect(sql).toContain('t.name = $1');
    expect(values).toEqual(["x' OR 1=1 --", '3', '9', ['/a', '/b']]);
    expect(sql).toContain('jsonb_typeof((t.doc #> \'{"metadata","user","n"}\')) = \'number\'');
  });

  it('answers equality on a document field with containment (the GIN index), and arrays by position', () => {
    const { sql, values } = compile({ 'metadata.user.color': 'red' });
    expect(sql).toBe('t.doc @> $1::jsonb');
    expect(values).toEqual(['{"metadata":{"user":{"color":"red"}}}']);
    const byIndex = compile({ 'metadata.system.list.0': 5 });
    expect(byIndex.sql).toBe(`(t.doc #> '{"metadata","system","list","0"}') = $1::jsonb`);
  });

  it('uses the typed column when the value fits it, the document otherwise', () => {
    expect(compile({ hidden: false }).sql).toBe('t.hidden = $1::boolean');
    expect(compile({ name: 5 })).toEqual({ sql: 't.doc @> $1::jsonb', values: ['{"name":5}'] });
    expect(compile({ name: null }).sql).toBe('t.name IS NULL');
  });

  it('turns wildcards into an index-friendly LIKE prefix and an anchored PostgreSQL regex', () => {
    const { sql, values } = compile({ filename: '/a_b/*.png' });
    expect(sql).toBe('(t.filename LIKE $1 AND t.filename ~ $2)');
    expect(values).toEqual(['/a\\_b/%', '^/a_b/[^/]*\\.png$']);
  });

  it('refs conditions in one object describe one ref', () => {
    const { sql } = compile({ 'metadata.system.refs.id': 'T', 'metadata.system.refs.metadata.status': 'done' });
    expect(sql).toBe(
      'EXISTS (SELECT 1 FROM item_refs r WHERE r.item_id = t.id AND r.ref_id = $1 AND r.ref_status = $2)',
    );
  });

  it('refuses what the SQLite compiler refuses, with the same messages', () => {
    expect(() => compile({ "a') OR 1=1 --": 1 })).toThrow(/unsupported field name/);
    expect(() => compile({ name: { $regex: 'x' } })).toThrow('DQL: unknown operator "$regex" on field "name"');
    expect(() => compile({ name: { $gt: { a: 1 } } })).toThrow(/must be a string, number, boolean or null/);
    expect(() => compile({ name: { $in: 'x' } })).toThrow(/needs an array/);
    expect(() => compile({ $or: Array.from({ length: 30001 }, (_, i) => ({ name: `n${i}` })) })).toThrow(
      /more than 30000 values/,
    );
  });

  it('sorts missing values first ascending and keeps id as the last tie-breaker', () => {
    expect(compileSortPg({ name: 'descending' }, items)).toBe('t.name DESC NULLS LAST, t.id ASC');
    expect(compileSortPg({ id: 'descending' }, items)).toBe('t.id DESC NULLS LAST');
    expect(compileSortPg({ 'metadata.user.n': 'ascending' }, items)).toMatch(/^\(CASE jsonb_typeof/);
  });
});

describe('JavaScript regular expressions in PostgreSQL syntax', () => {
  it.each([
    ['^img_\\d+\\.png$', '^img_\\d+\\.png$'],
    ['\\bcat\\b', '\\ycat\\y'],
    ['a.b', 'a[^\\n\\r\\u2028\\u2029]b'],
    ['[[:alpha:]]', '[\\[:alpha:]\\]'],
    ['\\x41{2}', '\\u0041{2}'],
    ['(?<y>\\d{4})-x', '(\\d{4})-x'],
    ['a{', 'a\\{'],
  ])('%s -> %s', (js, pg) => {
    expect(toPostgresRegex(js)).toBe(pg);
  });

  it('refuses what PostgreSQL cannot match the same way, with a 400', () => {
    expect(() => toPostgresRegex('a{256}')).toThrow(/counted repeat over 255/);
    expect(() => toPostgresRegex('a\\0')).toThrow(/NUL/);
  });
});
