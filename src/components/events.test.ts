// cloneJson: the same copy structuredClone makes of Dataloop JSON (objects and arrays new, values equal),
// so a listener that changes an event's detail cannot reach into a component's state.
import { describe, expect, it } from 'vitest';
import { cloneJson } from './events.js';

describe('cloneJson', () => {
  it('copies objects and arrays deeply, equal to structuredClone, with shared and cyclic references kept', () => {
    const shared = { x: 1, y: 2 };
    const a: Record<string, unknown> = {
      id: 'a1',
      type: 'binary',
      label: 'car',
      coordinates: `data:image/png;base64,${'A'.repeat(100_000)}`,
      points: [shared, shared, { x: 3, y: null }],
      metadata: { system: { frame: 3, attributes: { open: true, n: undefined } }, when: new Date(5) },
      bytes: new Uint8Array([1, 2, 3]),
    };
    const sparse = [1, 2, 3];
    delete sparse[1]; // a hole, kept as structuredClone keeps it
    a.sparse = sparse;
    a.self = a;
    const c = cloneJson(a);
    const ref = structuredClone(a);
    expect(c).toEqual(ref);
    expect(c).not.toBe(a);
    expect(c.self).toBe(c);
    const pts = c.points as Array<{ x: number }>;
    expect(pts[0]).toBe(pts[1]);
    expect(pts[0]).not.toBe(shared);
    expect(1 in (c.sparse as unknown[])).toBe(false);
    expect(c.metadata).not.toBe(a.metadata);
    expect((c.metadata as { when: Date }).when).not.toBe((a.metadata as { when: Date }).when);
    expect(c.bytes).not.toBe(a.bytes);
    // a change to the copy does not reach the original
    (c.metadata as { system: { frame: number } }).system.frame = 9;
    pts[0]!.x = 7;
    expect((a.metadata as { system: { frame: number } }).system.frame).toBe(3);
    expect(shared.x).toBe(1);
    expect(() => cloneJson({ f: () => 1 })).toThrow();
  });

  it('keeps an own "__proto__" key of parsed JSON as a key, never as the copy\'s prototype', () => {
    const a = JSON.parse('{"label":"x","__proto__":{"polluted":true},"attributes":{"__proto__":[1]}}') as Record<
      string,
      unknown
    >;
    const c = cloneJson(a);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(c)).toEqual(['label', '__proto__', 'attributes']);
    expect(Object.getOwnPropertyDescriptor(c, '__proto__')?.value).toEqual({ polluted: true });
    expect(c).toEqual(structuredClone(a));
    expect(JSON.stringify(c)).toBe(JSON.stringify(a));
  });
});
