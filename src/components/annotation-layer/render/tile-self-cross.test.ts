// A colour's fill is the union of its shapes, each filled alone (nonzero). A self-intersecting
// polygon (a bow tie: one lobe clockwise, the other counter-clockwise) batched into one path with a
// same-colour shape over it used to cancel the two windings (+1 - 1) and leave a hole where each
// shape drawn alone fills: in a colour's straight fill, in a 16-shape mask batch and in the outline
// rasteriser's fill plane. Each case against the reference drawing (every shape filled alone).
import { describe, expect, it } from 'vitest';
import { outlineRasterCount } from './outline-raster.js';
import { blockDiff, canvas, referenceRender, rendererOf, type ScenePolygon } from './render-test-utils.js';

const C = '#0a84ff';
/** A bow tie in (x, y)-(x + 80, y + 60): lobes of unequal size, so its signed area is not zero. */
const bowTie = (x: number, y: number): ScenePolygon => ({
  ring: [
    { x, y },
    { x: x + 80, y: y + 60 },
    { x: x + 80, y: y + 10 },
    { x, y: y + 60 },
  ],
  color: C,
});
const square = (x: number, y: number, d: number): ScenePolygon => ({
  ring: [
    { x, y },
    { x: x + d, y },
    { x: x + d, y: y + d },
    { x, y: y + d },
  ],
  color: C,
});

function check(scene: ScenePolygon[], scale: number, size: number): { bad: number; worst: number } {
  const view = { scale, x: 0, y: 0 };
  const r = rendererOf(scene);
  const { c, ctx } = canvas(size, size);
  expect(r.draw(ctx, view, size, size, 1, { sync: true })).toBe(true);
  r.dispose();
  return blockDiff(c, referenceRender(scene, view, size, size));
}

describe('a self-intersecting polygon among same-colour shapes', () => {
  it('fills both lobes under an overlapping shape in a straight (few shapes) fill', () => {
    const d = check([bowTie(20, 20), square(10, 10, 100)], 1, 256);
    expect(d.bad).toBe(0);
  });

  it('fills both lobes when the pair shares a batch of a masked (hundreds of shapes) fill', () => {
    const scene = [bowTie(10, 10), square(5, 5, 90)];
    // 300 filled squares (14 raster px at scale 2) of the colour in the same level-1 tile, away from the pair
    for (let i = 0; i < 300; i++) scene.push(square(100 + (i % 20), 100 + Math.floor(i / 20), 7));
    expect(check(scene, 2, 256).bad).toBe(0);
  });

  it('fills both lobes in the outline rasteriser (a dense coarse tile)', () => {
    const scene = [bowTie(20, 20), square(10, 10, 100)];
    // 450 small polygons in the same level-0 tile make it dense: the rasteriser paints it
    for (let i = 0; i < 450; i++) scene.push(square(140 + (i % 25) * 4, 140 + Math.floor(i / 25) * 4, 3));
    const before = outlineRasterCount();
    const d = check(scene, 1, 256);
    expect(outlineRasterCount()).toBeGreaterThan(before);
    expect(d.bad).toBe(0);
  });
});
