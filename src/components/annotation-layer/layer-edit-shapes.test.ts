// Cuboid vertex drag, ellipse rotation and hover, driven by pointer input; expected values derived by
// hand from the pointer geometry, not read back from the implementation. Pointer input is real
// (trusted mouse events via Playwright; Chromium hit-tests the handle under the aimed point).
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ann, layerPixel, mountLayer, recordEvents, handle, centre } from './layer-test-utils.js';
import { frames, realDrag, realPointer } from '../internal/test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

const updates = (log: ReturnType<typeof recordEvents>) => log.filter((e) => e.type === 'dl-annotation-update');

// Front face (100,100)-(200,200), back face shifted by (+50, -40); spec §1.3 key order.
const CORNERS = {
  front_tl: { x: 100, y: 100, z: 0 },
  front_tr: { x: 200, y: 100, z: 0 },
  front_br: { x: 200, y: 200, z: 0 },
  front_bl: { x: 100, y: 200, z: 0 },
  back_tl: { x: 150, y: 60, z: 0 },
  back_tr: { x: 250, y: 60, z: 0 },
  back_br: { x: 250, y: 160, z: 0 },
  back_bl: { x: 150, y: 160, z: 0 },
};
const CUBE = () => ann('cube', 'car', { ...CORNERS, angle: 0 }, 'c1');

describe('<dl-annotation-layer> cuboid', () => {
  it('has one handle per corner, at the corner', async () => {
    const { layer } = await mountLayer([CUBE()]);
    layer.select(['c1']);
    await layer.updateComplete;
    Object.values(CORNERS).forEach((p, i) => expect(centre(handle(layer, `v:${i}`))).toEqual([p.x, p.y]));
    expect(layer.shadowRoot!.querySelectorAll('[data-handle^="m:"]').length).toBe(0);
  });

  it('dragging a corner changes that corner in the JSON, keeps the others and angle; undo restores it', async () => {
    const { layer } = await mountLayer([CUBE()]);
    layer.select(['c1']);
    await layer.updateComplete;
    const log = recordEvents(layer);
    // 80% along the new edge front_tr (200,100) -> back_tr (275,35): nothing drawn there yet.
    expect(layerPixel(layer, 260, 48, 1)[3]).toBe(0);
    // back_tr is the 6th key: handle v:5.
    await realDrag(250, 60, 275, 35, 5);
    const up = updates(log);
    expect(up.length).toBe(1);
    expect(up[0].detail.annotation.coordinates).toEqual({ ...CORNERS, back_tr: { x: 275, y: 35, z: 0 }, angle: 0 });
    expect(up[0].detail.previous.coordinates).toEqual({ ...CORNERS, angle: 0 });
    expect(up[0].detail.annotation.metadata.system.unknownKey).toBe(7);
    await layer.updateComplete;
    await frames(2);
    // The selected cuboid's edge from front_tr to the new back_tr is drawn there now, in the label's red.
    const px = layerPixel(layer, 260, 48, 1);
    expect(px[0]).toBeGreaterThan(200);
    expect(px[1]).toBeLessThan(60);
    layer.undo();
    expect(updates(log).at(-1)!.detail.annotation.coordinates).toEqual({ ...CORNERS, angle: 0 });
  });
});

describe('<dl-annotation-layer> rotated box', () => {
  it('stays rotated on screen after a move and after a nudge', async () => {
    // (100,100)-(200,200) turned 45° about (150,150): a diamond |x-150| + |y-150| <= 70.7.
    const box = ann('box', 'car', [{ x: 100, y: 100, z: 0 }, { x: 200, y: 200, z: 0 }, 45], 'r1');
    const { layer } = await mountLayer([box]);
    const diamond = async (dx: number, dy: number) => {
      await layer.updateComplete;
      await frames(2);
      // Inside the diamond near its top corner, above the unrotated square: painted.
      expect(layerPixel(layer, 150 + dx, 92 + dy)[3]).toBeGreaterThan(0);
      // Inside the unrotated square's corner, well outside the diamond (and its outline): empty.
      expect(layerPixel(layer, 108 + dx, 108 + dy)[3]).toBe(0);
    };
    await diamond(0, 0);
    await realDrag(150, 150, 170, 150, 4);
    expect(layer.annotations[0]!.coordinates).toEqual([{ x: 120, y: 100, z: 0 }, { x: 220, y: 200, z: 0 }, 45]);
    await diamond(20, 0);
    layer.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(layer.annotations[0]!.coordinates).toEqual([{ x: 120, y: 101, z: 0 }, { x: 220, y: 201, z: 0 }, 45]);
    await diamond(20, 1);
  });
});

describe('<dl-annotation-layer> ellipse rotation', () => {
  const ELL = () => ann('ellipse', 'sign', { angle: 0, center: { x: 150, y: 150, z: 0 }, rx: 60, ry: 30 }, 'e1');
  // The rotate handle points along the ellipse's local -y axis. Rotating by a (clockwise on screen,
  // y down) turns (0, -1) into (sin a, -cos a), so a pointer at (dx, dy) from the centre means
  // a = atan2(dx, -dy).
  const angleFor = (dx: number, dy: number) => ((((Math.atan2(dx, -dy) * 180) / Math.PI) % 360) + 360) % 360;

  it('the rotate handle sets angle from the pointer direction; centre and radii stay', async () => {
    const { layer } = await mountLayer([ELL()]);
    layer.select(['e1']);
    await layer.updateComplete;
    const log = recordEvents(layer);
    // Unrotated: the handle is 24 px above the top of the ellipse.
    const [hx, hy] = centre(handle(layer, 'rot'));
    expect([hx, hy]).toEqual([150, 150 - 30 - 24]);
    const cases: Array<[number, number]> = [
      [80, 60], // down-right: 126.87°
      [-70, -20], // left, a little up: 285.95°
      [0, 90], // straight down: 180°
    ];
    let prev = 0;
    for (const [dx, dy] of cases) {
      const [sx, sy] = centre(handle(layer, 'rot'));
      await realDrag(sx, sy, 150 + dx, 150 + dy, 6);
      const c = updates(log).at(-1)!.detail.annotation.coordinates;
      expect(c.angle).toBeCloseTo(angleFor(dx, dy), 5);
      expect(c.center).toEqual({ x: 150, y: 150, z: 0 });
      expect([c.rx, c.ry]).toEqual([60, 30]);
      expect(updates(log).at(-1)!.detail.previous.coordinates.angle).toBeCloseTo(prev, 5);
      prev = c.angle;
      await layer.updateComplete;
      // The handle now sits on the pointer's ray, ry + 24 px from the centre.
      const [nx, ny] = centre(handle(layer, 'rot'));
      const t = (c.angle * Math.PI) / 180;
      expect(nx).toBeCloseTo(150 + Math.sin(t) * 54, 0);
      expect(ny).toBeCloseTo(150 - Math.cos(t) * 54, 0);
    }
    expect(angleFor(80, 60)).toBeCloseTo(126.8699, 3);
  });

  it('Shift snaps the rotation to 15° steps, and the drawn ellipse follows the angle', async () => {
    const { layer } = await mountLayer([ELL()]);
    layer.select(['e1']);
    await layer.updateComplete;
    const log = recordEvents(layer);
    const [sx, sy] = centre(handle(layer, 'rot'));
    // Pointer at atan2(100, 29) = 73.83° from "up": snaps to 75°.
    await realDrag(sx, sy, 250, 121, 6, { shift: true });
    const c = updates(log).at(-1)!.detail.annotation.coordinates;
    expect(angleFor(100, -29)).toBeCloseTo(73.83, 2);
    expect(c.angle).toBe(75);
    // Rotated 90° the long axis would be vertical; at 75° the point 55 px along the long axis
    // (inside, rx 60) is drawn and the point 55 px along the unrotated x axis (outside, beyond ry 30) is not.
    await layer.updateComplete;
    await frames(2);
    const t = (75 * Math.PI) / 180;
    expect(layerPixel(layer, 150 + Math.cos(t) * 50, 150 + Math.sin(t) * 50)[3]).toBeGreaterThan(0);
    expect(layerPixel(layer, 205, 150)[3]).toBe(0);
  });
});

describe('<dl-annotation-layer> hover', () => {
  const A = () =>
    ann(
      'box',
      'car',
      [
        { x: 40, y: 40, z: 0 },
        { x: 140, y: 120, z: 0 },
      ],
      'a',
    );
  const B = () =>
    ann(
      'box',
      'sign',
      [
        { x: 220, y: 40, z: 0 },
        { x: 320, y: 120, z: 0 },
      ],
      'b',
    );

  async function hoverAt(x: number, y: number) {
    await realPointer('move', x, y);
    await frames(3);
  }

  it('hovering a shape draws it stronger (fill and outline) and leaving restores it; other shapes unchanged', async () => {
    const { layer } = await mountLayer([A(), B()]);
    const log = recordEvents(layer);
    const inside = () => layerPixel(layer, 90, 80);
    const justOutside = () => layerPixel(layer, 38, 80); // 2 px left of A's left edge
    const otherInside = () => layerPixel(layer, 270, 80);
    const base = { inside: inside(), out: justOutside(), other: otherInside() };
    expect(base.inside[0]).toBeGreaterThan(base.inside[2]); // red label colour, translucent fill
    expect(base.inside[3]).toBeGreaterThan(0);
    await hoverAt(90, 80);
    const hov = { inside: inside(), out: justOutside(), other: otherInside() };
    // Stronger fill inside and a halo outside the edge where the plain outline (1 px) drew nothing.
    expect(hov.inside[3]).toBeGreaterThan(base.inside[3] + 10);
    expect(base.out[3]).toBe(0);
    expect(hov.out[3]).toBeGreaterThan(0);
    expect(hov.other).toEqual(base.other);
    // Hover moves to the other box.
    await hoverAt(270, 80);
    expect(inside()).toEqual(base.inside);
    expect(justOutside()[3]).toBe(0);
    expect(otherInside()[3]).toBeGreaterThan(base.other[3] + 10);
    // Empty image: nothing hovered.
    await hoverAt(380, 280);
    expect(otherInside()).toEqual(base.other);
    // Leaving the layer clears the hover too.
    await hoverAt(90, 80);
    expect(inside()[3]).toBeGreaterThan(base.inside[3] + 10);
    // The mouse moves off the layer (400 px wide) onto the page: Chromium fires pointerleave.
    await realPointer('move', 410, 150);
    await frames(2);
    expect(inside()).toEqual(base.inside);
    // Hover is a view state: no events.
    expect(log).toEqual([]);
  });

  it('no hover while a drawing tool is active', async () => {
    const { layer } = await mountLayer([A()]);
    const before = layerPixel(layer, 90, 80);
    layer.tool = 'box';
    await layer.updateComplete;
    await hoverAt(90, 80);
    expect(layerPixel(layer, 90, 80)).toEqual(before);
  });
});
