// Shapes stay on the image, for every type and every kind of edit, with real input: drawing past
// the edge, moving, resizing, rotating, dragging a vertex or a midpoint, nudging and pasting all
// leave Dataloop JSON whose every point (rotated corners, the ellipse's outline) lies in the image.
// The image (300×200) sits at client (50, 60) at 1:1 in a 400×300 viewer, so the mouse can reach
// past each of its edges.
import { afterEach, describe, expect, it } from 'vitest';
import { realClick, realDrag, realPress } from '../internal/test-utils.js';
import type { DlAnnotationLayer } from './annotation-layer.js';
import { ann, centre, handle, mountLayer, recordEvents } from './layer-test-utils.js';

afterEach(() => document.querySelectorAll('dl-item-viewer').forEach((e) => e.remove()));

const W = 300;
const H = 200;
const OX = 50;
const OY = 60;
/** Client point of image point (x, y). */
const at = (x: number, y: number): [number, number] => [OX + x, OY + y];

type P = { x: number; y: number };
/**
 * Every point of an annotation's outline, read from its JSON here (not with the layer's geometry):
 * the turned corners of a box, 72 points around an ellipse, the vertices of the rest.
 */
function outline(a: any): P[] {
  const c = a.coordinates;
  const rot = (x: number, y: number, cx: number, cy: number, deg: number): P => {
    const t = (deg * Math.PI) / 180;
    return {
      x: cx + (x - cx) * Math.cos(t) - (y - cy) * Math.sin(t),
      y: cy + (x - cx) * Math.sin(t) + (y - cy) * Math.cos(t),
    };
  };
  switch (a.type) {
    case 'box': {
      const [p, q] = c;
      const ang = typeof c[2] === 'number' ? c[2] : 0;
      const cx = (p.x + q.x) / 2;
      const cy = (p.y + q.y) / 2;
      return [
        [p.x, p.y],
        [q.x, p.y],
        [q.x, q.y],
        [p.x, q.y],
      ].map(([x, y]) => rot(x!, y!, cx, cy, ang));
    }
    case 'ellipse': {
      const out: P[] = [];
      for (let i = 0; i < 72; i++) {
        const t = (i / 72) * 2 * Math.PI;
        out.push(
          rot(c.center.x + c.rx * Math.cos(t), c.center.y + c.ry * Math.sin(t), c.center.x, c.center.y, c.angle),
        );
      }
      return out;
    }
    case 'point':
      return [c];
    case 'cube':
      return Object.values(c).filter((v): v is P => typeof v === 'object');
    default:
      return (c as P[][]).flat();
  }
}
const EPS = 1e-6;
function expectInside(a: any): void {
  const pts = outline(a);
  expect(pts.length).toBeGreaterThan(0);
  const out = pts.filter((p) => p.x < -EPS || p.y < -EPS || p.x > W + EPS || p.y > H + EPS);
  expect(out, `${a.type} ${JSON.stringify(a.coordinates)}`).toEqual([]);
}
/** The annotations the layer fired (created or updated), each checked to lie on the image. */
function lastEdit(log: Array<{ type: string; detail: any }>): any {
  const e = log.filter((x) => x.type === 'dl-annotation-create' || x.type === 'dl-annotation-update').at(-1);
  if (!e) throw new Error('no edit');
  expectInside(e.detail.annotation);
  return e.detail.annotation;
}

async function mount(annotations: any[] = []) {
  const r = await mountLayer(annotations, { iw: W, ih: H, w: 400, h: 300, view: { scale: 1, x: OX, y: OY } });
  r.layer.focus();
  return { ...r, log: recordEvents(r.layer) };
}
async function selectOnly(layer: DlAnnotationLayer, id: string) {
  layer.select([id]);
  await layer.updateComplete;
}

describe('<dl-annotation-layer> keeps shapes on the image: drawing', () => {
  it('a box and an ellipse dragged past the edges end at the edges', async () => {
    const { layer, log } = await mount();
    await realPress('r');
    await realDrag(...at(200, 120), 395, 295);
    expect(lastEdit(log).coordinates).toEqual([
      { x: 200, y: 120, z: 0 },
      { x: W, y: H, z: 0 },
    ]);
    // Started in the margin, left of and above the image.
    await realPress('e');
    await realDrag(10, 62, ...at(80, 60));
    const e = lastEdit(log);
    expect(e.type).toBe('ellipse');
    expect(e.coordinates.center.x - e.coordinates.rx).toBeCloseTo(0, 9);
    expect(layer.annotations.length).toBe(2);
  });

  it('polygon, polyline and point clicks past the edge land on the edge', async () => {
    const { log } = await mount();
    await realPress('p');
    await realClick(10, OY + 100);
    await realClick(...at(150, 40));
    await realClick(...at(150, 190));
    await realClick(150, 298);
    await realPress('Enter');
    const poly = lastEdit(log);
    expect(poly.type).toBe('segment');
    expect(poly.coordinates[0][0]).toEqual({ x: 0, y: 100 });
    expect(poly.coordinates[0][3]).toEqual({ x: 100, y: H });
    await realPress('l');
    await realClick(...at(100, 20));
    await realClick(398, 70);
    await realPress('Enter');
    expect(lastEdit(log).coordinates[0][1]).toEqual({ x: W, y: 10 });
    await realPress('o');
    await realClick(396, 299);
    expect(lastEdit(log).coordinates).toEqual({ x: W, y: H, z: 0 });
  });
});

describe('<dl-annotation-layer> keeps shapes on the image: moving', () => {
  const shapes = () => [
    ann(
      'box',
      'car',
      [
        { x: 20, y: 20, z: 0 },
        { x: 80, y: 60, z: 0 },
      ],
      'b1',
    ),
    ann(
      'segment',
      'person',
      [
        [
          { x: 120, y: 30 },
          { x: 170, y: 30 },
          { x: 150, y: 80 },
        ],
      ],
      'p1',
    ),
    ann('ellipse', 'sign', { angle: 0, center: { x: 230, y: 140, z: 0 }, rx: 30, ry: 20 }, 'e1'),
    ann('box', 'car', [{ x: 60, y: 130, z: 0 }, { x: 120, y: 160, z: 0 }, 30], 'r1'),
  ];

  it('a drag past the edge stops the whole shape at the edge, undeformed (box, polygon, ellipse, rotated box)', async () => {
    const { log } = await mount(shapes());
    // Box 60×40 dragged 150 px left and up: stops at the top-left corner.
    await realDrag(...at(50, 40), ...at(-100, -110), 6);
    expect(lastEdit(log).coordinates).toEqual([
      { x: 0, y: 0, z: 0 },
      { x: 60, y: 40, z: 0 },
    ]);
    // Polygon dragged far right: its rightmost vertex on the right edge, the others moved as much.
    await realDrag(...at(150, 45), 398, OY + 45, 6);
    const ring = lastEdit(log).coordinates[0];
    expect(Math.max(...ring.map((p: P) => p.x))).toBeCloseTo(W, 9);
    expect(ring[1].x - ring[0].x).toBeCloseTo(50, 9);
    // Ellipse dragged down past the bottom.
    await realDrag(...at(230, 140), ...at(230, 250), 6);
    const e = lastEdit(log).coordinates;
    expect(e.center.y + e.ry).toBeCloseTo(H, 9);
    expect([e.rx, e.ry]).toEqual([30, 20]);
    // Rotated box dragged left past the edge: its leftmost turned corner on the edge.
    await realDrag(...at(90, 145), 5, OY + 145, 6);
    const r = lastEdit(log);
    expect(Math.min(...outline(r).map((p) => p.x))).toBeCloseTo(0, 6);
    expect(r.coordinates[2]).toBe(30);
  });

  it('Shift+arrow nudges stop at the edge; paste next to the edge stays on the image', async () => {
    const { layer, log } = await mount(shapes());
    await selectOnly(layer, 'b1');
    for (let i = 0; i < 4; i++) await realPress('ArrowLeft', { shift: true });
    expect(lastEdit(log).coordinates[0]).toEqual({ x: 0, y: 20, z: 0 });
    await selectOnly(layer, 'e1');
    for (let i = 0; i < 6; i++) await realPress('ArrowDown', { shift: true });
    expect(lastEdit(log).coordinates.center.y).toBe(H - 20);
    // Copy the ellipse that touches the bottom edge and paste: the copy is 10 px right, 0 px down.
    await realPress('c', { ctrl: true });
    await realPress('v', { ctrl: true });
    const pasted = lastEdit(log);
    expect(pasted.coordinates.center).toEqual({ x: 240, y: H - 20, z: 0 });
    expect(layer.annotations.length).toBe(5);
  });
});

describe('<dl-annotation-layer> keeps shapes on the image: moving and pasting the other types', () => {
  it('a polyline, a point and a cuboid dragged past the corner stop there, undeformed; their pasted copies stay on the image', async () => {
    const cube = {
      front_tl: { x: 200, y: 40, z: 0 },
      front_tr: { x: 250, y: 40, z: 0 },
      front_br: { x: 250, y: 90, z: 0 },
      front_bl: { x: 200, y: 90, z: 0 },
      back_tl: { x: 215, y: 25, z: 0 },
      back_tr: { x: 265, y: 25, z: 0 },
      back_br: { x: 265, y: 75, z: 0 },
      back_bl: { x: 215, y: 75, z: 0 },
      angle: 0,
    };
    const { layer, log } = await mount([
      ann(
        'polyline',
        'car',
        [
          [
            { x: 40, y: 150 },
            { x: 90, y: 180 },
          ],
        ],
        'l1',
      ),
      ann('point', 'sign', { x: 60, y: 60, z: 0 }, 'o1'),
      ann('cube', 'sign', cube, 'c1'),
    ]);
    // Each one dragged far past the bottom-right corner of the image (the viewer's own corner).
    await realDrag(...at(65, 165), 398, 298, 6);
    const line = lastEdit(log);
    expect(line.type).toBe('polyline');
    const [a, b] = line.coordinates[0];
    expect([b.x, b.y]).toEqual([W, H]);
    expect([b.x - a.x, b.y - a.y]).toEqual([50, 30]);
    await realDrag(...at(60, 60), 398, 298, 6);
    const pt = lastEdit(log);
    expect(pt.type).toBe('point');
    expect([pt.coordinates.x, pt.coordinates.y]).toEqual([W, H]);
    await realDrag(...at(225, 65), 398, 298, 6);
    const c = lastEdit(log);
    expect(c.type).toBe('cube');
    expect(c.coordinates.back_tr.x).toBeCloseTo(W, 9);
    expect(c.coordinates.front_bl.y).toBeCloseTo(H, 9);
    expect(c.coordinates.front_tl.y - c.coordinates.back_tl.y).toBeCloseTo(15, 9);
    expect(c.coordinates.back_tr.x - c.coordinates.front_tl.x).toBeCloseTo(65, 9);
    // Copies of shapes on the corner: the paste offset (10, 10) shrinks to nothing there, so each
    // copy lands on its original (lastEdit checks every point lies on the image).
    for (const id of ['l1', 'o1', 'c1']) {
      await selectOnly(layer, id);
      const original = layer.annotations.find((x: any) => x.id === id)!;
      await realPress('c', { ctrl: true });
      await realPress('v', { ctrl: true });
      const pasted = lastEdit(log);
      expect(pasted.type, id).toBe(original.type);
      expect(pasted.coordinates, id).toEqual(original.coordinates);
    }
    expect(layer.annotations.length).toBe(6);
  });
});

describe('<dl-annotation-layer> keeps shapes on the image: handles', () => {
  it('box corner and edge handles stop at the edges; a rotated box resize stops where a corner meets the edge', async () => {
    const { layer, log } = await mount([
      ann(
        'box',
        'car',
        [
          { x: 200, y: 100, z: 0 },
          { x: 260, y: 150, z: 0 },
        ],
        'b1',
      ),
      ann('box', 'sign', [{ x: 40, y: 60, z: 0 }, { x: 120, y: 100, z: 0 }, 45], 'r1'),
    ]);
    await selectOnly(layer, 'b1');
    await realDrag(...centre(handle(layer, 'se')), 399, 299, 5);
    expect(lastEdit(log).coordinates).toEqual([
      { x: 200, y: 100, z: 0 },
      { x: W, y: H, z: 0 },
    ]);
    await selectOnly(layer, 'r1');
    await realDrag(...centre(handle(layer, 'e')), 399, 299, 8);
    const r = lastEdit(log);
    expect(r.coordinates[2]).toBe(45);
    // It grew until a corner met an edge.
    const pts = outline(r);
    const gap = Math.min(...pts.flatMap((p) => [p.x, p.y, W - p.x, H - p.y]));
    expect(gap).toBeLessThan(1);
  });

  it('an ellipse radius stops at the edge; a rotation near the edge keeps the angle and pushes the shape in', async () => {
    const { layer, log } = await mount([
      ann('ellipse', 'sign', { angle: 0, center: { x: 250, y: 100, z: 0 }, rx: 20, ry: 30 }, 'e1'),
      ann(
        'box',
        'car',
        [
          { x: 20, y: 20, z: 0 },
          { x: 140, y: 60, z: 0 },
        ],
        'b1',
      ),
    ]);
    await selectOnly(layer, 'e1');
    await realDrag(...centre(handle(layer, 'rx')), 399, OY + 100, 5);
    expect(lastEdit(log).coordinates).toMatchObject({ center: { x: 250, y: 100 }, rx: 50, ry: 30 });
    // The box 120×40 near the top turned to 90°: it would reach 40 px above the image.
    await selectOnly(layer, 'b1');
    const [hx, hy] = centre(handle(layer, 'rot'));
    await realDrag(hx, hy, ...at(300, 40), 6);
    const b = lastEdit(log);
    expect(b.coordinates[2]).toBeCloseTo(90, 0);
    expect(b.coordinates[1].x - b.coordinates[0].x).toBeCloseTo(120, 6);
  });

  it('polygon, polyline and cuboid vertices, and a midpoint insert, stop at the edge', async () => {
    const cube = {
      front_tl: { x: 200, y: 40, z: 0 },
      front_tr: { x: 250, y: 40, z: 0 },
      front_br: { x: 250, y: 90, z: 0 },
      front_bl: { x: 200, y: 90, z: 0 },
      back_tl: { x: 215, y: 25, z: 0 },
      back_tr: { x: 265, y: 25, z: 0 },
      back_br: { x: 265, y: 75, z: 0 },
      back_bl: { x: 215, y: 75, z: 0 },
      angle: 0,
    };
    const { layer, log } = await mount([
      ann(
        'segment',
        'person',
        [
          [
            { x: 40, y: 120 },
            { x: 120, y: 120 },
            { x: 80, y: 180 },
          ],
        ],
        'p1',
      ),
      ann(
        'polyline',
        'car',
        [
          [
            { x: 150, y: 150 },
            { x: 200, y: 180 },
          ],
        ],
        'l1',
      ),
      ann('cube', 'sign', cube, 'c1'),
    ]);
    await selectOnly(layer, 'p1');
    await realDrag(...centre(handle(layer, 'v:2')), ...at(60, 260), 5);
    expect(lastEdit(log).coordinates[0][2]).toEqual({ x: 60, y: H });
    await layer.updateComplete;
    await realDrag(...centre(handle(layer, 'm:0')), ...at(80, -50), 5);
    const ring = lastEdit(log).coordinates[0];
    expect(ring.length).toBe(4);
    expect(ring[1]).toEqual({ x: 80, y: 0 });
    await selectOnly(layer, 'l1');
    await realDrag(...centre(handle(layer, 'v:1')), 398, 298, 5);
    expect(lastEdit(log).coordinates[0][1]).toEqual({ x: W, y: H });
    await selectOnly(layer, 'c1');
    await realDrag(...centre(handle(layer, 'v:5')), 399, OY + 2, 5);
    const c = lastEdit(log).coordinates;
    expect(c.back_tr.x).toBe(W);
    expect(c.back_tr.y).toBeCloseTo(2, 6);
  });
});
