// Node: the OpenCV.js kernels against native OpenCV reference results (scripts/gen-geometry-fixtures.py).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type OpenCv } from '../opencv/load-opencv.js';
import { boxesFromSegmentation, polygonsFromSegmentation } from './from-segmentation.js';
import { maskFromPolygon } from './from-polygon.js';
import { masksFromInstanceMask } from './instance-mask.js';
import { numpyArgsort } from '../numpy-argsort.js';
import { DlGeometryError } from '../errors.js';
import {
  argsortCases,
  decodeRle,
  polygonCases,
  segmentationCases,
  toPairs,
} from '../../../test/fixtures/geometry/fixtures.js';

let cv: OpenCv;
beforeAll(async () => {
  ({ cv } = await loadOpenCv());
});

describe('numpy argsort port', () => {
  it.each(argsortCases.map((c, i) => [i, c] as const))('case %i matches numpy, ties included', (_, c) => {
    expect(Array.from(numpyArgsort(c.values))).toEqual(c.argsort);
  });
});

describe('polygonsFromSegmentation vs native OpenCV', () => {
  for (const c of segmentationCases) {
    it(`${c.name}`, () => {
      const mask = decodeRle(c.mask);
      for (const run of c.runs) {
        const got = polygonsFromSegmentation(cv, mask, run.options);
        expect(
          got.map((p) => toPairs(p[0]!)),
          JSON.stringify(run.options),
        ).toEqual(run.polygons);
        expect(got.every((p) => p.length === 1)).toBe(true);
        const holes = polygonsFromSegmentation(cv, mask, { ...run.options, holes: true });
        expect(
          holes.map((p) => p.map(toPairs)),
          `holes ${JSON.stringify(run.options)}`,
        ).toEqual(run.holes);
      }
      expect(boxesFromSegmentation(cv, mask).map((b) => [b.left, b.top, b.right, b.bottom])).toEqual(c.boxes);
    });
  }
  it('fixtures exercise what the issue asks (holes, ties > 16, single pixels, empty)', () => {
    const byName = Object.fromEntries(segmentationCases.map((c) => [c.name, c]));
    expect(byName['hole-island']!.runs[0]!.holes[0]!.length).toBe(2); // outer + hole
    expect(byName['ties-20']!.runs[1]!.polygons.length).toBe(21);
    expect(byName['single-pixels']!.runs[2]!.polygons.every((p) => p.length === 1)).toBe(true);
    expect(byName['empty']!.runs.every((r) => r.polygons.length === 0)).toBe(true);
  });
});

describe('maskFromPolygon vs native OpenCV', () => {
  for (const c of polygonCases) {
    it(c.name, () => {
      const m = maskFromPolygon(
        cv,
        c.points.map(([x, y]) => ({ x: x!, y: y! })),
        c.height,
        c.width,
      );
      expect(m.width).toBe(c.width);
      expect(Array.from(m.data)).toEqual(Array.from(decodeRle(c.mask).data));
    });
  }
});

describe('round trip mask -> polygons -> mask', () => {
  it('a filled square is reproduced exactly (pixel-centre vertices, boundary included)', () => {
    const mask = { width: 20, height: 20, data: new Uint8Array(400) };
    for (let y = 2; y <= 13; y++) for (let x = 4; x <= 15; x++) mask.data[y * 20 + x] = 1;
    const [poly] = polygonsFromSegmentation(cv, mask);
    expect(toPairs(poly![0]!)).toEqual([
      [4, 2],
      [4, 13],
      [15, 13],
      [15, 2],
    ]);
    expect(Array.from(maskFromPolygon(cv, poly![0]!, 20, 20).data)).toEqual(Array.from(mask.data));
  });
  it('every fixture blob without holes round-trips when epsilon is 0', () => {
    const c = segmentationCases.find((x) => x.name === 'ties-4')!;
    const mask = decodeRle(c.mask);
    const polys = polygonsFromSegmentation(cv, mask, { maxInstances: null, epsilon: 0 });
    const acc = new Uint8Array(mask.data.length);
    for (const p of polys) maskFromPolygon(cv, p[0]!, mask.height, mask.width).data.forEach((v, i) => (acc[i] |= v));
    expect(Array.from(acc)).toEqual(Array.from(mask.data));
  });
});

describe('masksFromInstanceMask', () => {
  it('one mask per mapped id present, map order, unmapped ids ignored', () => {
    const data = new Uint8Array([0, 1, 1, 3, 2, 0, 7, 3]);
    const out = masksFromInstanceMask({ width: 4, height: 2, data }, { dog: 3, cat: 1, bird: 9, zero: 0 });
    expect(out.map((o) => o.label)).toEqual(['dog', 'cat', 'zero']);
    expect(Array.from(out[0]!.mask.data)).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(out[2]!.mask.data)).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
  });
});

describe('bad input is a typed error', () => {
  const bad = (f: () => unknown, code: string) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DlGeometryError);
      expect((e as DlGeometryError).code).toBe(code);
      return;
    }
    throw new Error('did not throw');
  };
  it('length mismatch, 0x0, NaN vertex, bad options', () => {
    bad(() => polygonsFromSegmentation(cv, { width: 3, height: 3, data: new Uint8Array(8) }), 'invalid-mask');
    bad(() => polygonsFromSegmentation(cv, { width: 0, height: 0, data: new Uint8Array(0) }), 'empty-mask');
    bad(
      () => polygonsFromSegmentation(cv, { width: 2, height: 1, data: [1, 0] as unknown as Uint8Array }),
      'invalid-mask',
    );
    bad(
      () =>
        maskFromPolygon(
          cv,
          [
            { x: 1, y: NaN },
            { x: 2, y: 2 },
          ],
          4,
          4,
        ),
      'invalid-vertex',
    );
    bad(() => maskFromPolygon(cv, [], 4, 4), 'invalid-argument');
    bad(
      () => polygonsFromSegmentation(cv, { width: 1, height: 1, data: new Uint8Array(1) }, { maxInstances: -1 }),
      'invalid-argument',
    );
    // and the kernels still work afterwards
    expect(
      polygonsFromSegmentation(cv, { width: 3, height: 3, data: new Uint8Array([1, 1, 0, 1, 1, 0, 0, 0, 0]) }),
    ).toHaveLength(1);
  });
});
