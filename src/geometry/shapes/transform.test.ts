import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxRing } from './box.js';
import { rotateToward } from './edit.js';
import { ellipseBounds } from './ellipse.js';
import { cloneShape, refreshShape, ringsBounds, type Shape } from './shape.js';
import { clampShape, clampTranslation, shapeInside, translateShape } from './transform.js';

const W = 400;
const H = 300;

const box = (left: number, top: number, right: number, bottom: number, angle = 0): Shape =>
  refreshShape({
    kind: 'box',
    rings: [],
    closed: true,
    box: { left, top, right, bottom, angle },
    bounds: ringsBounds([]),
  });
const ellipse = (x: number, y: number, rx: number, ry: number, angle = 0): Shape =>
  refreshShape({ kind: 'ellipse', rings: [], closed: true, ellipse: { x, y, rx, ry, angle }, bounds: ringsBounds([]) });
const ring = (kind: 'segment' | 'polyline' | 'point' | 'cube', pts: number[]): Shape =>
  refreshShape({ kind, rings: [pts], closed: kind === 'segment' || kind === 'cube', bounds: ringsBounds([pts]) });

/** Every corner of a (rotated) box / every sample of an ellipse outline, from the parameters alone. */
function outline(s: Shape): number[] {
  if (s.box) return boxRing(s.box, s.box.angle);
  if (s.ellipse) {
    const e = s.ellipse;
    const t = (e.angle * Math.PI) / 180;
    const out: number[] = [];
    for (let i = 0; i < 64; i++) {
      const a = (i / 64) * 2 * Math.PI;
      const u = e.rx * Math.cos(a);
      const v = e.ry * Math.sin(a);
      out.push(e.x + u * Math.cos(t) - v * Math.sin(t), e.y + u * Math.sin(t) + v * Math.cos(t));
    }
    return out;
  }
  return s.rings.flatMap((r) => Array.from(r));
}
const allInside = (s: Shape) => {
  const o = outline(s);
  for (let i = 0; i < o.length; i += 2)
    if (o[i]! < -1e-6 || o[i]! > W + 1e-6 || o[i + 1]! < -1e-6 || o[i + 1]! > H + 1e-6) return false;
  return true;
};

const coord = fc.double({ min: -300, max: 800, noNaN: true });
const arbShape: fc.Arbitrary<Shape> = fc.oneof(
  fc
    .tuple(coord, coord, fc.double({ min: 1, max: 600, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }))
    .chain(([x, y, w, h]) => fc.integer({ min: -179, max: 180 }).map((a) => box(x, y, x + w, y + h, a % 3 ? a : 0))),
  fc
    .tuple(coord, coord, fc.double({ min: 0.5, max: 400, noNaN: true }), fc.double({ min: 0.5, max: 300, noNaN: true }))
    .chain(([x, y, rx, ry]) => fc.integer({ min: -179, max: 180 }).map((a) => ellipse(x, y, rx, ry, a % 3 ? a : 0))),
  fc.array(coord, { minLength: 6, maxLength: 24 }).map((p) => ring('segment', p.length % 2 ? p.slice(1) : p)),
  fc.array(coord, { minLength: 4, maxLength: 12 }).map((p) => ring('polyline', p.length % 2 ? p.slice(1) : p)),
  fc.tuple(coord, coord).map(([x, y]) => ring('point', [x, y])),
  fc.array(coord, { minLength: 16, maxLength: 16 }).map((p) => ring('cube', p)),
);

describe('refreshShape', () => {
  it('keeps a rotated box rotated: its ring and bounds are the turned corners', () => {
    const s = rotateToward(box(100, 100, 200, 140), 300, 120); // top toward +x: 90°
    expect(s.box!.angle).toBeCloseTo(90, 6);
    const r = s.rings[0]!;
    // Turned 90° about (150, 120): 100 wide becomes 100 tall.
    expect(s.bounds.maxY - s.bounds.minY).toBeCloseTo(100, 6);
    expect(s.bounds.maxX - s.bounds.minX).toBeCloseTo(40, 6);
    expect(Array.from(r)).toEqual(boxRing(s.box!, 90));
  });
});

describe('keeping shapes in the image', () => {
  it('clampShape puts every kind wholly inside: vertices, rotated corners, the ellipse outline', () => {
    fc.assert(
      fc.property(arbShape, (s) => {
        const c = clampShape(cloneShape(s), W, H);
        expect(allInside(c)).toBe(true);
        expect(shapeInside(c, W, H)).toBe(true);
        // A shape that was inside is left exactly as it was.
        if (allInside(s)) {
          const [a, b] = [outline(c), outline(s)];
          for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('clampShape clamps per type as documented', () => {
    // An unrotated box clamps its edges (it may shrink).
    expect(clampShape(box(-52, 10, 60, 320), W, H).box).toMatchObject({ left: 0, top: 10, right: 60, bottom: H });
    // A rotated box is moved, not resized, when it fits.
    const r = clampShape(box(350, 100, 450, 140, 30), W, H);
    expect(r.box!.right - r.box!.left).toBeCloseTo(100, 9);
    expect(r.box!.angle).toBe(30);
    expect(r.bounds.maxX).toBeCloseTo(W, 9);
    // ...and shrunk about its centre when it is larger than the image.
    const big = clampShape(box(-100, -100, 700, 500, 45), W, H);
    expect(big.bounds.maxX - big.bounds.minX).toBeLessThanOrEqual(W + 1e-6);
    expect(big.bounds.maxY - big.bounds.minY).toBeLessThanOrEqual(H + 1e-6);
    expect(big.box!.angle).toBe(45);
    // An unrotated ellipse keeps its centre inside and its radii up to the nearest edges.
    expect(clampShape(ellipse(390, 150, 40, 20), W, H).ellipse).toMatchObject({ x: 390, y: 150, rx: 10, ry: 20 });
    // A rotated ellipse moves until its extent fits.
    const e = clampShape(ellipse(390, 150, 40, 20, 30), W, H);
    expect(ellipseBounds(e.ellipse!).right).toBeCloseTo(W, 9);
    expect(e.ellipse).toMatchObject({ rx: 40, ry: 20, angle: 30 });
    // Vertices clamp one by one.
    expect(Array.from(clampShape(ring('segment', [-5, 10, 50, -3, 420, 310]), W, H).rings[0]!)).toEqual([
      0,
      10,
      50,
      0,
      W,
      H,
    ]);
  });

  it('clampTranslation moves as far as the image allows and never deforms', () => {
    fc.assert(
      fc.property(
        arbShape.map((s) => clampShape(s, W, H)),
        fc.double({ min: -900, max: 900, noNaN: true }),
        fc.double({ min: -900, max: 900, noNaN: true }),
        (s, dx, dy) => {
          const [mx, my] = clampTranslation(s, dx, dy, W, H);
          const moved = translateShape(cloneShape(s), mx, my);
          expect(allInside(moved)).toBe(true);
          // Only ever less of the same move, per axis.
          expect(Math.abs(mx)).toBeLessThanOrEqual(Math.abs(dx) + 1e-9);
          expect(Math.abs(my)).toBeLessThanOrEqual(Math.abs(dy) + 1e-9);
          if (mx) expect(Math.sign(mx)).toBe(Math.sign(dx));
          if (my) expect(Math.sign(my)).toBe(Math.sign(dy));
          // Held back on an axis only where the shape touches that axis's edge (or cannot fit at all).
          const b = moved.bounds;
          const fitsX = s.bounds.maxX - s.bounds.minX <= W;
          if (mx !== dx && fitsX) expect(Math.min(Math.abs(b.minX), Math.abs(W - b.maxX))).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 400 },
    );
    // A box 10 px from the right edge moves 10 px of a 50 px push.
    expect(clampTranslation(box(290, 10, 390, 60), 50, -30, W, H)).toEqual([10, -10]);
  });
});
