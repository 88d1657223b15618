// The flat shape model: its hit test agrees with the point-object API, and the edits and transforms
// the annotation tools use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShape } from '../../entities/annotations/shape-coordinates.js';
import { deleteVertex, insertVertex, moveVertex, resizeBox, resizeEllipse, rotateToward } from './edit.js';
import { hitTest, hitTestShape } from './hit-test.js';
import { cloneShape } from './shape.js';
import { clampShape, translateShape } from './transform.js';

const coord = fc.double({ min: -50, max: 150, noNaN: true });
const pt = fc.record({ x: coord, y: coord });

describe('hitTestShape (flat) and hitTest (points) agree', () => {
  it('boxes, rotated boxes, polygons with a hole, polylines, points, ellipses (property)', () => {
    fc.assert(
      fc.property(
        pt,
        pt,
        fc.double({ min: -180, max: 180, noNaN: true }),
        pt,
        fc.double({ min: 0, max: 8 }),
        (a, b, angle, p, tol) => {
          const o = { tolerance: tol };
          const box = {
            left: Math.min(a.x, b.x),
            top: Math.min(a.y, b.y),
            right: Math.max(a.x, b.x),
            bottom: Math.max(a.y, b.y),
          };
          const boxShape = parseShape('box', [{ x: box.left, y: box.top }, { x: box.right, y: box.bottom }, angle]);
          expect(hitTestShape(boxShape, p.x, p.y, o)).toBe(hitTest({ type: 'box', ...box, angle }, p, o));
          const outer = [a, { x: b.x, y: a.y }, b, { x: a.x, y: b.y }];
          const hole = outer.map((q) => ({ x: (q.x + (a.x + b.x) / 2) / 2, y: (q.y + (a.y + b.y) / 2) / 2 }));
          const seg = parseShape('segment', [outer, hole]);
          expect(hitTestShape(seg, p.x, p.y, o)).toBe(hitTest({ type: 'segment', rings: [outer, hole] }, p, o));
          expect(hitTestShape(parseShape('polyline', [outer]), p.x, p.y, o)).toBe(
            hitTest({ type: 'polyline', points: outer }, p, o),
          );
          expect(hitTestShape(parseShape('point', a), p.x, p.y, o)).toBe(hitTest({ type: 'point', ...a }, p, o));
          const e = { x: a.x, y: a.y, rx: Math.abs(b.x - a.x), ry: Math.abs(b.y - a.y) / 2, angle };
          const es = parseShape('ellipse', { center: { x: e.x, y: e.y }, rx: e.rx, ry: e.ry, angle });
          expect(hitTestShape(es, p.x, p.y, o)).toBe(hitTest({ type: 'ellipse', ...e }, p, o));
        },
      ),
      { numRuns: 500 },
    );
  });
  it('a mask hits on its set pixels only when its pixels are given', () => {
    const s = parseShape('binary', 'data:image/png;base64,');
    const mask = { width: 2, height: 2, data: new Uint8Array([0, 1, 0, 0]) };
    expect(hitTestShape(s, 11.5, 10.5)).toBe(false);
    expect(hitTestShape(s, 11.5, 10.5, { mask: { mask, left: 10, top: 10 } })).toBe(true);
    expect(hitTestShape(s, 10.5, 10.5, { mask: { mask, left: 10, top: 10 } })).toBe(false);
  });
});

describe('edits', () => {
  const square = () =>
    parseShape('segment', [
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
        { x: 0, y: 10 },
      ],
    ]);
  it('move / insert / delete a vertex, on a copy, with bounds refreshed', () => {
    const s = square();
    const m = moveVertex(s, 0, 2, 20, 30);
    expect(Array.from(m.rings[0]!)).toEqual([0, 0, 10, 0, 20, 30, 0, 10]);
    expect(m.bounds).toEqual({ minX: 0, minY: 0, maxX: 20, maxY: 30 });
    expect(Array.from(s.rings[0]!)).toEqual([0, 0, 10, 0, 10, 10, 0, 10]);
    expect(Array.from(insertVertex(s, 0, 5, -5).rings[0]!)).toEqual([0, 0, 5, -5, 10, 0, 10, 10, 0, 10]);
    expect(Array.from(deleteVertex(s, 1)!.rings[0]!)).toEqual([0, 0, 10, 10, 0, 10]);
    const tri = deleteVertex(s, 1)!;
    expect(deleteVertex(tri, 0)).toBeNull(); // a polygon keeps 3 vertices
  });
  it('resizes a rotated box in its own frame: the opposite edge stays where it was on screen', () => {
    const b = parseShape('box', [{ x: 0, y: 0 }, { x: 20, y: 10 }, 90]);
    // Rotated 90° clockwise about (10, 5): the box's own east edge is at screen y = 15.
    const r = resizeBox(b, 1, 0, 10, 25);
    expect(r.box!.angle).toBe(90);
    expect(r.box!.right - r.box!.left).toBeCloseTo(30);
    expect(r.box!.bottom - r.box!.top).toBeCloseTo(10);
    // West edge (screen y = -5) unchanged: the centre moved 5 px down the screen.
    expect((r.box!.left + r.box!.right) / 2).toBeCloseTo(10);
    expect((r.box!.top + r.box!.bottom) / 2).toBeCloseTo(10);
  });
  it('rotates toward a point (snapping to 15°) and sets an ellipse radius along its own axis', () => {
    const b = parseShape('box', [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
    ]);
    expect(rotateToward(b, 15, 5).box!.angle).toBe(90);
    expect(rotateToward(b, 15, 8).box!.angle).toBeCloseTo(106.699244);
    expect(rotateToward(b, 15, 8, true).box!.angle).toBe(105);
    const e = parseShape('ellipse', { center: { x: 0, y: 0 }, rx: 4, ry: 2, angle: 90 });
    expect(resizeEllipse(e, 'x', 0, 7).ellipse).toMatchObject({ rx: 7, ry: 2 });
    expect(resizeEllipse(e, 'y', 0.2, 0).ellipse!.ry).toBeCloseTo(0.5);
  });
});

describe('transforms', () => {
  it('translate moves every kind; clamp keeps shapes inside the image', () => {
    const poly = parseShape('segment', [
      [
        { x: -5, y: 2 },
        { x: 50, y: 2 },
        { x: 50, y: 120 },
      ],
    ]);
    expect(Array.from(clampShape(poly, 40, 100).rings[0]!)).toEqual([0, 2, 40, 2, 40, 100]);
    const box = parseShape('box', [
      { x: -10, y: 5 },
      { x: 30, y: 200 },
    ]);
    expect(clampShape(box, 100, 100).box).toMatchObject({ left: 0, top: 5, right: 30, bottom: 100 });
    const rot = clampShape(parseShape('box', [{ x: -10, y: 10 }, { x: 10, y: 30 }, 45]), 100, 100);
    expect(rot.bounds.minX).toBeCloseTo(0);
    expect(rot.box!.right - rot.box!.left).toBeCloseTo(20);
    const e = clampShape(parseShape('ellipse', { center: { x: 150, y: -3 }, rx: 5, ry: 5, angle: 0 }), 100, 100);
    expect(e.ellipse).toMatchObject({ x: 100, y: 0 });
    // A moved rotated box keeps its rotated outline (the ring is rebuilt from the box and its angle).
    const r45 = parseShape('box', [{ x: 0, y: 0 }, { x: 10, y: 10 }, 45]);
    const ring0 = Array.from(r45.rings[0]!);
    const moved = translateShape(r45, 3, 4);
    Array.from(moved.rings[0]!).forEach((v, i) => expect(v).toBeCloseTo(ring0[i]! + (i % 2 ? 4 : 3)));
    const pt = translateShape(parseShape('point', { x: 1, y: 2 }), 3, 4);
    expect(Array.from(pt.rings[0]!)).toEqual([4, 6]);
    expect(pt.bounds).toEqual({ minX: 4, minY: 6, maxX: 4, maxY: 6 });
  });
});

describe('a parsed point (#16)', () => {
  it('reads its bounds from its ring, also after the ring moved in place; assigned bounds are kept; a clone is plain', () => {
    const p = parseShape('point', { x: 3, y: 4 });
    expect(p.bounds).toEqual({ minX: 3, minY: 4, maxX: 3, maxY: 4 });
    p.rings[0]![0] = 7; // as an edit moving the vertex in place does
    expect(p.bounds).toEqual({ minX: 7, minY: 4, maxX: 7, maxY: 4 });
    const c = cloneShape(p);
    expect(c).toEqual({
      kind: 'point',
      rings: [[7, 4]],
      closed: false,
      bounds: { minX: 7, minY: 4, maxX: 7, maxY: 4 },
    });
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    p.bounds = { minX: 0, minY: 0, maxX: 9, maxY: 9 };
    expect(p.bounds).toEqual({ minX: 0, minY: 0, maxX: 9, maxY: 9 });
    expect(Object.keys(p)).toContain('bounds');
  });
});
