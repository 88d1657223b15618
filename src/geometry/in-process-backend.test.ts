// Node: importing the geometry layer registers the in-process backend; entity-level calls go through it.
import { describe, expect, it } from 'vitest';
import { getGeometryBackend } from '../entities/geometry-backend.js';
import './index.js';
import { DlGeometryError } from './errors.js';
import { Polygon } from '../entities/annotations/index.js';
import { codecFixture, decodeRle, segmentationCases, toPairs } from '../../test/fixtures/geometry/fixtures.js';

describe('in-process backend (Node)', () => {
  it('is registered on import and matches native OpenCV through the seam', async () => {
    const b = getGeometryBackend();
    for (const c of segmentationCases) {
      const mask = decodeRle(c.mask);
      const run = c.runs[1]!;
      expect(
        (await b.polygonsFromSegmentation(mask, run.options)).map((p) => toPairs(p[0]!)),
        c.name,
      ).toEqual(run.polygons);
      expect(
        (await b.boxesFromSegmentation(mask)).map((x) => [x.left, x.top, x.right, x.bottom]),
        c.name,
      ).toEqual(c.boxes);
    }
    const { mask, color } = await b.decodeSegmentation(codecFixture.binary01.dataUrl);
    expect(color).toEqual([7, 8, 9, 255]);
    expect((await b.decodeSegmentation(await b.encodeSegmentation(mask, [7, 8, 9]))).mask.data).toEqual(mask.data);
  });
  it('honours an aborted signal and reports bad input as DlGeometryError', async () => {
    const b = getGeometryBackend();
    const ctl = new AbortController();
    ctl.abort();
    await expect(
      b.polygonsFromSegmentation({ width: 1, height: 1, data: new Uint8Array(1) }, { signal: ctl.signal }),
    ).rejects.toThrow();
    await expect(b.polygonsFromSegmentation({ width: 2, height: 2, data: new Uint8Array(3) })).rejects.toBeInstanceOf(
      DlGeometryError,
    );
    await expect(b.maskFromPolygon([{ x: NaN, y: 0 }], 3, 3)).rejects.toBeInstanceOf(DlGeometryError);
    await expect(b.decodeSegmentation('data:image/png;base64,AAAA')).rejects.toBeInstanceOf(DlGeometryError);
  });
  it('Polygon.fromSegmentation resolves to an array for 0, 1 and many instances (real OpenCV)', async () => {
    // 20x12 mask with filled rectangles whose corners are known by hand; corners compared as sets.
    const W = 20;
    const H = 12;
    const fill = (data: Uint8Array, l: number, t: number, r: number, b: number) => {
      for (let y = t; y <= b; y++) for (let x = l; x <= r; x++) data[y * W + x] = 1;
    };
    const corners = (p: Polygon) => p.points.map((q) => `${q.x},${q.y}`).sort();
    const hand = (l: number, t: number, r: number, b: number) =>
      [`${l},${t}`, `${r},${t}`, `${r},${b}`, `${l},${b}`].sort();

    const none = await Polygon.fromSegmentation({ width: W, height: H, data: new Uint8Array(W * H) }, 'x');
    expect(none).toEqual([]);

    const data = new Uint8Array(W * H);
    fill(data, 2, 1, 7, 5); // 6x5, area (contour) 5*4 = 20
    const one = await Polygon.fromSegmentation({ width: W, height: H, data }, 'x');
    expect(Array.isArray(one)).toBe(true);
    expect(one).toHaveLength(1);
    expect(corners(one[0]!)).toEqual(hand(2, 1, 7, 5));

    fill(data, 10, 2, 18, 10); // 9x9, contour area 64: the largest
    fill(data, 1, 8, 3, 10); // 3x3, contour area 4: the smallest
    const many = await Polygon.fromSegmentation({ width: W, height: H, data }, 'x', { maxInstances: null });
    expect(many).toHaveLength(3);
    expect(many.map(corners)).toEqual([hand(10, 2, 18, 10), hand(2, 1, 7, 5), hand(1, 8, 3, 10)]);
    // Default maxInstances = 1: still an array, holding the largest instance only.
    const first = await Polygon.fromSegmentation({ width: W, height: H, data }, 'x');
    expect(first.map(corners)).toEqual([hand(10, 2, 18, 10)]);
  });
  it('OpenCV does not leave process-wide handlers behind', async () => {
    await getGeometryBackend().maskFromPolygon(
      [
        { x: 0, y: 0 },
        { x: 2, y: 2 },
        { x: 0, y: 2 },
      ],
      3,
      3,
    );
    const src = process.listeners('unhandledRejection').map((l) => String(l));
    expect(src.some((s) => s.includes('abort'))).toBe(false);
  });
});
