// Dataloop coordinates <-> the flat shape model, both directions (the reader never throws).
import { describe, expect, it } from 'vitest';
import { boxRing } from '../../geometry/shapes/box.js';
import { coordinatesFor, parseShape } from './shape-coordinates.js';

describe('shape coordinates', () => {
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
