import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyToPoint,
  boxCorners,
  boxRing,
  compose,
  cubeAngle,
  cubeFromBoxesAndAngle,
  distanceToPolyline,
  distanceToSegment,
  ellipseBounds,
  fitTransform,
  hitTest,
  hitTestTopmost,
  invert,
  pointInPolygon,
  pointInRings,
  polygonArea,
  polygonCentroid,
  pointsBounds,
  rotatedBoxBounds,
  rotatePoint,
  rotation,
  scaling,
  translation,
  zoomAt,
  type Affine,
} from './index.js';
import { DlError } from '../../entities/errors.js';

describe('box corners (spec §3.7)', () => {
  it('reproduces dtlpy test vector L=T=10, R=B=100, angle 80', () => {
    const pts = boxCorners({ left: 10, top: 10, right: 100, bottom: 100 }, 80).map((p) => [
      Math.floor(p.x),
      Math.floor(p.y),
    ]);
    expect(pts).toEqual([
      [91, 2],
      [2, 18],
      [18, 107],
      [107, 91],
    ]);
  });
  it('no angle gives TL, BL, BR, TR', () => {
    expect(boxCorners({ left: 1, top: 2, right: 3, bottom: 4 })).toEqual([
      { x: 1, y: 2 },
      { x: 1, y: 4 },
      { x: 3, y: 4 },
      { x: 3, y: 2 },
    ]);
  });
  it('boxRing is each corner rotated about the centre (rotatePoint), to the bit, TL TR BR BL', () => {
    const coord = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    fc.assert(
      fc.property(
        coord,
        coord,
        coord,
        coord,
        fc.oneof(fc.constant(0), fc.double({ min: -720, max: 720, noNaN: true })),
        (a, b, c, d, angle) => {
          const box = { left: Math.min(a, c), top: Math.min(b, d), right: Math.max(a, c), bottom: Math.max(b, d) };
          const ctr = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
          const want = [
            [box.left, box.top],
            [box.right, box.top],
            [box.right, box.bottom],
            [box.left, box.bottom],
          ].flatMap(([x, y]) => {
            const p = rotatePoint({ x: x!, y: y! }, ctr, angle);
            return [p.x, p.y];
          });
          expect(boxRing(box, angle)).toEqual(want);
        },
      ),
    );
  });
  it('90 degrees of a 10x4 box gives a 4x10 footprint about the same centre', () => {
    const b = rotatedBoxBounds({ left: 0, top: 0, right: 10, bottom: 4 }, 90);
    expect(b.left).toBeCloseTo(3);
    expect(b.right).toBeCloseTo(7);
    expect(b.top).toBeCloseTo(-3);
    expect(b.bottom).toBeCloseTo(7);
  });
});

describe('ellipse bounds', () => {
  it('angle 0 and 90 swap the half sizes', () => {
    expect(ellipseBounds({ x: 50, y: 40, rx: 20, ry: 10 })).toEqual({ left: 30, top: 30, right: 70, bottom: 50 });
    const b = ellipseBounds({ x: 50, y: 40, rx: 20, ry: 10, angle: 90 });
    expect(b.left).toBeCloseTo(40);
    expect(b.top).toBeCloseTo(20);
  });
  it('a circle is the same at any angle', () => {
    const b = ellipseBounds({ x: 0, y: 0, rx: 5, ry: 5, angle: 33 });
    expect(b.right).toBeCloseTo(5);
    expect(b.bottom).toBeCloseTo(5);
  });
});

describe('cuboid', () => {
  it('angle 0 gives plain box corners; angle rotates each box about its own centre', () => {
    const c = cubeFromBoxesAndAngle(
      { left: 0, top: 0, right: 10, bottom: 10 },
      { left: 5, top: 5, right: 15, bottom: 15 },
    );
    expect(c.front_tr).toEqual({ x: 10, y: 0 });
    expect(c.back_bl).toEqual({ x: 5, y: 15 });
    const r = cubeFromBoxesAndAngle(
      { left: 0, top: 0, right: 10, bottom: 10 },
      { left: 5, top: 5, right: 15, bottom: 15 },
      90,
    );
    // TL (0,0) about centre (5,5) by 90° clockwise on screen -> (10,0)
    expect(r.front_tl.x).toBeCloseTo(10);
    expect(r.front_tl.y).toBeCloseTo(0);
    expect(r.back_tl.x).toBeCloseTo(15);
    expect(r.back_tl.y).toBeCloseTo(5);
    expect(cubeAngle(r)).toBeCloseTo(90);
    expect(cubeAngle({ front_tl: { x: 0, y: 0 }, front_tr: { x: 0, y: -1 } })).toBeCloseTo(270);
  });
});

describe('polygon measures', () => {
  const sq = [
    { x: 2, y: 2 },
    { x: 2, y: 13 },
    { x: 13, y: 13 },
    { x: 13, y: 2 },
  ];
  it('area, centroid, bounds of a square', () => {
    expect(polygonArea(sq)).toBe(121);
    expect(polygonCentroid(sq)).toEqual({ x: 7.5, y: 7.5 });
    expect(pointsBounds(sq)).toEqual({ left: 2, top: 2, right: 13, bottom: 13 });
  });
  it('L-shape centroid by decomposition', () => {
    // 2x1 rect [0,2]x[0,1] (area 2, c=(1,.5)) + 1x1 [0,1]x[1,2] (area 1, c=(.5,1.5))
    const L = [
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 2, y: 1 },
      { x: 1, y: 1 },
      { x: 1, y: 2 },
      { x: 0, y: 2 },
    ];
    const c = polygonCentroid(L)!;
    expect(polygonArea(L)).toBe(3);
    expect(c.x).toBeCloseTo((2 * 1 + 1 * 0.5) / 3);
    expect(c.y).toBeCloseTo((2 * 0.5 + 1.5) / 3);
  });
  it('degenerate rings', () => {
    expect(polygonCentroid([])).toBeNull();
    expect(
      polygonCentroid([
        { x: 0, y: 0 },
        { x: 4, y: 0 },
      ]),
    ).toEqual({ x: 2, y: 0 });
  });
  it('point in polygon, edges inside, holes', () => {
    expect(pointInPolygon({ x: 5, y: 5 }, sq)).toBe(true);
    expect(pointInPolygon({ x: 2, y: 7 }, sq)).toBe(true);
    expect(pointInPolygon({ x: 14, y: 7 }, sq)).toBe(false);
    const hole = [
      { x: 5, y: 5 },
      { x: 5, y: 9 },
      { x: 9, y: 9 },
      { x: 9, y: 5 },
    ];
    expect(pointInRings({ x: 7, y: 7 }, [sq, hole])).toBe(false);
    expect(pointInRings({ x: 5, y: 7 }, [sq, hole])).toBe(true);
    expect(pointInRings({ x: 3, y: 3 }, [sq, hole])).toBe(true);
  });
  it('point in polygon agrees with a pixel-count area estimate (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), {
          minLength: 3,
          maxLength: 3,
        }),
        (t) => {
          const tri = t.map(([x, y]) => ({ x, y }));
          let n = 0;
          for (let y = 0; y < 20; y++)
            for (let x = 0; x < 20; x++) if (pointInPolygon({ x: x + 0.5 + 1e-7, y: y + 0.5 + 2e-7 }, tri)) n++;
          // area of a triangle vs count of cell centres inside: Pick-like bound, off by at most the perimeter
          const a = polygonArea(tri);
          const per =
            Math.hypot(tri[0]!.x - tri[1]!.x, tri[0]!.y - tri[1]!.y) +
            Math.hypot(tri[1]!.x - tri[2]!.x, tri[1]!.y - tri[2]!.y) +
            Math.hypot(tri[2]!.x - tri[0]!.x, tri[2]!.y - tri[0]!.y);
          return Math.abs(n - a) <= per + 1;
        },
      ),
    );
  });
});

describe('distances', () => {
  it('to a segment: perpendicular, beyond the ends, degenerate', () => {
    expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(3);
    expect(distanceToSegment({ x: 13, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
    expect(distanceToSegment({ x: 3, y: 4 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toBe(5);
  });
  it('to a polyline and ring names the segment', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
    ];
    expect(distanceToPolyline({ x: 11, y: 5 }, pts)).toEqual({ distance: 1, segment: 1 });
    expect(distanceToPolyline({ x: 4, y: 5 }, pts, true).segment).toBe(2);
    expect(distanceToPolyline({ x: 0, y: 0 }, []).distance).toBe(Infinity);
  });
});

describe('hit tests', () => {
  it('each drawable type', () => {
    expect(hitTest({ type: 'box', left: 0, top: 0, right: 10, bottom: 10 }, { x: 5, y: 5 })).toBe(true);
    expect(
      hitTest(
        { type: 'box', left: 0, top: 0, right: 10, bottom: 10 },
        { x: 5, y: 5 },
        { outlineOnly: true, tolerance: 2 },
      ),
    ).toBe(false);
    expect(hitTest({ type: 'box', left: 0, top: 0, right: 10, bottom: 10, angle: 45 }, { x: 5, y: -1.5 })).toBe(true);
    expect(hitTest({ type: 'box', left: 0, top: 0, right: 10, bottom: 10, angle: 45 }, { x: 0.5, y: 0.5 })).toBe(false);
    expect(hitTest({ type: 'note', left: 0, top: 0, right: 10, bottom: 10 }, { x: 11, y: 5 }, { tolerance: 1 })).toBe(
      true,
    );
    expect(
      hitTest(
        {
          type: 'polyline',
          points: [
            { x: 0, y: 0 },
            { x: 10, y: 0 },
          ],
        },
        { x: 5, y: 2 },
        { tolerance: 2 },
      ),
    ).toBe(true);
    expect(
      hitTest(
        {
          type: 'polyline',
          points: [
            { x: 0, y: 0 },
            { x: 10, y: 0 },
          ],
        },
        { x: 5, y: 2.1 },
        { tolerance: 2 },
      ),
    ).toBe(false);
    expect(hitTest({ type: 'point', x: 3, y: 4 }, { x: 0, y: 0 }, { tolerance: 5 })).toBe(true);
    expect(hitTest({ type: 'point', x: 3, y: 4 }, { x: 0, y: 0 }, { tolerance: 4.9 })).toBe(false);
    expect(hitTest({ type: 'ellipse', x: 0, y: 0, rx: 10, ry: 2, angle: 90 }, { x: 0, y: 9 })).toBe(true);
    expect(hitTest({ type: 'ellipse', x: 0, y: 0, rx: 10, ry: 2, angle: 90 }, { x: 9, y: 0 })).toBe(false);
    const ring = [
      { x: 0, y: 0 },
      { x: 0, y: 10 },
      { x: 10, y: 10 },
      { x: 10, y: 0 },
    ];
    const hole = [
      { x: 3, y: 3 },
      { x: 3, y: 7 },
      { x: 7, y: 7 },
      { x: 7, y: 3 },
    ];
    expect(hitTest({ type: 'segment', rings: [ring, hole] }, { x: 5, y: 5 })).toBe(false);
    expect(hitTest({ type: 'segment', rings: [ring, hole] }, { x: 1, y: 5 })).toBe(true);
    const cube = cubeFromBoxesAndAngle(
      { left: 0, top: 0, right: 10, bottom: 10 },
      { left: 20, top: 20, right: 30, bottom: 30 },
    );
    expect(hitTest({ type: 'cube', ...cube }, { x: 15, y: 15 })).toBe(true); // side face
    expect(hitTest({ type: 'cube', ...cube }, { x: 25, y: 2 })).toBe(false);
    const mask = { width: 4, height: 3, data: new Uint8Array([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]) };
    expect(hitTest({ type: 'binary', mask }, { x: 2.5, y: 1.2 })).toBe(true);
    expect(hitTest({ type: 'binary', mask }, { x: 1.5, y: 1.2 })).toBe(false);
    expect(hitTest({ type: 'binary', mask }, { x: 1.5, y: 1.2 }, { tolerance: 1 })).toBe(true);
    expect(hitTest({ type: 'binary', mask, left: 10, top: 10 }, { x: 12.5, y: 11.2 })).toBe(true);
  });
  it('topmost wins', () => {
    const shapes = [
      { type: 'box' as const, left: 0, top: 0, right: 10, bottom: 10 },
      { type: 'point' as const, x: 5, y: 5 },
    ];
    expect(hitTestTopmost(shapes, { x: 5, y: 5 })).toBe(1);
    expect(hitTestTopmost(shapes, { x: 1, y: 1 })).toBe(0);
    expect(hitTestTopmost(shapes, { x: 50, y: 1 })).toBe(-1);
  });
});

describe('view transform', () => {
  const finite = fc.double({ min: -100, max: 100, noNaN: true });
  const affine = fc
    .tuple(finite, finite, finite, finite, finite, finite)
    .filter(([a, b, c, d]) => Math.abs(a * d - b * c) > 0.1) as fc.Arbitrary<Affine>;
  it('invert undoes apply; compose applies right then left (property)', () => {
    fc.assert(
      fc.property(affine, affine, finite, finite, (m1, m2, x, y) => {
        const p = { x, y };
        const q = applyToPoint(invert(m1), applyToPoint(m1, p));
        const r1 = applyToPoint(compose(m1, m2), p);
        const r2 = applyToPoint(m1, applyToPoint(m2, p));
        return (
          Math.abs(q.x - x) < 1e-6 &&
          Math.abs(q.y - y) < 1e-6 &&
          Math.abs(r1.x - r2.x) < 1e-6 * (1 + Math.abs(r2.x)) &&
          Math.abs(r1.y - r2.y) < 1e-6 * (1 + Math.abs(r2.y))
        );
      }),
    );
  });
  it('zoomAt keeps the anchor, fit centres, rotation is clockwise on screen', () => {
    const m = zoomAt(translation(5, 7), 3, { x: 100, y: 50 });
    const anchorImg = applyToPoint(invert(translation(5, 7)), { x: 100, y: 50 });
    expect(applyToPoint(m, anchorImg)).toEqual({ x: 100, y: 50 });
    expect(fitTransform(200, 100, 100, 100)).toEqual([0.5, 0, 0, 0.5, 0, 25]);
    const r = applyToPoint(rotation(90), { x: 1, y: 0 });
    expect(r.x).toBeCloseTo(0);
    expect(r.y).toBeCloseTo(1);
    expect(() => invert(scaling(0))).toThrow(DlError);
  });
});
