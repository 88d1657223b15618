import { describe, expect, it } from 'vitest';
import { copyJson } from './copy-json.js';

describe('copyJson', () => {
  it('deep-copies and matches a JSON round trip on JSON data', () => {
    const v = { a: [1, { b: 'x', c: [true, null] }], d: { e: { f: 2.5 } }, g: '' };
    const c = copyJson(v);
    expect(c).toEqual(JSON.parse(JSON.stringify(v)));
    (c.a[1] as { b: string }).b = 'changed';
    expect((v.a[1] as { b: string }).b).toBe('x');
  });
  it('drops undefined object values, keeps key order', () => {
    expect(Object.keys(copyJson({ z: 1, u: undefined, a: 2 }))).toEqual(['z', 'a']);
  });
  it('keeps an own "__proto__" key as data, not as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "k": 1}') as Record<string, unknown>;
    const c = copyJson(parsed);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(['__proto__', 'k']);
    expect((c as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(c)).toBe(JSON.stringify(parsed));
  });
});
