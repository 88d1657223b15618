import { describe, expect, it } from 'vitest';
import { compileFilter, compileSort, jsonPath, wildcardToRegex } from './dql-sql.js';

describe('dql-sql', () => {
  it('builds SQLite JSON paths, quoting keys that are not identifiers', () => {
    expect(jsonPath('metadata.user.a')).toBe('$.metadata.user.a');
    expect(jsonPath('metadata.user.a-b')).toBe('$.metadata.user."a-b"');
    expect(jsonPath('metadata.system.refs.0.id')).toBe('$.metadata.system.refs[0].id');
  });

  it('turns wildcards into anchored regexes: * stops at / in paths, ** does not', () => {
    const path = (p: string, s: string) => new RegExp(wildcardToRegex(p)).test(s);
    expect([path('/a/**', '/a/x.png'), path('/a/**', '/a/b/c.png'), path('/a/**', '/ab/x.png')]).toEqual([
      true,
      true,
      false,
    ]);
    expect([path('/a/*', '/a/x'), path('/a/*', '/a/x/y')]).toEqual([true, false]);
    expect(path('/x.(1)+.png', '/x.(1)+.png')).toBe(true);
    expect(new RegExp(wildcardToRegex('image*', false)).test('image/png')).toBe(true);
  });

  it('binds every value as a parameter, never inlines it', () => {
    const params: unknown[] = [];
    const sql = compileFilter(
      { $or: [{ name: "x' OR 1=1 --" }, { 'metadata.user.n': { $gte: 3, $lt: 9 } }] },
      { columns: { name: 'name' }, alias: 't' },
      params,
    );
    expect(sql).toBe(
      `(t.name = ? OR (json_extract(t.doc, '$.metadata.user.n') >= ? AND json_extract(t.doc, '$.metadata.user.n') < ?))`,
    );
    expect(params).toEqual(["x' OR 1=1 --", 3, 9]);
  });

  it('maps booleans to 1/0 and null to IS NULL, $exists to json_type', () => {
    const params: unknown[] = [];
    const sql = compileFilter(
      { hidden: false, description: null, 'metadata.user.t': { $exists: false } },
      { columns: { hidden: 'hidden' }, alias: 't' },
      params,
    );
    expect(sql).toBe(
      `t.hidden = ? AND json_extract(t.doc, '$.description') IS NULL AND (NOT json_type(t.doc, '$.metadata.user.t') IS NOT NULL)`,
    );
    expect(params).toEqual([0]);
  });

  it('sorts in key order with id as the last tie-breaker, and rejects bad directions', () => {
    expect(compileSort({ filename: 'descending' }, { columns: { filename: 'filename' }, alias: 't' })).toBe(
      't.filename DESC, t.id ASC',
    );
    expect(compileSort({ id: 'descending' }, { columns: { id: 'id' }, alias: 't' })).toBe('t.id DESC');
    expect(() => compileSort({ id: 'up' }, { columns: {}, alias: 't' })).toThrow(/ascending/);
  });
});
