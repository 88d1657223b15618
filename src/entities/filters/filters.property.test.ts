// Properties of Filters over random queries: the server's reader gives every SDK body back, and
// canonicalKey ignores object key order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Filters } from './filters.js';

const OPS = ['in', 'ne', 'eq', 'gt', 'lt', 'exists', 'match', 'nin', 'gte', 'lte'] as const;
const field = fc.constantFrom('dir', 'filename', 'name', 'metadata.user.tag', 'label', 'type', 'hidden', 'annotated');
const value = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
const condition = fc.record({
  field,
  values: value,
  operator: fc.option(fc.constantFrom(...OPS), { nil: undefined }),
  method: fc.constantFrom('and', 'or'),
});
const query = fc.record({
  resource: fc.constantFrom('items', 'annotations', 'datasets', 'executions', 'services'),
  useDefaults: fc.boolean(),
  conditions: fc.array(condition, { maxLength: 6 }),
  joins: fc.array(condition, { maxLength: 2 }),
  sort: fc.array(fc.tuple(field, fc.constantFrom('ascending', 'descending')), { maxLength: 3 }),
  page: fc.nat(50),
  pageSize: fc.integer({ min: 1, max: 3000 }),
  op: fc.constantFrom('none', 'delete', 'update'),
});

type Query = typeof query extends fc.Arbitrary<infer T> ? T : never;

function build(q: Query): Filters {
  const f = new Filters({ resource: q.resource, useDefaults: q.useDefaults, pageSize: q.pageSize });
  f.page = q.page;
  for (const c of q.conditions) f.add(c.field, c.values, { operator: c.operator, method: c.method });
  if (q.resource === 'items' || q.resource === 'annotations') {
    for (const c of q.joins) f.addJoin(c.field, c.values, { operator: c.operator, method: c.method });
  }
  for (const [k, d] of q.sort) f.sortBy(k, d);
  return f;
}

function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i));
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (seed % 2 === 1) entries.reverse();
    return Object.fromEntries(entries.map(([k, x], i) => [k, shuffleKeys(x, seed + i + 1)]));
  }
  return v;
}

describe('Filters properties', () => {
  it('prepare(fromJson(body)) === body for every SDK-built body, same key order', () => {
    fc.assert(
      fc.property(query, (q) => {
        const options =
          q.op === 'none'
            ? {}
            : q.op === 'delete'
              ? { operation: 'delete' as const }
              : { operation: 'update' as const, update: { a: 1 } };
        const body = build(q).prepare(options);
        const back = Filters.fromJson(body);
        expect(back.customFilter).toBeNull();
        expect(JSON.stringify(back.prepare())).toBe(JSON.stringify(body));
      }),
      { numRuns: 300 },
    );
  });
  it('canonicalKey does not depend on key order outside sort', () => {
    fc.assert(
      fc.property(query, fc.nat(), (q, seed) => {
        const body = build(q).prepare() as Record<string, unknown>;
        const { sort, ...rest } = body;
        const shuffled = { ...(shuffleKeys(rest, seed) as Record<string, unknown>), ...(sort ? { sort } : {}) };
        expect(Filters.fromJson(shuffled).canonicalKey()).toBe(Filters.fromJson(body).canonicalKey());
      }),
      { numRuns: 200 },
    );
  });
});
