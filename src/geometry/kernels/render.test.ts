// Node: rendering to MASK / INSTANCE / OBJECT_ID against native OpenCV drawing (scripts/gen-geometry-fixtures.py).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type OpenCv } from '../opencv/load-opencv.js';
import { renderAnnotations } from './render.js';
import { DlGeometryError } from '../errors.js';
import { decodeRle, renderFixture } from '../../../test/fixtures/geometry/fixtures.js';

let cv: OpenCv;
beforeAll(async () => {
  ({ cv } = await loadOpenCv());
});

describe('renderAnnotations vs native cv2 drawing', () => {
  const { width, height, annotations } = renderFixture;
  renderFixture.renders.forEach((c, i) => {
    it(`#${i} ${c.kind} thickness=${c.thickness} alpha=${c.alpha}`, () => {
      const anns = c.skipCube ? annotations.filter((a) => a.type !== 'cube') : annotations;
      const out = renderAnnotations(cv, anns, {
        kind: c.kind,
        width,
        height,
        colorMap: c.colorMap,
        instanceMap: c.instanceMap,
        thickness: c.thickness,
        alpha: c.alpha,
      });
      const want = decodeRle(c.canvas).data;
      expect(out.data.length).toBe(want.length);
      let diff = 0;
      for (let k = 0; k < want.length; k++) if (out.data[k] !== want[k]) diff++;
      expect(diff).toBe(0);
    });
  });
  it('the fixture really has anti-aliased values (box/point AA) on the object-id canvas', () => {
    const c = renderFixture.renders.find((r) => r.kind === 'object_id')!;
    const vals = new Set(decodeRle(c.canvas).data);
    const ids = new Set(annotations.map((a) => Number(a.metadata?.system?.objectId)));
    expect([...vals].some((v) => v !== 0 && !ids.has(v))).toBe(true);
  });
  it('object_id without an objectId is a typed error', () => {
    expect(() =>
      renderAnnotations(cv, [{ type: 'point', label: 'a', coordinates: { x: 1, y: 1 } }], {
        kind: 'object_id',
        width: 4,
        height: 4,
      }),
    ).toThrow(DlGeometryError);
    expect(() =>
      renderAnnotations(cv, [{ type: 'point', label: 'a', coordinates: { x: NaN, y: 1 } }], {
        kind: 'instance',
        width: 4,
        height: 4,
      }),
    ).toThrow(DlGeometryError);
  });
});
