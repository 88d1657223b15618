// Alt+M's walk: forward from the current object, wrapping, each object asked at most once.
import { describe, expect, it } from 'vitest';
import { nextMissing, nextMissingField } from './next-missing.js';

const order = ['a', 'b', 'c', 'd', 'e'];
const counted = (missing: Set<string>) => {
  const calls = { n: 0 };
  return { calls, isMissing: (k: string) => (calls.n++, missing.has(k)) };
};

describe('nextMissing', () => {
  it('goes to the next missing object after the current one, wrapping after the last', () => {
    const m = new Set(['b', 'd']);
    expect(nextMissing(order, (k) => m.has(k), 'b')).toBe('d');
    expect(nextMissing(order, (k) => m.has(k), 'd')).toBe('b');
    expect(nextMissing(order, (k) => m.has(k), 'e')).toBe('b');
  });

  it('the current object itself comes last, or first with `stay`', () => {
    const m = new Set(['c']);
    expect(nextMissing(order, (k) => m.has(k), 'c')).toBe('c');
    expect(nextMissing(order, (k) => m.has(k), 'c', true)).toBe('c');
    expect(nextMissing(order, (k) => ['a', 'c'].includes(k), 'c', true)).toBe('c');
    expect(nextMissing(order, (k) => ['a', 'c'].includes(k), 'c')).toBe('a');
  });

  it('from the start when the current key is not listed or there is none; undefined when none is missing', () => {
    const m = new Set(['d']);
    expect(nextMissing(order, (k) => m.has(k), 'zz')).toBe('d');
    expect(nextMissing(order, (k) => m.has(k))).toBe('d');
    expect(nextMissing(order, () => false, 'b')).toBeUndefined();
    expect(nextMissing([], () => true, 'b')).toBeUndefined();
  });

  it('asks each object at most once (n calls at most, the current one missing or not)', () => {
    const n = 10_000;
    const keys = Array.from({ length: n }, (_, i) => `k${i}`);
    for (const [missing, stay] of [
      [new Set<string>(), false],
      [new Set<string>(), true],
      [new Set(['k4999']), false],
      [new Set(['k5000']), true],
    ] as const) {
      const { calls, isMissing } = counted(missing);
      nextMissing(keys, isMissing, 'k5000', stay);
      expect(calls.n, `${[...missing]} stay=${stay}`).toBeLessThanOrEqual(n);
    }
    // With every key missing but the current one's neighbours answered first: exactly one call.
    const all = counted(new Set(keys));
    expect(nextMissing(keys, all.isMissing, 'k5000')).toBe('k5001');
    expect(all.calls.n).toBe(1);
  });
});

describe('nextMissingField', () => {
  const fields = ['colour', 'parked', 'visibility'];
  it("goes to the object's next unset field from the one with focus, wrapping, never the focused one", () => {
    const m = new Set(['parked', 'visibility']);
    expect(nextMissingField(fields, m)).toBe('parked');
    expect(nextMissingField(fields, m, 'colour')).toBe('parked');
    expect(nextMissingField(fields, m, 'parked')).toBe('visibility');
    expect(nextMissingField(fields, new Set(['colour', 'parked']), 'visibility')).toBe('colour');
    expect(nextMissingField(fields, new Set(['parked']), 'parked')).toBeUndefined();
    expect(nextMissingField(fields, m, 'gone')).toBe('parked');
  });
  it('skips the fields already gone to; none left: undefined (the next object)', () => {
    const m = new Set(['colour', 'parked', 'visibility']);
    expect(nextMissingField(fields, m, 'visibility', new Set(['colour']))).toBe('parked');
    expect(nextMissingField(fields, m, 'colour', new Set(['colour', 'parked', 'visibility']))).toBeUndefined();
    expect(nextMissingField([], m)).toBeUndefined();
  });
});
