// Dataloop coordinates <-> the flat shape model, both directions (the reader never throws).
import { describe, expect, it } from 'vitest';
import { boxRing } from '../../geometry/shapes/box.js';
import { ringsBounds } from '../../geometry/shapes/shape.js';
import { coordinatesFor, parseShape } from './shape-coordinates.js';

describe('shape coordinates', () => {
  it("a polygon's bounds, read with its vertices, are those of its rings: every ring, junk left out, one shape's not another's", () => {
    // a wide shape first: the next one's bounds must not keep its extent
    parseShape('segment', [
      [
        { x: -500, y: -500 },
        { x: 9000, y: 9000 },
      ],
    ]);
    const coords = [
      [{ x: 10, y: 20 }, null, { x: '35.5', y: 18 }, 7, { x: 12, y: 40 }],
      'not a ring',
      [],
      [
        { x: 5, y: 30 },
        { x: 11, y: 33 },
      ],
    ];
    for (const type of ['segment', 'polyline']) {
      const s = parseShape(type, coords);
      expect(s.rings.map((r) => Array.from(r))).toEqual([
        [10, 20, 35.5, 18, 12, 40],
        [5, 30, 11, 33],
      ]);
      expect(s.bounds).toEqual(ringsBounds(s.rings));
      expect(s.bounds).toEqual({ minX: 5, minY: 18, maxX: 35.5, maxY: 40 });
    }
    // no vertex at all: kind other, empty bounds
    expect(parseShape('segment', [[null], 'x']).bounds).toEqual({ minX: 0, minY: 0, maxX: 0, maxY: 0 });
  });

  it('a one-ring polygon reads as the same ring among others does; a one-ring polygon without a vertex is kind other', () => {
    const ring = [{ x: 4, y: 9 }, null, { x: '6', y: 1 }, { x: 8, y: 3 }];
    for (const type of ['segment', 'polyline']) {
      const one = parseShape(type, [ring]);
      const many = parseShape(type, [[], ring, 'x']);
      expect(one.kind).toBe(type);
      expect(one.closed).toBe(type === 'segment');
      expect(one.rings.map((r) => Array.from(r))).toEqual([[4, 9, 6, 1, 8, 3]]);
      expect(one.rings.map((r) => Array.from(r))).toEqual(many.rings.map((r) => Array.from(r)));
      expect(one.bounds).toEqual({ minX: 4, minY: 1, maxX: 8, maxY: 9 });
      expect(one.bounds).toEqual(many.bounds);
      for (const junk of [[[{ x: 1, y: 2 }].slice(1)], [[null, 7]], ['not a ring']]) {
        const s = parseShape(type, junk);
        expect(s.kind).toBe('other');
        expect(s.rings).toEqual([]);
        expect(s.bounds).toEqual({ minX: 0, minY: 0, maxX: 0, maxY: 0 });
      }
    }
  });

  it('rotated box corners match dtlpy’s test vector (spec §3.7)', () => {
    // TL, TR, BR, BL here; dtlpy lists TL, BL, BR, TR: floor → [[91,2],[2,18],[18,107],[107,91]].
    const c = boxRing({ left: 10, top: 10, right: 100, bottom: 100 }, 80).map(Math.floor);
    expect([c.slice(0, 2), c.slice(6, 8), c.slice(4, 6), c.slice(2, 4)]).toEqual([
      [91, 2],
      [2, 18],
      [18, 107],
      [107, 91],
    ]);
  });
  it('boxes normalise to TL/BR and keep a non-zero angle as the third element; notes keep their note', () => {
    const s = parseShape('box', [
      { x: 100, y: 80, z: 0 },
      { x: 20, y: 10, z: 0 },
    ]);
    expect(s.box).toEqual({ left: 20, top: 10, right: 100, bottom: 80, angle: 0 });
    const n = {
      type: 'note',
      label: 'n',
      coordinates: {
        box: [
          { x: 1, y: 2, z: 0 },
          { x: 3, y: 4, z: 0 },
        ],
        note: { status: 'open', messages: [1] },
      },
    };
    expect(coordinatesFor(parseShape('note', n.coordinates), n.coordinates)).toEqual(n.coordinates);
    expect(coordinatesFor({ ...s, box: { ...s.box!, angle: 30 } }, undefined)).toEqual([
      { x: 20, y: 10, z: 0 },
      { x: 100, y: 80, z: 0 },
      30,
    ]);
  });
});
